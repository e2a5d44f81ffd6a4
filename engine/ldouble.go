package engine

import (
	"math/big"
)

// INCRBYFLOAT does its arithmetic in C's long double, which on x86-64 is the
// x87 80-bit format: a 64-bit mantissa, exponents down to 2^-16382 (with
// denormals down to 2^-16445) and up to just below 2^16384. Its results
// differ from float64 arithmetic in the last digits, so this file emulates
// the format exactly with math/big: parse like glibc's strtold (correctly
// rounded), add with one rounding, print like printf("%.17Lf").

const (
	ldMantBits = 64
	ldMinExp   = -16445 // exponent of the smallest denormal, 2^-16445
	ldMaxExp   = 16384  // values of 2^16384 and up are infinite
	// ldMaxChars is Redis's MAX_LONG_DOUBLE_CHARS: longer inputs are not
	// numbers.
	ldMaxChars = 5 * 1024
)

// ldouble is a finite or infinite long double. A finite value is
// mant·2^exp with |mant| < 2^65, zero when mant is zero.
type ldouble struct {
	mant big.Int
	exp  int
	inf  int // +1 or -1 for an infinity, 0 when finite
}

// roundLD rounds num/den·2^shift (num, den > 0) to the long double grid,
// to nearest with ties to even, as the x87 unit and glibc's strtold do. It
// returns ok=false when the result overflows to infinity; a result that
// underflows to zero has a zero mantissa.
func roundLD(num, den *big.Int, shift int) (ldouble, bool) {
	var r ldouble
	// Find b with 2^(b-1) <= value < 2^b.
	b := num.BitLen() - den.BitLen() + shift
	if ldCmpScaled(num, den, b-shift) >= 0 {
		b++
	} else if ldCmpScaled(num, den, b-1-shift) < 0 {
		b--
	}
	if b > ldMaxExp {
		return r, false
	}
	k := b - ldMantBits
	if k < ldMinExp {
		k = ldMinExp // denormal: fewer significant bits
	}
	// q = round(num·2^(shift-k) / den).
	n, d := new(big.Int).Set(num), new(big.Int).Set(den)
	if s := shift - k; s >= 0 {
		n.Lsh(n, uint(s))
	} else {
		d.Lsh(d, uint(-s))
	}
	q, rem := n.QuoRem(n, d, new(big.Int))
	rem.Lsh(rem, 1)
	if c := rem.Cmp(d); c > 0 || (c == 0 && q.Bit(0) == 1) {
		q.Add(q, big.NewInt(1))
	}
	if q.Sign() != 0 && q.BitLen()+k > ldMaxExp {
		return r, false
	}
	r.mant.Set(q)
	r.exp = k
	return r, true
}

// ldCmpScaled compares num with den·2^k.
func ldCmpScaled(num, den *big.Int, k int) int {
	if k >= 0 {
		return num.Cmp(new(big.Int).Lsh(den, uint(k)))
	}
	return new(big.Int).Lsh(num, uint(-k)).Cmp(den)
}

// parseLongDouble parses b as Redis's string2ld does: glibc's strtold over
// the whole argument, with no leading space, no NaN, and no overflow or
// underflow to zero (denormals are accepted). Infinities are accepted.
func parseLongDouble(b []byte) (ldouble, bool) {
	var z ldouble
	if len(b) == 0 || len(b) >= ldMaxChars || ldIsSpace(b[0]) {
		return z, false
	}
	s := b
	neg := false
	if s[0] == '+' || s[0] == '-' {
		neg = s[0] == '-'
		s = s[1:]
	}
	if len(s) >= 3 && EqualFold(s[:3], "inf") {
		if len(s) == 3 || (len(s) == 8 && EqualFold(s[3:], "inity")) {
			z.inf = 1
			if neg {
				z.inf = -1
			}
			return z, true
		}
		return z, false
	}
	var (
		v  ldouble
		ok bool
	)
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		v, ok = parseHexLD(s[2:])
	} else {
		v, ok = parseDecLD(s)
	}
	if !ok {
		return z, false
	}
	if neg {
		v.mant.Neg(&v.mant)
	}
	return v, true
}

func ldIsSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

// ldScanDigits splits s into mantissa digits (integer and fraction parts,
// without the dot) and what follows; hex selects hexadecimal digits.
func ldScanDigits(s []byte, hex bool) (digits []byte, frac int, rest []byte) {
	isDigit := func(c byte) bool {
		if c >= '0' && c <= '9' {
			return true
		}
		return hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
	}
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	digits = append(digits, s[:i]...)
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		digits = append(digits, s[i+1:j]...)
		frac = j - i - 1
		i = j
	}
	return digits, frac, s[i:]
}

// ldScanExp parses a complete exponent "[+-]digits", saturating far beyond
// any meaningful value.
func ldScanExp(s []byte) (int, bool) {
	if len(s) == 0 {
		return 0, false
	}
	neg := false
	if s[0] == '+' || s[0] == '-' {
		neg = s[0] == '-'
		s = s[1:]
	}
	if len(s) == 0 {
		return 0, false
	}
	e := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		if e < 1<<30 {
			e = e*10 + int(c-'0')
		}
	}
	if neg {
		e = -e
	}
	return e, true
}

// ldTrimZeros drops leading '0' digits.
func ldTrimZeros(d []byte) []byte {
	for len(d) > 0 && d[0] == '0' {
		d = d[1:]
	}
	return d
}

func parseDecLD(s []byte) (ldouble, bool) {
	var z ldouble
	digits, frac, rest := ldScanDigits(s, false)
	if len(digits) == 0 {
		return z, false
	}
	exp := 0
	if len(rest) > 0 {
		if rest[0] != 'e' && rest[0] != 'E' {
			return z, false
		}
		e, ok := ldScanExp(rest[1:])
		if !ok {
			return z, false
		}
		exp = e
	}
	sig := ldTrimZeros(digits)
	if len(sig) == 0 {
		return z, true // zero, whatever the exponent
	}
	exp -= frac
	// 10^(len(sig)-1+exp) <= value < 10^(len(sig)+exp). The largest long
	// double is about 1.19e4932 and half the smallest denormal 1.8e-4951.
	if len(sig)-1+exp >= 4933 {
		return z, false // overflow
	}
	if len(sig)+exp < -4952 {
		return z, false // underflow to zero
	}
	num, _ := new(big.Int).SetString(string(sig), 10)
	den := big.NewInt(1)
	if exp >= 0 {
		num.Mul(num, ldPow10(exp))
	} else {
		den = ldPow10(-exp)
	}
	v, ok := roundLD(num, den, 0)
	if !ok || v.mant.Sign() == 0 {
		return z, false
	}
	return v, true
}

func parseHexLD(s []byte) (ldouble, bool) {
	var z ldouble
	digits, frac, rest := ldScanDigits(s, true)
	if len(digits) == 0 {
		return z, false // "0x" alone: strtold stops after the 0
	}
	exp := 0
	if len(rest) > 0 {
		if rest[0] != 'p' && rest[0] != 'P' {
			return z, false
		}
		e, ok := ldScanExp(rest[1:])
		if !ok {
			return z, false
		}
		exp = e
	}
	sig := ldTrimZeros(digits)
	if len(sig) == 0 {
		return z, true
	}
	num, _ := new(big.Int).SetString(string(sig), 16)
	shift := exp - 4*frac
	if num.BitLen()+shift > ldMaxExp+1 {
		return z, false
	}
	if num.BitLen()+shift < ldMinExp-2 {
		return z, false
	}
	v, ok := roundLD(num, big.NewInt(1), shift)
	if !ok || v.mant.Sign() == 0 {
		return z, false
	}
	return v, true
}

func ldPow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// addLD returns a+b rounded once to the long double grid, and ok=false when
// the sum is infinite or NaN.
func addLD(a, b ldouble) (ldouble, bool) {
	var z ldouble
	if a.inf != 0 || b.inf != 0 {
		return z, false
	}
	if a.mant.Sign() == 0 {
		return b, true
	}
	if b.mant.Sign() == 0 {
		return a, true
	}
	e := min(a.exp, b.exp)
	x := new(big.Int).Lsh(&a.mant, uint(a.exp-e))
	y := new(big.Int).Lsh(&b.mant, uint(b.exp-e))
	x.Add(x, y)
	if x.Sign() == 0 {
		return z, true
	}
	neg := x.Sign() < 0
	x.Abs(x)
	v, ok := roundLD(x, big.NewInt(1), e)
	if !ok {
		return z, false
	}
	if neg {
		v.mant.Neg(&v.mant)
	}
	return v, true
}

// appendHumanLD appends v as Redis's ld2string prints INCRBYFLOAT results:
// printf("%.17Lf") (exact, ties to even), trailing zeros and a trailing dot
// removed, and "-0" turned into "0". v must be finite.
func appendHumanLD(dst []byte, v ldouble) []byte {
	neg := v.mant.Sign() < 0
	m := new(big.Int).Abs(&v.mant)
	var digits string
	const decimals = 17
	if v.exp >= 0 {
		m.Lsh(m, uint(v.exp))
		digits = m.String() + "00000000000000000"
	} else {
		m.Mul(m, ldPow10(decimals))
		d := new(big.Int).Lsh(big.NewInt(1), uint(-v.exp))
		q, rem := m.QuoRem(m, d, new(big.Int))
		rem.Lsh(rem, 1)
		if c := rem.Cmp(d); c > 0 || (c == 0 && q.Bit(0) == 1) {
			q.Add(q, big.NewInt(1))
		}
		digits = q.String()
		for len(digits) < decimals+1 {
			digits = "0" + digits
		}
	}
	intPart, fracPart := digits[:len(digits)-decimals], digits[len(digits)-decimals:]
	for len(fracPart) > 0 && fracPart[len(fracPart)-1] == '0' {
		fracPart = fracPart[:len(fracPart)-1]
	}
	if neg && !(intPart == "0" && fracPart == "") {
		dst = append(dst, '-')
	}
	dst = append(dst, intPart...)
	if fracPart != "" {
		dst = append(dst, '.')
		dst = append(dst, fracPart...)
	}
	return dst
}
