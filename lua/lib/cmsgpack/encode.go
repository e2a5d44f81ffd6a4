package cmsgpack

import (
	"encoding/binary"
	"math"

	lua "github.com/yuin/gopher-lua"

	"luakv/lua/internal/lauxlib"
)

// Module metadata, as lua-cmsgpack 0.4.0 sets it.
const (
	name        = "cmsgpack"
	version     = "lua-cmsgpack 0.4.0"
	copyright   = "Copyright (C) 2012, Salvatore Sanfilippo"
	description = "MessagePack C implementation for Lua"
)

// maxNesting is LUACMSGPACK_MAX_NESTING: tables nested deeper are packed as
// nil, which also ends cycles.
const maxNesting = 16

// maxResult bounds pack's result; a variable so tests can lower it.
var maxResult = lauxlib.MaxResult

// Loader pushes a new cmsgpack module table (gopher-lua loader convention).
func Loader(L *lua.LState) int {
	t := L.CreateTable(0, 8)
	t.RawSetString("pack", L.NewFunction(pack))
	t.RawSetString("unpack", L.NewFunction(unpack))
	t.RawSetString("unpack_one", L.NewFunction(unpackOne))
	t.RawSetString("unpack_limit", L.NewFunction(unpackLimit))
	t.RawSetString("_NAME", lua.LString(name))
	t.RawSetString("_VERSION", lua.LString(version))
	t.RawSetString("_COPYRIGHT", lua.LString(copyright))
	t.RawSetString("_DESCRIPTION", lua.LString(description))
	L.Push(t)
	return 1
}

// encoder accumulates pack's output. It also counts the Lua stack slots the
// C would use (its "top" arguments) so that it fails where the C's
// luaL_checkstack calls fail.
type encoder struct {
	L   *lua.LState
	buf []byte
}

// room makes room for n more bytes, refusing to grow past maxResult.
func (e *encoder) room(n int) {
	if n > maxResult-len(e.buf) {
		e.L.Error(lua.LString(lauxlib.MemError), 0)
	}
	if need := len(e.buf) + n; need > cap(e.buf) {
		c := 2 * cap(e.buf)
		if c < need {
			c = need
		}
		if c < 64 {
			c = 64
		}
		if c > maxResult {
			c = maxResult
		}
		b := make([]byte, len(e.buf), c)
		copy(b, e.buf)
		e.buf = b
	}
}

func (e *encoder) put(b []byte) {
	e.room(len(b))
	e.buf = append(e.buf, b...)
}

func (e *encoder) put1(c byte) {
	e.room(1)
	e.buf = append(e.buf, c)
}

// pack is cmsgpack.pack(...): every argument encoded, concatenated.
func pack(L *lua.LState) int {
	nargs := L.GetTop()
	if nargs == 0 {
		lauxlib.ArgError(L, 0, "MessagePack pack needs input.")
	}
	// lua_checkstack(L, nargs) on a stack already holding the nargs
	// arguments.
	if 2*nargs > lauxlib.MaxCStack {
		lauxlib.ArgError(L, 0, "Too many arguments for MessagePack pack.")
	}
	e := &encoder{L: L}
	for i := 1; i <= nargs; i++ {
		// The C keeps each argument's encoding on the stack until the
		// end, then pushes a copy of the next argument.
		used := nargs + i - 1
		lauxlib.CheckStack(L, used, 1, "in function mp_check")
		e.value(L.Get(i), used+1, 0)
	}
	L.Push(lua.LString(e.buf))
	return 1
}

// value encodes v; top is the number of stack slots in use with v pushed.
func (e *encoder) value(v lua.LValue, top, level int) {
	switch v := v.(type) {
	case lua.LString:
		e.bytes(string(v))
	case lua.LBool:
		if v {
			e.put1(0xc3)
		} else {
			e.put1(0xc2)
		}
	case lua.LNumber:
		e.number(float64(v))
	case *lua.LTable:
		if level == maxNesting {
			e.put1(0xc0)
			return
		}
		e.table(v, top, level)
	default: // nil, functions, userdata, threads
		e.put1(0xc0)
	}
}

// bytes encodes a string as fixstr, str8, str16 or str32.
func (e *encoder) bytes(s string) {
	n := len(s)
	var h [5]byte
	switch {
	case n < 32:
		h[0] = 0xa0 | byte(n)
		e.put(h[:1])
	case n <= 0xff:
		h[0], h[1] = 0xd9, byte(n)
		e.put(h[:2])
	case n <= 0xffff:
		h[0] = 0xda
		binary.BigEndian.PutUint16(h[1:], uint16(n))
		e.put(h[:3])
	default: // lengths from 2^32 on are not representable; maxResult is below
		h[0] = 0xdb
		binary.BigEndian.PutUint32(h[1:], uint32(n))
		e.put(h[:5])
	}
	e.room(n)
	e.buf = append(e.buf, s...)
}

// number encodes integral values that fit an int64 as integers, others as
// float 32 when that is exact, else float 64.
func (e *encoder) number(n float64) {
	if i := lauxlib.DoubleToInt64(n); !math.IsInf(n, 0) && float64(i) == n {
		e.integer(i)
		return
	}
	var b [9]byte
	if n == n {
		if f := float32(n); float64(f) == n {
			b[0] = 0xca
			binary.BigEndian.PutUint32(b[1:], math.Float32bits(f))
			e.put(b[:5])
			return
		}
	}
	b[0] = 0xcb
	binary.BigEndian.PutUint64(b[1:], math.Float64bits(n))
	e.put(b[:])
}

// integer encodes n in the smallest msgpack integer form; non-negative
// values always use the unsigned forms.
func (e *encoder) integer(n int64) {
	var b [9]byte
	var k int
	switch {
	case n >= -32 && n <= 127: // positive or negative fixint
		b[0], k = byte(n), 1
	case n >= 0 && n <= 0xff:
		b[0], b[1], k = 0xcc, byte(n), 2
	case n >= 0 && n <= 0xffff:
		b[0], k = 0xcd, 3
		binary.BigEndian.PutUint16(b[1:], uint16(n))
	case n >= 0 && n <= 0xffffffff:
		b[0], k = 0xce, 5
		binary.BigEndian.PutUint32(b[1:], uint32(n))
	case n >= 0:
		b[0], k = 0xcf, 9
		binary.BigEndian.PutUint64(b[1:], uint64(n))
	case n >= -128:
		b[0], b[1], k = 0xd0, byte(n), 2
	case n >= -32768:
		b[0], k = 0xd1, 3
		binary.BigEndian.PutUint16(b[1:], uint16(n))
	case n >= -2147483648:
		b[0], k = 0xd2, 5
		binary.BigEndian.PutUint32(b[1:], uint32(n))
	default:
		b[0], k = 0xd3, 9
		binary.BigEndian.PutUint64(b[1:], uint64(n))
	}
	e.put(b[:k])
}

// header encodes an array (fix 0x90) or map (fix 0x80) header with n
// entries: the fix form, the 16-bit form (first byte big16) or the 32-bit
// one (big16+1).
func (e *encoder) header(fix, big16 byte, n int) {
	var b [5]byte
	switch {
	case n <= 15:
		b[0] = fix | byte(n)
		e.put(b[:1])
	case n <= 0xffff:
		b[0] = big16
		binary.BigEndian.PutUint16(b[1:], uint16(n))
		e.put(b[:3])
	default:
		b[0] = big16 + 1
		binary.BigEndian.PutUint32(b[1:], uint32(n))
		e.put(b[:5])
	}
}

// table encodes t as an array when its keys are exactly 1..n, else as a
// map; top counts t's slot.
func (e *encoder) table(t *lua.LTable, top, level int) {
	lauxlib.CheckStack(e.L, top, 2, "in function table_is_an_array")
	if n, ok := arrayLen(t); ok {
		lauxlib.CheckStack(e.L, top, 1, "in function mp_encode_lua_table_as_array")
		e.header(0x90, 0xdc, n)
		for j := 1; j <= n; j++ {
			e.value(t.RawGetInt(j), top+1, level+1)
		}
		return
	}
	lauxlib.CheckStack(e.L, top, 3, "in function mp_encode_lua_table_as_map")
	n := 0
	for k, _ := t.Next(lua.LNil); k != lua.LNil; k, _ = t.Next(k) {
		n++
	}
	e.header(0x80, 0xde, n)
	// The C iterates with lua_next; the key is encoded from a copy above
	// the key and value, the value from its own slot.
	for k, v := t.Next(lua.LNil); k != lua.LNil; k, v = t.Next(k) {
		e.value(k, top+3, level+1)
		e.value(v, top+2, level+1)
	}
}

// arrayLen reports whether t's keys are exactly the integers 1..n (n may be
// 0), keys counting as integers when a C int holds them exactly.
func arrayLen(t *lua.LTable) (int, bool) {
	count, max := 0, 0
	ok := true
	t.ForEach(func(k, _ lua.LValue) {
		if !ok {
			return
		}
		n, isNum := k.(lua.LNumber)
		if !isNum || n <= 0 || float64(lauxlib.DoubleToInt32(float64(n))) != float64(n) {
			ok = false
			return
		}
		count++
		if int(n) > max {
			max = int(n)
		}
	})
	return count, ok && count == max
}
