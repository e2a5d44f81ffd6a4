package lua_test

import (
	"os"
	"testing"

	"luakv/engine"
	"luakv/lua"
)

func newEngine(tb testing.TB) *engine.Engine {
	e := engine.New(engine.Commands, engine.Settings{})
	lua.Install(e)
	return e
}

func args(words ...string) [][]byte {
	out := make([][]byte, len(words))
	for i, w := range words {
		out[i] = []byte(w)
	}
	return out
}

// run runs one command for cl and returns its raw reply.
func run(e *engine.Engine, cl *engine.Client, words ...string) string {
	w := engine.NewRespWriter(2)
	e.RunBatch(cl, w, [][][]byte{args(words...)}, 0)
	return string(w.Buf)
}

// benchEvalSha runs EVALSHA of script with the given keys and arguments,
// through the whole executor path a network batch takes.
func benchEvalSha(b *testing.B, script string, rest ...string) {
	e := newEngine(b)
	cl := e.NewClient("127.0.0.1:1", "127.0.0.1:2", -1)
	reply := run(e, cl, "SCRIPT", "LOAD", script)
	sha := reply[len(reply)-42 : len(reply)-2]
	batch := [][][]byte{args(append([]string{"EVALSHA", sha}, rest...)...)}
	w := engine.NewRespWriter(2)
	e.RunBatch(cl, w, batch, 0)
	if w.Buf[0] == '-' {
		b.Fatalf("EVALSHA: %q", w.Buf)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.Buf = w.Buf[:0]
		e.RunBatch(cl, w, batch, 0)
	}
}

// BenchmarkEvalShaIncr is the INCR script of `make bench`. Allocations per
// call stay constant: no LState, proto, or KEYS/ARGV table per call.
func BenchmarkEvalShaIncr(b *testing.B) {
	benchEvalSha(b, "return redis.call('INCR', KEYS[1])", "1", "counter")
}

// BenchmarkEvalShaIncr2 is INCR a; INCR b as a script (compare
// txn.BenchmarkExec).
func BenchmarkEvalShaIncr2(b *testing.B) {
	benchEvalSha(b, "redis.call('INCR', KEYS[1]) return redis.call('INCR', KEYS[2])", "2", "a", "b")
}

// BenchmarkEvalShaBucket is the token bucket of scripts/token_bucket.lua
// (HMGET, TIME, arithmetic, HSET, PEXPIRE on two keys).
func BenchmarkEvalShaBucket(b *testing.B) {
	body, err := os.ReadFile("../scripts/token_bucket.lua")
	if err != nil {
		b.Fatal(err)
	}
	benchEvalSha(b, string(body), "2", "bucket", "refused", "100", "50", "1")
}
