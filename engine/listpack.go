package engine

import (
	"encoding/binary"
	"strconv"

	"luakv/engine/rdb"
)

// Redis's listpack, byte for byte, for the values luakv keeps in that very
// form (stream nodes): a 6-byte header (total bytes, element count), the
// elements, each followed by its length stored backwards, and 0xFF. An
// element is an integer in the smallest of seven encodings or a string;
// a string that reads as an integer (string2ll rules) is stored as one, as
// lpAppend does.

const (
	lpHeaderSize = 6 // total bytes and element count
	lpEnd        = 0xff
	lpCountMax   = 65535 // a count this high means "walk to count"
)

// lpNew returns an empty listpack with room for capacity bytes.
func lpNew(capacity int) []byte {
	lp := make([]byte, lpHeaderSize+1, max(capacity, lpHeaderSize+1))
	lp[lpHeaderSize] = lpEnd
	lpSetHeader(lp, 0)
	return lp
}

// lpSetHeader writes lp's total size and its element count.
func lpSetHeader(lp []byte, count int) {
	binary.LittleEndian.PutUint32(lp, uint32(len(lp)))
	binary.LittleEndian.PutUint16(lp[4:], uint16(min(count, lpCountMax)))
}

// lpCount is the element count the header holds.
func lpCount(lp []byte) int { return int(binary.LittleEndian.Uint16(lp[4:])) }

// lpIntSize is the size of integer v as a listpack element, back length
// included.
func lpIntSize(v int64) int64 {
	var enc int64
	switch {
	case v >= 0 && v <= 127:
		enc = 1
	case v >= -4096 && v <= 4095:
		enc = 2
	case v >= -1<<15 && v < 1<<15:
		enc = 3
	case v >= -1<<23 && v < 1<<23:
		enc = 4
	case v >= -1<<31 && v < 1<<31:
		enc = 5
	default:
		enc = 9
	}
	return enc + 1 // encodings up to 127 bytes have a one-byte back length
}

// lpEncodeInt appends v's encoding (without its back length) to b.
func lpEncodeInt(b []byte, v int64) []byte {
	switch {
	case v >= 0 && v <= 127:
		return append(b, byte(v))
	case v >= -4096 && v <= 4095:
		u := uint16(v) & 0x1fff
		return append(b, 0xc0|byte(u>>8), byte(u))
	case v >= -1<<15 && v < 1<<15:
		return binary.LittleEndian.AppendUint16(append(b, 0xf1), uint16(v))
	case v >= -1<<23 && v < 1<<23:
		u := uint32(v)
		return append(b, 0xf2, byte(u), byte(u>>8), byte(u>>16))
	case v >= -1<<31 && v < 1<<31:
		return binary.LittleEndian.AppendUint32(append(b, 0xf3), uint32(v))
	}
	return binary.LittleEndian.AppendUint64(append(b, 0xf4), uint64(v))
}

// lpEncodeBacklen appends the back length of an element whose encoding
// took l bytes (lpEncodeBacklen).
func lpEncodeBacklen(b []byte, l int) []byte {
	switch rdb.BacklenSize(l) {
	case 1:
		return append(b, byte(l))
	case 2:
		return append(b, byte(l>>7), byte(l&127)|128)
	case 3:
		return append(b, byte(l>>14), byte((l>>7)&127)|128, byte(l&127)|128)
	case 4:
		return append(b, byte(l>>21), byte((l>>14)&127)|128, byte((l>>7)&127)|128, byte(l&127)|128)
	}
	return append(b, byte(l>>28), byte((l>>21)&127)|128, byte((l>>14)&127)|128, byte((l>>7)&127)|128, byte(l&127)|128)
}

// lpAppendInt appends integer element v to b (a listpack's elements,
// without the terminator).
func lpAppendInt(b []byte, v int64) []byte {
	start := len(b)
	b = lpEncodeInt(b, v)
	return lpEncodeBacklen(b, len(b)-start)
}

// lpAppendString appends s as an element: an integer when it reads as one.
func lpAppendString(b []byte, s []byte) []byte {
	if v, ok := parseInt(s); ok {
		return lpAppendInt(b, v)
	}
	start := len(b)
	n := len(s)
	switch {
	case n < 64:
		b = append(b, 0x80|byte(n))
	case n < 4096:
		b = append(b, 0xe0|byte(n>>8), byte(n))
	default:
		b = binary.LittleEndian.AppendUint32(append(b, 0xf0), uint32(n))
	}
	b = append(b, s...)
	return lpEncodeBacklen(b, len(b)-start)
}

// lpDecode reads the element at p of a well-formed listpack: its integer
// (isInt) or its string (aliasing lp), and where the next element starts.
func lpDecode(lp []byte, p int) (v int64, s []byte, isInt bool, next int) {
	b := lp[p]
	var size int
	switch {
	case b&0x80 == 0:
		v, isInt, size = int64(b), true, 1
	case b&0xc0 == 0x80:
		n := int(b & 0x3f)
		s, size = lp[p+1:p+1+n], 1+n
	case b&0xe0 == 0xc0:
		u := uint16(b&0x1f)<<8 | uint16(lp[p+1])
		v, isInt, size = int64(int16(u<<3)>>3), true, 2
	case b&0xf0 == 0xe0:
		n := int(b&0x0f)<<8 | int(lp[p+1])
		s, size = lp[p+2:p+2+n], 2+n
	default:
		switch b {
		case 0xf0:
			n := int(binary.LittleEndian.Uint32(lp[p+1:]))
			s, size = lp[p+5:p+5+n], 5+n
		case 0xf1:
			v, size = int64(int16(binary.LittleEndian.Uint16(lp[p+1:]))), 3
		case 0xf2:
			u := uint32(lp[p+1]) | uint32(lp[p+2])<<8 | uint32(lp[p+3])<<16
			v, size = int64(int32(u<<8)>>8), 4
		case 0xf3:
			v, size = int64(int32(binary.LittleEndian.Uint32(lp[p+1:]))), 5
		default: // 0xf4
			v, size = int64(binary.LittleEndian.Uint64(lp[p+1:])), 9
		}
		isInt = b != 0xf0
	}
	return v, s, isInt, p + size + rdb.BacklenSize(size)
}

// lpInt reads the integer element at p and where the next one starts.
func lpInt(lp []byte, p int) (int64, int) {
	v, _, _, next := lpDecode(lp, p)
	return v, next
}

// lpElementBytes reads the element at p as a string: an integer is formatted into
// num (which it then extends), a string aliases lp.
func lpElementBytes(lp []byte, p int, num []byte) (s, numOut []byte, next int) {
	v, s, isInt, next := lpDecode(lp, p)
	if isInt {
		start := len(num)
		num = strconv.AppendInt(num, v, 10)
		return num[start:len(num):len(num)], num, next
	}
	return s, num, next
}

// lpReplaceInt replaces the integer element at p with v, moving what
// follows when the size changes, and returns the listpack.
func lpReplaceInt(lp []byte, p int, v int64) []byte {
	_, _, _, next := lpDecode(lp, p)
	var buf [16]byte
	enc := lpAppendInt(buf[:0], v)
	if len(enc) == next-p {
		copy(lp[p:], enc)
		return lp
	}
	out := make([]byte, 0, len(lp)+len(enc)-(next-p))
	out = append(append(append(out, lp[:p]...), enc...), lp[next:]...)
	binary.LittleEndian.PutUint32(out, uint32(len(out)))
	return out
}
