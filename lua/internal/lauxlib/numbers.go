package lauxlib

import (
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// ToNumber is lua_tonumber: a number as is, a string converted as Lua 5.1's
// luaO_str2d does, anything else fails.
func ToNumber(v lua.LValue) (float64, bool) {
	switch v := v.(type) {
	case lua.LNumber:
		return float64(v), true
	case lua.LString:
		return StrToNumber(string(v))
	}
	return 0, false
}

// CheckNumber is luaL_checknumber.
func CheckNumber(L *lua.LState, narg int) float64 {
	f, ok := ToNumber(L.Get(narg))
	if !ok {
		TypeError(L, narg, "number")
	}
	return f
}

// CheckInteger is luaL_checkinteger: the number truncated to lua_Integer
// (ptrdiff_t) as the C cast does.
func CheckInteger(L *lua.LState, narg int) int64 {
	return DoubleToInt64(CheckNumber(L, narg))
}

// OptInteger is luaL_optinteger.
func OptInteger(L *lua.LState, narg int, def int64) int64 {
	if IsNoneOrNil(L, narg) {
		return def
	}
	return CheckInteger(L, narg)
}

// CheckLString is luaL_checklstring: a string as is, a number in "%.14g".
func CheckLString(L *lua.LState, narg int) string {
	switch v := L.Get(narg).(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return NumberToString(float64(v))
	}
	TypeError(L, narg, "string")
	return ""
}

// NumberToString formats f as Lua 5.1 does (LUA_NUMBER_FMT "%.14g" through
// glibc's printf).
func NumberToString(f float64) string {
	switch {
	case math.IsNaN(f):
		if math.Signbit(f) {
			return "-nan"
		}
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strconv.FormatFloat(f, 'g', 14, 64)
}

// DoubleToInt64 converts f as x86-64's cvttsd2si does for a C cast to a
// signed 64-bit type: truncation, and the "integer indefinite" value
// math.MinInt64 for NaN and out-of-range values.
func DoubleToInt64(f float64) int64 {
	if f != f || f >= 1<<63 || f < -(1<<63) {
		return math.MinInt64
	}
	return int64(f)
}

// DoubleToUint64 converts f as gcc's code for a C cast to unsigned long does
// on x86-64: values below 2^63 (and NaN) go through the signed conversion,
// larger ones are offset by 2^63 first, so 2^64 and +Inf give 0.
func DoubleToUint64(f float64) uint64 {
	if f >= 1<<63 {
		return uint64(DoubleToInt64(f-(1<<63))) ^ (1 << 63)
	}
	return uint64(DoubleToInt64(f))
}

// DoubleToInt32 converts f as a C cast to int does on x86-64.
func DoubleToInt32(f float64) int32 {
	if f != f || f >= 1<<31 || f <= -(1<<31)-1 {
		return math.MinInt32
	}
	return int32(f)
}

// isSpace is C's isspace in the "C" locale.
func isSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

// StrToNumber is luaO_str2d: strtod over the string up to its first NUL
// byte, accepted when only blanks follow the number.
func StrToNumber(s string) (float64, bool) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	f, n := strtod(s)
	if n == 0 {
		return 0, false
	}
	// luaO_str2d retries with strtoul when strtod stopped at an 'x'; that
	// can only happen for "0x" without hex digits, which strtoul rejects
	// too, so the retry never succeeds and is left out.
	for ; n < len(s); n++ {
		if !isSpace(s[n]) {
			return 0, false
		}
	}
	return f, true
}

// strtod parses the longest prefix of s that glibc's strtod accepts in the
// "C" locale and returns its value and length (0 when there is none).
func strtod(s string) (float64, int) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var f float64
	var end int
	switch {
	case hasPrefixFold(s[i:], "inf"):
		f, end = math.Inf(1), i+3
		if hasPrefixFold(s[i:], "infinity") {
			end = i + 8
		}
	case hasPrefixFold(s[i:], "nan"):
		f, end = parseNaN(s, i+3)
	default:
		f, end = parseFinite(s, i)
		if end == 0 {
			return 0, 0
		}
	}
	if neg {
		f = math.Float64frombits(math.Float64bits(f) ^ (1 << 63))
	}
	return f, end
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// parseNaN reads glibc's optional "(n-char-sequence)" after "nan" at i. A
// sequence that is a whole number (C's strtoull, base 0) becomes the NaN's
// payload.
func parseNaN(s string, i int) (float64, int) {
	const quiet = 0x7ff8000000000000
	nan := math.Float64frombits(quiet)
	if i >= len(s) || s[i] != '(' {
		return nan, i
	}
	j := i + 1
	for j < len(s) && (isAlnum(s[j]) || s[j] == '_') {
		j++
	}
	if j >= len(s) || s[j] != ')' {
		return nan, i
	}
	if mant, ok := parseUintBase0(s[i+1 : j]); ok {
		if payload := mant & (1<<51 - 1); payload != 0 {
			nan = math.Float64frombits(quiet | payload)
		}
	}
	return nan, j + 1
}

// parseUintBase0 is strtoull(s, &end, 0) required to consume all of s (an
// empty s counts, as 0). Overflow saturates, as strtoull does.
func parseUintBase0(s string) (uint64, bool) {
	base := uint64(10)
	switch {
	case len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && hexVal(s[2]) < 16:
		base, s = 16, s[2:]
	case len(s) > 0 && s[0] == '0':
		base = 8
	}
	var v uint64
	overflow := false
	for k := 0; k < len(s); k++ {
		d := uint64(hexVal(s[k]))
		if d >= base {
			return 0, false
		}
		if v > (math.MaxUint64-d)/base {
			overflow = true
		}
		v = v*base + d
	}
	if overflow {
		v = math.MaxUint64
	}
	return v, true
}

func isAlnum(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hexVal is the value of a hex digit, 16 or more for anything else.
func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 99
}

// parseFinite reads a decimal or hexadecimal (C99) floating constant without
// sign at i and returns its value and end, or end 0 when there is none.
func parseFinite(s string, i int) (float64, int) {
	start := i
	hex := len(s)-i > 1 && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X')
	digit := isDigit
	expChar := byte('e')
	if hex {
		i += 2
		digit = func(c byte) bool { return hexVal(c) < 16 }
		expChar = 'p'
	}
	nd := 0
	for i < len(s) && digit(s[i]) {
		i++
		nd++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && digit(s[i]) {
			i++
			nd++
		}
	}
	if nd == 0 {
		if hex { // "0x" with no digits: strtod reads the "0" alone
			return 0, start + 1
		}
		return 0, 0
	}
	end := i
	if i < len(s) && (s[i]|0x20) == expChar {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			end = j
		}
	}
	text := s[start:end]
	if hex && end == i { // Go needs the binary exponent of a hex constant
		text += "p0"
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !isRangeErr(err) {
		return 0, 0
	}
	return f, end
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// Float32To64 widens f as x86's cvtss2sd does: a NaN keeps its sign and
// payload and becomes quiet.
func Float32To64(f uint32) float64 {
	if f&0x7f800000 == 0x7f800000 && f&0x7fffff != 0 {
		return math.Float64frombits(uint64(f>>31)<<63 | 0x7ff8<<48 | uint64(f&0x7fffff)<<29)
	}
	return float64(math.Float32frombits(f))
}

// Float64To32 narrows d as x86's cvtsd2ss does (round to nearest even); a
// NaN keeps its sign and the top of its payload and becomes quiet.
func Float64To32(d float64) uint32 {
	if d != d {
		b := math.Float64bits(d)
		return uint32(b>>63)<<31 | 0x7fc00000 | uint32(b>>29)&0x7fffff
	}
	return math.Float32bits(float32(d))
}
