package lua

import (
	"fmt"
	"strings"
	"testing"
)

// TestStringFormatRedis: string.format(format, arg) against the results of
// Redis 7.0.15 (Lua 5.1 on glibc, x86-64).
func TestStringFormatRedis(t *testing.T) {
	tests := []struct{ format, arg, want string }{
		{"%d", "3.7", "3"},
		{"%d", "-3.7", "-3"},
		{"%d", "2^31", "2147483648"},
		{"%d", "2^63", "-9223372036854775808"},
		{"%d", "-2^63", "-9223372036854775808"},
		{"%d", "1e300", "-9223372036854775808"},
		{"%d", "0/0", "-9223372036854775808"},
		{"%5d", "42", "   42"},
		{"%-5d", "42", "42   "},
		{"%05d", "42", "00042"},
		{"%+d", "42", "+42"},
		{"% d", "42", " 42"},
		{"%.3d", "7", "007"},
		{"%08.3d", "7", "     007"},
		{"%.0d", "0", ""},
		{"%5.0d", "0", "     "},
		{"%x", "-1", "ffffffffffffffff"},
		{"%X", "255", "FF"},
		{"%#x", "255", "0xff"},
		{"%#x", "0", "0"},
		{"%#o", "8", "010"},
		{"%#o", "0", "0"},
		{"%o", "8", "10"},
		{"%u", "-1", "18446744073709551615"},
		{"%u", "2^64", "0"},
		{"%u", "2^63", "9223372036854775808"},
		{"%u", "1e20", "0"},
		{"%c", "65", "A"},
		{"%c", "200", "\xc8"},
		{"%5c", "65", "    A"},
		{"%-5c", "65", "A    "},
		{"%c", "0", ""},
		{"%c", "256+66", "B"},
		{"%e", "1.5", "1.500000e+00"},
		{"%E", "123456.789", "1.234568E+05"},
		{"%.3e", "0", "0.000e+00"},
		{"%f", "3.14159", "3.141590"},
		{"%.0f", "2.5", "2"},
		{"%.0f", "3.5", "4"},
		{"%#.0f", "3", "3."},
		{"%10.2f", "-3.14159", "     -3.14"},
		{"%-10.2f", "3.14159", "3.14      "},
		{"%010.2f", "-3.14159", "-000003.14"},
		{"%+f", "1", "+1.000000"},
		{"%g", "1e20", "1e+20"},
		{"%g", "100000", "100000"},
		{"%g", "1000000", "1e+06"},
		{"%g", "0.0001", "0.0001"},
		{"%g", "0.00001", "1e-05"},
		{"%G", "1e-10", "1E-10"},
		{"%.3g", "1234567", "1.23e+06"},
		{"%#g", "1", "1.00000"},
		{"%.14g", "1/3", "0.33333333333333"},
		{"%.14g", "2^53", "9.007199254741e+15"},
		{"%.14g", "1e15", "1e+15"},
		{"%.14g", "-0.0", "-0"},
		{"%g", "1/0", "inf"},
		{"%g", "-1/0", "-inf"},
		{"%g", "0/0", "-nan"},
		{"%g", "-(0/0)", "nan"},
		{"%5.1f", "1/0", "  inf"},
		{"%E", "1/0", "INF"},
		{"%+g", "1/0", "+inf"},
		{"%f", "1e300", "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000"},
		{"%s", "'abc'", "abc"},
		{"%5s", "'abc'", "  abc"},
		{"%-5s", "'abc'", "abc  "},
		{"%.2s", "'abc'", "ab"},
		{"%5.1s", "'abc'", "    a"},
		{"%s", "1/3", "0.33333333333333"},
		{"%s", "12", "12"},
		{"%s", "1e15", "1e+15"},
		{"%s", "-0.0", "-0"},
		{"%s", "2^63", "9.2233720368548e+18"},
		{"%s", "'a\\0b'", "a"},
		{"%05s", "'ab'", "   ab"},
		{"%i", "12", "12"},
		{"%q", "'a\\nb\\0c\"\\\\\\r'", "\"a\\\nb\\000c\\\"\\\\\\r\""},
		{"%q", "1/3", "\"0.33333333333333\""},
	}
	L := NewState()
	defer L.Close()
	for _, tc := range tests {
		src := fmt.Sprintf("return string.format('%s', %s)", tc.format, tc.arg)
		got, err := luakvRun(t, L, src)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", src, got, err, tc.want)
		}
	}
}

func TestStringFormatErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{`string.format('%100d', 1)`, "user_script:1: invalid format (width or precision too long)"},
		{`string.format('%5.100f', 1)`, "user_script:1: invalid format (width or precision too long)"},
		{`string.format('%------d', 1)`, "user_script:1: invalid format (repeated flags)"},
		{`string.format('%z', 1)`, "user_script:1: invalid option '%z' to 'format'"},
		{`string.format('%', 1)`, "user_script:1: invalid option '%' to 'format'"},
		{`string.format('%5', 1)`, "user_script:1: invalid option '%' to 'format'"},
		{`string.format('%d')`, "user_script:1: bad argument #2 to 'format' (no value)"},
		{`string.format('%s %s', 1)`, "user_script:1: bad argument #3 to 'format' (no value)"},
		{`string.format('%s', true)`, "user_script:1: bad argument #2 to 'format' (string expected, got boolean)"},
		{`string.format('%d', {})`, "user_script:1: bad argument #2 to 'format' (number expected, got table)"},
	}
	L := NewState()
	defer L.Close()
	for _, tc := range tests {
		_, err := luakvRun(t, L, tc.src)
		if err == nil || luakvErrText(err) != tc.want {
			t.Errorf("%s: error %v, want %q", tc.src, err, tc.want)
		}
	}
	if got, err := luakvRun(t, L, `return string.format('%-----d|%d|%s', 1, '0x10', 'x')`); err != nil || got != "1|16|x" {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestStringFormatMaxStringSize(t *testing.T) {
	L := newStringTestState(1 << 20)
	defer L.Close()
	for _, src := range []string{
		`local s = string.rep('x', 2^19) return string.format('%s%s%s', s, s, s)`,
		`local s = string.rep('x', 2^18) return string.format('%q', s .. s .. s .. s)`,
		`local s = string.rep('\\0', 2^18) return string.format('%q', s)`,
	} {
		_, err := luakvRun(t, L, src)
		if err == nil || !strings.HasSuffix(luakvErrText(err), stringOverflowMsg) {
			t.Errorf("%s: error %v, want %s", src, err, stringOverflowMsg)
		}
	}
	if got, err := luakvRun(t, L, `return #string.format('%s%s', string.rep('x', 2^19), string.rep('y', 2^19))`); err != nil || got != "1048576" {
		t.Errorf("got %q, %v", got, err)
	}
}
