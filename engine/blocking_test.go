package engine

import (
	"slices"
	"testing"
	"time"
)

// cmdTestPop is a blocking test command: TPOP key timeout-ms returns and
// deletes key's string value, parking the client while key is missing.
func cmdTestPop(c *Ctx) {
	if en := c.DB.LookupWrite(c.Args[1]); en != nil && en.IsString() {
		c.WriteBulk(en.StringBytes())
		c.DB.Delete(c.Args[1])
		return
	}
	if !c.CanBlock() && !c.Retrying() {
		c.WriteNull()
		return
	}
	ms, _ := ParseInt(c.Args[2])
	c.Block(c.Args[1:2], time.Duration(ms)*time.Millisecond, func(w Writer) { w.WriteNullArray() })
}

func blockingEngine(t *testing.T) *Engine {
	rows := append(slices.Clone(Commands), Command{Name: "tpop", Arity: 3, Flags: Write | Blocking, Keys: Range(1, 1, 1), Proc: cmdTestPop})
	return New(rows, Settings{Databases: 16, MaxClients: 100})
}

func runArgs(e *Engine, cl *Client, w *RespWriter, cmds ...[]string) int {
	var batch [][][]byte
	for _, cmd := range cmds {
		var argv [][]byte
		for _, a := range cmd {
			argv = append(argv, []byte(a))
		}
		batch = append(batch, argv)
	}
	return e.RunBatch(cl, w, batch, 0)
}

func waitDone(t *testing.T, p *BlockedOn) string {
	t.Helper()
	select {
	case <-p.Done:
		return string(p.Reply.Buf)
	case <-time.After(2 * time.Second):
		t.Fatal("parked command never replied")
		return ""
	}
}

func TestBlockServedByWriteFIFO(t *testing.T) {
	e := blockingEngine(t)
	a, b, c := testClient(e), testClient(e), testClient(e)
	wa, wb, wc := NewRespWriter(2), NewRespWriter(2), NewRespWriter(2)
	// a parks; the command after it in the batch waits.
	if n := runArgs(e, a, wa, []string{"ping"}, []string{"tpop", "k", "0"}, []string{"ping"}); n != 2 {
		t.Fatalf("ran %d commands, want 2 (stop at the parked one)", n)
	}
	if string(wa.Buf) != "+PONG\r\n" {
		t.Fatalf("replies before parking: %q", wa.Buf)
	}
	pa := a.Parked()
	runArgs(e, b, wb, []string{"tpop", "k", "0"})
	pb := b.Parked()
	if pa == nil || pb == nil || e.BlockedClients() != 2 {
		t.Fatal("clients not parked")
	}
	// The first to park is served first; the second stays parked.
	runArgs(e, c, wc, []string{"set", "k", "v1"})
	if got := waitDone(t, pa); got != "$2\r\nv1\r\n" {
		t.Fatalf("a got %q", got)
	}
	if b.IsBlocked() != true {
		t.Fatal("b should still be parked")
	}
	runArgs(e, c, wc, []string{"set", "k", "v2"})
	if got := waitDone(t, pb); got != "$2\r\nv2\r\n" {
		t.Fatalf("b got %q", got)
	}
	if e.BlockedClients() != 0 || e.BlockingKeys() != 0 {
		t.Fatalf("registry not empty: %d clients, %d keys", e.BlockedClients(), e.BlockingKeys())
	}
}

func TestBlockTimeoutUnblockAndDisconnect(t *testing.T) {
	e := blockingEngine(t)
	a, b := testClient(e), testClient(e)
	runArgs(e, a, NewRespWriter(2), []string{"tpop", "k", "30"})
	if got := waitDone(t, a.Parked()); got != "*-1\r\n" {
		t.Fatalf("timeout reply %q", got)
	}
	runArgs(e, a, NewRespWriter(2), []string{"tpop", "k", "0"})
	p := a.Parked()
	e.mu.Lock()
	e.UnblockClient(a, "UNBLOCKED client unblocked via CLIENT UNBLOCK")
	e.mu.Unlock()
	if got := waitDone(t, p); got != "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n" {
		t.Fatalf("unblock reply %q", got)
	}
	runArgs(e, a, NewRespWriter(2), []string{"tpop", "k", "0"})
	e.RemoveClient(a)
	if e.BlockedClients() != 0 || e.BlockingKeys() != 0 {
		t.Fatal("a disconnected client stays parked")
	}
	// Inside a non-blocking context the command answers at once.
	b.NoBlock = true
	w := NewRespWriter(2)
	runArgs(e, b, w, []string{"tpop", "k", "0"})
	if b.Parked() != nil || string(w.Buf) != "$-1\r\n" {
		t.Fatalf("non-blocking form: parked=%v reply %q", b.Parked() != nil, w.Buf)
	}
}
