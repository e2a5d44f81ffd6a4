package engine

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// zmodel is the reference a ZSet is checked against: members and scores,
// sorted on demand.
type zmodel map[string]float64

func (m zmodel) sorted() []zpair {
	var out []zpair
	for k, v := range m {
		out = append(out, zpair{[]byte(k), v})
	}
	slices.SortFunc(out, zpairCmp)
	return out
}

// zcheck verifies every observable of z against m: length, order and
// scores both ways, ranks, rank lookups, member lookups and, for a
// skiplist, the hash table and the skiplist's spans.
func zcheck(t *testing.T, z *ZSet, m zmodel, ctx string) {
	t.Helper()
	want := m.sorted()
	if z.Len() != len(want) {
		t.Fatalf("%s: Len %d, want %d", ctx, z.Len(), len(want))
	}
	if len(want) == 0 {
		return
	}
	var it zIter
	z.iterRank(&it, 0, false)
	for i, p := range want {
		mm, s, ok := it.next()
		if !ok || !bytes.Equal(mm, p.m) || s != p.s {
			t.Fatalf("%s: forward %d = %q %v %v, want %q %v", ctx, i, mm, s, ok, p.m, p.s)
		}
	}
	if _, _, ok := it.next(); ok {
		t.Fatalf("%s: forward iteration too long", ctx)
	}
	z.iterRank(&it, 0, true)
	for i := len(want) - 1; i >= 0; i-- {
		mm, s, ok := it.next()
		if !ok || !bytes.Equal(mm, want[i].m) || s != want[i].s {
			t.Fatalf("%s: reverse %d = %q, want %q", ctx, i, mm, want[i].m)
		}
	}
	for i, p := range want {
		if r := z.Rank(p.m, false); r != i {
			t.Fatalf("%s: Rank(%q) = %d, want %d", ctx, p.m, r, i)
		}
		if r := z.Rank(p.m, true); r != len(want)-1-i {
			t.Fatalf("%s: revrank(%q) = %d", ctx, p.m, r)
		}
		if mm, s := z.at(i); !bytes.Equal(mm, p.m) || s != p.s {
			t.Fatalf("%s: at(%d) = %q, want %q", ctx, i, mm, p.m)
		}
		if s, ok := z.Score(p.m); !ok || s != p.s {
			t.Fatalf("%s: Score(%q) = %v %v", ctx, p.m, s, ok)
		}
	}
	if z.sl != nil {
		if z.sl.dict.len() != len(want) {
			t.Fatalf("%s: dict has %d, want %d", ctx, z.sl.dict.len(), len(want))
		}
		// Every level's spans add up to the length, and links are ordered.
		for lv := 0; lv < z.sl.level; lv++ {
			sum := 0
			for x := z.sl.header; x.lv(lv).forward != nil; x = x.lv(lv).forward {
				sum += x.lv(lv).span
				f := x.lv(lv).forward
				if x != z.sl.header && !zslLess(x, f.score, f.member) {
					t.Fatalf("%s: level %d out of order", ctx, lv)
				}
			}
			if sum > len(want) {
				t.Fatalf("%s: level %d spans %d > %d", ctx, lv, sum, len(want))
			}
		}
		// Iterating the table with the scan cursor sees each member once
		// when nothing changes.
		seen := map[string]int{}
		cur := uint64(0)
		for {
			cur = z.sl.dict.scan(cur, func(x *zslNode) { seen[x.member]++ })
			if cur == 0 {
				break
			}
		}
		if len(seen) != len(want) {
			t.Fatalf("%s: scan saw %d members, want %d", ctx, len(seen), len(want))
		}
	} else if zpCount(z.lp) != len(want) {
		t.Fatalf("%s: packed count", ctx)
	}
}

// TestZSetRandomOps applies random operations to both encodings and
// checks them against the model after each one.
func TestZSetRandomOps(t *testing.T) {
	for _, lim := range []zsetLimits{{128, 64}, {0, 0}, {16, 64}} {
		for seed := uint64(1); seed <= 20; seed++ {
			r := rand.New(rand.NewPCG(seed, uint64(lim.maxEntries)))
			z := newZSetFor(lim, 1)
			m := zmodel{}
			mem := func() []byte { return []byte("m" + strconv.Itoa(r.IntN(60))) }
			sc := func() float64 {
				return []float64{0, 1, 2, 2, 3, -1, 1.5, math.Inf(1), math.Inf(-1), float64(r.IntN(10)), 1e300, 0.1}[r.IntN(12)]
			}
			for step := 0; step < 300; step++ {
				ctx := fmt.Sprintf("lim %v seed %d step %d", lim, seed, step)
				switch op := r.IntN(10); op {
				case 0, 1, 2, 3:
					mb, s := mem(), sc()
					flags := []int{0, zaddNX, zaddXX, zaddGT, zaddLT, zaddIncr}[r.IntN(6)]
					out, ns := z.add(lim, s, mb, flags)
					cur, had := m[string(mb)]
					switch {
					case out&zaddOutNaN != 0:
						if !(flags == zaddIncr && had && math.IsNaN(cur+s)) {
							t.Fatalf("%s: unexpected NaN", ctx)
						}
					case out&zaddOutNop != 0:
					default:
						m[string(mb)] = ns
					}
				case 4:
					mb := mem()
					_, had := m[string(mb)]
					if z.Delete(mb) != had {
						t.Fatalf("%s: Delete(%q) != %v", ctx, mb, had)
					}
					delete(m, string(mb))
				case 5:
					if len(m) == 0 {
						continue
					}
					z.popOne(r.IntN(2) == 0, func(mb []byte, s float64) {
						if m[string(mb)] != s {
							t.Fatalf("%s: popped %q %v", ctx, mb, s)
						}
						delete(m, string(mb))
					})
				case 6:
					if len(m) == 0 {
						continue
					}
					a, b := r.IntN(len(m)), r.IntN(len(m))
					a, b = min(a, b), max(a, b)
					sorted := m.sorted()
					if n := z.deleteRank(a, b); n != b-a+1 {
						t.Fatalf("%s: deleteRank removed %d", ctx, n)
					}
					for _, p := range sorted[a : b+1] {
						delete(m, string(p.m))
					}
				case 7:
					rg := zScoreRange{min: sc(), max: sc(), minex: r.IntN(2) == 0, maxex: r.IntN(2) == 0}
					want := 0
					for _, v := range m {
						if rg.gteMin(v) && rg.lteMax(v) {
							want++
						}
					}
					if c := z.countScore(&rg); c != want {
						t.Fatalf("%s: countScore %d, want %d", ctx, c, want)
					}
					if n := z.deleteScore(&rg); n != want {
						t.Fatalf("%s: deleteScore %d, want %d", ctx, n, want)
					}
					for k, v := range m {
						if rg.gteMin(v) && rg.lteMax(v) {
							delete(m, k)
						}
					}
				case 8:
					if lim.maxEntries > 0 && z.sl == nil && z.Len() > 0 {
						z.convert()
					}
				case 9:
					cp := z.Copy().(*ZSet)
					zcheck(t, cp, m, ctx+" (copy)")
				}
				zcheck(t, z, m, ctx)
			}
		}
	}
}

// TestZSetPackedNoNegativeZero checks that a packed set stores -0 as 0, as
// a listpack does, while a skiplist keeps it.
func TestZSetPackedNoNegativeZero(t *testing.T) {
	z := newZSetFor(zsetLimits{128, 64}, 1)
	z.add(zsetLimits{128, 64}, math.Copysign(0, -1), []byte("a"), 0)
	if s, _ := z.Score([]byte("a")); math.Signbit(s) {
		t.Fatal("packed set kept -0")
	}
	z = newZSetFor(zsetLimits{0, 0}, 1)
	z.add(zsetLimits{0, 0}, math.Copysign(0, -1), []byte("a"), 0)
	if s, _ := z.Score([]byte("a")); !math.Signbit(s) {
		t.Fatal("skiplist lost -0")
	}
}

// TestZSetPackedScoreEncoding round-trips scores through the packed form,
// including the integer and float boundaries.
func TestZSetPackedScoreEncoding(t *testing.T) {
	scores := []float64{0, 1, -1, 63, 64, -64, -65, 1 << 20, 1<<53 - 1, 1 << 53, -(1 << 53), 1<<53 + 2, 1 << 62,
		0.5, -0.1, 1e300, -1e-300, math.SmallestNonzeroFloat64, math.MaxFloat64, math.Inf(1), math.Inf(-1)}
	lim := zsetLimits{1000, 1000}
	z := newZSetFor(lim, 1)
	for i, s := range scores {
		z.add(lim, s, []byte(strconv.Itoa(i)), 0)
	}
	for i, s := range scores {
		got, ok := z.Score([]byte(strconv.Itoa(i)))
		if !ok || got != s {
			t.Errorf("score %v came back as %v", s, got)
		}
	}
}

// TestZSetScanGuarantee checks ZSCAN's promise on a skiplist set whose
// table grows and shrinks between calls: members present for the whole
// scan are returned.
func TestZSetScanGuarantee(t *testing.T) {
	lim := zsetLimits{0, 0}
	z := newZSetFor(lim, 1)
	for i := 0; i < 500; i++ {
		z.add(lim, float64(i), []byte("keep"+strconv.Itoa(i)), 0)
	}
	seen := map[string]bool{}
	cur := uint64(0)
	step := 0
	for {
		cur = z.sl.dict.scan(cur, func(x *zslNode) { seen[x.member] = true })
		// Churn: grow the table, then shrink it back.
		if step%2 == 0 {
			for i := 0; i < 300; i++ {
				z.add(lim, 1, []byte("tmp"+strconv.Itoa(step)+"_"+strconv.Itoa(i)), 0)
			}
		} else {
			for i := 0; i < 300; i++ {
				z.Delete([]byte("tmp" + strconv.Itoa(step-1) + "_" + strconv.Itoa(i)))
			}
		}
		step++
		if cur == 0 {
			break
		}
	}
	for i := 0; i < 500; i++ {
		if !seen["keep"+strconv.Itoa(i)] {
			t.Fatalf("member keep%d missed by the scan", i)
		}
	}
}
