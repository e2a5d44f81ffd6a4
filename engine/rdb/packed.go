package rdb

import (
	"encoding/binary"
	"strconv"
)

// The packed blobs are read element by element, each handed to fn as a
// string (integers in decimal); the slice is valid only during the call.
// Every offset is checked against the blob, which came from the file.

// Listpack walks a listpack: a 6-byte header (total bytes, element count),
// the elements, each followed by its length stored backwards, and 0xFF.
func Listpack(lp []byte, fn func(v []byte) error) error {
	if len(lp) < 7 || int(binary.LittleEndian.Uint32(lp)) != len(lp) || lp[len(lp)-1] != 0xff {
		return corrupt("listpack header")
	}
	var num [20]byte
	for p := 6; p < len(lp)-1; {
		v, size, err := listpackEntry(lp, p, num[:0])
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
		p += size + BacklenSize(size)
		if p > len(lp)-1 {
			return corrupt("listpack entry overflows")
		}
	}
	return nil
}

// listpackEntry decodes the entry at p (without its back length), returning
// its value and encoded size.
func listpackEntry(lp []byte, p int, num []byte) (v []byte, size int, err error) {
	rest := lp[p : len(lp)-1]
	need := func(n int) bool { return n <= len(rest) }
	str := func(hdr, n int) ([]byte, int, error) {
		if n < 0 || !need(hdr+n) {
			return nil, 0, corrupt("listpack string overflows")
		}
		return rest[hdr : hdr+n], hdr + n, nil
	}
	intOf := func(n int) ([]byte, int, error) {
		if !need(1 + n) {
			return nil, 0, corrupt("listpack integer overflows")
		}
		var u uint64
		for i := n; i >= 1; i-- {
			u = u<<8 | uint64(rest[i])
		}
		shift := 64 - 8*uint(n)
		return strconv.AppendInt(num, int64(u<<shift)>>shift, 10), 1 + n, nil
	}
	b := rest[0]
	switch {
	case b&0x80 == 0: // 7-bit unsigned
		return strconv.AppendInt(num, int64(b), 10), 1, nil
	case b&0xc0 == 0x80: // 6-bit string length
		return str(1, int(b&0x3f))
	case b&0xe0 == 0xc0: // 13-bit signed
		if !need(2) {
			return nil, 0, corrupt("listpack integer overflows")
		}
		u := uint16(b&0x1f)<<8 | uint16(rest[1])
		return strconv.AppendInt(num, int64(int16(u<<3)>>3), 10), 2, nil
	case b&0xf0 == 0xe0: // 12-bit string length
		if !need(2) {
			return nil, 0, corrupt("listpack string overflows")
		}
		return str(2, int(b&0x0f)<<8|int(rest[1]))
	}
	switch b {
	case 0xf0: // 32-bit string length
		if !need(5) {
			return nil, 0, corrupt("listpack string overflows")
		}
		return str(5, int(binary.LittleEndian.Uint32(rest[1:])))
	case 0xf1:
		return intOf(2)
	case 0xf2:
		return intOf(3)
	case 0xf3:
		return intOf(4)
	case 0xf4:
		return intOf(8)
	}
	return nil, 0, corrupt("listpack encoding %#x", b)
}

// BacklenSize is how many bytes a listpack entry of size bytes (encoding
// and data) stores its length in after itself, with the bounds of Redis's
// lpEncodeBacklen (which stop one short of each power of 2^7).
func BacklenSize[N int | int64](size N) N {
	switch {
	case size <= 127:
		return 1
	case size < 16383:
		return 2
	case size < 2097151:
		return 3
	case size < 268435455:
		return 4
	}
	return 5
}

// Ziplist walks a ziplist, the listpack's predecessor (RDB files of Redis
// before 7): a 10-byte header, entries that start with the previous
// entry's length and an encoding, and 0xFF.
func Ziplist(zl []byte, fn func(v []byte) error) error {
	if len(zl) < 11 || int(binary.LittleEndian.Uint32(zl)) != len(zl) || zl[len(zl)-1] != 0xff {
		return corrupt("ziplist header")
	}
	var num [20]byte
	end := len(zl) - 1
	for p := 10; p < end; {
		if zl[p] == 0xfe { // the previous length takes 5 bytes
			p += 5
		} else {
			p++
		}
		if p >= end {
			return corrupt("ziplist entry overflows")
		}
		b := zl[p]
		var hdr, n int
		isInt := false
		switch b >> 6 {
		case 0:
			hdr, n = 1, int(b&0x3f)
		case 1:
			if p+2 > end {
				return corrupt("ziplist entry overflows")
			}
			hdr, n = 2, int(b&0x3f)<<8|int(zl[p+1])
		case 2:
			if p+5 > end {
				return corrupt("ziplist entry overflows")
			}
			hdr, n = 5, int(binary.BigEndian.Uint32(zl[p+1:]))
		default:
			isInt = true
			hdr = 1
			switch {
			case b == 0xc0:
				n = 2
			case b == 0xd0:
				n = 4
			case b == 0xe0:
				n = 8
			case b == 0xf0:
				n = 3
			case b == 0xfe:
				n = 1
			case b >= 0xf1 && b <= 0xfd:
				n = 0
			default:
				return corrupt("ziplist encoding %#x", b)
			}
		}
		if n < 0 || p+hdr+n > end {
			return corrupt("ziplist entry overflows")
		}
		data := zl[p+hdr : p+hdr+n]
		var v []byte
		switch {
		case !isInt:
			v = data
		case n == 0:
			v = strconv.AppendInt(num[:0], int64(b&0x0f)-1, 10)
		default:
			var u uint64
			for i := n - 1; i >= 0; i-- {
				u = u<<8 | uint64(data[i])
			}
			shift := 64 - 8*uint(n)
			v = strconv.AppendInt(num[:0], int64(u<<shift)>>shift, 10)
		}
		if err := fn(v); err != nil {
			return err
		}
		p += hdr + n
	}
	return nil
}

// Intset walks an intset: the width of its integers (2, 4 or 8 bytes), their
// count, and the integers in ascending order, little-endian.
func Intset(is []byte, fn func(v int64) error) error {
	if len(is) < 8 {
		return corrupt("intset header")
	}
	width := int(binary.LittleEndian.Uint32(is))
	n := int(binary.LittleEndian.Uint32(is[4:]))
	if width != 2 && width != 4 && width != 8 || n < 0 || len(is) != 8+width*n {
		return corrupt("intset size")
	}
	for i := 0; i < n; i++ {
		b := is[8+i*width:]
		var v int64
		switch width {
		case 2:
			v = int64(int16(binary.LittleEndian.Uint16(b)))
		case 4:
			v = int64(int32(binary.LittleEndian.Uint32(b)))
		default:
			v = int64(binary.LittleEndian.Uint64(b))
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}
