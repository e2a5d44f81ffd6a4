package engine_test

import (
	"strings"
	"testing"

	"luakv/engine"
	"luakv/txn"
)

// maxmemory with transactions: the replies are redis-server 7.0.15's for
// the same sequence (client 1 changes maxmemory between client 0's
// commands).
func TestMaxMemoryMulti(t *testing.T) {
	const (
		oom         = "-OOM command not allowed when used memory > 'maxmemory'.\r\n"
		abortOOM    = "-EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.\r\n"
		abortBefore = "-EXECABORT Transaction discarded because of previous errors.\r\n"
	)
	e, cls := txnEngine(2)
	// A fake EVAL whose shebang makes it deny-oom, as the scripting layer's
	// GateFlags does: "#!" without allow-oom.
	eval := e.Table().Get("eval")
	eval.Proc = func(c *engine.Ctx) { c.OK() }
	eval.GateFlags = func(args [][]byte) engine.Flag {
		body := string(args[1])
		if strings.HasPrefix(body, "#!") && !strings.Contains(body, "allow-oom") {
			return eval.Flags | engine.DenyOOM | engine.Write
		}
		return eval.Flags
	}
	steps := []struct {
		who       int
		cmd, want string
	}{
		{0, "SET x 1", "+OK\r\n"},
		// Queued before the limit, refused at EXEC for its deny-oom SET.
		{0, "MULTI", "+OK\r\n"},
		{0, "SET x 2", "+QUEUED\r\n"},
		{0, "GET x", "+QUEUED\r\n"},
		{1, "CONFIG SET maxmemory 1", "+OK\r\n"},
		{0, "EXEC", abortOOM},
		{0, "GET x", "$1\r\n1\r\n"},
		// Over the limit, MULTI queues nothing.
		{0, "MULTI", "+OK\r\n"},
		{0, "GET x", oom},
		{0, "PING", oom},
		{0, "EXEC", abortBefore},
		{0, "MULTI", "+OK\r\n"},
		{0, "MULTI", oom},
		{0, "DISCARD", "+OK\r\n"},
		{0, "MULTI", "+OK\r\n"},
		{0, "WATCH x", oom},
		{0, "RESET", "+RESET\r\n"},
		{0, "MULTI", "+OK\r\n"},
		{0, "CONFIG SET maxmemory 0", oom},
		{0, "EXEC", abortBefore},
		// A queue without deny-oom commands runs over the limit.
		{1, "CONFIG SET maxmemory 0", "+OK\r\n"},
		{0, "MULTI", "+OK\r\n"},
		{0, "GET x", "+QUEUED\r\n"},
		{0, "PING", "+QUEUED\r\n"},
		{0, "DEL nokey", "+QUEUED\r\n"},
		{1, "CONFIG SET maxmemory 1", "+OK\r\n"},
		{0, "EXEC", "*3\r\n$1\r\n1\r\n+PONG\r\n:0\r\n"},
		{0, "WATCH x", "+OK\r\n"},
		{0, "MULTI", "+OK\r\n"},
		{0, "SET x 3", oom},
		{0, "EXEC", abortBefore},
		// A queued call is judged by its GateFlags, as Redis queues EVAL
		// with the flags its shebang implies.
		{1, "CONFIG SET maxmemory 0", "+OK\r\n"},
		{0, "MULTI", "+OK\r\n"},
		{0, "EVAL #! 0", "+QUEUED\r\n"},
		{1, "CONFIG SET maxmemory 1", "+OK\r\n"},
		{0, "EXEC", abortOOM},
		{1, "CONFIG SET maxmemory 0", "+OK\r\n"},
		{0, "MULTI", "+OK\r\n"},
		{0, "EVAL #!flags=allow-oom 0", "+QUEUED\r\n"},
		{0, "EVAL noshebang 0", "+QUEUED\r\n"},
		{1, "CONFIG SET maxmemory 1", "+OK\r\n"},
		{0, "EXEC", "*2\r\n+OK\r\n+OK\r\n"},
		{0, "MULTI", "+OK\r\n"},
		{0, "QUIT", "+OK\r\n"},
	}
	for i, s := range steps {
		if got := run(e, cls[s.who], s.cmd); got != s.want {
			t.Errorf("step %d: %s\n got: %q\nwant: %q", i+1, s.cmd, got, s.want)
		}
	}
	// A refused EXEC counts EXECABORT, its queued commands' refusals OOM.
	st := e.Stats()
	if st.ErrorCodes["OOM"] != 6 || st.ErrorCodes["EXECABORT"] != 5 {
		t.Errorf("errorstats %v", st.ErrorCodes)
	}
	if st := e.CommandStatsOf(e.Table().Get("exec")); st.RejectedCalls != 2 {
		t.Errorf("exec stats %+v", st)
	}
}

func txnEngine(clients int) (*engine.Engine, []*engine.Client) {
	e := engine.New(engine.Commands, engine.Settings{Databases: 16, MaxClients: 100})
	txn.Install(e)
	cls := make([]*engine.Client, clients)
	for i := range cls {
		cls[i] = e.NewClient("127.0.0.1:40000", "127.0.0.1:6379", 7)
	}
	return e, cls
}

func run(e *engine.Engine, cl *engine.Client, line string) string {
	args, _ := engine.SplitArgs([]byte(line))
	w := engine.NewRespWriter(cl.Proto)
	e.RunBatch(cl, w, [][][]byte{args}, 0)
	return string(w.Buf)
}
