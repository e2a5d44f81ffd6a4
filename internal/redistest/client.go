package redistest

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"testing"
	"time"
)

// DefaultTimeout bounds how long a reply may take to arrive.
const DefaultTimeout = 5 * time.Second

// Conn is a raw RESP client: it sends argv as a multibulk request (or any
// bytes) and reads replies as raw bytes, exactly as the server wrote them.
type Conn struct {
	nc net.Conn
	br *bufio.Reader
	// Timeout bounds each read; DefaultTimeout when zero.
	Timeout time.Duration
}

// Dial connects to addr.
func Dial(addr string) (*Conn, error) {
	nc, err := net.DialTimeout("tcp", addr, DefaultTimeout)
	if err != nil {
		return nil, err
	}
	return &Conn{nc: nc, br: bufio.NewReaderSize(nc, 64*1024)}, nil
}

// MustDial connects to s or fails t, and closes the connection at cleanup.
func (s *Server) MustDial(t testing.TB) *Conn {
	t.Helper()
	c, err := Dial(s.Addr)
	if err != nil {
		t.Fatalf("%s: dial %s: %v", s.Name, s.Addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// Close closes the connection.
func (c *Conn) Close() error { return c.nc.Close() }

// AppendArgs appends argv encoded as a RESP multibulk request.
func AppendArgs(b []byte, args ...string) []byte {
	b = append(b, '*')
	b = strconv.AppendInt(b, int64(len(args)), 10)
	b = append(b, '\r', '\n')
	for _, a := range args {
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(len(a)), 10)
		b = append(b, '\r', '\n')
		b = append(b, a...)
		b = append(b, '\r', '\n')
	}
	return b
}

// Send writes argv as one multibulk request without reading the reply.
func (c *Conn) Send(args ...string) error { return c.SendRaw(AppendArgs(nil, args...)) }

// SendRaw writes b as is.
func (c *Conn) SendRaw(b []byte) error {
	c.nc.SetWriteDeadline(time.Now().Add(c.timeout()))
	_, err := c.nc.Write(b)
	return err
}

func (c *Conn) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

// Read reads exactly one reply and returns its raw bytes.
func (c *Conn) Read() ([]byte, error) {
	c.nc.SetReadDeadline(time.Now().Add(c.timeout()))
	return ReadReply(c.br)
}

// Do sends argv and reads one reply. An I/O error is returned as the error.
func (c *Conn) Do(args ...string) ([]byte, error) {
	if err := c.Send(args...); err != nil {
		return nil, err
	}
	return c.Read()
}

// MustDo is Do that fails t on an I/O error.
func (c *Conn) MustDo(t testing.TB, args ...string) []byte {
	t.Helper()
	r, err := c.Do(args...)
	if err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	return r
}

// Drain reads everything the server sends until it closes the connection
// or stays quiet for quiet. It reports the bytes and whether the server
// closed the connection.
func (c *Conn) Drain(quiet time.Duration) ([]byte, bool) {
	var out []byte
	buf := make([]byte, 64*1024)
	// Bytes already buffered by earlier reads come first.
	if n := c.br.Buffered(); n > 0 {
		b, _ := c.br.Peek(n)
		out = append(out, b...)
		c.br.Discard(n)
	}
	for {
		c.nc.SetReadDeadline(time.Now().Add(quiet))
		n, err := c.br.Read(buf)
		out = append(out, buf[:n]...)
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				return out, false
			}
			return out, true // EOF, or a reset after the server closed
		}
	}
}

// WaitClosed reports whether the server closes the connection within d
// without sending anything more; extra holds any bytes that came instead.
func (c *Conn) WaitClosed(d time.Duration) (closed bool, extra []byte) {
	c.nc.SetReadDeadline(time.Now().Add(d))
	b, err := io.ReadAll(c.br)
	return err == nil || !errors.Is(err, os.ErrDeadlineExceeded), b
}
