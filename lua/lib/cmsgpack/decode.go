package cmsgpack

import (
	"math"

	lua "github.com/yuin/gopher-lua"

	"luakv/lua/internal/lauxlib"
)

// Decoding failures, reported once the value in progress is abandoned.
const (
	errNone   = iota
	errEOF    // the input ends inside a value
	errBadFmt // a first byte lua-cmsgpack 0.4 does not know (bin, ext, 0xc1)
)

// The C's luaL_checkstack messages while decoding.
const (
	msgTooMany = "too many return values at once; use unpack_one or unpack_limit instead."
	msgArray   = "in function mp_decode_to_lua_array"
	msgFull    = "in function mp_unpack_full"
)

// decoder reads msgpack values from s at p. Like the C it builds Lua values
// as it goes and counts the stack slots the C would hold, so it stops with
// the same errors at the same points.
type decoder struct {
	L   *lua.LState
	s   string
	p   int
	err int
}

func (d *decoder) left() int { return len(d.s) - d.p }

// need reports whether n more bytes are available, setting errEOF if not.
func (d *decoder) need(n int) bool {
	if d.left() < n {
		d.err = errEOF
		return false
	}
	return true
}

// be reads the n-byte big-endian number at at.
func (d *decoder) be(at, n int) uint64 {
	var v uint64
	for _, c := range []byte(d.s[at : at+n]) {
		v = v<<8 | uint64(c)
	}
	return v
}

func (d *decoder) u16(at int) int    { return int(d.be(at, 2)) }
func (d *decoder) u32(at int) uint32 { return uint32(d.be(at, 4)) }
func (d *decoder) u64(at int) uint64 { return d.be(at, 8) }

// str returns the n bytes after a header of h bytes, or sets errEOF.
func (d *decoder) str(h, n int) lua.LValue {
	if !d.need(h) || n > d.left()-h {
		d.err = errEOF
		return lua.LNil
	}
	v := lua.LString(d.s[d.p+h : d.p+h+n])
	d.p += h + n
	return v
}

// value decodes one value; used is the number of stack slots in use before
// it is pushed. On failure it sets d.err and returns nil.
func (d *decoder) value(used int) lua.LValue {
	if !d.need(1) {
		return lua.LNil
	}
	lauxlib.CheckStack(d.L, used, 1, msgTooMany)
	c := d.s[d.p]
	var v lua.LValue
	switch {
	case c <= 0x7f: // positive fixint
		v = lua.LNumber(c)
		d.p++
	case c >= 0xe0: // negative fixint
		v = lua.LNumber(int8(c))
		d.p++
	case c >= 0xa0 && c <= 0xbf: // fixstr
		v = d.str(1, int(c&0x1f))
	case c >= 0x90 && c <= 0x9f: // fixarray
		d.p++
		v = d.array(int(c&0xf), used)
	case c >= 0x80 && c <= 0x8f: // fixmap
		d.p++
		v = d.table(int(c&0xf), used)
	case c == 0xc0:
		v = lua.LNil
		d.p++
	case c == 0xc2 || c == 0xc3:
		v = lua.LBool(c == 0xc3)
		d.p++
	case c == 0xcc: // uint 8
		if d.need(2) {
			v = lua.LNumber(d.s[d.p+1])
			d.p += 2
		}
	case c == 0xcd: // uint 16
		if d.need(3) {
			v = lua.LNumber(d.u16(d.p + 1))
			d.p += 3
		}
	case c == 0xce: // uint 32
		if d.need(5) {
			v = lua.LNumber(d.u32(d.p + 1))
			d.p += 5
		}
	case c == 0xcf: // uint 64, pushed through lua_Integer: 2^63 and up wrap
		if d.need(9) {
			v = lua.LNumber(int64(d.u64(d.p + 1)))
			d.p += 9
		}
	case c == 0xd0: // int 8
		if d.need(2) {
			v = lua.LNumber(int8(d.s[d.p+1]))
			d.p += 2
		}
	case c == 0xd1: // int 16
		if d.need(3) {
			v = lua.LNumber(int16(d.u16(d.p + 1)))
			d.p += 3
		}
	case c == 0xd2: // int 32
		if d.need(5) {
			v = lua.LNumber(int32(d.u32(d.p + 1)))
			d.p += 5
		}
	case c == 0xd3: // int 64
		if d.need(9) {
			v = lua.LNumber(int64(d.u64(d.p + 1)))
			d.p += 9
		}
	case c == 0xca: // float 32
		if d.need(5) {
			v = lua.LNumber(lauxlib.Float32To64(d.u32(d.p + 1)))
			d.p += 5
		}
	case c == 0xcb: // float 64
		if d.need(9) {
			v = lua.LNumber(math.Float64frombits(d.u64(d.p + 1)))
			d.p += 9
		}
	case c == 0xd9: // str 8
		if d.need(2) {
			v = d.str(2, int(d.s[d.p+1]))
		}
	case c == 0xda: // str 16
		if d.need(3) {
			v = d.str(3, d.u16(d.p+1))
		}
	case c == 0xdb: // str 32
		if d.need(5) {
			v = d.str(5, int(d.u32(d.p+1)))
		}
	case c == 0xdc: // array 16
		if d.need(3) {
			n := d.u16(d.p + 1)
			d.p += 3
			v = d.array(n, used)
		}
	case c == 0xdd: // array 32
		if d.need(5) {
			n := int(d.u32(d.p + 1))
			d.p += 5
			v = d.array(n, used)
		}
	case c == 0xde: // map 16
		if d.need(3) {
			n := d.u16(d.p + 1)
			d.p += 3
			v = d.table(n, used)
		}
	case c == 0xdf: // map 32
		if d.need(5) {
			n := int(d.u32(d.p + 1))
			d.p += 5
			v = d.table(n, used)
		}
	default:
		d.err = errBadFmt
	}
	if v == nil || d.err != errNone {
		return lua.LNil
	}
	return v
}

// capHint bounds a table's preallocation by what the rest of the input can
// hold (every element takes at least a byte), so a header alone cannot make
// it allocate.
func (d *decoder) capHint(n, per int) int {
	if m := d.left() / per; n > m {
		return m
	}
	return n
}

// array decodes n elements into a table with keys 1..n. The C holds the
// table and the index below each element.
func (d *decoder) array(n, used int) lua.LValue {
	t := d.L.CreateTable(d.capHint(n, 1), 0)
	lauxlib.CheckStack(d.L, used+1, 1, msgArray)
	for i := 1; i <= n; i++ {
		v := d.value(used + 2)
		if d.err != errNone {
			return lua.LNil
		}
		// Assigning nil to a new key changes nothing but gopher-lua's
		// array bookkeeping.
		if v != lua.LNil {
			t.RawSetInt(i, v)
		}
	}
	return t
}

// table decodes n key/value pairs into a table. The C holds the table, the
// key and the value; it stores them with lua_settable, whose errors for nil
// and NaN keys carry no position.
func (d *decoder) table(n, used int) lua.LValue {
	t := d.L.CreateTable(0, d.capHint(n, 2))
	for ; n > 0; n-- {
		k := d.value(used + 1)
		if d.err != errNone {
			return lua.LNil
		}
		v := d.value(used + 2)
		if d.err != errNone {
			return lua.LNil
		}
		switch kn, isNum := k.(lua.LNumber); {
		case k == lua.LNil:
			d.L.Error(lua.LString("table index is nil"), 0)
		case isNum && kn != kn:
			d.L.Error(lua.LString("table index is NaN"), 0)
		}
		// A nil value removes a key given earlier in the same map; for a
		// new key it must not reach RawSet, which would grow gopher-lua's
		// array part up to an integer key.
		if v == lua.LNil && t.RawGet(k) == lua.LNil {
			continue
		}
		t.RawSet(k, v)
	}
	return t
}

// unpack is cmsgpack.unpack(s): every value in s.
func unpack(L *lua.LState) int {
	return unpackFull(L, L.GetTop(), 0, 0)
}

// unpackOne is cmsgpack.unpack_one(s [, offset]): the offset after the
// first value at offset (-1 at the end of s), then the value.
func unpackOne(L *lua.LState) int {
	offset := lauxlib.OptInteger(L, 2, 0)
	return unpackFull(L, min(L.GetTop(), 1), 1, offset)
}

// unpackLimit is cmsgpack.unpack_limit(s, limit [, offset]): as unpack_one
// with up to limit values; limit 0 with offset 0 means all values, and then
// no offset is returned.
func unpackLimit(L *lua.LState) int {
	limit := lauxlib.CheckInteger(L, 2)
	offset := lauxlib.OptInteger(L, 3, 0)
	return unpackFull(L, min(L.GetTop(), 1), limit, offset)
}

// unpackFull decodes up to limit values of argument 1 from offset; used is
// the number of stack slots the C holds when it starts (the arguments it
// kept).
func unpackFull(L *lua.LState, used int, limit, offset int64) int {
	s := lauxlib.CheckLString(L, 1)
	all := limit == 0 && offset == 0
	switch {
	case offset < 0 || limit < 0:
		// The C prints the input's length where it means the limit.
		lauxlib.Errorf(L, "Invalid request to unpack with offset of %d and limit of %d.", int32(offset), int32(len(s)))
	case uint64(offset) > uint64(len(s)):
		lauxlib.Errorf(L, "Start offset %d greater than input length %d.", int32(offset), int32(len(s)))
	}
	if all {
		limit = math.MaxInt32
	}
	d := &decoder{L: L, s: s, p: int(offset)}
	var vals []lua.LValue
	for cnt := int64(0); d.left() > 0 && cnt < limit; cnt++ {
		v := d.value(used + len(vals))
		switch d.err {
		case errEOF:
			lauxlib.Error(L, "Missing bytes in input.")
		case errBadFmt:
			lauxlib.Error(L, "Bad data format in input.")
		}
		vals = append(vals, v)
	}
	if !all {
		lauxlib.CheckStack(L, used+len(vals), 1, msgFull)
		next := lua.LNumber(-1)
		if d.left() > 0 {
			next = lua.LNumber(d.p)
		}
		L.Push(next)
	}
	for _, v := range vals {
		L.Push(v)
	}
	if all {
		return len(vals)
	}
	return len(vals) + 1
}
