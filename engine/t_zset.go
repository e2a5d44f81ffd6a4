package engine

import (
	"math"
	"math/rand/v2"
)

// ZSet is a sorted set value, held in Entry.Obj. Small sets are packed in
// one byte slice (see t_zset_packed.go; OBJECT ENCODING "listpack"), large
// ones are a skiplist with a member index (t_zset_skiplist.go; "skiplist").
// As in Redis 7.0, a set converts from packed to skiplist when it grows
// past zset-max-listpack-entries members or gets a member longer than
// zset-max-listpack-value bytes, and never back, except that the STORE
// commands build their result in the encoding its size calls for.
type ZSet struct {
	lp []byte // the packed encoding, when sl is nil
	sl *zskiplist
}

// zsetLimits are the encoding thresholds in force.
type zsetLimits struct {
	maxEntries int64
	maxValue   int64
}

func zlimits(e *Engine) zsetLimits {
	return zsetLimits{maxEntries: e.Config.ZSetMaxListpackEntries, maxValue: e.Config.ZSetMaxListpackValue}
}

// newZSetFor returns an empty set in the encoding Redis creates for a first
// member of length firstLen (ZADD, ZINCRBY).
func newZSetFor(l zsetLimits, firstLen int) *ZSet {
	if l.maxEntries == 0 || int64(firstLen) > l.maxValue {
		return &ZSet{sl: newZskiplist()}
	}
	return &ZSet{lp: zpNew(0)}
}

// newZSetSized returns an empty set in the encoding Redis picks for a
// result of n members (ZRANGESTORE): skiplist when n exceeds the entries
// limit.
func newZSetSized(l zsetLimits, n int) *ZSet {
	if int64(n) > l.maxEntries {
		return &ZSet{sl: newZskiplist()}
	}
	return &ZSet{lp: zpNew(0)}
}

// TypeName is "zset".
func (z *ZSet) TypeName() string { return "zset" }

// Encoding is "listpack" or "skiplist", as Redis 7.0 reports.
func (z *ZSet) Encoding() string {
	if z.sl != nil {
		return "skiplist"
	}
	return "listpack"
}

// Len is the number of members.
func (z *ZSet) Len() int {
	if z.sl != nil {
		return z.sl.length
	}
	return zpCount(z.lp)
}

// IsZSet reports whether en holds a sorted set.
func (en *Entry) IsZSet() bool {
	_, ok := en.Obj.(*ZSet)
	return ok
}

// Score returns member's score.
func (z *ZSet) Score(member []byte) (float64, bool) {
	if z.sl != nil {
		if x := z.sl.dict.find(bstr(member)); x != nil {
			return x.score, true
		}
		return 0, false
	}
	pos, s := zpFind(z.lp, member)
	return s, pos >= 0
}

// convert turns a packed set into a skiplist.
func (z *ZSet) convert() {
	if z.sl != nil {
		return
	}
	sl := newZskiplist()
	sl.dict.expand(zpCount(z.lp))
	// Inserting from the largest down keeps every insert at the head.
	for end := len(z.lp); end > zpHeaderLen; {
		start := zpPrev(z.lp, end)
		m, s, _ := zpEntry(z.lp, start)
		sl.dict.add(sl.insert(s, string(m)))
		end = start
	}
	z.sl, z.lp = sl, nil
}

// ZADD flags in and out, as Redis's zsetAdd.
const (
	zaddIncr = 1 << iota
	zaddNX
	zaddXX
	zaddGT
	zaddLT

	zaddOutNaN = 1 << iota
	zaddOutAdded
	zaddOutUpdated
	zaddOutNop
)

// add adds or updates member as Redis's zsetAdd does, converting the
// encoding as needed, and returns what happened and the resulting score.
func (z *ZSet) add(l zsetLimits, score float64, member []byte, flags int) (out int, newScore float64) {
	if math.IsNaN(score) {
		return zaddOutNaN, 0
	}
	incr, nx, xx := flags&zaddIncr != 0, flags&zaddNX != 0, flags&zaddXX != 0
	gt, lt := flags&zaddGT != 0, flags&zaddLT != 0

	var cur float64
	var found bool
	var pos int
	var node *zslNode
	if z.sl == nil {
		pos, cur = zpFind(z.lp, member)
		found = pos >= 0
	} else if node = z.sl.dict.find(bstr(member)); node != nil {
		cur, found = node.score, true
	}
	if found {
		if nx {
			return zaddOutNop, 0
		}
		if incr {
			score += cur
			if math.IsNaN(score) {
				return zaddOutNaN, 0
			}
		}
		if lt && score >= cur || gt && score <= cur {
			return zaddOutNop, 0
		}
		if score == cur {
			return 0, score
		}
		if z.sl == nil {
			z.lp = zpDeleteRange(z.lp, pos, zpSkip(z.lp, pos), 1)
			z.lp = zpInsert(z.lp, member, score)
		} else {
			z.sl.updateScore(cur, node.member, score)
		}
		return zaddOutUpdated, score
	}
	if xx {
		return zaddOutNop, 0
	}
	if z.sl == nil {
		if int64(zpCount(z.lp))+1 > l.maxEntries || int64(len(member)) > l.maxValue {
			z.convert()
		} else {
			z.lp = zpInsert(z.lp, member, score)
			return zaddOutAdded, score
		}
	}
	z.sl.dict.add(z.sl.insert(score, string(member)))
	return zaddOutAdded, score
}

// Delete removes member and reports whether it was there.
func (z *ZSet) Delete(member []byte) bool {
	if z.sl == nil {
		pos, _ := zpFind(z.lp, member)
		if pos < 0 {
			return false
		}
		z.lp = zpDeleteRange(z.lp, pos, zpSkip(z.lp, pos), 1)
		return true
	}
	x := z.sl.dict.remove(bstr(member))
	if x == nil {
		return false
	}
	z.sl.remove(x.score, x.member)
	z.sl.dict.shrinkIfNeeded()
	return true
}

// Rank returns member's 0-based rank (from the highest score when
// reverse), or -1.
func (z *ZSet) Rank(member []byte, reverse bool) int {
	n := z.Len()
	var r int // 1-based
	if z.sl == nil {
		r = 0
		for pos, i := zpHeaderLen, 1; pos < len(z.lp); i++ {
			m, p, isInt := zpMember(z.lp, pos)
			if string(m) == bstr(member) {
				r = i
				break
			}
			pos = zpSkipScore(z.lp, pos, p, isInt)
		}
	} else if x := z.sl.dict.find(bstr(member)); x != nil {
		r = z.sl.rank(x.score, x.member)
	}
	if r == 0 {
		return -1
	}
	if reverse {
		return n - r
	}
	return r - 1
}

// zIter walks a sorted set in either direction.
type zIter struct {
	lp []byte
	// pos is, for a packed set walked forward, the start of the next
	// entry; walked backwards, the end of the next entry. -1 when done.
	pos  int
	node *zslNode
	rev  bool
}

// next returns the next member (valid until the set changes) and score.
func (it *zIter) next() (member []byte, score float64, ok bool) {
	if it.lp != nil {
		if it.rev {
			if it.pos <= zpHeaderLen {
				return nil, 0, false
			}
			start := zpPrev(it.lp, it.pos)
			m, s, _ := zpEntry(it.lp, start)
			it.pos = start
			return m, s, true
		}
		if it.pos >= len(it.lp) || it.pos < 0 {
			return nil, 0, false
		}
		m, s, next := zpEntry(it.lp, it.pos)
		it.pos = next
		return m, s, true
	}
	x := it.node
	if x == nil {
		return nil, 0, false
	}
	if it.rev {
		it.node = x.backward
	} else {
		it.node = x.lv(0).forward
	}
	return x.memberBytes(), x.score, true
}

// iterRank positions it at 0-based rank r counted in its direction (from
// the highest score when rev); r must be within the set.
func (z *ZSet) iterRank(it *zIter, r int, rev bool) {
	it.rev = rev
	if z.sl != nil {
		it.lp = nil
		n := z.sl.length
		switch {
		case !rev && r == 0:
			it.node = z.sl.first()
		case rev && r == 0:
			it.node = z.sl.tail
		case rev:
			it.node = z.sl.byRank(n - r)
		default:
			it.node = z.sl.byRank(r + 1)
		}
		return
	}
	it.lp = z.lp
	if rev {
		// The end of the entry of rank n-1-r is where rank n-r starts.
		it.pos = zpSeek(z.lp, zpCount(z.lp)-r)
		return
	}
	it.pos = zpSeek(z.lp, r)
}

// iterScore positions it at the first member in r (the last when rev), or
// at the end when none is.
func (z *ZSet) iterScore(it *zIter, r *zScoreRange, rev bool) {
	it.rev = rev
	if z.sl != nil {
		it.lp = nil
		if rev {
			it.node = z.sl.lastInRange(r)
		} else {
			it.node = z.sl.firstInRange(r)
		}
		return
	}
	it.lp = z.lp
	it.pos = -1
	if !rev {
		for pos := zpHeaderLen; pos < len(z.lp); {
			_, s, next := zpEntry(z.lp, pos)
			if r.gteMin(s) {
				if r.lteMax(s) {
					it.pos = pos
				}
				break
			}
			pos = next
		}
		return
	}
	for end := len(z.lp); end > zpHeaderLen; {
		start := zpPrev(z.lp, end)
		_, s, _ := zpEntry(z.lp, start)
		if r.lteMax(s) {
			if r.gteMin(s) {
				it.pos = end
			}
			break
		}
		end = start
	}
}

// iterLex positions it at the first member in r (the last when rev), or
// at the end when none is.
func (z *ZSet) iterLex(it *zIter, r *zLexRange, rev bool) {
	it.rev = rev
	if z.sl != nil {
		it.lp = nil
		if rev {
			it.node = z.sl.lastInLex(r)
		} else {
			it.node = z.sl.firstInLex(r)
		}
		return
	}
	it.lp = z.lp
	it.pos = -1
	if !zpInLexRange(z.lp, r) {
		return
	}
	if !rev {
		for pos := zpHeaderLen; pos < len(z.lp); {
			m, s, isInt := zpMember(z.lp, pos)
			if r.gteMin(m) {
				if r.lteMax(m) {
					it.pos = pos
				}
				break
			}
			pos = zpSkipScore(z.lp, pos, s, isInt)
		}
		return
	}
	for end := len(z.lp); end > zpHeaderLen; {
		start := zpPrev(z.lp, end)
		m, _, _ := zpMember(z.lp, start)
		if r.lteMax(m) {
			if r.gteMin(m) {
				it.pos = end
			}
			break
		}
		end = start
	}
}

// zpInLexRange is Redis's zzlIsInLexRange: whether the range is not empty,
// the last member is at or above its min and the first at or below its
// max. Members are ordered by score first, so with mixed scores this
// check decides some results on its own, as it does in Redis.
func zpInLexRange(lp []byte, r *zLexRange) bool {
	if r.empty() || len(lp) <= zpHeaderLen {
		return false
	}
	first, _, _ := zpMember(lp, zpHeaderLen)
	last, _, _ := zpMember(lp, zpPrev(lp, len(lp)))
	return r.gteMin(last) && r.lteMax(first)
}

// skip advances it by n members (fewer if it runs out).
func (it *zIter) skip(n int) {
	for ; n > 0; n-- {
		if _, _, ok := it.next(); !ok {
			return
		}
	}
}

// countScore counts the members with a score in r.
func (z *ZSet) countScore(r *zScoreRange) int {
	if z.sl == nil {
		var it zIter
		z.iterScore(&it, r, false)
		n := 0
		for {
			_, s, ok := it.next()
			if !ok || !r.lteMax(s) {
				return n
			}
			n++
		}
	}
	first := z.sl.firstInRange(r)
	if first == nil {
		return 0
	}
	last := z.sl.lastInRange(r)
	return z.sl.rank(last.score, last.member) - z.sl.rank(first.score, first.member) + 1
}

// countLex counts the members in r.
func (z *ZSet) countLex(r *zLexRange) int {
	if z.sl == nil {
		var it zIter
		z.iterLex(&it, r, false)
		n := 0
		for {
			m, _, ok := it.next()
			if !ok || !r.lteMax(m) {
				return n
			}
			n++
		}
	}
	first := z.sl.firstInLex(r)
	if first == nil {
		return 0
	}
	last := z.sl.lastInLex(r)
	return z.sl.rank(last.score, last.member) - z.sl.rank(first.score, first.member) + 1
}

// deleteRank removes the members of 0-based ranks [start, end], which
// must be within the set, and returns how many it removed.
func (z *ZSet) deleteRank(start, end int) int {
	if z.sl != nil {
		n := z.sl.deleteRangeByRank(start+1, end+1)
		z.sl.dict.shrinkIfNeeded()
		return n
	}
	from := zpSeek(z.lp, start)
	to := from
	for i := start; i <= end && to < len(z.lp); i++ {
		to = zpSkip(z.lp, to)
	}
	n := end - start + 1
	z.lp = zpDeleteRange(z.lp, from, to, n)
	return n
}

// deleteScore removes the members with a score in r.
func (z *ZSet) deleteScore(r *zScoreRange) int {
	if z.sl != nil {
		if r.empty() {
			return 0
		}
		n := z.sl.deleteWhile(func(x *zslNode) bool { return !r.gteMin(x.score) },
			func(x *zslNode) bool { return r.lteMax(x.score) })
		z.sl.dict.shrinkIfNeeded()
		return n
	}
	if r.empty() {
		return 0
	}
	from, to, n := -1, 0, 0
	for pos := zpHeaderLen; pos < len(z.lp); {
		_, s, next := zpEntry(z.lp, pos)
		if from < 0 {
			if r.gteMin(s) {
				from = pos
			} else {
				pos = next
				continue
			}
		}
		if !r.lteMax(s) {
			break
		}
		n++
		to = next
		pos = next
	}
	if n > 0 {
		z.lp = zpDeleteRange(z.lp, from, to, n)
	}
	return n
}

// deleteLex removes the members in r.
func (z *ZSet) deleteLex(r *zLexRange) int {
	if r.empty() {
		return 0
	}
	if z.sl != nil {
		n := z.sl.deleteWhile(func(x *zslNode) bool { return !r.gteMin(x.memberBytes()) },
			func(x *zslNode) bool { return r.lteMax(x.memberBytes()) })
		z.sl.dict.shrinkIfNeeded()
		return n
	}
	if !zpInLexRange(z.lp, r) {
		return 0
	}
	from, to, n := -1, 0, 0
	for pos := zpHeaderLen; pos < len(z.lp); {
		m, p, isInt := zpMember(z.lp, pos)
		next := zpSkipScore(z.lp, pos, p, isInt)
		if from < 0 {
			if r.gteMin(m) {
				from = pos
			} else {
				pos = next
				continue
			}
		}
		if !r.lteMax(m) {
			break
		}
		n++
		to = next
		pos = next
	}
	if n > 0 {
		z.lp = zpDeleteRange(z.lp, from, to, n)
	}
	return n
}

// popOne removes the lowest (or highest, max) member, after passing it
// and its score to fn (the member is valid only during the call). The set
// must not be empty.
func (z *ZSet) popOne(max bool, fn func(member []byte, score float64)) {
	if z.sl != nil {
		x := z.sl.first()
		if max {
			x = z.sl.tail
		}
		fn(x.memberBytes(), x.score)
		z.sl.dict.remove(x.member)
		z.sl.remove(x.score, x.member)
		z.sl.dict.shrinkIfNeeded()
		return
	}
	pos := zpHeaderLen
	if max {
		pos = zpPrev(z.lp, len(z.lp))
	}
	m, s, next := zpEntry(z.lp, pos)
	fn(m, s)
	z.lp = zpDeleteRange(z.lp, pos, next, 1)
}

// at returns the member of 0-based rank r and its score.
func (z *ZSet) at(r int) (member []byte, score float64) {
	if z.sl != nil {
		x := z.sl.byRank(r + 1)
		return x.memberBytes(), x.score
	}
	m, s, _ := zpEntry(z.lp, zpSeek(z.lp, r))
	return m, s
}

// random returns a uniformly chosen member and its score.
func (z *ZSet) random() (member []byte, score float64) {
	return z.at(rand.IntN(z.Len()))
}

// Copy returns an independent copy in the same encoding (COPY).
func (z *ZSet) Copy() any {
	if z.sl == nil {
		lp := zpAlloc(len(z.lp))
		copy(lp, z.lp)
		return &ZSet{lp: lp}
	}
	sl := newZskiplist()
	sl.dict.expand(z.sl.length)
	for x := z.sl.tail; x != nil; x = x.backward {
		sl.dict.add(sl.insert(x.score, x.member))
	}
	return &ZSet{sl: sl}
}

// Sizes of Redis's structures for MEMORY USAGE.
const (
	zsetStructSize     = 16  // zset: dict and skiplist pointers
	zskiplistSize      = 32  // header, tail, length, level
	dictStructSize     = 56  // Redis 7.0's dict
	zslHeaderAllocSize = 640 // a 32-level skiplist node, as jemalloc rounds it
)

// MemoryUsage estimates what the set costs in Redis 7.0: the listpack
// Redis would build for the same members, or the skiplist's fixed parts
// plus the average sampled node (node, member sds, dict entry) times the
// members.
func (z *ZSet) MemoryUsage(samples int64) int64 {
	if z.sl == nil {
		return robjSize + jemallocSize(zpRedisSize(z.lp))
	}
	size := int64(robjSize + zsetStructSize + zskiplistSize + dictStructSize + zslHeaderAllocSize)
	size += 8 * int64(z.sl.dict.slots())
	var ele, n int64
	for x := z.sl.first(); x != nil && n < samples; x = x.lv(0).forward {
		l := int64(len(x.member))
		ele += jemallocSize(sdsHeader(l, true)+l+1) + dictEntrySize + jemallocSize(24+16*int64(x.nlevel))
		n++
	}
	if n > 0 {
		size += int64(float64(ele) / float64(n) * float64(z.sl.length))
	}
	return size
}

// SerializedLen estimates the set's RDB length for DEBUG OBJECT: the
// listpack blob Redis saves for a small set, or the member count and each
// member with its 8-byte binary score for a skiplist. Like the string
// estimate (see serializedLen), it ignores LZF compression.
func (z *ZSet) SerializedLen() int64 {
	if z.sl == nil {
		n := zpRedisSize(z.lp)
		return rdbLenSize(n) + n
	}
	size := rdbLenSize(int64(z.sl.length))
	for x := z.sl.first(); x != nil; x = x.lv(0).forward {
		size += rdbStringLen(x.memberBytes()) + 8
	}
	return size
}
