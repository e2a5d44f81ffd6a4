package engine

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSetEvents compares the keyspace events of a command sequence with
// those redis-server 7.0.15 published for it (notify-keyspace-events KEAn,
// __keyevent@* subscription).
func TestSetEvents(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	var got []string
	e.OnNotify(func(db *DB, class NotifyClass, event, key string) {
		if class != NotifyKeyMiss { // KEAn does not select key-miss events
			got = append(got, event+" "+key)
		}
	})
	for _, cmd := range []string{
		"sadd s 1 2 3", "sadd s 1", "sadd s a", "srem s x", "srem s 1 2", "srem s 3 a",
		"sadd a 1 2", "sadd b 3", "smove a b 1", "smove a b 5", "smove a c 2", "smove b b 3",
		"sadd b 3", "smove c b 2", "spop b", "spop b 0", "spop b 5",
		"sadd p 1 2 3 4 5 6 7 8 9 10", "spop p 2", "spop p 7", "spop p 9",
		"sinterstore d p nokey", "sadd x 1 2", "sinterstore d x x", "sinterstore d x nokey",
		"sunionstore d x", "sdiffstore d x x", "set d v", "sdiffstore d x x", "sunionstore d x",
		"sunionstore d nokey",
	} {
		do(e, cl, strings.Fields(cmd)...)
	}
	want := "new s,sadd s,sadd s,srem s,srem s,del s,new a,sadd a,new b,sadd b,srem a,sadd b,srem a," +
		"del a,new c,sadd c,srem c,del c,sadd b,spop b,spop b,del b,new p,sadd p,spop p,spop p," +
		"spop p,del p,new x,sadd x,new d,sinterstore d,del d,new d,sunionstore d,del d,new d,set d," +
		"del d,new d,sunionstore d,del d"
	if g := strings.Join(got, ","); g != want {
		t.Errorf("events\n got: %s\nwant: %s", g, want)
	}
}

// TestSetTouches checks that the key-modified hook (WATCH) fires exactly
// for the keys Redis signals: SMOVE signals the destination only when the
// member was added, failed or no-op writes signal nothing.
func TestSetTouches(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	var touched []string
	e.OnTouch(func(db *DB, key string) { touched = append(touched, key) })
	for _, c := range []struct{ cmd, want string }{
		{"sadd src a b", "src"},
		{"sadd dst a", "dst"},
		{"smove src dst a", "src"},     // dst already had a
		{"smove src dst b", "src,dst"}, // src emptied: deleted, signalled once
		{"sadd dst a", ""},
		{"srem dst x", ""},
		{"smove dst dst a", ""},
		{"sismember dst a", ""},
		{"spop dst 0", ""},
		{"spop dst 1", "dst"},
		{"sinterstore none nokey", ""},
	} {
		touched = nil
		do(e, cl, strings.Fields(c.cmd)...)
		if g := strings.Join(touched, ","); g != c.want {
			t.Errorf("%s: touched %q, want %q", c.cmd, g, c.want)
		}
	}
}

// TestSetEncodingThresholds follows set-max-intset-entries as Redis 7.0
// does: conversion past the limit, none back, fresh values re-encoded.
func TestSetEncodingThresholds(t *testing.T) {
	e := testEngine(t)
	e.Config.SetMaxIntsetEntries = 3
	cl := testClient(e)
	for _, c := range []struct{ cmd, want string }{
		{"sadd s 1 2 3", ":3\r\n"},
		{"object encoding s", "$6\r\nintset\r\n"},
		{"sadd s 4", ":1\r\n"},
		{"object encoding s", "$9\r\nhashtable\r\n"},
		{"srem s 4 3", ":2\r\n"},
		{"object encoding s", "$9\r\nhashtable\r\n"}, // never converts back
		{"sadd t 1 2 3 4", ":4\r\n"},
		{"object encoding t", "$9\r\nhashtable\r\n"},
		{"sinterstore u s t", ":2\r\n"},
		{"object encoding u", "$6\r\nintset\r\n"},
		{"smembers u", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"},
		{"sunionstore u t", ":4\r\n"},
		{"object encoding u", "$9\r\nhashtable\r\n"},
		{"sdiffstore u t s", ":2\r\n"},
		{"object encoding u", "$6\r\nintset\r\n"},
		{"smembers u", "*2\r\n$1\r\n3\r\n$1\r\n4\r\n"},
		// SPOP taking most of a hashtable of integers keeps the survivors
		// in a new set, an intset again.
		{"sadd p 1 2 3 4 5 6 7 8 9 10", ":10\r\n"},
		{"pexpire p 100000", ":1\r\n"},
		{"spop p 9", "~9"},
		{"object encoding p", "$6\r\nintset\r\n"},
		{"scard p", ":1\r\n"},
		{"ttl p", ":100\r\n"},
		// SPOP of fewer leaves the hashtable.
		{"sadd q 1 2 3 4 5 6 7 8 9 10", ":10\r\n"},
		{"spop q 1", "~1"},
		{"object encoding q", "$9\r\nhashtable\r\n"},
		// The whole set through SPOP is ordered as its union would be.
		{"spop u 5", "~2\r\n$1\r\n3\r\n$1\r\n4\r\n"},
		// A hashtable of integers popped whole comes out as its union, an
		// intset: ascending.
		{"sadd w 5 1 9", ":3\r\n"},
		{"sadd w a", ":1\r\n"},
		{"srem w a", ":1\r\n"},
		{"spop w 3", "~3\r\n$1\r\n1\r\n$1\r\n5\r\n$1\r\n9\r\n"},
	} {
		if c.want == "~9" || c.want == "~1" {
			cl.Proto = 3
			got := do(e, cl, strings.Fields(c.cmd)...)
			cl.Proto = 2
			if !strings.HasPrefix(got, c.want+"\r\n") {
				t.Errorf("%s: got %q", c.cmd, got)
			}
			continue
		}
		if strings.HasPrefix(c.want, "~") {
			cl.Proto = 3
		}
		expect(t, e, cl, c.cmd, c.want)
		cl.Proto = 2
	}
	// set-max-intset-entries 0: every set is a hashtable.
	e.Config.SetMaxIntsetEntries = 0
	expect(t, e, cl, "sadd z 1", ":1\r\n")
	expect(t, e, cl, "object encoding z", "$9\r\nhashtable\r\n")
}

// TestSetIntsetOrder checks that intset members come out ascending by value
// whatever the insertion order, through every read path.
func TestSetIntsetOrder(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	vals := []int64{5, -3, 100000, 0, math.MaxInt64, math.MinInt64, 42, -70000, 7}
	args := []string{"sadd", "s"}
	for _, v := range vals {
		args = append(args, strconv.FormatInt(v, 10))
	}
	do(e, cl, args...)
	slices.Sort(vals)
	want := "*9\r\n"
	for _, v := range vals {
		s := strconv.FormatInt(v, 10)
		want += "$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n"
	}
	expect(t, e, cl, "smembers s", want)
	expect(t, e, cl, "sinter s s", want)
	expect(t, e, cl, "sunion s", want)
	expect(t, e, cl, "sdiff s nokey", want)
	expect(t, e, cl, "srandmember s 100", want)
	expect(t, e, cl, "sscan s 0", "*2\r\n$1\r\n0\r\n"+want)
	expect(t, e, cl, "spop s 9", want)
}

// TestSetMemoryUsage compares MEMORY USAGE and DEBUG OBJECT's
// serializedlength with redis-server's figures for the same sets.
func TestSetMemoryUsage(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	do(e, cl, "sadd", "z", "1", "2", "3")
	expect(t, e, cl, "memory usage z", ":64\r\n")
	do(e, cl, "sadd", "z", "100000")
	expect(t, e, cl, "memory usage z", ":80\r\n")
	do(e, cl, "srem", "z", "100000")
	expect(t, e, cl, "memory usage z", ":80\r\n") // an intset never narrows
	args := []string{"sadd", "big"}
	for i := 1; i <= 600; i++ {
		args = append(args, strconv.Itoa(i))
	}
	do(e, cl, args...)
	expect(t, e, cl, "memory usage big", ":27496\r\n")
	for key, want := range map[string]string{"z": "serializedlength:21 ", "big": "serializedlength:1675 "} {
		if got := do(e, cl, "debug", "object", key); !strings.Contains(got, want) {
			t.Errorf("debug object %s: %q, want %s", key, got, want)
		}
	}
}

// TestSetCopy checks COPY keeps the members and the encoding, and that the
// copy is independent.
func TestSetCopy(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	do(e, cl, "sadd", "i", "3", "1", "2")
	do(e, cl, "sadd", "h", "a", "b")
	expect(t, e, cl, "copy i i2", ":1\r\n")
	expect(t, e, cl, "copy h h2", ":1\r\n")
	expect(t, e, cl, "object encoding i2", "$6\r\nintset\r\n")
	expect(t, e, cl, "object encoding h2", "$9\r\nhashtable\r\n")
	expect(t, e, cl, "sadd i2 4", ":1\r\n")
	expect(t, e, cl, "srem h2 a", ":1\r\n")
	expect(t, e, cl, "smembers i", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n")
	expect(t, e, cl, "scard h", ":2\r\n")
	expect(t, e, cl, "smembers h2", "*1\r\n$1\r\nb\r\n")
	expect(t, e, cl, "type h2", "+set\r\n")
}

// TestSetScanGuarantee adds and removes members between SSCAN calls over a
// big set (forcing growth and shrinking rehashes) and checks every member
// present throughout is returned.
func TestSetScanGuarantee(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	args := []string{"sadd", "s"}
	for i := 0; i < 2000; i++ {
		args = append(args, "m"+strconv.Itoa(i))
	}
	do(e, cl, args...)
	seen := map[string]bool{}
	cursor, step := "0", 0
	for {
		got := setParseReply(t, do(e, cl, "sscan", "s", cursor, "count", "20"))
		cursor = got.elems[0].raw[strings.Index(got.elems[0].raw, "\n")+1:]
		cursor = strings.TrimSuffix(cursor, "\r\n")
		for _, m := range got.elems[1].elems {
			seen[strings.Split(m.raw, "\r\n")[1]] = true
		}
		// Churn: grow while scanning, then shrink hard.
		step++
		if step < 30 {
			do(e, cl, "sadd", "s", "x"+strconv.Itoa(step*1000), "y"+strconv.Itoa(step))
			for j := 0; j < 200; j++ {
				do(e, cl, "sadd", "s", "g"+strconv.Itoa(step*1000+j))
			}
		} else if step < 60 {
			for j := 0; j < 200; j++ {
				do(e, cl, "srem", "s", "g"+strconv.Itoa((step-30)*1000+j))
			}
		}
		if cursor == "0" {
			break
		}
	}
	for i := 0; i < 2000; i++ {
		if m := "m" + strconv.Itoa(i); !seen[m] {
			t.Fatalf("member %s present for the whole scan was not returned", m)
		}
	}
}

// TestSetRandomDistribution draws many single random members from a
// hashtable and an intset and checks each member's share with a chi-square
// bound (df = 9; 40 is a 0.001% chance for a fair draw), as Redis's tests
// do.
func TestSetRandomDistribution(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	do(e, cl, "sadd", "h", "1", "5", "10", "50", "125", "MARY", "PATRICIA", "LINDA", "BARBARA", "ELIZABETH")
	do(e, cl, "sadd", "i", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
	for _, key := range []string{"h", "i"} {
		for _, count := range []string{"-1000", "8", "2"} {
			counts := map[string]int{}
			total := 0
			for total < 1000 {
				r := setParseReply(t, do(e, cl, "srandmember", key, count))
				for _, m := range r.elems {
					counts[m.raw]++
					total++
				}
			}
			exp := float64(total) / 10
			chi := 0.0
			for _, n := range counts {
				chi += (float64(n) - exp) * (float64(n) - exp) / exp
			}
			if len(counts) != 10 || chi >= 40 {
				t.Errorf("srandmember %s %s: %d members, chi-square %.1f", key, count, len(counts), chi)
			}
		}
	}
}

// TestSetDictRandomLongChain checks the fair pick with collided chains:
// every entry of a dict with long chains is reachable and evenly drawn.
func TestSetDictRandomLongChain(t *testing.T) {
	d := newDict()
	for i := 0; i < 30; i++ {
		d.Add(&Entry{key: "k" + strconv.Itoa(i)})
	}
	// Squeeze everything into one bucket chain.
	var all []*Entry
	d.Each(func(en *Entry) bool { all = append(all, en); return true })
	for i, en := range all {
		en.next = nil
		if i+1 < len(all) {
			en.next = all[i+1]
		}
	}
	for i := range d.ht[0].buckets {
		d.ht[0].buckets[i] = nil
	}
	d.ht[0].buckets[0] = all[0]
	counts := map[string]int{}
	for i := 0; i < 30000; i++ {
		counts[setDictRandom(d).key]++
	}
	chi := 0.0
	for _, n := range counts {
		chi += (float64(n) - 1000) * (float64(n) - 1000) / 1000
	}
	if len(counts) != 30 || chi >= 73 {
		t.Errorf("%d entries drawn, chi-square %.1f", len(counts), chi)
	}
}

// TestSetSpopKeepsSetConsistent pops through sets of every size and
// strategy and checks popped plus remaining is the original.
func TestSetSpopKeepsSetConsistent(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	for _, size := range []int{1, 5, 20, 600} {
		for _, count := range []int{1, 2, size / 2, size - 1, size} {
			for _, prefix := range []string{"", "m"} {
				if count < 1 {
					continue
				}
				do(e, cl, "del", "s")
				args := []string{"sadd", "s"}
				for i := 0; i < size; i++ {
					args = append(args, prefix+strconv.Itoa(i))
				}
				do(e, cl, args...)
				popped := setParseReply(t, do(e, cl, "spop", "s", strconv.Itoa(count)))
				rest := setParseReply(t, do(e, cl, "smembers", "s"))
				seen := map[string]bool{}
				for _, m := range append(popped.elems, rest.elems...) {
					if seen[m.raw] {
						t.Fatalf("size %d count %d: %q twice", size, count, m.raw)
					}
					seen[m.raw] = true
				}
				if len(popped.elems) != min(count, size) || len(seen) != size {
					t.Fatalf("size %d count %d: popped %d, total %d", size, count, len(popped.elems), len(seen))
				}
			}
		}
	}
}

// TestSetIntsetPrimitives exercises the intset directly: widths, limits,
// conversions with non-canonical integers.
func TestSetIntsetPrimitives(t *testing.T) {
	s := newSet()
	for _, m := range []string{"7", "-1", "7", "32767"} {
		s.Add([]byte(m), 512)
	}
	if s.Len() != 3 || !s.IsIntset() || s.is.width != 2 {
		t.Fatalf("len %d intset %v width %d", s.Len(), s.IsIntset(), s.is.width)
	}
	s.Add([]byte("32768"), 512)
	if s.is.width != 4 {
		t.Fatalf("width %d after 32768", s.is.width)
	}
	s.Add([]byte("-2147483649"), 512)
	if s.is.width != 8 {
		t.Fatalf("width %d after -2^31-1", s.is.width)
	}
	for _, m := range []string{"07", "+7", " 7", "7 ", "-0", "7.0"} {
		if s.Has([]byte(m)) || s.Remove([]byte(m)) {
			t.Errorf("%q matched an intset member", m)
		}
	}
	if !s.Has([]byte("7")) || !s.Remove([]byte("7")) || s.Has([]byte("7")) {
		t.Error("7 not found or not removed")
	}
	s.Add([]byte("07"), 512)
	if s.IsIntset() || !s.Has([]byte("07")) || s.Has([]byte("7")) || !s.Has([]byte("32768")) {
		t.Error("conversion on a non-canonical integer")
	}
	if !s.hasInt(-1) || s.hasInt(7) || !s.removeInt(-1) || s.Len() != 4 {
		t.Error("integer operations on a hashtable")
	}
}

// TestIntsetAgainstModel runs random adds and removes of values of every
// width against a sorted slice and checks order, membership and width.
func TestIntsetAgainstModel(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 50; round++ {
		var is intset
		var model []int64
		width := uint8(2)
		for op := 0; op < 400; op++ {
			var v int64
			switch r.IntN(4) {
			case 0:
				v = int64(r.IntN(200) - 100)
			case 1:
				v = int64(int16(r.Uint32()))
			case 2 - round%2: // some rounds stay narrow longer
				v = int64(int32(r.Uint32()))
			default:
				v = int64(r.Uint64())
			}
			if round%5 == 0 && op < 300 {
				v = int64(r.IntN(50))
			}
			i, found := slices.BinarySearch(model, v)
			if r.IntN(3) == 0 {
				if is.remove(v) != found {
					t.Fatalf("remove %d: want %v", v, found)
				}
				if found {
					model = slices.Delete(model, i, i+1)
				}
			} else {
				if is.add(v) == found {
					t.Fatalf("add %d: want new=%v", v, !found)
				}
				if !found {
					model = slices.Insert(model, i, v)
					width = max(width, intWidth(v))
				}
			}
			if is.len() != len(model) || is.w() != int(width) {
				t.Fatalf("len %d width %d, want %d %d", is.len(), is.w(), len(model), width)
			}
		}
		for i, v := range model {
			if is.get(i) != v || !is.has(v) {
				t.Fatalf("member %d: %d, want %d", i, is.get(i), v)
			}
		}
		if is.has(math.MaxInt64) != slices.Contains(model, math.MaxInt64) {
			t.Fatal("has(max)")
		}
		c := is.clone()
		c.add(1 << 40)
		if is.has(1<<40) && !slices.Contains(model, 1<<40) {
			t.Fatal("clone shares storage")
		}
	}
}

func TestSetEach(t *testing.T) {
	for _, members := range [][]string{{"3", "-1", "20"}, {"b", "a"}} {
		s := newSet()
		for _, m := range members {
			s.Add([]byte(m), 512)
		}
		var got []string
		s.Each(func(m []byte) bool { got = append(got, string(m)); return true })
		want := slices.Clone(members)
		if s.IsIntset() {
			want = []string{"-1", "3", "20"} // ascending by value
		} else {
			slices.Sort(got)
			slices.Sort(want)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Each: %q, want %q", got, want)
		}
		n := 0
		s.Each(func([]byte) bool { n++; return false })
		if n != 1 {
			t.Errorf("Each went on after false: %d calls", n)
		}
	}
}
