package engine

import (
	"encoding/binary"
	"math"
)

// intset is the small-set encoding of integer members, laid out as Redis's
// intset: members ascending, each stored little-endian in width bytes
// (2, 4 or 8: the widest member ever added needs, since an intset never
// narrows). Ten small integers thus take 20 bytes, not 80.
type intset struct {
	b     []byte
	width uint8 // 0 until the first member, then 2, 4 or 8
}

func intWidth(v int64) uint8 {
	switch {
	case v >= math.MinInt16 && v <= math.MaxInt16:
		return 2
	case v >= math.MinInt32 && v <= math.MaxInt32:
		return 4
	}
	return 8
}

func (is *intset) w() int { return max(int(is.width), 2) }

// len is the number of members.
func (is *intset) len() int { return len(is.b) / is.w() }

// get returns the i-th smallest member.
func (is *intset) get(i int) int64 {
	switch is.w() {
	case 2:
		return int64(int16(binary.LittleEndian.Uint16(is.b[2*i:])))
	case 4:
		return int64(int32(binary.LittleEndian.Uint32(is.b[4*i:])))
	}
	return int64(binary.LittleEndian.Uint64(is.b[8*i:]))
}

func (is *intset) put(i int, v int64) {
	switch is.w() {
	case 2:
		binary.LittleEndian.PutUint16(is.b[2*i:], uint16(v))
	case 4:
		binary.LittleEndian.PutUint32(is.b[4*i:], uint32(v))
	default:
		binary.LittleEndian.PutUint64(is.b[8*i:], uint64(v))
	}
}

// search returns v's position, or where it would be inserted.
func (is *intset) search(v int64) (int, bool) {
	n := is.len()
	if n == 0 {
		return 0, false
	}
	// Values outside the range are common in appends; check the ends first.
	if v > is.get(n-1) {
		return n, false
	}
	if v < is.get(0) {
		return 0, false
	}
	lo, hi := 0, n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if is.get(m) < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < n && is.get(lo) == v
}

// has reports whether v is a member.
func (is *intset) has(v int64) bool {
	if intWidth(v) > uint8(is.w()) {
		return false
	}
	_, ok := is.search(v)
	return ok
}

// add inserts v and reports whether it was new, widening every member
// when v needs more bytes.
func (is *intset) add(v int64) bool {
	if w := intWidth(v); w > uint8(is.w()) {
		is.upgrade(w)
	} else if is.width == 0 {
		is.width = 2
	}
	i, ok := is.search(v)
	if ok {
		return false
	}
	w := is.w()
	n := is.len()
	is.b = append(is.b, make([]byte, w)...)
	copy(is.b[(i+1)*w:], is.b[i*w:n*w])
	is.put(i, v)
	return true
}

// upgrade re-encodes the members with width w.
func (is *intset) upgrade(w uint8) {
	old := *is
	n := old.len()
	is.b = make([]byte, n*int(w), (n+1)*int(w))
	is.width = w
	for i := 0; i < n; i++ {
		is.put(i, old.get(i))
	}
}

// remove deletes v and reports whether it was a member.
func (is *intset) remove(v int64) bool {
	if intWidth(v) > uint8(is.w()) {
		return false
	}
	i, ok := is.search(v)
	if ok {
		is.removeAt(i)
	}
	return ok
}

func (is *intset) removeAt(i int) {
	w := is.w()
	copy(is.b[i*w:], is.b[(i+1)*w:])
	is.b = is.b[:len(is.b)-w]
}

// clone returns an independent copy with the same width.
func (is *intset) clone() intset {
	return intset{b: append([]byte(nil), is.b...), width: is.width}
}

// blobLen is the size of Redis's intset allocation: an 8-byte header and
// the members.
func (is *intset) blobLen() int64 { return 8 + int64(len(is.b)) }
