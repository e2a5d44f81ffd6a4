package txn_test

import (
	"strconv"
	"testing"

	"luakv/engine"
)

// benchBatch runs batch for cl repeatedly, as one pipelined read each.
func benchBatch(b *testing.B, e *engine.Engine, cl *engine.Client, batch [][][]byte) {
	w := engine.NewRespWriter(2)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.Buf = w.Buf[:0]
		e.RunBatch(cl, w, batch, 0)
	}
}

func batchOf(lines ...string) [][][]byte {
	var out [][][]byte
	for _, l := range lines {
		out = append(out, words(l))
	}
	return out
}

// BenchmarkExec is MULTI, INCR a, INCR b, EXEC sent in one write. After
// the first round the queue's storage is reused: no allocation per queued
// command (nor per transaction).
func BenchmarkExec(b *testing.B) {
	e := newEngine(b)
	cl := newClient(e)
	benchBatch(b, e, cl, batchOf("multi", "incr a", "incr b", "exec"))
}

// BenchmarkExec16 is 16 transactions per round trip.
func BenchmarkExec16(b *testing.B) {
	e := newEngine(b)
	cl := newClient(e)
	var lines []string
	for i := 0; i < 16; i++ {
		lines = append(lines, "multi", "incr a", "incr b", "exec")
	}
	benchBatch(b, e, cl, batchOf(lines...))
}

// BenchmarkExecLargeArgs queues commands with 1 KiB values: the copies of
// the arguments land in reused storage too.
func BenchmarkExecLargeArgs(b *testing.B) {
	e := newEngine(b)
	cl := newClient(e)
	v := make([]byte, 1024)
	for i := range v {
		v[i] = 'x'
	}
	batch := [][][]byte{{[]byte("multi")}}
	for i := 0; i < 8; i++ {
		batch = append(batch, [][]byte{[]byte("set"), []byte("k" + strconv.Itoa(i)), v})
	}
	batch = append(batch, [][]byte{[]byte("exec")})
	benchBatch(b, e, cl, batch)
}

// BenchmarkWatchCAS is a client's CAS round: WATCH k, GET k, MULTI, SET,
// EXEC, with other clients watching other keys.
func BenchmarkWatchCAS(b *testing.B) {
	e := newEngine(b)
	for i := 0; i < 1000; i++ {
		do(e, newClient(e), "watch other:"+strconv.Itoa(i))
	}
	cl := newClient(e)
	benchBatch(b, e, cl, batchOf("watch k", "get k", "multi", "set k 1", "exec"))
}

// BenchmarkTouchUnwatched is a SET when keys are watched, but not this one:
// the key-modified hook's cost.
func BenchmarkTouchUnwatched(b *testing.B) {
	e := newEngine(b)
	for i := 0; i < 1000; i++ {
		do(e, newClient(e), "watch other:"+strconv.Itoa(i))
	}
	cl := newClient(e)
	benchBatch(b, e, cl, batchOf("set k v"))
}

// BenchmarkSetNoTxn is the same SET with no watch at all, for comparison.
func BenchmarkSetNoTxn(b *testing.B) {
	e := newEngine(b)
	cl := newClient(e)
	benchBatch(b, e, cl, batchOf("set k v"))
}
