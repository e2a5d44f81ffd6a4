package engine

import (
	"math"
	"strconv"
)

// Hash commands. HRANDFIELD and HSCAN are in cmd_hash_rand.go; the value
// types in t_hash.go.
//
// Each handler follows its Redis counterpart's order of checks (argument
// parsing, key lookup, type check, field work) and raises keyspace events
// where Redis does, relative to its reply.

// hashRead looks key up for reading. It returns nil for a missing key, and
// ok=false after replying WRONGTYPE for a key of another type.
func hashRead(c *Ctx, key []byte) (en *Entry, ok bool) {
	en = c.DB.Lookup(key)
	if en != nil && !isHash(en) {
		c.Err(ErrWrongType)
		return nil, false
	}
	return en, true
}

// hashWrite looks key up for writing, like hashRead.
func hashWrite(c *Ctx, key []byte) (en *Entry, ok bool) {
	en = c.DB.LookupWrite(key)
	if en != nil && !isHash(en) {
		c.Err(ErrWrongType)
		return nil, false
	}
	return en, true
}

// hashStore stores obj as key's value: a new key when en is nil (raising
// the "new" event), else an in-place change of en.
func hashStore(c *Ctx, en *Entry, key []byte, obj any) {
	if en == nil {
		c.DB.AddEntry(key, "", obj, 0)
		return
	}
	en.Obj = obj
	c.DB.Modified(en)
}

// HSET key field value [field value ...]: the number of fields added.
func cmdHset(c *Ctx) { hsetGeneric(c, false) }

// HMSET key field value [field value ...]: HSET replying OK.
func cmdHmset(c *Ctx) { hsetGeneric(c, true) }

func hsetGeneric(c *Ctx, hmset bool) {
	if len(c.Args)%2 == 1 {
		c.Err(ErrWrongArgs(c.Cmd.Name))
		return
	}
	key, pairs := c.Args[1], c.Args[2:]
	en, ok := hashWrite(c, key)
	if !ok {
		return
	}
	lim := hashLimitsOf(c.E)
	var obj any
	if en == nil {
		obj = newHashFor(pairs, lim)
	} else {
		obj = hashPrepare(en.Obj, pairs, lim)
	}
	var created int64
	for i := 0; i < len(pairs); i += 2 {
		var existed bool
		obj, existed = hashSet(obj, pairs[i], pairs[i+1], lim)
		if !existed {
			created++
		}
	}
	hashStore(c, en, key, obj)
	if hmset {
		c.OK()
	} else {
		c.WriteInt(created)
	}
	c.E.Notify(c.DB, NotifyHash, "hset", key)
}

// HSETNX key field value: sets the field only if it is missing; 1 if it
// did.
func cmdHsetnx(c *Ctx) {
	key, fv := c.Args[1], c.Args[2:4]
	en, ok := hashWrite(c, key)
	if !ok {
		return
	}
	lim := hashLimitsOf(c.E)
	var obj any
	if en == nil {
		obj = newHashFor(fv, lim)
	} else {
		if _, exists := hashGet(en.Obj, fv[0]); exists {
			c.WriteInt(0)
			return
		}
		obj = hashPrepare(en.Obj, fv, lim)
	}
	obj, _ = hashSet(obj, fv[0], fv[1], lim)
	hashStore(c, en, key, obj)
	c.WriteInt(1)
	c.E.Notify(c.DB, NotifyHash, "hset", key)
}

// HGET key field: the value, or null.
func cmdHget(c *Ctx) {
	en := c.DB.Lookup(c.Args[1])
	if en == nil {
		c.WriteNull()
		return
	}
	if !isHash(en) {
		c.Err(ErrWrongType)
		return
	}
	if v, ok := hashGet(en.Obj, c.Args[2]); ok {
		c.WriteBulk(v)
	} else {
		c.WriteNull()
	}
}

// HMGET key field [field ...]: the values, null for missing fields; a
// missing key is an empty hash.
func cmdHmget(c *Ctx) {
	en, ok := hashRead(c, c.Args[1])
	if !ok {
		return
	}
	fields := c.Args[2:]
	c.WriteArray(len(fields))
	for _, f := range fields {
		if en != nil {
			if v, ok := hashGet(en.Obj, f); ok {
				c.WriteBulk(v)
				continue
			}
		}
		c.WriteNull()
	}
}

// HDEL key field [field ...]: the number of fields removed. The key goes
// with its last field; Redis stops looking at the remaining fields then.
func cmdHdel(c *Ctx) {
	key := c.Args[1]
	en, ok := hashWrite(c, key)
	if !ok {
		return
	}
	if en == nil {
		c.WriteInt(0)
		return
	}
	var deleted int64
	removed := false
	obj := en.Obj
	for _, f := range c.Args[2:] {
		var gone bool
		if obj, gone = hashDel(obj, f); gone {
			deleted++
			if hashLen(obj) == 0 {
				c.DB.Delete(key)
				removed = true
				break
			}
		}
	}
	if !removed {
		en.Obj = obj
	}
	if deleted > 0 {
		if !removed {
			c.DB.Modified(en)
		}
		c.E.Notify(c.DB, NotifyHash, "hdel", key)
		if removed {
			c.E.Notify(c.DB, NotifyGeneric, "del", key)
		}
	}
	c.WriteInt(deleted)
}

// HLEN key: the number of fields.
func cmdHlen(c *Ctx) {
	en, ok := hashRead(c, c.Args[1])
	if !ok {
		return
	}
	if en == nil {
		c.WriteInt(0)
		return
	}
	c.WriteInt(int64(hashLen(en.Obj)))
}

// HSTRLEN key field: the length of the value, 0 when missing.
func cmdHstrlen(c *Ctx) {
	en, ok := hashRead(c, c.Args[1])
	if !ok {
		return
	}
	var n int
	if en != nil {
		v, _ := hashGet(en.Obj, c.Args[2])
		n = len(v)
	}
	c.WriteInt(int64(n))
}

// HEXISTS key field: 1 if the field exists.
func cmdHexists(c *Ctx) {
	en, ok := hashRead(c, c.Args[1])
	if !ok {
		return
	}
	var n int64
	if en != nil {
		if _, found := hashGet(en.Obj, c.Args[2]); found {
			n = 1
		}
	}
	c.WriteInt(n)
}

// HKEYS key: every field.
func cmdHkeys(c *Ctx) { hgetallGeneric(c, true, false) }

// HVALS key: every value.
func cmdHvals(c *Ctx) { hgetallGeneric(c, false, true) }

// HGETALL key: every field and value, a map in RESP3.
func cmdHgetall(c *Ctx) { hgetallGeneric(c, true, true) }

func hgetallGeneric(c *Ctx, fields, values bool) {
	en, ok := hashRead(c, c.Args[1])
	if !ok {
		return
	}
	n := 0
	if en != nil {
		n = hashLen(en.Obj)
	}
	if fields && values {
		c.WriteMap(n)
	} else {
		c.WriteArray(n)
	}
	if en == nil {
		return
	}
	switch h := en.Obj.(type) {
	case *hashPacked:
		b := h.buf()
		used := int(h.used)
		for off := hpHdr; off < used; {
			var f, v []byte
			f, off = hpElem(b, off)
			v, off = hpElem(b, off)
			if fields {
				c.WriteBulk(f)
			}
			if values {
				c.WriteBulk(v)
			}
		}
	case *hashTable:
		for _, e := range h.all {
			if fields {
				c.WriteBulkString(e.key)
			}
			if values {
				c.WriteBulkString(e.Str)
			}
		}
	}
}

// HINCRBY key field increment: adds to an integer value (a missing field
// counts as 0) and replies the result.
func cmdHincrby(c *Ctx) {
	key, field := c.Args[1], c.Args[2]
	incr, ok := parseInt(c.Args[3])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	en, ok := hashWrite(c, key)
	if !ok {
		return
	}
	var cur int64
	if en != nil {
		if v, found := hashGet(en.Obj, field); found {
			if cur, ok = parseInt(v); !ok {
				c.Err(ErrHashValueNotInteger)
				return
			}
		}
	}
	if (incr < 0 && cur < 0 && incr < math.MinInt64-cur) ||
		(incr > 0 && cur > 0 && incr > math.MaxInt64-cur) {
		c.Err(ErrOverflow)
		return
	}
	cur += incr
	var buf [20]byte
	hashSetOne(c, en, key, field, strconv.AppendInt(buf[:0], cur, 10))
	c.WriteInt(cur)
	c.E.Notify(c.DB, NotifyHash, "hincrby", key)
}

// HINCRBYFLOAT key field increment: adds to a value in long double
// arithmetic, as Redis does, and replies the result as Redis prints it.
func cmdHincrbyfloat(c *Ctx) {
	key, field := c.Args[1], c.Args[2]
	incr, ok := parseLongDouble(c.Args[3])
	if !ok {
		c.Err(ErrNotFloat)
		return
	}
	if incr.inf != 0 {
		c.Err(ErrIncrNaNOrInfinity)
		return
	}
	en, ok := hashWrite(c, key)
	if !ok {
		return
	}
	var cur ldouble
	if en != nil {
		if v, found := hashGet(en.Obj, field); found {
			if cur, ok = parseLongDouble(v); !ok {
				c.Err(ErrHashValueNotFloat)
				return
			}
		}
	}
	sum, ok := addLD(cur, incr)
	if !ok {
		c.Err(ErrIncrNaNInf)
		return
	}
	out := appendHumanLD(nil, sum)
	hashSetOne(c, en, key, field, out)
	c.WriteBulk(out)
	c.E.Notify(c.DB, NotifyHash, "hincrbyfloat", key)
}

// hashSetOne sets one field of key's hash (en, or a new key when en is
// nil), converting the hash as Redis's hashTypeSet does.
func hashSetOne(c *Ctx, en *Entry, key, field, value []byte) {
	lim := hashLimitsOf(c.E)
	var obj any
	if en == nil {
		obj = newHashFor([][]byte{field, value}, lim)
	} else {
		obj = en.Obj
	}
	obj, _ = hashSet(obj, field, value, lim)
	hashStore(c, en, key, obj)
}
