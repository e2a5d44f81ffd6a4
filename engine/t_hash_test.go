package engine

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// hashModel is the reference a hash value is checked against: the pairs
// in insertion order (the order a packed hash must keep).
type hashModel struct {
	fields []string
	vals   map[string]string
}

func newHashModel() *hashModel { return &hashModel{vals: map[string]string{}} }

func (m *hashModel) set(f, v string) bool {
	_, ok := m.vals[f]
	if !ok {
		m.fields = append(m.fields, f)
	}
	m.vals[f] = v
	return ok
}

func (m *hashModel) del(f string) bool {
	if _, ok := m.vals[f]; !ok {
		return false
	}
	delete(m.vals, f)
	for i, x := range m.fields {
		if x == f {
			m.fields = append(m.fields[:i], m.fields[i+1:]...)
			break
		}
	}
	return true
}

// randHashWord returns a field or value of a length chosen to exercise the
// length prefixes: mostly short, sometimes past 127 and 16383 bytes.
func randHashWord(r *rand.Rand, small int) string {
	switch r.IntN(20) {
	case 0:
		return strings.Repeat("x", 128+r.IntN(300))
	case 1:
		return strings.Repeat("y", 16384+r.IntN(10))
	case 2:
		return ""
	case 3:
		return strconv.Itoa(r.IntN(1000) - 500)
	}
	return "w" + strconv.Itoa(r.IntN(small))
}

// checkHash compares obj with the model: length, every value, missing
// fields, iteration (in order for a packed hash), and the table's dense
// index.
func checkHash(t *testing.T, obj any, m *hashModel) {
	t.Helper()
	if got := hashLen(obj); got != len(m.fields) {
		t.Fatalf("len %d, want %d", got, len(m.fields))
	}
	for f, v := range m.vals {
		got, ok := hashGet(obj, []byte(f))
		if !ok || string(got) != v {
			t.Fatalf("get %.20q: %.20q %v, want %.20q", f, got, ok, v)
		}
	}
	if _, ok := hashGet(obj, []byte("no-such-field")); ok {
		t.Fatal("found a missing field")
	}
	var order []string
	hashEach(obj, func(f, v []byte) bool {
		if m.vals[string(f)] != string(v) {
			t.Fatalf("each: %.20q=%.20q", f, v)
		}
		order = append(order, string(f))
		return true
	})
	if len(order) != len(m.fields) {
		t.Fatalf("each saw %d pairs, want %d", len(order), len(m.fields))
	}
	switch h := obj.(type) {
	case *hashPacked:
		if strings.Join(order, "\x00") != strings.Join(m.fields, "\x00") {
			t.Fatal("packed hash lost insertion order")
		}
		if h.used > h.size || int(h.used) < hpHdr {
			t.Fatalf("used %d of %d", h.used, h.size)
		}
		offs := h.offsets()
		for i, off := range offs {
			f, v := h.pairAt(off)
			if string(f) != m.fields[i] || string(v) != m.vals[m.fields[i]] {
				t.Fatalf("pairAt(%d) = %.20q", i, f)
			}
		}
	case *hashTable:
		if h.d.Len() != len(h.all) {
			t.Fatalf("dict has %d entries, index %d", h.d.Len(), len(h.all))
		}
		for i, en := range h.all {
			if int(en.lru) != i || h.d.Find(en.key) != en {
				t.Fatalf("index %d out of step", i)
			}
		}
	}
}

// TestHashValueModel drives both encodings through random sets and
// deletes and checks them against the model after every step.
func TestHashValueModel(t *testing.T) {
	for _, tc := range []struct {
		name string
		lim  hashLimits
	}{
		{"packed", hashLimits{maxEntries: 1 << 30, maxValue: 1 << 30}},
		{"table", hashLimits{maxEntries: 0, maxValue: 1 << 30}},
		{"converting", hashLimits{maxEntries: 40, maxValue: 200}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(len(tc.name))))
			for round := 0; round < 5; round++ {
				m := newHashModel()
				obj := any(newHashPacked(0))
				for step := 0; step < 300; step++ {
					f := randHashWord(r, 60)
					if r.IntN(3) == 0 {
						var gone bool
						obj, gone = hashDel(obj, []byte(f))
						if want := m.del(f); gone != want {
							t.Fatalf("del %.20q: %v, want %v", f, gone, want)
						}
					} else {
						v := randHashWord(r, 1000)
						var existed bool
						obj, existed = hashSet(obj, []byte(f), []byte(v), tc.lim)
						if want := m.set(f, v); existed != want {
							t.Fatalf("set %.20q: existed %v, want %v", f, existed, want)
						}
					}
					checkHash(t, obj, m)
				}
				if tc.name == "table" {
					if _, ok := obj.(*hashTable); !ok && len(m.fields) > 0 {
						t.Fatal("a hash past the entry limit is still packed")
					}
				}
			}
		})
	}
}

// TestHashPackedLayout pins the packed format's details: length prefixes
// of one to three bytes, in-place replacement with longer and shorter
// values, and the allocation shrinking after deletes.
func TestHashPackedLayout(t *testing.T) {
	for _, n := range []int{0, 1, 127, 128, 16383, 16384, 1 << 21} {
		if got, want := hpLenSize(n), len(binaryUvarint(n)); got != want {
			t.Errorf("hpLenSize(%d) = %d, want %d", n, got, want)
		}
	}
	p := newHashPacked(0)
	p, _ = p.set([]byte("a"), []byte("1"))
	p, _ = p.set([]byte("b"), []byte("2"))
	if want := hpHdr + 8; int(p.used) != want {
		t.Fatalf("used %d, want %d", p.used, want)
	}
	if !bytes.Equal(p.buf()[hpHdr:p.used], []byte("\x01a\x011\x01b\x012")) {
		t.Fatalf("layout %q", p.buf()[hpHdr:p.used])
	}
	long := bytes.Repeat([]byte("z"), 200)
	p, _ = p.set([]byte("a"), long) // two-byte prefix, tail moved up
	if v, _ := p.get([]byte("b")); string(v) != "2" {
		t.Fatalf("b = %q after growing a", v)
	}
	p, _ = p.set([]byte("a"), []byte("s")) // tail moved down
	if v, _ := p.get([]byte("a")); string(v) != "s" {
		t.Fatalf("a = %q", v)
	}
	if want := hpHdr + 8; int(p.used) != want {
		t.Fatalf("used %d after shrinking a, want %d", p.used, want)
	}
	for i := 0; i < 100; i++ {
		p, _ = p.set([]byte("f"+strconv.Itoa(i)), long)
	}
	big := p.size
	for i := 0; i < 100; i++ {
		p, _ = p.del([]byte("f" + strconv.Itoa(i)))
	}
	if p.size >= big/4 || p.n != 2 {
		t.Fatalf("after deletes: size %d (was %d), n %d", p.size, big, p.n)
	}
	q := p.clone()
	q, _ = q.set([]byte("a"), []byte("changed"))
	if v, _ := p.get([]byte("a")); string(v) != "s" {
		t.Fatal("clone shares storage")
	}
}

func binaryUvarint(n int) []byte {
	var b []byte
	for n >= 0x80 {
		b = append(b, byte(n)|0x80)
		n >>= 7
	}
	return append(b, byte(n))
}

// TestHashPrepare checks the conversions decided before a write: a long
// word converts a packed hash; short ones leave it packed.
func TestHashPrepare(t *testing.T) {
	lim := hashLimits{maxEntries: 4, maxValue: 5}
	p := newHashPacked(0)
	if _, ok := hashPrepare(p, [][]byte{[]byte("f"), []byte("12345")}, lim).(*hashPacked); !ok {
		t.Fatal("converted for a 5-byte value")
	}
	if _, ok := hashPrepare(p, [][]byte{[]byte("f"), []byte("123456")}, lim).(*hashTable); !ok {
		t.Fatal("kept packed with a 6-byte value")
	}
	if _, ok := newHashFor([][]byte{[]byte("123456"), []byte("v")}, lim).(*hashTable); !ok {
		t.Fatal("new hash with a 6-byte field is packed")
	}
	var obj any = newHashFor(nil, lim)
	for i := 0; i < 5; i++ {
		obj, _ = hashSet(obj, []byte{byte('a' + i)}, []byte("v"), lim)
	}
	if _, ok := obj.(*hashTable); !ok {
		t.Fatal("5 entries past a limit of 4 still packed")
	}
}

// TestHashLPEntrySize checks the listpack sizes MEMORY USAGE is built on.
func TestHashLPEntrySize(t *testing.T) {
	for _, tc := range []struct {
		e    string
		want int64
	}{
		{"0", 2}, {"127", 2}, {"128", 3}, {"-4096", 3}, {"4095", 3}, {"4096", 4},
		{"-32768", 4}, {"32768", 5}, {"8388607", 5}, {"8388608", 6}, {"2147483647", 6},
		{"2147483648", 10}, {"-9223372036854775808", 10}, {"01", 4}, {"-0", 4}, {"", 2},
		{"abc", 5}, {strings.Repeat("a", 63), 65}, {strings.Repeat("a", 64), 67},
		{strings.Repeat("a", 125), 128}, {strings.Repeat("a", 126), 130},
		{strings.Repeat("a", 4096), 4103},
	} {
		if got := lpEntrySize([]byte(tc.e)); got != tc.want {
			t.Errorf("lpEntrySize(%.10q) = %d, want %d", tc.e, got, tc.want)
		}
	}
}
