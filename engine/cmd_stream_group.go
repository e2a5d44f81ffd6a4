package engine

import (
	"math"
	"strconv"
)

// Consumer group commands: XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER,
// DELCONSUMER, HELP), XACK, XPENDING, XCLAIM and XAUTOCLAIM. XREADGROUP is
// in cmd_stream_read.go; the group types in t_stream_group.go.

var xgroupHelp = []string{
	"CREATE <key> <groupname> <id|$> [option]",
	"    Create a new consumer group. Options are:",
	"    * MKSTREAM",
	"      Create the empty stream if it does not exist.",
	"    * ENTRIESREAD entries_read",
	"      Set the group's entries_read counter (internal use).",
	"CREATECONSUMER <key> <groupname> <consumer>",
	"    Create a new consumer in the specified group.",
	"DELCONSUMER <key> <groupname> <consumer>",
	"    Remove the specified consumer.",
	"DESTROY <key> <groupname>",
	"    Remove the specified group.",
	"SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
	"    Set the current group ID and entries_read counter.",
}

// XGROUP HELP
func cmdXgroupHelp(c *Ctx) { writeHelp(c, xgroupHelp) }

// errNoGroup is the NOGROUP reply naming a group of key.
func errNoGroup(c *Ctx, group, key []byte) {
	c.ErrText("NOGROUP No such consumer group '" + cstr(group, 1<<20) + "' for key name '" + cstr(key, 1<<20) + "'")
}

// errNoKeyOrGroup is the NOGROUP reply of XPENDING, XCLAIM and XAUTOCLAIM.
func errNoKeyOrGroup(c *Ctx, key, group []byte) {
	c.ErrText("NOGROUP No such key '" + cstr(key, 1<<20) + "' or consumer group '" + cstr(group, 1<<20) + "'")
}

// xgroupTarget is what every XGROUP subcommand but HELP works on.
type xgroupTarget struct {
	en          *Entry
	s           *Stream
	g           *streamGroup
	mkstream    bool
	entriesRead int64
}

// xgroupLookup does the checks xgroupCommand makes before dispatching:
// CREATE's and SETID's options, the key (which must exist unless
// MKSTREAM), and the group for the subcommands that need one.
func xgroupLookup(c *Ctx, needGroup bool) (t xgroupTarget, ok bool) {
	t.entriesRead = streamInvalidRead
	sub := c.Args[1]
	create, setid := EqualFold(cstrBytes(sub), "create"), EqualFold(cstrBytes(sub), "setid")
	for i := 5; i < len(c.Args); {
		opt := cstrBytes(c.Args[i])
		switch {
		case create && EqualFold(opt, "mkstream"):
			t.mkstream = true
			i++
		case (create || setid) && EqualFold(opt, "entriesread") && i+1 < len(c.Args):
			n, ok := c.intArg(c.Args[i+1])
			if !ok {
				return t, false
			}
			if n < 0 && n != streamInvalidRead {
				c.Err(ErrStreamEntriesRead)
				return t, false
			}
			t.entriesRead = n
			i += 2
		default:
			c.Err(ErrUnknownSubcommandOrArgs(sub, c.Args[0]))
			return t, false
		}
	}
	key, group := c.Args[2], c.Args[3]
	if t.en, t.s, ok = streamWrite(c, key); !ok {
		return t, false
	}
	if t.mkstream {
		return t, true
	}
	if t.s == nil {
		c.Err(ErrXgroupNoKey)
		return t, false
	}
	t.g = t.s.group(group)
	if t.g == nil && needGroup {
		errNoGroup(c, group, key)
		return t, false
	}
	return t, true
}

// XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD entries-read]
func cmdXgroupCreate(c *Ctx) {
	t, ok := xgroupLookup(c, false)
	if !ok {
		return
	}
	if len(c.Args) > 8 {
		c.Err(ErrUnknownSubcommandOrArgs(c.Args[1], c.Args[0]))
		return
	}
	key, group := c.Args[2], c.Args[3]
	var id StreamID
	if arg := cstrBytes(c.Args[4]); len(arg) == 1 && arg[0] == '$' {
		if t.s != nil {
			id = t.s.lastID
		}
	} else if id, ok = c.streamIDArg(c.Args[4], streamIDParse{strict: true}); !ok {
		return
	}
	if t.s == nil {
		t.s = newStream()
		c.DB.AddEntry(key, "", t.s, 0) // signals the key, as dbAdd and signalModifiedKey
	}
	if t.s.createGroup(group, id, t.entriesRead) == nil {
		c.Err(ErrBusyGroup)
		return
	}
	c.OK()
	streamDirty(c, 1)
	c.E.Notify(c.DB, NotifyStream, "xgroup-create", key)
}

// XGROUP SETID key group id|$ [ENTRIESREAD entries-read]
func cmdXgroupSetid(c *Ctx) {
	t, ok := xgroupLookup(c, true)
	if !ok {
		return
	}
	if len(c.Args) != 5 && len(c.Args) != 7 {
		c.Err(ErrUnknownSubcommandOrArgs(c.Args[1], c.Args[0]))
		return
	}
	var id StreamID
	if arg := cstrBytes(c.Args[4]); len(arg) == 1 && arg[0] == '$' {
		id = t.s.lastID
	} else if id, ok = c.streamIDArg(c.Args[4], streamIDParse{}); !ok {
		return
	}
	t.g.lastID, t.g.entriesRead = id, t.entriesRead
	c.OK()
	streamDirty(c, 1)
	c.E.Notify(c.DB, NotifyStream, "xgroup-setid", c.Args[2])
}

// XGROUP DESTROY key group
func cmdXgroupDestroy(c *Ctx) {
	t, ok := xgroupLookup(c, false)
	if !ok {
		return
	}
	if t.g == nil {
		c.WriteInt(0)
		return
	}
	delete(t.s.groups, t.g.name)
	c.WriteInt(1)
	streamDirty(c, 1)
	key := c.Args[2]
	c.E.Notify(c.DB, NotifyStream, "xgroup-destroy", key)
	// Readers parked on the group get NOGROUP.
	t.s.wakeups++
	if c.E.blocked != nil {
		c.E.signalReady(c.DB, t.en.key)
	}
}

// XGROUP CREATECONSUMER key group consumer
func cmdXgroupCreateconsumer(c *Ctx) {
	t, ok := xgroupLookup(c, true)
	if !ok {
		return
	}
	if t.g.addConsumer(c.Args[4], c.E.Now()) == nil {
		c.WriteInt(0)
		return
	}
	streamDirty(c, 1)
	c.E.Notify(c.DB, NotifyStream, "xgroup-createconsumer", c.Args[2])
	c.WriteInt(1)
}

// XGROUP DELCONSUMER key group consumer: the number of entries that were
// pending for the consumer.
func cmdXgroupDelconsumer(c *Ctx) {
	t, ok := xgroupLookup(c, true)
	if !ok {
		return
	}
	var pending int64
	if cons := t.g.consumer(c.Args[4], -1); cons != nil {
		pending = t.g.deleteConsumer(cons)
		streamDirty(c, 1)
		c.E.Notify(c.DB, NotifyStream, "xgroup-delconsumer", c.Args[2])
	}
	c.WriteInt(pending)
}

// groupRead looks up key's stream and its group: g is nil when either is
// missing; ok is false after replying WRONGTYPE.
func groupRead(c *Ctx, key, group []byte) (s *Stream, g *streamGroup, ok bool) {
	if s, ok = streamRead(c, key); s != nil {
		g = s.group(group)
	}
	return s, g, ok
}

// XACK key group id [id ...]
func cmdXack(c *Ctx) {
	_, g, ok := groupRead(c, c.Args[1], c.Args[2])
	if !ok {
		return
	}
	if g == nil {
		c.WriteInt(0)
		return
	}
	ids, ok := c.strictIDArgs(c.Args[3:])
	if !ok {
		return
	}
	var acked int64
	for _, id := range ids {
		if nack := g.pel.get(id); nack != nil {
			g.pel.delete(id)
			nack.consumer.pel.delete(id)
			acked++
		}
	}
	streamDirty(c, acked)
	c.WriteInt(acked)
}

// XPENDING key group [[IDLE min-idle-time] start end count [consumer]]
func cmdXpending(c *Ctx) {
	args := c.Args
	summary := len(args) == 3
	if !summary && (len(args) < 6 || len(args) > 9) {
		c.Err(ErrSyntax)
		return
	}
	var start, end StreamID
	var count, minIdle int64
	var consumerName []byte
	if !summary {
		at := 3
		if EqualFold(cstrBytes(args[3]), "idle") {
			n, ok := c.intArg(args[4])
			if !ok {
				return
			}
			minIdle = n
			if len(args) < 8 {
				c.Err(ErrSyntax)
				return
			}
			at += 2
		}
		n, ok := c.intArg(args[at+2])
		if !ok {
			return
		}
		count = max(n, 0)
		if start, ok = parseRangeID(c, args[at], 0, true); !ok {
			return
		}
		if end, ok = parseRangeID(c, args[at+1], math.MaxUint64, false); !ok {
			return
		}
		if at+3 < len(args) {
			consumerName = args[at+3]
		}
	}
	_, g, ok := groupRead(c, args[1], args[2])
	if !ok {
		return
	}
	if g == nil {
		errNoKeyOrGroup(c, args[1], args[2])
		return
	}
	if summary {
		c.WriteArray(4)
		c.WriteInt(int64(g.pel.Len()))
		first, last, any := g.pel.bounds()
		if !any {
			c.WriteNull()
			c.WriteNull()
			c.WriteNullArray()
			return
		}
		writeStreamID(c, first)
		writeStreamID(c, last)
		var owners []*streamConsumer
		for _, cons := range g.sortedConsumers() {
			if cons.pel.Len() > 0 {
				owners = append(owners, cons)
			}
		}
		c.WriteArray(len(owners))
		for _, cons := range owners {
			c.WriteArray(2)
			c.WriteBulkString(cons.name)
			c.WriteBulk(strconv.AppendInt(nil, int64(cons.pel.Len()), 10))
		}
		return
	}
	list := g.pel
	if consumerName != nil {
		cons := g.consumer(consumerName, -1)
		if cons == nil {
			c.WriteArray(0)
			return
		}
		list = cons.pel
	}
	now := c.E.Now()
	var rows []*streamNACK
	if count > 0 {
		list.ascend(start, func(n *streamNACK) bool {
			if end.Less(n.id) {
				return false
			}
			if minIdle != 0 && now-n.deliveryTime < minIdle {
				return true
			}
			rows = append(rows, n)
			return int64(len(rows)) < count
		})
	}
	c.WriteArray(len(rows))
	for _, n := range rows {
		c.WriteArray(4)
		writeStreamID(c, n.id)
		c.WriteBulkString(n.consumer.name)
		c.WriteInt(max(now-n.deliveryTime, 0))
		c.WriteInt(n.deliveryCount)
	}
}

// claimTo makes nack pending for cons, delivered at time at; the delivery
// count is set to retry when it is not negative, else incremented unless
// justID.
func claimTo(nack *streamNACK, cons *streamConsumer, at, retry int64, justID bool) {
	if nack.consumer != cons && nack.consumer != nil {
		nack.consumer.pel.delete(nack.id)
	}
	nack.deliveryTime = at
	switch {
	case retry >= 0:
		nack.deliveryCount = retry
	case !justID:
		nack.deliveryCount++
	}
	if nack.consumer != cons {
		cons.pel.set(nack)
		nack.consumer = cons
	}
}

// dropNACK removes a pending entry whose stream entry is gone, which
// propagates as an XCLAIM of it.
func dropNACK(c *Ctx, key, group []byte, g *streamGroup, nack *streamNACK) {
	propagateXclaim(c, key, group, g, nack.id, nack)
	streamDirty(c, 1)
	g.pel.delete(nack.id)
	nack.consumer.pel.delete(nack.id)
}

// XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-ms] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID id]
func cmdXclaim(c *Ctx) {
	args := c.Args
	key, group := args[1], args[2]
	s, g, ok := groupRead(c, key, group)
	if !ok {
		return
	}
	if g == nil {
		errNoKeyOrGroup(c, key, group)
		return
	}
	minIdle, ok := c.intArgOr(args[4], ErrXclaimMinIdle)
	if !ok {
		return
	}
	minIdle = max(minIdle, 0)
	var ids []StreamID
	j := 5
	for ; j < len(args); j++ {
		id, _, ok := parseStreamID(args[j], streamIDParse{strict: true})
		if !ok {
			break
		}
		ids = append(ids, id)
	}
	now := c.E.Now()
	var lastID StreamID
	retry, deliveryTime := int64(-1), int64(-1)
	force, justID := false, false
	for ; j < len(args); j++ {
		more := len(args) - 1 - j
		opt := cstrBytes(args[j])
		switch {
		case EqualFold(opt, "force"):
			force = true
		case EqualFold(opt, "justid"):
			justID = true
		case EqualFold(opt, "idle") && more > 0:
			j++
			n, ok := c.intArgOr(args[j], ErrXclaimIdle)
			if !ok {
				return
			}
			deliveryTime = now - n
		case EqualFold(opt, "time") && more > 0:
			j++
			n, ok := c.intArgOr(args[j], ErrXclaimTime)
			if !ok {
				return
			}
			deliveryTime = n
		case EqualFold(opt, "retrycount") && more > 0:
			j++
			n, ok := c.intArgOr(args[j], ErrXclaimRetryCount)
			if !ok {
				return
			}
			retry = n
		case EqualFold(opt, "lastid") && more > 0:
			j++
			if lastID, ok = c.streamIDArg(args[j], streamIDParse{strict: true}); !ok {
				return
			}
		default:
			c.ErrText("ERR Unrecognized XCLAIM option '" + cstr(args[j], 1<<20) + "'")
			return
		}
	}
	propagateLastID := false
	if g.lastID.Less(lastID) {
		g.lastID = lastID
		propagateLastID = true
	}
	if deliveryTime < 0 || deliveryTime > now {
		deliveryTime = now
	}
	var cons *streamConsumer
	var claimed []*streamNACK
	for _, id := range ids {
		nack := g.pel.get(id)
		if _, ok := s.find(id); !ok {
			if nack != nil {
				dropNACK(c, key, group, g, nack)
				propagateLastID = false
			}
			continue
		}
		if force && nack == nil {
			nack = &streamNACK{id: id}
			g.pel.set(nack)
		}
		if nack == nil {
			continue
		}
		if nack.consumer != nil && minIdle != 0 && now-nack.deliveryTime < minIdle {
			continue
		}
		if cons == nil {
			cons = groupConsumer(c, g, key, group, args[3], false)
		}
		claimTo(nack, cons, deliveryTime, retry, justID)
		claimed = append(claimed, nack)
		propagateXclaim(c, key, group, g, id, nack)
		propagateLastID = false
		streamDirty(c, 1)
	}
	if propagateLastID {
		propagateGroupID(c, key, group, g)
		streamDirty(c, 1)
	}
	writeClaimed(c, s, claimed, justID)
	c.PreventPropagation()
}

// XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]
func cmdXautoclaim(c *Ctx) {
	args := c.Args
	key, group := args[1], args[2]
	minIdle, ok := c.intArgOr(args[4], ErrXautoclaimMinIdle)
	if !ok {
		return
	}
	minIdle = max(minIdle, 0)
	start, ok := parseRangeID(c, args[5], 0, true)
	if !ok {
		return
	}
	count := int64(100)
	justID := false
	for j := 6; j < len(args); j++ {
		opt := cstrBytes(args[j])
		switch {
		case EqualFold(opt, "count") && j+1 < len(args):
			// Redis bounds COUNT so count*10 attempts cannot overflow.
			n, ok := parseInt(args[j+1])
			if !ok || n < 1 || n > math.MaxInt64/16 {
				c.Err(ErrXautoclaimCount)
				return
			}
			count = n
			j++
		case EqualFold(opt, "justid"):
			justID = true
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	s, g, ok := groupRead(c, key, group)
	if !ok {
		return
	}
	if g == nil {
		errNoKeyOrGroup(c, key, group)
		return
	}
	// Redis allocates room for count deleted IDs up front and fails
	// when the system cannot give it (heuristic overcommit refuses more
	// than the machine's memory).
	if sys := systemMemory(); sys > 0 && count > sys/16 {
		c.Err(ErrXautoclaimMemory)
		return
	}
	now := c.E.Now()
	// At most ten entries are looked at per entry asked for; the reply's
	// cursor is the first entry not looked at (0-0 when none is left).
	// Claiming and dropping change only entries already looked at, so the
	// walk can be taken first.
	attempts := count * 10
	var walk []*streamNACK
	g.pel.ascend(start, func(n *streamNACK) bool {
		walk = append(walk, n)
		return int64(len(walk)) <= attempts
	})
	var cons *streamConsumer
	var claimed []*streamNACK
	var gone []StreamID
	i := 0
	for ; i < len(walk) && int64(i) < attempts && count > 0; i++ {
		nack := walk[i]
		if _, ok := s.find(nack.id); !ok {
			dropNACK(c, key, group, g, nack)
			gone = append(gone, nack.id)
			count--
			continue
		}
		if minIdle != 0 && now-nack.deliveryTime < minIdle {
			continue
		}
		if cons == nil {
			cons = groupConsumer(c, g, key, group, args[3], false)
		}
		claimTo(nack, cons, now, -1, justID)
		claimed = append(claimed, nack)
		count--
		propagateXclaim(c, key, group, g, nack.id, nack)
		streamDirty(c, 1)
	}
	next := minStreamID
	if i < len(walk) {
		next = walk[i].id
	}
	c.WriteArray(3)
	writeStreamID(c, next)
	writeClaimed(c, s, claimed, justID)
	c.WriteArray(len(gone))
	for _, id := range gone {
		writeStreamID(c, id)
	}
	c.PreventPropagation()
}

// writeClaimed replies the claimed entries: their IDs with JUSTID, else
// the entries.
func writeClaimed(c *Ctx, s *Stream, claimed []*streamNACK, justID bool) {
	c.WriteArray(len(claimed))
	for _, nack := range claimed {
		if justID {
			writeStreamID(c, nack.id)
		} else {
			e, _ := s.find(nack.id) // claimed entries exist
			writeStreamEntry(c, e)
		}
	}
}
