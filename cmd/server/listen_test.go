package main

import (
	"bytes"
	"io"
	"net"
	"testing"

	"luakv/engine"
)

// fakeConn is a connection from a chosen address.
type fakeConn struct {
	net.Conn
	remote net.Addr
	out    bytes.Buffer
	closed bool
}

func (c *fakeConn) RemoteAddr() net.Addr        { return c.remote }
func (c *fakeConn) Write(p []byte) (int, error) { return c.out.Write(p) }
func (c *fakeConn) Close() error                { c.closed = true; return nil }

func TestProtectedMode(t *testing.T) {
	l := newListeners(newLogger(io.Discard, engine.LogWarning))
	l.e = engine.New(engine.Commands, engine.Settings{})
	remote := func(ip string) *fakeConn { return &fakeConn{remote: &net.TCPAddr{IP: net.ParseIP(ip), Port: 5000}} }
	unix := &fakeConn{remote: &net.UnixAddr{Name: "@", Net: "unix"}}

	l.protected.Store(true)
	for _, c := range []*fakeConn{remote("127.0.0.1"), remote("::1"), unix} {
		if l.denied(c) {
			t.Errorf("local client %v denied", c.remote)
		}
	}
	c := remote("10.1.2.3")
	if !l.denied(c) || !c.closed || c.out.String() != deniedText {
		t.Errorf("remote client served in protected mode: %q", c.out.String())
	}
	if got := l.e.Stats().RejectedConnections; got != 1 {
		t.Errorf("rejected_connections %d", got)
	}
	// A password, or protected-mode no, lets remote clients in.
	l.e.SetRequirePass("pw")
	if l.denied(remote("10.1.2.3")) {
		t.Errorf("denied with a password set")
	}
	l.e.SetRequirePass("")
	l.protected.Store(false)
	if l.denied(remote("10.1.2.3")) {
		t.Errorf("denied with protected-mode no")
	}
}

func TestRebind(t *testing.T) {
	l := newListeners(newLogger(io.Discard, engine.LogWarning))
	defer l.Close()
	port := freePort(t)
	if err := l.rebind([]string{"127.0.0.1", "-::1"}, port); err != nil {
		t.Fatal(err)
	}
	if l.tcpCount() < 1 {
		t.Fatalf("no socket")
	}
	go func() {
		c, err := net.Dial("tcp4", l.Addr().String())
		if err == nil {
			c.Close()
		}
	}()
	c, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	// A taken port fails and leaves no socket (the failed CONFIG SET then
	// restores the old values, which rebinds them).
	busy, _ := net.Listen("tcp4", "127.0.0.1:0")
	defer busy.Close()
	if err := l.rebind([]string{"127.0.0.1"}, busy.Addr().(*net.TCPAddr).Port); err == nil {
		t.Errorf("bound a taken port")
	}
	if l.tcpCount() != 0 {
		t.Errorf("sockets left after a failed rebind")
	}
	// An optional address that does not exist here is skipped.
	if err := l.rebind([]string{"-10.255.255.1", "127.0.0.1"}, port); err != nil || l.tcpCount() != 1 {
		t.Errorf("optional address: %v, %d sockets", err, l.tcpCount())
	}
	if err := l.rebind([]string{"127.0.0.1"}, 0); err != nil || l.tcpCount() != 0 {
		t.Errorf("port 0: %v, %d sockets", err, l.tcpCount())
	}
}
