package bit

import (
	"math"

	lua "github.com/yuin/gopher-lua"

	"luakv/lua/internal/lauxlib"
)

// Loader pushes a new bit module table (gopher-lua loader convention).
func Loader(L *lua.LState) int {
	t := L.CreateTable(0, len(funcs))
	// Fields go in in the C library's registration order, so the table's
	// contents do not depend on Go's map order.
	for _, f := range funcs {
		t.RawSetString(f.name, L.NewFunction(f.fn))
	}
	L.Push(t)
	return 1
}

var funcs = []struct {
	name string
	fn   lua.LGFunction
}{
	{"tobit", tobit},
	{"bnot", bnot},
	{"band", band},
	{"bor", bor},
	{"bxor", bxor},
	{"lshift", lshift},
	{"rshift", rshift},
	{"arshift", arshift},
	{"rol", rol},
	{"ror", ror},
	{"bswap", bswap},
	{"tohex", tohex},
}

// magic is 2^52+2^51: added to a double it leaves the integer nearest to it
// in the low bits of the representation.
const magic = 6755399441055744.0

// arg normalises argument i to 32 bits as LuaBitOp's barg does.
func arg(L *lua.LState, i int) uint32 {
	f, ok := lauxlib.ToNumber(L.Get(i))
	var b uint32
	if f != f {
		// x86 returns a NaN operand of an addition unchanged but for the
		// quiet bit, so its low 32 bits come through.
		b = uint32(math.Float64bits(f))
	} else {
		b = uint32(math.Float64bits(f + magic))
	}
	// Lua 5.1's lua_tonumber gives 0 for a non-number, so only a zero
	// result needs the type check.
	if b == 0 && !ok {
		lauxlib.TypeError(L, i, "number")
	}
	return b
}

func ret(L *lua.LState, b uint32) int {
	L.Push(lua.LNumber(int32(b)))
	return 1
}

func tobit(L *lua.LState) int { return ret(L, arg(L, 1)) }
func bnot(L *lua.LState) int  { return ret(L, ^arg(L, 1)) }

// fold applies op over all arguments; the C reads the first argument, then
// the others from the last down, which decides which bad argument is named.
func fold(L *lua.LState, op func(a, b uint32) uint32) int {
	b := arg(L, 1)
	for i := L.GetTop(); i > 1; i-- {
		b = op(b, arg(L, i))
	}
	return ret(L, b)
}

func band(L *lua.LState) int { return fold(L, func(a, b uint32) uint32 { return a & b }) }
func bor(L *lua.LState) int  { return fold(L, func(a, b uint32) uint32 { return a | b }) }
func bxor(L *lua.LState) int { return fold(L, func(a, b uint32) uint32 { return a ^ b }) }

// shift reads the value and a shift count taken modulo 32.
func shift(L *lua.LState, op func(b uint32, n uint) uint32) int {
	b := arg(L, 1)
	n := uint(arg(L, 2) & 31)
	return ret(L, op(b, n))
}

func lshift(L *lua.LState) int {
	return shift(L, func(b uint32, n uint) uint32 { return b << n })
}

func rshift(L *lua.LState) int {
	return shift(L, func(b uint32, n uint) uint32 { return b >> n })
}

func arshift(L *lua.LState) int {
	return shift(L, func(b uint32, n uint) uint32 { return uint32(int32(b) >> n) })
}

// rol and ror rotate. For n == 0 the C shifts a 32-bit value by 32, which
// x86 masks to a shift by 0 (the result is b); the &31 does the same.
func rol(L *lua.LState) int {
	return shift(L, func(b uint32, n uint) uint32 { return b<<n | b>>((32-n)&31) })
}

func ror(L *lua.LState) int {
	return shift(L, func(b uint32, n uint) uint32 { return b>>n | b<<((32-n)&31) })
}

func bswap(L *lua.LState) int {
	b := arg(L, 1)
	return ret(L, b>>24|(b>>8)&0xff00|(b&0xff00)<<8|b<<24)
}

// tohex renders the low |n| hex digits of the first argument (n defaults to
// 8, at most 8), upper case when n is negative.
func tohex(L *lua.LState) int {
	b := arg(L, 1)
	n := int32(8)
	if L.GetTop() >= 2 {
		n = int32(arg(L, 2))
	}
	digits := "0123456789abcdef"
	if n < 0 {
		digits = "0123456789ABCDEF"
		// -MinInt32 overflows in the C; the compiled code then behaves as
		// if the count were above 8.
		if n == math.MinInt32 {
			n = 8
		} else {
			n = -n
		}
	}
	if n > 8 {
		n = 8
	}
	var buf [8]byte
	for i := n - 1; i >= 0; i-- {
		buf[i] = digits[b&15]
		b >>= 4
	}
	L.Push(lua.LString(buf[:n]))
	return 1
}
