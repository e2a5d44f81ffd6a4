package engine

import (
	"strings"
	"testing"
)

// testEngine is an engine with the full command table for handler tests.
func testEngine(t testing.TB) *Engine {
	t.Helper()
	e := New(Commands, Settings{Databases: 16, MaxClients: 10000, EnableDebugCommand: true})
	e.DumpDir = t.TempDir()
	return e
}

// testClient registers a client on e.
func testClient(e *Engine) *Client { return e.NewClient("127.0.0.1:40000", "127.0.0.1:6379", 7) }

// do runs one command through the dispatcher as a network client would and
// returns the raw RESP reply.
func do(e *Engine, cl *Client, args ...string) string {
	w := NewRespWriter(cl.Proto)
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	e.RunBatch(cl, w, [][][]byte{argv}, 0)
	return string(w.Buf)
}

// expect runs each command and compares its raw reply. Cases are written
// as {command words..., "=>", raw reply} with \r\n spelled out.
func expect(t *testing.T, e *Engine, cl *Client, cmd string, want string) {
	t.Helper()
	got := do(e, cl, strings.Fields(cmd)...)
	if got != want {
		t.Errorf("%s\n got: %q\nwant: %q", cmd, got, want)
	}
}
