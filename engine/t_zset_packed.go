package engine

import (
	"bytes"
	"encoding/binary"
	"math"
)

// The packed encoding of a small sorted set, reported as "listpack".
//
// Redis keeps small sorted sets in one listpack allocation; luakv keeps them
// in one []byte, entries in (score, member) order, scanned linearly:
//
//	header   2 bytes: entry count, little endian, saturating at 0xFFFF
//	entry    uvarint(len(member)<<1 | isInt) member score backlen
//	score    isInt: zigzag uvarint of the integral score
//	         else:  8 bytes, the float64's bits, little endian
//	backlen  the entry's length before it, in 7-bit groups read from its
//	         last byte backwards (high bit: more bytes precede), so the
//	         entries can be walked backwards as a listpack's
//
// Integral scores of magnitude up to 2^53 take one to eight bytes; others
// eight. Like Redis's listpack (which stores such scores as integers), the
// packed form turns -0 into 0.
//
// Packed slices are sized to Go's allocation size classes, so the capacity
// reported by cap() is the memory really held and small inserts reuse it.

const (
	zpHeaderLen = 2
	zpCountSat  = 0xFFFF
	zpMaxInt    = 1 << 53
)

// zpNew returns an empty packed set with room for about hint bytes of
// entries.
func zpNew(hint int) []byte {
	b := zpAlloc(zpHeaderLen + hint)
	return b[:zpHeaderLen]
}

// zpAlloc returns a zeroed slice of length n whose capacity is the size
// class the allocator rounds n up to (growslice from nil rounds that way).
func zpAlloc(n int) []byte {
	return append([]byte(nil), make([]byte, n)...)
}

// zpCount returns the number of entries.
func zpCount(lp []byte) int {
	n := int(binary.LittleEndian.Uint16(lp))
	if n < zpCountSat {
		return n
	}
	n = 0
	for pos := zpHeaderLen; pos < len(lp); pos = zpSkip(lp, pos) {
		n++
	}
	return n
}

func zpSetCount(lp []byte, n int) {
	if n > zpCountSat {
		n = zpCountSat
	}
	binary.LittleEndian.PutUint16(lp, uint16(n))
}

// zpUvarint decodes a uvarint at lp[pos:], returning it and the position
// after it. The common one-byte case is inlined.
func zpUvarint(lp []byte, pos int) (uint64, int) {
	if b := lp[pos]; b < 0x80 {
		return uint64(b), pos + 1
	}
	v, n := binary.Uvarint(lp[pos:])
	return v, pos + n
}

// zpScoreInt reports whether f is stored as an integer, and which.
func zpScoreInt(f float64) (int64, bool) {
	if f >= -zpMaxInt && f <= zpMaxInt {
		i := int64(f)
		if float64(i) == f {
			return i, true
		}
	}
	return 0, false
}

func zUvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// zpEntryLen is the encoded size of (member, score), back length included.
func zpEntryLen(mlen int, score float64) int {
	var l int
	if i, ok := zpScoreInt(score); ok {
		l = zUvarintLen(uint64(mlen)<<1|1) + mlen + zUvarintLen(zigzag(i))
	} else {
		l = zUvarintLen(uint64(mlen)<<1) + mlen + 8
	}
	return l + zUvarintLen(uint64(l))
}

// zpPutBacklen writes the back length of an entry of l bytes at dst.
func zpPutBacklen(dst []byte, l int) {
	n := zUvarintLen(uint64(l))
	for i := n - 1; i >= 0; i-- {
		b := byte(l & 0x7f)
		if i > 0 {
			b |= 0x80
		}
		dst[i] = b
		l >>= 7
	}
}

// zpPrev returns the start of the entry that ends at end (the start of
// the following entry, or len(lp)); end must not be the first entry's
// start.
func zpPrev(lp []byte, end int) int {
	p := end - 1
	l, shift := 0, 0
	for {
		b := lp[p]
		l |= int(b&0x7f) << shift
		if b&0x80 == 0 {
			break
		}
		shift += 7
		p--
	}
	return p - l
}

func zigzag(i int64) uint64   { return uint64(i<<1) ^ uint64(i>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// zpPut encodes (member, score) at dst, which must have room for it.
func zpPut(dst []byte, member []byte, score float64) {
	i, isInt := zpScoreInt(score)
	h := uint64(len(member)) << 1
	if isInt {
		h |= 1
	}
	p := binary.PutUvarint(dst, h)
	p += copy(dst[p:], member)
	if isInt {
		p += binary.PutUvarint(dst[p:], zigzag(i))
	} else {
		binary.LittleEndian.PutUint64(dst[p:], math.Float64bits(score))
		p += 8
	}
	zpPutBacklen(dst[p:], p)
}

// zpEntry decodes the entry at pos: its member (aliasing lp), its score and
// the position of the next entry.
func zpEntry(lp []byte, pos int) (member []byte, score float64, next int) {
	h, p := zpUvarint(lp, pos)
	l := int(h >> 1)
	member = lp[p : p+l]
	p += l
	if h&1 != 0 {
		var u uint64
		u, p = zpUvarint(lp, p)
		score = float64(unzigzag(u))
	} else {
		score = math.Float64frombits(binary.LittleEndian.Uint64(lp[p:]))
		p += 8
	}
	return member, score, p + zpBacklenLen(p-pos)
}

// zpBacklenLen is the size of the back length of an entry of l bytes.
func zpBacklenLen(l int) int {
	if l < 0x80 {
		return 1
	}
	return zUvarintLen(uint64(l))
}

// zpMember decodes only the member of the entry at pos and the position of
// its score.
func zpMember(lp []byte, pos int) (member []byte, scorePos int, isInt bool) {
	h, p := zpUvarint(lp, pos)
	l := int(h >> 1)
	return lp[p : p+l], p + l, h&1 != 0
}

// zpSkipScore returns the position of the next entry, given the entry's
// start and the position of its score.
func zpSkipScore(lp []byte, pos, p int, isInt bool) int {
	if !isInt {
		p += 8
	} else {
		for lp[p] >= 0x80 {
			p++
		}
		p++
	}
	return p + zpBacklenLen(p-pos)
}

// zpSkip returns the position of the entry after the one at pos.
func zpSkip(lp []byte, pos int) int {
	_, p, isInt := zpMember(lp, pos)
	return zpSkipScore(lp, pos, p, isInt)
}

// zpScoreAt decodes the score at p.
func zpScoreAt(lp []byte, p int, isInt bool) float64 {
	if isInt {
		u, _ := zpUvarint(lp, p)
		return float64(unzigzag(u))
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(lp[p:]))
}

// zpFind returns the position of member's entry and its score, or pos -1.
func zpFind(lp []byte, member []byte) (int, float64) {
	for pos := zpHeaderLen; pos < len(lp); {
		m, p, isInt := zpMember(lp, pos)
		if len(m) == len(member) && bytes.Equal(m, member) {
			return pos, zpScoreAt(lp, p, isInt)
		}
		pos = zpSkipScore(lp, pos, p, isInt)
	}
	return -1, 0
}

// zpMakeRoom opens n bytes at pos, growing lp (to a size class) if needed.
func zpMakeRoom(lp []byte, pos, n int) []byte {
	need := len(lp) + n
	if need <= cap(lp) {
		lp = lp[:need]
		copy(lp[pos+n:], lp[pos:need-n])
		return lp
	}
	nb := zpAlloc(need)
	copy(nb, lp[:pos])
	copy(nb[pos+n:], lp[pos:])
	return nb
}

// zpInsert adds (member, score), which must be absent, at its sorted place.
func zpInsert(lp []byte, member []byte, score float64) []byte {
	if score == 0 {
		score = 0 // the packed form has no -0, as a listpack
	}
	pos := zpHeaderLen
	for pos < len(lp) {
		m, s, next := zpEntry(lp, pos)
		if s > score || s == score && bytes.Compare(m, member) > 0 {
			break
		}
		pos = next
	}
	n := zpEntryLen(len(member), score)
	lp = zpMakeRoom(lp, pos, n)
	zpPut(lp[pos:], member, score)
	zpSetCount(lp, zpCount(lp)+1)
	return lp
}

// zpDeleteRange removes the bytes of entries [from, to) holding n entries.
func zpDeleteRange(lp []byte, from, to, n int) []byte {
	cnt := zpCount(lp)
	copy(lp[from:], lp[to:])
	lp = lp[:len(lp)-(to-from)]
	zpSetCount(lp, cnt-n)
	if cap(lp) > 256 && cap(lp) > 2*len(lp) {
		// Give back most of the room, as a listpack shrinks.
		nb := zpAlloc(len(lp))
		copy(nb, lp)
		return nb
	}
	return lp
}

// zpOffsets returns the start of every entry (n of them), for random
// access.
func zpOffsets(lp []byte, n int) []int32 {
	offs := make([]int32, 0, n)
	for pos := zpHeaderLen; pos < len(lp); pos = zpSkip(lp, pos) {
		offs = append(offs, int32(pos))
	}
	return offs
}

// zpSeek returns the position of the entry of 0-based rank r (len(lp) if
// r is past the end).
func zpSeek(lp []byte, r int) int {
	pos := zpHeaderLen
	for ; r > 0 && pos < len(lp); r-- {
		pos = zpSkip(lp, pos)
	}
	return pos
}

// zpRedisSize is the size of the listpack Redis would hold for lp's
// entries: a 6-byte header, each element (member, then score) with its
// encoding and back length, and the end byte. MEMORY USAGE reports it.
func zpRedisSize(lp []byte) int64 {
	size := int64(6 + 1)
	for pos := zpHeaderLen; pos < len(lp); {
		m, s, next := zpEntry(lp, pos)
		if v, ok := parseInt(m); ok {
			size += zlpIntEntrySize(v)
		} else {
			size += zlpStrEntrySize(len(m))
		}
		if v, ok := zDouble2ll(s); ok {
			size += zlpIntEntrySize(v)
		} else {
			var buf [32]byte
			size += zlpStrEntrySize(len(AppendDouble(buf[:0], s)))
		}
		pos = next
	}
	return size
}

// zlpIntEntrySize is a listpack integer entry's size with its back length.
func zlpIntEntrySize(v int64) int64 {
	switch {
	case v >= 0 && v <= 127:
		return 2
	case v >= -4096 && v <= 4095:
		return 3
	case v >= -32768 && v <= 32767:
		return 4
	case v >= -8388608 && v <= 8388607:
		return 5
	case v >= -2147483648 && v <= 2147483647:
		return 6
	}
	return 10
}

// zlpStrEntrySize is a listpack string entry's size with its back length.
func zlpStrEntrySize(n int) int64 {
	var l int64
	switch {
	case n < 64:
		l = 1 + int64(n)
	case n < 4096:
		l = 2 + int64(n)
	default:
		l = 5 + int64(n)
	}
	switch {
	case l <= 127:
		return l + 1
	case l < 16383:
		return l + 2
	case l < 2097151:
		return l + 3
	case l < 268435455:
		return l + 4
	}
	return l + 5
}

// zDouble2ll reports whether Redis stores and prints d as an integer (its
// zDouble2ll), and which.
func zDouble2ll(d float64) (int64, bool) {
	const lim = float64(math.MaxInt64 / 2)
	if d < -lim || d > lim || d != d {
		return 0, false
	}
	i := int64(d)
	if float64(i) == d {
		return i, true
	}
	return 0, false
}

// zAppendD2String formats d as Redis's d2string, the form scores take in a
// listpack (and so in ZSCAN of a small set): integral values as integers,
// others "%.17g".
func zAppendD2String(b []byte, d float64) []byte {
	if i, ok := zDouble2ll(d); ok {
		return AppendInt(b, i)
	}
	return AppendDouble(b, d)
}
