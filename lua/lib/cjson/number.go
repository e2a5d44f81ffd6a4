package cjson

import (
	"math"
	"strconv"
)

// appendG appends f formatted as C's printf("%.<prec>g") does on glibc:
// prec significant digits, trailing zeros removed, exponent form when the
// decimal exponent is below -4 or at least prec. Redis's cjson formats
// every number this way, and Lua's own number-to-string conversion is the
// same with prec 14, so the texts must agree digit for digit.
func appendG(b []byte, f float64, prec int) []byte {
	switch {
	case math.IsNaN(f):
		if math.Signbit(f) {
			return append(b, "-nan"...)
		}
		return append(b, "nan"...)
	case math.IsInf(f, 1):
		return append(b, "inf"...)
	case math.IsInf(f, -1):
		return append(b, "-inf"...)
	}
	if prec < 1 {
		prec = 1
	}
	// The exponent of the rounded value decides the style, as in C.
	var tmp [40]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', prec-1, 64)
	mark := len(e) - 1
	for e[mark] != 'e' {
		mark--
	}
	exp, _ := strconv.Atoi(string(e[mark+1:]))
	if exp < -4 || exp >= prec {
		b = append(b, trimFraction(e[:mark])...)
		return append(b, e[mark:]...)
	}
	start := len(b)
	b = strconv.AppendFloat(b, f, 'f', prec-1-exp, 64)
	return append(b[:start], trimFraction(b[start:])...)
}

// trimFraction drops trailing zeros of a fraction, and the point when no
// fraction digit remains, the way %g does without the '#' flag.
func trimFraction(s []byte) []byte {
	dot := -1
	for i, c := range s {
		if c == '.' {
			dot = i
			break
		}
	}
	if dot < 0 {
		return s
	}
	end := len(s)
	for end > dot+1 && s[end-1] == '0' {
		end--
	}
	if end == dot+1 {
		end = dot
	}
	return s[:end]
}

// strtod reads the longest prefix of s[i:] that glibc's strtod accepts
// (with no leading white space, which callers never have) and returns its
// value and the index just past it. end == i means no number was found.
//
// Accepted forms: an optional sign, then "inf" or "infinity", "nan"
// optionally followed by "(chars)", a hexadecimal "0x" mantissa with an
// optional binary "p" exponent, or a decimal mantissa with an optional
// "e" exponent, all letters in either case. The value is correctly
// rounded, as glibc's is; overflow gives an infinity.
func strtod(s string, i int) (val float64, end int) {
	p := i
	neg := false
	if p < len(s) && (s[p] == '+' || s[p] == '-') {
		neg = s[p] == '-'
		p++
	}
	sign := 1.0
	if neg {
		sign = -1
	}
	switch {
	case hasPrefixFold(s[p:], "inf"):
		end = p + 3
		if hasPrefixFold(s[p:], "infinity") {
			end = p + 8
		}
		return math.Inf(int(sign)), end
	case hasPrefixFold(s[p:], "nan"):
		end = p + 3
		if end < len(s) && s[end] == '(' {
			j := end + 1
			for j < len(s) && isNanChar(s[j]) {
				j++
			}
			if j < len(s) && s[j] == ')' {
				end = j + 1
			}
		}
		return math.Copysign(math.NaN(), sign), end
	}
	if p+1 < len(s) && s[p] == '0' && s[p+1]|0x20 == 'x' {
		if v, e, ok := scanHex(s, p+2, neg); ok {
			return v, e
		}
		// "0x" without a hex digit after it: the "0" alone is the number.
		return math.Copysign(0, sign), p + 1
	}
	return scanDecimal(s, i, p)
}

// scanDecimal parses the decimal mantissa starting at p (the sign, if any,
// is between i and p) with its optional exponent.
func scanDecimal(s string, i, p int) (float64, int) {
	q := skipDigits(s, p, isDigit)
	digits := q - p
	if q < len(s) && s[q] == '.' {
		r := skipDigits(s, q+1, isDigit)
		digits += r - (q + 1)
		q = r
	}
	if digits == 0 {
		return 0, i
	}
	q = skipExponent(s, q, 'e')
	v, err := strconv.ParseFloat(s[i:q], 64)
	if err != nil && !isRangeErr(err) {
		// Only a form strconv reads differently could get here; keep the
		// C behaviour of a parsed prefix rather than failing.
		return 0, i
	}
	return v, q
}

// scanHex parses a hexadecimal mantissa starting just after "0x" at p.
func scanHex(s string, p int, neg bool) (float64, int, bool) {
	q := skipDigits(s, p, isHexDigit)
	intPart := s[p:q]
	frac := ""
	if q < len(s) && s[q] == '.' {
		r := skipDigits(s, q+1, isHexDigit)
		frac = s[q+1 : r]
		if intPart == "" && frac == "" {
			return 0, 0, false
		}
		q = r
	} else if intPart == "" {
		return 0, 0, false
	}
	end := skipExponent(s, q, 'p')
	exp := "0"
	if end > q {
		exp = s[q+1 : end]
	}
	if intPart == "" {
		intPart = "0"
	}
	text := "0x" + intPart + "." + frac + "p" + exp
	if neg {
		text = "-" + text
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil && !isRangeErr(err) {
		return 0, 0, false
	}
	return v, end, true
}

// skipExponent returns the index past an exponent marker (e or p in either
// case), optional sign and at least one decimal digit at q, or q when
// there is no complete exponent there.
func skipExponent(s string, q int, marker byte) int {
	if q >= len(s) || s[q]|0x20 != marker {
		return q
	}
	r := q + 1
	if r < len(s) && (s[r] == '+' || s[r] == '-') {
		r++
	}
	d := skipDigits(s, r, isDigit)
	if d == r {
		return q
	}
	return d
}

func skipDigits(s string, p int, ok func(byte) bool) int {
	for p < len(s) && ok(s[p]) {
		p++
	}
	return p
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHexDigit(c byte) bool {
	return isDigit(c) || ('a' <= c|0x20 && c|0x20 <= 'f')
}

func isNanChar(c byte) bool {
	return isDigit(c) || ('a' <= c|0x20 && c|0x20 <= 'z') || c == '_'
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// hasPrefixFold reports whether s starts with the lower-case ASCII word w,
// ignoring case.
func hasPrefixFold(s, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for j := 0; j < len(w); j++ {
		if s[j]|0x20 != w[j] {
			return false
		}
	}
	return true
}

// str2number converts a string argument to a number the way Lua 5.1's
// lua_tonumber does: strtod over the whole text, white space allowed
// around it.
func str2number(s string) (float64, bool) {
	p := 0
	for p < len(s) && isSpace(s[p]) {
		p++
	}
	v, end := strtod(s, p)
	if end == p {
		return 0, false
	}
	for end < len(s) && isSpace(s[end]) {
		end++
	}
	return v, end == len(s)
}

func isSpace(c byte) bool {
	return c == ' ' || ('\t' <= c && c <= '\r')
}
