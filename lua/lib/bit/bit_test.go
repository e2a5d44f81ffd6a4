package bit_test

import (
	"testing"

	"luakv/lua/lib/bit"
	"luakv/lua/lib/internal/libtest"
)

var globals = []libtest.Global{{Name: "bit", Loader: bit.Loader}}

// cases run in redis-server and locally; each returns a string.
var cases = []libtest.Case{
	{"keys", `local t = {} for k, v in pairs(bit) do t[#t+1] = k .. ':' .. type(v) end table.sort(t) return table.concat(t, ' ')`},
	{"version", `return p(bit._VERSION)`},
	{"tobit small", `return p(bit.tobit(0), bit.tobit(1), bit.tobit(-1), bit.tobit(123456789))`},
	{"tobit wrap", `return p(bit.tobit(2^31), bit.tobit(2^32), bit.tobit(2^32 + 5), bit.tobit(-2^31 - 1), bit.tobit(0xffffffff))`},
	{"tobit large", `return p(bit.tobit(2^52), bit.tobit(2^53), bit.tobit(-2^52), bit.tobit(2^51 + 0.5), bit.tobit(1e300), bit.tobit(-1e300), bit.tobit(2^63))`},
	{"tobit fractions", `return p(bit.tobit(0.5), bit.tobit(1.5), bit.tobit(2.5), bit.tobit(-0.5), bit.tobit(-1.5), bit.tobit(0.49999999999999994), bit.tobit(3.7), bit.tobit(-3.7))`},
	{"tobit special", `return p(bit.tobit(0/0), bit.tobit(1/0), bit.tobit(-1/0), bit.tobit(-0.0))`},
	{"tobit strings", `return p(bit.tobit('10'), bit.tobit(' 0x10 '), bit.tobit('1e3'), bit.tobit('-7'), bit.tobit('0x7fffffff'), bit.tobit('4294967296'), bit.tobit('inf'), bit.tobit('nan(123)'))`},
	{"tobit bad string", `return pc(bit.tobit, 'abc')`},
	{"tobit bad zero string", `return pc(bit.tobit, '')`},
	{"tobit none", `return pc(bit.tobit)`},
	{"tobit nil", `return pc(bit.tobit, nil)`},
	{"tobit table", `return pc(bit.tobit, {})`},
	{"tobit bool", `return pc(bit.tobit, true)`},
	{"tobit function", `return pc(bit.tobit, tostring)`},
	{"bnot", `return p(bit.bnot(0), bit.bnot(-1), bit.bnot(0x12345678), bit.bnot(2^31), bit.bnot('5'))`},
	{"band", `return p(bit.band(0xff, 0x0f), bit.band(-1, 0x12345678), bit.band(7), bit.band(0xf0f0, 0xff00, 0x0ff0), bit.band(2^32 + 3, 1))`},
	{"bor", `return p(bit.bor(1, 2), bit.bor(1, 2, 4, 8, 16), bit.bor(0x80000000, 1), bit.bor(5))`},
	{"bxor", `return p(bit.bxor(0xff, 0x0f), bit.bxor(-1, 1), bit.bxor(1, 2, 3), bit.bxor(0x80000000, 0x80000000))`},
	{"band none", `return pc(bit.band)`},
	{"band order", `return pc(bit.band, 1, 'x', {})`},
	{"bor bad first", `return pc(bit.bor, nil, 1)`},
	{"bxor bad middle", `return pc(bit.bxor, 1, 'y', 2)`},
	{"lshift", `return p(bit.lshift(1, 0), bit.lshift(1, 31), bit.lshift(1, 32), bit.lshift(1, 33), bit.lshift(1, -1), bit.lshift(0xff, 28))`},
	{"rshift", `return p(bit.rshift(-1, 28), bit.rshift(0x80000000, 31), bit.rshift(1, 32), bit.rshift(-256, 4), bit.rshift(5, -31))`},
	{"arshift", `return p(bit.arshift(-256, 4), bit.arshift(0x80000000, 31), bit.arshift(256, 4), bit.arshift(-1, 63), bit.arshift(-8, 2))`},
	{"rol", `return p(bit.rol(0x12345678, 4), bit.rol(1, 0), bit.rol(1, 31), bit.rol(0x80000000, 1), bit.rol(0x12345678, 36), bit.rol(3, -1))`},
	{"ror", `return p(bit.ror(0x12345678, 4), bit.ror(1, 0), bit.ror(1, 1), bit.ror(0x12345678, 32), bit.ror(3, -1))`},
	{"shift missing count", `return pc(bit.lshift, 1)`},
	{"shift bad count", `return pc(bit.rshift, 1, 'z')`},
	{"shift bad value", `return pc(bit.rol, {}, 1)`},
	{"bswap", `return p(bit.bswap(0x12345678), bit.bswap(-1), bit.bswap(0xff), bit.bswap(0), bit.bswap(0x80))`},
	{"tohex default", `return p(bit.tohex(0), bit.tohex(255), bit.tohex(-1), bit.tohex(0x12345678), bit.tohex(2^32 + 0xab))`},
	{"tohex widths", `return p(bit.tohex(0x12345678, 2), bit.tohex(0x12345678, 0), bit.tohex(0x12345678, 9), bit.tohex(0x12345678, 100), bit.tohex(255, 1))`},
	{"tohex upper", `return p(bit.tohex(255, -2), bit.tohex(255, -8), bit.tohex(0xabcdef, -9), bit.tohex(255, -1))`},
	{"tohex extreme widths", `return p(bit.tohex(255, -2147483648), bit.tohex(255, 2^31), bit.tohex(255, -2147483647), bit.tohex(255, 2147483647), bit.tohex(255, 2^32 + 2))`},
	{"tohex nil width", `return pc(bit.tohex, 255, nil)`},
	{"tohex bad width", `return pc(bit.tohex, 255, 'w')`},
	{"tohex none", `return pc(bit.tohex)`},
	{"tohex string width", `return p(bit.tohex(255, '4'), bit.tohex('255', ' -4 '))`},
	{"direct call error names", `return p(pcall(function() return bit.band(nil) end))`},
	{"local alias error name", `return p(pcall(function() local x = bit.bor return x({}) end))`},
	{"error on second line", "return p(pcall(function()\n local y = 1\n return bit.bxor(y, {})\n end))"},
	{"non-tail call error", `return p(pcall(function() local x = bit.tobit({}) return x end))`},
	{"coroutine inner error", `return p(coroutine.resume(coroutine.create(function() local r = bit.bnot('q') return r end)))`},
	{"error via string.gsub callback", `return p(pcall(string.gsub, 'a', 'a', bit.tohex))`},
	{"many args", `local t = {} for i = 1, 5000 do t[i] = 2^(i % 31) end return p(bit.bor(unpack(t)), bit.band(unpack(t)), bit.bxor(unpack(t)))`},
	{"loop sums", `local acc = 0 for i = -300, 300, 7 do acc = bit.bxor(acc, bit.lshift(i, i % 17), bit.arshift(i * 1000003, i % 5), bit.rol(i, i)) end return p(acc)`},
	{"fraction sweep", `local out = {} for i = -20, 20 do out[#out+1] = bit.tobit(i / 4) end return table.concat(out, ',')`},
	{"hex sweep", `local out = {} for i = 0, 40 do out[#out+1] = bit.tohex(bit.lshift(0x9e3779b9, i) + i, (i % 17) - 8) end return table.concat(out, ',')`},
}

func TestDiffRedis(t *testing.T) {
	if len(cases) < 40 {
		t.Fatalf("corpus has %d cases, want at least 40", len(cases))
	}
	libtest.Diff(t, cases, globals...)
}
