package engine

import (
	"strconv"
	"testing"
)

// The hash hot paths, through the whole executor path a network batch
// takes, as bench_string_test.go measures strings.

// BenchmarkDispatchHset updates a field of a small (packed) hash, what
// redis-benchmark's HSET test does: no allocation.
func BenchmarkDispatchHset(b *testing.B) {
	h := newStrHotPath(b)
	h.run([][][]byte{strArgs("HSET", "myhash", "a", "1", "b", "2", "c", "3")})
	batch := [][][]byte{strArgs("HSET", "myhash", "element:__rand_int__", "xxx")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batch)
	}
}

// BenchmarkDispatchHsetNewKey creates a 10-field hash per command: the
// entry, its key and one packed allocation.
func BenchmarkDispatchHsetNewKey(b *testing.B) {
	h := newStrHotPath(b)
	args := strArgs("HSET", "", "field0", "val0", "field1", "val1", "field2", "val2", "field3", "val3",
		"field4", "val4", "field5", "val5", "field6", "val6", "field7", "val7", "field8", "val8", "field9", "val9")
	batch := [][][]byte{args}
	keys := make([][]byte, 1<<16)
	for i := range keys {
		keys[i] = []byte("user:" + strconv.Itoa(i))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i&(len(keys)-1) == 0 {
			h.runQuiet([][][]byte{strArgs("FLUSHALL")})
		}
		args[1] = keys[i&(len(keys)-1)]
		h.runQuiet(batch)
	}
}

// BenchmarkDispatchHsetBig adds and updates fields of a hash table
// (redis-benchmark's HSET with -r).
func BenchmarkDispatchHsetBig(b *testing.B) {
	h := newStrHotPath(b)
	fields := make([][]byte, 1<<17)
	for i := range fields {
		fields[i] = []byte("element:" + strconv.Itoa(i))
	}
	args := strArgs("HSET", "myhash", "", "xxx")
	batch := [][][]byte{args}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		args[2] = fields[i&(len(fields)-1)]
		h.runQuiet(batch)
	}
}

// BenchmarkDispatchHget reads a field of a small hash: no allocation.
func BenchmarkDispatchHget(b *testing.B) {
	h := newStrHotPath(b)
	h.run([][][]byte{strArgs("HSET", "myhash", "a", "1", "b", "2", "c", "3", "field", "value")})
	batch := [][][]byte{strArgs("HGET", "myhash", "field")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batch)
	}
}

// BenchmarkDispatchHgetall reads a 10-field packed hash.
func BenchmarkDispatchHgetall(b *testing.B) {
	h := newStrHotPath(b)
	args := strArgs("HSET", "myhash")
	for i := 0; i < 10; i++ {
		args = append(args, []byte("field"+strconv.Itoa(i)), []byte("value"+strconv.Itoa(i)))
	}
	h.run([][][]byte{args})
	batch := [][][]byte{strArgs("HGETALL", "myhash")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batch)
	}
}

// TestHashHotPathAllocs pins the allocation-free paths.
func TestHashHotPathAllocs(t *testing.T) {
	h := newStrHotPath(t)
	h.run([][][]byte{strArgs("HSET", "myhash", "a", "1", "b", "2", "field", "value")})
	for _, args := range [][][]byte{
		strArgs("HSET", "myhash", "field", "other"),
		strArgs("HGET", "myhash", "field"),
		strArgs("HMGET", "myhash", "a", "nope"),
		strArgs("HINCRBY", "myhash", "a", "1"),
		strArgs("HEXISTS", "myhash", "b"),
	} {
		batch := [][][]byte{args}
		h.runQuiet(batch)
		if n := testing.AllocsPerRun(100, func() { h.runQuiet(batch) }); n != 0 {
			t.Errorf("%s: %.1f allocations per run", args[0], n)
		}
	}
}
