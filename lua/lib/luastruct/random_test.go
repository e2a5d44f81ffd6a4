package luastruct_test

import (
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"luakv/lua/lib/internal/libtest"
)

// randomFormat returns a format of n options, mostly valid ones.
func randomFormat(r *rand.Rand, n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		switch k := r.Intn(20); {
		case k < 10:
			sb.WriteByte("bBhHlLTfdx"[r.Intn(10)])
		case k < 13:
			sb.WriteByte("iI"[r.Intn(2)])
			if r.Intn(3) > 0 {
				sb.WriteString(strconv.Itoa(r.Intn(18)))
			}
		case k < 15:
			sb.WriteByte("<> "[r.Intn(3)])
		case k == 15:
			sb.WriteByte('!')
			if r.Intn(2) == 0 {
				sb.WriteString(strconv.Itoa(1 << r.Intn(5)))
			}
		case k == 16:
			sb.WriteByte('c')
			if r.Intn(4) > 0 {
				sb.WriteString(strconv.Itoa(r.Intn(6)))
			}
		case k == 17:
			sb.WriteByte('s')
		default:
			sb.WriteByte("z=!7c\x00"[r.Intn(6)])
		}
	}
	return sb.String()
}

func randomBytes(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		if r.Intn(4) == 0 {
			b[i] = 0
		} else {
			b[i] = byte(r.Intn(256))
		}
	}
	return string(b)
}

// randomArg returns a pack argument as a string: numbers of all sizes,
// numeric strings in C's syntax and plain strings.
func randomArg(r *rand.Rand) string {
	switch r.Intn(6) {
	case 0:
		return strconv.Itoa(r.Intn(600) - 300)
	case 1:
		return strconv.FormatFloat(r.NormFloat64()*math.Pow(2, float64(r.Intn(140)-10)), 'g', -1, 64)
	case 2:
		return []string{"inf", "-inf", "nan", "-nan", "0x1p63", "0x1p64", "-0x1p63", "1e300", "-0"}[r.Intn(9)]
	case 3:
		return " 0x" + strconv.FormatUint(r.Uint64()>>r.Intn(64), 16) + " "
	}
	return randomBytes(r, r.Intn(8))
}

// TestDiffRandomUnpack runs struct.unpack and struct.size with random
// formats over random data and offsets.
func TestDiffRandomUnpack(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	var argvs [][]string
	for i := 0; i < 600; i++ {
		f := randomFormat(r, 1+r.Intn(8))
		data := randomBytes(r, r.Intn(60))
		offset := strconv.Itoa(r.Intn(12) - 2)
		argvs = append(argvs, []string{f, data, offset})
	}
	const src = `return p(pcall(struct.unpack, ARGV[1], ARGV[2], tonumber(ARGV[3]))) .. ' / ' .. p(pcall(struct.size, ARGV[1]))`
	libtest.DiffArgs(t, src, argvs, globals...)
}

// TestDiffRandomPack runs struct.pack with random formats and arguments
// and unpacks the result with the same format.
func TestDiffRandomPack(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	var argvs [][]string
	for i := 0; i < 600; i++ {
		argv := []string{randomFormat(r, 1+r.Intn(8))}
		for n := r.Intn(9); n > 0; n-- {
			argv = append(argv, randomArg(r))
		}
		argvs = append(argvs, argv)
	}
	const src = `local ok, s = pcall(struct.pack, ARGV[1], unpack(ARGV, 2)) ` +
		`if not ok then return p(ok, s) end return hex(s) .. ' / ' .. p(pcall(struct.unpack, ARGV[1], s))`
	libtest.DiffArgs(t, src, argvs, globals...)
}
