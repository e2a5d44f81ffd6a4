package engine

import (
	"crypto/sha256"
	"crypto/subtle"
	"math"
)

// PING [message]: PONG, or the message as a bulk string. In RESP2
// subscribed mode Redis answers ["pong", message] instead.
func cmdPing(c *Ctx) {
	if len(c.Args) > 2 {
		c.Err(ErrWrongArgs("ping"))
		return
	}
	if c.Client.Proto == 2 && c.Client.Subscriptions > 0 {
		c.WriteArray(2)
		c.WriteBulkString("pong")
		if len(c.Args) == 2 {
			c.WriteBulk(c.Args[1])
		} else {
			c.WriteBulkString("")
		}
		return
	}
	if len(c.Args) == 2 {
		c.WriteBulk(c.Args[1])
		return
	}
	c.WriteStatus(StatusPong)
}

// ECHO message.
func cmdEcho(c *Ctx) { c.WriteBulk(c.Args[1]) }

// SELECT index. The index is read as a C int first, so a non-integer and an
// integer outside int32 get different errors than an unknown database.
func cmdSelect(c *Ctx) {
	n, ok := parseInt(c.Args[1])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	if n < math.MinInt32 || n > math.MaxInt32 {
		c.Err(ErrValueNotInt32Span)
		return
	}
	if n < 0 || n >= int64(len(c.E.dbs)) {
		c.Err(ErrDBIndex)
		return
	}
	c.SelectDB(int(n))
	c.OK()
}

// QUIT: reply OK, then close once the reply is flushed.
func cmdQuit(c *Ctx) {
	c.OK()
	c.Client.CloseAfterReply = true
}

// defaultUser is the only user: requirepass is its password.
const defaultUser = "default"

// checkCredentials reports whether user/pass log in. Only the default user
// exists; without requirepass it takes any password. Passwords are compared
// as hashes in constant time, so neither their content nor their length
// leaks through timing.
func (e *Engine) checkCredentials(user, pass []byte) bool {
	if string(user) != defaultUser {
		return false
	}
	if e.Config.RequirePass == "" {
		return true
	}
	want := sha256.Sum256([]byte(e.Config.RequirePass))
	got := sha256.Sum256(pass)
	return subtle.ConstantTimeCompare(want[:], got[:]) == 1
}

// login authenticates cl as user/pass and reports success. A failed
// attempt leaves an earlier login in place, as in Redis.
func (c *Ctx) login(user, pass []byte) bool {
	if !c.E.checkCredentials(user, pass) {
		return false
	}
	c.Client.User = defaultUser
	c.Client.Authed.Store(true)
	return true
}

// setProto switches the client to RESP version p, including the writer of
// the reply being written, so a command's own reply already uses it.
func (c *Ctx) setProto(p int) {
	c.Client.Proto = p
	if w, ok := c.Writer.(interface{ SetProto(int) }); ok {
		w.SetProto(p)
	}
}

// AUTH [username] password.
func cmdAuth(c *Ctx) {
	if len(c.Args) > 3 {
		c.Err(ErrSyntax)
		return
	}
	user, pass := []byte(defaultUser), c.Args[1]
	if len(c.Args) == 2 {
		if c.E.Config.RequirePass == "" {
			c.Err(ErrAuthNoPassword)
			return
		}
	} else {
		user, pass = c.Args[1], c.Args[2]
	}
	if !c.login(user, pass) {
		c.Err(ErrWrongPass)
		return
	}
	c.OK()
}

// HELLO [protover [AUTH username password] [SETNAME clientname]]. Options
// take effect one by one as in Redis: a SETNAME before a failing check has
// already renamed the client. The protocol switches only once everything
// succeeded, and the reply is written in the new protocol.
func cmdHello(c *Ctx) {
	ver := 0
	next := 1
	if len(c.Args) >= 2 {
		n, ok := parseInt(c.Args[1])
		if !ok {
			c.Err(ErrProtoVersion)
			return
		}
		if n < 2 || n > 3 {
			c.Err(ErrNoProto)
			return
		}
		ver = int(n)
		next = 2
	}
	for j := next; j < len(c.Args); j++ {
		more := len(c.Args) - 1 - j
		opt := c.Args[j]
		switch {
		case EqualFold(opt, "auth") && more >= 2:
			if !c.login(c.Args[j+1], c.Args[j+2]) {
				c.Err(ErrWrongPass)
				return
			}
			j += 2
		case EqualFold(opt, "setname") && more >= 1:
			if !validClientName(c.Args[j+1]) {
				c.Err(ErrClientName)
				return
			}
			c.Client.Name = string(c.Args[j+1])
			j++
		default:
			c.Err(ErrHelloOption(opt))
			return
		}
	}
	// Redis tests the client's own flag here, not whether a password is
	// currently required: a client that connected while requirepass was
	// set must still log in even after it was cleared.
	if !c.Client.Authed.Load() {
		c.Err(ErrHelloNoAuth)
		return
	}
	if ver != 0 {
		c.setProto(ver)
	}
	c.WriteMap(7)
	c.WriteBulkString("server")
	c.WriteBulkString("redis")
	c.WriteBulkString("version")
	c.WriteBulkString(RedisVersion)
	c.WriteBulkString("proto")
	c.WriteInt(int64(c.Client.Proto))
	c.WriteBulkString("id")
	c.WriteInt(c.Client.ID)
	c.WriteBulkString("mode")
	c.WriteBulkString("standalone")
	c.WriteBulkString("role")
	c.WriteBulkString("master")
	c.WriteBulkString("modules")
	c.WriteArray(0)
}

// RESET: make the connection look newly connected, as Redis 7.0 does:
// SELECT 0, RESP2, logged out when a password is set, no name, replies on.
// The layers above (MULTI/WATCH, pubsub) clear their state in the OnReset
// hooks. Like Redis 7.0 (unlike 7.2), CLIENT NO-EVICT is left as it is, and
// a reply suppressed by CLIENT REPLY SKIP stays suppressed.
func cmdReset(c *Ctx) {
	cl := c.Client
	c.SelectDB(0)
	c.setProto(2)
	cl.User = defaultUser
	cl.Authed.Store(c.E.Config.RequirePass == "")
	cl.Name = ""
	cl.Reply = ReplyOn
	c.E.stopMonitor(cl)
	for _, fn := range c.E.resetHooks {
		fn(cl)
	}
	// The pubsub hook has dropped the subscriptions themselves.
	cl.Subscriptions, cl.SubChannels, cl.SubPatterns, cl.SubShard = 0, 0, 0, 0
	if !cl.skipping {
		cl.unsilence()
	}
	c.WriteStatus(statusReset)
}

// statusReset is RESET's reply.
const statusReset = "RESET"
