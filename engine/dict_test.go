package engine

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

func dictWith(keys ...string) *dict {
	d := newDict()
	for _, k := range keys {
		d.Add(&Entry{key: k})
	}
	return d
}

func keyN(prefix string, i int) string { return prefix + strconv.Itoa(i) }

// checkDict verifies that d holds exactly want, through Find, Len and Each.
func checkDict(t *testing.T, d *dict, want map[string]bool) {
	t.Helper()
	if d.Len() != len(want) {
		t.Fatalf("Len = %d, want %d", d.Len(), len(want))
	}
	for k := range want {
		if d.Find(k) == nil {
			t.Fatalf("Find(%q) = nil", k)
		}
	}
	seen := 0
	d.Each(func(en *Entry) bool {
		if !want[en.key] {
			t.Fatalf("Each returned unexpected key %q", en.key)
		}
		seen++
		return true
	})
	if seen != len(want) {
		t.Fatalf("Each saw %d keys, want %d", seen, len(want))
	}
}

func TestDictAddFindDelete(t *testing.T) {
	d := newDict()
	want := map[string]bool{}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		k := keyN("k", r.IntN(5000))
		if want[k] {
			if en := d.Delete(k); en == nil || en.key != k {
				t.Fatalf("Delete(%q) = %v", k, en)
			}
			delete(want, k)
		} else {
			d.Add(&Entry{key: k})
			want[k] = true
		}
		if i%997 == 0 {
			d.ShrinkIfNeeded()
			checkDict(t, d, want)
		}
	}
	checkDict(t, d, want)
	if d.Delete("missing") != nil || d.Find("missing") != nil {
		t.Fatal("found a missing key")
	}
}

func TestDictGrowsAndShrinks(t *testing.T) {
	d := newDict()
	for i := 0; i < 1000; i++ {
		d.Add(&Entry{key: keyN("k", i)})
	}
	d.RehashFor(time.Second)
	if d.rehashing() || len(d.ht[0].buckets) != 1024 {
		t.Fatalf("after 1000 adds: rehashing=%v size=%d, want 1024", d.rehashing(), len(d.ht[0].buckets))
	}
	for i := 0; i < 990; i++ {
		d.Delete(keyN("k", i))
	}
	// Deleting never shrinks: only the cron does, below 10% full.
	if len(d.ht[0].buckets) != 1024 {
		t.Fatalf("size %d after deletes, want 1024", len(d.ht[0].buckets))
	}
	d.ShrinkIfNeeded()
	if !d.rehashing() {
		t.Fatal("ShrinkIfNeeded did not start a rehash")
	}
	d.RehashFor(time.Second)
	if d.rehashing() || len(d.ht[0].buckets) != 16 {
		t.Fatalf("after shrink: rehashing=%v size=%d, want 16", d.rehashing(), len(d.ht[0].buckets))
	}
	want := map[string]bool{}
	for i := 990; i < 1000; i++ {
		want[keyN("k", i)] = true
	}
	checkDict(t, d, want)
	// An emptied table shrinks to the initial size.
	for k := range want {
		d.Delete(k)
	}
	d.ShrinkIfNeeded()
	d.RehashFor(time.Second)
	if len(d.ht[0].buckets) != dictInitialSize {
		t.Fatalf("empty table size %d, want %d", len(d.ht[0].buckets), dictInitialSize)
	}
}

func TestDictRandom(t *testing.T) {
	if newDict().Random() != nil {
		t.Fatal("Random on an empty dict")
	}
	d := newDict()
	for i := 0; i < 100; i++ {
		d.Add(&Entry{key: keyN("k", i)})
	}
	d.RehashFor(time.Second)
	d.resize(1000) // draws in the middle of a rehash must work too
	seen := map[string]bool{}
	for i := 0; i < 20000 && len(seen) < 100; i++ {
		seen[d.Random().key] = true
	}
	if len(seen) != 100 {
		t.Fatalf("Random reached %d of 100 keys", len(seen))
	}
}

// scanAll runs a full SCAN over d, calling between(step) after every
// step, and returns how many times each key was returned.
func scanAll(t *testing.T, d *dict, between func(step int)) map[string]int {
	t.Helper()
	seen := map[string]int{}
	cursor := uint64(0)
	for step := 0; ; step++ {
		if step > 1<<20 {
			t.Fatal("scan does not terminate")
		}
		cursor = d.Scan(cursor, func(en *Entry) { seen[en.key]++ })
		if cursor == 0 {
			return seen
		}
		between(step)
	}
}

// TestDictScanGuarantee checks SCAN's promise: every key present from the
// start to the end of a scan is returned at least once, while the table
// grows, shrinks or is in the middle of a rehash between calls.
func TestDictScanGuarantee(t *testing.T) {
	cases := []struct {
		name    string
		initial int
		mutate  func(d *dict, step int, r *rand.Rand)
	}{
		{"static", 1000, func(*dict, int, *rand.Rand) {}},
		{"growing", 50, func(d *dict, step int, r *rand.Rand) {
			// Many inserts per step: the table grows several times and
			// is usually mid-rehash when Scan runs. (Growth must stop at
			// some point, or the scan would chase the table forever.)
			if step >= 300 {
				return
			}
			for i := 0; i < 40; i++ {
				d.Add(&Entry{key: keyN("new", step*40+i)})
			}
		}},
		{"shrinking", 5000, func(d *dict, step int, r *rand.Rand) {
			// Delete transient keys, shrink as soon as allowed, and move
			// only a few buckets per step so scans see both tables.
			for i := 0; i < 200 && step*200 < 4000; i++ {
				d.Delete(keyN("tmp", step*200+i))
			}
			d.ShrinkIfNeeded()
			d.rehashStep(1)
		}},
		{"slow grow", 3000, func(d *dict, step int, r *rand.Rand) {
			// Nothing but a slow rehash: the scan sees both tables for
			// most of its steps.
			if step%4 == 0 {
				d.rehashStep(1)
			}
		}},
		{"slow shrink", 3000, func(d *dict, step int, r *rand.Rand) {
			if step == 0 {
				d.RehashFor(time.Second)
				for i := 0; i < 4000; i++ {
					d.Delete(keyN("tmp", i))
				}
				d.RehashFor(time.Second)
				d.Add(&Entry{key: "x"}) // grow past a power of two first
				for i := 0; i < 2900; i++ {
					d.Delete(keyN("stable", 100+i))
				}
				d.ShrinkIfNeeded()
				if !d.rehashing() {
					panic("no shrink")
				}
				return
			}
			if step%4 == 0 {
				d.rehashStep(1)
			}
		}},
		{"churn", 2000, func(d *dict, step int, r *rand.Rand) {
			for i := 0; i < 30 && step < 300; i++ {
				if r.IntN(2) == 0 {
					d.Add(&Entry{key: keyN("churn", step*30+i)})
				} else {
					d.Delete(keyN("tmp", r.IntN(4000)))
				}
			}
			if r.IntN(5) == 0 {
				d.ShrinkIfNeeded()
			}
			d.rehashStep(r.IntN(3))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, 9))
			d := newDict()
			stable := map[string]bool{}
			for i := 0; i < tc.initial; i++ {
				k := keyN("stable", i)
				d.Add(&Entry{key: k})
				stable[k] = true
			}
			// Transient keys that the mutations may delete.
			for i := 0; i < 4000; i++ {
				d.Add(&Entry{key: keyN("tmp", i)})
			}
			// Start mid-rehash for good measure.
			d.RehashFor(time.Second)
			d.resize(d.Len() * 4)
			d.rehashStep(3)
			midRehash, sizes := 0, map[int]bool{}
			seen := scanAll(t, d, func(step int) {
				tc.mutate(d, step, r)
				if d.rehashing() {
					midRehash++
				}
				sizes[len(d.ht[0].buckets)] = true
			})
			grows := tc.name == "growing" || tc.name == "shrinking" || tc.name == "churn"
			if tc.name != "static" && midRehash == 0 || grows && len(sizes) < 2 {
				t.Fatalf("the table never resized during the scan (rehashing at %d steps, %d sizes)", midRehash, len(sizes))
			}
			if tc.name == "slow shrink" {
				for i := 100; i < 3000; i++ {
					delete(stable, keyN("stable", i))
				}
			}
			for k := range stable {
				if seen[k] == 0 {
					t.Fatalf("stable key %q never returned", k)
				}
			}
		})
	}
}

// TestDictScanNoDuplicatesWhenStatic: without resizing, each key comes back
// exactly once.
func TestDictScanNoDuplicatesWhenStatic(t *testing.T) {
	d := newDict()
	for i := 0; i < 3000; i++ {
		d.Add(&Entry{key: keyN("k", i)})
	}
	d.RehashFor(time.Second)
	seen := scanAll(t, d, func(int) {})
	if len(seen) != 3000 {
		t.Fatalf("scan returned %d distinct keys, want 3000", len(seen))
	}
	for k, n := range seen {
		if n != 1 {
			t.Fatalf("key %q returned %d times", k, n)
		}
	}
}
