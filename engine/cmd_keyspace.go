package engine

import (
	"bytes"
	"unsafe"
)

// Generic keyspace commands: DEL, UNLINK, EXISTS, TYPE, TOUCH, KEYS,
// RANDOMKEY, RENAME, RENAMENX, MOVE and COPY. The expire family lives in
// cmd_expire.go, SCAN in cmd_scan.go, OBJECT in cmd_object.go.

// Copier is implemented by value types that COPY can duplicate. Copy returns
// an independent deep copy to store under the destination key; a type that
// does not implement it cannot be copied. Plain and in-place (RawString)
// strings are copied without it.
type Copier interface {
	Copy() any
}

// keyView views a stored key as bytes without copying; the result must not
// be modified.
func keyView(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// DEL key [key ...]: deletes the live keys and replies how many there were.
func cmdDel(c *Ctx) { delKeys(c) }

// UNLINK key [key ...]: DEL whose memory Redis frees in the background; Go's
// collector already does that, so it behaves exactly like DEL.
func cmdUnlink(c *Ctx) { delKeys(c) }

func delKeys(c *Ctx) {
	var n int64
	for _, key := range c.Args[1:] {
		if c.DB.Delete(key) {
			c.E.Notify(c.DB, NotifyGeneric, "del", key)
			n++
		}
	}
	c.WriteInt(n)
}

// EXISTS key [key ...]: counts the live keys, a repeated key once per
// mention. Access times are left alone, as in Redis.
func cmdExists(c *Ctx) {
	var n int64
	for _, key := range c.Args[1:] {
		if c.DB.LookupNoTouch(key) != nil {
			n++
		}
	}
	c.WriteInt(n)
}

// TOUCH key [key ...]: like EXISTS, but updates each key's access time.
func cmdTouch(c *Ctx) {
	var n int64
	for _, key := range c.Args[1:] {
		if c.DB.Lookup(key) != nil {
			n++
		}
	}
	c.WriteInt(n)
}

// TYPE key: the type name as a status reply, "none" for a missing key.
func cmdType(c *Ctx) {
	en := c.DB.LookupNoTouch(c.Args[1])
	if en == nil {
		c.WriteStatus("none")
		return
	}
	c.WriteStatus(en.TypeName())
}

// KEYS pattern: every live key matching the glob. Logically expired keys are
// skipped but, as in Redis, not reclaimed, so KEYS never writes.
func cmdKeys(c *Ctx) {
	pattern := c.Args[1]
	// "*" alone matches everything, the empty key included, which the
	// matcher itself would not match.
	all := len(pattern) == 1 && pattern[0] == '*'
	var keys []string
	db := c.DB
	now := c.E.Now()
	db.Each(func(en *Entry) bool {
		if (all || Match(pattern, keyView(en.key), false)) && !db.expiredAt(en.key, now) {
			keys = append(keys, en.key)
		}
		return true
	})
	c.WriteArray(len(keys))
	for _, k := range keys {
		c.WriteBulkString(k)
	}
}

// RANDOMKEY: a random live key, or null when the database is empty.
func cmdRandomKey(c *Ctx) {
	en := c.DB.Random()
	if en == nil {
		c.WriteNull()
		return
	}
	c.WriteBulkString(en.key)
}

// RENAME key newkey.
func cmdRename(c *Ctx) { renameKey(c, false) }

// RENAMENX key newkey.
func cmdRenameNX(c *Ctx) { renameKey(c, true) }

// renameKey moves key's value and TTL to newkey. Renaming a key to itself
// checks only that it exists. RENAME replaces newkey (and drops its TTL);
// RENAMENX replies 0 if newkey exists.
func renameKey(c *Ctx, nx bool) {
	src, dst := c.Args[1], c.Args[2]
	if c.DB.LookupWrite(src) == nil {
		c.Err(ErrNoSuchKey)
		return
	}
	if bytes.Equal(src, dst) {
		if nx {
			c.WriteInt(0)
		} else {
			c.OK()
		}
		return
	}
	if c.DB.LookupWrite(dst) != nil && nx {
		c.WriteInt(0)
		return
	}
	c.DB.Rename(src, dst)
	c.E.Notify(c.DB, NotifyGeneric, "rename_from", src)
	c.E.Notify(c.DB, NotifyGeneric, "rename_to", dst)
	if nx {
		c.WriteInt(1)
	} else {
		c.OK()
	}
}

// dbIndexArg parses a database index argument as Redis's getIntFromObject
// does and checks it names a database. It writes the error reply and
// returns nil when it does not.
func dbIndexArg(c *Ctx, arg []byte) *DB {
	n, ok := parseInt(arg)
	if !ok {
		c.Err(ErrNotInteger)
		return nil
	}
	if n < -1<<31 || n > 1<<31-1 {
		c.Err(ErrIntRange32)
		return nil
	}
	if n < 0 || n >= int64(len(c.E.dbs)) {
		c.Err(ErrDBIndex)
		return nil
	}
	return c.E.dbs[n]
}

// MOVE key db: moves key, with its TTL, to another database unless the key
// already exists there.
func cmdMove(c *Ctx) {
	src := c.DB
	dst := dbIndexArg(c, c.Args[2])
	if dst == nil {
		return
	}
	if dst == src {
		c.Err(ErrSameObject)
		return
	}
	key := c.Args[1]
	if src.LookupWrite(key) == nil || dst.LookupWrite(key) != nil {
		c.WriteInt(0)
		return
	}
	src.MoveTo(dst, key)
	c.E.Notify(src, NotifyGeneric, "move_from", key)
	c.E.Notify(dst, NotifyGeneric, "move_to", key)
	c.WriteInt(1)
}

// COPY source destination [DB destination-db] [REPLACE]: stores an
// independent copy of source's value, with its TTL, under destination.
func cmdCopy(c *Ctx) {
	src, dst := c.DB, c.DB
	replace := false
	for i := 3; i < len(c.Args); i++ {
		switch {
		case EqualFold(c.Args[i], "replace"):
			replace = true
		case EqualFold(c.Args[i], "db") && i+1 < len(c.Args):
			if dst = dbIndexArg(c, c.Args[i+1]); dst == nil {
				return
			}
			i++
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	key, newKey := c.Args[1], c.Args[2]
	if src == dst && bytes.Equal(key, newKey) {
		c.Err(ErrSameObject)
		return
	}
	en := src.Lookup(key)
	if en == nil {
		c.WriteInt(0)
		return
	}
	exists := dst.LookupWrite(newKey) != nil
	if exists && !replace {
		c.WriteInt(0)
		return
	}
	str, obj, ok := copyValue(en)
	if !ok {
		c.Err(ErrUnknownTypeObject)
		return
	}
	expireAt := src.Expire(key)
	if expireAt < 0 {
		expireAt = 0
	}
	if exists {
		dst.Delete(newKey)
	}
	cp := dst.AddEntry(newKey, str, obj, expireAt)
	// The copy keeps the source's string encoding ("raw" stays "raw").
	cp.Raw = en.Raw
	c.E.Notify(dst, NotifyGeneric, "copy_to", newKey)
	c.WriteInt(1)
}

// copyValue duplicates en's value for COPY. Plain strings are immutable and
// shared; everything else is deep-copied. ok is false for a value type that
// cannot be copied.
func copyValue(en *Entry) (str string, obj any, ok bool) {
	switch v := en.Obj.(type) {
	case nil:
		return en.Str, nil, true
	case *RawString:
		return "", &RawString{B: bytes.Clone(v.B)}, true
	case Copier:
		return "", v.Copy(), true
	}
	return "", nil, false
}
