package luastruct

import (
	"math"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"luakv/lua/internal/lauxlib"
)

// Loader pushes a new struct module table (gopher-lua loader convention).
func Loader(L *lua.LState) int {
	t := L.CreateTable(0, 3)
	t.RawSetString("pack", L.NewFunction(pack))
	t.RawSetString("unpack", L.NewFunction(unpack))
	t.RawSetString("size", L.NewFunction(size))
	L.Push(t)
	return 1
}

// Sizes of the C types the formats name, as on x86-64 Linux, where Redis's
// struct.c is compiled with long as its integer type.
const (
	maxIntSize = 32 // MAXINTSIZE: the largest i<n>/I<n>
	maxAlign   = 8  // MAXALIGN: the alignment "!" without a number sets
	sizeInt    = 4
)

// header holds the options that control the rest of a format.
type header struct {
	little bool   // byte order of integers, floats and doubles
	align  uint64 // maximum alignment
}

func defaultHeader() header { return header{little: true, align: 1} }

// format walks a format string. The C reads it as a C string, so it ends at
// the first NUL byte.
type format struct {
	s string
	i int
}

func newFormat(s string) *format {
	if n := strings.IndexByte(s, 0); n >= 0 {
		s = s[:n]
	}
	return &format{s: s}
}

func (f *format) more() bool { return f.i < len(f.s) }

func (f *format) next() byte {
	c := f.s[f.i]
	f.i++
	return c
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// num reads the decimal number at the cursor, def when there is none.
func (f *format) num(L *lua.LState, def int) int {
	if !f.more() || !isDigit(f.s[f.i]) {
		return def
	}
	a := 0
	for f.more() && isDigit(f.s[f.i]) {
		d := int(f.s[f.i] - '0')
		if a > math.MaxInt32/10 || a*10 > math.MaxInt32-d {
			lauxlib.Error(L, "integral size overflow")
		}
		a = a*10 + d
		f.i++
	}
	return a
}

// optSize is the size of the item opt describes (reading its number, if
// any); 0 for options that take no room or no alignment.
func optSize(L *lua.LState, opt byte, f *format) uint64 {
	switch opt {
	case 'B', 'b', 'x':
		return 1
	case 'H', 'h':
		return 2
	case 'L', 'l', 'T', 'd':
		return 8
	case 'f':
		return 4
	case 'c':
		return uint64(f.num(L, 1))
	case 'i', 'I':
		n := f.num(L, sizeInt)
		if n > maxIntSize {
			lauxlib.Errorf(L, "integral size %d is larger than limit of %d", n, maxIntSize)
		}
		return uint64(n)
	}
	return 0
}

// toAlign is the padding before an item of the given size at offset n. The
// C's formula assumes a power-of-2 size; sizes like i3 give what it gives.
func toAlign(n uint64, h *header, opt byte, size uint64) uint64 {
	if size == 0 || opt == 'c' {
		return 0
	}
	if size > h.align {
		size = h.align
	}
	return (size - (n & (size - 1))) & (size - 1)
}

// control applies the options that are not items: blanks, byte order and
// alignment. Anything else is an invalid option.
func control(L *lua.LState, opt byte, f *format, h *header) {
	switch opt {
	case ' ':
	case '>':
		h.little = false
	case '<':
		h.little = true
	case '!':
		a := f.num(L, maxAlign)
		if a <= 0 || a&(a-1) != 0 {
			lauxlib.Errorf(L, "alignment %d is not a power of 2", a)
		}
		h.align = uint64(a)
	default:
		lauxlib.ArgError(L, 1, "invalid format option '"+string([]byte{opt})+"'")
	}
}

func isIntOpt(opt byte) bool {
	switch opt {
	case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I':
		return true
	}
	return false
}

// maxResult bounds pack's result; a variable so tests can lower it.
var maxResult uint64 = lauxlib.MaxResult

// pack is struct.pack(fmt, ...). It runs the format twice: once to
// measure the result, raising every error the C would raise (and a memory
// error past maxResult) before anything is allocated, then to build it.
func pack(L *lua.LState) int {
	format := lauxlib.CheckLString(L, 1)
	// The C pushes a nil to separate the arguments from its buffer: an
	// argument the format asks for past the last one is that nil.
	L.Push(lua.LNil)
	n := packFormat(L, format, nil)
	out := make([]byte, 0, n)
	packFormat(L, format, &out)
	L.Push(lua.LString(out))
	return 1
}

// packFormat walks the format over the arguments and returns the result's
// length, appending the bytes to *out unless out is nil.
func packFormat(L *lua.LState, format string, out *[]byte) uint64 {
	f := newFormat(format)
	h := defaultHeader()
	arg := 2
	var total uint64 // the C's totalsize: bytes so far
	var scratch, zeros [maxIntSize]byte
	emit := func(b []byte) {
		if out != nil {
			*out = append(*out, b...)
		}
	}
	for f.more() {
		opt := f.next()
		size := optSize(L, opt, f)
		pad := toAlign(total, &h, opt, size)
		total += pad
		emit(zeros[:pad]) // pad < size <= maxIntSize
		switch {
		case isIntOpt(opt):
			n := lauxlib.CheckNumber(L, arg)
			arg++
			emit(putInteger(scratch[:size], n, h.little))
		case opt == 'x':
			emit(zeros[:1])
		case opt == 'f':
			n := lauxlib.CheckNumber(L, arg)
			arg++
			emit(putBytes(scratch[:4], uint64(lauxlib.Float64To32(n)), h.little))
		case opt == 'd':
			n := lauxlib.CheckNumber(L, arg)
			arg++
			emit(putBytes(scratch[:8], math.Float64bits(n), h.little))
		case opt == 'c' || opt == 's':
			s := lauxlib.CheckLString(L, arg)
			arg++
			if size == 0 {
				size = uint64(len(s))
			}
			if uint64(len(s)) < size {
				// The C names the argument after the string.
				lauxlib.ArgError(L, arg, "string too short")
			}
			if out != nil {
				*out = append(*out, s[:size]...)
			}
			if opt == 's' {
				emit(zeros[:1])
				size++
			}
		default:
			control(L, opt, f, &h)
		}
		total += size
		if out == nil && total > maxResult {
			L.Error(lua.LString(lauxlib.MemError), 0)
		}
	}
	return total
}

// putInteger writes n into b as a len(b)-byte integer: negative numbers
// through long, others through unsigned long, as the C converts them; bytes
// past the eighth are zero.
func putInteger(b []byte, n float64, little bool) []byte {
	var v uint64
	if n < 0 {
		v = uint64(lauxlib.DoubleToInt64(n))
	} else {
		v = lauxlib.DoubleToUint64(n)
	}
	return putBytes(b, v, little)
}

// putBytes writes the low len(b) bytes of v (zeros past the eighth) into b
// in the given byte order.
func putBytes(b []byte, v uint64, little bool) []byte {
	size := len(b)
	for i := 0; i < size; i++ {
		if little {
			b[i] = byte(v)
		} else {
			b[size-1-i] = byte(v)
		}
		v >>= 8
	}
	return b
}

// getBytes reads size bytes in the given byte order into an unsigned long;
// only the last eight read survive, as in the C.
func getBytes(b string, little bool) uint64 {
	var v uint64
	if little {
		for i := len(b) - 1; i >= 0; i-- {
			v = v<<8 | uint64(b[i])
		}
	} else {
		for i := 0; i < len(b); i++ {
			v = v<<8 | uint64(b[i])
		}
	}
	return v
}

// getInteger decodes an integer item. The C sign-extends with a mask
// shifted by size*8-1 bits; x86 takes shift counts modulo 64, which for
// sizes above 8 (and i0) gives masks other than the sign bit, and so other
// numbers: those are reproduced.
func getInteger(b string, little, signed bool) float64 {
	v := getBytes(b, little)
	if !signed {
		return float64(v)
	}
	mask := ^uint64(0) << (uint(len(b)*8-1) & 63)
	if v&mask != 0 {
		v |= mask
	}
	return float64(int64(v))
}

// unpack is struct.unpack(fmt, data [, pos]): the values, then the
// position after them.
func unpack(L *lua.LState) int {
	f := newFormat(lauxlib.CheckLString(L, 1))
	data := lauxlib.CheckLString(L, 2)
	// pos is a size_t in the C: negative offsets wrap around.
	pos := uint64(lauxlib.OptInteger(L, 3, 1))
	if pos == 0 {
		lauxlib.ArgError(L, 3, "offset must be 1 or greater")
	}
	pos--
	args := L.GetTop()
	ld := uint64(len(data))
	h := defaultHeader()
	var res []lua.LValue
	tooShort := func(size uint64) {
		if size > ld || pos > ld-size {
			lauxlib.ArgError(L, 2, "data string too short")
		}
	}
	for f.more() {
		opt := f.next()
		size := optSize(L, opt, f)
		pos += toAlign(pos, &h, opt, size)
		tooShort(size)
		// Room for this item and the final position.
		lauxlib.CheckStack(L, args+len(res), 2, "too many results")
		switch {
		case isIntOpt(opt):
			signed := opt >= 'a' && opt <= 'z'
			res = append(res, lua.LNumber(getInteger(data[pos:pos+size], h.little, signed)))
		case opt == 'x':
		case opt == 'f':
			bits := getBytes(data[pos:pos+4], h.little)
			res = append(res, lua.LNumber(lauxlib.Float32To64(uint32(bits))))
		case opt == 'd':
			bits := getBytes(data[pos:pos+8], h.little)
			res = append(res, lua.LNumber(math.Float64frombits(bits)))
		case opt == 'c':
			if size == 0 {
				// c0 takes its length from the previous result, which
				// may be a numeric string.
				var n float64
				ok := false
				if len(res) > 0 {
					n, ok = lauxlib.ToNumber(res[len(res)-1])
				}
				if !ok {
					lauxlib.Error(L, "format 'c0' needs a previous size")
				}
				size = lauxlib.DoubleToUint64(n)
				res = res[:len(res)-1]
				tooShort(size)
			}
			res = append(res, lua.LString(data[pos:pos+size]))
		case opt == 's':
			e := strings.IndexByte(data[pos:], 0)
			if e < 0 {
				lauxlib.Error(L, "unfinished string in data")
			}
			size = uint64(e) + 1
			res = append(res, lua.LString(data[pos:pos+uint64(e)]))
		default:
			control(L, opt, f, &h)
		}
		pos += size
	}
	for _, v := range res {
		L.Push(v)
	}
	L.Push(lua.LNumber(int64(pos + 1)))
	return len(res) + 1
}

func isAlnum(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// size is struct.size(fmt): the bytes pack would produce. Letters and
// digits that are not options are ignored here (pack rejects them).
func size(L *lua.LState) int {
	f := newFormat(lauxlib.CheckLString(L, 1))
	h := defaultHeader()
	var pos uint64
	for f.more() {
		opt := f.next()
		size := optSize(L, opt, f)
		pos += toAlign(pos, &h, opt, size)
		if opt == 's' {
			lauxlib.ArgError(L, 1, "option 's' has no fixed size")
		} else if opt == 'c' && size == 0 {
			lauxlib.ArgError(L, 1, "option 'c0' has no fixed size")
		}
		if !isAlnum(opt) {
			control(L, opt, f, &h)
		}
		pos += size
	}
	L.Push(lua.LNumber(int64(pos)))
	return 1
}
