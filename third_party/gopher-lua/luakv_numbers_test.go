package lua

import "testing"

// TestNumberConversions compares tostring/tonumber and string coercion with
// Redis 7.0.15 (Lua 5.1's "%.14g" and luaO_str2d on glibc, x86-64).
func TestNumberConversions(t *testing.T) {
	tests := []struct{ src, want string }{
		{`return tostring(1e14)`, "1e+14"},
		{`return tostring(99999999999999)`, "99999999999999"},
		{`return tostring(2^53)`, "9.007199254741e+15"},
		{`return tostring(-0.0)`, "-0"},
		{`return tostring(0/0)`, "-nan"},
		{`return tostring(-(0/0))`, "nan"},
		{`return tostring(1/0)`, "inf"},
		{`return tostring(-1/0)`, "-inf"},
		{`return tostring(0.1+0.2)`, "0.3"},
		{`return tostring(1/3)`, "0.33333333333333"},
		{`return 1e300 .. ''`, "1e+300"},
		{`return 5 .. ''`, "5"},
		{`return 2^63 .. ''`, "9.2233720368548e+18"},
		{`return tostring(1e-5)`, "1e-05"},
		{`return tostring(123456.789e3)`, "123456789"},
		{`return tonumber('0x10')`, "16"},
		{`return tostring(tonumber('  10  '))`, "10"},
		{`return tostring(tonumber('10e'))`, "nil"},
		{`return tostring(tonumber('1e1'))`, "10"},
		{`return tostring(tonumber('inf'))`, "inf"},
		{`return tostring(tonumber('nan'))`, "nan"},
		{`return tostring(tonumber('0x'))`, "nil"},
		{`return tostring(tonumber(''))`, "nil"},
		{`return tostring(tonumber('010'))`, "10"},
		{`return tostring(tonumber('1_000'))`, "nil"},
		{`return tostring(tonumber('0b101'))`, "nil"},
		{`return tostring(tonumber('ff', 16))`, "255"},
		{`return tostring(tonumber('zz', 36))`, "1295"},
		{`return tostring(tonumber('8', 8))`, "nil"},
		{`return tostring(tonumber(' 0x1p4 '))`, "16"},
		{`return tostring('10' + 1)`, "11"},
		{`return tostring('0x10' + 0)`, "16"},
		{`return tostring(tonumber('1e500'))`, "inf"},
		{`return tostring(tonumber('.5'))`, "0.5"},
		{`return tostring(tonumber('5.'))`, "5"},
		{`return tostring(tonumber('infinity'))`, "inf"},
		{`return tostring(tonumber('-0x10'))`, "-16"},
		{`return tostring(tonumber('  ff  ', 16))`, "255"},
		{`return tostring(tonumber('-ff', 16))`, "1.844674407371e+19"},
		{`return tostring(tonumber('0x10', 16))`, "16"},
		{`return tostring(tonumber('1.5', 10))`, "1.5"},
		{`return tostring(tonumber(10, 16))`, "16"},
		{`return tostring(tonumber('', 16))`, "nil"},
		{`return tostring(tonumber('z', 36))`, "35"},
		{`return select(2, pcall(tonumber, '1', 1))`, "bad argument #2 to '?' (base out of range)"},
		{`return select(2, pcall(tonumber))`, "bad argument #1 to '?' (value expected)"},
		{`return tostring(tonumber({}))`, "nil"},
		{`return tostring(tonumber(nil))`, "nil"},
		{`return tostring(tonumber('1.5', 16))`, "nil"},
		{`return tostring(tonumber('ffffffffffffffffff', 16))`, "1.844674407371e+19"},
		{`return tostring(tonumber('7fffffffffffffff', 16))`, "9.2233720368548e+18"},
		{`return tostring(tonumber('  +12', 8))`, "10"},
		{`return tostring(tonumber('12 x', 8))`, "nil"},
		{`return tostring(tonumber('1e1', 10.5))`, "10"},
		{`return tostring(tonumber('nan(123)'))`, "nan"},
		{`return tostring(tonumber('-nan'))`, "-nan"},
		{`return tostring(tonumber('INF'))`, "inf"},
		{`return tostring(tonumber('0x1.8p1'))`, "3"},
		{`return tostring(tonumber('1e+'))`, "nil"},
		{`return tostring(tonumber('\t5\n'))`, "5"},
		{`return tostring(tonumber('5\0'))`, "5"},
		{`return tostring(tonumber('0x10', 10))`, "16"},
	}
	L := NewState()
	defer L.Close()
	for _, tc := range tests {
		got, err := luakvRun(t, L, tc.src)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
}
