package engine

import "testing"

// The list hot paths redis-benchmark measures (LPUSH, LPOP, LRANGE of 100
// elements), through the whole executor path of a network batch.

// listBench runs batch b.N times on an engine where setup already ran.
func listBench(b *testing.B, setup [][]string, cmd ...string) {
	e := testEngine(b)
	cl := testClient(e)
	w := NewRespWriter(2)
	for _, s := range setup {
		do(e, cl, s...)
	}
	batch := [][][]byte{strArgs(cmd...)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.Buf = w.Buf[:0]
		e.RunBatch(cl, w, batch, 0)
	}
}

func BenchmarkDispatchLPush(b *testing.B) {
	listBench(b, nil, "LPUSH", "mylist", "xxx")
}

func BenchmarkDispatchRPush(b *testing.B) {
	listBench(b, nil, "RPUSH", "mylist", "xxx")
}

// BenchmarkDispatchLPop pops from a list kept long by pushing one element
// per pop in the same batch, as redis-benchmark's LPOP runs after LPUSH.
func BenchmarkDispatchLPop(b *testing.B) {
	e := testEngine(b)
	cl := testClient(e)
	w := NewRespWriter(2)
	push := strArgs("LPUSH", "mylist", "xxx")
	for i := 0; i < 1000; i++ {
		e.RunBatch(cl, w, [][][]byte{push}, 0)
	}
	batch := [][][]byte{strArgs("LPOP", "mylist"), push}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.Buf = w.Buf[:0]
		e.RunBatch(cl, w, batch, 0)
	}
}

func BenchmarkDispatchLRange100(b *testing.B) {
	setup := make([][]string, 0, 600)
	for i := 0; i < 600; i++ {
		setup = append(setup, []string{"LPUSH", "mylist", "xxx"})
	}
	listBench(b, setup, "LRANGE", "mylist", "0", "99")
}

func BenchmarkDispatchLIndexMiddle(b *testing.B) {
	setup := [][]string{}
	args := []string{"RPUSH", "big"}
	for i := 0; i < 1000; i++ {
		args = append(args, "element-of-some-length")
	}
	for i := 0; i < 1000; i++ {
		setup = append(setup, args)
	}
	listBench(b, setup, "LINDEX", "big", "500000")
}
