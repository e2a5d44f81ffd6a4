package engine

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// HRANDFIELD and HSCAN.

// HRANDFIELD key [count [WITHVALUES]]: without a count, one random field
// (null for a missing key). With a count, that many distinct fields (at
// most the whole hash), or with a negative count that many picks with
// repetition; WITHVALUES adds the values, as [field, value] pairs in RESP3.
func cmdHrandfield(c *Ctx) {
	if len(c.Args) >= 3 {
		l, ok := parseInt(c.Args[2])
		if !ok {
			c.Err(ErrNotInteger)
			return
		}
		if l == math.MinInt64 {
			c.Err(ErrLongOutOfRange)
			return
		}
		withValues := false
		if len(c.Args) > 4 || (len(c.Args) == 4 && !EqualFold(c.Args[3], "withvalues")) {
			c.Err(ErrSyntax)
			return
		} else if len(c.Args) == 4 {
			withValues = true
			// The reply would count 2*l elements in RESP2.
			if l < -math.MaxInt64/2 || l > math.MaxInt64/2 {
				c.Err(ErrValueOutOfRange)
				return
			}
		}
		hrandfieldCount(c, l, withValues)
		return
	}
	en := c.DB.Lookup(c.Args[1])
	if en == nil {
		c.WriteNull()
		return
	}
	if !isHash(en) {
		c.Err(ErrWrongType)
		return
	}
	x := newHashIndex(en.Obj)
	f, _ := x.pair(rand.IntN(x.n))
	c.WriteBulk(f)
}

// hashIndex gives random access to a hash's pairs by position.
type hashIndex struct {
	n    int
	p    *hashPacked
	offs []uint32 // field offsets of a packed hash's pairs
	t    *hashTable
}

func newHashIndex(obj any) hashIndex {
	switch h := obj.(type) {
	case *hashPacked:
		return hashIndex{n: int(h.n), p: h, offs: h.offsets()}
	case *hashTable:
		return hashIndex{n: len(h.all), t: h}
	}
	return hashIndex{}
}

// pair returns the i-th pair.
func (x *hashIndex) pair(i int) (field, value []byte) {
	if x.p != nil {
		return x.p.pairAt(x.offs[i])
	}
	en := x.t.all[i]
	return keyView(en.key), keyView(en.Str)
}

// hrandReplyPair writes one pick: the field, and with values the value too,
// both in a 2-element array in RESP3.
func hrandReplyPair(c *Ctx, f, v []byte, withValues, resp3 bool) {
	if withValues && resp3 {
		c.WriteArray(2)
	}
	c.WriteBulk(f)
	if withValues {
		c.WriteBulk(v)
	}
}

// hrandSubStrategyMul: when the hash has fewer than this many times the
// requested distinct fields, Redis picks by elimination from a copy rather
// than by repeated random picks; the cut-off decides the reply order only.
const hrandSubStrategyMul = 3

func hrandfieldCount(c *Ctx, l int64, withValues bool) {
	en := c.DB.Lookup(c.Args[1])
	if en == nil {
		c.WriteArray(0)
		return
	}
	if !isHash(en) {
		c.Err(ErrWrongType)
		return
	}
	count, unique := l, true
	if l < 0 {
		count, unique = -l, false
	}
	if count == 0 {
		c.WriteArray(0)
		return
	}
	resp3 := c.Proto() == 3
	size := int64(hashLen(en.Obj))
	replyLen := func(n int64) {
		if withValues && !resp3 {
			n *= 2
		}
		c.WriteArray(int(n))
	}

	// Picks with repetition, in pick order.
	if !unique || count == 1 {
		replyLen(count)
		x := newHashIndex(en.Obj)
		for ; count > 0; count-- {
			f, v := x.pair(rand.IntN(x.n))
			hrandReplyPair(c, f, v, withValues, resp3)
		}
		return
	}

	// The whole hash, in its order.
	if count >= size {
		replyLen(size)
		hashEach(en.Obj, func(f, v []byte) bool {
			hrandReplyPair(c, f, v, withValues, resp3)
			return true
		})
		return
	}

	replyLen(count)
	x := newHashIndex(en.Obj)
	n := int(count)
	if count*hrandSubStrategyMul > size || x.p != nil {
		// Distinct positions by a partial shuffle, in random order.
		idx := make([]int32, x.n)
		for i := range idx {
			idx[i] = int32(i)
		}
		for i := 0; i < n; i++ {
			j := i + rand.IntN(x.n-i)
			idx[i], idx[j] = idx[j], idx[i]
			f, v := x.pair(int(idx[i]))
			hrandReplyPair(c, f, v, withValues, resp3)
		}
		return
	}
	// A big table and a few fields: random picks, skipping repeats.
	seen := make(map[int]struct{}, n)
	for len(seen) < n {
		i := rand.IntN(x.n)
		if _, dup := seen[i]; dup {
			continue
		}
		seen[i] = struct{}{}
		f, v := x.pair(i)
		hrandReplyPair(c, f, v, withValues, resp3)
	}
}

// HSCAN key cursor [MATCH pattern] [COUNT count]: one step of an iteration
// over the fields and values (a flat array, in RESP3 too). A packed hash is
// returned whole with cursor 0; a table is walked with SCAN's cursor, so a
// field present for the whole iteration is returned at least once.
func cmdHscan(c *Ctx) {
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
	if !isHash(en) {
		c.Err(ErrWrongType)
		return
	}
	opts, ok := ParseScanOptions(c, c.Args[3:], false)
	if !ok {
		return
	}
	var pairs [][]byte // field, value, field, value...
	switch h := en.Obj.(type) {
	case *hashPacked:
		h.each(func(f, v []byte) bool {
			if opts.Match(f) {
				pairs = append(pairs, f, v)
			}
			return true
		})
		cursor = 0
	case *hashTable:
		var found []*Entry
		collect := func(e *Entry) { found = append(found, e) }
		maxIter := opts.Count
		if maxIter <= math.MaxInt64/10 {
			maxIter *= 10
		} else {
			maxIter = math.MaxInt64
		}
		// Redis counts fields and values against COUNT.
		for {
			cursor = h.d.Scan(cursor, collect)
			if cursor == 0 || maxIter == 0 {
				break
			}
			maxIter--
			if int64(2*len(found)) >= opts.Count {
				break
			}
		}
		for _, e := range found {
			if f := keyView(e.key); opts.Match(f) {
				pairs = append(pairs, f, keyView(e.Str))
			}
		}
	}
	var buf [20]byte
	c.WriteArray(2)
	c.WriteBulk(strconv.AppendUint(buf[:0], cursor, 10))
	c.WriteArray(len(pairs))
	for _, b := range pairs {
		c.WriteBulk(b)
	}
}
