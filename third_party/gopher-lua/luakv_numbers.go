package lua

import (
	"math"
	"strconv"
	"strings"
)

// luakv: numbers to and from strings as Lua 5.1 converts them on glibc:
// "%.14g" (LUA_NUMBER_FMT) one way, luaO_str2d (strtod, then hexadecimal)
// the other. gopher-lua printed Go's shortest float form (0.1+0.2 gave
// 0.30000000000000004, 2^53 gave 9007199254740992) and parsed with
// strconv (accepting 0b101 and 1_000, refusing inf, nan and 0x1p4).

// numberString is LNumber.String: Lua's "%.14g", with a fast path for the
// integers it prints in full.
func numberString(nm LNumber) string {
	f := float64(nm)
	if f > -1e14 && f < 1e14 && f == float64(int64(f)) && !(f == 0 && math.Signbit(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	return luaNumberString(f)
}

func isCSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// luaStr2Number is luaO_str2d: the whole string (up to a NUL, as C sees it)
// must be a number for glibc's strtod, surrounded by optional white space.
func luaStr2Number(s string) (float64, bool) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	f, n := strtod(s)
	if n == 0 {
		return 0, false
	}
	for ; n < len(s); n++ {
		if !isCSpace(s[n]) {
			return 0, false
		}
	}
	return f, true
}

// strtod parses the longest prefix of s that glibc's strtod accepts and
// returns its value and length (0: no number).
func strtod(s string) (float64, int) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	start := i
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	rest := strings.ToLower(s[i:])
	sign := 1.0
	if neg {
		sign = -1
	}
	switch {
	case strings.HasPrefix(rest, "infinity"):
		return math.Inf(int(sign)), i + 8
	case strings.HasPrefix(rest, "inf"):
		return math.Inf(int(sign)), i + 3
	case strings.HasPrefix(rest, "nan"):
		n := i + 3
		if n < len(s) && s[n] == '(' { // nan(n-char-sequence)
			j := n + 1
			for j < len(s) && (isAlnum(s[j]) || s[j] == '_') {
				j++
			}
			if j < len(s) && s[j] == ')' {
				n = j + 1
			}
		}
		return math.Copysign(math.NaN(), sign), n
	case len(rest) > 2 && rest[0] == '0' && rest[1] == 'x' && (isHexDigit(rest[2]) || rest[2] == '.' && len(rest) > 3 && isHexDigit(rest[3])):
		f, n := hexFloat(s[i+2:])
		return sign * f, i + 2 + n
	}
	// Decimal: digits [. digits] [e [sign] digits], at least one digit.
	j := i
	digits := 0
	for j < len(s) && isDecimalDigit(s[j]) {
		j++
		digits++
	}
	if j < len(s) && s[j] == '.' {
		j++
		for j < len(s) && isDecimalDigit(s[j]) {
			j++
			digits++
		}
	}
	if digits == 0 {
		return 0, 0
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && isDecimalDigit(s[k]) {
			for k < len(s) && isDecimalDigit(s[k]) {
				k++
			}
			j = k
		}
	}
	f, err := strconv.ParseFloat(s[start:j], 64)
	if err != nil && !math.IsInf(f, 0) && f != 0 { // out of range gives ±Inf or 0, as strtod
		return 0, 0
	}
	return f, j
}

// hexFloat parses hex digits [. hex digits] [p [sign] digits] (after "0x").
func hexFloat(s string) (float64, int) {
	var mant float64
	exp := 0
	j := 0
	for j < len(s) && isHexDigit(s[j]) {
		mant = mant*16 + float64(hexValue(s[j]))
		j++
	}
	if j < len(s) && s[j] == '.' {
		j++
		for j < len(s) && isHexDigit(s[j]) {
			mant = mant*16 + float64(hexValue(s[j]))
			exp -= 4
			j++
		}
	}
	if j < len(s) && (s[j] == 'p' || s[j] == 'P') {
		k := j + 1
		neg := false
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			neg = s[k] == '-'
			k++
		}
		if k < len(s) && isDecimalDigit(s[k]) {
			e := 0
			for k < len(s) && isDecimalDigit(s[k]) {
				if e < 100000 {
					e = e*10 + int(s[k]-'0')
				}
				k++
			}
			if neg {
				e = -e
			}
			exp += e
			j = k
		}
	}
	return math.Ldexp(mant, exp), j
}

func isDecimalDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHexDigit(c byte) bool {
	return isDecimalDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isAlnum(c byte) bool {
	return isDecimalDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func hexValue(c byte) int {
	switch {
	case isDecimalDigit(c):
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	default:
		return int(c-'A') + 10
	}
}

// baseToNumber51 is Lua 5.1's tonumber(e [, base]).
func baseToNumber51(L *LState) int {
	base := 10
	if L.Get(2) != LNil {
		base = luaCInt(L.CheckNumber(2))
	}
	if base == 10 {
		L.CheckAny(1)
		switch v := L.Get(1).(type) {
		case LNumber:
			L.Push(v)
			return 1
		case LString:
			if f, ok := luaStr2Number(string(v)); ok {
				L.Push(LNumber(f))
				return 1
			}
		}
		L.Push(LNil)
		return 1
	}
	s := L.CheckString(1)
	if base < 2 || base > 36 {
		L.ArgError(2, "base out of range")
	}
	if n, ok := strtoul(s, base); ok {
		L.Push(LNumber(n))
	} else {
		L.Push(LNil)
	}
	return 1
}

// strtoul is C's strtoul(s, &end, base) followed by Lua's check that only
// white space follows; like C it negates for a '-' and saturates.
func strtoul(s string, base int) (float64, bool) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if base == 16 && i+2 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') && isHexDigit(s[i+2]) {
		i += 2
	}
	var v uint64
	overflow := false
	start := i
	for ; i < len(s); i++ {
		var d int
		c := s[i]
		switch {
		case isDecimalDigit(c):
			d = int(c - '0')
		case c >= 'a' && c <= 'z':
			d = int(c-'a') + 10
		case c >= 'A' && c <= 'Z':
			d = int(c-'A') + 10
		default:
			d = 99
		}
		if d >= base {
			break
		}
		if v > (math.MaxUint64-uint64(d))/uint64(base) {
			overflow = true
		}
		v = v*uint64(base) + uint64(d)
	}
	if i == start {
		return 0, false
	}
	for ; i < len(s); i++ {
		if !isCSpace(s[i]) {
			return 0, false
		}
	}
	if overflow {
		v = math.MaxUint64
	} else if neg {
		v = -v
	}
	return float64(v), true
}
