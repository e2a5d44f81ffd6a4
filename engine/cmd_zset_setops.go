package engine

import (
	"bytes"
	"math"
	"slices"
)

// The sorted set algebra: ZUNION, ZINTER, ZDIFF, their STORE forms and
// ZINTERCARD, as Redis's zunionInterDiffGenericCommand. Plain sets take
// part with every member scored 1.

// ZSetOpSet is what a plain set value (TYPE "set") must provide to take
// part in the sorted set algebra. Each calls fn for every member
// until fn returns false; member is valid only during the call.
type ZSetOpSet interface {
	Len() int
	Has(member []byte) bool
	Each(fn func(member []byte) bool)
}

type zsetOp uint8

const (
	zopUnion zsetOp = iota
	zopInter
	zopDiff
)

type zaggr uint8

const (
	zaggrSum zaggr = iota
	zaggrMin
	zaggrMax
)

// zopSrc is one input: a sorted set, a plain set, or nothing (a missing
// key, an empty input).
type zopSrc struct {
	en     *Entry // identity, to spot the same key given twice
	z      *ZSet
	set    ZSetOpSet
	weight float64
}

func (s *zopSrc) length() int {
	switch {
	case s.z != nil:
		return s.z.Len()
	case s.set != nil:
		return s.set.Len()
	}
	return 0
}

// find returns member's score in the input (1 in a plain set).
func (s *zopSrc) find(m []byte) (float64, bool) {
	switch {
	case s.z != nil:
		return s.z.Score(m)
	case s.set != nil:
		return 1, s.set.Has(m)
	}
	return 0, false
}

// each calls fn for every member and score. Members of a sorted set stay
// valid for the whole command; members of a plain set are copied.
func (s *zopSrc) each(fn func(m []byte, score float64) bool) {
	switch {
	case s.z != nil:
		var it zIter
		if s.z.Len() == 0 {
			return
		}
		s.z.iterRank(&it, 0, false)
		for {
			m, sc, ok := it.next()
			if !ok || !fn(m, sc) {
				return
			}
		}
	case s.set != nil:
		s.set.Each(func(m []byte) bool { return fn(bytes.Clone(m), 1) })
	}
}

func zaggregate(target *float64, val float64, aggr zaggr) {
	switch aggr {
	case zaggrSum:
		*target += val
		// inf + -inf is NaN; Redis makes it 0.
		if math.IsNaN(*target) {
			*target = 0
		}
	case zaggrMin:
		if val < *target {
			*target = val
		}
	case zaggrMax:
		if val > *target {
			*target = val
		}
	}
}

// zpair is a result member and its score.
type zpair struct {
	m []byte
	s float64
}

func zpairCmp(a, b zpair) int {
	switch {
	case a.s < b.s:
		return -1
	case a.s > b.s:
		return 1
	}
	return bytes.Compare(a.m, b.m)
}

// ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS ...] [AGGREGATE SUM|MIN|MAX]
func cmdZunionstore(c *Ctx) { zsetOpGeneric(c, c.Args[1], 2, zopUnion, false) }

// ZINTERSTORE destination numkeys key [key ...] [WEIGHTS ...] [AGGREGATE SUM|MIN|MAX]
func cmdZinterstore(c *Ctx) { zsetOpGeneric(c, c.Args[1], 2, zopInter, false) }

// ZDIFFSTORE destination numkeys key [key ...]
func cmdZdiffstore(c *Ctx) { zsetOpGeneric(c, c.Args[1], 2, zopDiff, false) }

// ZUNION numkeys key [key ...] [WEIGHTS ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
func cmdZunion(c *Ctx) { zsetOpGeneric(c, nil, 1, zopUnion, false) }

// ZINTER numkeys key [key ...] [WEIGHTS ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
func cmdZinter(c *Ctx) { zsetOpGeneric(c, nil, 1, zopInter, false) }

// ZDIFF numkeys key [key ...] [WITHSCORES]
func cmdZdiff(c *Ctx) { zsetOpGeneric(c, nil, 1, zopDiff, false) }

// ZINTERCARD numkeys key [key ...] [LIMIT limit]
func cmdZintercard(c *Ctx) { zsetOpGeneric(c, nil, 1, zopInter, true) }

func zsetOpGeneric(c *Ctx, dstKey []byte, numkeysIdx int, op zsetOp, cardOnly bool) {
	args := c.Args
	setnum, ok := ParseInt(args[numkeysIdx])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	if setnum < 1 {
		c.Err(ErrAtLeastOneKey(c.Cmd.Name))
		return
	}
	if setnum > int64(len(args)-numkeysIdx-1) {
		c.Err(ErrSyntax)
		return
	}
	srcs := make([]zopSrc, setnum)
	j := numkeysIdx + 1
	for i := range srcs {
		srcs[i].weight = 1
		en := c.DB.Lookup(args[j])
		j++
		if en == nil {
			continue
		}
		srcs[i].en = en
		if z, isZ := en.Obj.(*ZSet); isZ {
			srcs[i].z = z
		} else if s, isSet := en.Obj.(ZSetOpSet); isSet && en.TypeName() == "set" {
			srcs[i].set = s
		} else {
			c.Err(ErrWrongType)
			return
		}
	}

	aggr, withScores, limit := zaggrSum, false, int64(0)
	for j < len(args) {
		remaining := len(args) - j
		a := args[j]
		switch {
		case op != zopDiff && !cardOnly && remaining >= int(setnum)+1 && EqualFold(a, "weights"):
			j++
			for i := range srcs {
				w, ok := parseZScore(args[j])
				if !ok {
					c.Err(ErrWeightNotFloat)
					return
				}
				srcs[i].weight = w
				j++
			}
		case op != zopDiff && !cardOnly && remaining >= 2 && EqualFold(a, "aggregate"):
			switch v := args[j+1]; {
			case EqualFold(v, "sum"):
				aggr = zaggrSum
			case EqualFold(v, "min"):
				aggr = zaggrMin
			case EqualFold(v, "max"):
				aggr = zaggrMax
			default:
				c.Err(ErrSyntax)
				return
			}
			j += 2
		case remaining >= 1 && dstKey == nil && !cardOnly && EqualFold(a, "withscores"):
			withScores = true
			j++
		case cardOnly && remaining >= 2 && EqualFold(a, "limit"):
			n, ok := ParseInt(args[j+1])
			if !ok || n < 0 {
				c.Err(ErrLimitNegative)
				return
			}
			limit = n
			j += 2
		default:
			c.Err(ErrSyntax)
			return
		}
	}

	if op != zopDiff {
		// Smallest first: fewer lookups for ZINTER, and the order scores
		// are summed in, as Redis (glibc's qsort is a stable merge sort).
		slices.SortStableFunc(srcs, func(a, b zopSrc) int { return a.length() - b.length() })
	}
	var res []zpair
	switch op {
	case zopInter:
		if cardOnly {
			c.WriteInt(zinterCard(srcs, limit))
			return
		}
		res = zinter(srcs, aggr)
	case zopUnion:
		res = zunion(srcs, aggr)
	case zopDiff:
		res = zdiff(srcs)
	}
	slices.SortFunc(res, zpairCmp)

	if dstKey != nil {
		zsetOpStore(c, dstKey, op, res)
		return
	}
	resp3 := c.Proto() > 2
	if withScores && !resp3 {
		c.WriteArray(2 * len(res))
	} else {
		c.WriteArray(len(res))
	}
	for _, p := range res {
		if withScores && resp3 {
			c.WriteArray(2)
		}
		c.WriteBulk(p.m)
		if withScores {
			c.WriteDouble(p.s)
		}
	}
}

// zinter returns the members found in every input with their aggregated
// weighted scores.
func zinter(srcs []zopSrc, aggr zaggr) []zpair {
	var res []zpair
	if srcs[0].length() == 0 {
		return nil
	}
	srcs[0].each(func(m []byte, s0 float64) bool {
		score := srcs[0].weight * s0
		if math.IsNaN(score) {
			score = 0
		}
		for j := 1; j < len(srcs); j++ {
			var v float64
			if srcs[j].en == srcs[0].en {
				v = s0
			} else if s, ok := srcs[j].find(m); ok {
				v = s
			} else {
				return true
			}
			zaggregate(&score, v*srcs[j].weight, aggr)
		}
		res = append(res, zpair{m, score})
		return true
	})
	return res
}

// zinterCard counts the members found in every input, stopping at limit
// (0: no limit).
func zinterCard(srcs []zopSrc, limit int64) int64 {
	var n int64
	if srcs[0].length() == 0 {
		return 0
	}
	srcs[0].each(func(m []byte, _ float64) bool {
		for j := 1; j < len(srcs); j++ {
			if srcs[j].en == srcs[0].en {
				continue
			}
			if _, ok := srcs[j].find(m); !ok {
				return true
			}
		}
		n++
		return limit == 0 || n < limit
	})
	return n
}

// zunion returns every member of the inputs with its aggregated weighted
// score.
func zunion(srcs []zopSrc, aggr zaggr) []zpair {
	var res []zpair
	idx := make(map[string]int, srcs[len(srcs)-1].length())
	for i := range srcs {
		src := &srcs[i]
		src.each(func(m []byte, s float64) bool {
			score := src.weight * s
			if math.IsNaN(score) {
				score = 0
			}
			if k, ok := idx[bstr(m)]; ok {
				zaggregate(&res[k].s, score, aggr)
				return true
			}
			// m stays valid for the command (see zopSrc.each), so the
			// map can key on a view of it.
			idx[bstr(m)] = len(res)
			res = append(res, zpair{m, score})
			return true
		})
	}
	return res
}

// zdiff returns the members of the first input found in none of the
// others, with their scores there.
func zdiff(srcs []zopSrc) []zpair {
	if srcs[0].length() == 0 {
		return nil
	}
	for j := 1; j < len(srcs); j++ {
		if srcs[j].en != nil && srcs[j].en == srcs[0].en {
			return nil // a set minus itself
		}
	}
	var res []zpair
	srcs[0].each(func(m []byte, s float64) bool {
		for j := 1; j < len(srcs); j++ {
			if _, ok := srcs[j].find(m); ok {
				return true
			}
		}
		res = append(res, zpair{m, s})
		return true
	})
	return res
}

// zsetOpStore stores a sorted result under dstKey, in the encoding Redis
// converts such a result to, or deletes dstKey when it is empty.
func zsetOpStore(c *Ctx, dstKey []byte, op zsetOp, res []zpair) {
	if len(res) == 0 {
		c.WriteInt(0)
		if c.DB.Delete(dstKey) {
			c.E.Notify(c.DB, NotifyGeneric, "del", dstKey)
		}
		return
	}
	c.DB.SetObject(dstKey, zsetFromSorted(zlimits(c.E), res), false)
	c.WriteInt(int64(len(res)))
	event := "zunionstore"
	switch op {
	case zopInter:
		event = "zinterstore"
	case zopDiff:
		event = "zdiffstore"
	}
	c.E.Notify(c.DB, NotifyZSet, event, dstKey)
}

// zLpSafetySize is Redis's LISTPACK_MAX_SAFETY_SIZE: results whose members
// add up to more stay skiplists.
const zLpSafetySize = 1 << 30

// zsetFromSorted builds a set from members sorted by (score, member): packed
// when it is within both listpack limits, as Redis's
// zsetConvertToListpackIfNeeded decides, otherwise a skiplist.
func zsetFromSorted(l zsetLimits, res []zpair) *ZSet {
	maxLen, total := 0, 0
	for _, p := range res {
		maxLen = max(maxLen, len(p.m))
		total += len(p.m)
	}
	if int64(len(res)) <= l.maxEntries && int64(maxLen) <= l.maxValue && total <= zLpSafetySize {
		size := 0
		for _, p := range res {
			s := p.s
			if s == 0 {
				s = 0
			}
			size += zpEntryLen(len(p.m), s)
		}
		lp := zpAlloc(zpHeaderLen + size)
		pos := zpHeaderLen
		for _, p := range res {
			s := p.s
			if s == 0 {
				s = 0 // no -0 in the packed form
			}
			zpPut(lp[pos:], p.m, s)
			pos += zpEntryLen(len(p.m), s)
		}
		zpSetCount(lp, len(res))
		return &ZSet{lp: lp}
	}
	sl := newZskiplist()
	sl.dict.expand(len(res))
	for i := len(res) - 1; i >= 0; i-- {
		sl.dict.add(sl.insert(res[i].s, string(res[i].m)))
	}
	return &ZSet{sl: sl}
}
