package txn_test

import (
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"luakv/cmd/server/serve"
	"luakv/engine"
	"luakv/txn"
)

// startServer serves a fresh engine with transactions on a loopback port.
func startServer(t testing.TB) (*engine.Engine, string) {
	t.Helper()
	e := newEngine(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := serve.New(e, ln)
	go srv.Serve()
	t.Cleanup(srv.Close)
	return e, ln.Addr().String()
}

// replay plays a scenario over real connections to addr and reports
// replies that differ from the recorded ones.
func replay(t *testing.T, addr string, s scenario) {
	conns := map[int]*respConn{}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i, st := range s.steps {
		if d, ok := sleepOf(st.cmd); ok {
			time.Sleep(d)
			continue
		}
		c := conns[st.conn]
		if c == nil {
			c = dialRESP(t, addr)
			conns[st.conn] = c
		}
		if st.want == "" {
			// No reply (CLIENT REPLY OFF or SKIP): the next reply shows
			// nothing came.
			c.send(words(st.cmd)...)
			continue
		}
		if got := c.do(st.cmd); st.want != "?" && got != st.want {
			t.Errorf("step %d: @%d %s\n got: %q\nwant: %q", i, st.conn, st.cmd, got, st.want)
		}
	}
}

// TestScenariosOverSockets plays the recorded scenarios through the
// network layer, each on a fresh server.
func TestScenariosOverSockets(t *testing.T) {
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			_, addr := startServer(t)
			replay(t, addr, s)
		})
	}
}

// watchCount reads the number of watches inside the executor.
func watchCount(e *engine.Engine) int {
	n := 0
	e.Run(&engine.Client{}, engine.NewRespWriter(2), func(*engine.Ctx) { n = e.Txn.(*txn.Txn).WatchCount() })
	return n
}

// waitWatchCount waits until the registry holds n watches.
func waitWatchCount(t *testing.T, e *engine.Engine, n int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for watchCount(e) != n {
		if time.Now().After(deadline) {
			t.Fatalf("watch count %d, want %d", watchCount(e), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestServerPipelinedTransaction sends a whole transaction in one write,
// as clients pipeline it, and checks the replies (recorded from
// redis-server 7.0.15 for the same bytes).
func TestServerPipelinedTransaction(t *testing.T) {
	_, addr := startServer(t)
	c := dialRESP(t, addr)
	defer c.Close()
	var b []byte
	for _, line := range []string{"multi", "incr a", "incr b", "get a", "exec", "multi", "incr a", "nosuch", "exec", "mget a b"} {
		b = appendCommand(b, words(line)...)
	}
	if _, err := c.nc.Write(b); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{
		"+OK\r\n", "+QUEUED\r\n", "+QUEUED\r\n", "+QUEUED\r\n", "*3\r\n:1\r\n:1\r\n$1\r\n1\r\n",
		"+OK\r\n", "+QUEUED\r\n", "-ERR unknown command 'nosuch', with args beginning with: \r\n",
		"-EXECABORT Transaction discarded because of previous errors.\r\n", "*2\r\n$1\r\n1\r\n$1\r\n1\r\n",
	} {
		if got := c.read(); got != want {
			t.Errorf("reply %d: got %q, want %q", i, got, want)
		}
	}
}

// TestServerQuitInsideMulti checks that QUIT inside MULTI answers +OK,
// closes the connection, runs nothing queued and drops the watches.
func TestServerQuitInsideMulti(t *testing.T) {
	e, addr := startServer(t)
	a, b := dialRESP(t, addr), dialRESP(t, addr)
	defer a.Close()
	defer b.Close()
	for _, s := range []step{
		{0, "watch k other", "+OK\r\n"},
		{0, "multi", "+OK\r\n"},
		{0, "set k 1", "+QUEUED\r\n"},
		{0, "quit", "+OK\r\n"},
	} {
		if got := a.do(s.cmd); got != s.want {
			t.Fatalf("%s: got %q, want %q", s.cmd, got, s.want)
		}
	}
	a.nc.SetReadDeadline(time.Now().Add(2 * time.Second))
	if n, err := a.nc.Read(make([]byte, 16)); n != 0 || !errors.Is(err, io.EOF) {
		t.Errorf("after QUIT: read %d bytes, %v; want EOF", n, err)
	}
	if got := b.do("get k"); got != "$-1\r\n" {
		t.Errorf("queued SET ran: get k = %q", got)
	}
	waitWatchCount(t, e, 0)
}

// TestServerDisconnectDropsWatches checks that a connection that goes
// away, or is killed, leaves no watch behind, while the others keep theirs.
func TestServerDisconnectDropsWatches(t *testing.T) {
	e, addr := startServer(t)
	a, b, c := dialRESP(t, addr), dialRESP(t, addr), dialRESP(t, addr)
	defer c.Close()
	a.do("watch k1 k2")
	b.do("watch k1")
	id := b.do("client id")
	c.do("watch k2")
	waitWatchCount(t, e, 4)
	a.Close()
	waitWatchCount(t, e, 2)
	if got := c.do("client kill id " + id[1:len(id)-2]); got != ":1\r\n" {
		t.Fatalf("client kill: %q", got)
	}
	waitWatchCount(t, e, 1)
	b.Close()
	c.do("multi")
	c.do("ping")
	if got := c.do("exec"); got != "*1\r\n+PONG\r\n" {
		t.Errorf("exec: %q", got)
	}
	waitWatchCount(t, e, 0)
}

// TestServerWatchAcrossConnections: a key watched on one connection and
// written on another fails the EXEC; written in another database, it does
// not.
func TestServerWatchAcrossConnections(t *testing.T) {
	_, addr := startServer(t)
	a, b := dialRESP(t, addr), dialRESP(t, addr)
	defer a.Close()
	defer b.Close()
	for _, s := range []step{
		{0, "set k 1", "+OK\r\n"},
		{0, "watch k", "+OK\r\n"},
		{1, "select 1", "+OK\r\n"},
		{1, "set k 2", "+OK\r\n"},
		{0, "multi", "+OK\r\n"},
		{0, "incr k", "+QUEUED\r\n"},
		{0, "exec", "*1\r\n:2\r\n"},
		{0, "watch k", "+OK\r\n"},
		{1, "select 0", "+OK\r\n"},
		{1, "incr k", ":3\r\n"},
		{0, "multi", "+OK\r\n"},
		{0, "incr k", "+QUEUED\r\n"},
		{0, "exec", "*-1\r\n"},
		{0, "get k", "$1\r\n3\r\n"},
	} {
		c := a
		if s.conn == 1 {
			c = b
		}
		if got := c.do(s.cmd); got != s.want {
			t.Errorf("@%d %s: got %q, want %q", s.conn, s.cmd, got, s.want)
		}
	}
}

// TestServerAgainstRedis replays the socket tests' transactions on a live
// redis-server too (LUAKV_DIFF_REDIS), to keep their expectations honest.
func TestServerAgainstRedis(t *testing.T) {
	addr := redisAddr(t)
	admin := dialRESP(t, addr)
	admin.do("flushall")
	admin.Close()
	replay(t, addr, scenario{"across connections", []step{
		{0, "set k 1", "+OK\r\n"},
		{0, "watch k", "+OK\r\n"},
		{1, "select 1", "+OK\r\n"},
		{1, "set k 2", "+OK\r\n"},
		{0, "multi", "+OK\r\n"},
		{0, "incr k", "+QUEUED\r\n"},
		{0, "exec", "*1\r\n:2\r\n"},
		{0, "watch k", "+OK\r\n"},
		{1, "select 0", "+OK\r\n"},
		{1, "incr k", ":3\r\n"},
		{0, "multi", "+OK\r\n"},
		{0, "incr k", "+QUEUED\r\n"},
		{0, "exec", "*-1\r\n"},
		{0, "get k", "$1\r\n3\r\n"},
		{2, "multi", "+OK\r\n"},
		{2, "incr a", "+QUEUED\r\n"},
		{2, "incr b", "+QUEUED\r\n"},
		{2, "get a", "+QUEUED\r\n"},
		{2, "exec", "*3\r\n:1\r\n:1\r\n$1\r\n1\r\n"},
		{2, "multi", "+OK\r\n"},
		{2, "incr a", "+QUEUED\r\n"},
		{2, "nosuch", "-ERR unknown command 'nosuch', with args beginning with: \r\n"},
		{2, "exec", "-EXECABORT Transaction discarded because of previous errors.\r\n"},
		{2, "mget a b", "*2\r\n$1\r\n1\r\n$1\r\n1\r\n"},
		{3, "watch k other", "+OK\r\n"},
		{3, "multi", "+OK\r\n"},
		{3, "set k 1", "+QUEUED\r\n"},
		{3, "quit", "+OK\r\n"},
		{0, "get k", "$1\r\n3\r\n"},
	}})
}
