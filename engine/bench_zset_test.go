package engine

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// Sorted set benchmarks through the whole executor path (RunBatch ->
// Dispatch -> handler -> RespWriter), reusing strHotPath.

// zbenchFill stores a skiplist set of n members "m<i>" with random scores
// under key, built directly (a million ZADDs through the dispatcher would
// dominate the benchmark's setup).
func zbenchFill(h *strHotPath, key string, n int) {
	lim := zsetLimits{maxEntries: 128, maxValue: 64}
	z := &ZSet{sl: newZskiplist()}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		z.add(lim, float64(r.IntN(n*4)), []byte("m"+strconv.Itoa(i)), 0)
	}
	h.e.Run(h.cl, h.w, func(c *Ctx) { c.DB.SetObject([]byte(key), z, false) })
}

// zbenchBatches pre-builds count single-command batches.
func zbenchBatches(count int, gen func(r *rand.Rand) [][]byte) [][][][]byte {
	r := rand.New(rand.NewPCG(3, 4))
	out := make([][][][]byte, count)
	for i := range out {
		out[i] = [][][]byte{gen(r)}
	}
	return out
}

// BenchmarkZSetScaling shows ZADD (moving an existing member), ZRANK and
// ZRANGEBYSCORE (10 members from a random score) are O(log n): ns/op
// grows little from 1k to 1M members, mostly from cache misses.
func BenchmarkZSetScaling(b *testing.B) {
	for _, n := range []int{1000, 1000000} {
		name := strconv.Itoa(n/1000) + "k"
		if n >= 1000000 {
			name = strconv.Itoa(n/1000000) + "M"
		}
		h := newStrHotPath(b)
		zbenchFill(h, "z", n)
		cases := []struct {
			cmd string
			gen func(r *rand.Rand) [][]byte
		}{
			{"ZADD", func(r *rand.Rand) [][]byte {
				return strArgs("ZADD", "z", strconv.Itoa(r.IntN(n*4)), "m"+strconv.Itoa(r.IntN(n)))
			}},
			{"ZRANK", func(r *rand.Rand) [][]byte {
				return strArgs("ZRANK", "z", "m"+strconv.Itoa(r.IntN(n)))
			}},
			{"ZRANGEBYSCORE", func(r *rand.Rand) [][]byte {
				return strArgs("ZRANGEBYSCORE", "z", strconv.Itoa(r.IntN(n*4)), "+inf", "LIMIT", "0", "10")
			}},
		}
		for _, tc := range cases {
			batches := zbenchBatches(4096, tc.gen)
			b.Run(tc.cmd+"/"+name, func(b *testing.B) {
				// ZADD gets a fresh score each time, so that it moves the
				// member rather than finding its score unchanged.
				r := rand.New(rand.NewPCG(5, 6))
				var score [20]byte
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					batch := batches[i&4095]
					if tc.cmd == "ZADD" {
						batch[0][2] = strconv.AppendInt(score[:0], int64(r.IntN(n*4)), 10)
					}
					h.runQuiet(batch)
				}
			})
		}
	}
}

// BenchmarkDispatchZadd is redis-benchmark's ZADD: a random score for a
// member of a large set.
func BenchmarkDispatchZadd(b *testing.B) {
	h := newStrHotPath(b)
	zbenchFill(h, "myzset", 100000)
	batches := zbenchBatches(4096, func(r *rand.Rand) [][]byte {
		return strArgs("ZADD", "myzset", strconv.Itoa(r.IntN(100000)), "element:"+strconv.Itoa(r.IntN(100000)))
	})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batches[i&4095])
	}
}

// BenchmarkDispatchZaddSmall updates a member of a small (packed) set.
func BenchmarkDispatchZaddSmall(b *testing.B) {
	h := newStrHotPath(b)
	args := []string{"ZADD", "small"}
	for i := 0; i < 10; i++ {
		args = append(args, strconv.Itoa(i), "member:"+strconv.Itoa(i))
	}
	h.run([][][]byte{strArgs(args...)})
	batches := zbenchBatches(4096, func(r *rand.Rand) [][]byte {
		return strArgs("ZADD", "small", strconv.Itoa(r.IntN(20)), "member:"+strconv.Itoa(r.IntN(10)))
	})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batches[i&4095])
	}
}

// BenchmarkDispatchZrangebyscore100 returns 100 members with scores.
func BenchmarkDispatchZrangebyscore100(b *testing.B) {
	h := newStrHotPath(b)
	zbenchFill(h, "z", 10000)
	batch := [][][]byte{strArgs("ZRANGEBYSCORE", "z", "1000", "+inf", "WITHSCORES", "LIMIT", "0", "100")}
	if got := h.run(batch); got[:5] != "*200\r" {
		b.Fatalf("unexpected reply %q", got[:10])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batch)
	}
}

// BenchmarkDispatchZpopmin pops from and refills a small set.
func BenchmarkDispatchZpopmin(b *testing.B) {
	h := newStrHotPath(b)
	batch := [][][]byte{strArgs("ZADD", "p", "1", "a"), strArgs("ZPOPMIN", "p")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batch)
	}
}
