package engine

import (
	"encoding/binary"
	"math/bits"
)

// Bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP. BITFIELD is
// in bitfield.go. Bit 0 is the most significant bit of the first byte.

// bitOffset parses a bit offset argument as Redis does for SETBIT, GETBIT
// and BITFIELD: a non-negative integer whose byte lies below
// proto-max-bulk-len. With hash and bits > 0, "#N" means N*bits (the
// multiplication wraps as in C, and a wrapped negative is refused).
func bitOffset(c *Ctx, arg []byte, hash bool, bits int) (uint64, bool) {
	useHash := hash && bits > 0 && len(arg) > 0 && arg[0] == '#'
	if useHash {
		arg = arg[1:]
	}
	v, ok := parseInt(arg)
	if ok && useHash {
		v *= int64(bits)
	}
	if !ok || v < 0 || v>>3 >= c.E.Config.ProtoMaxBulkLen {
		c.Err(ErrBitOffset)
		return 0, false
	}
	return uint64(v), true
}

// SETBIT key offset value: replies the bit's previous value.
func cmdSetbit(c *Ctx) {
	off, ok := bitOffset(c, c.Args[2], false, 0)
	if !ok {
		return
	}
	on, ok := parseInt(c.Args[3])
	if !ok || on&^1 != 0 {
		c.Err(ErrBitValue)
		return
	}
	en, r, grown, created := c.stringForBits(off)
	if en == nil {
		return
	}
	i, shift := off>>3, 7-off&7
	old := int64(r.B[i]>>shift) & 1
	if grown || old != on {
		r.B[i] = r.B[i]&^(1<<shift) | byte(on)<<shift
		if !created {
			c.DB.Modified(en)
		}
		c.E.Notify(c.DB, NotifyString, "setbit", c.Args[1])
	}
	c.WriteInt(old)
}

// GETBIT key offset
func cmdGetbit(c *Ctx) {
	off, ok := bitOffset(c, c.Args[2], false, 0)
	if !ok {
		return
	}
	en, ok := c.lookupReadString(c.Args[1])
	if !ok {
		return
	}
	var bit int64
	if en != nil {
		s := en.StringBytes()
		if i := off >> 3; i < uint64(len(s)) {
			bit = int64(s[i]>>(7-off&7)) & 1
		}
	}
	c.WriteInt(bit)
}

// popcount counts the set bits of p.
func popcount(p []byte) int64 {
	var n int
	for len(p) >= 8 {
		n += bits.OnesCount64(binary.LittleEndian.Uint64(p))
		p = p[8:]
	}
	for _, b := range p {
		n += bits.OnesCount8(b)
	}
	return int64(n)
}

// bitRange resolves BITCOUNT/BITPOS start and end (inclusive, negative from
// the end) over a string of n bytes, in bytes or (isBit) bits. For bit
// ranges it converts to bytes and returns masks of the bits of the first
// and last byte that lie outside the range. empty reports start > end.
func bitRange(start, end, n int64, isBit bool) (s, e int64, firstMask, lastMask byte, empty bool) {
	total := n
	if isBit {
		total <<= 3
	}
	if start < 0 {
		start += total
	}
	if end < 0 {
		end += total
	}
	start, end = max(start, 0), max(end, 0)
	if end >= total {
		end = total - 1
	}
	if isBit && start <= end {
		firstMask = ^byte(0xff >> (start & 7))
		lastMask = byte(1<<(7-end&7)) - 1
		start >>= 3
		end >>= 3
	}
	return start, end, firstMask, lastMask, start > end
}

// BITCOUNT key [start end [BYTE|BIT]]
func cmdBitcount(c *Ctx) {
	en, ok := c.lookupReadString(c.Args[1])
	if !ok {
		return
	}
	if en == nil {
		c.WriteInt(0)
		return
	}
	p := en.StringBytes()
	var start, end int64
	var firstMask, lastMask byte
	switch len(c.Args) {
	case 2:
		start, end = 0, int64(len(p))-1
	case 4, 5:
		if start, ok = parseInt(c.Args[2]); !ok {
			c.Err(ErrNotInteger)
			return
		}
		if end, ok = parseInt(c.Args[3]); !ok {
			c.Err(ErrNotInteger)
			return
		}
		if start < 0 && end < 0 && start > end {
			c.WriteInt(0)
			return
		}
		isBit := false
		if len(c.Args) == 5 {
			switch {
			case strOpt(c.Args[4], "bit"):
				isBit = true
			case strOpt(c.Args[4], "byte"):
			default:
				c.Err(ErrSyntax)
				return
			}
		}
		start, end, firstMask, lastMask, _ = bitRange(start, end, int64(len(p)), isBit)
	default:
		c.Err(ErrSyntax)
		return
	}
	if start > end {
		c.WriteInt(0)
		return
	}
	n := popcount(p[start : end+1])
	n -= int64(bits.OnesCount8(p[start]&firstMask) + bits.OnesCount8(p[end]&lastMask))
	c.WriteInt(n)
}

// bitpos returns the position of the first bit equal to bit in p. When
// there is none it returns -1 when looking for a 1, and the bit just past p
// when looking for a 0 (the string reads as zero-padded on the right).
func bitpos(p []byte, bit int64) int64 {
	skip := byte(0)
	if bit == 0 {
		skip = 0xff
	}
	for i, b := range p {
		if b != skip {
			if bit == 0 {
				b = ^b
			}
			return int64(i)*8 + int64(bits.LeadingZeros8(b))
		}
	}
	if bit == 1 {
		return -1
	}
	return int64(len(p)) * 8
}

// BITPOS key bit [start [end [BYTE|BIT]]]
func cmdBitpos(c *Ctx) {
	bit, ok := parseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	if bit != 0 && bit != 1 {
		c.Err(ErrBitArgument)
		return
	}
	en, ok := c.lookupReadString(c.Args[1])
	if !ok {
		return
	}
	if en == nil {
		// A missing key reads as an endless run of zeros.
		if bit == 1 {
			c.WriteInt(-1)
		} else {
			c.WriteInt(0)
		}
		return
	}
	p := en.StringBytes()
	n := int64(len(p))
	var start, end int64
	var firstMask, lastMask byte
	endGiven := false
	switch argc := len(c.Args); {
	case argc == 3:
		start, end = 0, n-1
	case argc <= 6:
		if start, ok = parseInt(c.Args[3]); !ok {
			c.Err(ErrNotInteger)
			return
		}
		isBit := false
		if argc == 6 {
			switch {
			case strOpt(c.Args[5], "bit"):
				isBit = true
			case strOpt(c.Args[5], "byte"):
			default:
				c.Err(ErrSyntax)
				return
			}
		}
		if argc >= 5 {
			if end, ok = parseInt(c.Args[4]); !ok {
				c.Err(ErrNotInteger)
				return
			}
			endGiven = true
		} else {
			end = n - 1
		}
		start, end, firstMask, lastMask, _ = bitRange(start, end, n, isBit)
	default:
		c.Err(ErrSyntax)
		return
	}
	if start > end {
		c.WriteInt(-1) // an empty range holds neither a 0 nor a 1
		return
	}
	c.WriteInt(bitposRange(p, bit, start, end, firstMask, lastMask, endGiven))
}

// bitposRange searches bytes start..end of p for bit, ignoring the bits of
// the first and last byte that the masks mark as outside the range. With an
// explicit end, finding no 0 gives -1 instead of the bit past the range.
func bitposRange(p []byte, bit, start, end int64, firstMask, lastMask byte, endGiven bool) int64 {
	// masked reads byte b with the bits outside the range set to the value
	// the search skips.
	masked := func(b, mask byte) []byte {
		if bit == 1 {
			return []byte{b &^ mask}
		}
		return []byte{b | mask}
	}
	bytes := end - start + 1
	var pos int64
	done := false
	if firstMask != 0 {
		b := masked(p[start], firstMask)
		if lastMask != 0 && bytes == 1 {
			b = masked(b[0], lastMask)
		}
		pos = bitpos(b, bit)
		if bytes == 1 || (pos != -1 && pos != 8) {
			done = true
		} else {
			start++
			bytes--
		}
	}
	if !done {
		cur := bytes
		if lastMask != 0 {
			cur--
		}
		if cur > 0 {
			pos = bitpos(p[start:start+cur], bit)
			if bytes == cur || (pos != -1 && pos != cur*8) {
				done = true
			} else {
				start += cur
				bytes -= cur
			}
		}
	}
	if !done {
		pos = bitpos(masked(p[end], lastMask), bit)
	}
	if endGiven && bit == 0 && pos == bytes*8 {
		return -1
	}
	if pos != -1 {
		pos += start * 8
	}
	return pos
}

// BITOP AND|OR|XOR|NOT destkey key [key ...]: stores the result (missing
// sources read as empty, shorter ones as zero-padded) and replies its
// length; an empty result deletes destkey.
func cmdBitop(c *Ctx) {
	const (
		opAnd = iota
		opOr
		opXor
		opNot
	)
	var op int
	switch name := c.Args[1]; {
	case strOpt(name, "and"):
		op = opAnd
	case strOpt(name, "or"):
		op = opOr
	case strOpt(name, "xor"):
		op = opXor
	case strOpt(name, "not"):
		op = opNot
	default:
		c.Err(ErrSyntax)
		return
	}
	if op == opNot && len(c.Args) != 4 {
		c.Err(ErrBitopNotSingle)
		return
	}
	keys := c.Args[3:]
	srcs := make([][]byte, len(keys))
	maxLen := 0
	for i, key := range keys {
		en, ok := c.lookupReadString(key)
		if !ok {
			return
		}
		if en != nil {
			srcs[i] = en.StringBytes()
			maxLen = max(maxLen, len(srcs[i]))
		}
	}
	dest := c.Args[2]
	if maxLen == 0 {
		if c.DB.Delete(dest) {
			c.E.Notify(c.DB, NotifyGeneric, "del", dest)
		}
		c.WriteInt(0)
		return
	}
	res := make([]byte, maxLen)
	copy(res, srcs[0]) // zero-padded
	switch op {
	case opNot:
		for i := range res {
			res[i] = ^res[i]
		}
	case opAnd:
		for _, s := range srcs[1:] {
			n := len(s)
			for i := 0; i < n; i++ {
				res[i] &= s[i]
			}
			clear(res[n:])
		}
	case opOr:
		for _, s := range srcs[1:] {
			for i, b := range s {
				res[i] |= b
			}
		}
	case opXor:
		for _, s := range srcs[1:] {
			for i, b := range s {
				res[i] ^= b
			}
		}
	}
	c.DB.SetObject(dest, &RawString{B: res}, false)
	c.E.Notify(c.DB, NotifyString, "set", dest)
	c.WriteInt(int64(maxLen))
}
