package engine

import (
	"strconv"
	"time"
)

// XREAD and XREADGROUP: read the entries after given IDs from several
// streams, optionally blocking until one of them gets new entries.
//
// A blocked reader waits on its keys (blocking.go) and is retried when one
// is touched. Redis wakes stream readers only when entries are added, a
// stream key is created, overwritten or deleted, or a group destroyed; a
// retry that comes from any other change (XDEL, XTRIM ...) must leave the
// reader parked, so each stream counts the events that wake readers
// (Stream.wakeups) and the reader remembers what it saw when it parked.
// Served from a retry, the reply is Redis's: only the key that became
// ready, at most COUNT (default 1000) entries after the ID it waits after
// (a group's last delivered ID at that moment for XREADGROUP).

// xreadBlockedCount is how many entries a parked reader without COUNT is
// served (XREAD_BLOCKED_DEFAULT_COUNT).
const xreadBlockedCount = 1000

// xreadArgs are XREAD's and XREADGROUP's parsed arguments.
type xreadArgs struct {
	block    bool
	timeout  time.Duration
	count    int64
	keys     [][]byte
	idArgs   [][]byte
	group    []byte
	consumer []byte
	noack    bool
}

// xreadWait is what a parked reader keeps for its retries.
type xreadWait struct {
	after    map[string]StreamID // per key: the ID to read after (XREAD)
	seen     map[string]streamSeen
	count    int64
	group    []byte
	consumer []byte
	noack    bool
}

// streamSeen is a stream as a parked reader last saw it.
type streamSeen struct {
	s       *Stream
	wakeups uint64
}

// XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
func cmdXread(c *Ctx) { xreadGeneric(c, false) }

// XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]
func cmdXreadgroup(c *Ctx) { xreadGeneric(c, true) }

// parseXread parses the options as xreadCommand does; false after an
// error reply.
func parseXread(c *Ctx, group bool) (a xreadArgs, ok bool) {
	args := c.Args
	streamsAt := 0
	for i := 1; i < len(args); i++ {
		more := len(args) - i - 1
		opt := cstrBytes(args[i])
		switch {
		case EqualFold(opt, "block") && more > 0:
			if c.Client.ScriptClient {
				c.ErrText("ERR " + string(args[0]) + " command is not allowed with BLOCK option from scripts")
				return a, false
			}
			i++
			ms, ok := c.intArgOr(args[i], ErrTimeout)
			if !ok {
				return a, false
			}
			if ms < 0 {
				c.Err(ErrTimeoutNegative)
				return a, false
			}
			a.block = true
			a.timeout = time.Duration(min(ms, int64(1<<63-1)/int64(time.Millisecond))) * time.Millisecond
		case EqualFold(opt, "count") && more > 0:
			i++
			n, ok := c.intArg(args[i])
			if !ok {
				return a, false
			}
			a.count = max(n, 0)
		case EqualFold(opt, "streams") && more > 0:
			streamsAt = i + 1
			n := len(args) - streamsAt
			if n%2 != 0 {
				c.Err(ErrXreadUnbalanced)
				return a, false
			}
			a.keys, a.idArgs = args[streamsAt:streamsAt+n/2], args[streamsAt+n/2:]
			i = len(args)
		case EqualFold(opt, "group") && more >= 2:
			if !group {
				c.Err(ErrXreadGroupOption)
				return a, false
			}
			a.group, a.consumer = args[i+1], args[i+2]
			i += 2
		case EqualFold(opt, "noack"):
			if !group {
				c.Err(ErrXreadNoackOption)
				return a, false
			}
			a.noack = true
		default:
			c.Err(ErrSyntax)
			return a, false
		}
	}
	if streamsAt == 0 {
		c.Err(ErrSyntax)
		return a, false
	}
	if group && a.group == nil {
		c.Err(ErrXreadgroupMissingGroup)
		return a, false
	}
	return a, true
}

func xreadGeneric(c *Ctx, isGroup bool) {
	if w, ok := c.BlockData().(*xreadWait); ok {
		xreadRetry(c, w)
		return
	}
	a, ok := parseXread(c, isGroup)
	if !ok {
		return
	}
	n := len(a.keys)
	ids := make([]StreamID, n)
	var groups []*streamGroup
	if isGroup {
		groups = make([]*streamGroup, n)
	}
	for i, key := range a.keys {
		s, ok := streamRead(c, key)
		if !ok {
			return
		}
		if isGroup {
			var g *streamGroup
			if s != nil {
				g = s.group(a.group)
			}
			if g == nil {
				c.ErrText("NOGROUP No such key '" + cstr(key, 1<<20) + "' or consumer group '" +
					cstr(a.group, 1<<20) + "' in XREADGROUP with GROUP option")
				return
			}
			groups[i] = g
		}
		arg := cstrBytes(a.idArgs[i])
		switch {
		case len(arg) == 1 && arg[0] == '$':
			if isGroup {
				c.Err(ErrXreadgroupDollar)
				return
			}
			if s != nil {
				ids[i] = s.lastID
			}
		case len(arg) == 1 && arg[0] == '>':
			if !isGroup {
				c.Err(ErrXreadGreaterID)
				return
			}
			ids[i] = maxStreamID
		default:
			if ids[i], ok = c.streamIDArg(a.idArgs[i], streamIDParse{strict: true}); !ok {
				return
			}
		}
	}

	// Serve at once what can be served.
	type served struct {
		i       int
		s       *Stream
		start   StreamID
		history bool
	}
	var serve []served
	for i, key := range a.keys {
		s, _ := streamRead(c, key)
		if s == nil {
			continue
		}
		gt, history, now := ids[i], false, false
		switch {
		case isGroup && gt != maxStreamID:
			now, history = true, true
		case isGroup:
			if s.length > 0 && groups[i].lastID.Less(s.lastValidID()) {
				now, gt = true, groups[i].lastID
			}
		case s.length > 0:
			now = gt.Less(s.lastValidID())
		}
		if now {
			start, _ := gt.Next()
			serve = append(serve, served{i, s, start, history})
		}
	}
	if len(serve) > 0 {
		if c.Proto() == 2 {
			c.WriteArray(len(serve))
		} else {
			c.WriteMap(len(serve))
		}
		for _, sv := range serve {
			if c.Proto() == 2 {
				c.WriteArray(2)
			}
			key := a.keys[sv.i]
			c.WriteBulk(key)
			if !isGroup {
				streamReplyRange(c, c, sv.s, sv.start, a.count)
				continue
			}
			g := groups[sv.i]
			cons := groupConsumer(c, g, key, a.group, a.consumer, a.noack)
			if sv.history {
				streamReplyHistory(c, sv.s, cons, sv.start, a.count)
			} else {
				streamDeliver(c, c, sv.s, key, a.group, g, cons, sv.start, a.count, a.noack)
			}
			streamDirty(c, 1)
		}
		c.PreventPropagation()
		return
	}

	if !a.block {
		c.WriteNullArray()
		c.PreventPropagation()
		return
	}
	if !c.CanBlock() {
		c.WriteNullArray()
		c.PreventPropagation()
		return
	}
	w := &xreadWait{after: make(map[string]StreamID, n), seen: make(map[string]streamSeen, n),
		count: a.count, noack: a.noack}
	if w.count == 0 {
		w.count = xreadBlockedCount
	}
	if isGroup {
		w.group, w.consumer = append([]byte(nil), a.group...), append([]byte(nil), a.consumer...)
	}
	for i, key := range a.keys {
		k := string(key)
		if _, dup := w.after[k]; dup {
			continue // the first occurrence counts, as Redis's blockForKeys
		}
		w.after[k] = ids[i]
		s, _ := streamRead(c, key)
		w.seen[k] = streamSeen{s, s.wakeupCount()}
	}
	c.Block(a.keys, blockTimeout(c.E, a.timeout), func(wr Writer) { wr.WriteNullArray() })
	c.SetBlockData(w)
	c.PreventPropagation()
}

// blockTimeout bounds a timeout whose deadline Redis would overflow (then
// its client times out at once).
func blockTimeout(e *Engine, d time.Duration) time.Duration {
	if d > 0 && int64(d/time.Millisecond) > 1<<63-1-e.Now() {
		return time.Nanosecond
	}
	return d
}

// wakeupCount is s's count of events that wake parked readers; 0 for nil.
func (s *Stream) wakeupCount() uint64 {
	if s == nil {
		return 0
	}
	return s.wakeups
}

// xreadRetry serves a parked reader from the key that became ready, as
// Redis's serveClientsBlockedOnStreamKey, or parks it again.
func xreadRetry(c *Ctx, w *xreadWait) {
	key := c.retryKey()
	keyBytes := []byte(key)
	stay := func() { c.Block(nil, 0, nil) }
	en := c.DB.LookupNoNotify(keyBytes)
	s, isStream := (*Stream)(nil), false
	if en != nil {
		s, isStream = en.Obj.(*Stream)
	}
	if !isStream {
		if w.group != nil {
			c.Err(ErrXreadgroupKeyGone)
			return
		}
		stay()
		return
	}
	seen := w.seen[key]
	if seen.s == s && seen.wakeups == s.wakeups {
		stay() // not an event that wakes readers
		return
	}
	w.seen[key] = streamSeen{s, s.wakeups}
	gt := w.after[key]
	var g *streamGroup
	if w.group != nil {
		if g = s.group(w.group); g == nil {
			c.Err(ErrXreadgroupGroupGone)
			return
		}
		gt = g.lastID
	}
	if !gt.Less(s.lastID) {
		stay()
		return
	}
	start, _ := gt.Next()
	if c.Proto() == 2 {
		c.WriteArray(1)
		c.WriteArray(2)
	} else {
		c.WriteMap(1)
	}
	c.WriteBulk(keyBytes)
	if g == nil {
		streamReplyRange(c, c, s, start, w.count)
	} else {
		cons := groupConsumer(c, g, keyBytes, w.group, w.consumer, w.noack)
		streamDeliver(c, c, s, keyBytes, w.group, g, cons, start, w.count, w.noack)
	}
	c.PreventPropagation()
}

// groupConsumer finds or creates the reading consumer (a created one is
// announced; with NOACK its creation propagates as XGROUP
// CREATECONSUMER, since no XCLAIM will create it on a replica).
func groupConsumer(c *Ctx, g *streamGroup, key, group, name []byte, noack bool) *streamConsumer {
	now := c.E.Now()
	if cons := g.consumer(name, now); cons != nil {
		return cons
	}
	cons := g.addConsumer(name, now)
	streamDirty(c, 1)
	c.E.Notify(c.DB, NotifyStream, "xgroup-createconsumer", key)
	if noack {
		c.E.AlsoPropagate(c.DB.ID, [][]byte{[]byte("XGROUP"), []byte("CREATECONSUMER"), key, group, name})
	}
	return cons
}

// streamReplyRange writes the entries from start on (at most count, 0 for
// all) as an array.
func streamReplyRange(c *Ctx, w Writer, s *Stream, start StreamID, count int64) {
	var entries []streamEntry
	s.ascend(start, maxStreamID, func(e streamEntry) bool {
		entries = append(entries, e)
		return count == 0 || int64(len(entries)) < count
	})
	w.WriteArray(len(entries))
	for _, e := range entries {
		writeStreamEntry(w, e)
	}
}

// streamDeliver writes the entries from start on (at most count, 0 for
// all) to consumer cons of group g, as streamReplyWithRange does with a
// group: the group's last delivered ID and read counter advance, and
// unless noack each entry becomes pending for cons (taken from another
// consumer if XGROUP SETID made it deliverable again), which propagates
// as XCLAIM.
func streamDeliver(c *Ctx, w Writer, s *Stream, key, group []byte, g *streamGroup, cons *streamConsumer,
	start StreamID, count int64, noack bool) {
	var entries []streamEntry
	s.ascend(start, maxStreamID, func(e streamEntry) bool {
		entries = append(entries, e)
		return count == 0 || int64(len(entries)) < count
	})
	propagateLastID := false
	now := c.E.Now()
	w.WriteArray(len(entries))
	for _, e := range entries {
		if g.lastID.Less(e.id) {
			if g.entriesRead != streamInvalidRead && !s.rangeHasTombstones(e.id, maxStreamID) {
				g.entriesRead++
			} else if s.entriesAdded != 0 {
				g.entriesRead = streamInvalidRead
				if n, ok := s.estimateDistance(e.id); ok {
					g.entriesRead = n
				}
			}
			g.lastID = e.id
			propagateLastID = noack
		}
		writeStreamEntry(w, e)
		if noack {
			continue
		}
		nack := g.pel.get(e.id)
		if nack == nil {
			nack = &streamNACK{id: e.id, deliveryTime: now, deliveryCount: 1, consumer: cons}
			g.pel.set(nack)
			cons.pel.set(nack)
		} else {
			nack.consumer.pel.delete(e.id)
			nack.consumer, nack.deliveryTime, nack.deliveryCount = cons, now, 1
			cons.pel.set(nack)
		}
		propagateXclaim(c, key, group, g, e.id, nack)
	}
	if propagateLastID {
		propagateGroupID(c, key, group, g)
	}
}

// streamReplyHistory writes the entries pending for cons from start on
// (at most count, 0 for all): XREADGROUP with an ID other than ">". An
// entry deleted from the stream meanwhile is its ID and a null; a served
// one counts as delivered again.
func streamReplyHistory(c *Ctx, s *Stream, cons *streamConsumer, start StreamID, count int64) {
	var nacks []*streamNACK
	cons.pel.ascend(start, func(n *streamNACK) bool {
		nacks = append(nacks, n)
		return count == 0 || int64(len(nacks)) < count
	})
	now := c.E.Now()
	c.WriteArray(len(nacks))
	for _, n := range nacks {
		e, ok := s.find(n.id)
		if !ok {
			c.WriteArray(2)
			writeStreamID(c, n.id)
			c.WriteNullArray()
			continue
		}
		writeStreamEntry(c, e)
		n.deliveryTime = now
		n.deliveryCount++
	}
}

// propagateXclaim sends a delivery's effect on the pending list as the
// idempotent XCLAIM Redis propagates (streamPropagateXCLAIM).
func propagateXclaim(c *Ctx, key, group []byte, g *streamGroup, id StreamID, nack *streamNACK) {
	if !c.E.propagating() {
		return
	}
	c.E.AlsoPropagate(c.DB.ID, [][]byte{
		[]byte("XCLAIM"), key, group, []byte(nack.consumer.name), []byte("0"), id.AppendTo(nil),
		[]byte("TIME"), strconv.AppendInt(nil, nack.deliveryTime, 10),
		[]byte("RETRYCOUNT"), strconv.AppendInt(nil, nack.deliveryCount, 10),
		[]byte("FORCE"), []byte("JUSTID"), []byte("LASTID"), g.lastID.AppendTo(nil),
	})
}

// propagateGroupID sends a group's last delivered ID and read counter as
// XGROUP SETID (streamPropagateGroupID).
func propagateGroupID(c *Ctx, key, group []byte, g *streamGroup) {
	if !c.E.propagating() {
		return
	}
	c.E.AlsoPropagate(c.DB.ID, [][]byte{
		[]byte("XGROUP"), []byte("SETID"), key, group, g.lastID.AppendTo(nil),
		[]byte("ENTRIESREAD"), strconv.AppendInt(nil, g.entriesRead, 10),
	})
}
