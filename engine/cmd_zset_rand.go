package engine

import (
	"math"
	"math/rand/v2"
)

// ZRANDMEMBER key [count [WITHSCORES]]
func cmdZrandmember(c *Ctx) {
	args := c.Args
	if len(args) >= 3 {
		l, ok := ParseInt(args[2])
		if !ok {
			c.Err(ErrNotInteger)
			return
		}
		if l == math.MinInt64 {
			c.Err(ErrLongOutOfRange)
			return
		}
		withScores := false
		if len(args) > 4 || len(args) == 4 && !EqualFold(args[3], "withscores") {
			c.Err(ErrSyntax)
			return
		} else if len(args) == 4 {
			withScores = true
			if l < -math.MaxInt64/2 || l > math.MaxInt64/2 {
				c.Err(ErrValueOutOfRange)
				return
			}
		}
		zrandWithCount(c, l, withScores)
		return
	}
	z, ok := zsetOf(c, c.DB.Lookup(args[1]))
	if !ok {
		return
	}
	if z == nil {
		c.WriteNull()
		return
	}
	m, _ := z.random()
	c.WriteBulk(m)
}

// zrandWithCount serves ZRANDMEMBER with a count: a negative count returns
// that many independent picks (repeats allowed), a positive one distinct
// members, as many as the set has at most.
func zrandWithCount(c *Ctx, l int64, withScores bool) {
	z, ok := zsetOf(c, c.DB.Lookup(c.Args[1]))
	if !ok {
		return
	}
	if z == nil || l == 0 {
		c.WriteArray(0)
		return
	}
	resp3 := c.Proto() > 2
	emit := func(m []byte, s float64) {
		if withScores && resp3 {
			c.WriteArray(2)
		}
		c.WriteBulk(m)
		if withScores {
			c.WriteDouble(s)
		}
	}
	header := func(n int) {
		if withScores && !resp3 {
			c.WriteArray(2 * n)
		} else {
			c.WriteArray(n)
		}
	}
	size := z.Len()
	count := int(l)
	if l < 0 || l == 1 {
		if l < 0 {
			count = int(-l)
		}
		header(count)
		var offs []int32
		if z.sl == nil {
			offs = zpOffsets(z.lp, size)
		}
		for ; count > 0; count-- {
			if z.sl != nil {
				x := z.sl.byRank(1 + rand.IntN(size))
				emit(x.memberBytes(), x.score)
				continue
			}
			m, s, _ := zpEntry(z.lp, int(offs[rand.IntN(size)]))
			emit(m, s)
		}
		return
	}
	header(min(count, size))
	if count >= size {
		// The whole set, walked from the highest score down as Redis's
		// set-operation iterator walks it.
		var it zIter
		z.iterRank(&it, 0, true)
		for {
			m, s, ok := it.next()
			if !ok {
				return
			}
			emit(m, s)
		}
	}
	if z.sl == nil || count*3 > size {
		// Few members, or most of them: pick distinct ranks by a partial
		// shuffle of all of them.
		var offs []int32
		if z.sl == nil {
			offs = zpOffsets(z.lp, size)
		}
		perm := make([]int32, size)
		for i := range perm {
			perm[i] = int32(i)
		}
		for i := 0; i < count; i++ {
			j := i + rand.IntN(size-i)
			perm[i], perm[j] = perm[j], perm[i]
			if offs != nil {
				m, s, _ := zpEntry(z.lp, int(offs[perm[i]]))
				emit(m, s)
				continue
			}
			x := z.sl.byRank(int(perm[i]) + 1)
			emit(x.memberBytes(), x.score)
		}
		return
	}
	// A few members of a big set: random ranks until enough are distinct.
	seen := make(map[int]struct{}, count)
	for len(seen) < count {
		r := rand.IntN(size)
		if _, dup := seen[r]; dup {
			continue
		}
		seen[r] = struct{}{}
		x := z.sl.byRank(r + 1)
		emit(x.memberBytes(), x.score)
	}
}
