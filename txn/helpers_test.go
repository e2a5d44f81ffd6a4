package txn_test

import (
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"luakv/cmd/server/serve"
	"luakv/engine"
)

// newEngine builds the engine as the server does (transactions installed).
func newEngine(t testing.TB) *engine.Engine {
	t.Helper()
	return serve.NewEngine(engine.Settings{Databases: 16, MaxClients: 10000, EnableDebugCommand: true}, nil, nil)
}

// newClient registers a client on e.
func newClient(e *engine.Engine) *engine.Client {
	return e.NewClient("127.0.0.1:40000", "127.0.0.1:6379", 7)
}

// words splits a command line on spaces; "" stands for an empty argument.
func words(line string) [][]byte {
	var out [][]byte
	for _, w := range strings.Fields(line) {
		if w == `""` {
			w = ""
		}
		out = append(out, []byte(w))
	}
	return out
}

// do runs one command line for cl as a network client would and returns
// the raw reply.
func do(e *engine.Engine, cl *engine.Client, line string) string {
	w := engine.NewRespWriter(cl.Proto)
	e.RunBatch(cl, w, [][][]byte{words(line)}, 0)
	return string(w.Buf)
}

// step is one command of a scenario: the connection it is sent on, the
// command line, and the raw reply redis-server 7.0.15 gave ("?" for a
// reply that varies, such as HELLO's client id). "sleep N" waits N ms.
type step struct {
	conn int
	cmd  string
	want string
}

type scenario struct {
	name  string
	steps []step
}

// sleepOf returns the wait of a "sleep N" step.
func sleepOf(cmd string) (time.Duration, bool) {
	ms, ok := strings.CutPrefix(cmd, "sleep ")
	if !ok {
		return 0, false
	}
	n, _ := strconv.Atoi(ms)
	return time.Duration(n) * time.Millisecond, true
}

// runScenario plays s on a fresh engine, one client per connection number.
func runScenario(t *testing.T, s scenario) {
	e := newEngine(t)
	clients := map[int]*engine.Client{}
	for i, st := range s.steps {
		if d, ok := sleepOf(st.cmd); ok {
			time.Sleep(d)
			continue
		}
		cl := clients[st.conn]
		if cl == nil {
			cl = newClient(e)
			clients[st.conn] = cl
		}
		got := do(e, cl, st.cmd)
		if st.want != "?" && got != st.want {
			t.Errorf("step %d: @%d %s\n got: %q\nwant: %q", i, st.conn, st.cmd, got, st.want)
		}
	}
}

// redisAddr is the redis-server 7.0.15 the live checks compare with, from
// LUAKV_DIFF_REDIS (its data is flushed); the test is skipped without it.
func redisAddr(t *testing.T) string {
	addr := os.Getenv("LUAKV_DIFF_REDIS")
	if addr == "" {
		t.Skip("LUAKV_DIFF_REDIS not set")
	}
	return addr
}

// respConn is a raw RESP connection.
type respConn struct {
	t   testing.TB
	nc  net.Conn
	buf []byte // received, not yet returned
}

func dialRESP(t testing.TB, addr string) *respConn {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return &respConn{t: t, nc: nc}
}

func (c *respConn) Close() { c.nc.Close() }

// send writes one command without reading its reply.
func (c *respConn) send(args ...[]byte) {
	c.t.Helper()
	if _, err := c.nc.Write(appendCommand(nil, args...)); err != nil {
		c.t.Fatal(err)
	}
}

// do sends a command line and returns its raw reply.
func (c *respConn) do(line string) string {
	c.t.Helper()
	c.send(words(line)...)
	return c.read()
}

// read reads one whole raw reply, keeping what follows it for the next
// read; a reply cut short (an EXEC array under CLIENT REPLY OFF) is
// returned as it is once nothing more arrives.
func (c *respConn) read() string {
	c.t.Helper()
	wait := 5 * time.Second
	for {
		if end, ok := replyEnd(c.buf, 0); ok {
			r := string(c.buf[:end])
			c.buf = c.buf[:copy(c.buf, c.buf[end:])]
			return r
		}
		if len(c.buf) > 0 {
			wait = 300 * time.Millisecond
		}
		if cap(c.buf)-len(c.buf) < 4096 {
			c.buf = append(c.buf, make([]byte, 16<<10)...)[:len(c.buf)]
		}
		c.nc.SetReadDeadline(time.Now().Add(wait))
		n, err := c.nc.Read(c.buf[len(c.buf):cap(c.buf)])
		c.buf = c.buf[:len(c.buf)+n]
		if err != nil && n == 0 {
			if len(c.buf) > 0 {
				r := string(c.buf)
				c.buf = c.buf[:0]
				return r
			}
			c.t.Fatal(err)
		}
	}
}

// replyEnd returns the end of the RESP2/RESP3 reply starting at b[i], and
// false while it is incomplete.
func replyEnd(b []byte, i int) (int, bool) {
	j := strings.Index(string(b[i:]), "\r\n")
	if j < 0 || i >= len(b) {
		return 0, false
	}
	n, _ := strconv.Atoi(string(b[i+1 : i+j]))
	end := i + j + 2
	switch b[i] {
	case '$', '=', '!':
		if n < 0 {
			return end, true
		}
		if len(b) < end+n+2 {
			return 0, false
		}
		return end + n + 2, true
	case '*', '~', '>', '%', '|':
		if b[i] == '%' || b[i] == '|' {
			n *= 2
		}
		for k := 0; k < n; k++ {
			var ok bool
			if end, ok = replyEnd(b, end); !ok {
				return 0, false
			}
		}
	}
	return end, true
}

func appendCommand(b []byte, args ...[]byte) []byte {
	b = append(b, '*')
	b = strconv.AppendInt(b, int64(len(args)), 10)
	b = append(b, "\r\n"...)
	for _, a := range args {
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(len(a)), 10)
		b = append(b, "\r\n"...)
		b = append(b, a...)
		b = append(b, "\r\n"...)
	}
	return b
}

func sleep(d time.Duration) { time.Sleep(d) }
