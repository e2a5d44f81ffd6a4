package engine

import (
	"math/rand/v2"
	"strconv"
)

// Set is a set value. Like Redis 7.0 it has two encodings:
//
//   - "intset": every member reads as a 64-bit integer (string2ll rules) and
//     there are at most set-max-intset-entries of them. The members are kept
//     sorted in Redis's intset layout (t_set_intset.go), so they are
//     returned in ascending order, as Redis returns an intset's.
//   - "hashtable": a dict of entries whose keys are the members, which
//     gives SSCAN the SCAN guarantee across rehashing.
//
// A set only ever converts from intset to hashtable (a non-integer member
// or too many members), never back; only values built afresh (SPOP with a
// count taking most of the set, the STORE commands) may start again as an
// intset, as in Redis.
type Set struct {
	is intset // the intset encoding, used while d is nil
	d  *dict  // the hashtable encoding, or nil for an intset
}

// setChainBound bounds the chain position drawn when picking a random
// member of a hashtable set (see setDictRandom).
const setChainBound = 4

// setIntsetLimit is the most members an intset may hold whatever the
// configuration says, as Redis limits it.
const setIntsetLimit = 1 << 30

// newSet returns an empty intset, which converts itself as members arrive.
func newSet() *Set { return &Set{} }

// newSetFor returns an empty set of the encoding Redis picks for a set
// whose first member is m: an intset when m is an integer.
func newSetFor(m []byte) *Set {
	if _, ok := parseInt(m); ok {
		return newSet()
	}
	return &Set{d: newDict()}
}

// setMaxIntset is set-max-intset-entries, capped as Redis caps it.
func setMaxIntset(e *Engine) int {
	return int(min(max(e.Config.SetMaxIntsetEntries, 0), setIntsetLimit))
}

// TypeName is what TYPE reports for a set.
func (s *Set) TypeName() string { return "set" }

// Encoding is what OBJECT ENCODING reports for s.
func (s *Set) Encoding() string {
	if s.d == nil {
		return "intset"
	}
	return "hashtable"
}

// IsIntset reports whether s uses the intset encoding.
func (s *Set) IsIntset() bool { return s.d == nil }

// Len is the number of members.
func (s *Set) Len() int {
	if s.d == nil {
		return s.is.len()
	}
	return s.d.Len()
}

// Add adds member m and reports whether it was new. maxInts is
// set-max-intset-entries (see setMaxIntset).
func (s *Set) Add(m []byte, maxInts int) bool {
	if s.d == nil {
		if v, ok := parseInt(m); ok {
			return s.addInt(v, maxInts)
		}
		s.toHashtable()
	}
	return setDictAdd(s.d, bstr(m), false)
}

// addString adds a member held as an immutable string, sharing its bytes
// when the member ends up in a hashtable.
func (s *Set) addString(m string, maxInts int) bool {
	if s.d == nil {
		if v, ok := parseInt(keyView(m)); ok {
			return s.addInt(v, maxInts)
		}
		s.toHashtable()
	}
	return setDictAdd(s.d, m, true)
}

// addInt adds the integer member v, converting an intset that grows past
// maxInts members.
func (s *Set) addInt(v int64, maxInts int) bool {
	if s.d != nil {
		var buf [20]byte
		return setDictAdd(s.d, bstr(strconv.AppendInt(buf[:0], v, 10)), false)
	}
	if !s.is.add(v) {
		return false
	}
	if s.is.len() > maxInts {
		s.toHashtable()
	}
	return true
}

// toHashtable converts an intset to the hashtable encoding, sizing the
// table for the members up front as Redis does.
func (s *Set) toHashtable() {
	d := newDict()
	if n := s.is.len(); n > 0 {
		d.resize(n)
		d.rehashStep(1) // the table is empty, so this just installs it
		var buf [20]byte
		for i := 0; i < n; i++ {
			d.Add(newKeyEntry(strconv.AppendInt(buf[:0], s.is.get(i), 10)))
		}
	}
	s.d, s.is = d, intset{}
}

// setDictAdd adds key to d unless it is there, and reports whether it
// added it. It hashes the key once and takes one rehash step, as Redis's
// dictAddRaw, where Find then Add would do both twice. When owned is false
// key may alias a caller's buffer and is copied before it is stored; an
// owned key too long to be stored in its entry is shared.
func setDictAdd(d *dict, key string, owned bool) bool {
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
				return false
			}
		}
		if !d.rehashing() {
			break
		}
	}
	d.expandIfNeeded()
	tb := &d.ht[0]
	if d.rehashing() {
		tb = &d.ht[1]
	}
	i := h & tb.mask
	var en *Entry
	if owned && len(key) > maxInlineKey {
		en = &Entry{key: key}
	} else {
		en = newKeyEntry(key)
	}
	en.next = tb.buckets[i]
	tb.buckets[i] = en
	tb.used++
	return true
}

// Has reports whether m is a member.
func (s *Set) Has(m []byte) bool {
	if s.d == nil {
		v, ok := parseInt(m)
		return ok && s.hasIntsetInt(v)
	}
	return s.d.Find(bstr(m)) != nil
}

// hasInt reports whether the integer v is a member.
func (s *Set) hasInt(v int64) bool {
	if s.d == nil {
		return s.hasIntsetInt(v)
	}
	var buf [20]byte
	return s.d.Find(bstr(strconv.AppendInt(buf[:0], v, 10))) != nil
}

func (s *Set) hasIntsetInt(v int64) bool {
	return s.is.has(v)
}

// hasString reports whether the member m (an immutable string) is in s.
func (s *Set) hasString(m string) bool {
	if s.d == nil {
		v, ok := parseInt(keyView(m))
		return ok && s.hasIntsetInt(v)
	}
	return s.d.Find(m) != nil
}

// Remove removes m and reports whether it was a member. A hashtable shrinks
// when it falls under a tenth full, as Redis's does; an intset never
// converts back.
func (s *Set) Remove(m []byte) bool {
	if s.d == nil {
		v, ok := parseInt(m)
		return ok && s.removeInt(v)
	}
	return s.removeString(bstr(m))
}

func (s *Set) removeString(m string) bool {
	if s.d == nil {
		v, ok := parseInt(keyView(m))
		return ok && s.removeInt(v)
	}
	if s.d.Delete(m) == nil {
		return false
	}
	s.d.ShrinkIfNeeded()
	return true
}

func (s *Set) removeInt(v int64) bool {
	if s.d != nil {
		var buf [20]byte
		return s.removeString(bstr(strconv.AppendInt(buf[:0], v, 10)))
	}
	return s.is.remove(v)
}

// setMember is one member as a set yields it: an integer from an intset or
// the entry holding a hashtable member.
type setMember struct {
	en *Entry // nil for an intset member
	v  int64
}

// str returns the member as a string (allocating for an integer).
func (m setMember) str() string {
	if m.en != nil {
		return m.en.key
	}
	return strconv.FormatInt(m.v, 10)
}

// each calls fn for every member in the set's order (ascending for an
// intset) until fn returns false. fn must not modify s.
func (s *Set) each(fn func(m setMember) bool) {
	if s.d == nil {
		for i, n := 0, s.is.len(); i < n; i++ {
			if !fn(setMember{v: s.is.get(i)}) {
				return
			}
		}
		return
	}
	s.d.Each(func(en *Entry) bool { return fn(setMember{en: en}) })
}

// Each calls fn with every member, in the order SMEMBERS replies them,
// until fn returns false. member is valid only during the call; fn must
// not modify s. It serves readers outside the set commands (SORT, dumps).
func (s *Set) Each(fn func(member []byte) bool) {
	var buf []byte
	s.each(func(m setMember) bool {
		if m.en != nil {
			return fn(keyView(m.en.key))
		}
		buf = strconv.AppendInt(buf[:0], m.v, 10)
		return fn(buf)
	})
}

// has reports whether the member m (from this or another set) is in s.
func (s *Set) has(m setMember) bool {
	if m.en == nil {
		return s.hasInt(m.v)
	}
	return s.hasString(m.en.key)
}

// add adds the member m (from another set) to s.
func (s *Set) add(m setMember, maxInts int) bool {
	if m.en == nil {
		return s.addInt(m.v, maxInts)
	}
	return s.addString(m.en.key, maxInts)
}

// remove removes the member m (from this or another set) from s.
func (s *Set) remove(m setMember) bool {
	if m.en == nil {
		return s.removeInt(m.v)
	}
	return s.removeString(m.en.key)
}

// random returns a uniformly chosen member of the non-empty set s.
func (s *Set) random() setMember {
	if s.d == nil {
		return setMember{v: s.is.get(rand.IntN(s.is.len()))}
	}
	return setMember{en: setDictRandom(s.d)}
}

// setDictRandom returns a random entry of the non-empty dict d, each with
// the same probability (as Redis's dictGetFairRandomKey aims to): a random
// bucket, then a random position below setChainBound in its chain, drawing
// again when that position is empty. Entries deeper than the bound in an
// unusually long chain are drawn by chain length instead (slightly less
// often); a pathologically sparse table falls back to the dict's own pick.
func setDictRandom(d *dict) *Entry {
	if d.rehashing() {
		d.rehashStep(1)
	}
	for tries := 0; tries < 1000; tries++ {
		var head *Entry
		if d.rehashing() {
			s0, s1 := len(d.ht[0].buckets), len(d.ht[1].buckets)
			// Buckets of the old table below rehashIdx are empty.
			i := d.rehashIdx + rand.IntN(s0+s1-d.rehashIdx)
			if i >= s0 {
				head = d.ht[1].buckets[i-s0]
			} else {
				head = d.ht[0].buckets[i]
			}
		} else {
			head = d.ht[0].buckets[rand.Uint64()&d.ht[0].mask]
		}
		if head == nil {
			continue
		}
		if head.next == nil {
			// The usual case: accept a lone entry with the probability
			// a position of a longer chain has.
			if rand.IntN(setChainBound) == 0 {
				return head
			}
			continue
		}
		n := 0
		for en := head; en != nil; en = en.next {
			n++
		}
		k := rand.IntN(max(n, setChainBound))
		if k >= n {
			continue
		}
		en := head
		for ; k > 0; k-- {
			en = en.next
		}
		return en
	}
	return d.Random()
}

// popRandom removes and returns a random member of the non-empty set s.
func (s *Set) popRandom() setMember {
	if s.d == nil {
		i := rand.IntN(s.is.len())
		v := s.is.get(i)
		s.is.removeAt(i)
		return setMember{v: v}
	}
	en := setDictRandom(s.d)
	s.d.Delete(en.key)
	s.d.ShrinkIfNeeded()
	return setMember{en: en}
}

// Copy returns an independent set with the same members and encoding, for
// COPY.
func (s *Set) Copy() any {
	if s.d == nil {
		return &Set{is: s.is.clone()}
	}
	d := newDict()
	if n := s.d.Len(); n > 0 {
		d.resize(n)
		d.rehashStep(1)
	}
	s.d.Each(func(en *Entry) bool {
		d.Add(newKeyEntry(en.key))
		return true
	})
	return &Set{d: d}
}

// MemoryUsage estimates what Redis 7.0 would allocate for s: the object,
// then the intset blob, or the dict with its bucket array and, averaged
// over the first samples members, a dict entry and an sds per member.
func (s *Set) MemoryUsage(samples int64) int64 {
	if s.d == nil {
		return robjSize + jemallocSize(s.is.blobLen())
	}
	const dictStructSize = 56
	slots := int64(len(s.d.ht[0].buckets) + len(s.d.ht[1].buckets))
	size := int64(robjSize + dictStructSize + 8*slots)
	var sum, n int64
	s.d.Each(func(en *Entry) bool {
		if n >= samples {
			return false
		}
		k := int64(len(en.key))
		sum += dictEntrySize + jemallocSize(sdsHeader(k, true)+k+1)
		n++
		return true
	})
	if n > 0 {
		size += int64(float64(sum) / float64(n) * float64(s.d.Len()))
	}
	return size
}

// SerializedLen estimates the length of s's RDB serialization (DEBUG
// OBJECT): an intset is saved as its blob, a hashtable as a count and its
// members, integer-looking ones in the short integer forms. LZF compression
// of long values is not modelled.
func (s *Set) SerializedLen() int64 {
	if s.d == nil {
		blob := s.is.blobLen()
		return rdbLenSize(blob) + blob
	}
	n := rdbLenSize(int64(s.d.Len()))
	s.d.Each(func(en *Entry) bool {
		n += rdbStringLen(keyView(en.key))
		return true
	})
	return n
}

// setOf returns en's set, or nil when en holds another type.
func setOf(en *Entry) *Set {
	s, _ := en.Obj.(*Set)
	return s
}
