package engine

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// Set commands on one key. The multi-key algebra (SINTER, SUNION, SDIFF and
// their STORE and CARD forms, which SMEMBERS shares) is in
// cmd_set_algebra.go.

// setReplier writes set members as bulk strings, formatting intset members
// into one buffer reused for the whole reply.
type setReplier struct {
	c   *Ctx
	buf []byte
}

func (r *setReplier) member(m setMember) {
	if m.en != nil {
		r.c.WriteBulkString(m.en.key)
		return
	}
	r.buf = strconv.AppendInt(r.buf[:0], m.v, 10)
	r.c.WriteBulk(r.buf)
}

// lookupSetRead returns key's set for reading. ok is false when the key
// holds another type; the WRONGTYPE error has then been written.
func lookupSetRead(c *Ctx, key []byte) (s *Set, ok bool) {
	en := c.DB.Lookup(key)
	if en == nil {
		return nil, true
	}
	if s = setOf(en); s == nil {
		c.Err(ErrWrongType)
		return nil, false
	}
	return s, true
}

// lookupSetWrite is lookupSetRead for writing; it also returns the entry.
func lookupSetWrite(c *Ctx, key []byte) (en *Entry, s *Set, ok bool) {
	en = c.DB.LookupWrite(key)
	if en == nil {
		return nil, nil, true
	}
	if s = setOf(en); s == nil {
		c.Err(ErrWrongType)
		return nil, nil, false
	}
	return en, s, true
}

// SADD key member [member ...]: adds the members, creating the set, and
// replies how many were new.
func cmdSadd(c *Ctx) {
	key := c.Args[1]
	en, s, ok := lookupSetWrite(c, key)
	if !ok {
		return
	}
	created := false
	if s == nil {
		s = newSetFor(c.Args[2])
		en = c.DB.SetObject(key, s, false)
		created = true
	}
	maxInts := setMaxIntset(c.E)
	added := 0
	for _, m := range c.Args[2:] {
		if s.Add(m, maxInts) {
			added++
		}
	}
	if added > 0 {
		if !created { // SetObject has signalled the new key
			c.DB.Modified(en)
		}
		c.E.Notify(c.DB, NotifySet, "sadd", key)
	}
	c.WriteInt(int64(added))
}

// SREM key member [member ...]: removes the members, deleting the key once
// the set is empty, and replies how many were removed.
func cmdSrem(c *Ctx) {
	key := c.Args[1]
	en, s, ok := lookupSetWrite(c, key)
	if !ok {
		return
	}
	if s == nil {
		c.WriteInt(0)
		return
	}
	deleted, keyRemoved := 0, false
	for _, m := range c.Args[2:] {
		if s.Remove(m) {
			deleted++
			if s.Len() == 0 {
				c.DB.Delete(key)
				keyRemoved = true
				break
			}
		}
	}
	if deleted > 0 {
		if !keyRemoved {
			c.DB.Modified(en)
		}
		c.E.Notify(c.DB, NotifySet, "srem", key)
		if keyRemoved {
			c.E.Notify(c.DB, NotifyGeneric, "del", key)
		}
	}
	c.WriteInt(int64(deleted))
}

// SMOVE source destination member: moves member from one set to another
// and replies 1, or 0 when source does not hold it.
func cmdSmove(c *Ctx) {
	srcKey, dstKey, m := c.Args[1], c.Args[2], c.Args[3]
	srcEn := c.DB.LookupWrite(srcKey)
	dstEn := c.DB.LookupWrite(dstKey)
	if srcEn == nil {
		c.WriteInt(0)
		return
	}
	src := setOf(srcEn)
	var dst *Set
	if dstEn != nil {
		dst = setOf(dstEn)
	}
	if src == nil || dstEn != nil && dst == nil {
		c.Err(ErrWrongType)
		return
	}
	if srcEn == dstEn {
		c.WriteInt(boolInt(src.Has(m)))
		return
	}
	if !src.Remove(m) {
		c.WriteInt(0)
		return
	}
	c.E.Notify(c.DB, NotifySet, "srem", srcKey)
	if src.Len() == 0 {
		c.DB.Delete(srcKey)
		c.E.Notify(c.DB, NotifyGeneric, "del", srcKey)
	} else {
		c.DB.Modified(srcEn)
	}
	created := false
	if dst == nil {
		dst = newSetFor(m)
		dstEn = c.DB.SetObject(dstKey, dst, false)
		created = true
	}
	if dst.Add(m, setMaxIntset(c.E)) {
		if !created {
			c.DB.Modified(dstEn)
		}
		c.E.Notify(c.DB, NotifySet, "sadd", dstKey)
	}
	c.WriteInt(1)
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// SISMEMBER key member: 1 if member is in the set, else 0.
func cmdSismember(c *Ctx) {
	s, ok := lookupSetRead(c, c.Args[1])
	if !ok {
		return
	}
	c.WriteInt(boolInt(s != nil && s.Has(c.Args[2])))
}

// SMISMEMBER key member [member ...]: SISMEMBER for each member; a missing
// key is an empty set.
func cmdSmismember(c *Ctx) {
	s, ok := lookupSetRead(c, c.Args[1])
	if !ok {
		return
	}
	c.WriteArray(len(c.Args) - 2)
	for _, m := range c.Args[2:] {
		c.WriteInt(boolInt(s != nil && s.Has(m)))
	}
}

// SCARD key: the number of members.
func cmdScard(c *Ctx) {
	s, ok := lookupSetRead(c, c.Args[1])
	if !ok {
		return
	}
	if s == nil {
		c.WriteInt(0)
		return
	}
	c.WriteInt(int64(s.Len()))
}

// SRANDMEMBER key [count]: a random member (or nil), or count distinct
// random members (an array), or with a negative count that many members
// drawn independently.
func cmdSrandmember(c *Ctx) {
	if len(c.Args) == 3 {
		srandmemberCount(c)
		return
	}
	if len(c.Args) > 3 {
		c.Err(ErrSyntax)
		return
	}
	s, ok := lookupSetRead(c, c.Args[1])
	if !ok {
		return
	}
	if s == nil {
		c.WriteNull()
		return
	}
	r := setReplier{c: c}
	r.member(s.random())
}

// srandSubStrategyMul: when the set has fewer than this many times the
// members asked for, SRANDMEMBER picks the survivors out of a copy of the
// whole set rather than drawing until it has enough distinct ones.
const srandSubStrategyMul = 3

func srandmemberCount(c *Ctx) {
	l, ok := parseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	if l == math.MinInt64 {
		c.Err(ErrLongOutOfRange)
		return
	}
	count, uniq := l, true
	if l < 0 {
		count, uniq = -l, false
	}
	s, ok := lookupSetRead(c, c.Args[1])
	if !ok {
		return
	}
	if s == nil || count == 0 {
		c.WriteArray(0)
		return
	}
	r := setReplier{c: c}
	size := int64(s.Len())

	// Independent draws: the only case that may repeat members.
	if !uniq || count == 1 {
		c.WriteArray(int(count))
		for ; count > 0; count-- {
			r.member(s.random())
		}
		return
	}
	// The whole set.
	if count >= size {
		c.WriteArray(int(size))
		s.each(func(m setMember) bool { r.member(m); return true })
		return
	}
	picked := make([]setMember, 0, count)
	if count*srandSubStrategyMul > size {
		// Most of the set: a partial shuffle of all the members.
		all := make([]setMember, 0, size)
		s.each(func(m setMember) bool { all = append(all, m); return true })
		for i := int64(0); i < count; i++ {
			j := i + rand.Int64N(size-i)
			all[i], all[j] = all[j], all[i]
		}
		picked = all[:count]
	} else {
		// A small part of a big set: draw until enough are distinct.
		seen := make(map[setMember]struct{}, count)
		for int64(len(picked)) < count {
			m := s.random()
			if _, dup := seen[m]; !dup {
				seen[m] = struct{}{}
				picked = append(picked, m)
			}
		}
	}
	c.WriteArray(len(picked))
	for _, m := range picked {
		r.member(m)
	}
}

// SPOP key [count]: removes and returns a random member (or nil), or up to
// count random members (a set).
func cmdSpop(c *Ctx) {
	if len(c.Args) == 3 {
		spopCount(c)
		return
	}
	if len(c.Args) > 3 {
		c.Err(ErrSyntax)
		return
	}
	key := c.Args[1]
	en, s, ok := lookupSetWrite(c, key)
	if !ok {
		return
	}
	if s == nil {
		c.WriteNull()
		return
	}
	m := s.popRandom()
	c.E.Notify(c.DB, NotifySet, "spop", key)
	r := setReplier{c: c}
	r.member(m)
	if s.Len() == 0 {
		c.DB.Delete(key)
		c.E.Notify(c.DB, NotifyGeneric, "del", key)
		return
	}
	c.DB.Modified(en)
}

// spopMoveStrategyMul: when fewer than count/this many members would
// remain, SPOP moves the survivors to a new set and returns the old one.
const spopMoveStrategyMul = 5

func spopCount(c *Ctx) {
	count, ok := parseInt(c.Args[2])
	if !ok || count < 0 {
		c.Err(ErrPositiveInteger)
		return
	}
	key := c.Args[1]
	en, s, ok := lookupSetWrite(c, key)
	if !ok {
		return
	}
	if s == nil || count == 0 {
		c.WriteSet(0)
		return
	}
	size := int64(s.Len())
	c.E.Notify(c.DB, NotifySet, "spop", key)
	if count >= size {
		// The whole set, replied as SUNION would reply it.
		sunionDiff(c, c.Args[1:2], nil, setOpUnion)
		c.DB.Delete(key)
		c.E.Notify(c.DB, NotifyGeneric, "del", key)
		return
	}
	setPopN(c, en, s, count)
}

// setPopN removes count random members from the set s held by en, where
// 0 < count < s.Len(), replies them as a set and signals the change. It is
// SPOP's path for a count below the set's size.
func setPopN(c *Ctx, en *Entry, s *Set, count int64) {
	r := setReplier{c: c}
	remaining := int64(s.Len()) - count
	c.WriteSet(int(count))
	if remaining*spopMoveStrategyMul > count {
		// Few members asked for: draw and remove them one by one.
		for ; count > 0; count-- {
			r.member(s.popRandom())
		}
	} else {
		// Most of the set asked for: draw the survivors into a new set
		// (which may be an intset again), reply the rest of the old one
		// and keep the new one under the key, with the key's TTL.
		maxInts := setMaxIntset(c.E)
		var kept *Set
		for ; remaining > 0; remaining-- {
			m := s.random()
			if kept == nil {
				if m.en == nil {
					kept = newSet()
				} else {
					kept = newSetFor(keyView(m.en.key))
				}
			}
			kept.add(m, maxInts)
			s.remove(m)
		}
		s.each(func(m setMember) bool { r.member(m); return true })
		*s = *kept
	}
	c.DB.Modified(en)
}

// SSCAN key cursor [MATCH pattern] [COUNT count]: one step of an iteration
// over the members. An intset is returned whole with cursor 0; a hashtable
// is walked with SCAN's guarantee.
func cmdSscan(c *Ctx) {
	cursor, ok := ParseScanCursor(c.Args[2])
	if !ok {
		c.Err(ErrInvalidCursor)
		return
	}
	s, ok := lookupSetRead(c, c.Args[1])
	if !ok {
		return
	}
	if s == nil {
		c.WriteArray(2)
		c.WriteBulkString("0")
		c.WriteArray(0)
		return
	}
	opts, ok := ParseScanOptions(c, c.Args[3:], false)
	if !ok {
		return
	}
	var members []setMember
	if s.d == nil {
		members = make([]setMember, 0, s.is.len())
		s.each(func(m setMember) bool { members = append(members, m); return true })
		cursor = 0
	} else {
		collect := func(en *Entry) { members = append(members, setMember{en: en}) }
		// At most ten buckets per member asked for, as SCAN.
		maxIter := opts.Count
		if maxIter <= math.MaxInt64/10 {
			maxIter *= 10
		} else {
			maxIter = math.MaxInt64
		}
		for {
			cursor = s.d.Scan(cursor, collect)
			if cursor == 0 || maxIter == 0 {
				break
			}
			maxIter--
			if int64(len(members)) >= opts.Count {
				break
			}
		}
	}
	var buf []byte
	if opts.UsePattern {
		n := 0
		for _, m := range members {
			var b []byte
			if m.en != nil {
				b = keyView(m.en.key)
			} else {
				buf = strconv.AppendInt(buf[:0], m.v, 10)
				b = buf
			}
			if opts.Match(b) {
				members[n] = m
				n++
			}
		}
		members = members[:n]
	}
	c.WriteArray(2)
	buf = strconv.AppendUint(buf[:0], cursor, 10)
	c.WriteBulk(buf)
	c.WriteArray(len(members))
	r := setReplier{c: c, buf: buf}
	for _, m := range members {
		r.member(m)
	}
}
