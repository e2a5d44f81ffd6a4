package engine

// What the keyspace commands ask of a hash value: TYPE, OBJECT ENCODING,
// COPY, MEMORY USAGE and DEBUG OBJECT's serializedlength.

import "luakv/engine/rdb"

// TypeName is what TYPE reports.
func (p *hashPacked) TypeName() string { return "hash" }

// TypeName is what TYPE reports.
func (t *hashTable) TypeName() string { return "hash" }

// Encoding is what OBJECT ENCODING reports.
func (p *hashPacked) Encoding() string { return "listpack" }

// Encoding is what OBJECT ENCODING reports.
func (t *hashTable) Encoding() string { return "hashtable" }

// Copy returns an independent copy with the same encoding (COPY).
func (p *hashPacked) Copy() any { return p.clone() }

// Copy returns an independent copy with the same encoding (COPY).
func (t *hashTable) Copy() any { return t.clone() }

// MemoryUsage is MEMORY USAGE's figure for the value: the object header
// plus the allocation of the listpack Redis would hold for the same pairs
// (computed element by element with listpack's encodings, integers
// included). samples does not apply to listpacks.
func (p *hashPacked) MemoryUsage(samples int64) int64 {
	size := int64(lpHeaderSize + 1) // header and end byte
	p.each(func(f, v []byte) bool {
		size += lpEntrySize(f) + lpEntrySize(v)
		return true
	})
	return robjSize + jemallocSize(size)
}

// MemoryUsage is MEMORY USAGE's figure for the value, as Redis computes it
// for a hash table: header, dict and bucket array, plus the average cost of
// the first samples fields (two sds strings and a dict entry) times the
// number of fields.
func (t *hashTable) MemoryUsage(samples int64) int64 {
	slots := int64(len(t.d.ht[0].buckets) + len(t.d.ht[1].buckets))
	size := int64(robjSize+redisDictSize) + 8*slots
	var ele, n int64
	for _, en := range t.all {
		if n >= samples {
			break
		}
		ele += sdsAllocSize(len(en.key)) + sdsAllocSize(len(en.Str)) + dictEntrySize
		n++
	}
	if n > 0 {
		size = int64(float64(size) + float64(ele)/float64(n)*float64(len(t.all)))
	}
	return size
}

// SerializedLen estimates the value's RDB length (DEBUG OBJECT): a packed
// hash is saved as its listpack in one string, a table as a count and its
// strings. Like the string estimate, it ignores LZF compression.
func (p *hashPacked) SerializedLen() int64 {
	size := int64(lpHeaderSize + 1)
	p.each(func(f, v []byte) bool {
		size += lpEntrySize(f) + lpEntrySize(v)
		return true
	})
	return rdbLenSize(size) + size
}

// SerializedLen estimates the value's RDB length (DEBUG OBJECT).
func (t *hashTable) SerializedLen() int64 {
	size := rdbLenSize(int64(len(t.all)))
	for _, en := range t.all {
		size += rdbStringLen(keyView(en.key)) + rdbStringLen(keyView(en.Str))
	}
	return size
}

const (
	redisDictSize = 56 // sizeof(dict) in Redis 7.0
)

// sdsAllocSize is the allocation of an sds string of n bytes as Redis
// creates hash fields and values (sdsnewlen: the 1-byte header under 32
// bytes, except for the empty string).
func sdsAllocSize(n int) int64 {
	hdr := sdsHeader(int64(n), n > 0)
	return jemallocSize(hdr + int64(n) + 1)
}

// lpEntrySize is the size of e as a listpack element: an integer encoding
// when e reads as one (string2ll rules), a string encoding otherwise, plus
// the back length.
func lpEntrySize(e []byte) int64 {
	if v, ok := parseInt(e); ok {
		return lpIntSize(v)
	}
	var enc int64
	n := int64(len(e))
	switch {
	case n < 64:
		enc = 1 + n
	case n < 4096:
		enc = 2 + n
	default:
		enc = 5 + n
	}
	return enc + rdb.BacklenSize(enc)
}
