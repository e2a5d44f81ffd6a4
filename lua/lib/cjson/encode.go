package cjson

import (
	"math"

	lua "github.com/yuin/gopher-lua"
)

// luaMaxCStack is Lua 5.1's LUAI_MAXCSTACK: lua_checkstack refuses to let
// a C function use more stack slots than this. lua-cjson checks the stack
// at each nesting level, so with a raised depth limit nesting still stops
// where Redis's Lua stack would, with the same message.
const luaMaxCStack = 8000

// escapes holds the JSON text written for each byte of a string that
// lua-cjson escapes: control characters, DEL, '"', '\' and '/'.
var escapes = func() [256]string {
	var t [256]string
	const hex = "0123456789abcdef"
	for c := 0; c < 0x20; c++ {
		t[c] = `\u00` + string(hex[c>>4]) + string(hex[c&15])
	}
	t['\b'], t['\t'], t['\n'], t['\f'], t['\r'] = `\b`, `\t`, `\n`, `\f`, `\r`
	t['"'], t['\\'], t['/'] = `\"`, `\\`, `\/`
	t[0x7f] = `\u007f`
	return t
}()

// encoder serialises one value.
type encoder struct {
	L    *lua.LState
	cfg  *config
	buf  []byte
	null *lua.LUserData
}

// encode is cjson.encode(value).
func encode(L *lua.LState, cfg *config) int {
	if L.GetTop() != 1 {
		argError(L, 1, "expected 1 argument")
	}
	e := encoder{L: L, cfg: cfg, null: Null(L)}
	if cfg.keepBuffer {
		e.buf = cfg.buf[:0]
	}
	defer func() {
		// Keep the (possibly grown) buffer even when the encode failed,
		// as the C keeps its strbuf.
		if cfg.keepBuffer && cap(e.buf) <= keepBufferLimit {
			cfg.buf = e.buf[:0]
		}
	}()
	// One slot holds the argument.
	e.value(L.Get(1), 0, 1)
	L.Push(lua.LString(e.buf))
	return 1
}

// fail raises "Cannot serialise <type>: <reason>" about v.
func (e *encoder) fail(v lua.LValue, reason string) {
	raise(e.L, "Cannot serialise %s: %s", luaTypeName(v), reason)
}

// grow makes room for n more bytes. The buffer's capacity never passes
// the result limit, so a result that would pass it fails before the
// memory is taken.
func (e *encoder) grow(n int) {
	need := len(e.buf) + n
	if need <= cap(e.buf) {
		return
	}
	if need > e.cfg.maxLen {
		raise(e.L, "Cannot serialise, result exceeds %d bytes", e.cfg.maxLen)
	}
	size := 2 * cap(e.buf)
	if size < 256 {
		size = 256
	}
	if size < need {
		size = need
	}
	if size > e.cfg.maxLen {
		size = e.cfg.maxLen
	}
	b := make([]byte, len(e.buf), size)
	copy(b, e.buf)
	e.buf = b
}

// write appends s.
func (e *encoder) write(s string) {
	e.grow(len(s))
	e.buf = append(e.buf, s...)
}

// writeByte appends c.
func (e *encoder) writeByte(c byte) {
	e.grow(1)
	e.buf = append(e.buf, c)
}

// value appends v at nesting depth (tables opened so far); slots counts
// the Lua stack slots the C encoder would be using at this point.
func (e *encoder) value(v lua.LValue, depth, slots int) {
	switch v := v.(type) {
	case lua.LString:
		e.str(string(v))
	case lua.LNumber:
		e.number(v)
	case lua.LBool:
		if v {
			e.write("true")
		} else {
			e.write("false")
		}
	case *lua.LNilType:
		e.write("null")
	case *lua.LTable:
		depth++
		if depth > e.cfg.encodeMaxDepth || slots+3 > luaMaxCStack {
			raise(e.L, "Cannot serialise, excessive nesting (%d)", depth)
		}
		if n := e.arrayLength(v); n > 0 {
			e.array(v, n, depth, slots)
		} else {
			e.object(v, depth, slots)
		}
	case *lua.LUserData:
		if v == e.null {
			e.write("null")
			return
		}
		e.fail(v, "type not supported")
	default:
		e.fail(v, "type not supported")
	}
}

// str appends s as a JSON string.
func (e *encoder) str(s string) {
	extra := 2
	for i := 0; i < len(s); i++ {
		if esc := escapes[s[i]]; esc != "" {
			extra += len(esc) - 1
		}
	}
	e.grow(len(s) + extra)
	e.writeByte('"')
	last := 0
	for i := 0; i < len(s); i++ {
		if esc := escapes[s[i]]; esc != "" {
			e.buf = append(e.buf, s[last:i]...)
			e.buf = append(e.buf, esc...)
			last = i + 1
		}
	}
	e.buf = append(e.buf, s[last:]...)
	e.writeByte('"')
}

// number appends n under the encode_invalid_numbers setting.
func (e *encoder) number(n lua.LNumber) {
	f := float64(n)
	invalid := math.IsNaN(f) || math.IsInf(f, 0)
	switch e.cfg.encodeInvalidNumbers {
	case invalidOff:
		if invalid {
			e.fail(n, "must not be NaN or Inf")
		}
	case invalidOn:
		// Written apart from the formatter, which would give "-nan" for
		// a negative NaN.
		if math.IsNaN(f) {
			e.write("nan")
			return
		}
	default:
		if invalid {
			e.write("null")
			return
		}
	}
	// %.14g of a double is at most 21 bytes ("-1.2345678901234e-308").
	e.grow(24)
	e.buf = appendG(e.buf, f, e.cfg.numberPrecision)
}

// arrayLength decides whether t is written as an array: it returns the
// largest key when every key is a positive integer and the array is not
// too sparse, and 0 or less for an object. A too sparse array is an
// error unless encode_sparse_array converts it. The largest key is kept
// in a C int: a key beyond its range leaves the minimum int, which makes
// the table an object, as in Redis.
func (e *encoder) arrayLength(t *lua.LTable) int {
	var max, items int32
	for k, _ := t.Next(lua.LNil); k != lua.LNil; k, _ = t.Next(k) {
		n, ok := k.(lua.LNumber)
		f := float64(n)
		if !ok || f == 0 || math.Floor(f) != f || f < 1 {
			return -1
		}
		if f > float64(max) {
			max = cInt(f)
		}
		items++
	}
	ratio := int32(e.cfg.sparseRatio)
	if ratio > 0 && max > items*ratio && int(max) > e.cfg.sparseSafe {
		if !e.cfg.sparseConvert {
			e.fail(t, "excessively sparse array")
		}
		return -1
	}
	return int(max)
}

// cInt converts an integral double to a C int as x86-64 does: values out
// of range give the minimum int.
func cInt(f float64) int32 {
	if f >= math.MinInt32 && f <= math.MaxInt32 {
		return int32(f)
	}
	return math.MinInt32
}

// array appends t[1..n], holes written as null.
func (e *encoder) array(t *lua.LTable, n, depth, slots int) {
	e.writeByte('[')
	for i := 1; i <= n; i++ {
		if i > 1 {
			e.writeByte(',')
		}
		// The element occupies one slot while it is written.
		e.value(t.RawGetInt(i), depth, slots+1)
	}
	e.writeByte(']')
}

// object appends t's pairs in traversal order; keys must be strings or
// numbers (numbers are written as quoted JSON numbers).
func (e *encoder) object(t *lua.LTable, depth, slots int) {
	e.writeByte('{')
	first := true
	for k, v := t.Next(lua.LNil); k != lua.LNil; k, v = t.Next(k) {
		if !first {
			e.writeByte(',')
		}
		first = false
		switch k := k.(type) {
		case lua.LNumber:
			e.writeByte('"')
			e.number(k)
			e.write(`":`)
		case lua.LString:
			e.str(string(k))
			e.writeByte(':')
		default:
			e.fail(k, "table key must be a number or string")
		}
		// Key and value occupy two slots while the value is written.
		e.value(v, depth, slots+2)
	}
	e.writeByte('}')
}
