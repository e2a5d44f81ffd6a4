package engine

import (
	"hash/maphash"
	"math/bits"
	"math/rand/v2"
	"unsafe"
)

// The "skiplist" encoding of a large sorted set: a skiplist ordered by
// (score, member) whose forward links carry spans, so ranks are O(log n),
// plus a hash table from member to node for O(1) score lookups. The hash
// table is intrusive (chained through the nodes themselves), so a member
// costs one node allocation (its levels included) plus its string.

const (
	zslMaxLevel = 32
	// zslP is the chance, out of 0x10000, that a node gets one more level
	// (Redis's ZSKIPLIST_P of 0.25).
	zslP = 0xFFFF / 4
)

type zslLevel struct {
	forward *zslNode
	span    int // number of nodes the forward link jumps over (1 = next)
}

// zslNode is a skiplist node. Its levels are not a field: they are stored
// in the same allocation just before the node, level 0 farthest from it
// (see newZslNode and lv), so a node costs one allocation with no slice
// header, and a search step's score and link are close together.
type zslNode struct {
	score    float64
	nlevel   int
	member   string
	backward *zslNode
	hnext    *zslNode // next node in the same hash bucket
}

// The allocations nodes live in: levels, then the node. Nodes of more than
// four levels (about one in 250) use the largest form.
type (
	zslNode1 struct {
		l [1]zslLevel
		n zslNode
	}
	zslNode2 struct {
		l [2]zslLevel
		n zslNode
	}
	zslNode3 struct {
		l [3]zslLevel
		n zslNode
	}
	zslNode4 struct {
		l [4]zslLevel
		n zslNode
	}
	zslNodeMax struct {
		l [zslMaxLevel]zslLevel
		n zslNode
	}
)

const zslLevelSize = int(unsafe.Sizeof(zslLevel{}))

func newZslNode(level int, score float64, member string) *zslNode {
	var n *zslNode
	switch level {
	case 1:
		n = &(&zslNode1{}).n
	case 2:
		n = &(&zslNode2{}).n
	case 3:
		n = &(&zslNode3{}).n
	case 4:
		n = &(&zslNode4{}).n
	default:
		n = &(&zslNodeMax{}).n
	}
	n.nlevel, n.score, n.member = level, score, member
	return n
}

// lv returns x's level i (0 <= i < x.nlevel), which lives in x's
// allocation just before x.
func (x *zslNode) lv(i int) *zslLevel {
	return (*zslLevel)(unsafe.Add(unsafe.Pointer(x), -zslLevelSize*(x.nlevel-i)))
}

// memberBytes views a node's member as bytes without copying; callers
// must not modify or retain it beyond the node's life.
func (n *zslNode) memberBytes() []byte {
	return unsafe.Slice(unsafe.StringData(n.member), len(n.member))
}

type zskiplist struct {
	header *zslNode
	tail   *zslNode
	length int
	level  int
	dict   zdict
}

func newZskiplist() *zskiplist {
	return &zskiplist{header: newZslNode(zslMaxLevel, 0, ""), level: 1, dict: zdict{rehashIdx: -1}}
}

func zslRandomLevel() int {
	level := 1
	for rand.Uint32()&0xFFFF < zslP && level < zslMaxLevel {
		level++
	}
	return level
}

// less reports whether (score, member) sorts before node x.
func zslLess(x *zslNode, score float64, member string) bool {
	return x.score < score || x.score == score && x.member < member
}

// insert adds a node for (score, member), which must be absent from the
// list (the dict is the caller's business), and returns it.
func (zsl *zskiplist) insert(score float64, member string) *zslNode {
	x := newZslNode(zslRandomLevel(), score, member)
	zsl.insertNode(x)
	return x
}

// insertNode links x, whose links are unset, at its place by score and
// member, keeping its number of levels.
func (zsl *zskiplist) insertNode(x *zslNode) {
	var update [zslMaxLevel]*zslNode
	var rank [zslMaxLevel]int
	score, member := x.score, x.member
	h := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		if i != zsl.level-1 {
			rank[i] = rank[i+1]
		}
		for f := h.lv(i).forward; f != nil && zslLess(f, score, member); f = h.lv(i).forward {
			rank[i] += h.lv(i).span
			h = f
		}
		update[i] = h
	}
	level := x.nlevel
	if level > zsl.level {
		for i := zsl.level; i < level; i++ {
			rank[i] = 0
			update[i] = zsl.header
			update[i].lv(i).span = zsl.length
		}
		zsl.level = level
	}
	for i := 0; i < level; i++ {
		x.lv(i).forward = update[i].lv(i).forward
		update[i].lv(i).forward = x
		x.lv(i).span = update[i].lv(i).span - (rank[0] - rank[i])
		update[i].lv(i).span = (rank[0] - rank[i]) + 1
	}
	for i := level; i < zsl.level; i++ {
		update[i].lv(i).span++
	}
	x.backward = nil
	if update[0] != zsl.header {
		x.backward = update[0]
	}
	if x.lv(0).forward != nil {
		x.lv(0).forward.backward = x
	} else {
		zsl.tail = x
	}
	zsl.length++
}

// unlink removes x given the rightmost node before it on every level.
func (zsl *zskiplist) unlink(x *zslNode, update *[zslMaxLevel]*zslNode) {
	for i := 0; i < zsl.level; i++ {
		if update[i].lv(i).forward == x {
			update[i].lv(i).span += x.lv(i).span - 1
			update[i].lv(i).forward = x.lv(i).forward
		} else {
			update[i].lv(i).span--
		}
	}
	if x.lv(0).forward != nil {
		x.lv(0).forward.backward = x.backward
	} else {
		zsl.tail = x.backward
	}
	for zsl.level > 1 && zsl.header.lv(zsl.level-1).forward == nil {
		zsl.level--
	}
	zsl.length--
}

// findUpdate fills update with the rightmost node before (score, member)
// on every level and returns the node at that place (which may not match).
func (zsl *zskiplist) findUpdate(score float64, member string, update *[zslMaxLevel]*zslNode) *zslNode {
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.lv(i).forward; f != nil && zslLess(f, score, member); f = x.lv(i).forward {
			x = f
		}
		update[i] = x
	}
	return x.lv(0).forward
}

// remove deletes the node of (score, member) from the list and returns it,
// or nil.
func (zsl *zskiplist) remove(score float64, member string) *zslNode {
	var update [zslMaxLevel]*zslNode
	x := zsl.findUpdate(score, member, &update)
	if x == nil || x.score != score || x.member != member {
		return nil
	}
	zsl.unlink(x, &update)
	return x
}

// updateScore moves the node of (cur, member) to newScore. When the node
// stays in place its score changes in place; otherwise the same node is
// unlinked and linked again at its new place, so the dict, which chains
// through it, is unaffected.
func (zsl *zskiplist) updateScore(cur float64, member string, newScore float64) {
	var update [zslMaxLevel]*zslNode
	x := zsl.findUpdate(cur, member, &update)
	if (x.backward == nil || x.backward.score < newScore) &&
		(x.lv(0).forward == nil || x.lv(0).forward.score > newScore) {
		x.score = newScore
		return
	}
	zsl.unlink(x, &update)
	x.score = newScore
	zsl.insertNode(x)
}

// rank returns the 1-based rank of (score, member), or 0 if absent.
func (zsl *zskiplist) rank(score float64, member string) int {
	r := 0
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.lv(i).forward; f != nil && (f.score < score || f.score == score && f.member <= member); f = x.lv(i).forward {
			r += x.lv(i).span
			x = f
		}
		if x != zsl.header && x.score == score && x.member == member {
			return r
		}
	}
	return 0
}

// byRank returns the node of 1-based rank r, or nil.
func (zsl *zskiplist) byRank(r int) *zslNode {
	traversed := 0
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for x.lv(i).forward != nil && traversed+x.lv(i).span <= r {
			traversed += x.lv(i).span
			x = x.lv(i).forward
		}
		if traversed == r {
			return x
		}
	}
	return nil
}

func (zsl *zskiplist) first() *zslNode { return zsl.header.lv(0).forward }

// firstInRange returns the first node with a score in r, or nil.
func (zsl *zskiplist) firstInRange(r *zScoreRange) *zslNode {
	if r.empty() || zsl.tail == nil || !r.gteMin(zsl.tail.score) || !r.lteMax(zsl.first().score) {
		return nil
	}
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.lv(i).forward; f != nil && !r.gteMin(f.score); f = x.lv(i).forward {
			x = f
		}
	}
	x = x.lv(0).forward
	if x == nil || !r.lteMax(x.score) {
		return nil
	}
	return x
}

// lastInRange returns the last node with a score in r, or nil.
func (zsl *zskiplist) lastInRange(r *zScoreRange) *zslNode {
	if r.empty() || zsl.tail == nil || !r.gteMin(zsl.tail.score) || !r.lteMax(zsl.first().score) {
		return nil
	}
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.lv(i).forward; f != nil && r.lteMax(f.score); f = x.lv(i).forward {
			x = f
		}
	}
	if x == zsl.header || !r.gteMin(x.score) {
		return nil
	}
	return x
}

// firstInLex returns the first node with a member in r, or nil.
func (zsl *zskiplist) firstInLex(r *zLexRange) *zslNode {
	if r.empty() || zsl.tail == nil || !r.gteMin(zsl.tail.memberBytes()) || !r.lteMax(zsl.first().memberBytes()) {
		return nil
	}
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.lv(i).forward; f != nil && !r.gteMin(f.memberBytes()); f = x.lv(i).forward {
			x = f
		}
	}
	x = x.lv(0).forward
	if x == nil || !r.lteMax(x.memberBytes()) {
		return nil
	}
	return x
}

// lastInLex returns the last node with a member in r, or nil.
func (zsl *zskiplist) lastInLex(r *zLexRange) *zslNode {
	if r.empty() || zsl.tail == nil || !r.gteMin(zsl.tail.memberBytes()) || !r.lteMax(zsl.first().memberBytes()) {
		return nil
	}
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.lv(i).forward; f != nil && r.lteMax(f.memberBytes()); f = x.lv(i).forward {
			x = f
		}
	}
	if x == zsl.header || !r.gteMin(x.memberBytes()) {
		return nil
	}
	return x
}

// deleteWhile removes, from the list and the dict, the run of nodes that
// starts after the last node for which before reports true and goes on
// while keep reports true, and returns how many it removed.
func (zsl *zskiplist) deleteWhile(before func(*zslNode) bool, keep func(*zslNode) bool) int {
	var update [zslMaxLevel]*zslNode
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.lv(i).forward; f != nil && before(f); f = x.lv(i).forward {
			x = f
		}
		update[i] = x
	}
	x = x.lv(0).forward
	removed := 0
	for x != nil && keep(x) {
		next := x.lv(0).forward
		zsl.unlink(x, &update)
		zsl.dict.remove(x.member)
		removed++
		x = next
	}
	return removed
}

// deleteRangeByRank removes the nodes of 1-based ranks [start, end].
func (zsl *zskiplist) deleteRangeByRank(start, end int) int {
	var update [zslMaxLevel]*zslNode
	traversed := 0
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for x.lv(i).forward != nil && traversed+x.lv(i).span < start {
			traversed += x.lv(i).span
			x = x.lv(i).forward
		}
		update[i] = x
	}
	traversed++
	x = x.lv(0).forward
	removed := 0
	for x != nil && traversed <= end {
		next := x.lv(0).forward
		zsl.unlink(x, &update)
		zsl.dict.remove(x.member)
		removed++
		traversed++
		x = next
	}
	return removed
}

// zdict is the member -> node hash table of a skiplist-encoded set: chained
// through zslNode.hnext, with Redis's incremental rehashing, so ZSCAN's
// reverse-binary cursor keeps SCAN's guarantee while the table resizes.
type zdict struct {
	ht        [2]zdictTable
	rehashIdx int // bucket of ht[0] to move next; -1 when not rehashing
}

type zdictTable struct {
	buckets []*zslNode
	mask    uint64
	used    int
}

// zsetSeed seeds the member hash of every sorted set.
var zsetSeed = maphash.MakeSeed()

func zhash(member string) uint64 { return maphash.String(zsetSeed, member) }

func (d *zdict) len() int { return d.ht[0].used + d.ht[1].used }

func (d *zdict) rehashing() bool { return d.rehashIdx >= 0 }

// slots is the number of buckets of both tables (MEMORY USAGE).
func (d *zdict) slots() int { return len(d.ht[0].buckets) + len(d.ht[1].buckets) }

func (d *zdict) rehashStep(n int) {
	empty := n * 10
	old := &d.ht[0]
	for ; n > 0 && old.used > 0; n-- {
		for old.buckets[d.rehashIdx] == nil {
			d.rehashIdx++
			if empty--; empty == 0 {
				return
			}
		}
		for x := old.buckets[d.rehashIdx]; x != nil; {
			next := x.hnext
			i := zhash(x.member) & d.ht[1].mask
			x.hnext = d.ht[1].buckets[i]
			d.ht[1].buckets[i] = x
			old.used--
			d.ht[1].used++
			x = next
		}
		old.buckets[d.rehashIdx] = nil
		d.rehashIdx++
	}
	if old.used == 0 {
		d.ht[0] = d.ht[1]
		d.ht[1] = zdictTable{}
		d.rehashIdx = -1
	}
}

func (d *zdict) find(member string) *zslNode {
	if d.len() == 0 {
		return nil
	}
	if d.rehashing() {
		d.rehashStep(1)
	}
	h := zhash(member)
	for t := 0; t < 2; t++ {
		tb := &d.ht[t]
		if tb.buckets == nil {
			break
		}
		for x := tb.buckets[h&tb.mask]; x != nil; x = x.hnext {
			if x.member == member {
				return x
			}
		}
		if !d.rehashing() {
			break
		}
	}
	return nil
}

// add inserts x, whose member must be absent.
func (d *zdict) add(x *zslNode) {
	if d.rehashing() {
		d.rehashStep(1)
	}
	if !d.rehashing() {
		if d.ht[0].buckets == nil {
			d.ht[0] = newZdictTable(4)
		} else if d.ht[0].used >= len(d.ht[0].buckets) {
			d.resize(d.ht[0].used + 1)
		}
	}
	tb := &d.ht[0]
	if d.rehashing() {
		tb = &d.ht[1]
	}
	i := zhash(x.member) & tb.mask
	x.hnext = tb.buckets[i]
	tb.buckets[i] = x
	tb.used++
}

// remove unlinks member's node and returns it, or nil.
func (d *zdict) remove(member string) *zslNode {
	if d.len() == 0 {
		return nil
	}
	if d.rehashing() {
		d.rehashStep(1)
	}
	h := zhash(member)
	for t := 0; t < 2; t++ {
		tb := &d.ht[t]
		if tb.buckets == nil {
			break
		}
		for p := &tb.buckets[h&tb.mask]; *p != nil; p = &(*p).hnext {
			if x := *p; x.member == member {
				*p = x.hnext
				x.hnext = nil
				tb.used--
				return x
			}
		}
		if !d.rehashing() {
			break
		}
	}
	return nil
}

// shrinkIfNeeded starts a shrink when under 10% full, as Redis does after
// deleting from a sorted set.
func (d *zdict) shrinkIfNeeded() {
	if d.rehashing() || d.ht[0].buckets == nil {
		return
	}
	size, used := len(d.ht[0].buckets), d.ht[0].used
	if size > 4 && used*100/size < 10 {
		d.resize(used)
	}
}

func (d *zdict) resize(n int) {
	if d.rehashing() {
		return
	}
	size := max(nextPow2(n), 4)
	if size == len(d.ht[0].buckets) {
		return
	}
	d.ht[1] = newZdictTable(size)
	d.rehashIdx = 0
}

// expand presizes an empty dict for n members.
func (d *zdict) expand(n int) {
	if d.len() == 0 && !d.rehashing() {
		d.ht[0] = newZdictTable(max(nextPow2(n), 4))
	}
}

func newZdictTable(size int) zdictTable {
	return zdictTable{buckets: make([]*zslNode, size), mask: uint64(size - 1)}
}

// scan calls fn for the nodes of one cursor step and returns the next
// cursor, exactly as the keyspace dict's Scan.
func (d *zdict) scan(cursor uint64, fn func(*zslNode)) uint64 {
	if d.len() == 0 {
		return 0
	}
	next := func(c, m uint64) uint64 {
		c |= ^m
		c = bits.Reverse64(c)
		c++
		return bits.Reverse64(c)
	}
	if !d.rehashing() {
		t0 := &d.ht[0]
		for x := t0.buckets[cursor&t0.mask]; x != nil; x = x.hnext {
			fn(x)
		}
		return next(cursor, t0.mask)
	}
	t0, t1 := &d.ht[0], &d.ht[1]
	if len(t0.buckets) > len(t1.buckets) {
		t0, t1 = t1, t0
	}
	m0, m1 := t0.mask, t1.mask
	for x := t0.buckets[cursor&m0]; x != nil; x = x.hnext {
		fn(x)
	}
	for {
		for x := t1.buckets[cursor&m1]; x != nil; x = x.hnext {
			fn(x)
		}
		cursor = next(cursor, m1)
		if cursor&(m0^m1) == 0 {
			break
		}
	}
	return cursor
}
