package engine

// Popping from sorted sets: ZPOPMIN, ZPOPMAX, ZMPOP, and the primitives the
// blocking variants (BZPOPMIN, BZPOPMAX, BZMPOP) are built on.

// ZPopShape is the reply shape of a pop, as Redis's genericZpopCommand
// words it.
type ZPopShape struct {
	// EmitKey puts the key name first (BZPOPMIN/BZPOPMAX, ZMPOP/BZMPOP).
	EmitKey bool
	// Nested makes every member/score pair an array of its own
	// (ZPOPMIN/ZPOPMAX with a count in RESP3, ZMPOP/BZMPOP); together with
	// EmitKey the reply is [key, [[member, score], ...]].
	Nested bool
}

// ZSetPopFirst pops from the first of keys that holds a sorted set, as
// Redis's ZMPOP and the blocking pops do once a key is ready: up to count
// members (count < 0: a single pop), the lowest scores first unless max,
// replying in the given shape, raising "zpopmin"/"zpopmax" (and "del" when
// the set empties, which deletes the key).
//
// It returns false, having written nothing, when none of keys exists: the
// caller replies (ZMPOP: a null array) or blocks. Keys are looked up for
// writing in order; an existing key of another type gets WRONGTYPE (true).
func ZSetPopFirst(c *Ctx, keys [][]byte, max bool, count int64, shape ZPopShape) bool {
	for _, key := range keys {
		en := c.DB.LookupWrite(key)
		if en == nil {
			continue
		}
		if _, ok := zsetOf(c, en); !ok {
			return true
		}
		ZSetPop(c, key, en, max, count, shape)
		return true
	}
	return false
}

// ZSetPop pops up to count members (count < 0: a single pop; 0: none, an
// empty array) from the non-empty sorted set en holds under key, lowest
// scores first unless max, and writes the reply in the given shape. It
// raises the events and deletes the key when the set empties, as Redis's
// genericZpopCommand.
func ZSetPop(c *Ctx, key []byte, en *Entry, max bool, count int64, shape ZPopShape) {
	z := en.Obj.(*ZSet)
	if count == 0 {
		c.WriteArray(0)
		return
	}
	if count < 0 {
		count = 1
	}
	n := int(min(count, int64(z.Len())))
	switch {
	case !shape.Nested && !shape.EmitKey:
		c.WriteArray(2 * n)
	case shape.Nested && !shape.EmitKey:
		c.WriteArray(n)
	case !shape.Nested:
		c.WriteArray(2*n + 1)
		c.WriteBulk(key)
	default:
		c.WriteArray(2)
		c.WriteBulk(key)
		c.WriteArray(n)
	}
	reply := func(m []byte, s float64) {
		if shape.Nested {
			c.WriteArray(2)
		}
		c.WriteBulk(m)
		c.WriteDouble(s)
	}
	for i := 0; i < n; i++ {
		z.popOne(max, reply)
		if i == 0 {
			event := "zpopmin"
			if max {
				event = "zpopmax"
			}
			c.E.Notify(c.DB, NotifyZSet, event, key)
			c.DB.Modified(en)
		}
	}
	if z.Len() == 0 {
		c.DB.Delete(key)
		c.E.Notify(c.DB, NotifyGeneric, "del", key)
	}
}

// ZPOPMIN key [count]
func cmdZpopmin(c *Ctx) { zpopMinMax(c, false) }

// ZPOPMAX key [count]
func cmdZpopmax(c *Ctx) { zpopMinMax(c, true) }

func zpopMinMax(c *Ctx, max bool) {
	if len(c.Args) > 3 {
		c.Err(ErrSyntax)
		return
	}
	count := int64(-1)
	if len(c.Args) == 3 {
		n, ok := ParseInt(c.Args[2])
		if !ok || n < 0 {
			c.Err(ErrPositiveInteger)
			return
		}
		count = n
	}
	// A count makes RESP3 replies nested; RESP2 stays flat.
	shape := ZPopShape{Nested: c.Proto() > 2 && count != -1}
	if !ZSetPopFirst(c, c.Args[1:2], max, count, shape) {
		c.WriteArray(0)
	}
}

// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
func cmdZmpop(c *Ctx) {
	keys, max, count, ok := ParseZMPop(c, 1)
	if !ok {
		return
	}
	if !ZSetPopFirst(c, keys, max, count, ZPopShape{EmitKey: true, Nested: true}) {
		c.WriteNullArray()
	}
}

// ParseZMPop parses ZMPOP's arguments from the numkeys at c.Args[idx] on
// (BZMPOP passes 2), writing the error reply and returning ok false on a
// bad one. count is 1 when not given.
func ParseZMPop(c *Ctx, idx int) (keys [][]byte, max bool, count int64, ok bool) {
	args := c.Args
	numkeys, good := ParseInt(args[idx])
	if !good || numkeys < 1 {
		c.Err(ErrNumkeysPositive)
		return nil, false, 0, false
	}
	whereIdx := int64(idx) + numkeys + 1
	if numkeys >= int64(len(args)) || whereIdx >= int64(len(args)) {
		c.Err(ErrSyntax)
		return nil, false, 0, false
	}
	switch w := args[whereIdx]; {
	case EqualFold(w, "min"):
	case EqualFold(w, "max"):
		max = true
	default:
		c.Err(ErrSyntax)
		return nil, false, 0, false
	}
	count = -1
	for j := int(whereIdx) + 1; j < len(args); j++ {
		if count == -1 && EqualFold(args[j], "count") && j+1 < len(args) {
			j++
			n, good := ParseInt(args[j])
			if !good || n < 1 {
				c.Err(ErrCountPositive)
				return nil, false, 0, false
			}
			count = n
			continue
		}
		c.Err(ErrSyntax)
		return nil, false, 0, false
	}
	if count == -1 {
		count = 1
	}
	return args[idx+1 : whereIdx], max, count, true
}
