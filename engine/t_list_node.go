package engine

import (
	"math"
	"slices"
)

// A listNode is one run of consecutive list elements packed into a single
// byte slice, luakv's counterpart of a quicklist node's listpack: a list of
// small elements costs a couple of bytes per element beyond the element
// itself, and one allocation per few kilobytes.
//
// Each element is stored as
//
//	[length, uvarint][bytes][length, uvarint with its bytes reversed]
//
// so the node can be walked from either end: forward by the leading length,
// backward by the trailing one (whose last byte carries the low seven bits
// and a continuation flag when more bytes precede it). An element shorter
// than 128 bytes costs two bytes of framing, as in a listpack.
//
// The elements occupy buf[lo:hi]. The slack on both sides of that window
// lets pushes at either end of the node run in amortized constant time
// instead of moving the whole node; slack is kept bounded (see grow and
// maybeShrink) so that memory stays close to a listpack's.
type listNode struct {
	buf    []byte
	lo, hi int
	count  uint32 // elements in the node
	// lpSize is the size in bytes a Redis listpack holding the same
	// elements would have. Node fill decisions use it so that nodes split
	// where Redis's do, and MEMORY USAGE reports Redis's figure from it.
	lpSize uint32
}

// varLen is the number of bytes of the uvarint encoding of n.
func varLen(n int) int {
	l := 1
	for n >= 0x80 {
		n >>= 7
		l++
	}
	return l
}

// entrySize is the packed size of an element of n bytes.
func entrySize(n int) int { return n + 2*varLen(n) }

// putEntry writes v packed at dst[0:entrySize(len(v))].
func putEntry(dst []byte, v []byte) {
	n := len(v)
	l := varLen(n)
	x := n
	for i := 0; i < l; i++ {
		b := byte(x & 0x7f)
		x >>= 7
		if x != 0 {
			b |= 0x80
		}
		dst[i] = b
		// The trailer holds the same bytes in reverse order.
		dst[l+n+l-1-i] = b
	}
	copy(dst[l:], v)
}

// readEntry decodes the element starting at buf[p] and returns it with the
// offset of the element after it.
func readEntry(buf []byte, p int) ([]byte, int) {
	b := buf[p]
	if b < 0x80 {
		n := int(b)
		return buf[p+1 : p+1+n : p+1+n], p + 2 + n
	}
	n, shift, l := 0, uint(0), 0
	for {
		b = buf[p+l]
		n |= int(b&0x7f) << shift
		l++
		if b < 0x80 {
			break
		}
		shift += 7
	}
	s := p + l
	return buf[s : s+n : s+n], s + n + l
}

// readEntryBack decodes the element ending at buf[e-1] and returns it with
// its start offset.
func readEntryBack(buf []byte, e int) ([]byte, int) {
	b := buf[e-1]
	if b < 0x80 {
		n := int(b)
		s := e - 1 - n
		return buf[s : e-1 : e-1], s - 1
	}
	n, shift, l := 0, uint(0), 0
	for {
		b = buf[e-1-l]
		n |= int(b&0x7f) << shift
		l++
		if b < 0x80 {
			break
		}
		shift += 7
	}
	end := e - l
	s := end - n
	return buf[s:end:end], s - l
}

// skipEntry returns the offset just past the element starting at buf[p].
func skipEntry(buf []byte, p int) int {
	b := buf[p]
	if b < 0x80 {
		return p + 2 + int(b)
	}
	_, next := readEntry(buf, p)
	return next
}

// skipEntryBack returns the start offset of the element ending at buf[e-1].
func skipEntryBack(buf []byte, e int) int {
	b := buf[e-1]
	if b < 0x80 {
		return e - 2 - int(b)
	}
	_, s := readEntryBack(buf, e)
	return s
}

// lpEmptySize is an empty listpack: its 6-byte header and end byte.
const lpEmptySize = 7

// addLP adjusts the node's listpack size by d, saturating rather than
// wrapping for (absurdly) large nodes.
func (n *listNode) addLP(d int) {
	v := int64(n.lpSize) + int64(d)
	n.lpSize = uint32(min(max(v, 0), math.MaxUint32))
}

// used is the number of bytes the elements take.
func (n *listNode) used() int { return n.hi - n.lo }

// newListNode returns a node holding the single element v, with room for
// roughly as many bytes again (up to 64) on the side that pushes will come
// from.
func newListNode(v []byte, front bool) listNode {
	sz := entrySize(len(v))
	return newListNodeCap(v, front, sz+min(sz, 64))
}

// newListNodeCap returns a node holding the single element v in a buffer
// of at least size bytes, the free ones on the side pushes will come from
// (front or back).
func newListNodeCap(v []byte, front bool, size int) listNode {
	sz := entrySize(len(v))
	buf := allocBytes(max(size, sz))
	n := listNode{buf: buf, count: 1, lpSize: lpEmptySize}
	if front {
		n.hi = len(buf)
		n.lo = n.hi - sz
	} else {
		n.hi = sz
	}
	putEntry(buf[n.lo:], v)
	n.addLP(int(lpEntrySize(v)))
	return n
}

// allocBytes returns a byte slice of at least size bytes, using all of the
// allocator's size class.
func allocBytes(size int) []byte {
	b := slices.Grow([]byte(nil), size)
	return b[:cap(b)]
}

// grow reallocates the node so that at least front free bytes precede the
// elements and back free bytes follow them. The spare room of the
// allocator's size class, plus an eighth for nodes over a kilobyte, goes to
// the side that asked for more, so repeated pushes at one end are
// amortized while slack stays about what a listpack's allocator leaves.
func (n *listNode) grow(front, back int) {
	used := n.used()
	need := used + front + back
	extra := 0
	if need > 1024 {
		extra = need / 8
	}
	buf := allocBytes(need + extra)
	spare := len(buf) - need
	lo := front
	if front > back {
		lo += spare
	} else if front == back {
		lo += spare / 2
	}
	copy(buf[lo:], n.buf[n.lo:n.hi])
	n.buf, n.lo, n.hi = buf, lo, lo+used
}

// makeRoom opens a gap of size bytes at offset p (n.lo <= p <= n.hi) and
// returns the gap's new offset. It moves the smaller side of the elements
// into the slack, or reallocates when that side has no room.
func (n *listNode) makeRoom(p, size int) int {
	before, after := p-n.lo, n.hi-p
	switch {
	case before <= after && n.lo >= size:
		copy(n.buf[n.lo-size:], n.buf[n.lo:p])
		n.lo -= size
		return p - size
	case len(n.buf)-n.hi >= size:
		copy(n.buf[p+size:], n.buf[p:n.hi])
		n.hi += size
		return p
	case n.lo >= size:
		copy(n.buf[n.lo-size:], n.buf[n.lo:p])
		n.lo -= size
		return p - size
	}
	// Reallocate, giving the slack to the end the gap is nearer to.
	rel := p - n.lo
	if before <= after {
		n.grow(size, 0)
		copy(n.buf[n.lo-size:], n.buf[n.lo:n.lo+rel])
		n.lo -= size
		return n.lo + rel
	}
	n.grow(0, size)
	q := n.lo + rel
	copy(n.buf[q+size:], n.buf[q:n.hi])
	n.hi += size
	return q
}

// closeGap removes the size bytes at offset p by moving the smaller side
// of the remaining elements over them.
func (n *listNode) closeGap(p, size int) {
	if p-n.lo <= n.hi-(p+size) {
		copy(n.buf[n.lo+size:], n.buf[n.lo:p])
		n.lo += size
	} else {
		copy(n.buf[p:], n.buf[p+size:n.hi])
		n.hi -= size
	}
	n.maybeShrink()
}

// maybeShrink gives memory back once the elements use less than a quarter
// of a node's buffer (after pops and deletions), so a drained node does not
// keep its peak size.
func (n *listNode) maybeShrink() {
	used := n.used()
	if len(n.buf) <= 64 || used*4 >= len(n.buf) {
		return
	}
	buf := allocBytes(used + used/4)
	lo := (len(buf) - used) / 2
	copy(buf[lo:], n.buf[n.lo:n.hi])
	n.buf, n.lo, n.hi = buf, lo, lo+used
}

// fit drops a full node's slack once no more pushes will come to it (a
// new node was started beyond it), when the slack is worth a copy.
func (n *listNode) fit() {
	used := n.used()
	if len(n.buf)-used <= used/8 {
		return
	}
	buf := allocBytes(used)
	copy(buf, n.buf[n.lo:n.hi])
	n.buf, n.lo, n.hi = buf, 0, used
}

// pushFront adds v before the node's first element.
func (n *listNode) pushFront(v []byte) {
	sz := entrySize(len(v))
	if n.lo < sz {
		n.grow(sz, 0)
	}
	n.lo -= sz
	putEntry(n.buf[n.lo:], v)
	n.count++
	n.addLP(int(lpEntrySize(v)))
}

// pushBack adds v after the node's last element.
func (n *listNode) pushBack(v []byte) {
	sz := entrySize(len(v))
	if len(n.buf)-n.hi < sz {
		n.grow(0, sz)
	}
	putEntry(n.buf[n.hi:], v)
	n.hi += sz
	n.count++
	n.addLP(int(lpEntrySize(v)))
}

// front returns the first element, valid until the node is next modified.
func (n *listNode) front() []byte {
	v, _ := readEntry(n.buf, n.lo)
	return v
}

// back returns the last element, valid until the node is next modified.
func (n *listNode) back() []byte {
	v, _ := readEntryBack(n.buf, n.hi)
	return v
}

// popFront removes the first element. A value read by front just before
// stays readable until the next write to the node (a shrink copies the
// elements to a new buffer and leaves the old one intact).
func (n *listNode) popFront() {
	v, next := readEntry(n.buf, n.lo)
	n.addLP(-int(lpEntrySize(v)))
	n.lo = next
	n.count--
	n.maybeShrink()
}

// popBack removes the last element; as with popFront, a value read by back
// just before stays readable until the next write to the node.
func (n *listNode) popBack() {
	v, s := readEntryBack(n.buf, n.hi)
	n.addLP(-int(lpEntrySize(v)))
	n.hi = s
	n.count--
	n.maybeShrink()
}

// trimFront removes the first k elements.
func (n *listNode) trimFront(k int) {
	p := n.lo
	lp := 0
	for ; k > 0; k-- {
		v, next := readEntry(n.buf, p)
		lp += int(lpEntrySize(v))
		p = next
		n.count--
	}
	n.addLP(-lp)
	n.lo = p
	n.maybeShrink()
}

// trimBack removes the last k elements.
func (n *listNode) trimBack(k int) {
	e := n.hi
	lp := 0
	for ; k > 0; k-- {
		v, s := readEntryBack(n.buf, e)
		lp += int(lpEntrySize(v))
		e = s
		n.count--
	}
	n.addLP(-lp)
	n.hi = e
	n.maybeShrink()
}

// offsetOf returns the offset of the i-th element (0 <= i < count),
// walking from whichever end of the node is nearer.
func (n *listNode) offsetOf(i int) int {
	if i <= int(n.count)/2 {
		p := n.lo
		for ; i > 0; i-- {
			p = skipEntry(n.buf, p)
		}
		return p
	}
	e := n.hi
	for j := int(n.count) - i; j > 0; j-- {
		e = skipEntryBack(n.buf, e)
	}
	return e
}

// insertAt inserts v at offset p, which is an element boundary.
func (n *listNode) insertAt(p int, v []byte) {
	sz := entrySize(len(v))
	q := n.makeRoom(p, sz)
	putEntry(n.buf[q:], v)
	n.count++
	n.addLP(int(lpEntrySize(v)))
}

// deleteAt removes the element starting at offset p.
func (n *listNode) deleteAt(p int) {
	v, next := readEntry(n.buf, p)
	n.addLP(-int(lpEntrySize(v)))
	n.count--
	n.closeGap(p, next-p)
}

// replaceAt replaces the element starting at offset p with v.
func (n *listNode) replaceAt(p int, v []byte) {
	old, next := readEntry(n.buf, p)
	n.addLP(int(lpEntrySize(v)) - int(lpEntrySize(old)))
	oldSize, newSize := next-p, entrySize(len(v))
	if newSize > oldSize {
		// Open the difference just before the old entry: together they
		// form the new slot.
		p = n.makeRoom(p, newSize-oldSize)
	} else if d := oldSize - newSize; d > 0 {
		// Drop d bytes of the old slot by moving the smaller side.
		if p-n.lo <= n.hi-next {
			copy(n.buf[n.lo+d:], n.buf[n.lo:p])
			n.lo += d
			p += d
		} else {
			copy(n.buf[p+newSize:], n.buf[next:n.hi])
			n.hi -= d
		}
	}
	putEntry(n.buf[p:], v)
}

// split moves the elements from offset p on into a new node, which it
// returns; n keeps the elements before p.
func (n *listNode) split(p int, k int) listNode {
	tail := n.buf[p:n.hi]
	m := listNode{buf: allocBytes(len(tail)), lpSize: lpEmptySize}
	m.hi = copy(m.buf, tail)
	for q := 0; q < m.hi; {
		v, next := readEntry(m.buf, q)
		m.addLP(int(lpEntrySize(v)))
		n.addLP(-int(lpEntrySize(v)))
		q = next
	}
	m.count = n.count - uint32(k)
	n.count = uint32(k)
	n.hi = p
	return m
}

// appendNode appends all of m's elements to n (merging two nodes).
func (n *listNode) appendNode(m *listNode) {
	size := m.used()
	if len(n.buf)-n.hi < size {
		n.grow(0, size)
	}
	copy(n.buf[n.hi:], m.buf[m.lo:m.hi])
	n.hi += size
	n.count += m.count
	n.addLP(int(m.lpSize) - lpEmptySize)
}

// clone returns an independent copy of the node without its slack.
func (n *listNode) clone() listNode {
	c := *n
	c.buf = allocBytes(n.used())
	c.lo, c.hi = 0, copy(c.buf, n.buf[n.lo:n.hi])
	return c
}
