package serve

import (
	"bytes"
	"errors"
	"io"
	"net"
	"strconv"
	"testing"
	"time"

	"luakv/engine"
)

// startServer serves a fresh engine with settings on a free loopback port
// and stops it when the test ends.
func startServer(t *testing.T, settings engine.Settings) (*engine.Engine, string) {
	t.Helper()
	if settings.Databases == 0 {
		settings.Databases = 16
	}
	e := engine.New(engine.Commands, settings)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(e, ln)
	done := make(chan error, 1)
	go func() { done <- s.Serve() }()
	t.Cleanup(func() {
		s.Close()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return e, ln.Addr().String()
}

// testConn is a raw client connection.
type testConn struct {
	t  *testing.T
	nc net.Conn
}

func dial(t *testing.T, addr string) *testConn {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	return &testConn{t: t, nc: nc}
}

// encode builds a multibulk request.
func encode(args ...string) []byte {
	b := []byte("*" + strconv.Itoa(len(args)) + "\r\n")
	for _, a := range args {
		b = append(b, "$"+strconv.Itoa(len(a))+"\r\n"+a+"\r\n"...)
	}
	return b
}

func (c *testConn) send(args ...string) { c.sendRaw(encode(args...)) }

func (c *testConn) sendRaw(b []byte) {
	c.t.Helper()
	if _, err := c.nc.Write(b); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// read reads exactly n bytes, failing after a timeout.
func (c *testConn) read(n int) string {
	c.t.Helper()
	c.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, n)
	got, err := io.ReadFull(c.nc, buf)
	if err != nil {
		c.t.Fatalf("read %d bytes: got %q, %v", n, buf[:got], err)
	}
	return string(buf)
}

// expect sends args and checks the raw reply.
func (c *testConn) expect(want string, args ...string) {
	c.t.Helper()
	c.send(args...)
	if got := c.read(len(want)); got != want {
		c.t.Errorf("%q\n got: %q\nwant: %q", args, got, want)
	}
}

// expectClosed checks that the server closed the connection with nothing
// more to read.
func (c *testConn) expectClosed() {
	c.t.Helper()
	c.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	var buf [64]byte
	n, err := c.nc.Read(buf[:])
	if n > 0 || err == nil {
		c.t.Fatalf("connection still open, read %q", buf[:n])
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		c.t.Fatal("connection still open: read timed out")
	}
}

// expectSilent checks that nothing arrives for a short while.
func (c *testConn) expectSilent() {
	c.t.Helper()
	c.nc.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	var buf [64]byte
	if n, _ := c.nc.Read(buf[:]); n > 0 {
		c.t.Errorf("unexpected reply %q", buf[:n])
	}
}

// readBulk reads one RESP2 bulk string (or RESP3 verbatim) reply.
func (c *testConn) readBulk() string {
	c.t.Helper()
	var hdr []byte
	for !bytes.HasSuffix(hdr, []byte("\r\n")) {
		hdr = append(hdr, c.read(1)...)
	}
	n, err := strconv.Atoi(string(hdr[1 : len(hdr)-2]))
	if err != nil || (hdr[0] != '$' && hdr[0] != '=') {
		c.t.Fatalf("not a bulk reply: %q", hdr)
	}
	body := c.read(n + 2)
	return body[:n]
}
