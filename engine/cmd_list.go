package engine

import "bytes"

// List commands that push, pop and move elements: LPUSH, RPUSH, LPUSHX,
// RPUSHX, LPOP, RPOP, LMPOP, LMOVE and RPOPLPUSH. The commands that read
// or edit elements in place are in cmd_list_edit.go, the value type in
// t_list.go.
//
// The pop and move steps are package functions taking a Ctx so that the
// blocking variants (BLPOP, BRPOP, BLMPOP, BLMOVE, BRPOPLPUSH) can serve a
// client with exactly the replies, events and deletions of their
// non-blocking counterparts:
//
//   - listPopReply: pop one element, reply it as a bulk string
//   - listPopRangeReply: pop up to count elements, reply them as an array
//   - listMPopReply: LMPOP's [key, [elements]] reply and pop
//   - listMoveReply: LMOVE's pop, push, reply and events once the source
//     is known to be a non-empty list
//   - listPush: push values onto a key, creating it if needed

// asList returns en's value as a list; ok is false for another type.
func asList(en *Entry) (*List, bool) {
	l, ok := en.Obj.(*List)
	return l, ok
}

// listLookup returns the list at key (nil if missing); write selects a
// write lookup (no hit/miss stats). ok is false after it replied
// WRONGTYPE.
func listLookup(c *Ctx, key []byte, write bool) (*Entry, *List, bool) {
	var en *Entry
	if write {
		en = c.DB.LookupWrite(key)
	} else {
		en = c.DB.Lookup(key)
	}
	if en == nil {
		return nil, nil, true
	}
	l, ok := asList(en)
	if !ok {
		c.Err(ErrWrongType)
		return nil, nil, false
	}
	return en, l, true
}

// listSetDirty makes the changes counter d0+n, the count Redis adds for the
// command (one per element written or removed), whatever number of
// key-modified hooks the keyspace calls on the way.
func listSetDirty(c *Ctx, d0 int64, n int) { c.E.stats.Dirty = d0 + int64(n) }

// listPushEvent is the keyspace event for a push at the head or tail.
func listPushEvent(left bool) string {
	if left {
		return "lpush"
	}
	return "rpush"
}

// listPopEvent is the keyspace event for a pop at the head or tail.
func listPopEvent(left bool) string {
	if left {
		return "lpop"
	}
	return "rpop"
}

// listPush pushes vals, in order, at the head (left) or tail of the list
// en (nil: a new list is created at key), calls the key-modified hook and
// returns the list. It neither replies nor raises the push event.
func listPush(c *Ctx, key []byte, en *Entry, l *List, vals [][]byte, left bool) *List {
	if en == nil {
		l = newList(c.E.Config.ListMaxListpackSize, c.E.Config.ListCompressDepth)
		l.PushAll(vals, left)
		// The list is complete before the key appears, so the hook never
		// sees an empty list.
		c.DB.SetObject(key, l, false)
		return l
	}
	l.PushAll(vals, left)
	c.DB.Modified(en)
	return l
}

// pushGeneric implements LPUSH, RPUSH and (onlyExisting) LPUSHX, RPUSHX.
func pushGeneric(c *Ctx, left, onlyExisting bool) {
	key := c.Args[1]
	en, l, ok := listLookup(c, key, true)
	if !ok {
		return
	}
	if en == nil && onlyExisting {
		c.WriteInt(0)
		return
	}
	d0 := c.E.stats.Dirty
	l = listPush(c, key, en, l, c.Args[2:], left)
	listSetDirty(c, d0, len(c.Args)-2)
	c.WriteInt(int64(l.Len()))
	c.E.Notify(c.DB, NotifyList, listPushEvent(left), key)
}

// LPUSH key element [element ...]
func cmdLPush(c *Ctx) { pushGeneric(c, true, false) }

// RPUSH key element [element ...]
func cmdRPush(c *Ctx) { pushGeneric(c, false, false) }

// LPUSHX key element [element ...]
func cmdLPushX(c *Ctx) { pushGeneric(c, true, true) }

// RPUSHX key element [element ...]
func cmdRPushX(c *Ctx) { pushGeneric(c, false, true) }

// listRemoved finishes a pop of n elements from the list en at key: the pop
// event, the deletion of the key (with its "del" event) once the list is
// empty, the key-modified hook and the changes counter.
func listRemoved(c *Ctx, key []byte, en *Entry, l *List, left bool, n int, d0 int64) {
	c.E.Notify(c.DB, NotifyList, listPopEvent(left), key)
	if l.Len() == 0 {
		c.DB.Delete(key)
		c.E.Notify(c.DB, NotifyGeneric, "del", key)
	} else {
		c.DB.Modified(en)
	}
	listSetDirty(c, d0, n)
}

// listPopReply pops one element from the head (left) or tail of the
// non-empty list en at key and replies it as a bulk string, with the pop
// event and the deletion of an emptied key.
func listPopReply(c *Ctx, key []byte, en *Entry, l *List, left bool) {
	d0 := c.E.stats.Dirty
	c.WriteBulk(l.Peek(left))
	l.Pop(left)
	listRemoved(c, key, en, l, left, 1, d0)
}

// listPopRangeReply pops up to count (> 0) elements from the head (left)
// or tail of the non-empty list en at key and replies them as an array in
// pop order, with the pop event and the deletion of an emptied key.
func listPopRangeReply(c *Ctx, key []byte, en *Entry, l *List, left bool, count int64) {
	d0 := c.E.stats.Dirty
	n := int(min(count, int64(l.Len())))
	if left {
		listReplyRange(c, l, 0, n, false)
		l.TrimFront(n)
	} else {
		listReplyRange(c, l, l.Len()-1, n, true)
		l.TrimBack(n)
	}
	listRemoved(c, key, en, l, left, n, d0)
}

// listMPopReply is LMPOP's reply for the non-empty list en at key: the key
// and an array of up to count popped elements.
func listMPopReply(c *Ctx, key []byte, en *Entry, l *List, left bool, count int64) {
	c.WriteArray(2)
	c.WriteBulk(key)
	listPopRangeReply(c, key, en, l, left, count)
}

// popGeneric implements LPOP and RPOP: key [count].
func popGeneric(c *Ctx, left bool) {
	if len(c.Args) > 3 {
		c.Err(ErrWrongArgs(c.Cmd.Name))
		return
	}
	hasCount := len(c.Args) == 3
	var count int64
	if hasCount {
		n, ok := parseInt(c.Args[2])
		if !ok || n < 0 {
			c.Err(ErrPositiveInteger)
			return
		}
		count = n
	}
	key := c.Args[1]
	en, l, ok := listLookup(c, key, true)
	if !ok {
		return
	}
	if en == nil {
		if hasCount {
			c.WriteNullArray()
		} else {
			c.WriteNull()
		}
		return
	}
	switch {
	case !hasCount:
		listPopReply(c, key, en, l, left)
	case count == 0:
		c.WriteArray(0)
	default:
		listPopRangeReply(c, key, en, l, left, count)
	}
}

// LPOP key [count]
func cmdLPop(c *Ctx) { popGeneric(c, true) }

// RPOP key [count]
func cmdRPop(c *Ctx) { popGeneric(c, false) }

// parseListEnd parses LEFT or RIGHT (any case); it replies a syntax error
// for anything else.
func parseListEnd(c *Ctx, arg []byte) (left, ok bool) {
	switch {
	case EqualFold(arg, "left"):
		return true, true
	case EqualFold(arg, "right"):
		return false, true
	}
	c.Err(ErrSyntax)
	return false, false
}

// listMoveReply moves one element from the head (fromLeft) or tail of the
// non-empty list src (entry srcEn at srcKey) to the head (toLeft) or tail
// of the list at dstKey, creating it if missing, and replies the element.
// Events come in Redis's order: the push on the destination, then the pop
// on the source and its "del" if it was emptied. It returns false, having
// replied WRONGTYPE and changed nothing, when dstKey holds another type.
func listMoveReply(c *Ctx, srcKey []byte, srcEn *Entry, src *List, dstKey []byte, fromLeft, toLeft bool) bool {
	dstEn, dst, ok := listLookup(c, dstKey, true)
	if !ok {
		return false
	}
	d0 := c.E.stats.Dirty
	v := src.Peek(fromLeft)
	if dst == src {
		// Pushing back onto the same node could overwrite the bytes v
		// still points to.
		v = bytes.Clone(v)
	}
	src.Pop(fromLeft)
	listPush(c, dstKey, dstEn, dst, [][]byte{v}, toLeft)
	c.E.Notify(c.DB, NotifyList, listPushEvent(toLeft), dstKey)
	c.WriteBulk(v)
	c.E.Notify(c.DB, NotifyList, listPopEvent(fromLeft), srcKey)
	if src.Len() == 0 {
		c.DB.Delete(srcKey)
		c.E.Notify(c.DB, NotifyGeneric, "del", srcKey)
	} else {
		c.DB.Modified(srcEn)
	}
	listSetDirty(c, d0, 1)
	return true
}

// lmoveGeneric implements LMOVE and RPOPLPUSH once the ends are known.
func lmoveGeneric(c *Ctx, fromLeft, toLeft bool) {
	en, l, ok := listLookup(c, c.Args[1], true)
	if !ok {
		return
	}
	if en == nil {
		c.WriteNull()
		return
	}
	listMoveReply(c, c.Args[1], en, l, c.Args[2], fromLeft, toLeft)
}

// LMOVE source destination LEFT|RIGHT LEFT|RIGHT
func cmdLMove(c *Ctx) {
	if from, to, ok := parseMoveEnds(c); ok {
		lmoveGeneric(c, from, to)
	}
}

// parseMoveEnds parses the LEFT|RIGHT LEFT|RIGHT of LMOVE and BLMOVE.
func parseMoveEnds(c *Ctx) (from, to, ok bool) {
	if from, ok = parseListEnd(c, c.Args[3]); !ok {
		return
	}
	to, ok = parseListEnd(c, c.Args[4])
	return
}

// RPOPLPUSH source destination
func cmdRPopLPush(c *Ctx) { lmoveGeneric(c, false, true) }

// parseMPopArgs parses the arguments of LMPOP (numkeysIdx 1) or BLMPOP
// (numkeysIdx 2) from numkeys on: the keys, the end to pop from and the
// count (1 unless COUNT is given). It replies the error when ok is false.
func parseMPopArgs(c *Ctx, numkeysIdx int) (keys [][]byte, left bool, count int64, ok bool) {
	numkeys, valid := parseInt(c.Args[numkeysIdx])
	if !valid || numkeys < 1 {
		c.Err(ErrNumkeysPositive)
		return nil, false, 0, false
	}
	whereIdx := int64(numkeysIdx) + numkeys + 1
	if numkeys >= int64(len(c.Args)) || whereIdx >= int64(len(c.Args)) {
		c.Err(ErrSyntax)
		return nil, false, 0, false
	}
	if left, ok = parseListEnd(c, c.Args[whereIdx]); !ok {
		return nil, false, 0, false
	}
	count = -1
	for j := int(whereIdx) + 1; j < len(c.Args); j++ {
		if count == -1 && EqualFold(c.Args[j], "count") && j+1 < len(c.Args) {
			j++
			n, valid := parseInt(c.Args[j])
			if !valid || n < 1 {
				c.Err(ErrCountPositive)
				return nil, false, 0, false
			}
			count = n
			continue
		}
		c.Err(ErrSyntax)
		return nil, false, 0, false
	}
	if count == -1 {
		count = 1
	}
	return c.Args[numkeysIdx+1 : whereIdx], left, count, true
}

// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]: pops from the first
// non-empty list among the keys; a null array when there is none.
func cmdLMPop(c *Ctx) {
	keys, left, count, ok := parseMPopArgs(c, 1)
	if !ok {
		return
	}
	for _, key := range keys {
		en, l, ok := listLookup(c, key, true)
		if !ok {
			return
		}
		if en == nil {
			continue
		}
		listMPopReply(c, key, en, l, left, count)
		return
	}
	c.WriteNullArray()
}

// listReplyRange replies an array of the n elements from element s
// (0 <= s < Len) towards the tail, or towards the head when reverse. It
// walks the nodes directly: LRANGE and counted pops spend their time here.
func listReplyRange(c *Ctx, l *List, s, n int, reverse bool) {
	c.WriteArray(n)
	if n == 0 {
		return
	}
	ni, k := l.locate(s)
	nd := l.node(ni)
	p := nd.offsetOf(k)
	if !reverse {
		for {
			buf, hi := nd.buf, nd.hi
			for ; p < hi; n-- {
				if n == 0 {
					return
				}
				var v []byte
				v, p = readEntry(buf, p)
				c.WriteBulk(v)
			}
			if n == 0 {
				return
			}
			ni++
			nd = l.node(ni)
			p = nd.lo
		}
	}
	p = skipEntry(nd.buf, p)
	for {
		buf, lo := nd.buf, nd.lo
		for ; p > lo; n-- {
			if n == 0 {
				return
			}
			var v []byte
			v, p = readEntryBack(buf, p)
			c.WriteBulk(v)
		}
		if n == 0 {
			return
		}
		ni--
		nd = l.node(ni)
		p = nd.hi
	}
}
