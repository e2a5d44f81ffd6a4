package serve

import (
	"net"
	"slices"
	"testing"
	"time"

	"luakv/engine"
)

// tpop key timeout-ms: a blocking test command built on the engine's
// parking API: it pops key's string value, parking while key is missing.
func tpop(c *engine.Ctx) {
	if en := c.DB.LookupWrite(c.Args[1]); en != nil && en.IsString() {
		c.WriteBulk(en.StringBytes())
		c.DB.Delete(c.Args[1])
		return
	}
	if !c.CanBlock() && !c.Retrying() {
		c.WriteNull()
		return
	}
	ms, _ := engine.ParseInt(c.Args[2])
	c.Block(c.Args[1:2], time.Duration(ms)*time.Millisecond, func(w engine.Writer) { w.WriteNullArray() })
}

func startBlockingServer(t *testing.T) (*engine.Engine, string) {
	t.Helper()
	rows := append(slices.Clone(engine.Commands), engine.Command{Name: "tpop", Arity: 3, Flags: engine.Write | engine.Blocking, Keys: engine.Range(1, 1, 1), Proc: tpop})
	e := engine.New(rows, engine.Settings{Databases: 16, MaxClients: 100})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(e, ln)
	go s.Serve()
	t.Cleanup(s.Close)
	return e, ln.Addr().String()
}

// A parked client's pipeline resumes after the wake-up, the replies before
// the parked command arrive at once, and a write from another connection
// wakes it.
func TestParkedPipelineOverSocket(t *testing.T) {
	_, addr := startBlockingServer(t)
	a, b := dial(t, addr), dial(t, addr)
	a.sendRaw(append(append(encode("PING"), encode("tpop", "k", "0")...), encode("ECHO", "after")...))
	if got := a.read(len("+PONG\r\n")); got != "+PONG\r\n" {
		t.Fatalf("before parking: %q", got)
	}
	a.sendRaw(encode("ECHO", "sent-while-parked"))
	time.Sleep(50 * time.Millisecond)
	b.expect("+OK\r\n", "SET", "k", "v")
	want := "$1\r\nv\r\n$5\r\nafter\r\n$17\r\nsent-while-parked\r\n"
	if got := a.read(len(want)); got != want {
		t.Fatalf("after wake-up: %q", got)
	}
}

// A parked client that disconnects is forgotten; one that times out gets
// the timeout reply.
func TestParkedDisconnectAndTimeout(t *testing.T) {
	e, addr := startBlockingServer(t)
	a := dial(t, addr)
	a.send("tpop", "k", "0")
	// Wait for the server to read and park the command: how long that
	// takes depends on the machine's load.
	deadline := time.Now().Add(5 * time.Second)
	for blockedCount(e) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if blockedCount(e) != 1 {
		t.Fatalf("blocked clients %d, want 1", blockedCount(e))
	}
	a.nc.Close()
	deadline = time.Now().Add(2 * time.Second)
	for blockedCount(e) != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if blockedCount(e) != 0 {
		t.Fatal("disconnected client still parked")
	}
	c := dial(t, addr)
	c.expect("*-1\r\n", "tpop", "k", "50")
}

// blockedCount reads the number of parked clients inside the executor.
func blockedCount(e *engine.Engine) (n int) {
	cl := e.NewClient("127.0.0.1:1", "127.0.0.1:2", -1)
	defer e.RemoveClient(cl)
	e.Run(cl, engine.NewRespWriter(2), func(c *engine.Ctx) { n = c.E.BlockedClients() })
	return n
}
