package engine

import (
	"math"
	"strconv"
)

// Sorted set commands: adding, removing and reading single members,
// counting, ZSCAN and ZRANDMEMBER. Ranges are in cmd_zset_range.go, pops in
// cmd_zset_pop.go, the set algebra in cmd_zset_setops.go.

// zsetOf returns en's sorted set. It replies WRONGTYPE and returns ok false
// when en holds another type; a nil en gives a nil set and ok true.
func zsetOf(c *Ctx, en *Entry) (z *ZSet, ok bool) {
	if en == nil {
		return nil, true
	}
	if z, ok = en.Obj.(*ZSet); !ok {
		c.Err(ErrWrongType)
	}
	return z, ok
}

// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
func cmdZadd(c *Ctx) { zaddGeneric(c, 0) }

// ZINCRBY key increment member: ZADD INCR by another name (it shares
// ZADD's option parsing, as in Redis).
func cmdZincrby(c *Ctx) { zaddGeneric(c, zaddIncr) }

func zaddGeneric(c *Ctx, flags int) {
	args := c.Args
	ch := false
	i := 2
options:
	for ; i < len(args); i++ {
		switch a := args[i]; {
		case EqualFold(a, "nx"):
			flags |= zaddNX
		case EqualFold(a, "xx"):
			flags |= zaddXX
		case EqualFold(a, "ch"):
			ch = true
		case EqualFold(a, "incr"):
			flags |= zaddIncr
		case EqualFold(a, "gt"):
			flags |= zaddGT
		case EqualFold(a, "lt"):
			flags |= zaddLT
		default:
			break options
		}
	}
	incr, nx, xx := flags&zaddIncr != 0, flags&zaddNX != 0, flags&zaddXX != 0
	gt, lt := flags&zaddGT != 0, flags&zaddLT != 0
	elements := len(args) - i
	if elements%2 != 0 || elements == 0 {
		c.Err(ErrSyntax)
		return
	}
	elements /= 2
	switch {
	case nx && xx:
		c.Err(ErrZAddXXNX)
		return
	case gt && nx || lt && nx || gt && lt:
		c.Err(ErrZAddGTLTNX)
		return
	case incr && elements > 1:
		c.Err(ErrZAddIncrPair)
		return
	}
	// Every score is checked before anything changes.
	var sbuf [16]float64
	scores := sbuf[:0]
	for j := 0; j < elements; j++ {
		f, ok := parseZScore(args[i+2*j])
		if !ok {
			c.Err(ErrNotFloat)
			return
		}
		scores = append(scores, f)
	}

	key := args[1]
	en := c.DB.LookupWrite(key)
	z, ok := zsetOf(c, en)
	if !ok {
		return
	}
	lim := zlimits(c.E)
	added, updated, processed := 0, 0, 0
	var score float64
	if z == nil {
		if xx {
			zaddReply(c, incr, ch, processed, added, updated, score)
			return
		}
		z = newZSetFor(lim, len(args[i+1]))
		en = c.DB.SetObject(key, z, false)
	}
	failed := false
	for j := 0; j < elements; j++ {
		out, ns := z.add(lim, scores[j], args[i+1+2*j], flags)
		if out&zaddOutNaN != 0 {
			c.Err(ErrZScoreNaN)
			failed = true
			break
		}
		if out&zaddOutAdded != 0 {
			added++
		}
		if out&zaddOutUpdated != 0 {
			updated++
		}
		if out&zaddOutNop == 0 {
			processed++
		}
		score = ns
	}
	if !failed {
		zaddReply(c, incr, ch, processed, added, updated, score)
	}
	if added > 0 || updated > 0 {
		c.DB.Modified(en)
		event := "zadd"
		if incr {
			event = "zincr"
		}
		c.E.Notify(c.DB, NotifyZSet, event, key)
	}
}

func zaddReply(c *Ctx, incr, ch bool, processed, added, updated int, score float64) {
	switch {
	case incr && processed > 0:
		c.WriteDouble(score)
	case incr:
		c.WriteNull()
	case ch:
		c.WriteInt(int64(added + updated))
	default:
		c.WriteInt(int64(added))
	}
}

// ZREM key member [member ...]
func cmdZrem(c *Ctx) {
	key := c.Args[1]
	en := c.DB.LookupWrite(key)
	if en == nil {
		c.WriteInt(0)
		return
	}
	z, ok := zsetOf(c, en)
	if !ok {
		return
	}
	deleted, removed := 0, false
	for _, m := range c.Args[2:] {
		if z.Delete(m) {
			deleted++
		}
		if z.Len() == 0 {
			c.DB.Delete(key)
			removed = true
			break
		}
	}
	if deleted > 0 {
		c.E.Notify(c.DB, NotifyZSet, "zrem", key)
		if removed {
			c.E.Notify(c.DB, NotifyGeneric, "del", key)
		} else {
			c.DB.Modified(en)
		}
	}
	c.WriteInt(int64(deleted))
}

// ZCARD key
func cmdZcard(c *Ctx) {
	z, ok := zsetOf(c, c.DB.Lookup(c.Args[1]))
	switch {
	case !ok:
	case z == nil:
		c.WriteInt(0)
	default:
		c.WriteInt(int64(z.Len()))
	}
}

// ZSCORE key member
func cmdZscore(c *Ctx) {
	z, ok := zsetOf(c, c.DB.Lookup(c.Args[1]))
	if !ok {
		return
	}
	if z == nil {
		c.WriteNull()
		return
	}
	if s, found := z.Score(c.Args[2]); found {
		c.WriteDouble(s)
	} else {
		c.WriteNull()
	}
}

// ZMSCORE key member [member ...]: a missing key reads as an empty set.
func cmdZmscore(c *Ctx) {
	z, ok := zsetOf(c, c.DB.Lookup(c.Args[1]))
	if !ok {
		return
	}
	c.WriteArray(len(c.Args) - 2)
	for _, m := range c.Args[2:] {
		if z == nil {
			c.WriteNull()
			continue
		}
		if s, found := z.Score(m); found {
			c.WriteDouble(s)
		} else {
			c.WriteNull()
		}
	}
}

// ZRANK key member
func cmdZrank(c *Ctx) { zrankGeneric(c, false) }

// ZREVRANK key member
func cmdZrevrank(c *Ctx) { zrankGeneric(c, true) }

func zrankGeneric(c *Ctx, reverse bool) {
	z, ok := zsetOf(c, c.DB.Lookup(c.Args[1]))
	if !ok {
		return
	}
	if z == nil {
		c.WriteNull()
		return
	}
	if r := z.Rank(c.Args[2], reverse); r >= 0 {
		c.WriteInt(int64(r))
	} else {
		c.WriteNull()
	}
}

// ZCOUNT key min max
func cmdZcount(c *Ctx) {
	r, ok := parseScoreRange(c.Args[2], c.Args[3])
	if !ok {
		c.Err(ErrZMinMaxNotFloat)
		return
	}
	z, ok := zsetOf(c, c.DB.Lookup(c.Args[1]))
	switch {
	case !ok:
	case z == nil:
		c.WriteInt(0)
	default:
		c.WriteInt(int64(z.countScore(&r)))
	}
}

// ZLEXCOUNT key min max
func cmdZlexcount(c *Ctx) {
	r, ok := parseLexRange(c.Args[2], c.Args[3])
	if !ok {
		c.Err(ErrZMinMaxNotLex)
		return
	}
	z, ok := zsetOf(c, c.DB.Lookup(c.Args[1]))
	switch {
	case !ok:
	case z == nil:
		c.WriteInt(0)
	default:
		c.WriteInt(int64(z.countLex(&r)))
	}
}

// ZSCAN key cursor [MATCH pattern] [COUNT count]: a packed set is returned
// whole with cursor 0, as Redis does; a skiplist set is walked through its
// hash table with SCAN's cursor and guarantee. Scores are strings here,
// in both protocols: integers for a packed set (as the listpack holds
// them), "%.17g" otherwise.
func cmdZscan(c *Ctx) {
	cursor, ok := ParseScanCursor(c.Args[2])
	if !ok {
		c.Err(ErrInvalidCursor)
		return
	}
	en := c.DB.Lookup(c.Args[1])
	if en == nil {
		c.WriteArray(2)
		c.WriteBulkString("0")
		c.WriteArray(0)
		return
	}
	z, ok := zsetOf(c, en)
	if !ok {
		return
	}
	opts, ok := ParseScanOptions(c, c.Args[3:], false)
	if !ok {
		return
	}
	type item struct {
		m []byte
		s float64
	}
	var items []item
	if z.sl == nil {
		for pos := zpHeaderLen; pos < len(z.lp); {
			m, s, next := zpEntry(z.lp, pos)
			items = append(items, item{m, s})
			pos = next
		}
		cursor = 0
	} else {
		// COUNT counts members and scores, as Redis counts both.
		count := zSatMul(opts.Count, 2)
		maxIter := zSatMul(count, 10)
		collect := func(x *zslNode) { items = append(items, item{x.memberBytes(), x.score}) }
		for {
			cursor = z.sl.dict.scan(cursor, collect)
			if cursor == 0 || maxIter == 0 {
				break
			}
			maxIter--
			if int64(len(items))*2 >= count {
				break
			}
		}
	}
	n := 0
	for _, it := range items {
		if opts.Match(it.m) {
			items[n] = it
			n++
		}
	}
	items = items[:n]
	var buf [32]byte
	c.WriteArray(2)
	c.WriteBulk(strconv.AppendUint(buf[:0], cursor, 10))
	c.WriteArray(2 * len(items))
	for _, it := range items {
		c.WriteBulk(it.m)
		if z.sl == nil {
			c.WriteBulk(zAppendD2String(buf[:0], it.s))
		} else {
			c.WriteBulk(AppendDouble(buf[:0], it.s))
		}
	}
}

// zSatMul multiplies non-negative a and b, saturating at MaxInt64.
func zSatMul(a, b int64) int64 {
	if a > math.MaxInt64/b {
		return math.MaxInt64
	}
	return a * b
}
