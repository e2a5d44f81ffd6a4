package cjson

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

func TestAppendG(t *testing.T) {
	// Expected texts are C's printf("%.1g"), "%.3g", "%.14g".
	cases := []struct {
		v    float64
		want [3]string
	}{
		{0, [3]string{"0", "0", "0"}},
		{math.Copysign(0, -1), [3]string{"-0", "-0", "-0"}},
		{1, [3]string{"1", "1", "1"}},
		{-1, [3]string{"-1", "-1", "-1"}},
		{0.1, [3]string{"0.1", "0.1", "0.1"}},
		{1.0 / 3, [3]string{"0.3", "0.333", "0.33333333333333"}},
		{100, [3]string{"1e+02", "100", "100"}},
		{1e14, [3]string{"1e+14", "1e+14", "1e+14"}},
		{1e15, [3]string{"1e+15", "1e+15", "1e+15"}},
		{123456789012345, [3]string{"1e+14", "1.23e+14", "1.2345678901234e+14"}},
		{1 << 53, [3]string{"9e+15", "9.01e+15", "9.007199254741e+15"}},
		{1e-4, [3]string{"0.0001", "0.0001", "0.0001"}},
		{1e-5, [3]string{"1e-05", "1e-05", "1e-05"}},
		{5e-324, [3]string{"5e-324", "4.94e-324", "4.9406564584125e-324"}},
		{math.MaxFloat64, [3]string{"2e+308", "1.8e+308", "1.7976931348623e+308"}},
		{0.5, [3]string{"0.5", "0.5", "0.5"}},
		{2.5, [3]string{"2", "2.5", "2.5"}},
		{1.00000000000015, [3]string{"1", "1", "1.0000000000002"}},
		{9.99999999999995, [3]string{"1e+01", "10", "10"}},
		{999999999999995, [3]string{"1e+15", "1e+15", "1e+15"}},
		{123456, [3]string{"1e+05", "1.23e+05", "123456"}},
		{0.000123456, [3]string{"0.0001", "0.000123", "0.000123456"}},
		{math.Inf(1), [3]string{"inf", "inf", "inf"}},
		{math.Inf(-1), [3]string{"-inf", "-inf", "-inf"}},
		{math.NaN(), [3]string{"nan", "nan", "nan"}},
		{math.Copysign(math.NaN(), -1), [3]string{"-nan", "-nan", "-nan"}},
	}
	for _, c := range cases {
		for i, prec := range []int{1, 3, 14} {
			if got := string(appendG([]byte("x"), c.v, prec)); got != "x"+c.want[i] {
				t.Errorf("%%.%dg of %v = %q, want %q", prec, c.v, got[1:], c.want[i])
			}
		}
	}
}

// TestAppendGMatchesFmt cross-checks finite values with Go's fmt, whose
// %g follows C's rules for finite numbers.
func TestAppendGMatchesFmt(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		var f float64
		switch i % 3 {
		case 0:
			f = math.Float64frombits(r.Uint64())
		case 1:
			f = r.NormFloat64() * math.Pow(10, float64(r.Intn(40)-20))
		default:
			f = float64(r.Int63n(1e17)) / math.Pow(10, float64(r.Intn(20)))
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		prec := 1 + r.Intn(14)
		want := fmt.Sprintf("%.*g", prec, f)
		if got := string(appendG(nil, f, prec)); got != want {
			t.Fatalf("%%.%dg of %v (%#x) = %q, want %q", prec, f, math.Float64bits(f), got, want)
		}
	}
}

func TestStrtod(t *testing.T) {
	negZero := math.Copysign(0, -1)
	cases := []struct {
		in   string
		want float64
		end  int // 0: nothing parsed
	}{
		{"0", 0, 1},
		{"-0", negZero, 2},
		{"12abc", 12, 2},
		{"1.5e3,", 1500, 5},
		{"1e", 1, 1},
		{"1e+", 1, 1},
		{"1E-2]", 0.01, 4},
		{"1.", 1, 2},
		{".5", 0.5, 2},
		{"-.5", -0.5, 3},
		{".", 0, 0},
		{"-", 0, 0},
		{"+", 0, 0},
		{"--1", 0, 0},
		{"+7", 7, 2},
		{"007", 7, 3},
		{"0x10", 16, 4},
		{"0X1f", 31, 4},
		{"-0x10", -16, 5},
		{"0x", 0, 1},
		{"-0x", negZero, 2},
		{"0xg", 0, 1},
		{"0x.8", 0.5, 4},
		{"0x.", 0, 1},
		{"0x1p4", 16, 5},
		{"0x1P-1", 0.5, 6},
		{"0x1p", 1, 3},
		{"0x1.8p1x", 3, 7},
		{"inf", math.Inf(1), 3},
		{"-Infinity", math.Inf(-1), 9},
		{"INFINITx", math.Inf(1), 3},
		{"in", 0, 0},
		{"1e400", math.Inf(1), 5},
		{"-1e400", math.Inf(-1), 6},
		{"1e-400", 0, 6},
		{"-1e-400", negZero, 7},
		{"4.9e-324", 5e-324, 8},
		{"123456789012345678901234567890", 1.2345678901234568e29, 30},
		{"1\x002", 1, 1},
	}
	for _, c := range cases {
		got, end := strtod(c.in, 0)
		if end != c.end || got != c.want || math.Signbit(got) != math.Signbit(c.want) {
			t.Errorf("strtod(%q) = %v, %d; want %v, %d", c.in, got, end, c.want, c.end)
		}
	}
	for _, in := range []string{"nan", "NaN", "-nan", "nan(12_ab)", "nan(", "nan(1"} {
		got, end := strtod(in, 0)
		wantEnd := len(in)
		if in == "nan(" || in == "nan(1" {
			wantEnd = 3
		}
		if !math.IsNaN(got) || end != wantEnd || math.Signbit(got) != (in[0] == '-') {
			t.Errorf("strtod(%q) = %v, %d; want NaN, %d", in, got, end, wantEnd)
		}
	}
	// Parsing starts at the index given.
	if got, end := strtod("[1.5]", 1); got != 1.5 || end != 4 {
		t.Errorf("strtod at 1 = %v, %d", got, end)
	}
}

func TestStr2Number(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"5", 5, true},
		{" 5\t\n", 5, true},
		{"0x0a", 10, true},
		{"5x", 0, false},
		{"", 0, false},
		{" ", 0, false},
		{"1e3", 1000, true},
	}
	for _, c := range cases {
		got, ok := str2number(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("str2number(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
