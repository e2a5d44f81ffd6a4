package engine

import (
	"bytes"
	"math"
	"math/big"
)

// SORT's building blocks: the pattern lookups of BY and GET, the weight
// parsing and the comparison of two sorted items (the command itself is in
// cmd_sort.go, the partial sort of BY ... LIMIT in sort_pqsort.go).

// sortItem is one element being sorted, with what it is compared by: its
// numeric weight, or for ALPHA its comparison bytes (the element, or the
// value its BY pattern found; hasCmp false when that found nothing).
type sortItem struct {
	elem   []byte
	score  float64
	cmp    []byte
	hasCmp bool
}

// sortOrder says how two items compare; it mirrors the state Redis's
// comparison reads.
type sortOrder struct {
	desc, alpha, byPattern bool
}

// compare orders x and y. Numeric weights tie-break on the elements' bytes,
// so a numeric sort is deterministic. ALPHA compares bytes; the items'
// cmp slices were already cut at their first NUL when Redis would compare
// them as C strings (strcoll in the C locale, when not storing). Under BY,
// an item whose pattern found nothing sorts first.
func (o sortOrder) compare(x, y *sortItem) int {
	var c int
	switch {
	case !o.alpha:
		switch {
		case x.score > y.score:
			c = 1
		case x.score < y.score:
			c = -1
		default:
			c = bytes.Compare(x.elem, y.elem)
		}
	case o.byPattern && (!x.hasCmp || !y.hasCmp):
		switch {
		case x.hasCmp == y.hasCmp:
			c = 0
		case !x.hasCmp:
			c = -1
		default:
			c = 1
		}
	default:
		c = bytes.Compare(x.cmp, y.cmp)
	}
	if o.desc {
		return -c
	}
	return c
}

// sortPatternHasStar reports whether pattern holds a '*' before any NUL
// byte: Redis looks for it with strchr, so a BY pattern without one is a
// constant (no sorting), and a GET pattern without one finds nothing.
func sortPatternHasStar(pattern []byte) bool {
	return bytes.IndexByte(cstrBytes(pattern), '*') >= 0
}

// sortLookup returns the value pattern names for the element subst, as
// Redis's lookupKeyByPattern: "#" is subst itself; otherwise the first '*'
// is replaced by subst to form a key name, and a "->field" after the '*'
// (with at least one byte after the arrow) reads that field of a hash
// instead of a string. Like Redis, the '*' and the arrow are searched for
// only up to the pattern's first NUL byte, while the pieces copied around
// them run to its end. ok is false when nothing is found (no '*', a missing
// key, a key of another type, a missing field). The key is read with
// Lookup, so it counts as a hit or miss. buf is scratch space for the key
// name; the value is valid until the key is written.
func sortLookup(db *DB, pattern, subst []byte, buf *[]byte) (val []byte, ok bool) {
	if len(pattern) > 0 && pattern[0] == '#' && (len(pattern) == 1 || pattern[1] == 0) {
		return subst, true
	}
	cpat := cstrBytes(pattern)
	star := bytes.IndexByte(cpat, '*')
	if star < 0 {
		return nil, false
	}
	post := pattern[star+1:]
	var field []byte
	if i := bytes.Index(cpat[star+1:], []byte("->")); i >= 0 && star+1+i+2 < len(cpat) {
		arrow := star + 1 + i
		field = pattern[arrow+2:]
		post = pattern[star+1 : arrow]
	}
	key := append(append(append((*buf)[:0], pattern[:star]...), subst...), post...)
	*buf = key
	en := db.Lookup(key)
	if en == nil {
		return nil, false
	}
	if field != nil {
		if !isHash(en) {
			return nil, false
		}
		return hashGet(en.Obj, field)
	}
	if !en.IsString() {
		return nil, false
	}
	return en.StringBytes(), true
}

// sortWeight parses a numeric SORT weight as Redis does: strtod must read
// the whole value (up to a NUL byte, where C strings end), leading white
// space allowed, and must not give NaN nor set ERANGE. glibc sets ERANGE on
// overflow and on underflow: a result that is inexact and tiny (below the
// smallest normal double once rounded to 53 bits with an unbounded
// exponent), so "1e-310" is refused while "0x1p-1074" is not. The empty
// string reads as 0, as strtod's unconverted input ends right there.
func sortWeight(b []byte) (float64, bool) {
	b = cstrBytes(b)
	f, n, erange := zStrtod(b)
	if n != len(b) || erange || math.IsNaN(f) {
		return 0, false
	}
	if f != 0 && math.Abs(f) <= minNormal {
		return f, !strtodUnderflows(b)
	}
	return f, true
}

// minNormal is the smallest positive normal double, 2^-1022.
const minNormal = 0x1p-1022

// strtodUnderflows reports whether glibc's strtod sets ERANGE for b, a
// number whose result is subnormal or the smallest normal double: when the
// conversion is inexact and tiny after rounding (see sortWeight). Only
// these rare inputs pay for the exact arithmetic.
func strtodUnderflows(b []byte) bool {
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	var r big.Rat
	if _, ok := r.SetString(string(b[i:])); !ok {
		return false // not reached: zStrtod read the whole text as a number
	}
	if _, exact := r.Float64(); exact {
		return false
	}
	rounded := new(big.Float).SetPrec(53).SetMode(big.ToNearestEven).SetRat(&r)
	return rounded.Abs(rounded).Cmp(big.NewFloat(minNormal)) < 0
}
