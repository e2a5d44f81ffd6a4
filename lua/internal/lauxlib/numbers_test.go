package lauxlib_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"testing"

	"luakv/internal/redistest"
	"luakv/lua/internal/lauxlib"
)

func TestStrToNumber(t *testing.T) {
	// Bits as Redis's Lua computes them (struct.pack('>d', s)); "" when the
	// string is not a number.
	tests := []struct {
		in   string
		bits string
	}{
		{" 0x10 ", "4030000000000000"},
		{"1e", ""},
		{"0x", ""},
		{"inf", "7ff0000000000000"},
		{"nan", "7ff8000000000000"},
		{"-nan", "fff8000000000000"},
		{"infinity", "7ff0000000000000"},
		{"INFinit", ""},
		{"  12  \n", "4028000000000000"},
		{"1\x00x", "3ff0000000000000"},
		{"\v1", "3ff0000000000000"},
		{"0x1p4", "4030000000000000"},
		{"0x.8", "3fe0000000000000"},
		{"nan(123)", "7ff800000000007b"},
		{"-nan(0x5)", "fff8000000000005"},
		{"nan(abc", ""},
		{"nan()", "7ff8000000000000"},
		{"1e5000", "7ff0000000000000"},
		{"-0", "8000000000000000"},
		{".5", "3fe0000000000000"},
		{"5.", "4014000000000000"},
		{".", ""},
		{"+.5e-3", "3f40624dd2f1a9fc"},
		{"0x1P-1074", "0000000000000001"},
		{"1e-400", "0000000000000000"},
		{"1e+", ""},
		{"0x1p", ""},
		{"0xg", ""},
		{"1 x", ""},
		{"0x1.8p1 ", "4008000000000000"},
		{"", ""},
		{" ", ""},
		{"--1", ""},
	}
	for _, tc := range tests {
		f, ok := lauxlib.StrToNumber(tc.in)
		got := ""
		if ok {
			got = fmt.Sprintf("%016x", math.Float64bits(f))
		}
		if got != tc.bits {
			t.Errorf("StrToNumber(%q) = %q, want %q", tc.in, got, tc.bits)
		}
	}
}

func TestNumberToString(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "-0"},
		{1, "1"},
		{0.1, "0.1"},
		{1.0 / 3, "0.33333333333333"},
		{1e15, "1e+15"},
		{123456789012345, "1.2345678901234e+14"},
		{12345678901234, "12345678901234"},
		{1e-5, "1e-05"},
		{1e300, "1e+300"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.NaN(), "nan"},
		{math.Float64frombits(0xfff8000000000000), "-nan"},
	}
	for _, tc := range tests {
		if got := lauxlib.NumberToString(tc.in); got != tc.want {
			t.Errorf("NumberToString(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestConversions(t *testing.T) {
	nan := math.NaN()
	inf := math.Inf(1)
	i64 := []struct {
		in   float64
		want int64
	}{
		{1.9, 1}, {-1.9, -1}, {nan, math.MinInt64}, {inf, math.MinInt64}, {-inf, math.MinInt64},
		{1 << 63, math.MinInt64}, {-(1 << 63), math.MinInt64}, {1<<63 - 1024, 1<<63 - 1024},
	}
	for _, tc := range i64 {
		if got := lauxlib.DoubleToInt64(tc.in); got != tc.want {
			t.Errorf("DoubleToInt64(%v) = %d, want %d", tc.in, got, tc.want)
		}
	}
	// What gcc's code gives (checked through struct.pack('<L', x) in Redis).
	u64 := []struct {
		in   float64
		want uint64
	}{
		{1 << 64, 0}, {inf, 0}, {nan, 1 << 63}, {1.5 * (1 << 63), 0xc000000000000000},
		{-1, math.MaxUint64}, {-1e300, 1 << 63}, {1 << 63, 1 << 63},
	}
	for _, tc := range u64 {
		if got := lauxlib.DoubleToUint64(tc.in); got != tc.want {
			t.Errorf("DoubleToUint64(%v) = %#x, want %#x", tc.in, got, tc.want)
		}
	}
	i32 := []struct {
		in   float64
		want int32
	}{
		{2147483647.9, math.MaxInt32}, {-2147483648.9, math.MinInt32}, {1 << 31, math.MinInt32}, {nan, math.MinInt32}, {-7.5, -7},
	}
	for _, tc := range i32 {
		if got := lauxlib.DoubleToInt32(tc.in); got != tc.want {
			t.Errorf("DoubleToInt32(%v) = %d, want %d", tc.in, got, tc.want)
		}
	}
	if got := math.Float64bits(lauxlib.Float32To64(0xffc00001)); got != 0xfff8000020000000 {
		t.Errorf("Float32To64(0xffc00001) = %#x", got)
	}
	if got := math.Float64bits(lauxlib.Float32To64(0x7f800001)); got != 0x7ff8000020000000 {
		t.Errorf("Float32To64(signalling NaN) = %#x", got)
	}
	if got := lauxlib.Float64To32(math.Float64frombits(0xfff8000020000005)); got != 0xffc00001 {
		t.Errorf("Float64To32(NaN) = %#x", got)
	}
	if got := lauxlib.Float64To32(1 + 1.0/(1<<24)); got != math.Float32bits(1) {
		t.Errorf("Float64To32 rounding = %#x", got)
	}
}

func TestChunkID(t *testing.T) {
	long := "0123456789012345678901234567890123456789012345678901234567890123456789"
	tests := []struct{ in, want string }{
		{"@user_script", "user_script"},
		{"=stdin", "stdin"},
		{"=" + long, long[:59]},
		{"@" + long, "..." + long[len(long)-52:]},
		{"return 1", `[string "return 1"]`},
		{"x = 1\ny = 2", `[string "x = 1..."]`},
		{long, `[string "` + long[:43] + `..."]`},
	}
	for _, tc := range tests {
		if got := lauxlib.ChunkID(tc.in); got != tc.want {
			t.Errorf("ChunkID(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// numericStrings returns strings near and inside C's number syntax.
func numericStrings(r *rand.Rand, n int) []string {
	alphabet := "0123456789.eEpPxX+- \t\n\vinfatyINFATY()_abcdef\x00"
	var out []string
	for len(out) < n {
		switch r.Intn(4) {
		case 0:
			b := make([]byte, 1+r.Intn(12))
			for i := range b {
				b[i] = alphabet[r.Intn(len(alphabet))]
			}
			out = append(out, string(b))
		case 1:
			f := math.Float64frombits(r.Uint64())
			out = append(out, strconv.FormatFloat(f, "gex"[r.Intn(3)], r.Intn(20)-1, 64))
		case 2:
			f := r.NormFloat64() * math.Pow(10, float64(r.Intn(40)-20))
			out = append(out, " "+strconv.FormatFloat(f, 'g', -1, 64)+"  ")
		default:
			out = append(out, fmt.Sprintf("0x%x%s", r.Uint64()>>r.Intn(64), []string{"", "p3", ".8p-2", "P+1", ".", "p"}[r.Intn(6)]))
		}
	}
	return out
}

// TestStrToNumberRedis compares StrToNumber and NumberToString with Redis's
// tonumber and tostring on many strings.
func TestStrToNumberRedis(t *testing.T) {
	srv := redistest.StartRedis(t)
	c := srv.MustDial(t)
	const script = `local v = tonumber(ARGV[1]) if v == nil then return 'nil' end return struct.pack('>d', v) .. tostring(v)`
	ins := numericStrings(rand.New(rand.NewSource(1)), 3000)
	for start := 0; start < len(ins); start += 500 {
		batch := ins[start:min(start+500, len(ins))]
		for _, in := range batch {
			if err := c.Send("EVAL", script, "0", in); err != nil {
				t.Fatal(err)
			}
		}
		for _, in := range batch {
			r, err := c.Read()
			if err != nil {
				t.Fatal(err)
			}
			want := string(r)
			got := "$3\r\nnil\r\n"
			if f, ok := lauxlib.StrToNumber(in); ok {
				s := lauxlib.NumberToString(f)
				b := binary.BigEndian.AppendUint64(nil, math.Float64bits(f))
				got = fmt.Sprintf("$%d\r\n%s%s\r\n", 8+len(s), b, s)
			}
			if got != want {
				t.Errorf("%q: redis %q, luakv %q", in, want, got)
			}
		}
	}
}
