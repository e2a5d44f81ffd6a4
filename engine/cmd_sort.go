package engine

import "slices"

// SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC]
// [ALPHA] [STORE destination]
func cmdSort(c *Ctx) { sortGeneric(c, false) }

// SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern ...]
// [ASC|DESC] [ALPHA]: SORT without STORE (which it refuses as a syntax
// error), so it can run where writes cannot.
func cmdSortRO(c *Ctx) { sortGeneric(c, true) }

// sortOptions are SORT's parsed options.
type sortOptions struct {
	desc, alpha bool
	// limitStart and limitCount are LIMIT's values (0 and -1 without it).
	limitStart, limitCount int64
	// by is the last BY pattern (nil without one); dontSort is set once
	// any BY pattern has no '*' and stays set, as in Redis.
	by       []byte
	dontSort bool
	gets     [][]byte
	store    []byte // nil without STORE
}

// parseSortOptions reads SORT's options from c.Args[2:], replying the error
// and returning ok false on a bad one. Later options override earlier ones.
// The cluster-mode and ACL refusals of BY and GET do not apply to luakv.
func parseSortOptions(c *Ctx, readOnly bool) (o sortOptions, ok bool) {
	o.limitCount = -1
	args := c.Args
	for j := 2; j < len(args); j++ {
		left := len(args) - j - 1
		arg := args[j]
		switch {
		case EqualFold(arg, "asc"):
			o.desc = false
		case EqualFold(arg, "desc"):
			o.desc = true
		case EqualFold(arg, "alpha"):
			o.alpha = true
		case EqualFold(arg, "limit") && left >= 2:
			var ok1, ok2 bool
			if o.limitStart, ok1 = ParseInt(args[j+1]); ok1 {
				o.limitCount, ok2 = ParseInt(args[j+2])
			}
			if !ok1 || !ok2 {
				c.Err(ErrNotInteger)
				return o, false
			}
			j += 2
		case !readOnly && EqualFold(arg, "store") && left >= 1:
			o.store = args[j+1]
			j++
		case EqualFold(arg, "by") && left >= 1:
			o.by = args[j+1]
			if !sortPatternHasStar(o.by) {
				o.dontSort = true
			}
			j++
		case EqualFold(arg, "get") && left >= 1:
			o.gets = append(o.gets, args[j+1])
			j++
		default:
			c.Err(ErrSyntax)
			return o, false
		}
	}
	return o, true
}

// sortGeneric implements SORT and SORT_RO as Redis's sortCommandGeneric.
func sortGeneric(c *Ctx, readOnly bool) {
	o, ok := parseSortOptions(c, readOnly)
	if !ok {
		return
	}
	en := c.DB.Lookup(c.Args[1])
	var (
		list *List
		set  *Set
		zset *ZSet
		n    int
	)
	if en != nil {
		switch v := en.Obj.(type) {
		case *List:
			list, n = v, v.Len()
		case *Set:
			set, n = v, v.Len()
		case *ZSet:
			zset, n = v, v.Len()
		default:
			c.Err(ErrWrongType)
			return
		}
	}

	// A set has no order of its own, so when nothing is sorted its result
	// could differ between a master and its replicas: with STORE, or when a
	// script calls SORT, Redis sorts it by the elements anyway.
	if o.dontSort && set != nil && (o.store != nil || c.Client.ScriptClient) {
		o.dontSort, o.alpha, o.by = false, true, nil
	}
	// Redis converts a packed sorted set to its skiplist encoding for SORT,
	// for good (OBJECT ENCODING shows it).
	if zset != nil {
		zset.convert()
	}

	// LIMIT, clamped to the number of elements as Redis does: start..end is
	// the output range, empty when end < start.
	start := int(min(max(o.limitStart, 0), int64(n)))
	count := min(max(o.limitCount, -1), int64(n))
	end := n - 1
	if count >= 0 {
		end = start + int(count) - 1
	}
	if start >= n {
		start, end = n-1, n-2
	}
	end = min(end, n-1)

	var items []sortItem
	switch {
	case o.dontSort && list != nil:
		// The list's own order (reversed by DESC), only the range loaded.
		if end >= start {
			items = make([]sortItem, 0, end-start+1)
			first := start
			if o.desc {
				first = n - start - 1
			}
			it := list.iter(first, !o.desc)
			for len(items) < end-start+1 {
				var v []byte
				var ok bool
				if o.desc {
					v, ok = it.prev()
				} else {
					v, ok = it.next()
				}
				if !ok {
					break
				}
				items = append(items, sortItem{elem: v})
			}
		}
		start, end = 0, end-start
	case o.dontSort && zset != nil:
		// The sorted set's order (reversed by DESC), only the range loaded.
		if end >= start {
			items = make([]sortItem, 0, end-start+1)
			var it zIter
			zset.iterRank(&it, start, o.desc)
			for len(items) < end-start+1 {
				m, _, ok := it.next()
				if !ok {
					break
				}
				items = append(items, sortItem{elem: m})
			}
		}
		start, end = 0, end-start
	default:
		items = sortLoad(list, set, zset, n)
	}

	badWeight := false
	if !o.dontSort {
		badWeight = sortWeigh(c, items, &o)
		order := sortOrder{desc: o.desc, alpha: o.alpha, byPattern: o.by != nil}
		// An empty output range needs no order.
		if end >= start {
			if o.by != nil && (start != 0 || end != len(items)-1) {
				sortPartial(items, order, start, end)
			} else {
				// Redis's qsort is glibc's, a merge sort: stable.
				slices.SortStableFunc(items, func(x, y sortItem) int { return order.compare(&x, &y) })
			}
		}
	}

	rows := max(end-start+1, 0)
	outputLen := rows
	if len(o.gets) > 0 {
		outputLen = rows * len(o.gets)
	}
	var out []sortItem
	if rows > 0 {
		out = items[start : start+rows]
	}
	switch {
	case badWeight:
		c.Err(ErrSortNotDouble)
	case o.store == nil:
		sortReply(c, out, o.gets, outputLen)
	default:
		sortStore(c, out, o.gets, o.store, outputLen)
	}
}

// sortLoad returns every element of the list, set or sorted set (nil for a
// missing key): the list's order, the set's, the sorted set's by rank.
// Redis walks a sorted set's dictionary instead, an order no client can
// rely on; it shows only in how ALPHA ties under BY come out.
func sortLoad(list *List, set *Set, zset *ZSet, n int) []sortItem {
	items := make([]sortItem, 0, n)
	switch {
	case list != nil:
		list.Each(func(v []byte) bool {
			items = append(items, sortItem{elem: v})
			return true
		})
	case set != nil:
		set.each(func(m setMember) bool {
			items = append(items, sortItem{elem: keyView(m.str())})
			return true
		})
	case zset != nil:
		var it zIter
		zset.iterRank(&it, 0, false)
		for m, _, ok := it.next(); ok; m, _, ok = it.next() {
			items = append(items, sortItem{elem: m})
		}
	}
	return items
}

// sortWeigh gives every item what it sorts by: its BY value (or itself),
// parsed as a double unless ALPHA. It reports whether a weight failed to
// parse; like Redis it keeps going, so every BY key is still read.
func sortWeigh(c *Ctx, items []sortItem, o *sortOptions) (bad bool) {
	var buf []byte
	for i := range items {
		it := &items[i]
		val := it.elem
		if o.by != nil {
			var ok bool
			if val, ok = sortLookup(c.DB, o.by, it.elem, &buf); !ok {
				continue
			}
		}
		switch {
		case o.alpha && o.by != nil:
			it.cmp, it.hasCmp = sortCmpBytes(val, o.store != nil), true
		case o.alpha:
			it.cmp = sortCmpBytes(val, o.store != nil)
		default:
			var ok bool
			if it.score, ok = sortWeight(val); !ok {
				bad = true
			}
		}
	}
	return bad
}

// sortCmpBytes is what ALPHA compares of b: all of it with STORE, where
// Redis compares binary-safe; up to its first NUL otherwise, where Redis
// compares with strcoll (which, as Redis runs in the C locale, is
// strcmp).
func sortCmpBytes(b []byte, store bool) []byte {
	if store {
		return b
	}
	return cstrBytes(b)
}

// sortReply replies the sorted range: each element, or for each the values
// of the GET patterns (null when one finds nothing).
func sortReply(c *Ctx, items []sortItem, gets [][]byte, outputLen int) {
	c.WriteArray(outputLen)
	var buf []byte
	for i := range items {
		if len(gets) == 0 {
			c.WriteBulk(items[i].elem)
			continue
		}
		for _, g := range gets {
			if v, ok := sortLookup(c.DB, g, items[i].elem, &buf); ok {
				c.WriteBulk(v)
			} else {
				c.WriteNull()
			}
		}
	}
}

// sortStore stores the sorted range (or the GET values, empty strings for
// what a pattern does not find) as a list under dst and replies its length.
// An empty result deletes dst instead, as Redis does.
func sortStore(c *Ctx, items []sortItem, gets [][]byte, dst []byte, outputLen int) {
	if outputLen == 0 {
		if c.DB.Delete(dst) {
			c.E.Notify(c.DB, NotifyGeneric, "del", dst)
		}
		c.WriteInt(0)
		return
	}
	l := newList(c.E.Config.ListMaxListpackSize, c.E.Config.ListCompressDepth)
	var buf []byte
	for i := range items {
		if len(gets) == 0 {
			l.PushBack(items[i].elem)
			continue
		}
		for _, g := range gets {
			v, _ := sortLookup(c.DB, g, items[i].elem, &buf)
			l.PushBack(v)
		}
	}
	d0 := c.E.stats.Dirty
	c.DB.SetObject(dst, l, false)
	listSetDirty(c, d0, outputLen)
	c.E.Notify(c.DB, NotifyList, "sortstore", dst)
	c.WriteInt(int64(outputLen))
}
