package engine

import (
	"hash/maphash"
	"math/bits"
	"math/rand/v2"
	"time"
)

// Entry is one key of a database with its value. A string value lives in Str
// (no boxing); any other type lives in Obj.
type Entry struct {
	next *Entry
	key  string
	// Str is the value of a plain string key when Obj is nil.
	Str string
	// Obj holds a value that is not a plain immutable string: *RawString for
	// strings modified in place, and the collection types.
	Obj any
	lru uint32 // LRU clock (seconds) of the last access, for OBJECT IDLETIME
	// Raw marks a string written in place (APPEND, SETRANGE, SETBIT...), which
	// Redis reports as "raw" whatever its length.
	Raw bool
}

// Key returns the entry's key.
func (en *Entry) Key() string { return en.key }

// dict is a chained hash table with Redis's incremental rehashing, so that
// SCAN's reverse-binary cursor visits every key present for the whole scan
// even while the table grows or shrinks.
type dict struct {
	ht        [2]dictTable
	rehashIdx int // bucket of ht[0] to move next; -1 when not rehashing
	seed      maphash.Seed
}

type dictTable struct {
	buckets []*Entry
	mask    uint64
	used    int
}

const dictInitialSize = 4

func newDict() *dict {
	return &dict{rehashIdx: -1, seed: maphash.MakeSeed()}
}

func (d *dict) hash(key string) uint64 { return maphash.String(d.seed, key) }

// Len is the number of keys.
func (d *dict) Len() int { return d.ht[0].used + d.ht[1].used }

func (d *dict) rehashing() bool { return d.rehashIdx >= 0 }

// rehashStep moves up to n buckets from the old table to the new one,
// visiting at most 10*n empty buckets, as Redis's dictRehash does.
func (d *dict) rehashStep(n int) {
	if !d.rehashing() {
		return
	}
	empty := n * 10
	old := &d.ht[0]
	for ; n > 0 && old.used > 0; n-- {
		for old.buckets[d.rehashIdx] == nil {
			d.rehashIdx++
			if empty--; empty == 0 {
				return
			}
		}
		en := old.buckets[d.rehashIdx]
		for en != nil {
			next := en.next
			i := d.hash(en.key) & d.ht[1].mask
			en.next = d.ht[1].buckets[i]
			d.ht[1].buckets[i] = en
			old.used--
			d.ht[1].used++
			en = next
		}
		old.buckets[d.rehashIdx] = nil
		d.rehashIdx++
	}
	if old.used == 0 {
		d.ht[0] = d.ht[1]
		d.ht[1] = dictTable{}
		d.rehashIdx = -1
	}
}

// Find returns the entry for key, or nil.
func (d *dict) Find(key string) *Entry {
	if d.Len() == 0 {
		return nil
	}
	if d.rehashing() {
		d.rehashStep(1)
	}
	h := d.hash(key)
	for t := 0; t < 2; t++ {
		tb := &d.ht[t]
		if tb.buckets == nil {
			break
		}
		for en := tb.buckets[h&tb.mask]; en != nil; en = en.next {
			if en.key == key {
				return en
			}
		}
		if !d.rehashing() {
			break
		}
	}
	return nil
}

// Add inserts en, whose key must not be present.
func (d *dict) Add(en *Entry) {
	if d.rehashing() {
		d.rehashStep(1)
	}
	d.expandIfNeeded()
	tb := &d.ht[0]
	if d.rehashing() {
		tb = &d.ht[1]
	}
	i := d.hash(en.key) & tb.mask
	en.next = tb.buckets[i]
	tb.buckets[i] = en
	tb.used++
}

// Delete removes key and returns its entry, or nil.
func (d *dict) Delete(key string) *Entry {
	if d.Len() == 0 {
		return nil
	}
	if d.rehashing() {
		d.rehashStep(1)
	}
	h := d.hash(key)
	for t := 0; t < 2; t++ {
		tb := &d.ht[t]
		if tb.buckets == nil {
			break
		}
		var prev *Entry
		for en := tb.buckets[h&tb.mask]; en != nil; en = en.next {
			if en.key == key {
				if prev == nil {
					tb.buckets[h&tb.mask] = en.next
				} else {
					prev.next = en.next
				}
				en.next = nil
				tb.used--
				return en
			}
			prev = en
		}
		if !d.rehashing() {
			break
		}
	}
	return nil
}

func (d *dict) expandIfNeeded() {
	if d.rehashing() {
		return
	}
	if d.ht[0].buckets == nil {
		d.ht[0] = newDictTable(dictInitialSize)
		return
	}
	if d.ht[0].used >= len(d.ht[0].buckets) {
		d.resize(d.ht[0].used + 1)
	}
}

// ShrinkIfNeeded starts a shrink when the table is under 10% full, as Redis's
// cron does.
func (d *dict) ShrinkIfNeeded() {
	if d.rehashing() || d.ht[0].buckets == nil {
		return
	}
	size, used := len(d.ht[0].buckets), d.ht[0].used
	if size > dictInitialSize && used*100/size < 10 {
		d.resize(used)
	}
}

// resize starts rehashing into a table sized for n keys. Like Redis's
// dictExpand it does nothing while a rehash is in progress, which would
// otherwise orphan the keys already moved to the new table.
func (d *dict) resize(n int) {
	if d.rehashing() {
		return
	}
	size := nextPow2(n)
	if size < dictInitialSize {
		size = dictInitialSize
	}
	if size == len(d.ht[0].buckets) {
		return
	}
	d.ht[1] = newDictTable(size)
	d.rehashIdx = 0
}

// RehashFor moves buckets, a hundred at a time, for about budget or until
// the rehash is done; the cron calls it so idle databases finish rehashing.
func (d *dict) RehashFor(budget time.Duration) {
	start := time.Now()
	for d.rehashing() {
		d.rehashStep(100)
		if time.Since(start) > budget {
			return
		}
	}
}

func newDictTable(size int) dictTable {
	return dictTable{buckets: make([]*Entry, size), mask: uint64(size - 1)}
}

func nextPow2(n int) int {
	if n <= 1 {
		return 1
	}
	return 1 << bits.Len(uint(n-1))
}

// Scan calls fn for the keys of one cursor step and returns the next cursor
// (0 when the scan is complete), with Redis's reverse-binary cursor: a key
// present from the first call to the last is returned at least once.
func (d *dict) Scan(cursor uint64, fn func(*Entry)) uint64 {
	if d.Len() == 0 {
		return 0
	}
	if !d.rehashing() {
		t0 := &d.ht[0]
		m0 := t0.mask
		for en := t0.buckets[cursor&m0]; en != nil; en = en.next {
			fn(en)
		}
		cursor |= ^m0
		cursor = bits.Reverse64(cursor)
		cursor++
		cursor = bits.Reverse64(cursor)
		return cursor
	}
	t0, t1 := &d.ht[0], &d.ht[1]
	if len(t0.buckets) > len(t1.buckets) {
		t0, t1 = t1, t0
	}
	m0, m1 := t0.mask, t1.mask
	for en := t0.buckets[cursor&m0]; en != nil; en = en.next {
		fn(en)
	}
	// Visit the larger table's buckets that expand the smaller one's.
	for {
		for en := t1.buckets[cursor&m1]; en != nil; en = en.next {
			fn(en)
		}
		cursor |= ^m1
		cursor = bits.Reverse64(cursor)
		cursor++
		cursor = bits.Reverse64(cursor)
		if cursor&(m0^m1) == 0 {
			break
		}
	}
	return cursor
}

// Random returns a random entry, or nil when empty: a random non-empty bucket,
// then a random element of its chain, as Redis's dictGetRandomKey.
func (d *dict) Random() *Entry {
	if d.Len() == 0 {
		return nil
	}
	if d.rehashing() {
		d.rehashStep(1)
	}
	var head *Entry
	if d.rehashing() {
		s0, s1 := len(d.ht[0].buckets), len(d.ht[1].buckets)
		for head == nil {
			i := d.rehashIdx + rand.IntN(s0+s1-d.rehashIdx)
			if i >= s0 {
				head = d.ht[1].buckets[i-s0]
			} else {
				head = d.ht[0].buckets[i]
			}
		}
	} else {
		for head == nil {
			head = d.ht[0].buckets[rand.Uint64()&d.ht[0].mask]
		}
	}
	n := 0
	for en := head; en != nil; en = en.next {
		n++
	}
	k := rand.IntN(n)
	en := head
	for ; k > 0; k-- {
		en = en.next
	}
	return en
}

// Each calls fn for every entry until fn returns false. fn must not modify
// the dict.
func (d *dict) Each(fn func(*Entry) bool) {
	for t := 0; t < 2; t++ {
		for _, en := range d.ht[t].buckets {
			for ; en != nil; en = en.next {
				if !fn(en) {
					return
				}
			}
		}
	}
}
