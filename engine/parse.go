package engine

import (
	"math"
	"strconv"
)

// parseInt parses b as Redis's string2ll does: an optional '-', no '+', no
// leading zeros, no spaces, within int64.
func parseInt(b []byte) (int64, bool) {
	n := len(b)
	if n == 0 || n > 20 {
		return 0, false
	}
	if n == 1 && b[0] == '0' {
		return 0, true
	}
	i, neg := 0, false
	if b[0] == '-' {
		neg = true
		i++
		if n == 1 {
			return 0, false
		}
	}
	if b[i] < '1' || b[i] > '9' {
		return 0, false
	}
	var v uint64
	for ; i < n; i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if v > (math.MaxUint64-9)/10 {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	if neg {
		if v > 1<<63 {
			return 0, false
		}
		return -int64(v), true
	}
	if v > math.MaxInt64 {
		return 0, false
	}
	return int64(v), true
}

// ParseInt parses a Redis integer argument (string2ll rules).
func ParseInt(b []byte) (int64, bool) { return parseInt(b) }

// ParseFloat parses a Redis double argument as strtod does under Redis's
// checks: no leading space, nothing trailing, not NaN, not out of range.
func ParseFloat(b []byte) (float64, bool) {
	if len(b) == 0 || isSpace(b[0]) || isSpace(b[len(b)-1]) {
		return 0, false
	}
	for _, c := range b {
		if c == '_' || c == 0 {
			return 0, false // Go accepts underscores; strtod does not
		}
	}
	f, err := strconv.ParseFloat(bstr(b), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange && !math.IsInf(f, 0) {
			return f, true
		}
		if !isInfWord(b) {
			return 0, false
		}
	}
	if math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// isInfWord reports whether b spells an infinity strtod accepts.
func isInfWord(b []byte) bool {
	s := b
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	switch lower := string(toLowerASCII(s)); lower {
	case "inf", "infinity":
		return true
	}
	return false
}

func toLowerASCII(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// EqualFold reports whether b equals the lowercase ASCII word s in any case.
func EqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// AppendInt appends n in decimal.
func AppendInt(b []byte, n int64) []byte { return strconv.AppendInt(b, n, 10) }

// cstrBytes returns b up to its first NUL byte, as C string functions see it.
func cstrBytes(b []byte) []byte {
	for i, c := range b {
		if c == 0 {
			return b[:i]
		}
	}
	return b
}

// intArg parses an integer argument as getLongLongFromObjectOrReply does,
// replying "value is not an integer or out of range" when it is not one.
func (c *Ctx) intArg(b []byte) (int64, bool) { return c.intArgOr(b, ErrNotInteger) }

// intArgOr is intArg with the command's own error for a non-integer.
func (c *Ctx) intArgOr(b []byte, e Error) (int64, bool) {
	n, ok := parseInt(b)
	if !ok {
		c.Err(e)
	}
	return n, ok
}
