package engine

import (
	"strconv"
	"testing"
)

// The string hot paths, measured through the whole executor path a network
// batch takes (RunBatch -> Dispatch -> Call -> handler -> RespWriter).

func strArgs(words ...string) [][]byte {
	out := make([][]byte, len(words))
	for i, w := range words {
		out[i] = []byte(w)
	}
	return out
}

// strHotPath is an engine with one client and a reused writer.
type strHotPath struct {
	e  *Engine
	cl *Client
	w  *RespWriter
}

func newStrHotPath(t testing.TB) *strHotPath {
	e := testEngine(t)
	return &strHotPath{e: e, cl: testClient(e), w: NewRespWriter(2)}
}

// run runs one batch and returns the reply (valid until the next run).
func (h *strHotPath) run(batch [][][]byte) string {
	h.w.Buf = h.w.Buf[:0]
	h.e.RunBatch(h.cl, h.w, batch, 0)
	return string(h.w.Buf)
}

func (h *strHotPath) runQuiet(batch [][][]byte) {
	h.w.Buf = h.w.Buf[:0]
	h.e.RunBatch(h.cl, h.w, batch, 0)
}

func BenchmarkDispatchGet(b *testing.B) {
	h := newStrHotPath(b)
	h.run([][][]byte{strArgs("SET", "key:000001", "value-of-some-length")})
	batch := [][][]byte{strArgs("GET", "key:000001")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batch)
	}
}

func BenchmarkDispatchSet(b *testing.B) {
	h := newStrHotPath(b)
	batch := [][][]byte{strArgs("SET", "key:000001", "value-of-some-length")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batch)
	}
}

// BenchmarkDispatchSetNewKeys inserts a fresh key each time (entry, key and
// value allocations, plus the dict's growth).
func BenchmarkDispatchSetNewKeys(b *testing.B) {
	h := newStrHotPath(b)
	keys := make([][]byte, b.N)
	for i := range keys {
		keys[i] = []byte("key:" + strconv.Itoa(i))
	}
	val := []byte("value-of-some-length")
	batch := [][][]byte{{[]byte("SET"), nil, val}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		batch[0][1] = keys[i]
		h.runQuiet(batch)
	}
}

func BenchmarkDispatchIncr(b *testing.B) {
	h := newStrHotPath(b)
	batch := [][][]byte{strArgs("INCR", "counter")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batch)
	}
}

// TestHotPathAllocations pins the allocation budget of GET, SET and INCR
// through the dispatcher: nothing beyond the stored data.
func TestHotPathAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	h := newStrHotPath(t)
	h.run([][][]byte{strArgs("SET", "k", "some value")})
	h.run([][][]byte{strArgs("SET", "n", "41")})
	cases := []struct {
		name  string
		batch [][][]byte
		want  string
		max   float64
	}{
		{"GET hit", [][][]byte{strArgs("GET", "k")}, "$10\r\nsome value\r\n", 0},
		{"GET miss", [][][]byte{strArgs("GET", "nokey")}, "$-1\r\n", 0},
		// The first INCR switches the key to a reusable counter buffer;
		// AllocsPerRun's warm-up run absorbs it.
		{"INCR existing", [][][]byte{strArgs("INCR", "n")}, "", 0},
		{"DECRBY existing", [][][]byte{strArgs("DECRBY", "n", "2")}, "", 0},
		{"SET overwrite", [][][]byte{strArgs("SET", "k", "some value")}, "+OK\r\n", 1}, // the value string
		{"MGET", [][][]byte{strArgs("MGET", "k", "nokey")}, "*2\r\n$10\r\nsome value\r\n$-1\r\n", 0},
		{"STRLEN", [][][]byte{strArgs("STRLEN", "k")}, ":10\r\n", 0},
		{"GETBIT", [][][]byte{strArgs("GETBIT", "k", "3")}, ":1\r\n", 0},
	}
	for _, tc := range cases {
		got := testing.AllocsPerRun(200, func() { h.runQuiet(tc.batch) })
		if got > tc.max {
			t.Errorf("%s: %.1f allocations per run, want <= %.0f", tc.name, got, tc.max)
		}
		if reply := h.run(tc.batch); tc.want != "" && reply != tc.want {
			t.Errorf("%s: reply %q, want %q", tc.name, reply, tc.want)
		}
	}
	// 41, plus 202 INCRs (AllocsPerRun's warm-up, 200 runs, one checked
	// run), minus 202 DECRBY 2.
	if got, want := h.run([][][]byte{strArgs("GET", "n")}), "$4\r\n-161\r\n"; got != want {
		t.Errorf("counter reads back as %q, want %q", got, want)
	}
}

// BenchmarkDispatchGetRandom is GET of random keys among a million, as
// redis-benchmark -r 1000000 sends them: the keyspace lookup misses the CPU
// caches as it does in the server.
func BenchmarkDispatchGetRandom(b *testing.B) {
	benchRandom(b, 1000000, func(i int) []string { return []string{"SET", "key:" + strconv.Itoa(i), "xxx"} },
		func(i int) []string { return []string{"GET", "key:" + strconv.Itoa(i)} })
}

// BenchmarkDispatchIncrRandom is INCR of random counters among a million:
// the counter's value misses the CPU caches as it does in the server.
func BenchmarkDispatchIncrRandom(b *testing.B) {
	counter := func(i int) []string { return []string{"INCR", "key:" + strconv.Itoa(i)} }
	benchRandom(b, 1000000, counter, counter)
}

// benchRandom fills n items with fill(0..n-1), then times cmd on items in a
// scattered order (a multiplicative hash of the iteration), so that the
// lookups miss the CPU caches as the server's do under redis-benchmark -r.
func benchRandom(b *testing.B, n int, fill, cmd func(i int) []string) {
	h := newStrHotPath(b)
	for i := 0; i < n; i++ {
		h.runQuiet([][][]byte{strArgs(fill(i)...)})
	}
	batches := make([][][][]byte, 1<<16)
	for i := range batches {
		batches[i] = [][][]byte{strArgs(cmd(int(uint32(i) * 2654435761 % uint32(n)))...)}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.runQuiet(batches[i%len(batches)])
	}
}
