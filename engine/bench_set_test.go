package engine

import (
	"strconv"
	"testing"
)

// The set hot paths through the whole executor path (see bench_string_test.go).

// BenchmarkDispatchSadd is redis-benchmark's SADD without -r: the same
// member again and again.
func BenchmarkDispatchSadd(b *testing.B) {
	h := newStrHotPath(b)
	batch := [][][]byte{strArgs("SADD", "myset", "element:__rand_int__")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batch)
	}
}

// BenchmarkDispatchSaddNew adds a new member each time (redis-benchmark
// -r), growing a hashtable set.
func BenchmarkDispatchSaddNew(b *testing.B) {
	h := newStrHotPath(b)
	batches := make([][][][]byte, b.N)
	for i := range batches {
		batches[i] = [][][]byte{strArgs("SADD", "myset", "element:"+strconv.Itoa(i))}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batches[i])
	}
}

// BenchmarkDispatchSaddIntset adds integers to a small intset.
func BenchmarkDispatchSaddIntset(b *testing.B) {
	h := newStrHotPath(b)
	batches := make([][][][]byte, 256)
	for i := range batches {
		batches[i] = [][][]byte{strArgs("SADD", "myset", strconv.Itoa(i))}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batches[i&255])
	}
}

func BenchmarkDispatchSismember(b *testing.B) {
	h := newStrHotPath(b)
	for i := 0; i < 1000; i++ {
		h.runQuiet([][][]byte{strArgs("SADD", "myset", "element:"+strconv.Itoa(i))})
	}
	batch := [][][]byte{strArgs("SISMEMBER", "myset", "element:500")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batch)
	}
}

// BenchmarkDispatchSpopSadd pops a random member and puts one back.
func BenchmarkDispatchSpopSadd(b *testing.B) {
	h := newStrHotPath(b)
	for i := 0; i < 1000; i++ {
		h.runQuiet([][][]byte{strArgs("SADD", "myset", "element:"+strconv.Itoa(i))})
	}
	batch := [][][]byte{strArgs("SPOP", "myset"), strArgs("SADD", "myset", "element:1")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batch)
	}
}

func BenchmarkDispatchSmembers100(b *testing.B) {
	h := newStrHotPath(b)
	for i := 0; i < 100; i++ {
		h.runQuiet([][][]byte{strArgs("SADD", "myset", "element:"+strconv.Itoa(i))})
	}
	batch := [][][]byte{strArgs("SMEMBERS", "myset")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batch)
	}
}

func BenchmarkDispatchSinter100(b *testing.B) {
	h := newStrHotPath(b)
	for i := 0; i < 200; i++ {
		h.runQuiet([][][]byte{strArgs("SADD", "a", "element:"+strconv.Itoa(i))})
		h.runQuiet([][][]byte{strArgs("SADD", "b", "element:"+strconv.Itoa(i+100))})
	}
	batch := [][][]byte{strArgs("SINTER", "a", "b")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batch)
	}
}

// BenchmarkDispatchSaddRandom is redis-benchmark's SADD with -r 100000 once
// the set is full: random members of a 100000-member set, each lookup
// missing the CPU caches as it does in the server.
func BenchmarkDispatchSaddRandom(b *testing.B) {
	member := func(i int) []string { return []string{"SADD", "myset", "element:" + strconv.Itoa(i)} }
	benchRandom(b, 100000, member, member)
}
