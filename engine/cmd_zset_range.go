package engine

// Range commands: ZRANGE (by rank, BYSCORE, BYLEX, REV, LIMIT, WITHSCORES),
// the older ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX
// and ZREVRANGE, ZRANGESTORE, and ZREMRANGEBYRANK/SCORE/LEX.

type zrangeKind uint8

const (
	zrangeAuto zrangeKind = iota
	zrangeRank
	zrangeScore
	zrangeLex
)

type zrangeDir uint8

const (
	zdirAuto zrangeDir = iota
	zdirForward
	zdirReverse
)

// zrangeOut receives a range's members: the client's reply, or the set
// ZRANGESTORE builds.
type zrangeOut struct {
	c          *Ctx
	withScores bool
	store      bool
	dst        *ZSet
	dstKey     []byte
	lim        zsetLimits
}

// begin starts the result: n members for the client; for a store, a set
// sized for n (n < 0 when unknown).
func (o *zrangeOut) begin(n int) {
	if o.store {
		if n < 0 {
			n = 0
		}
		o.dst = newZSetSized(o.lim, n)
		return
	}
	if o.withScores && o.c.Proto() == 2 {
		n *= 2
	}
	o.c.WriteArray(n)
}

func (o *zrangeOut) emit(m []byte, s float64) {
	if o.store {
		o.dst.add(o.lim, s, m, 0)
		return
	}
	c := o.c
	if o.withScores && c.Proto() > 2 {
		c.WriteArray(2)
	}
	c.WriteBulk(m)
	if o.withScores {
		c.WriteDouble(s)
	}
}

// finish completes a store: the destination gets the result (replacing
// whatever it held, TTL included), or is deleted when it is empty.
func (o *zrangeOut) finish(n int) {
	if !o.store {
		return
	}
	c := o.c
	if n > 0 {
		c.DB.SetObject(o.dstKey, o.dst, false)
		c.WriteInt(int64(n))
		c.E.Notify(c.DB, NotifyZSet, "zrangestore", o.dstKey)
		return
	}
	c.WriteInt(0)
	if c.DB.Delete(o.dstKey) {
		c.E.Notify(c.DB, NotifyGeneric, "del", o.dstKey)
	}
}

// ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
func cmdZrange(c *Ctx) { zrangeGeneric(c, 1, false, zrangeAuto, zdirAuto) }

// ZRANGESTORE dst src start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count]
func cmdZrangestore(c *Ctx) { zrangeGeneric(c, 2, true, zrangeAuto, zdirAuto) }

// ZREVRANGE key start stop [WITHSCORES]
func cmdZrevrange(c *Ctx) { zrangeGeneric(c, 1, false, zrangeRank, zdirReverse) }

// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
func cmdZrangebyscore(c *Ctx) { zrangeGeneric(c, 1, false, zrangeScore, zdirForward) }

// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
func cmdZrevrangebyscore(c *Ctx) { zrangeGeneric(c, 1, false, zrangeScore, zdirReverse) }

// ZRANGEBYLEX key min max [LIMIT offset count]
func cmdZrangebylex(c *Ctx) { zrangeGeneric(c, 1, false, zrangeLex, zdirForward) }

// ZREVRANGEBYLEX key max min [LIMIT offset count]
func cmdZrevrangebylex(c *Ctx) { zrangeGeneric(c, 1, false, zrangeLex, zdirReverse) }

// zrangeGeneric parses and serves every range read, as Redis's
// zrangeGenericCommand: the key is at argStart, its bounds follow, then
// the options the command allows.
func zrangeGeneric(c *Ctx, argStart int, store bool, kind zrangeKind, dir zrangeDir) {
	args := c.Args
	minIdx, maxIdx := argStart+1, argStart+2
	withScores := false
	offset, limit := int64(0), int64(-1)
	for j := argStart + 3; j < len(args); j++ {
		left := len(args) - j - 1
		a := args[j]
		switch {
		case !store && EqualFold(a, "withscores"):
			withScores = true
		case EqualFold(a, "limit") && left >= 2:
			var ok bool
			if offset, ok = ParseInt(args[j+1]); ok {
				limit, ok = ParseInt(args[j+2])
			}
			if !ok {
				c.Err(ErrNotInteger)
				return
			}
			j += 2
		case dir == zdirAuto && EqualFold(a, "rev"):
			dir = zdirReverse
		case kind == zrangeAuto && EqualFold(a, "bylex"):
			kind = zrangeLex
		case kind == zrangeAuto && EqualFold(a, "byscore"):
			kind = zrangeScore
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	if kind == zrangeAuto {
		kind = zrangeRank
	}
	rev := dir == zdirReverse
	if limit != -1 && kind == zrangeRank {
		c.Err(ErrZRangeLimit)
		return
	}
	if withScores && kind == zrangeLex {
		c.Err(ErrZRangeLexWithScores)
		return
	}
	if rev && kind != zrangeRank {
		// Reversed score and lex ranges are given as max, min.
		minIdx, maxIdx = maxIdx, minIdx
	}
	var start, end int64
	var sr zScoreRange
	var lr zLexRange
	switch kind {
	case zrangeRank:
		var ok bool
		if start, ok = ParseInt(args[minIdx]); ok {
			end, ok = ParseInt(args[maxIdx])
		}
		if !ok {
			c.Err(ErrNotInteger)
			return
		}
	case zrangeScore:
		var ok bool
		if sr, ok = parseScoreRange(args[minIdx], args[maxIdx]); !ok {
			c.Err(ErrZMinMaxNotFloat)
			return
		}
	case zrangeLex:
		var ok bool
		if lr, ok = parseLexRange(args[minIdx], args[maxIdx]); !ok {
			c.Err(ErrZMinMaxNotLex)
			return
		}
	}
	out := zrangeOut{c: c, withScores: withScores || store, store: store}
	if store {
		out.dstKey = args[1]
		out.lim = zlimits(c.E)
	}
	z, ok := zsetOf(c, c.DB.Lookup(args[argStart]))
	if !ok {
		return
	}
	if z == nil {
		out.begin(0)
		out.finish(0)
		return
	}
	switch kind {
	case zrangeRank:
		zrangeByRank(&out, z, start, end, rev)
	case zrangeScore:
		// A big result is counted from ranks, in O(log n); a small one by
		// walking it, which also brings its nodes into the cache for the
		// walk that emits it.
		var n int
		if z.sl != nil && (limit < 0 || limit > zrangeWalkCount-offset) {
			n = zrangeLen(z.countScore(&sr), offset, limit, z.Len())
		} else {
			n = zrangeScoreWalk(z, &sr, rev, offset, limit, nil)
		}
		if store {
			out.begin(-1)
		} else {
			out.begin(n)
		}
		if n > 0 {
			zrangeScoreWalk(z, &sr, rev, offset, int64(n), &out)
		}
		out.finish(n)
	case zrangeLex:
		// Members are ordered by score first, so with mixed scores a lex
		// walk is not monotonic: count by walking exactly as the reply
		// will, then walk again to emit.
		n := zrangeLexWalk(z, &lr, rev, offset, limit, nil)
		if store {
			out.begin(-1)
		} else {
			out.begin(n)
		}
		zrangeLexWalk(z, &lr, rev, offset, limit, &out)
		out.finish(n)
	}
}

// zrangeWalkCount is the largest LIMIT result counted by walking it.
const zrangeWalkCount = 256

// zrangeScoreWalk walks a score range as Redis's
// genericZrangebyscoreCommand (see zrangeLexWalk), emitting to out when it
// is not nil, and returns how many members it met.
func zrangeScoreWalk(z *ZSet, r *zScoreRange, rev bool, offset, limit int64, out *zrangeOut) int {
	if offset < 0 || offset > 0 && offset >= int64(z.Len()) {
		return 0
	}
	var it zIter
	z.iterScore(&it, r, rev)
	it.skip(int(offset))
	n := 0
	for limit < 0 || int64(n) < limit {
		m, s, ok := it.next()
		if !ok || rev && !r.gteMin(s) || !rev && !r.lteMax(s) {
			break
		}
		if out != nil {
			out.emit(m, s)
		}
		n++
	}
	return n
}

// zrangeLexWalk walks a lex range as Redis's genericZrangebylexCommand:
// from the first member in range (the last when rev), past offset members
// (a negative offset runs off the end), then while members stay in range,
// at most limit of them (negative: no limit). It emits them to out, when
// not nil, and returns how many there are.
func zrangeLexWalk(z *ZSet, r *zLexRange, rev bool, offset, limit int64, out *zrangeOut) int {
	if offset < 0 {
		return 0
	}
	var it zIter
	z.iterLex(&it, r, rev)
	it.skip(int(min(offset, int64(z.Len()))))
	n := 0
	for limit < 0 || int64(n) < limit {
		m, s, ok := it.next()
		if !ok || rev && !r.gteMin(m) || !rev && !r.lteMax(m) {
			break
		}
		if out != nil {
			out.emit(m, s)
		}
		n++
	}
	return n
}

// zrangeLen is how many of the inRange members a LIMIT offset count
// returns, with Redis's semantics: a negative offset returns nothing (its
// skip loop runs off the end), a negative count means no limit.
func zrangeLen(inRange int, offset, limit int64, size int) int {
	if offset < 0 || offset > 0 && offset >= int64(size) {
		return 0
	}
	n := int64(inRange) - offset
	if n <= 0 {
		return 0
	}
	if limit >= 0 && limit < n {
		n = limit
	}
	return int(n)
}

// zrangeByRank serves a rank range: negative indexes count from the end,
// and the range is clipped to the set.
func zrangeByRank(out *zrangeOut, z *ZSet, start, end int64, rev bool) {
	llen := int64(z.Len())
	if start < 0 {
		start += llen
	}
	if end < 0 {
		end += llen
	}
	if start < 0 {
		start = 0
	}
	if start > end || start >= llen {
		out.begin(0)
		out.finish(0)
		return
	}
	if end >= llen {
		end = llen - 1
	}
	n := int(end - start + 1)
	out.begin(n)
	var it zIter
	z.iterRank(&it, int(start), rev)
	for i := 0; i < n; i++ {
		m, s, _ := it.next()
		out.emit(m, s)
	}
	out.finish(n)
}

// ZREMRANGEBYRANK key start stop
func cmdZremrangebyrank(c *Ctx) { zremrangeGeneric(c, zrangeRank) }

// ZREMRANGEBYSCORE key min max
func cmdZremrangebyscore(c *Ctx) { zremrangeGeneric(c, zrangeScore) }

// ZREMRANGEBYLEX key min max
func cmdZremrangebylex(c *Ctx) { zremrangeGeneric(c, zrangeLex) }

func zremrangeGeneric(c *Ctx, kind zrangeKind) {
	args := c.Args
	var start, end int64
	var sr zScoreRange
	var lr zLexRange
	var event string
	switch kind {
	case zrangeRank:
		event = "zremrangebyrank"
		var ok bool
		if start, ok = ParseInt(args[2]); ok {
			end, ok = ParseInt(args[3])
		}
		if !ok {
			c.Err(ErrNotInteger)
			return
		}
	case zrangeScore:
		event = "zremrangebyscore"
		var ok bool
		if sr, ok = parseScoreRange(args[2], args[3]); !ok {
			c.Err(ErrZMinMaxNotFloat)
			return
		}
	default:
		event = "zremrangebylex"
		var ok bool
		if lr, ok = parseLexRange(args[2], args[3]); !ok {
			c.Err(ErrZMinMaxNotLex)
			return
		}
	}
	key := args[1]
	en := c.DB.LookupWrite(key)
	if en == nil {
		c.WriteInt(0)
		return
	}
	z, ok := zsetOf(c, en)
	if !ok {
		return
	}
	var deleted int
	switch kind {
	case zrangeRank:
		llen := int64(z.Len())
		if start < 0 {
			start += llen
		}
		if end < 0 {
			end += llen
		}
		if start < 0 {
			start = 0
		}
		if start > end || start >= llen {
			c.WriteInt(0)
			return
		}
		if end >= llen {
			end = llen - 1
		}
		deleted = z.deleteRank(int(start), int(end))
	case zrangeScore:
		deleted = z.deleteScore(&sr)
	default:
		deleted = z.deleteLex(&lr)
	}
	removed := false
	if z.Len() == 0 {
		c.DB.Delete(key)
		removed = true
	}
	if deleted > 0 {
		if !removed {
			c.DB.Modified(en)
		}
		c.E.Notify(c.DB, NotifyZSet, event, key)
		if removed {
			c.E.Notify(c.DB, NotifyGeneric, "del", key)
		}
	}
	c.WriteInt(int64(deleted))
}
