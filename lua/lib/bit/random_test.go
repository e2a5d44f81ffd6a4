package bit_test

import (
	"math"
	"math/rand"
	"strconv"
	"testing"

	"luakv/lua/lib/internal/libtest"
)

// randomArg returns an argument spec: "n<decimal>" for a number (converted
// with tonumber in the script) or "s<text>" for a string the library
// converts itself.
func randomArg(r *rand.Rand) string {
	switch r.Intn(8) {
	case 0:
		return "n" + strconv.Itoa(r.Intn(70)-35)
	case 1:
		return "n" + strconv.FormatInt(int64(r.Uint64()>>r.Intn(64)), 10)
	case 2:
		return "n-" + strconv.FormatInt(int64(r.Uint64()>>(1+r.Intn(63))), 10)
	case 3, 4:
		return "n" + strconv.FormatFloat(r.NormFloat64()*math.Pow(2, float64(r.Intn(80)-10)), 'g', -1, 64)
	case 5:
		return "n" + strconv.FormatFloat(float64(r.Intn(2000)-1000)/4, 'g', -1, 64)
	case 6:
		return "s" + []string{" 0x7fffffff ", "0x1p40", "-1e3", "inf", "nan(7)", "12abc", "", " ", "0x"}[r.Intn(9)]
	}
	return "s" + strconv.FormatFloat(r.NormFloat64()*1e9, 'e', r.Intn(12), 64)
}

// TestDiffRandom runs every function on random arguments.
func TestDiffRandom(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	names := []string{"tobit", "bnot", "band", "bor", "bxor", "lshift", "rshift", "arshift", "rol", "ror", "bswap", "tohex"}
	var argvs [][]string
	for i := 0; i < 800; i++ {
		argv := []string{names[r.Intn(len(names))]}
		for n := r.Intn(4); n > 0; n-- {
			argv = append(argv, randomArg(r))
		}
		argvs = append(argvs, argv)
	}
	const src = `local args = {} for i = 2, #ARGV do local s = ARGV[i] args[i-1] = s:sub(1, 1) == 'n' and tonumber(s:sub(2)) or s:sub(2) end ` +
		`return p(pcall(bit[ARGV[1]], unpack(args, 1, #ARGV - 1)))`
	libtest.DiffArgs(t, src, argvs, globals...)
}
