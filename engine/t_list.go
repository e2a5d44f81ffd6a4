package engine

import (
	"bytes"
	"strconv"
	"sync/atomic"
)

// List is a list value: a sequence of packed nodes (listNode), the shape of
// Redis's quicklist. Pushes and pops at either end touch one node and run
// in amortized constant time; finding an index walks node counts from the
// nearer end and then the elements of one node, so LINDEX and LSET cost a
// few thousand steps on lists of millions of small elements; ranges are
// decoded sequentially straight out of the node bytes.
//
// The nodes live by value in one slice with room kept at both ends, so a
// list of one node costs three allocations (the List, its node slot and the
// node's bytes), like Redis's object, quicklist and listpack.
//
// Redis 7.0 stores every list as a quicklist, whatever its size, and
// OBJECT ENCODING reports "quicklist"; so does luakv.
type List struct {
	nodes []listNode // live nodes are nodes[first : first+n]
	first int32
	n     int32
	fill  int32 // list-max-listpack-size when the list was created
	// compress is list-compress-depth when the list was created. luakv
	// does not compress nodes; the setting is only reported (DEBUG
	// OBJECT), as Redis records it per list.
	compress int32
	count    int
}

// Node fill limits, as Redis's quicklist applies them: a negative fill
// caps a node's listpack bytes at 4, 8, 16, 32 or 64 KB; a positive one
// caps its element count, within a hard 8 KB safety limit.
var listNodeSizeLevels = [...]int{4096, 8192, 16384, 32768, 65536}

const (
	listSizeSafetyLimit = 8192
	listSizeOverhead    = 8         // per-element estimate added when checking a push
	listFillMax         = 1<<15 - 1 // the largest fill a quicklist records
	listCompressMax     = 1<<16 - 1 // the largest compress depth a quicklist records
)

// listPackedThreshold is the element size from which an element gets a
// node of its own (a "plain" node in Redis), 1 GB unless DEBUG
// QUICKLIST-PACKED-THRESHOLD changed it. Like Redis's, it is one setting
// for the process; it is atomic only because tests run engines in
// parallel.
var listPackedThreshold atomic.Int64

const listPackedThresholdDefault = 1 << 30

func init() { listPackedThreshold.Store(listPackedThresholdDefault) }

// SetListPackedThreshold sets the size from which list elements are kept
// in nodes of their own, as DEBUG QUICKLIST-PACKED-THRESHOLD does: 0
// restores the default (1 GB); sizes above 4 GB less 1 MB are refused
// (false), and the caller replies Redis's error. Only the node layout
// changes, never a command's result.
func SetListPackedThreshold(size uint64) bool {
	if size > 1<<32-1<<20 {
		return false
	}
	if size == 0 {
		size = listPackedThresholdDefault
	}
	listPackedThreshold.Store(int64(size))
	return true
}

// isLargeElement reports whether an element (or, for an existing node, its
// listpack size) is at least the packed threshold: such nodes take no
// other element and merge with no other node.
func isLargeElement(size int) bool { return int64(size) >= listPackedThreshold.Load() }

// newList returns an empty list whose nodes follow the fill setting
// (list-max-listpack-size) and which records the compress depth
// (list-compress-depth), both clamped as Redis clamps them.
func newList(fill, compress int) *List {
	fill = min(max(fill, -len(listNodeSizeLevels)), listFillMax)
	compress = min(max(compress, 0), listCompressMax)
	return &List{fill: int32(fill), compress: int32(compress)}
}

// TypeName is what TYPE reports.
func (l *List) TypeName() string { return "list" }

// Encoding is what OBJECT ENCODING reports: Redis 7.0 has no other list
// encoding.
func (l *List) Encoding() string { return "quicklist" }

// Len is the number of elements.
func (l *List) Len() int { return l.count }

func (l *List) node(i int) *listNode { return &l.nodes[int(l.first)+i] }

// sizeAllowed reports whether a node whose listpack would be sz bytes
// meets the fill setting.
func (l *List) sizeAllowed(sz, count int) bool {
	if l.fill < 0 {
		if sz <= listNodeSizeLevels[-l.fill-1] {
			return true
		}
	}
	if sz > listSizeSafetyLimit {
		return false
	}
	return count <= int(l.fill)
}

// allowInsert reports whether node nd may take one more element of size
// bytes or a new node must be started.
func (l *List) allowInsert(nd *listNode, size int) bool {
	return l.fits(int(nd.lpSize), int(nd.count), size)
}

// fits reports whether a node of count elements and lpSize listpack bytes
// may take one more element of size bytes.
func (l *List) fits(lpSize, count, size int) bool {
	if isLargeElement(size) || isLargeElement(lpSize) {
		return false
	}
	return l.sizeAllowed(lpSize+size+listSizeOverhead, count+1)
}

// allowMerge reports whether nodes i and i+1 may become one.
func (l *List) allowMerge(i int) bool {
	a, b := l.node(i), l.node(i+1)
	if isLargeElement(int(a.lpSize)) || isLargeElement(int(b.lpSize)) {
		return false
	}
	// Two listpacks share one header and end byte once merged; Redis
	// deducts 11 bytes for that in its estimate.
	return l.sizeAllowed(int(a.lpSize)+int(b.lpSize)-11, int(a.count+b.count))
}

// insertNode puts nd at node position i (0 <= i <= n), shifting the smaller
// side of the node slice when there is room, growing it otherwise.
func (l *List) insertNode(i int, nd listNode) {
	n, first := int(l.n), int(l.first)
	frontRoom, backRoom := first > 0, first+n < len(l.nodes)
	switch {
	case i == 0 && frontRoom:
		first--
	case i == n && backRoom:
	case backRoom && (i >= n/2 || !frontRoom):
		copy(l.nodes[first+i+1:], l.nodes[first+i:first+n])
	case frontRoom:
		copy(l.nodes[first-1:], l.nodes[first:first+i])
		first--
	default:
		// Double the slice; the new room goes where the insert happened.
		// A list's first node gets a slot of its own: most lists never
		// have a second.
		size := 2 * (n + 1)
		if n == 0 {
			size = 1
		}
		nodes := make([]listNode, size)
		nf := (size - n - 1) / 2
		if i == 0 {
			nf = size - n - 1
		} else if i == n {
			nf = 0
		}
		copy(nodes[nf:], l.nodes[first:first+i])
		copy(nodes[nf+i+1:], l.nodes[first+i:first+n])
		l.nodes, first = nodes, nf
	}
	l.nodes[first+i] = nd
	l.first, l.n = int32(first), int32(n+1)
}

// removeNode drops the node at position i, which the caller has emptied
// or merged away.
func (l *List) removeNode(i int) {
	n, first := int(l.n), int(l.first)
	if i < n/2 {
		copy(l.nodes[first+1:], l.nodes[first:first+i])
		l.nodes[first] = listNode{}
		first++
	} else {
		copy(l.nodes[first+i:], l.nodes[first+i+1:first+n])
		l.nodes[first+n-1] = listNode{}
	}
	n--
	if n == 0 {
		first = 0
	} else if len(l.nodes) > 8 && n*4 < len(l.nodes) {
		nodes := make([]listNode, 2*n)
		nf := n / 2
		copy(nodes[nf:], l.nodes[first:first+n])
		l.nodes, first = nodes, nf
	}
	l.first, l.n = int32(first), int32(n)
}

// mergeNodes merges node i+1 into node i.
func (l *List) mergeNodes(i int) {
	l.node(i).appendNode(l.node(i + 1))
	l.removeNode(i + 1)
}

// mergeAround merges the neighbours of node c where the fill allows, as a
// quicklist does after splitting a node: the two nodes before it, the two
// after it, then c with each side.
func (l *List) mergeAround(c int) {
	if c >= 2 && l.allowMerge(c-2) {
		l.mergeNodes(c - 2)
		c--
	}
	if c+2 < int(l.n) && l.allowMerge(c+1) {
		l.mergeNodes(c + 1)
	}
	if c >= 1 && l.allowMerge(c-1) {
		l.mergeNodes(c - 1)
		c--
	}
	if c+1 < int(l.n) && l.allowMerge(c) {
		l.mergeNodes(c)
	}
}

// PushFront adds v at the head of the list.
func (l *List) PushFront(v []byte) {
	l.count++
	if l.n > 0 {
		h := l.node(0)
		if l.allowInsert(h, len(v)) {
			h.pushFront(v)
			return
		}
		h.fit()
	}
	l.insertNode(0, newListNode(v, true))
}

// PushBack adds v at the tail of the list.
func (l *List) PushBack(v []byte) {
	l.count++
	if l.n > 0 {
		t := l.node(int(l.n) - 1)
		if l.allowInsert(t, len(v)) {
			t.pushBack(v)
			return
		}
		t.fit()
	}
	l.insertNode(int(l.n), newListNode(v, false))
}

// PushAll adds vals in order at the head (left) or the tail. The end node
// is sized once for the values it will take, so a list created by one
// variadic push holds them in an exact-fit buffer, like a listpack.
func (l *List) PushAll(vals [][]byte, left bool) {
	if len(vals) > 1 {
		vals = vals[l.reserve(vals, left):]
	}
	for _, v := range vals {
		l.Push(v, left)
	}
}

// reserve makes room in the end node for the leading values of vals that
// the fill setting lets it take. On an empty list it creates that node with
// the first value and returns 1, the number of values it pushed.
func (l *List) reserve(vals [][]byte, left bool) int {
	var nd *listNode
	lp, count, size, pushed := 0, 0, 0, 0
	if l.n == 0 {
		v := vals[0]
		lp, count, size, pushed = lpEmptySize+int(lpEntrySize(v)), 1, entrySize(len(v)), 1
	} else {
		nd = l.node(0)
		if !left {
			nd = l.node(int(l.n) - 1)
		}
		lp, count = int(nd.lpSize), int(nd.count)
	}
	for _, v := range vals[pushed:] {
		if !l.fits(lp, count, len(v)) {
			break
		}
		lp += int(lpEntrySize(v))
		count++
		size += entrySize(len(v))
	}
	if nd == nil {
		l.count++
		l.insertNode(0, newListNodeCap(vals[0], left, size))
		return 1
	}
	switch {
	case left && nd.lo < size:
		nd.grow(size, 0)
	case !left && len(nd.buf)-nd.hi < size:
		nd.grow(0, size)
	}
	return 0
}

// Push adds v at the head (left) or the tail.
func (l *List) Push(v []byte, left bool) {
	if left {
		l.PushFront(v)
	} else {
		l.PushBack(v)
	}
}

// Peek returns the first (left) or last element of a non-empty list, valid
// until the list is next written (see Pop).
func (l *List) Peek(left bool) []byte {
	if left {
		return l.node(0).front()
	}
	return l.node(int(l.n) - 1).back()
}

// Pop removes the first (left) or last element of a non-empty list. A value
// read by Peek just before stays valid until the next write to the list.
func (l *List) Pop(left bool) {
	l.count--
	i := 0
	if !left {
		i = int(l.n) - 1
	}
	nd := l.node(i)
	if left {
		nd.popFront()
	} else {
		nd.popBack()
	}
	if nd.count == 0 {
		l.removeNode(i)
	}
}

// TrimFront removes the first k elements (k <= Len).
func (l *List) TrimFront(k int) {
	l.count -= k
	for k > 0 {
		nd := l.node(0)
		if int(nd.count) <= k {
			k -= int(nd.count)
			l.removeNode(0)
			continue
		}
		nd.trimFront(k)
		return
	}
}

// TrimBack removes the last k elements (k <= Len).
func (l *List) TrimBack(k int) {
	l.count -= k
	for k > 0 {
		i := int(l.n) - 1
		nd := l.node(i)
		if int(nd.count) <= k {
			k -= int(nd.count)
			l.removeNode(i)
			continue
		}
		nd.trimBack(k)
		return
	}
}

// locate returns the node holding element i (0 <= i < Len) and i's index
// within it, walking node counts from the nearer end of the list.
func (l *List) locate(i int) (ni, k int) {
	if i < l.count/2 {
		for ni = 0; ; ni++ {
			c := int(l.node(ni).count)
			if i < c {
				return ni, i
			}
			i -= c
		}
	}
	j := l.count - 1 - i // position counted from the tail
	for ni = int(l.n) - 1; ; ni-- {
		c := int(l.node(ni).count)
		if j < c {
			return ni, c - 1 - j
		}
		j -= c
	}
}

// Index returns element i (0 <= i < Len), valid until the next write.
func (l *List) Index(i int) []byte {
	ni, k := l.locate(i)
	nd := l.node(ni)
	v, _ := readEntry(nd.buf, nd.offsetOf(k))
	return v
}

// Set replaces element i (0 <= i < Len) with v. As in Redis, the element
// is replaced in its node whatever the new size.
func (l *List) Set(i int, v []byte) {
	ni, k := l.locate(i)
	nd := l.node(ni)
	nd.replaceAt(nd.offsetOf(k), v)
}

// Each calls fn with every element from head to tail until fn returns
// false. The slices are valid until the list is next written; fn must not
// write to the list. (SORT, DUMP and the like read lists through it.)
func (l *List) Each(fn func(v []byte) bool) {
	for i := 0; i < int(l.n); i++ {
		nd := l.node(i)
		for p := nd.lo; p < nd.hi; {
			var v []byte
			v, p = readEntry(nd.buf, p)
			if !fn(v) {
				return
			}
		}
	}
}

// listIter walks a list from an element towards the tail (next) or the
// head (prev). It is invalidated by any write to the list.
type listIter struct {
	l  *List
	ni int
	// p is the offset of the next element to read going forward, or the
	// end offset of the next element going backward.
	p int
}

// iter returns an iterator at element i (0 <= i < Len) for the direction
// given.
func (l *List) iter(i int, forward bool) listIter {
	ni, k := l.locate(i)
	nd := l.node(ni)
	p := nd.offsetOf(k)
	if !forward {
		p = skipEntry(nd.buf, p)
	}
	return listIter{l: l, ni: ni, p: p}
}

// next returns the element at the iterator and moves towards the tail; ok
// is false past the last element.
func (it *listIter) next() (v []byte, ok bool) {
	if it.ni >= int(it.l.n) {
		return nil, false
	}
	nd := it.l.node(it.ni)
	if it.p >= nd.hi {
		it.ni++
		if it.ni >= int(it.l.n) {
			return nil, false
		}
		nd = it.l.node(it.ni)
		it.p = nd.lo
	}
	v, it.p = readEntry(nd.buf, it.p)
	return v, true
}

// prev returns the element at the iterator and moves towards the head; ok
// is false past the first element.
func (it *listIter) prev() (v []byte, ok bool) {
	if it.ni < 0 {
		return nil, false
	}
	nd := it.l.node(it.ni)
	if it.p <= nd.lo {
		it.ni--
		if it.ni < 0 {
			return nil, false
		}
		nd = it.l.node(it.ni)
		it.p = nd.hi
	}
	v, it.p = readEntryBack(nd.buf, it.p)
	return v, true
}

// InsertPivot inserts v before or after the first element equal to pivot,
// searching from the head, and reports whether pivot was found.
func (l *List) InsertPivot(pivot, v []byte, after bool) bool {
	for ni := 0; ni < int(l.n); ni++ {
		nd := l.node(ni)
		for k, p := 0, nd.lo; p < nd.hi; k++ {
			e, next := readEntry(nd.buf, p)
			if bytes.Equal(e, pivot) {
				l.insertAt(ni, k, p, next, v, after)
				return true
			}
			p = next
		}
	}
	return false
}

// insertAt inserts v next to element k of node ni, which spans offsets
// [p, next). Like a quicklist it inserts in place when the node has room,
// else at the near end of the neighbour node, else in a new node, else it
// splits the node and merges what it can around the split.
func (l *List) insertAt(ni, k, p, next int, v []byte, after bool) {
	l.count++
	nd := l.node(ni)
	if l.allowInsert(nd, len(v)) {
		if after {
			p = next
		}
		nd.insertAt(p, v)
		return
	}
	atTail := after && k == int(nd.count)-1
	atHead := !after && k == 0
	switch {
	case atTail && ni+1 < int(l.n) && l.allowInsert(l.node(ni+1), len(v)):
		l.node(ni + 1).pushFront(v)
	case atHead && ni > 0 && l.allowInsert(l.node(ni-1), len(v)):
		l.node(ni - 1).pushBack(v)
	case atTail:
		l.insertNode(ni+1, newListNode(v, true))
	case atHead:
		l.insertNode(ni, newListNode(v, false))
	case isLargeElement(len(v)):
		// A large element goes in a node of its own between the two
		// halves of the split node.
		at, keep := p, k
		if after {
			at, keep = next, k+1
		}
		l.insertNode(ni+1, nd.split(at, keep))
		l.insertNode(ni+1, newListNode(v, false))
	case after:
		// The node keeps elements up to the pivot; the rest move to a
		// new node, which takes v at its head.
		m := nd.split(next, k+1)
		m.pushFront(v)
		l.insertNode(ni+1, m)
		l.mergeAround(ni)
	default:
		// The elements from the pivot on move to a new node; the node
		// keeps the ones before it and takes v at its tail.
		m := nd.split(p, k)
		nd.pushBack(v)
		l.insertNode(ni+1, m)
		l.mergeAround(ni + 1)
	}
}

// RemoveEqual removes elements equal to v, at most limit of them (0 for
// all), scanning from the head or from the tail, and returns how many it
// removed.
func (l *List) RemoveEqual(v []byte, limit int, fromTail bool) int {
	removed := 0
	if !fromTail {
		for ni := 0; ni < int(l.n) && (limit == 0 || removed < limit); {
			nd := l.node(ni)
			removed += nd.filterForward(v, limit-removed, limit == 0)
			if nd.count == 0 {
				l.removeNode(ni)
				continue
			}
			ni++
		}
	} else {
		for ni := int(l.n) - 1; ni >= 0 && (limit == 0 || removed < limit); ni-- {
			nd := l.node(ni)
			removed += nd.filterBackward(v, limit-removed, limit == 0)
			if nd.count == 0 {
				l.removeNode(ni)
			}
		}
	}
	l.count -= removed
	return removed
}

// filterForward removes, from the head of the node, elements equal to v
// (at most limit unless all), compacting the rest towards the head, and
// returns how many it removed.
func (n *listNode) filterForward(v []byte, limit int, all bool) int {
	removed, lp := 0, 0
	w := n.lo
	p := n.lo
	for p < n.hi {
		e, next := readEntry(n.buf, p)
		if (all || removed < limit) && bytes.Equal(e, v) {
			removed++
			lp += int(lpEntrySize(e))
		} else if w != p {
			w += copy(n.buf[w:], n.buf[p:next])
		} else {
			w = next
		}
		p = next
	}
	n.hi = w
	n.count -= uint32(removed)
	n.addLP(-lp)
	n.maybeShrink()
	return removed
}

// filterBackward is filterForward scanning from the tail and compacting
// towards it.
func (n *listNode) filterBackward(v []byte, limit int, all bool) int {
	removed, lp := 0, 0
	w := n.hi
	e := n.hi
	for e > n.lo {
		x, s := readEntryBack(n.buf, e)
		if (all || removed < limit) && bytes.Equal(x, v) {
			removed++
			lp += int(lpEntrySize(x))
		} else if w != e {
			w -= e - s
			copy(n.buf[w:], n.buf[s:e])
		} else {
			w = s
		}
		e = s
	}
	n.lo = w
	n.count -= uint32(removed)
	n.addLP(-lp)
	n.maybeShrink()
	return removed
}

// Copy returns an independent copy of the list (COPY), with the same
// node layout and fill.
func (l *List) Copy() any {
	c := &List{fill: l.fill, compress: l.compress, count: l.count, n: l.n}
	c.nodes = make([]listNode, l.n)
	for i := range c.nodes {
		c.nodes[i] = l.node(i).clone()
	}
	return c
}

// Sizes of Redis 7.0's quicklist structures, for MEMORY USAGE.
const (
	quicklistSize     = 40
	quicklistNodeSize = 40
)

// MemoryUsage is MEMORY USAGE's estimate of the value, computed as Redis
// computes it for a quicklist: the object and quicklist headers, plus the
// average size of the first samples nodes (node header and listpack
// allocation) times the number of nodes. The listpack sizes are the ones
// Redis would have for the same elements, so the figure matches Redis's
// for lists built the same way.
func (l *List) MemoryUsage(samples int64) int64 {
	size := float64(robjSize + quicklistSize)
	var ele, seen int64
	for i := 0; i < int(l.n) && seen < samples; i++ {
		ele += quicklistNodeSize + jemallocSize(int64(l.node(i).lpSize))
		seen++
	}
	if seen > 0 {
		size += float64(ele) / float64(seen) * float64(l.n)
	}
	return int64(size)
}

// SerializedLen estimates the RDB length of the list (DEBUG OBJECT): the
// node count, then each node's container type and listpack as a string.
// Redis LZF-compresses listpacks longer than 20 bytes when that helps;
// luakv does not model compression, so the figure is an upper bound.
func (l *List) SerializedLen() int64 {
	size := rdbLenSize(int64(l.n))
	for i := 0; i < int(l.n); i++ {
		lp := int64(l.node(i).lpSize)
		size += 1 + rdbLenSize(lp) + lp
	}
	return size
}

// DebugExtra is what Redis's DEBUG OBJECT appends for a quicklist: the
// node count, the average elements per node, the fill and compression
// settings and the total listpack bytes.
func (l *List) DebugExtra() string {
	b := append([]byte(nil), " ql_nodes:"...)
	b = strconv.AppendInt(b, int64(l.n), 10)
	b = append(b, " ql_avg_node:"...)
	b = strconv.AppendFloat(b, float64(l.count)/float64(l.n), 'f', 2, 64)
	b = append(b, " ql_listpack_max:"...)
	b = strconv.AppendInt(b, int64(l.fill), 10)
	b = append(b, " ql_compressed:"...)
	if l.compress != 0 {
		b = append(b, '1')
	} else {
		b = append(b, '0')
	}
	b = append(b, " ql_uncompressed_size:"...)
	var size int64
	for i := 0; i < int(l.n); i++ {
		size += int64(l.node(i).lpSize)
	}
	b = strconv.AppendInt(b, size, 10)
	return string(b)
}

// listClampRange converts LRANGE-style start and end (negative counting
// from the tail) for a list of n elements into a non-empty inclusive range,
// or ok false for an empty one.
func listClampRange(start, end int64, n int) (s, e int, ok bool) {
	ln := int64(n)
	if start < 0 {
		start += ln
	}
	if end < 0 {
		end += ln
	}
	if start < 0 {
		start = 0
	}
	if start > end || start >= ln {
		return 0, 0, false
	}
	if end >= ln {
		end = ln - 1
	}
	return int(start), int(end), true
}
