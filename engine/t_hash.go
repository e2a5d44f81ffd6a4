package engine

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// Hash values.
//
// A hash lives in Entry.Obj in one of two encodings, as in Redis 7.0:
//
//   - *hashPacked ("listpack"): every field and value in one allocation,
//     scanned linearly. Small hashes are most hashes, and most of their
//     cost in a pointer-per-field table would be pointers, headers and
//     allocator rounding; packed, 100k hashes of 10 short fields cost about
//     what Redis's listpacks cost.
//   - *hashTable ("hashtable"): a dict of fields (engine/dict.go) whose
//     entries hold the values, so HSCAN keeps SCAN's guarantee, plus a dense
//     slice of the same entries for uniform random picks (HRANDFIELD).
//
// A hash starts packed and becomes a table, for good, when it grows past
// hash-max-listpack-entries pairs or is given a field or value longer than
// hash-max-listpack-value bytes (or would pass the 1GB packed size Redis
// allows), which is exactly when Redis 7.0 converts its listpack. Nothing
// converts back.
//
// Views returned by the accessors (field and value bytes) point into the
// value and are valid only until the hash is next written.

// hashPacked is the header of a packed hash's allocation; the pairs follow
// it in the same allocation as field, value, field, value... elements, each
// a uvarint length and its bytes, in insertion order (the order HGETALL
// reports, as Redis's listpack does). The allocation is a plain byte slice
// (no pointers for the collector to scan); the header pointer is its start.
type hashPacked struct {
	used uint32 // bytes in use, header included
	size uint32 // bytes allocated
	n    uint32 // field/value pairs
}

// hpHdr is the size of the packed header; the first element follows it.
const hpHdr = int(unsafe.Sizeof(hashPacked{}))

// hpMaxBytes is the size a packed hash may not reach, Redis's
// LISTPACK_MAX_SAFETY_SIZE; a write that would pass it converts the hash.
const hpMaxBytes = 1 << 30

// newHashPacked allocates an empty packed hash with room for capacity bytes
// (header included), rounded up to the allocator's size class since that
// space is paid for anyway.
func newHashPacked(capacity int) *hashPacked {
	capacity = max(capacity, hpHdr)
	b := append([]byte(nil), make([]byte, capacity)...)
	b = b[:cap(b)]
	p := (*hashPacked)(unsafe.Pointer(unsafe.SliceData(b)))
	p.used, p.size, p.n = uint32(hpHdr), uint32(len(b)), 0
	return p
}

// buf returns the whole allocation, header included.
func (p *hashPacked) buf() []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(p)), p.size)
}

// hpLenSize is the size of the length prefix of an n-byte element.
func hpLenSize(n int) int {
	if n < 0x80 {
		return 1
	}
	return (bits.Len64(uint64(n)) + 6) / 7
}

// hpElemSize is the packed size of an n-byte element.
func hpElemSize(n int) int { return hpLenSize(n) + n }

// hpReadLen reads the element length prefix at off: the length and the
// prefix's width.
func hpReadLen(b []byte, off int) (int, int) {
	if c := b[off]; c < 0x80 {
		return int(c), 1
	}
	return hpReadLenLong(b, off)
}

// hpReadLenLong is hpReadLen's multi-byte case, apart so the one-byte case
// inlines.
func hpReadLenLong(b []byte, off int) (int, int) {
	v, w := binary.Uvarint(b[off:])
	return int(v), w
}

// hpElem returns the element at off and the offset of the next one.
func hpElem(b []byte, off int) ([]byte, int) {
	l, w := hpReadLen(b, off)
	s := off + w
	return b[s : s+l : s+l], s + l
}

// hpPut writes element e at off and returns the offset after it.
func hpPut(b []byte, off int, e []byte) int {
	if len(e) < 0x80 {
		b[off] = byte(len(e))
		off++
	} else {
		off += binary.PutUvarint(b[off:], uint64(len(e)))
	}
	return off + copy(b[off:], e)
}

// find returns the offset of field's value element, or -1.
func (p *hashPacked) find(field []byte) int {
	b := p.buf()
	used := int(p.used)
	for off := hpHdr; off < used; {
		// hpReadLen by hand: this loop is every lookup's cost.
		l, w := int(b[off]), 1
		if l >= 0x80 {
			l, w = hpReadLenLong(b, off)
		}
		s := off + w
		e := s + l
		if l == len(field) && string(b[s:e]) == string(field) {
			return e
		}
		vl, vw := int(b[e]), 1
		if vl >= 0x80 {
			vl, vw = hpReadLenLong(b, e)
		}
		off = e + vw + vl
	}
	return -1
}

// get returns field's value.
func (p *hashPacked) get(field []byte) ([]byte, bool) {
	off := p.find(field)
	if off < 0 {
		return nil, false
	}
	v, _ := hpElem(p.buf(), off)
	return v, true
}

// hpGrowCap is the allocation for a packed hash that needs need bytes:
// the size class jemalloc would give Redis's listpack (four per doubling),
// so that, as in Redis, a hash filled one field at a time is reallocated
// only when it leaves its class, not on every write, for about the same
// slack.
func hpGrowCap(need int) int { return int(jemallocSize(int64(need))) }

// reserve returns p, or a copy of it in a bigger allocation, with room for
// extra more bytes.
func (p *hashPacked) reserve(extra int) *hashPacked {
	need := int(p.used) + extra
	if need <= int(p.size) {
		return p
	}
	q := newHashPacked(hpGrowCap(need))
	copy(q.buf()[hpHdr:], p.buf()[hpHdr:p.used])
	q.used, q.n = p.used, p.n
	return q
}

// trim returns p, or a copy of it in a smaller allocation when less than
// half of p is in use.
func (p *hashPacked) trim() *hashPacked {
	if p.size <= 64 || p.used*2 > p.size {
		return p
	}
	q := newHashPacked(int(p.used))
	copy(q.buf()[hpHdr:], p.buf()[hpHdr:p.used])
	q.used, q.n = p.used, p.n
	return q
}

// set sets field to value and reports whether the field existed. The hash
// may move: the caller must keep the returned pointer.
func (p *hashPacked) set(field, value []byte) (*hashPacked, bool) {
	if off := p.find(field); off >= 0 {
		b := p.buf()
		ol, ow := hpReadLen(b, off)
		oldSize, newSize := ow+ol, hpElemSize(len(value))
		if delta := newSize - oldSize; delta > 0 {
			p = p.reserve(delta)
			b = p.buf()
			copy(b[off+newSize:], b[off+oldSize:p.used])
			p.used += uint32(delta)
		} else if delta < 0 {
			copy(b[off+newSize:], b[off+oldSize:p.used])
			p.used -= uint32(-delta)
		}
		hpPut(b, off, value)
		return p, true
	}
	p = p.reserve(hpElemSize(len(field)) + hpElemSize(len(value)))
	b := p.buf()
	off := hpPut(b, int(p.used), field)
	off = hpPut(b, off, value)
	p.used = uint32(off)
	p.n++
	return p, false
}

// del removes field and reports whether it was there. The hash may move.
func (p *hashPacked) del(field []byte) (*hashPacked, bool) {
	b := p.buf()
	used := int(p.used)
	for off := hpHdr; off < used; {
		l, w := hpReadLen(b, off)
		s := off + w
		e := s + l
		vl, vw := hpReadLen(b, e)
		next := e + vw + vl
		if l == len(field) && string(b[s:e]) == string(field) {
			copy(b[off:], b[next:used])
			p.used -= uint32(next - off)
			p.n--
			return p.trim(), true
		}
		off = next
	}
	return p, false
}

// each calls fn for every pair in order until fn returns false.
func (p *hashPacked) each(fn func(field, value []byte) bool) {
	b := p.buf()
	used := int(p.used)
	for off := hpHdr; off < used; {
		var f, v []byte
		f, off = hpElem(b, off)
		v, off = hpElem(b, off)
		if !fn(f, v) {
			return
		}
	}
}

// offsets returns the offset of every pair's field, for random access.
func (p *hashPacked) offsets() []uint32 {
	offs := make([]uint32, 0, p.n)
	b := p.buf()
	used := int(p.used)
	for off := hpHdr; off < used; {
		offs = append(offs, uint32(off))
		_, off = hpElem(b, off)
		_, off = hpElem(b, off)
	}
	return offs
}

// pairAt returns the pair whose field element starts at off.
func (p *hashPacked) pairAt(off uint32) (field, value []byte) {
	b := p.buf()
	f, next := hpElem(b, int(off))
	v, _ := hpElem(b, next)
	return f, v
}

// clone returns an independent copy in an allocation sized to fit.
func (p *hashPacked) clone() *hashPacked {
	q := newHashPacked(int(p.used))
	copy(q.buf()[hpHdr:], p.buf()[hpHdr:p.used])
	q.used, q.n = p.used, p.n
	return q
}

// hashTable is a hash in a table: dict entries keyed by field with the
// value in Entry.Str, and every entry also in all, at the index its lru
// field holds (unused otherwise inside a collection), so a random pick is
// uniform and O(1).
type hashTable struct {
	d   dict
	all []*Entry
}

func newHashTable(sizeHint int) *hashTable {
	t := &hashTable{all: make([]*Entry, 0, sizeHint)}
	t.d = *newDict()
	if sizeHint > 0 {
		// Presized as Redis presizes a converted listpack: no rehash while
		// the fields are moved in.
		t.d.ht[0] = newDictTable(max(nextPow2(sizeHint), dictInitialSize))
	}
	return t
}

// get returns field's value.
func (t *hashTable) get(field []byte) ([]byte, bool) {
	en := t.d.Find(bstr(field))
	if en == nil {
		return nil, false
	}
	return keyView(en.Str), true
}

// set sets field to value and reports whether the field existed.
func (t *hashTable) set(field, value []byte) bool {
	if en := t.d.Find(bstr(field)); en != nil {
		en.Str = string(value)
		return true
	}
	// One allocation holds both strings.
	s := string(field) + string(value)
	en := &Entry{key: s[:len(field)], Str: s[len(field):], lru: uint32(len(t.all))}
	t.d.Add(en)
	t.all = append(t.all, en)
	return false
}

// del removes field and reports whether it was there.
func (t *hashTable) del(field []byte) bool {
	en := t.d.Delete(bstr(field))
	if en == nil {
		return false
	}
	i, last := en.lru, len(t.all)-1
	if int(i) != last {
		moved := t.all[last]
		t.all[i] = moved
		moved.lru = i
	}
	t.all[last] = nil
	t.all = t.all[:last]
	if cap(t.all) > 64 && len(t.all) < cap(t.all)/4 {
		t.all = append([]*Entry(nil), t.all...)
	}
	// Shrink a table that deletes left mostly empty, as Redis does after
	// every hash delete.
	t.d.ShrinkIfNeeded()
	return true
}

// clone returns an independent copy.
func (t *hashTable) clone() *hashTable {
	c := newHashTable(len(t.all))
	for _, en := range t.all {
		c.set(keyView(en.key), keyView(en.Str))
	}
	return c
}

// hashLimits are the conversion thresholds of the moment
// (hash-max-listpack-entries and hash-max-listpack-value).
type hashLimits struct {
	maxEntries, maxValue int64
}

func hashLimitsOf(e *Engine) hashLimits {
	return hashLimits{e.Config.HashMaxListpackEntries, e.Config.HashMaxListpackValue}
}

// isHash reports whether en holds a hash.
func isHash(en *Entry) bool {
	switch en.Obj.(type) {
	case *hashPacked, *hashTable:
		return true
	}
	return false
}

// hashLen is the number of fields of hash value obj.
func hashLen(obj any) int {
	switch h := obj.(type) {
	case *hashPacked:
		return int(h.n)
	case *hashTable:
		return len(h.all)
	}
	return 0
}

// hashGet returns field's value in obj; the view is valid until the next
// write to the hash.
func hashGet(obj any, field []byte) ([]byte, bool) {
	switch h := obj.(type) {
	case *hashPacked:
		return h.get(field)
	case *hashTable:
		return h.get(field)
	}
	return nil, false
}

// hashEach calls fn for every pair of obj until fn returns false. fn must
// not modify the hash.
func hashEach(obj any, fn func(field, value []byte) bool) {
	switch h := obj.(type) {
	case *hashPacked:
		h.each(fn)
	case *hashTable:
		for _, en := range h.all {
			if !fn(keyView(en.key), keyView(en.Str)) {
				return
			}
		}
	}
}

// hashToTable converts a packed hash to a table.
func hashToTable(p *hashPacked) *hashTable {
	t := newHashTable(int(p.n))
	p.each(func(f, v []byte) bool {
		t.set(f, v)
		return true
	})
	return t
}

// hashPrepare readies obj for setting the given field/value words (only
// their lengths matter): a packed hash is converted if any word is longer
// than the value limit or the writes could pass the packed size limit, as
// Redis's hashTypeTryConversion does before HSET writes anything. It returns
// the (possibly new) value.
func hashPrepare(obj any, args [][]byte, lim hashLimits) any {
	p, ok := obj.(*hashPacked)
	if !ok {
		return obj
	}
	extra := 0
	for _, a := range args {
		if int64(len(a)) > lim.maxValue {
			return hashToTable(p)
		}
		extra += hpElemSize(len(a))
	}
	if int(p.used)+extra > hpMaxBytes {
		return hashToTable(p)
	}
	return p
}

// hashSet sets field to value in obj, converting a packed hash that the
// write takes past the limits, and returns the (possibly new) value and
// whether the field existed.
func hashSet(obj any, field, value []byte, lim hashLimits) (any, bool) {
	switch h := obj.(type) {
	case *hashPacked:
		if int64(len(field)) > lim.maxValue || int64(len(value)) > lim.maxValue ||
			int(h.used)+hpElemSize(len(field))+hpElemSize(len(value)) > hpMaxBytes {
			t := hashToTable(h)
			return t, t.set(field, value)
		}
		p, existed := h.set(field, value)
		if int64(p.n) > lim.maxEntries {
			return hashToTable(p), existed
		}
		return p, existed
	case *hashTable:
		return h, h.set(field, value)
	}
	return obj, false
}

// hashDel removes field from obj and returns the (possibly moved) value and
// whether the field was there.
func hashDel(obj any, field []byte) (any, bool) {
	switch h := obj.(type) {
	case *hashPacked:
		return h.del(field)
	case *hashTable:
		return h, h.del(field)
	}
	return obj, false
}

// newHashFor returns an empty hash ready for the given field/value words:
// packed with room for all of them, or a table when one is too long to
// pack.
func newHashFor(args [][]byte, lim hashLimits) any {
	size := hpHdr
	for _, a := range args {
		if int64(len(a)) > lim.maxValue {
			return newHashTable(len(args) / 2)
		}
		size += hpElemSize(len(a))
	}
	if size > hpMaxBytes {
		return newHashTable(len(args) / 2)
	}
	return newHashPacked(size)
}
