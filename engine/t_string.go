package engine

import "bytes"

// String value helpers shared by the string and bitmap commands.
//
// A string key is stored one of two ways (see object.go): inline and
// immutable in Entry.Str, which is what SET, MSET, GETSET and friends write,
// or as a *RawString in Entry.Obj, a mutable buffer that in-place writers
// (APPEND, SETRANGE, SETBIT, BITFIELD, INCR) change without copying the
// whole value each time. The first in-place write switches a key from the
// first form to the second.

// toRawString switches en's string value to a mutable *RawString (copying an
// inline value once, with room for extra more bytes) and returns it. The
// caller must set the encoding it wants reported and call DB.Modified.
func toRawString(en *Entry, extra int) *RawString {
	if r, ok := en.Obj.(*RawString); ok {
		return r
	}
	b := make([]byte, len(en.Str), len(en.Str)+extra)
	copy(b, en.Str)
	r := &RawString{B: b}
	en.Obj, en.Str, en.Raw = r, "", false
	return r
}

// growZero extends r to n bytes, padding with zero bytes. The caller has
// checked n against proto-max-bulk-len. Like Redis's sds it leaves room to
// grow: double up to 1MB, then 1MB more.
func (r *RawString) growZero(n int) {
	old := len(r.B)
	if n <= old {
		return
	}
	if n <= cap(r.B) {
		r.B = r.B[:n]
		clear(r.B[old:]) // the spare capacity may hold stale bytes
		return
	}
	c := n + 1<<20
	if n < 1<<20 {
		c = 2 * n
	}
	b := make([]byte, n, c) // fresh memory is zeroed
	copy(b, r.B)
	r.B = b
}

// checkStringLength replies the proto-max-bulk-len error and returns false
// when a string of size+add bytes (both non-negative) would exceed the
// limit or overflow.
func checkStringLength(c *Ctx, size, add int64) bool {
	if total := size + add; total < size || total > c.E.Config.ProtoMaxBulkLen {
		c.Err(ErrStringTooLong)
		return false
	}
	return true
}

// strOpt reports whether the option word arg is lower in any case, comparing
// as Redis's strcasecmp on a C string does: up to the first NUL byte.
func strOpt(arg []byte, lower string) bool {
	if i := bytes.IndexByte(arg, 0); i >= 0 {
		arg = arg[:i]
	}
	return EqualFold(arg, lower)
}

// lookupReadString looks key up for reading. It returns the entry (nil when
// missing) and false after replying WRONGTYPE for a non-string value.
func (c *Ctx) lookupReadString(key []byte) (*Entry, bool) {
	en := c.DB.Lookup(key)
	if en != nil && !en.IsString() {
		c.Err(ErrWrongType)
		return nil, false
	}
	return en, true
}

// lookupWriteString is lookupReadString for writing (no hit/miss stats).
func (c *Ctx) lookupWriteString(key []byte) (*Entry, bool) {
	en := c.DB.LookupWrite(key)
	if en != nil && !en.IsString() {
		c.Err(ErrWrongType)
		return nil, false
	}
	return en, true
}

// stringForBits returns the mutable value of the command's key, created or
// zero-padded so that bit maxbit exists, as SETBIT and BITFIELD need it.
// grown reports whether the key was created or lengthened, created whether
// it was created (which already ran the key-modified hook). It replies
// WRONGTYPE and returns nil for a non-string key. The caller has bounded
// maxbit by proto-max-bulk-len.
func (c *Ctx) stringForBits(maxbit uint64) (en *Entry, r *RawString, grown, created bool) {
	key := c.Args[1]
	byteLen := int(maxbit>>3) + 1
	en, ok := c.lookupWriteString(key)
	if !ok {
		return nil, nil, false, false
	}
	if en == nil {
		r = &RawString{B: make([]byte, byteLen)}
		en = c.DB.SetObject(key, r, false)
		return en, r, true, true
	}
	r = toRawString(en, 0)
	r.enc = encRaw
	if len(r.B) < byteLen {
		r.growZero(byteLen)
		grown = true
	}
	return en, r, grown, false
}
