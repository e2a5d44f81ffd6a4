package engine

import (
	"slices"
)

// Set algebra: SINTER (and SMEMBERS, its one-key case), SINTERCARD,
// SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE. Results are built the
// way Redis builds them, so their encoding (for the STORE forms) and their
// order (ascending while the result is an intset) match.

// setOp selects SUNION or SDIFF in sunionDiff.
type setOp uint8

const (
	setOpUnion setOp = iota
	setOpDiff
)

// SMEMBERS key: all the members, as a set.
func cmdSmembers(c *Ctx) { sinter(c, c.Args[1:2], nil, false, 0) }

// SINTER key [key ...]: the members common to all the sets.
func cmdSinter(c *Ctx) { sinter(c, c.Args[1:], nil, false, 0) }

// SINTERSTORE destination key [key ...]: stores SINTER's result in
// destination (deleting it when empty) and replies its size.
func cmdSinterstore(c *Ctx) { sinter(c, c.Args[2:], c.Args[1], false, 0) }

// SINTERCARD numkeys key [key ...] [LIMIT limit]: the size of SINTER's
// result, counting at most limit members (0: no limit).
func cmdSintercard(c *Ctx) {
	numkeys, ok := parseInt(c.Args[1])
	if !ok || numkeys < 1 {
		c.Err(ErrNumkeysPositive)
		return
	}
	if numkeys > int64(len(c.Args)-2) {
		c.Err(ErrNumkeysTooMany)
		return
	}
	var limit int64
	for j := 2 + int(numkeys); j < len(c.Args); j++ {
		if !EqualFold(c.Args[j], "limit") || j == len(c.Args)-1 {
			c.Err(ErrSyntax)
			return
		}
		j++
		if limit, ok = parseInt(c.Args[j]); !ok || limit < 0 {
			c.Err(ErrLimitNegative)
			return
		}
	}
	sinter(c, c.Args[2:2+numkeys], nil, true, limit)
}

// SUNION key [key ...]: the members of any of the sets.
func cmdSunion(c *Ctx) { sunionDiff(c, c.Args[1:], nil, setOpUnion) }

// SUNIONSTORE destination key [key ...]: stores SUNION's result.
func cmdSunionstore(c *Ctx) { sunionDiff(c, c.Args[2:], c.Args[1], setOpUnion) }

// SDIFF key [key ...]: the members of the first set in none of the others.
func cmdSdiff(c *Ctx) { sunionDiff(c, c.Args[1:], nil, setOpDiff) }

// SDIFFSTORE destination key [key ...]: stores SDIFF's result.
func cmdSdiffstore(c *Ctx) { sunionDiff(c, c.Args[2:], c.Args[1], setOpDiff) }

// lookupSets looks every key up for reading, in order, as Redis does
// (counting hits and misses); a missing key is a nil set. ok is false after
// a WRONGTYPE reply.
func lookupSets(c *Ctx, keys [][]byte) (sets []*Set, missing bool, ok bool) {
	sets = make([]*Set, len(keys))
	for i, k := range keys {
		en := c.DB.Lookup(k)
		if en == nil {
			missing = true
			continue
		}
		if sets[i] = setOf(en); sets[i] == nil {
			c.Err(ErrWrongType)
			return nil, false, false
		}
	}
	return sets, missing, true
}

// storeSetResult stores res under dst and replies its size, or, when res
// is empty, deletes dst and replies 0; event names the STORE command.
func storeSetResult(c *Ctx, dst []byte, res *Set, event string) {
	if res != nil && res.Len() > 0 {
		c.DB.SetObject(dst, res, false)
		c.WriteInt(int64(res.Len()))
		c.E.Notify(c.DB, NotifySet, event, dst)
		return
	}
	c.WriteInt(0)
	if c.DB.Delete(dst) {
		c.E.Notify(c.DB, NotifyGeneric, "del", dst)
	}
}

// sinter computes the intersection of the sets at keys: replied as a set,
// stored under dst when dst is not nil, or only counted (up to limit when
// limit > 0) when cardOnly.
func sinter(c *Ctx, keys [][]byte, dst []byte, cardOnly bool, limit int64) {
	sets, missing, ok := lookupSets(c, keys)
	if !ok {
		return
	}
	// An intersection with an empty set is empty.
	if missing {
		switch {
		case dst != nil:
			storeSetResult(c, dst, nil, "")
		case cardOnly:
			c.WriteInt(0)
		default:
			c.WriteSet(0)
		}
		return
	}
	if len(sets) == 1 && dst == nil && !cardOnly {
		// SMEMBERS, and SINTER of one key: the set as it is.
		s := sets[0]
		r := setReplier{c: c}
		c.WriteSet(s.Len())
		s.each(func(m setMember) bool { r.member(m); return true })
		return
	}
	// Walk the smallest set, probing the others.
	slices.SortStableFunc(sets, func(a, b *Set) int { return a.Len() - b.Len() })
	first := sets[0]
	var res *Set
	var found []setMember
	if dst != nil {
		res = newSet()
	}
	maxInts := setMaxIntset(c.E)
	var card int64
	first.each(func(m setMember) bool {
		for _, s := range sets[1:] {
			if s != first && !s.has(m) {
				return true
			}
		}
		switch {
		case cardOnly:
			card++
			return limit == 0 || card < limit
		case dst != nil:
			res.add(m, maxInts)
		default:
			found = append(found, m)
		}
		return true
	})
	switch {
	case cardOnly:
		c.WriteInt(card)
	case dst != nil:
		storeSetResult(c, dst, res, "sinterstore")
	default:
		r := setReplier{c: c}
		c.WriteSet(len(found))
		for _, m := range found {
			r.member(m)
		}
	}
}

// sunionDiff computes the union or the difference of the sets at keys,
// replied as a set or stored under dst when dst is not nil. The result is
// built as a new set that starts as an intset, which decides its order and
// its stored encoding, as in Redis.
func sunionDiff(c *Ctx, keys [][]byte, dst []byte, op setOp) {
	sets, _, ok := lookupSets(c, keys)
	if !ok {
		return
	}
	sameSet := false // a later key names the first set
	for _, s := range sets[1:] {
		if s != nil && s == sets[0] {
			sameSet = true
		}
	}
	// Two ways to compute a difference: probe the other sets for each
	// member of the first (about len(first)*len(sets) steps, cheaper per
	// step, so favoured two to one), or copy the first and remove every
	// member of the others (the total of their sizes).
	probe := true
	if op == setOpDiff && sets[0] != nil && !sameSet {
		var probeWork, removeWork int64
		for _, s := range sets {
			if s != nil {
				probeWork += int64(sets[0].Len())
				removeWork += int64(s.Len())
			}
		}
		probe = probeWork/2 <= removeWork
		if probe && len(sets) > 1 {
			// Biggest first: members are likelier to be found early.
			slices.SortStableFunc(sets[1:], func(a, b *Set) int { return setLen(b) - setLen(a) })
		}
	}
	res := newSet()
	maxInts := setMaxIntset(c.E)
	switch {
	case op == setOpUnion:
		for _, s := range sets {
			if s != nil {
				s.each(func(m setMember) bool { res.add(m, maxInts); return true })
			}
		}
	case sameSet || sets[0] == nil:
		// The difference is empty.
	case probe:
		first := sets[0]
		first.each(func(m setMember) bool {
			for _, s := range sets[1:] {
				if s != nil && s.has(m) {
					return true
				}
			}
			res.add(m, maxInts)
			return true
		})
	default:
		for i, s := range sets {
			if s == nil {
				continue
			}
			if i == 0 {
				s.each(func(m setMember) bool { res.add(m, maxInts); return true })
			} else {
				s.each(func(m setMember) bool { res.remove(m); return res.Len() > 0 })
			}
			if res.Len() == 0 {
				break
			}
		}
	}
	if dst != nil {
		event := "sunionstore"
		if op == setOpDiff {
			event = "sdiffstore"
		}
		storeSetResult(c, dst, res, event)
		return
	}
	r := setReplier{c: c}
	c.WriteSet(res.Len())
	res.each(func(m setMember) bool { r.member(m); return true })
}

func setLen(s *Set) int {
	if s == nil {
		return 0
	}
	return s.Len()
}
