package engine

import "strconv"

// Client types, as CLIENT LIST TYPE and CLIENT KILL TYPE name them. luakv
// has no replication links, so no client is ever a master or a replica.
const (
	clientNormal = iota
	clientReplica
	clientPubSub
	clientMaster
)

// parseClientType reads a client type name in any case ("slave" is the old
// name of "replica").
func parseClientType(b []byte) (int, bool) {
	b = []byte(cstr(b, len(b)))
	switch {
	case EqualFold(b, "normal"):
		return clientNormal, true
	case EqualFold(b, "slave"), EqualFold(b, "replica"):
		return clientReplica, true
	case EqualFold(b, "pubsub"):
		return clientPubSub, true
	case EqualFold(b, "master"):
		return clientMaster, true
	}
	return 0, false
}

// kind is cl's client type: pubsub while it has subscriptions in either
// protocol, normal otherwise.
func (cl *Client) kind() int {
	if cl.Subscriptions > 0 {
		return clientPubSub
	}
	return clientNormal
}

// validClientName reports whether name is usable as a client name: only
// printable ASCII without spaces, so CLIENT LIST stays splittable on spaces.
// The empty name is valid and means "no name".
func validClientName(name []byte) bool {
	for _, b := range name {
		if b < '!' || b > '~' {
			return false
		}
	}
	return true
}

// CLIENT ID.
func cmdClientID(c *Ctx) { c.WriteInt(c.Client.ID) }

// CLIENT SETNAME name ("" removes the name).
func cmdClientSetName(c *Ctx) {
	if !validClientName(c.Args[2]) {
		c.Err(ErrClientName)
		return
	}
	c.Client.Name = string(c.Args[2])
	c.OK()
}

// CLIENT GETNAME: the name, or null when none is set.
func cmdClientGetName(c *Ctx) {
	if c.Client.Name == "" {
		c.WriteNull()
		return
	}
	c.WriteBulkString(c.Client.Name)
}

// CLIENT INFO: the caller's CLIENT LIST line.
func cmdClientInfo(c *Ctx) {
	b := c.appendClientInfo(nil, c.Client)
	c.WriteVerbatim("txt", append(b, '\n'))
}

// CLIENT LIST [TYPE type | ID id [id ...]]. Unknown IDs are skipped; a
// repeated ID is listed again.
func cmdClientList(c *Ctx) {
	var b []byte
	switch {
	case len(c.Args) == 4 && EqualFold(c.Args[2], "type"):
		typ, ok := parseClientType(c.Args[3])
		if !ok {
			c.Err(ErrUnknownClientType(c.Args[3]))
			return
		}
		for _, cl := range c.E.Clients() {
			if cl.kind() == typ {
				b = append(c.appendClientInfo(b, cl), '\n')
			}
		}
	case len(c.Args) > 3 && EqualFold(c.Args[2], "id"):
		for _, arg := range c.Args[3:] {
			id, ok := parseInt(arg)
			if !ok {
				c.Err(ErrInvalidClientID)
				return
			}
			if cl := c.E.lookupClient(id); cl != nil {
				b = append(c.appendClientInfo(b, cl), '\n')
			}
		}
	case len(c.Args) == 2:
		for _, cl := range c.E.Clients() {
			b = append(c.appendClientInfo(b, cl), '\n')
		}
	default:
		c.Err(ErrSyntax)
		return
	}
	c.WriteVerbatim("txt", b)
}

// clientBaseMem stands for the fixed per-client memory in tot-mem: Redis
// 7.0 reports 1800 bytes for an idle client.
const clientBaseMem = 1800

// appendClientInfo appends cl's CLIENT LIST line (without the newline),
// with Redis 7.0's fields in Redis 7.0's order. Buffer figures describe
// luakv's own buffers; an idle client shows none, as an idle Redis client
// does once its buffers were released.
func (c *Ctx) appendClientInfo(b []byte, cl *Client) []byte {
	self := cl == c.Client
	inMulti, dirty, queued, multiMem := false, false, 0, 0
	if m, ok := cl.Multi.(MultiInfo); ok {
		inMulti, dirty, queued, multiMem = m.MultiInfo()
	}
	qbuf, qfree, argvMem, rbs, rbp := 0, 0, 0, 0, 0
	lastCmd := cl.LastCmd
	if self {
		if w, ok := c.Writer.(*RespWriter); ok {
			rbs, rbp = cap(w.Buf), len(w.Buf)
		}
		// The running command counts as still in the query buffer, as in
		// Redis, which trims it only after the command ran.
		qbuf, qfree = cl.QueryBuf+requestLen(c.Args), cl.QueryBufFree
		for _, a := range c.Args {
			argvMem += len(a)
		}
		if c.Cmd != nil {
			lastCmd = c.Cmd.Name
		}
	}
	if lastCmd == "" {
		lastCmd = "NULL"
	}
	nowSec := c.E.Now() / 1000

	b = append(b, "id="...)
	b = strconv.AppendInt(b, cl.ID, 10)
	b = append(b, " addr="...)
	b = append(b, cl.Addr...)
	b = append(b, " laddr="...)
	b = append(b, cl.LAddr...)
	b = append(b, " fd="...)
	b = strconv.AppendInt(b, int64(cl.FD), 10)
	b = append(b, " name="...)
	b = append(b, cl.Name...)
	b = append(b, " age="...)
	b = strconv.AppendInt(b, nowSec-cl.Created/1000, 10)
	b = append(b, " idle="...)
	b = strconv.AppendInt(b, nowSec-cl.LastInteraction/1000, 10)
	b = append(b, " flags="...)
	n := len(b)
	if cl.monitor {
		b = append(b, 'O')
	}
	if cl.Subscriptions > 0 {
		b = append(b, 'P')
	}
	if inMulti {
		b = append(b, 'x')
	}
	if cl.IsBlocked() {
		b = append(b, 'b')
	}
	if dirty {
		b = append(b, 'd')
	}
	if cl.CloseAfterReply {
		b = append(b, 'c')
	}
	if cl.NoEvict {
		b = append(b, 'e')
	}
	if len(b) == n {
		b = append(b, 'N')
	}
	b = append(b, " db="...)
	b = strconv.AppendInt(b, int64(cl.DB), 10)
	b = appendField(b, " sub=", cl.SubChannels)
	b = appendField(b, " psub=", cl.SubPatterns)
	b = appendField(b, " ssub=", cl.SubShard)
	if inMulti {
		b = appendField(b, " multi=", queued)
	} else {
		b = append(b, " multi=-1"...)
	}
	b = appendField(b, " qbuf=", qbuf)
	b = appendField(b, " qbuf-free=", qfree)
	b = appendField(b, " argv-mem=", argvMem)
	b = appendField(b, " multi-mem=", multiMem)
	b = appendField(b, " rbs=", rbs)
	b = appendField(b, " rbp=", rbp)
	b = append(b, " obl=0 oll=0 omem=0"...)
	b = appendField(b, " tot-mem=", clientBaseMem+qbuf+qfree+argvMem+multiMem+rbs)
	b = append(b, " events=r cmd="...)
	b = append(b, lastCmd...)
	b = append(b, " user="...)
	b = append(b, cl.User...)
	b = append(b, " redir=-1 resp="...)
	return strconv.AppendInt(b, int64(cl.Proto), 10)
}

func appendField(b []byte, name string, v int) []byte {
	b = append(b, name...)
	return strconv.AppendInt(b, int64(v), 10)
}

// requestLen is the size of args sent as a RESP multibulk request.
func requestLen(args [][]byte) int {
	n := 1 + decimalLen(len(args)) + 2
	for _, a := range args {
		n += 1 + decimalLen(len(a)) + 2 + len(a) + 2
	}
	return n
}

func decimalLen(n int) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}

// CLIENT KILL ip:port, or CLIENT KILL [ID id] [TYPE type] [ADDR ip:port]
// [LADDR ip:port] [USER name] [SKIPME yes|no] ... The old form may kill the
// caller and answers OK or an error; the new form skips the caller unless
// SKIPME no and answers the count. Filters combine with AND; a repeated
// filter replaces the earlier value. Other clients are freed at once; the
// caller is closed after its reply.
func cmdClientKill(c *Ctx) {
	var addr, laddr []byte
	var id int64
	typ, hasType, hasUser, skipMe := 0, false, false, true
	if len(c.Args) == 3 {
		addr, skipMe = c.Args[2], false
	} else {
		for i := 2; i < len(c.Args); i += 2 {
			opt, more := c.Args[i], i+1 < len(c.Args)
			if !more {
				c.Err(ErrSyntax)
				return
			}
			val := c.Args[i+1]
			switch {
			case EqualFold(opt, "id"):
				n, ok := parseInt(val)
				if !ok || n < 1 {
					c.Err(ErrClientIDPositive)
					return
				}
				id = n
			case EqualFold(opt, "type"):
				t, ok := parseClientType(val)
				if !ok {
					c.Err(ErrUnknownClientType(val))
					return
				}
				typ, hasType = t, true
			case EqualFold(opt, "addr"):
				addr = val
			case EqualFold(opt, "laddr"):
				laddr = val
			case EqualFold(opt, "user"):
				if string(val) != defaultUser {
					c.Err(ErrNoSuchUser(val))
					return
				}
				hasUser = true
			case EqualFold(opt, "skipme"):
				switch {
				case EqualFold(val, "yes"):
					skipMe = true
				case EqualFold(val, "no"):
					skipMe = false
				default:
					c.Err(ErrSyntax)
					return
				}
			default:
				c.Err(ErrSyntax)
				return
			}
		}
	}
	// Addresses are compared as C strings, up to a NUL byte.
	addrS, laddrS := cstr(addr, len(addr)), cstr(laddr, len(laddr))
	killed, killSelf := 0, false
	for _, cl := range c.E.Clients() {
		switch {
		case addr != nil && cl.Addr != addrS,
			laddr != nil && cl.LAddr != laddrS,
			hasType && cl.kind() != typ,
			id != 0 && cl.ID != id,
			hasUser && cl.User != defaultUser,
			cl == c.Client && skipMe:
			continue
		}
		if cl == c.Client {
			killSelf = true
		} else {
			c.E.killClient(cl)
		}
		killed++
	}
	switch {
	case len(c.Args) != 3:
		c.WriteInt(int64(killed))
	case killed == 0:
		c.Err(ErrNoSuchClient)
	default:
		c.OK()
	}
	if killSelf {
		c.Client.CloseAfterReply = true
	}
}

// CLIENT REPLY ON|OFF|SKIP. OFF and SKIP answer nothing; ON answers OK even
// when it runs under a SKIP. SKIP while OFF changes nothing. Inside EXEC the
// replies written before OFF (or after ON) still go out, as in Redis.
func cmdClientReply(c *Ctx) {
	cl := c.Client
	switch arg := c.Args[2]; {
	case EqualFold(arg, "on"):
		// A SKIP set earlier in the same EXEC still applies to the next
		// command, as in Redis, where ON leaves the skip-next flag alone.
		if cl.Reply == ReplyOff {
			cl.Reply = ReplyOn
		}
		cl.skipping = false
		cl.unsilence()
		c.OK()
	case EqualFold(arg, "off"):
		cl.Reply = ReplyOff
		cl.silence()
	case EqualFold(arg, "skip"):
		if cl.Reply != ReplyOff {
			cl.Reply = ReplySkip
		}
	default:
		c.Err(ErrSyntax)
	}
}

// CLIENT NO-EVICT ON|OFF. luakv has no client eviction; the flag is kept
// and shown (flag e) for compatibility.
func cmdClientNoEvict(c *Ctx) {
	switch arg := c.Args[2]; {
	case EqualFold(arg, "on"):
		c.Client.NoEvict = true
	case EqualFold(arg, "off"):
		c.Client.NoEvict = false
	default:
		c.Err(ErrSyntax)
		return
	}
	c.OK()
}

// clientHelp is CLIENT HELP's text, after its header line.
var clientHelp = []string{
	"CACHING (YES|NO)",
	"    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
	"GETREDIR",
	"    Return the client ID we are redirecting to when tracking is enabled.",
	"GETNAME",
	"    Return the name of the current connection.",
	"ID",
	"    Return the ID of the current connection.",
	"INFO",
	"    Return information about the current client connection.",
	"KILL <ip:port>",
	"    Kill connection made from <ip:port>.",
	"KILL <option> <value> [<option> <value> [...]]",
	"    Kill connections. Options are:",
	"    * ADDR (<ip:port>|<unixsocket>:0)",
	"      Kill connections made from the specified address",
	"    * LADDR (<ip:port>|<unixsocket>:0)",
	"      Kill connections made to specified local address",
	"    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
	"      Kill connections by type.",
	"    * USER <username>",
	"      Kill connections authenticated by <username>.",
	"    * SKIPME (YES|NO)",
	"      Skip killing current connection (default: yes).",
	"LIST [options ...]",
	"    Return information about client connections. Options:",
	"    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
	"      Return clients of specified type.",
	"UNPAUSE",
	"    Stop the current client pause, resuming traffic.",
	"PAUSE <timeout> [WRITE|ALL]",
	"    Suspend all, or just write, clients for <timeout> milliseconds.",
	"REPLY (ON|OFF|SKIP)",
	"    Control the replies sent to the current connection.",
	"SETNAME <name>",
	"    Assign the name <name> to the current connection.",
	"UNBLOCK <clientid> [TIMEOUT|ERROR]",
	"    Unblock the specified blocked client.",
	"TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
	"         [OPTIN] [OPTOUT] [NOLOOP]",
	"    Control server assisted client side caching.",
	"TRACKINGINFO",
	"    Report tracking status for the current connection.",
	"NO-EVICT (ON|OFF)",
	"    Protect current client connection from eviction.",
	"HELP",
	"    Prints this help.",
}

// CLIENT HELP: status lines, headed by the command name as typed,
// uppercased.
func cmdClientHelp(c *Ctx) {
	c.WriteArray(len(clientHelp) + 1)
	c.WriteStatus(upperASCII(c.Args[0]) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
	for _, l := range clientHelp {
		c.WriteStatus(l)
	}
}

// upperASCII uppercases ASCII letters, as C's toupper does byte by byte.
func upperASCII(b []byte) string {
	out := make([]byte, len(b))
	for i, x := range b {
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		out[i] = x
	}
	return string(out)
}
