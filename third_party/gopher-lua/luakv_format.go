package lua

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// luakv: string.format as Lua 5.1's str_format, on top of a small emulation
// of the C printf conversions Lua hands its items to (glibc, x86-64).
// gopher-lua passed the format to Go's fmt.Sprintf: "%999999999d" allocated a
// gigabyte, and Go's verbs differ from C's (%x of -1, %u, %c of 200, byte
// widths, "%!d(MISSING)" instead of errors...).

// formatFlags are the printf flags Lua 5.1 accepts (L_FMTFLAGS).
const formatFlags = "-+ #0"

// formatSpec is one parsed "%..." item.
type formatSpec struct {
	flags string
	width int // -1: none
	prec  int // -1: none
	conv  byte
}

func (fs *formatSpec) has(c byte) bool { return strings.IndexByte(fs.flags, c) >= 0 }

// scanFormat parses the item after a '%' at fmtStr[i:] like Lua 5.1's
// scanformat (at most 5 flags, 2 width and 2 precision digits) and returns
// it with the index after the conversion character.
func scanFormat(L *LState, fmtStr string, i int) (formatSpec, int) {
	spec := formatSpec{width: -1, prec: -1}
	start := i
	for i < len(fmtStr) && strings.IndexByte(formatFlags, fmtStr[i]) >= 0 {
		i++
	}
	if i-start >= len(formatFlags)+1 {
		L.RaiseError("invalid format (repeated flags)")
	}
	spec.flags = fmtStr[start:i]
	digits := func() int {
		n, d := 0, 0
		for d < 2 && i < len(fmtStr) && isDigitByte(fmtStr[i]) {
			n = n*10 + int(fmtStr[i]-'0')
			i++
			d++
		}
		if d == 0 {
			return -1
		}
		return n
	}
	spec.width = digits()
	if i < len(fmtStr) && fmtStr[i] == '.' {
		i++
		spec.prec = digits()
		if spec.prec < 0 {
			spec.prec = 0
		}
	}
	if i < len(fmtStr) && isDigitByte(fmtStr[i]) {
		L.RaiseError("invalid format (width or precision too long)")
	}
	if i < len(fmtStr) {
		spec.conv = fmtStr[i]
		i++
	}
	return spec, i
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// strFormat51 is Lua 5.1's string.format.
func strFormat51(L *LState) int {
	fmtStr := L.CheckString(1)
	top := L.GetTop()
	arg := 1
	b := L.newStringBuilder()
	for i := 0; i < len(fmtStr); {
		c := fmtStr[i]
		i++
		if c != '%' {
			b.addByte(c)
			continue
		}
		if i < len(fmtStr) && fmtStr[i] == '%' {
			b.addByte('%')
			i++
			continue
		}
		arg++
		if arg > top {
			L.ArgError(arg, "no value")
		}
		var spec formatSpec
		spec, i = scanFormat(L, fmtStr, i)
		switch spec.conv {
		case 'c':
			b.addString(cutAtNUL(padField(&spec, string([]byte{byte(luaCInt(L.CheckNumber(arg)))}))))
		case 'd', 'i':
			b.addString(formatCInt(&spec, cLong(float64(L.CheckNumber(arg)))))
		case 'o', 'u', 'x', 'X':
			b.addString(formatCUnsigned(&spec, cULong(float64(L.CheckNumber(arg)))))
		case 'e', 'E', 'f', 'g', 'G':
			b.addString(formatCFloat(&spec, float64(L.CheckNumber(arg))))
		case 'q':
			s := luaCheckLString(L, arg)
			L.checkRepSize(len(s)+2, 4) // the quoted form is at most 4 bytes per byte
			b.addString(quoteString(s))
		case 's':
			s := luaCheckLString(L, arg)
			if spec.prec < 0 && len(s) >= 100 {
				b.addString(s) // Lua adds long strings as they are
			} else {
				b.addString(formatCString(&spec, s))
			}
		default:
			conv := "%"
			if spec.conv != 0 {
				conv += string([]byte{spec.conv})
			}
			L.RaiseError("invalid option '%s' to 'format'", conv)
		}
	}
	L.Push(LString(b.String()))
	return 1
}

// luaCheckLString is luaL_checklstring: a string, or a number converted
// with Lua's number format.
func luaCheckLString(L *LState, n int) string {
	switch v := L.Get(n).(type) {
	case LString:
		return string(v)
	case LNumber:
		return luaNumberString(float64(v))
	}
	L.TypeError(n, LTString)
	return ""
}

// cLong is (long)double on x86-64: out of range and NaN give the minimum.
func cLong(f float64) int64 {
	if f >= -9223372036854775808.0 && f < 9223372036854775808.0 {
		return int64(f)
	}
	return math.MinInt64
}

// cULong is (unsigned long)double as gcc compiles it on x86-64.
func cULong(f float64) uint64 {
	if f >= 9223372036854775808.0 {
		return uint64(cLong(f-9223372036854775808.0)) ^ (1 << 63)
	}
	return uint64(cLong(f))
}

// cutAtNUL keeps what C's strlen would: Lua adds sprintf's buffer with
// strlen, so %c of 0 and %s of a short string with a NUL stop there.
func cutAtNUL(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// padField pads s with spaces to the spec's width (left-justified with '-').
func padField(spec *formatSpec, s string) string {
	if spec.width <= len(s) {
		return s
	}
	pad := strings.Repeat(" ", spec.width-len(s))
	if spec.has('-') {
		return s + pad
	}
	return pad + s
}

// formatCString is sprintf("%<flags><width>.<prec>s") on bytes.
func formatCString(spec *formatSpec, s string) string {
	s = cutAtNUL(s)
	if spec.prec >= 0 && spec.prec < len(s) {
		s = s[:spec.prec]
	}
	return padField(spec, s)
}

// formatCInt is %d/%i of a C long.
func formatCInt(spec *formatSpec, v int64) string {
	digits := strconv.FormatUint(uint64(v), 10)
	sign := ""
	if v < 0 {
		digits = strconv.FormatUint(uint64(-v), 10) // also right for the minimum
		sign = "-"
	} else if spec.has('+') {
		sign = "+"
	} else if spec.has(' ') {
		sign = " "
	}
	return intField(spec, sign, "", digits, v == 0)
}

// formatCUnsigned is %o/%u/%x/%X of a C unsigned long.
func formatCUnsigned(spec *formatSpec, v uint64) string {
	var digits, prefix string
	switch spec.conv {
	case 'o':
		digits = strconv.FormatUint(v, 8)
		if spec.has('#') && digits[0] != '0' {
			prefix = "0"
		}
	case 'u':
		digits = strconv.FormatUint(v, 10)
	case 'x':
		digits = strconv.FormatUint(v, 16)
		if spec.has('#') && v != 0 {
			prefix = "0x"
		}
	case 'X':
		digits = strings.ToUpper(strconv.FormatUint(v, 16))
		if spec.has('#') && v != 0 {
			prefix = "0X"
		}
	}
	return intField(spec, "", prefix, digits, v == 0)
}

// intField lays out an integer conversion as C does: the precision is a
// minimum number of digits (and turns the 0 flag off), an explicit zero
// precision prints nothing for 0, the 0 flag pads between sign and digits.
func intField(spec *formatSpec, sign, prefix, digits string, zero bool) string {
	if spec.prec >= 0 {
		if zero && spec.prec == 0 {
			digits = ""
			if spec.conv == 'o' && prefix == "0" {
				prefix = ""
				digits = "0"
			}
		}
		if len(digits) < spec.prec {
			if prefix == "0" { // %#o: the precision's zeros serve as the 0
				prefix = ""
			}
			digits = strings.Repeat("0", spec.prec-len(digits)) + digits
		}
	}
	body := sign + prefix + digits
	if spec.width > len(body) {
		n := spec.width - len(body)
		switch {
		case spec.has('-'):
			body += strings.Repeat(" ", n)
		case spec.has('0') && spec.prec < 0:
			body = sign + prefix + strings.Repeat("0", n) + digits
		default:
			body = strings.Repeat(" ", n) + body
		}
	}
	return body
}

// formatCFloat is %e/%E/%f/%g/%G of a double.
func formatCFloat(spec *formatSpec, f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		s := "inf"
		if math.IsNaN(f) {
			s = "nan"
		}
		if spec.conv == 'E' || spec.conv == 'G' {
			s = strings.ToUpper(s)
		}
		// glibc prints the sign of NaNs too (0/0 is -nan on x86).
		if math.Signbit(f) {
			s = "-" + s
		} else if spec.has('+') {
			s = "+" + s
		} else if spec.has(' ') {
			s = " " + s
		}
		return padField(spec, s)
	}
	prec := spec.prec
	if prec < 0 {
		prec = 6
	}
	// Go's fmt follows C for these verbs once the precision is explicit.
	goFmt := "%" + spec.flags
	if spec.width >= 0 {
		goFmt += strconv.Itoa(spec.width)
	}
	goFmt += "." + strconv.Itoa(prec) + string([]byte{spec.conv})
	return fmt.Sprintf(goFmt, f)
}

// quoteString is Lua 5.1's %q.
func quoteString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\', '\n':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			b.WriteString("\\r")
		case 0:
			b.WriteString("\\000")
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// luaNumberString is Lua 5.1's number-to-string conversion, "%.14g"
// (LUA_NUMBER_FMT).
func luaNumberString(f float64) string {
	spec := formatSpec{width: -1, prec: 14, conv: 'g'}
	return formatCFloat(&spec, f)
}
