package engine

import (
	"bytes"
	"math"
	"strconv"
)

// Score and lexicographic ranges, parsed as Redis parses them, and the
// strtod rules Redis's float arguments follow.

// zScoreRange is a score interval; minex/maxex make an end open.
type zScoreRange struct {
	min, max     float64
	minex, maxex bool
}

func (r *zScoreRange) gteMin(v float64) bool {
	if r.minex {
		return v > r.min
	}
	return v >= r.min
}

func (r *zScoreRange) lteMax(v float64) bool {
	if r.maxex {
		return v < r.max
	}
	return v <= r.max
}

// empty reports a range no score can be in.
func (r *zScoreRange) empty() bool {
	return r.min > r.max || r.min == r.max && (r.minex || r.maxex)
}

// parseScoreRange parses ZRANGEBYSCORE-style bounds: a float as strtod
// reads it (leading space allowed, up to a NUL byte), optionally after '('
// for an open end; NaN is refused.
func parseScoreRange(min, max []byte) (zScoreRange, bool) {
	var r zScoreRange
	var ok bool
	if r.min, r.minex, ok = parseScoreBound(min); !ok {
		return r, false
	}
	if r.max, r.maxex, ok = parseScoreBound(max); !ok {
		return r, false
	}
	return r, true
}

func parseScoreBound(b []byte) (float64, bool, bool) {
	ex := false
	if len(b) > 0 && b[0] == '(' {
		ex = true
		b = b[1:]
	}
	b = cstrBytes(b)
	f, n, _ := zStrtod(b)
	if n != len(b) || math.IsNaN(f) {
		return 0, false, false
	}
	return f, ex, true
}

// parseZScore parses a score, weight or increment as Redis's
// getDoubleFromObject: the whole argument must be a strtod number without
// leading space, neither NaN nor out of range (overflowing, or so small it
// rounds to zero).
func parseZScore(b []byte) (float64, bool) {
	if len(b) == 0 || isSpace(b[0]) {
		return 0, false
	}
	f, n, erange := zStrtod(b)
	if n != len(b) || math.IsNaN(f) || erange && (math.IsInf(f, 0) || f == 0) {
		return 0, false
	}
	return f, true
}

// zStrtod reads the longest prefix of b that glibc's strtod would convert
// and returns its value, its length (0 when nothing converts) and whether
// strtod would set ERANGE with an infinite or zero result (overflow, or
// underflow to zero: the cases Redis refuses; glibc also flags inexact
// denormal results, which Redis accepts).
func zStrtod(b []byte) (f float64, n int, erange bool) {
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	start := i
	neg := false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	sign := func(v float64) float64 {
		if neg {
			return -v
		}
		return v
	}
	rest := b[i:]
	switch {
	case zHasPrefixFold(rest, "infinity"):
		return sign(math.Inf(1)), i + 8, false
	case zHasPrefixFold(rest, "inf"):
		return sign(math.Inf(1)), i + 3, false
	case zHasPrefixFold(rest, "nan"):
		j := i + 3
		// "nan(chars)" is consumed whole when the parenthesis closes.
		if j < len(b) && b[j] == '(' {
			k := j + 1
			for k < len(b) && (zIsAlnum(b[k]) || b[k] == '_') {
				k++
			}
			if k < len(b) && b[k] == ')' {
				j = k + 1
			}
		}
		return math.NaN(), j, false
	case len(rest) >= 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X'):
		if v, m, er, ok := strtodHex(rest[2:]); ok {
			return sign(v), i + 2 + m, er
		}
		// Just "0": the x is not part of the number.
		return sign(0), i + 1, false
	}
	// Decimal: digits, an optional fraction, an optional exponent.
	j := i
	digits, nonzero := 0, false
	for j < len(b) && zIsDigit(b[j]) {
		nonzero = nonzero || b[j] != '0'
		j++
		digits++
	}
	if j < len(b) && b[j] == '.' {
		j++
		for j < len(b) && zIsDigit(b[j]) {
			nonzero = nonzero || b[j] != '0'
			j++
			digits++
		}
	}
	if digits == 0 {
		return 0, 0, false
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		k := j + 1
		if k < len(b) && (b[k] == '+' || b[k] == '-') {
			k++
		}
		if k < len(b) && zIsDigit(b[k]) {
			for k < len(b) && zIsDigit(b[k]) {
				k++
			}
			j = k
		}
	}
	v, err := strconv.ParseFloat(bstr(b[start:j]), 64)
	if err != nil && !math.IsInf(v, 0) {
		return 0, 0, false
	}
	return v, j, math.IsInf(v, 0) || nonzero && v == 0
}

// strtodHex reads hex digits with an optional fraction and binary exponent
// (after "0x") and reports their value and length; ok is false when no
// hex digit follows.
func strtodHex(b []byte) (v float64, n int, erange, ok bool) {
	j := 0
	digits, nonzero := 0, false
	for j < len(b) && isHex(b[j]) {
		nonzero = nonzero || b[j] != '0'
		j++
		digits++
	}
	if j < len(b) && b[j] == '.' {
		k := j + 1
		for k < len(b) && isHex(b[k]) {
			nonzero = nonzero || b[k] != '0'
			k++
			digits++
		}
		if digits > 0 {
			j = k
		}
	}
	if digits == 0 {
		return 0, 0, false, false
	}
	mant := b[:j]
	exp := []byte("p0")
	if j < len(b) && (b[j] == 'p' || b[j] == 'P') {
		k := j + 1
		if k < len(b) && (b[k] == '+' || b[k] == '-') {
			k++
		}
		if k < len(b) && zIsDigit(b[k]) {
			for k < len(b) && zIsDigit(b[k]) {
				k++
			}
			exp = b[j:k]
			j = k
		}
	}
	s := make([]byte, 0, 2+len(mant)+len(exp))
	s = append(append(append(s, "0x"...), mant...), exp...)
	if s[2] == '.' {
		// Go wants a digit before the point.
		s = append(s[:2], append([]byte{'0'}, s[2:]...)...)
	}
	v, err := strconv.ParseFloat(string(s), 64)
	if err != nil && !math.IsInf(v, 0) {
		// An exponent too large for Go's parser: the value saturates.
		if bytes.Contains(exp, []byte{'-'}) {
			return 0, j, nonzero, true
		}
		return math.Inf(1), j, true, true
	}
	return v, j, math.IsInf(v, 0) || nonzero && v == 0, true
}

func zHasPrefixFold(b []byte, word string) bool {
	return len(b) >= len(word) && EqualFold(b[:len(word)], word)
}

func zIsDigit(c byte) bool { return '0' <= c && c <= '9' }
func zIsAlnum(c byte) bool { return zIsDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// zLexBound is one end of a lexicographic range: "-" (kind -1), "+"
// (kind 1) or a value (kind 0), inclusive ('[') or exclusive ('(').
type zLexBound struct {
	kind int8
	ex   bool
	v    []byte
}

// zLexRange is a member interval for the BYLEX commands.
type zLexRange struct {
	min, max zLexBound
}

// lexCmpValue compares the member v with bound b.
func lexCmpValue(v []byte, b *zLexBound) int {
	switch b.kind {
	case -1:
		return 1
	case 1:
		return -1
	}
	return bytes.Compare(v, b.v)
}

func (r *zLexRange) gteMin(v []byte) bool {
	c := lexCmpValue(v, &r.min)
	if r.min.ex {
		return c > 0
	}
	return c >= 0
}

func (r *zLexRange) lteMax(v []byte) bool {
	c := lexCmpValue(v, &r.max)
	if r.max.ex {
		return c < 0
	}
	return c <= 0
}

// empty reports a range no member can be in.
func (r *zLexRange) empty() bool {
	var c int
	switch {
	case r.min.kind != 0 && r.min.kind == r.max.kind:
		c = 0
	case r.min.kind == -1 || r.max.kind == 1:
		c = -1
	case r.min.kind == 1 || r.max.kind == -1:
		c = 1
	default:
		c = bytes.Compare(r.min.v, r.max.v)
	}
	return c > 0 || c == 0 && (r.min.ex || r.max.ex)
}

// parseLexRange parses BYLEX bounds: "-", "+", "[value" or "(value".
func parseLexRange(min, max []byte) (zLexRange, bool) {
	var r zLexRange
	var ok bool
	if r.min, ok = parseLexBound(min); !ok {
		return r, false
	}
	if r.max, ok = parseLexBound(max); !ok {
		return r, false
	}
	return r, true
}

func parseLexBound(b []byte) (zLexBound, bool) {
	if len(b) == 0 {
		return zLexBound{}, false
	}
	switch b[0] {
	case '+', '-':
		// Redis looks at the next byte as a C string: a NUL ends it.
		if len(b) > 1 && b[1] != 0 {
			return zLexBound{}, false
		}
		if b[0] == '+' {
			return zLexBound{kind: 1, ex: true}, true
		}
		return zLexBound{kind: -1, ex: true}, true
	case '(':
		return zLexBound{ex: true, v: b[1:]}, true
	case '[':
		return zLexBound{v: b[1:]}, true
	}
	return zLexBound{}, false
}
