package engine

import "bytes"

// List commands that read elements or edit them in place: LLEN, LRANGE,
// LINDEX, LSET, LINSERT, LREM, LTRIM and LPOS. As in Redis, each parses its
// numeric arguments either before or after looking the key up, which
// decides the reply for a missing key with a bad argument.

// LLEN key
func cmdLLen(c *Ctx) {
	en, l, ok := listLookup(c, c.Args[1], false)
	if !ok {
		return
	}
	if en == nil {
		c.WriteInt(0)
		return
	}
	c.WriteInt(int64(l.Len()))
}

// LRANGE key start stop
func cmdLRange(c *Ctx) {
	start, ok1 := parseInt(c.Args[2])
	end, ok2 := parseInt(c.Args[3])
	if !ok1 || !ok2 {
		c.Err(ErrNotInteger)
		return
	}
	en, l, ok := listLookup(c, c.Args[1], false)
	if !ok {
		return
	}
	if en == nil {
		c.WriteArray(0)
		return
	}
	s, e, ok := listClampRange(start, end, l.Len())
	if !ok {
		c.WriteArray(0)
		return
	}
	listReplyRange(c, l, s, e-s+1, false)
}

// listIndex converts a LINDEX/LSET index (negative counting from the
// tail) into a position, or ok false when it is out of range.
func listIndex(idx int64, n int) (int, bool) {
	if idx < 0 {
		idx += int64(n)
	}
	if idx < 0 || idx >= int64(n) {
		return 0, false
	}
	return int(idx), true
}

// LINDEX key index: the key is looked up before the index is parsed, so a
// missing key answers null whatever the index.
func cmdLIndex(c *Ctx) {
	en, l, ok := listLookup(c, c.Args[1], false)
	if !ok {
		return
	}
	if en == nil {
		c.WriteNull()
		return
	}
	idx, ok := parseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	i, ok := listIndex(idx, l.Len())
	if !ok {
		c.WriteNull()
		return
	}
	c.WriteBulk(l.Index(i))
}

// LSET key index element
func cmdLSet(c *Ctx) {
	key := c.Args[1]
	en, l, ok := listLookup(c, key, true)
	if !ok {
		return
	}
	if en == nil {
		c.Err(ErrNoSuchKey)
		return
	}
	idx, ok := parseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	i, ok := listIndex(idx, l.Len())
	if !ok {
		c.Err(ErrIndexOutOfRange)
		return
	}
	d0 := c.E.stats.Dirty
	l.Set(i, c.Args[3])
	c.OK()
	c.DB.Modified(en)
	c.E.Notify(c.DB, NotifyList, "lset", key)
	listSetDirty(c, d0, 1)
}

// LINSERT key BEFORE|AFTER pivot element: the new length, -1 when the
// pivot is not found, 0 for a missing key.
func cmdLInsert(c *Ctx) {
	var after bool
	switch {
	case EqualFold(c.Args[2], "after"):
		after = true
	case EqualFold(c.Args[2], "before"):
	default:
		c.Err(ErrSyntax)
		return
	}
	key := c.Args[1]
	en, l, ok := listLookup(c, key, true)
	if !ok {
		return
	}
	if en == nil {
		c.WriteInt(0)
		return
	}
	d0 := c.E.stats.Dirty
	if !l.InsertPivot(c.Args[3], c.Args[4], after) {
		c.WriteInt(-1)
		return
	}
	c.DB.Modified(en)
	c.E.Notify(c.DB, NotifyList, "linsert", key)
	listSetDirty(c, d0, 1)
	c.WriteInt(int64(l.Len()))
}

// LREM key count element: removes up to |count| elements equal to element,
// from the head (count > 0) or the tail (count < 0), or all of them.
func cmdLRem(c *Ctx) {
	n, ok := parseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	key := c.Args[1]
	en, l, ok := listLookup(c, key, true)
	if !ok {
		return
	}
	if en == nil {
		c.WriteInt(0)
		return
	}
	fromTail := n < 0
	limit := n
	if fromTail {
		limit = -n
	}
	if limit < 0 {
		// -MinInt64 overflows: Redis's negated count stays negative and
		// never equals the removed count, so every match goes.
		limit = 0
	}
	d0 := c.E.stats.Dirty
	removed := l.RemoveEqual(c.Args[3], int(limit), fromTail)
	if removed > 0 {
		c.DB.Modified(en)
		c.E.Notify(c.DB, NotifyList, "lrem", key)
	}
	if l.Len() == 0 {
		c.DB.Delete(key)
		c.E.Notify(c.DB, NotifyGeneric, "del", key)
	}
	listSetDirty(c, d0, removed)
	c.WriteInt(int64(removed))
}

// LTRIM key start stop: keeps only the range; the "ltrim" event is raised
// even when nothing is removed.
func cmdLTrim(c *Ctx) {
	start, ok1 := parseInt(c.Args[2])
	end, ok2 := parseInt(c.Args[3])
	if !ok1 || !ok2 {
		c.Err(ErrNotInteger)
		return
	}
	key := c.Args[1]
	en, l, ok := listLookup(c, key, true)
	if !ok {
		return
	}
	if en == nil {
		c.OK()
		return
	}
	n := l.Len()
	ltrim, rtrim := n, 0
	if s, e, ok := listClampRange(start, end, n); ok {
		ltrim, rtrim = s, n-e-1
	}
	d0 := c.E.stats.Dirty
	l.TrimFront(ltrim)
	l.TrimBack(rtrim)
	c.E.Notify(c.DB, NotifyList, "ltrim", key)
	if l.Len() == 0 {
		c.DB.Delete(key)
		c.E.Notify(c.DB, NotifyGeneric, "del", key)
	} else {
		c.DB.Modified(en)
	}
	listSetDirty(c, d0, ltrim+rtrim)
	c.OK()
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]: the index
// of the rank-th match (from the tail for a negative rank), or with COUNT
// an array of up to num-matches indexes (all for 0), scanning at most
// MAXLEN elements (all for 0).
func cmdLPos(c *Ctx) {
	rank, count, maxlen := int64(1), int64(-1), int64(0)
	args := c.Args
	for j := 3; j < len(args); j++ {
		more := j+1 < len(args)
		switch {
		case more && EqualFold(args[j], "rank"):
			j++
			r, ok := parseInt(args[j])
			if !ok {
				c.Err(ErrNotInteger)
				return
			}
			if r == 0 {
				c.Err(ErrLPosRankZero)
				return
			}
			rank = r
		case more && EqualFold(args[j], "count"):
			j++
			n, ok := parseInt(args[j])
			if !ok || n < 0 {
				c.Err(ErrLPosCountNegative)
				return
			}
			count = n
		case more && EqualFold(args[j], "maxlen"):
			j++
			n, ok := parseInt(args[j])
			if !ok || n < 0 {
				c.Err(ErrLPosMaxlenNegative)
				return
			}
			maxlen = n
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	forward := true
	if rank < 0 {
		// For the smallest int64 the negation stays negative, as in
		// Redis: every match then counts as reaching the rank.
		rank = -rank
		forward = false
	}
	en, l, ok := listLookup(c, c.Args[1], false)
	if !ok {
		return
	}
	if en == nil {
		if count != -1 {
			c.WriteArray(0)
		} else {
			c.WriteNull()
		}
		return
	}
	var small [16]int64
	found := small[:0]
	ele := c.Args[2]
	n := l.Len()
	var it listIter
	if forward {
		it = l.iter(0, true)
	} else {
		it = l.iter(n-1, false)
	}
	var matches int64
	for index := int64(0); maxlen == 0 || index < maxlen; index++ {
		var v []byte
		if forward {
			v, ok = it.next()
		} else {
			v, ok = it.prev()
		}
		if !ok {
			break
		}
		if !bytes.Equal(v, ele) {
			continue
		}
		matches++
		if matches < rank {
			continue
		}
		pos := index
		if !forward {
			pos = int64(n) - index - 1
		}
		found = append(found, pos)
		if count == -1 || count > 0 && matches-rank+1 >= count {
			break
		}
	}
	if count != -1 {
		c.WriteArray(len(found))
		for _, pos := range found {
			c.WriteInt(pos)
		}
		return
	}
	if len(found) == 0 {
		c.WriteNull()
		return
	}
	c.WriteInt(found[0])
}
