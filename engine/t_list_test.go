package engine

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// checkList verifies a list's internal invariants against the model: the
// elements in order both ways, the counts, and each node's listpack size.
func checkList(t *testing.T, l *List, model [][]byte, step string) {
	t.Helper()
	if l.Len() != len(model) {
		t.Fatalf("%s: Len %d, model %d", step, l.Len(), len(model))
	}
	total := 0
	for i := 0; i < int(l.n); i++ {
		nd := l.node(i)
		if nd.count == 0 {
			t.Fatalf("%s: empty node %d of %d", step, i, l.n)
		}
		if nd.lo < 0 || nd.hi > len(nd.buf) || nd.lo > nd.hi {
			t.Fatalf("%s: node %d window [%d,%d) of %d", step, i, nd.lo, nd.hi, len(nd.buf))
		}
		lp, k := lpEmptySize, 0
		for p := nd.lo; p < nd.hi; k++ {
			v, next := readEntry(nd.buf, p)
			if !bytes.Equal(v, model[total+k]) {
				t.Fatalf("%s: element %d is %q, want %q", step, total+k, v, model[total+k])
			}
			lp += int(lpEntrySize(v))
			p = next
		}
		if k != int(nd.count) {
			t.Fatalf("%s: node %d holds %d elements, count says %d", step, i, k, nd.count)
		}
		if int(nd.lpSize) != lp {
			t.Fatalf("%s: node %d lpSize %d, want %d", step, i, nd.lpSize, lp)
		}
		total += k
	}
	if total != len(model) {
		t.Fatalf("%s: nodes hold %d elements, model %d", step, total, len(model))
	}
	if len(model) == 0 {
		return
	}
	// Each, backward iteration and random access.
	k := 0
	l.Each(func(v []byte) bool {
		if !bytes.Equal(v, model[k]) {
			t.Fatalf("%s: Each element %d is %q, want %q", step, k, v, model[k])
		}
		k++
		return k < len(model)/2+1
	})
	if k != len(model)/2+1 && k != len(model) {
		t.Fatalf("%s: Each stopped after %d of %d", step, k, len(model))
	}
	it := l.iter(len(model)-1, false)
	for i := len(model) - 1; i >= 0; i-- {
		v, ok := it.prev()
		if !ok || !bytes.Equal(v, model[i]) {
			t.Fatalf("%s: backward element %d is %q (%v), want %q", step, i, v, ok, model[i])
		}
	}
	if _, ok := it.prev(); ok {
		t.Fatalf("%s: backward iteration went past the head", step)
	}
	for _, i := range []int{0, len(model) / 3, len(model) / 2, len(model) - 1} {
		if v := l.Index(i); !bytes.Equal(v, model[i]) {
			t.Fatalf("%s: Index(%d) = %q, want %q", step, i, v, model[i])
		}
	}
}

func randValue(r *rand.Rand) []byte {
	switch r.IntN(10) {
	case 0:
		return []byte(strconv.FormatInt(r.Int64N(1<<40)-1<<39, 10))
	case 1:
		return []byte(strconv.Itoa(r.IntN(200)))
	case 2:
		return bytes.Repeat([]byte{'L'}, 100+r.IntN(300))
	case 3:
		if r.IntN(20) == 0 {
			return bytes.Repeat([]byte{'H'}, 9000+r.IntN(20000)) // a node of its own
		}
	case 4:
		return nil
	}
	return []byte(fmt.Sprintf("v%d", r.IntN(30)))
}

// TestListModel drives lists with every fill setting through random
// operations and compares them with a plain slice after each step.
func TestListModel(t *testing.T) {
	for _, c := range []struct {
		fill      int
		threshold uint64 // DEBUG QUICKLIST-PACKED-THRESHOLD; 0 for the default
	}{{-5, 0}, {-2, 0}, {-1, 0}, {0, 0}, {1, 0}, {2, 0}, {5, 0}, {128, 0}, {-9, 0}, {40000, 0}, {-2, 50}, {3, 1}} {
		fill := c.fill
		t.Run(strconv.Itoa(fill)+"/"+strconv.FormatUint(c.threshold, 10), func(t *testing.T) {
			SetListPackedThreshold(c.threshold)
			defer SetListPackedThreshold(0)
			r := rand.New(rand.NewPCG(uint64(fill+100), 7))
			l := newList(fill, 0)
			var model [][]byte
			maxNodes := 0
			for step := 0; step < 6000; step++ {
				v := randValue(r)
				name := ""
				// Growth outweighs shrinking so that lists span many nodes;
				// every 3000 steps a phase of pops drains most of it.
				op := r.IntN(40)
				if step%3000 >= 2500 {
					op = 24 + r.IntN(6)
				}
				switch {
				case op < 12 || len(model) == 0:
					name = "pushfront"
					l.PushFront(v)
					model = slices.Insert(model, 0, bytes.Clone(v))
				case op < 22:
					name = "pushback"
					l.PushBack(v)
					model = append(model, bytes.Clone(v))
				case op < 24:
					name = "pushall"
					left := op == 22
					vals := make([][]byte, 1+r.IntN(30))
					for i := range vals {
						vals[i] = randValue(r)
						if left {
							model = slices.Insert(model, 0, vals[i])
						} else {
							model = append(model, vals[i])
						}
					}
					l.PushAll(vals, left)
				case op < 27:
					name = "popfront"
					if got := l.Peek(true); !bytes.Equal(got, model[0]) {
						t.Fatalf("Peek(left) %q, want %q", got, model[0])
					}
					l.Pop(true)
					model = model[1:]
				case op < 30:
					name = "popback"
					if got := l.Peek(false); !bytes.Equal(got, model[len(model)-1]) {
						t.Fatalf("Peek(right) %q, want %q", got, model[len(model)-1])
					}
					l.Pop(false)
					model = model[:len(model)-1]
				case op < 33:
					name = "set"
					i := r.IntN(len(model))
					l.Set(i, v)
					model[i] = bytes.Clone(v)
				case op < 36:
					name = "insert"
					i := r.IntN(len(model))
					pivot := bytes.Clone(model[i])
					after := r.IntN(2) == 0
					j := slices.IndexFunc(model, func(e []byte) bool { return bytes.Equal(e, pivot) })
					if !l.InsertPivot(pivot, v, after) {
						t.Fatal("pivot not found")
					}
					if after {
						j++
					}
					model = slices.Insert(model, j, bytes.Clone(v))
				case op == 36:
					name = "rem"
					target := bytes.Clone(model[r.IntN(len(model))])
					limit := r.IntN(3)
					fromTail := r.IntN(2) == 0
					want := 0
					if fromTail {
						for i := len(model) - 1; i >= 0 && (limit == 0 || want < limit); i-- {
							if bytes.Equal(model[i], target) {
								model = slices.Delete(model, i, i+1)
								want++
							}
						}
					} else {
						for i := 0; i < len(model) && (limit == 0 || want < limit); {
							if bytes.Equal(model[i], target) {
								model = slices.Delete(model, i, i+1)
								want++
								continue
							}
							i++
						}
					}
					if got := l.RemoveEqual(target, limit, fromTail); got != want {
						t.Fatalf("RemoveEqual removed %d, want %d", got, want)
					}
				case op == 37:
					name = "trim"
					a, b := r.IntN(8), r.IntN(8)
					if a+b > len(model) {
						a, b = len(model), 0
					}
					l.TrimFront(a)
					l.TrimBack(b)
					model = model[a : len(model)-b]
				case op == 38:
					name = "copy"
					l = l.Copy().(*List)
				default:
					name = "lrange"
				}
				if len(model) > 200 && step%61 != 0 {
					continue
				}
				checkList(t, l, model, fmt.Sprintf("step %d %s", step, name))
				maxNodes = max(maxNodes, int(l.n))
			}
			if maxNodes < 3 {
				t.Errorf("the list never had more than %d nodes", maxNodes)
			}
			t.Logf("fill %d: up to %d nodes, %d elements at the end", fill, maxNodes, len(model))
		})
	}
}

// TestListNodeEntries round-trips element framing at the varint edges.
func TestListNodeEntries(t *testing.T) {
	for _, n := range []int{0, 1, 127, 128, 16383, 16384, 70000} {
		v := bytes.Repeat([]byte{'x'}, n)
		buf := make([]byte, entrySize(n)+2)
		putEntry(buf[1:], v)
		got, next := readEntry(buf, 1)
		if !bytes.Equal(got, v) || next != 1+entrySize(n) {
			t.Fatalf("forward %d: len %d next %d", n, len(got), next)
		}
		got, start := readEntryBack(buf, next)
		if !bytes.Equal(got, v) || start != 1 {
			t.Fatalf("backward %d: len %d start %d", n, len(got), start)
		}
		if skipEntry(buf, 1) != next || skipEntryBack(buf, next) != 1 {
			t.Fatalf("skip %d", n)
		}
	}
}

// TestListLPEntrySize checks listpack entry sizes against Redis 7.0's
// encodings at each boundary.
func TestListLPEntrySize(t *testing.T) {
	for _, c := range []struct {
		v    string
		size int
	}{
		{"0", 2}, {"127", 2}, {"128", 3}, {"-1", 3}, {"4095", 3}, {"-4096", 3}, {"4096", 4},
		{"32767", 4}, {"-32769", 5}, {"8388607", 5}, {"8388608", 6}, {"2147483647", 6},
		{"2147483648", 10}, {"9223372036854775807", 10}, {"9223372036854775808", 21},
		{"", 2}, {"a", 3}, {"01", 4}, {"+1", 4},
	} {
		if got := int(lpEntrySize([]byte(c.v))); got != c.size {
			t.Errorf("lpEntrySize(%q)) = %d, want %d", c.v, got, c.size)
		}
	}
	for _, c := range []struct{ n, size int }{
		{63, 65}, {64, 67}, {125, 128}, {126, 130}, {4095, 4099}, {4096, 4103}, {16377, 16384}, {16378, 16386},
	} {
		if got := int(lpEntrySize(bytes.Repeat([]byte{'x'}, c.n))); got != c.size {
			t.Errorf("lpEntrySize(%d bytes)) = %d, want %d", c.n, got, c.size)
		}
	}
}

// TestListDebugExtra compares DEBUG OBJECT's quicklist fields with what
// redis-server 7.0.15 printed for the same pushes.
func TestListDebugExtra(t *testing.T) {
	for _, c := range []struct {
		vals []string
		want string
	}{
		{[]string{"a", "b", "c"}, " ql_nodes:1 ql_avg_node:3.00 ql_listpack_max:-2 ql_compressed:0 ql_uncompressed_size:16"},
		{[]string{strings.Repeat("a", 44), "b", "c"}, " ql_nodes:1 ql_avg_node:3.00 ql_listpack_max:-2 ql_compressed:0 ql_uncompressed_size:59"},
	} {
		l := newList(-2, 0)
		for _, v := range c.vals {
			l.PushBack([]byte(v))
		}
		if got := l.DebugExtra(); got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.vals, got, c.want)
		}
	}
	l := newList(1, 3)
	for i := 0; i < 3; i++ {
		l.PushBack([]byte("x"))
	}
	// Three one-element nodes, compression recorded (as redis-server printed).
	if got, want := l.DebugExtra(), " ql_nodes:3 ql_avg_node:1.00 ql_listpack_max:1 ql_compressed:1 ql_uncompressed_size:30"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestListCopyIndependent checks that a copy shares no bytes with its
// source.
func TestListCopyIndependent(t *testing.T) {
	l := newList(2, 0)
	for i := 0; i < 10; i++ {
		l.PushBack([]byte{byte('a' + i)})
	}
	c := l.Copy().(*List)
	l.Set(0, []byte("changed"))
	l.PushFront([]byte("new"))
	l.Pop(false)
	checkList(t, c, [][]byte{[]byte("a"), []byte("b"), []byte("c"), []byte("d"), []byte("e"), []byte("f"), []byte("g"), []byte("h"), []byte("i"), []byte("j")}, "copy")
	if c.fill != 2 || c.n != 5 {
		t.Errorf("copy has fill %d and %d nodes, want 2 and 5", c.fill, c.n)
	}
}
