package cmsgpack_test

import (
	"encoding/binary"
	"math"
	"math/rand"
	"strconv"
	"testing"

	"luakv/lua/lib/internal/libtest"
)

// gen writes random msgpack values, in every form lua-cmsgpack 0.4 reads
// (including non-canonical integer and string forms).
type gen struct {
	r *rand.Rand
	// multiKeyMaps allows maps with more than one key, whose packing order
	// is the table's iteration order.
	multiKeyMaps bool
	// nilElems allows nil array elements (holes change # and the choice
	// between array and map when packing again).
	nilElems bool
}

func (g *gen) value(b []byte, depth int) []byte {
	r := g.r
	kind := r.Intn(12)
	if depth > 4 && kind >= 9 {
		kind = r.Intn(9)
	}
	switch kind {
	case 0: // fixints
		if r.Intn(2) == 0 {
			return append(b, byte(r.Intn(128)))
		}
		return append(b, byte(0xe0+r.Intn(32)))
	case 1:
		forms := []byte{0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3}
		f := forms[r.Intn(len(forms))]
		size := map[byte]int{0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8}[f]
		b = append(b, f)
		for i := 0; i < size; i++ {
			b = append(b, byte(r.Intn(256)))
		}
		return b
	case 2:
		b = append(b, 0xca)
		return binary.BigEndian.AppendUint32(b, math.Float32bits(float32(r.NormFloat64()*math.Pow(10, float64(r.Intn(20)-10)))))
	case 3:
		b = append(b, 0xcb)
		specials := []uint64{0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000001, 0x8000000000000000, 1}
		if r.Intn(4) == 0 {
			return binary.BigEndian.AppendUint64(b, specials[r.Intn(len(specials))])
		}
		return binary.BigEndian.AppendUint64(b, math.Float64bits(r.NormFloat64()*math.Pow(2, float64(r.Intn(200)-100))))
	case 4:
		return append(b, []byte{0xc0, 0xc2, 0xc3}[r.Intn(3)])
	case 5, 6:
		s := make([]byte, r.Intn(40))
		for i := range s {
			s[i] = byte(r.Intn(256))
		}
		switch r.Intn(4) {
		case 0:
			if len(s) < 32 {
				b = append(b, 0xa0|byte(len(s)))
				break
			}
			fallthrough
		case 1:
			b = append(b, 0xd9, byte(len(s)))
		case 2:
			b = binary.BigEndian.AppendUint16(append(b, 0xda), uint16(len(s)))
		default:
			b = binary.BigEndian.AppendUint32(append(b, 0xdb), uint32(len(s)))
		}
		return append(b, s...)
	case 7, 8:
		return append(b, byte(r.Intn(128)))
	case 9, 10: // array
		n := r.Intn(6)
		b = g.header(b, 0x90, 0xdc, n)
		for i := 0; i < n; i++ {
			start := len(b)
			b = g.value(b, depth+1)
			if !g.nilElems && b[start] == 0xc0 {
				b[start] = 0xc3
			}
		}
		return b
	default: // map
		n := r.Intn(2)
		if g.multiKeyMaps {
			n = r.Intn(6)
		}
		b = g.header(b, 0x80, 0xde, n)
		for i := 0; i < n; i++ {
			b = g.key(b)
			b = g.value(b, depth+1)
		}
		return b
	}
}

// key writes a map key: strings and numbers (some integral, so a map may
// look like an array once decoded), rarely anything else.
func (g *gen) key(b []byte) []byte {
	switch g.r.Intn(4) {
	case 0:
		return append(b, byte(1+g.r.Intn(5)))
	case 1:
		return append(b, 0xa1, byte('a'+g.r.Intn(26)))
	case 2:
		return strconv.AppendInt(append(b, 0xa3), int64(100+g.r.Intn(900)), 10)
	}
	return g.value(b, 5)
}

func (g *gen) header(b []byte, fix, big byte, n int) []byte {
	switch g.r.Intn(3) {
	case 0:
		return append(b, fix|byte(n))
	case 1:
		return binary.BigEndian.AppendUint16(append(b, big), uint16(n))
	}
	return binary.BigEndian.AppendUint32(append(b, big+1), uint32(n))
}

// corrupt truncates, flips or inserts bytes, including the forms 0.4
// rejects.
func corrupt(r *rand.Rand, b []byte) []byte {
	if len(b) == 0 {
		return []byte{0xc1}
	}
	b = append([]byte(nil), b...)
	switch r.Intn(3) {
	case 0:
		return b[:r.Intn(len(b))]
	case 1:
		b[r.Intn(len(b))] = byte(r.Intn(256))
		return b
	}
	bad := []byte{0xc1, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8}
	i := r.Intn(len(b) + 1)
	return append(b[:i], append([]byte{bad[r.Intn(len(bad))]}, b[i:]...)...)
}

// TestDiffRandomUnpack unpacks random valid and corrupted inputs with
// unpack, unpack_one and unpack_limit in redis-server and locally.
func TestDiffRandomUnpack(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	g := &gen{r: r, multiKeyMaps: true, nilElems: true}
	var argvs [][]string
	for i := 0; i < 600; i++ {
		var b []byte
		for n := 1 + r.Intn(3); n > 0; n-- {
			b = g.value(b, 0)
		}
		if i%3 == 0 {
			b = corrupt(r, b)
		}
		limit := strconv.Itoa(r.Intn(4) - 1)
		offset := strconv.Itoa(r.Intn(len(b)+2) - 1)
		argvs = append(argvs, []string{string(b), limit, offset})
	}
	const src = `local s, lim, off = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]) ` +
		`return p(pcall(cmsgpack.unpack, s)) .. ' / ' .. p(pcall(cmsgpack.unpack_one, s, off)) .. ' / ' .. p(pcall(cmsgpack.unpack_limit, s, lim, off))`
	libtest.DiffArgs(t, src, argvs, globals...)
}

// TestDiffRandomRepack packs what random valid inputs decode to (maps of
// at most one key and arrays without holes, whose packing does not depend
// on table internals).
func TestDiffRandomRepack(t *testing.T) {
	r := rand.New(rand.NewSource(8))
	g := &gen{r: r}
	var argvs [][]string
	for i := 0; i < 400; i++ {
		argvs = append(argvs, []string{string(g.value(nil, 0))})
	}
	const src = `return p(pcall(function() return hex(cmsgpack.pack(cmsgpack.unpack(ARGV[1]))) end))`
	libtest.DiffArgs(t, src, argvs, globals...)
}
