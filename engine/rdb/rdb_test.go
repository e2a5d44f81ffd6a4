package rdb

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestCRC64MatchesRedis(t *testing.T) {
	// The check value Redis's crc64 test asserts.
	if got := CRC64(0, []byte("123456789")); got != 0xe9c6d914c4b8d9ca {
		t.Fatalf("crc64(123456789) = %#x", got)
	}
	// Extending is the same as one pass.
	if CRC64(CRC64(0, []byte("1234")), []byte("56789")) != 0xe9c6d914c4b8d9ca {
		t.Fatal("crc64 does not extend")
	}
}

func TestLZFRoundTrips(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	inputs := [][]byte{
		[]byte(strings.Repeat("a", 1000)),
		[]byte(strings.Repeat("abcdefgh", 3000)), // distances and matches at their limits
		[]byte("hello hello hello hello hello hello"),
	}
	for i := 0; i < 200; i++ {
		b := make([]byte, r.IntN(20000))
		for j := range b {
			b[j] = byte('a' + r.IntN(1+i%8)) // from incompressible-ish to very repetitive
		}
		inputs = append(inputs, b)
	}
	for _, in := range inputs {
		c := lzfCompress(in)
		if c == nil {
			continue
		}
		if len(c) >= len(in) {
			t.Fatalf("compressed %d bytes into %d", len(in), len(c))
		}
		out, err := lzfDecompress(c, len(in))
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("round trip of %d bytes: %v", len(in), err)
		}
	}
	if lzfCompress([]byte(strings.Repeat("x", 100))) == nil {
		t.Fatal("a run of one byte did not compress")
	}
}

func TestLZFRejectsBadStreams(t *testing.T) {
	for _, c := range [][]byte{
		{0x05, 'a'},       // literal run past the end
		{0x20, 0x00},      // reference before the start
		{0x00, 'a', 0xe0}, // truncated long reference
	} {
		if _, err := lzfDecompress(c, 10); err == nil {
			t.Errorf("%x decompressed", c)
		}
	}
	if _, err := lzfDecompress([]byte{0x00, 'a'}, 2); err == nil {
		t.Error("short output accepted")
	}
}

// roundTrip writes with fn and returns a Reader on the result.
func roundTrip(t *testing.T, compress bool, fn func(w *Writer)) *Reader {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, compress, true)
	fn(w)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestStringsAndLengthsRoundTrip(t *testing.T) {
	strs := []string{"", "0", "-1", "127", "-128", "128", "32767", "-32768", "65536",
		"2147483647", "-2147483648", "2147483648", "007", "+1", "1 ", "-0",
		strings.Repeat("z", 21), strings.Repeat("xy", 5000), "a\x00b"}
	lens := []uint64{0, 63, 64, 16383, 16384, math.MaxUint32, math.MaxUint32 + 1}
	for _, compress := range []bool{false, true} {
		r := roundTrip(t, compress, func(w *Writer) {
			for _, s := range strs {
				w.String([]byte(s))
			}
			for _, n := range lens {
				w.Len(n)
			}
			w.Double(-1.5)
			w.ExpireMs(1700000000123)
		})
		for _, s := range strs {
			got, err := r.String()
			if err != nil || string(got) != s {
				t.Fatalf("compress %v: string %q read back as %q, %v", compress, s, got, err)
			}
		}
		for _, n := range lens {
			if got, err := r.Len(); err != nil || got != n {
				t.Fatalf("length %d read back as %d, %v", n, got, err)
			}
		}
		if f, err := r.Double(); err != nil || f != -1.5 {
			t.Fatalf("double: %v %v", f, err)
		}
		if b, _ := r.Byte(); b != OpExpireTimeMs {
			t.Fatalf("opcode %d", b)
		}
		if ms, err := r.Millis(); err != nil || ms != 1700000000123 {
			t.Fatalf("millis: %v %v", ms, err)
		}
		if b, err := r.Byte(); err != nil || b != OpEOF {
			t.Fatalf("EOF: %v %v", b, err)
		}
		if err := r.Checksum(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestIntegerStringsUseIntegerEncodings(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, true, true)
	w.String([]byte("-2"))
	w.String([]byte("300"))
	w.String([]byte("100000"))
	w.Close()
	want := "REDIS0010\xc0\xfe\xc1\x2c\x01\xc2\xa0\x86\x01\x00\xff"
	if got := buf.String()[:len(want)]; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
}

func TestReaderRejectsCorruptStreams(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, false, true)
	w.String([]byte("hello"))
	w.Close()
	good := buf.Bytes()

	flipped := bytes.Clone(good)
	flipped[10]++ // inside "hello"
	r, _ := NewReader(bytes.NewReader(flipped))
	r.String()
	r.Byte()
	if err := r.Checksum(); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("flipped byte: %v", err)
	}
	for _, in := range [][]byte{[]byte("REDIX0010"), []byte("REDIS0012"), good[:5]} {
		if _, err := NewReader(bytes.NewReader(in)); err == nil {
			t.Errorf("header %q accepted", in)
		}
	}
	// A string claiming 4 GB in a short file fails without allocating it.
	r, _ = NewReader(bytes.NewReader([]byte("REDIS0010\x80\xff\xff\xff\xffabc")))
	if _, err := r.String(); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("huge claimed string: %v", err)
	}
}

func TestListpackDecodesEveryEncoding(t *testing.T) {
	// Entries: 7-bit 5, 6-bit string "ab", 13-bit -100, 16-bit 1000,
	// 24-bit -70000, 32-bit 1<<30, 64-bit -1<<40, 12-bit string of 70 bytes.
	long := strings.Repeat("q", 70)
	var e []byte
	add := func(enc ...byte) {
		e = append(e, enc...)
		e = append(e, byte(len(enc))) // backlen for entries under 128 bytes
	}
	add(0x05)
	add(0x82, 'a', 'b')
	n13 := int16(-100)
	m := uint16(n13) & 0x1fff
	add(0xc0|byte(m>>8), byte(m))
	add(0xf1, 0xe8, 0x03)
	n24 := int32(-70000)
	u := uint32(n24)
	add(0xf2, byte(u), byte(u>>8), byte(u>>16))
	add(0xf3, 0, 0, 0, 0x40)
	n64 := int64(-1 << 40)
	v := uint64(n64)
	add(0xf4, byte(v), byte(v>>8), byte(v>>16), byte(v>>24), byte(v>>32), byte(v>>40), byte(v>>48), byte(v>>56))
	add(append([]byte{0xe0, 70}, long...)...)
	lp := append([]byte{0, 0, 0, 0, 8, 0}, e...)
	lp = append(lp, 0xff)
	lp[0] = byte(len(lp))
	var got []string
	if err := Listpack(lp, func(v []byte) error { got = append(got, string(v)); return nil }); err != nil {
		t.Fatal(err)
	}
	want := []string{"5", "ab", "-100", "1000", "-70000", "1073741824", "-1099511627776", long}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("got %q", got)
	}
	lp[len(lp)-3] = 0xff // damage the last entry
	if err := Listpack(lp[:len(lp)-2], func([]byte) error { return nil }); err == nil {
		t.Fatal("truncated listpack accepted")
	}
}

func TestBacklenSizeMatchesRedis(t *testing.T) {
	// lpEncodeBacklen's bounds: 127, then one short of 2^14, 2^21, 2^28.
	for _, c := range [][2]int{{1, 1}, {127, 1}, {128, 2}, {16382, 2}, {16383, 3}, {2097150, 3},
		{2097151, 4}, {268435454, 4}, {268435455, 5}} {
		if got := BacklenSize(c[0]); got != c[1] {
			t.Errorf("BacklenSize(%d) = %d, want %d", c[0], got, c[1])
		}
	}
}

func TestZiplistAndIntset(t *testing.T) {
	// "hi", 12 (immediate), -2 (int8), 40000 (int32).
	zl := []byte{0, 0, 0, 0, 0, 0, 0, 0, 4, 0,
		0x00, 0x02, 'h', 'i',
		0x04, 0xfd,
		0x02, 0xfe, 0xfe,
		0x03, 0xd0, 0x40, 0x9c, 0x00, 0x00,
		0xff}
	zl[0] = byte(len(zl))
	var got []string
	if err := Ziplist(zl, func(v []byte) error { got = append(got, string(v)); return nil }); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "hi,12,-2,40000" {
		t.Fatalf("ziplist: %q", got)
	}
	is := []byte{2, 0, 0, 0, 3, 0, 0, 0, 0xff, 0xff, 1, 0, 0, 1}
	var ints []int64
	if err := Intset(is, func(v int64) error { ints = append(ints, v); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(ints) != 3 || ints[0] != -1 || ints[1] != 1 || ints[2] != 256 {
		t.Fatalf("intset: %v", ints)
	}
	if Intset(is[:13], func(int64) error { return nil }) == nil {
		t.Fatal("short intset accepted")
	}
}

func FuzzReader(f *testing.F) {
	var buf bytes.Buffer
	w := NewWriter(&buf, true, true)
	w.String([]byte(strings.Repeat("abc", 20)))
	w.String([]byte("12"))
	w.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := NewReader(bytes.NewReader(b))
		if err != nil {
			return
		}
		for i := 0; i < 100; i++ {
			if _, err := r.String(); err != nil {
				return
			}
		}
	})
}

func FuzzPacked(f *testing.F) {
	f.Add([]byte{7, 0, 0, 0, 1, 0, 0x05, 0x01, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		nop := func([]byte) error { return nil }
		Listpack(b, nop)
		Ziplist(b, nop)
		Intset(b, func(int64) error { return nil })
	})
}
