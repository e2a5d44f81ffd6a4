package config

import (
	"errors"
	"strconv"
	"syscall"
)

// ParseMemory parses a byte count as Redis's memtoull does: decimal digits
// followed by an optional unit, b, k (1000), kb (1024), m, mb, g or gb, in
// any case. No sign is accepted; an empty number counts as 0 ("" and "mb"
// are 0, as in Redis). Overflow wraps as the C code's unsigned arithmetic
// does.
func ParseMemory(s string) (uint64, bool) {
	if len(s) > 0 && s[0] == '-' {
		return 0, false
	}
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	var mul uint64
	switch unit := s[i:]; {
	case unit == "" || equalFold(unit, "b"):
		mul = 1
	case equalFold(unit, "k"):
		mul = 1000
	case equalFold(unit, "kb"):
		mul = 1024
	case equalFold(unit, "m"):
		mul = 1000 * 1000
	case equalFold(unit, "mb"):
		mul = 1024 * 1024
	case equalFold(unit, "g"):
		mul = 1000 * 1000 * 1000
	case equalFold(unit, "gb"):
		mul = 1024 * 1024 * 1024
	default:
		return 0, false
	}
	if i >= 128 {
		return 0, false
	}
	var val uint64
	if i > 0 {
		v, err := strconv.ParseUint(s[:i], 10, 64)
		if err != nil {
			v = ^uint64(0) // strtoull saturates on overflow
		}
		val = v
	}
	return val * mul, true
}

// FormatMemory writes a byte count the way CONFIG REWRITE does: in gb, mb
// or kb when it divides evenly, else in bytes. Like Redis it works on the
// signed value.
func FormatMemory(n int64) string {
	const kb, mb, gb = 1024, 1024 * 1024, 1024 * 1024 * 1024
	switch {
	case n != 0 && n%gb == 0:
		return strconv.FormatInt(n/gb, 10) + "gb"
	case n != 0 && n%mb == 0:
		return strconv.FormatInt(n/mb, 10) + "mb"
	case n != 0 && n%kb == 0:
		return strconv.FormatInt(n/kb, 10) + "kb"
	}
	return strconv.FormatInt(n, 10)
}

// Quote returns s double-quoted and escaped as Redis's sdscatrepr does, so
// that SplitArgs reads it back as one word.
func Quote(s string) string {
	return string(AppendRepr(make([]byte, 0, len(s)+2), s))
}

// AppendRepr appends s double-quoted as Redis's sdscatrepr quotes it:
// backslash escapes for \ " \n \r \t \a \b, \xHH for other unprintable
// bytes (CONFIG REWRITE's values, MONITOR's arguments).
func AppendRepr[T ~string | ~[]byte](b []byte, s T) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '"':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '\a':
			b = append(b, '\\', 'a')
		case '\b':
			b = append(b, '\\', 'b')
		default:
			if c >= 0x20 && c < 0x7f {
				b = append(b, c)
			} else {
				b = append(b, '\\', 'x', hex[c>>4], hex[c&15])
			}
		}
	}
	return append(b, '"')
}

// Strerror words err as C's strerror does ("No such file or directory"),
// for the texts Redis builds from errno.
func Strerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		if s != "" && 'a' <= s[0] && s[0] <= 'z' {
			s = string(s[0]-'a'+'A') + s[1:]
		}
		return s
	}
	return err.Error()
}
