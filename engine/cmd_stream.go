package engine

import (
	"strconv"

	"github.com/tidwall/redcon"
)

// Stream commands that add, read by range, delete and trim: XADD, XLEN,
// XRANGE, XREVRANGE, XDEL, XTRIM and XSETID. XREAD and XREADGROUP are in
// cmd_stream_read.go, the consumer group commands in cmd_stream_group.go,
// XINFO in cmd_stream_info.go; the value type in t_stream.go.
//
// Each handler follows its Redis counterpart's order of checks (argument
// parsing, key lookup, type check, work) and raises keyspace events where
// Redis does. Redis signals a modified key (WATCH, blocked readers) for the
// entry changes only; the group bookkeeping (XGROUP, XACK, XCLAIM,
// XREADGROUP's deliveries) and XSETID count as changes (they propagate) but
// do not touch the key, so they do not fail a WATCH.

// streamRead looks key up for reading: nil for a missing key, ok false
// after replying WRONGTYPE.
func streamRead(c *Ctx, key []byte) (s *Stream, ok bool) {
	_, s, ok = streamOf(c, c.DB.Lookup(key))
	return s, ok
}

// streamWrite looks key up for writing, like streamRead, and returns its
// entry too.
func streamWrite(c *Ctx, key []byte) (en *Entry, s *Stream, ok bool) {
	return streamOf(c, c.DB.LookupWrite(key))
}

func streamOf(c *Ctx, en *Entry) (*Entry, *Stream, bool) {
	if en == nil {
		return nil, nil, true
	}
	s, isStream := en.Obj.(*Stream)
	if !isStream {
		c.Err(ErrWrongType)
		return nil, nil, false
	}
	return en, s, true
}

// streamDirty counts n changes that do not touch the key (Redis's
// server.dirty without signalModifiedKey).
func streamDirty(c *Ctx, n int64) { c.E.stats.Dirty += n }

// writeStreamEntry replies one entry: its ID and its field-value pairs,
// read from the node's listpack as they are written.
func writeStreamEntry(w Writer, e streamEntry) {
	w.WriteArray(2)
	writeStreamID(w, e.id)
	n, lp := e.n, e.n.lp
	nf, same, q := e.body()
	w.WriteArray(int(2 * nf))
	for i := int64(0); i < nf; i++ {
		if same {
			w.WriteBulkString(n.masterFields[i])
		} else {
			q = writeListpackElement(w, lp, q)
		}
		q = writeListpackElement(w, lp, q)
	}
}

// writeListpackElement replies the element at p of lp as a bulk string and
// returns where the next element starts.
func writeListpackElement(w Writer, lp []byte, p int) int {
	v, s, isInt, next := lpDecode(lp, p)
	if !isInt {
		w.WriteBulk(s)
		return next
	}
	var buf [20]byte
	writeBulkDigits(w, strconv.AppendInt(buf[:0], v, 10))
	return next
}

// writeBulkDigits replies b, a short number formatted on the caller's
// stack: a RespWriter takes a copy without b escaping to the heap.
func writeBulkDigits(w Writer, b []byte) {
	if rw, ok := w.(*RespWriter); ok {
		rw.Buf = redcon.AppendBulk(rw.Buf, b)
		return
	}
	w.WriteBulk(append([]byte(nil), b...))
}

// xaddArgs are XADD's and XTRIM's parsed options.
type xaddArgs struct {
	trim       trimArgs
	trimming   bool
	trimIdx    int // the MAXLEN count's or MINID id's argument index
	id         StreamID
	idGiven    bool
	seqGiven   bool
	noMkstream bool
}

// parseXaddTrim parses the options of XADD (xadd true; then the ID ends
// them and its index is returned) or XTRIM, as
// streamParseAddOrTrimArgsOrReply does; -1 after an error reply.
func parseXaddTrim(c *Ctx, a *xaddArgs, xadd bool) int {
	args := c.Args
	i := 2
	limitGiven := false
	for ; i < len(args); i++ {
		more := len(args) - 1 - i
		opt := args[i]
		switch {
		case xadd && len(opt) >= 1 && opt[0] == '*' && (len(opt) == 1 || opt[1] == 0):
			goto parsed
		case (EqualFold(cstrBytes(opt), "maxlen") || EqualFold(cstrBytes(opt), "minid")) && more > 0:
			if a.trimming {
				c.Err(ErrStreamTrimBoth)
				return -1
			}
			byID := lower(opt[1]) == 'i'
			a.trim.approx = false
			if next := cstrBytes(args[i+1]); more >= 2 && len(next) == 1 && (next[0] == '~' || next[0] == '=') {
				a.trim.approx = next[0] == '~'
				i++
			}
			if byID {
				id, ok := c.streamIDArg(args[i+1], streamIDParse{strict: true})
				if !ok {
					return -1
				}
				a.trim.minID = id
			} else {
				n, ok := c.intArg(args[i+1])
				if !ok {
					return -1
				}
				if n < 0 {
					c.Err(ErrStreamMaxlenNegative)
					return -1
				}
				a.trim.maxLen = n
			}
			i++
			a.trim.byID, a.trimming, a.trimIdx = byID, true, i
		case EqualFold(cstrBytes(opt), "limit") && more > 0:
			n, ok := c.intArg(args[i+1])
			if !ok {
				return -1
			}
			if n < 0 {
				c.Err(ErrStreamLimitNegative)
				return -1
			}
			a.trim.limit, limitGiven = n, true
			i++
		case xadd && EqualFold(cstrBytes(opt), "nomkstream"):
			a.noMkstream = true
		case xadd:
			id, seqGiven, ok := parseStreamID(opt, streamIDParse{strict: true, seqAuto: true})
			if !ok {
				c.Err(ErrStreamID)
				return -1
			}
			a.id, a.seqGiven, a.idGiven = id, seqGiven, true
			goto parsed
		default:
			c.Err(ErrSyntax)
			return -1
		}
	}
parsed:
	if a.trim.limit != 0 && !a.trimming {
		c.Err(ErrStreamLimitNoTrim)
		return -1
	}
	if !xadd && !a.trimming {
		c.Err(ErrStreamXtrimNoStrategy)
		return -1
	}
	switch {
	case limitGiven && !a.trim.approx:
		c.Err(ErrStreamLimitNoApprox)
		return -1
	case limitGiven:
	case a.trim.approx:
		// Bound the work of an approximate trim to 100 nodes.
		a.trim.limit = 100 * c.E.Config.StreamNodeMaxEntries
		if a.trim.limit <= 0 {
			a.trim.limit = 10000
		}
		a.trim.limit = min(a.trim.limit, 1000000)
	default:
		a.trim.limit = 0
	}
	return i
}

// XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...]
func cmdXadd(c *Ctx) {
	var a xaddArgs
	idPos := parseXaddTrim(c, &a, true)
	if idPos < 0 {
		return
	}
	pairs := c.Args[idPos+1:]
	if len(pairs) < 2 || len(pairs)%2 == 1 {
		c.Err(ErrWrongArgs(c.Cmd.Name))
		return
	}
	if a.idGiven && a.seqGiven && a.id.IsZero() {
		c.Err(ErrStreamXaddZero)
		return
	}
	key := c.Args[1]
	en, s, ok := streamWrite(c, key)
	if !ok {
		return
	}
	created := s == nil
	if created {
		if a.noMkstream {
			c.WriteNull()
			return
		}
		s = newStream()
		en = c.DB.AddEntry(key, "", s, 0) // signals the key, as dbAdd
	}
	if s.lastID == maxStreamID {
		c.Err(ErrStreamExhausted)
		return
	}
	var id StreamID
	switch {
	case !a.idGiven:
		id = nextStreamID(s.lastID, uint64(c.E.Now()))
	case a.seqGiven:
		id = a.id
	case s.lastID.Ms == a.id.Ms:
		if s.lastID.Seq == maxStreamID.Seq {
			// Redis fails here without setting errno, so its reply is
			// the one for anything but a smaller ID.
			c.Err(ErrStreamTooLarge)
			return
		}
		id = StreamID{a.id.Ms, s.lastID.Seq + 1}
	default:
		id = a.id
	}
	if !s.lastID.Less(id) {
		c.Err(ErrStreamXaddSmaller)
		return
	}
	var total int64
	for _, p := range pairs {
		total += int64(len(p))
	}
	if total > streamListpackMax {
		c.Err(ErrStreamTooLarge)
		return
	}
	s.append(id, pairs, streamLimitsOf(c.E))
	s.wakeups++
	var idBuf [48]byte
	idText := id.AppendTo(idBuf[:0])
	c.WriteBulk(idText)
	if !created {
		c.DB.Modified(en)
	}
	c.E.Notify(c.DB, NotifyStream, "xadd", key)

	if a.trimming && s.trim(a.trim) > 0 {
		c.E.Notify(c.DB, NotifyStream, "xtrim", key)
	}
	// The effect names the ID generated and an approximate trim's result.
	approx, generated := a.trimming && a.trim.approx, !a.idGiven || !a.seqGiven
	if (approx || generated) && c.E.propagating() {
		prop := append([][]byte(nil), c.Args...)
		if approx {
			rewriteTrimArgs(prop, s, a)
		}
		if generated {
			prop[idPos] = append([]byte(nil), idText...)
		}
		c.PropagateAs(prop)
	}
}

// rewriteTrimArgs makes an approximate trim exact for propagation
// ("MAXLEN = <length now>", "MINID = <first ID now>"), so a replica or the
// AOF trims the same entries whatever its node layout.
func rewriteTrimArgs(args [][]byte, s *Stream, a xaddArgs) {
	args[a.trimIdx-1] = []byte("=")
	if a.trim.byID {
		args[a.trimIdx] = s.firstEntryID().AppendTo(nil)
	} else {
		args[a.trimIdx] = strconv.AppendInt(nil, s.length, 10)
	}
}

// XLEN key
func cmdXlen(c *Ctx) {
	s, ok := streamRead(c, c.Args[1])
	if !ok {
		return
	}
	if s == nil {
		c.WriteInt(0)
		return
	}
	c.WriteInt(s.length)
}

// parseRangeID parses an XRANGE-style bound: "-", "+", an ID (a missing
// sequence is missingSeq) or "(" and an ID for an exclusive bound, which is
// moved to the next (start) or previous (end) ID.
func parseRangeID(c *Ctx, b []byte, missingSeq uint64, start bool) (StreamID, bool) {
	b = cstrBytes(b)
	exclusive := len(b) > 1 && b[0] == '('
	if exclusive {
		b = b[1:]
	}
	id, ok := c.streamIDArg(b, streamIDParse{missingSeq: missingSeq, strict: exclusive})
	if !ok {
		return id, false
	}
	if !exclusive {
		return id, true
	}
	if start {
		if id, ok = id.Next(); !ok {
			c.Err(ErrStreamStartInterval)
		}
		return id, ok
	}
	if id, ok = id.Prev(); !ok {
		c.Err(ErrStreamEndInterval)
	}
	return id, ok
}

// XRANGE key start end [COUNT count]
func cmdXrange(c *Ctx) { xrangeGeneric(c, false) }

// XREVRANGE key end start [COUNT count]
func cmdXrevrange(c *Ctx) { xrangeGeneric(c, true) }

func xrangeGeneric(c *Ctx, rev bool) {
	startArg, endArg := c.Args[2], c.Args[3]
	if rev {
		startArg, endArg = endArg, startArg
	}
	start, ok := parseRangeID(c, startArg, 0, true)
	if !ok {
		return
	}
	end, ok := parseRangeID(c, endArg, maxStreamID.Seq, false)
	if !ok {
		return
	}
	count := int64(-1)
	for j := 4; j < len(c.Args); j++ {
		if !EqualFold(cstrBytes(c.Args[j]), "count") || j+1 >= len(c.Args) {
			c.Err(ErrSyntax)
			return
		}
		n, ok := c.intArg(c.Args[j+1])
		if !ok {
			return
		}
		count = max(n, 0)
		j++
	}
	s, ok := streamRead(c, c.Args[1])
	if !ok {
		return
	}
	if s == nil {
		c.WriteArray(0)
		return
	}
	if count == 0 {
		c.WriteNullArray()
		return
	}
	var entries []streamEntry
	collect := func(e streamEntry) bool {
		entries = append(entries, e)
		return count < 0 || int64(len(entries)) < count
	}
	if rev {
		s.descend(start, end, collect)
	} else {
		s.ascend(start, end, collect)
	}
	c.WriteArray(len(entries))
	for _, e := range entries {
		writeStreamEntry(c, e)
	}
}

// XDEL key id [id ...]
func cmdXdel(c *Ctx) {
	key := c.Args[1]
	en, s, ok := streamWrite(c, key)
	if !ok {
		return
	}
	if s == nil {
		c.WriteInt(0)
		return
	}
	ids, ok := c.strictIDArgs(c.Args[2:])
	if !ok {
		return
	}
	var deleted int64
	firstGone := false
	for _, id := range ids {
		if !s.remove(id) {
			continue
		}
		if id == s.firstID {
			firstGone = true
		}
		if s.maxDeletedID.Less(id) {
			s.maxDeletedID = id
		}
		deleted++
	}
	if deleted > 0 {
		if s.length == 0 {
			s.firstID = minStreamID
		} else if firstGone {
			s.firstID, _ = s.firstValidID()
		}
		c.DB.Modified(en)
		c.E.Notify(c.DB, NotifyStream, "xdel", key)
		streamDirty(c, deleted-1)
	}
	c.WriteInt(deleted)
}

// XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]
func cmdXtrim(c *Ctx) {
	var a xaddArgs
	if parseXaddTrim(c, &a, false) < 0 {
		return
	}
	key := c.Args[1]
	en, s, ok := streamWrite(c, key)
	if !ok {
		return
	}
	if s == nil {
		c.WriteInt(0)
		return
	}
	deleted := s.trim(a.trim)
	if deleted > 0 {
		c.E.Notify(c.DB, NotifyStream, "xtrim", key)
		if a.trim.approx && c.E.propagating() {
			prop := append([][]byte(nil), c.Args...)
			rewriteTrimArgs(prop, s, a)
			c.PropagateAs(prop)
		}
		c.DB.Modified(en)
		streamDirty(c, deleted-1)
	}
	c.WriteInt(deleted)
}

// XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]
func cmdXsetid(c *Ctx) {
	id, ok := c.streamIDArg(c.Args[2], streamIDParse{strict: true})
	if !ok {
		return
	}
	entriesAdded := int64(-1)
	var maxDeleted StreamID
	for i := 3; i < len(c.Args); i += 2 {
		opt := cstrBytes(c.Args[i])
		more := len(c.Args) - 1 - i
		switch {
		case EqualFold(opt, "entriesadded") && more > 0:
			n, ok := c.intArg(c.Args[i+1])
			if !ok {
				return
			}
			if n < 0 {
				c.Err(ErrStreamEntriesAddedNegative)
				return
			}
			entriesAdded = n
		case EqualFold(opt, "maxdeletedid") && more > 0:
			if maxDeleted, ok = c.streamIDArg(c.Args[i+1], streamIDParse{strict: true}); !ok {
				return
			}
			if id.Less(maxDeleted) {
				c.Err(ErrStreamSetidBelowMaxDeleted)
				return
			}
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	key := c.Args[1]
	_, s, ok := streamWrite(c, key)
	if !ok {
		return
	}
	if s == nil {
		c.Err(ErrNoSuchKey)
		return
	}
	if s.length > 0 {
		if id.Less(s.lastValidID()) {
			c.Err(ErrStreamSetidSmaller)
			return
		}
		if entriesAdded != -1 && s.length > entriesAdded {
			c.Err(ErrStreamSetidEntriesAdded)
			return
		}
	}
	s.lastID = id
	if entriesAdded != -1 {
		s.entriesAdded = entriesAdded
	}
	if !maxDeleted.IsZero() {
		s.maxDeletedID = maxDeleted
	}
	c.OK()
	streamDirty(c, 1)
	c.E.Notify(c.DB, NotifyStream, "xsetid", key)
}
