package rdb

import (
	"encoding/binary"
	"strconv"
)

// ListpackBuilder builds a listpack as Redis's lpAppend and
// lpAppendInteger do, for the values Redis stores as raw listpacks in the
// file (stream nodes).
type ListpackBuilder struct {
	b     []byte
	count int
}

// NewListpack starts an empty listpack.
func NewListpack() *ListpackBuilder {
	return &ListpackBuilder{b: make([]byte, 6, 64)}
}

// AppendInt appends an integer element in its smallest encoding.
func (lp *ListpackBuilder) AppendInt(v int64) {
	start := len(lp.b)
	switch {
	case v >= 0 && v <= 127:
		lp.b = append(lp.b, byte(v))
	case v >= -4096 && v <= 4095:
		u := uint16(v) & 0x1fff
		lp.b = append(lp.b, 0xc0|byte(u>>8), byte(u))
	case v >= -1<<15 && v < 1<<15:
		lp.b = append(lp.b, 0xf1)
		lp.b = binary.LittleEndian.AppendUint16(lp.b, uint16(v))
	case v >= -1<<23 && v < 1<<23:
		u := uint32(v)
		lp.b = append(lp.b, 0xf2, byte(u), byte(u>>8), byte(u>>16))
	case v >= -1<<31 && v < 1<<31:
		lp.b = append(lp.b, 0xf3)
		lp.b = binary.LittleEndian.AppendUint32(lp.b, uint32(v))
	default:
		lp.b = append(lp.b, 0xf4)
		lp.b = binary.LittleEndian.AppendUint64(lp.b, uint64(v))
	}
	lp.backlen(len(lp.b) - start)
}

// AppendString appends s: as an integer when it is one's canonical
// decimal form (as lpAppend stores such strings), else as a string.
func (lp *ListpackBuilder) AppendString(s []byte) {
	if len(s) > 0 && len(s) <= 20 {
		if v, err := strconv.ParseInt(string(s), 10, 64); err == nil && strconv.FormatInt(v, 10) == string(s) {
			lp.AppendInt(v)
			return
		}
	}
	start := len(lp.b)
	n := len(s)
	switch {
	case n < 64:
		lp.b = append(lp.b, 0x80|byte(n))
	case n < 4096:
		lp.b = append(lp.b, 0xe0|byte(n>>8), byte(n))
	default:
		lp.b = append(lp.b, 0xf0)
		lp.b = binary.LittleEndian.AppendUint32(lp.b, uint32(n))
	}
	lp.b = append(lp.b, s...)
	lp.backlen(len(lp.b) - start)
}

// backlen appends the length l of the element just written, stored to be
// read backwards (lpEncodeBacklen).
func (lp *ListpackBuilder) backlen(l int) {
	switch BacklenSize(l) {
	case 1:
		lp.b = append(lp.b, byte(l))
	case 2:
		lp.b = append(lp.b, byte(l>>7), byte(l&127)|128)
	case 3:
		lp.b = append(lp.b, byte(l>>14), byte((l>>7)&127)|128, byte(l&127)|128)
	case 4:
		lp.b = append(lp.b, byte(l>>21), byte((l>>14)&127)|128, byte((l>>7)&127)|128, byte(l&127)|128)
	default:
		lp.b = append(lp.b, byte(l>>28), byte((l>>21)&127)|128, byte((l>>14)&127)|128, byte((l>>7)&127)|128, byte(l&127)|128)
	}
	lp.count++
}

// Bytes ends the listpack and returns it; the builder is done.
func (lp *ListpackBuilder) Bytes() []byte {
	lp.b = append(lp.b, 0xff)
	binary.LittleEndian.PutUint32(lp.b, uint32(len(lp.b)))
	n := lp.count
	if n > 65535 {
		n = 65535 // the count is unknown and must be walked
	}
	binary.LittleEndian.PutUint16(lp.b[4:], uint16(n))
	return lp.b
}
