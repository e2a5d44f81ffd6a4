package engine

import "unsafe"

// Entries with their key in the same allocation. A lookup reaches the
// entry (one cache miss) and then compares its key; with the key's bytes in
// a separate allocation that comparison is a second miss, which dominated
// SADD and GET of random keys in profiles. Keys of up to 64 bytes are
// stored right after the entry instead, in the same or the adjacent cache
// line, at no cost in memory: 64 bytes of Entry plus n of key fall in the
// size class the two allocations used to take together.
type (
	entryKey16 struct {
		en Entry
		b  [16]byte
	}
	entryKey32 struct {
		en Entry
		b  [32]byte
	}
	entryKey48 struct {
		en Entry
		b  [48]byte
	}
	entryKey64 struct {
		en Entry
		b  [64]byte
	}
)

// maxInlineKey is the longest key stored in its entry's allocation.
const maxInlineKey = 64

// newKeyEntry returns a new entry whose key is a copy of key (also when
// key is a string: callers pass views of request buffers).
func newKeyEntry[K ~string | ~[]byte](key K) *Entry {
	n := len(key)
	var en *Entry
	var b []byte
	switch {
	case n == 0:
		return &Entry{}
	case n <= 16:
		p := new(entryKey16)
		en, b = &p.en, p.b[:n]
	case n <= 32:
		p := new(entryKey32)
		en, b = &p.en, p.b[:n]
	case n <= 48:
		p := new(entryKey48)
		en, b = &p.en, p.b[:n]
	case n <= maxInlineKey:
		p := new(entryKey64)
		en, b = &p.en, p.b[:n]
	default:
		// string(key) would not copy a string K, which may alias a
		// request buffer (bstr).
		b = make([]byte, n)
		en = &Entry{}
	}
	copy(b, key)
	en.key = unsafe.String(&b[0], n)
	return en
}
