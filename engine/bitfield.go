package engine

import "math"

// BITFIELD and BITFIELD_RO: integers of 1..64 bits (unsigned up to 63,
// because replies are signed 64-bit) at arbitrary bit offsets of a string.

// Overflow behaviours of BITFIELD SET and INCRBY.
const (
	bfWrap = iota
	bfSat
	bfFail
)

// Operations of BITFIELD.
const (
	bfGet = iota
	bfSet
	bfIncrby
)

type bitfieldOp struct {
	offset uint64
	value  int64 // SET value or INCRBY increment
	op     uint8
	ow     uint8
	bits   uint8
	signed bool
}

// bitfieldType parses "i<bits>" (1..64) or "u<bits>" (1..63). The letter is
// case-sensitive, and the number is read up to a NUL byte, as in Redis.
func bitfieldType(arg []byte) (signed bool, nbits int, ok bool) {
	if len(arg) == 0 || (arg[0] != 'i' && arg[0] != 'u') {
		return false, 0, false
	}
	signed = arg[0] == 'i'
	num := arg[1:]
	for i, ch := range num {
		if ch == 0 {
			num = num[:i]
			break
		}
	}
	n, ok := parseInt(num)
	if !ok || n < 1 || (signed && n > 64) || (!signed && n > 63) {
		return false, 0, false
	}
	return signed, int(n), true
}

// bfGetBits reads a bits-wide big-endian unsigned field at bit offset off of
// p; bytes past the end of p read as zero.
func bfGetBits(p []byte, off uint64, bits int) uint64 {
	var v uint64
	for j := 0; j < bits; j++ {
		var bit uint64
		if i := off >> 3; i < uint64(len(p)) {
			bit = uint64(p[i]>>(7-off&7)) & 1
		}
		v = v<<1 | bit
		off++
	}
	return v
}

// bfSetBits writes the low bits of v at bit offset off of p, which is long
// enough.
func bfSetBits(p []byte, off uint64, bits int, v uint64) {
	for j := 0; j < bits; j++ {
		bit := byte(v>>(bits-1-j)) & 1
		i, shift := off>>3, 7-off&7
		p[i] = p[i]&^(1<<shift) | bit<<shift
		off++
	}
}

// bfGetSignedBits reads a two's complement field.
func bfGetSignedBits(p []byte, off uint64, bits int) int64 {
	v := bfGetBits(p, off, bits)
	if bits < 64 && v&(1<<(bits-1)) != 0 {
		v |= math.MaxUint64 << bits
	}
	return int64(v)
}

// bfUnsignedOverflow checks value+incr against a bits-wide unsigned field. It
// reports the direction of an overflow (0 for none) and the value to store
// under WRAP or SAT.
func bfUnsignedOverflow(value uint64, incr int64, bits int, ow uint8) (int, uint64) {
	maxV := uint64(1)<<bits - 1
	maxIncr := int64(maxV - value)
	minIncr := -int64(value)
	wrapped := (value + uint64(incr)) &^ (math.MaxUint64 << bits)
	switch {
	case value > maxV || (incr > 0 && incr > maxIncr):
		if ow == bfSat {
			return 1, maxV
		}
		return 1, wrapped
	case incr < 0 && incr < minIncr:
		if ow == bfSat {
			return -1, 0
		}
		return -1, wrapped
	}
	return 0, 0
}

// bfSignedOverflow is bfUnsignedOverflow for a two's complement field.
func bfSignedOverflow(value, incr int64, bits int, ow uint8) (int, int64) {
	maxV := int64(math.MaxInt64)
	if bits < 64 {
		maxV = 1<<(bits-1) - 1
	}
	minV := -maxV - 1
	maxIncr := int64(uint64(maxV) - uint64(value)) // may wrap; used only when it can't
	minIncr := minV - value
	wrap := func() int64 {
		v := uint64(value) + uint64(incr)
		if bits < 64 {
			mask := uint64(math.MaxUint64) << bits
			if v&(1<<(bits-1)) != 0 {
				v |= mask
			} else {
				v &^= mask
			}
		}
		return int64(v)
	}
	switch {
	case value > maxV || (bits != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr):
		if ow == bfSat {
			return 1, maxV
		}
		return 1, wrap()
	case value < minV || (bits != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr):
		if ow == bfSat {
			return -1, minV
		}
		return -1, wrap()
	}
	return 0, 0
}

// BITFIELD key [GET type offset] [SET type offset value]
// [INCRBY type offset increment] [OVERFLOW WRAP|SAT|FAIL] ...
func cmdBitfield(c *Ctx) { bitfieldGeneric(c, false) }

// BITFIELD_RO key [GET type offset ...]
func cmdBitfieldRO(c *Ctx) { bitfieldGeneric(c, true) }

func bitfieldGeneric(c *Ctx, readOnlyCmd bool) {
	var stack [8]bitfieldOp
	ops := stack[:0]
	ow := uint8(bfWrap)
	readOnly := true
	var highest uint64 // highest bit a write reaches
	args := c.Args
	for j := 2; j < len(args); j++ {
		remaining := len(args) - j - 1
		var op uint8
		switch name := args[j]; {
		case strOpt(name, "get") && remaining >= 2:
			op = bfGet
		case strOpt(name, "set") && remaining >= 3:
			op = bfSet
		case strOpt(name, "incrby") && remaining >= 3:
			op = bfIncrby
		case strOpt(name, "overflow") && remaining >= 1:
			j++
			switch kind := args[j]; {
			case strOpt(kind, "wrap"):
				ow = bfWrap
			case strOpt(kind, "sat"):
				ow = bfSat
			case strOpt(kind, "fail"):
				ow = bfFail
			default:
				c.Err(ErrBitfieldOverflow)
				return
			}
			continue
		default:
			c.Err(ErrSyntax)
			return
		}
		signed, nbits, ok := bitfieldType(args[j+1])
		if !ok {
			c.Err(ErrBitfieldType)
			return
		}
		off, ok := bitOffset(c, args[j+2], true, nbits)
		if !ok {
			return
		}
		var value int64
		if op != bfGet {
			readOnly = false
			highest = max(highest, off+uint64(nbits)-1)
			if value, ok = parseInt(args[j+3]); !ok {
				c.Err(ErrNotInteger)
				return
			}
			j++
		}
		ops = append(ops, bitfieldOp{offset: off, value: value, op: op, ow: ow, bits: uint8(nbits), signed: signed})
		j += 2
	}

	var (
		en      *Entry
		r       *RawString
		p       []byte
		grown   bool
		created bool
	)
	if readOnly {
		var ok bool
		if en, ok = c.lookupReadString(c.Args[1]); !ok {
			return
		}
		if en != nil {
			p = en.StringBytes()
		}
	} else {
		if readOnlyCmd {
			c.Err(ErrBitfieldROGetOnly)
			return
		}
		if en, r, grown, created = c.stringForBits(highest); en == nil {
			return
		}
		p = r.B
	}

	changes := 0
	c.WriteArray(len(ops))
	for _, o := range ops {
		bits := int(o.bits)
		if o.op == bfGet {
			if o.signed {
				c.WriteInt(bfGetSignedBits(p, o.offset, bits))
			} else {
				c.WriteInt(int64(bfGetBits(p, o.offset, bits)))
			}
			continue
		}
		var oldU, newU uint64
		var reply int64
		var overflow int
		if o.signed {
			old := bfGetSignedBits(p, o.offset, bits)
			var nv, limit int64
			if o.op == bfIncrby {
				overflow, limit = bfSignedOverflow(old, o.value, bits, o.ow)
				nv = old + o.value
				if overflow != 0 {
					nv = limit
				}
				reply = nv
			} else {
				nv = o.value
				if overflow, limit = bfSignedOverflow(nv, 0, bits, o.ow); overflow != 0 {
					nv = limit
				}
				reply = old
			}
			oldU, newU = uint64(old), uint64(nv)
		} else {
			old := bfGetBits(p, o.offset, bits)
			var nv, limit uint64
			if o.op == bfIncrby {
				overflow, limit = bfUnsignedOverflow(old, o.value, bits, o.ow)
				nv = old + uint64(o.value)
				if overflow != 0 {
					nv = limit
				}
				reply = int64(nv)
			} else {
				nv = uint64(o.value)
				if overflow, limit = bfUnsignedOverflow(nv, 0, bits, o.ow); overflow != 0 {
					nv = limit
				}
				reply = int64(old)
			}
			oldU, newU = old, nv
		}
		if overflow != 0 && o.ow == bfFail {
			c.WriteNull()
			continue
		}
		c.WriteInt(reply)
		bfSetBits(p, o.offset, bits, newU)
		if grown || oldU != newU {
			changes++
		}
	}
	if changes > 0 {
		if !created {
			c.DB.Modified(en)
		}
		c.E.Notify(c.DB, NotifyString, "setbit", c.Args[1])
	}
}
