package serve

import (
	"errors"
	"net"
	"sync"
	"syscall"

	"luakv/engine"
)

// Server accepts connections and feeds their requests to the engine.
type Server struct {
	e  *engine.Engine
	ln net.Listener

	// loop serves the connections in plain request/reply use (nil where
	// unsupported: each connection then has a goroutine).
	loop *netLoop

	mu     sync.Mutex
	conns  map[*conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// New returns a server for e listening on ln.
func New(e *engine.Engine, ln net.Listener) *Server {
	return &Server{e: e, ln: ln, conns: map[*conn]struct{}{}}
}

// Addr is the listening address.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve accepts connections until Close. It returns nil after Close.
func (s *Server) Serve() error {
	s.mu.Lock()
	if s.loop == nil && !s.closed {
		s.loop = startNetLoop(s)
	}
	s.mu.Unlock()
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			s.mu.Unlock()
			if closed || errors.Is(err, net.ErrClosed) {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			s.e.Log.Logf(engine.LogWarning, "Accepting client connection: %v", err)
			continue
		}
		if !s.e.TryAcceptClient() {
			// As Redis: tell the client why, then close.
			nc.Write([]byte("-" + string(engine.ErrMaxClients) + "\r\n"))
			nc.Close()
			continue
		}
		c := newConn(s, nc)
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.closeSocket()
			s.e.RemoveClient(c.cl)
			continue
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		if !s.loop.add(c) {
			c.leaveLoop()
			go c.serve()
		}
	}
}

// Close stops accepting, waits for the command in flight to finish (the
// engine's executor), closes every connection and waits for their
// goroutines to end.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		s.wg.Wait()
		return
	}
	s.closed = true
	s.ln.Close()
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	loop := s.loop
	s.mu.Unlock()
	for _, c := range conns {
		c.kill()
	}
	loop.stop()
	s.wg.Wait()
}

func (s *Server) remove(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.wg.Done()
}

// fdOf returns the socket's file descriptor number, for CLIENT LIST.
func fdOf(rc syscall.RawConn) int {
	fd := -1
	if rc != nil {
		rc.Control(func(f uintptr) { fd = int(f) })
	}
	return fd
}
