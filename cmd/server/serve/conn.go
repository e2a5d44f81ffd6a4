package serve

import (
	"errors"
	"net"
	"os"
	"sync"
	"syscall"
	"time"

	"luakv/engine"
)

// conn is one client connection: it reads a batch of whole requests, runs
// them under one acquisition of the executor, and writes all their replies
// with one write.
//
// A client parked by a blocking command (BLPOP ...) makes the connection
// send the replies so far, then wait outside the executor until the command
// replies, reading ahead meanwhile only to notice a disconnect. A subscribed
// client's output goes through its engine.Outbox, drained by a writer
// goroutine, so messages published by others reach it in order.
type conn struct {
	s  *Server
	nc net.Conn
	rd *Reader
	w  *engine.RespWriter
	cl *engine.Client

	// pending holds input read while the client was parked.
	pending []byte

	writerDone chan struct{} // closed when the outbox writer exits
	stopWriter chan struct{}

	// fdMu guards the socket against kill and Server.Close while the
	// network loop closes its descriptor or hands the connection over.
	fdMu sync.Mutex
	// rc is nc's raw descriptor, nil if nc is no socket.
	rc syscall.RawConn
	// rawFD is the socket's descriptor while the network loop holds it,
	// out of the runtime's poller (nc is closed then); else -1.
	rawFD int
	// State while the network loop serves the connection (see netLoop).
	loopState
}

func newConn(s *Server, nc net.Conn) *conn {
	c := &conn{s: s, nc: nc, rd: NewReader(nc), w: engine.NewRespWriter(2), rawFD: -1}
	if sc, ok := nc.(syscall.Conn); ok {
		c.rc, _ = sc.SyscallConn()
	}
	s.loop.adopt(c)
	fd := c.rawFD
	if fd < 0 {
		fd = fdOf(c.rc)
	}
	c.cl = s.e.NewClient(nc.RemoteAddr().String(), nc.LocalAddr().String(), fd)
	c.cl.Kill = c.kill
	return c
}

// kill ends the connection for CLIENT KILL, the output and query limits
// and Server.Close. A socket is shut down rather than closed: whichever
// goroutine serves it then reads the end of the stream and tears the
// connection down, where a close would silently drop it from the network
// loop's epoll set.
func (c *conn) kill() {
	c.fdMu.Lock()
	defer c.fdMu.Unlock()
	if c.shutdownRaw() {
		return
	}
	if c.rc == nil || shutdownSocket(c.rc) != nil {
		c.nc.Close()
	}
}

// closeSocket closes the connection's socket.
func (c *conn) closeSocket() {
	c.fdMu.Lock()
	defer c.fdMu.Unlock()
	c.closeRaw()
	c.nc.Close()
}

// serve serves the connection from its own goroutine until it ends.
func (c *conn) serve() {
	defer c.finish()
	c.serveLoop()
}

// serveDetached continues, on a goroutine of its own, a connection the
// network loop handed over mid-stream: resume (optional) finishes what
// the loop started, then the output so far is sent and requests are
// served as serve does.
func (c *conn) serveDetached(resume func() bool) {
	defer c.finish()
	if resume != nil && !resume() {
		return
	}
	if !c.flush() || c.cl.CloseAfterReply {
		return
	}
	c.serveLoop()
}

// finish releases the connection once it has ended.
func (c *conn) finish() {
	c.stopOutboxWriter()
	c.closeSocket()
	c.s.e.RemoveClient(c.cl)
	c.s.remove(c)
}

func (c *conn) serveLoop() {
	for {
		if len(c.pending) > 0 {
			c.rd.Feed(c.pending)
			c.pending = c.pending[:0]
		}
		batch, n, err := c.rd.Read(c.limits)
		if len(batch) > 0 {
			c.cl.QueryBuf = c.rd.Buffered()
			c.cl.QueryBufFree = c.rd.BufSize() - c.rd.Buffered()
			if !c.runBatch(batch, n) {
				return
			}
		} else if n > 0 {
			c.s.e.AddNetInput(n)
		}
		if err != nil {
			if pe, ok := isProtoError(err); ok && pe.text != "" {
				c.w.WriteError(pe.text)
				c.s.e.CountProtocolError(pe.text)
			} else if ok {
				c.s.e.Log.Logf(engine.LogWarning, "Closing client that reached max query buffer length: id=%d addr=%s", c.cl.ID, c.cl.Addr)
			}
		}
		if !c.flush() {
			return
		}
		if err != nil || c.cl.CloseAfterReply {
			return
		}
	}
}

// runBatch runs a batch, waiting out any command that parks the client.
// It reports false when the connection must close.
func (c *conn) runBatch(batch [][][]byte, n int64) bool {
	for len(batch) > 0 {
		ran := c.s.e.RunBatch(c.cl, c.w, batch, n)
		n = 0
		batch = batch[ran:]
		p := c.cl.Parked()
		if p == nil {
			return true // done, or stopped to close
		}
		if !c.awaitParked(p) {
			return false
		}
	}
	return true
}

// awaitParked sends the replies so far, waits for the parked command's
// reply and appends it to the output. It reports false when the connection
// broke.
func (c *conn) awaitParked(p *engine.BlockedOn) bool {
	if !c.flush() || !c.waitParked(p) {
		return false
	}
	c.w.Buf = append(c.w.Buf, p.Reply.Buf...)
	return true
}

// waitParked waits for the parked command's reply. Meanwhile it reads
// ahead, into pending, so that a client that disconnects is noticed (and its
// parked command dropped). It reports false when the connection broke.
func (c *conn) waitParked(p *engine.BlockedOn) bool {
	var mu sync.Mutex
	var read []byte
	readDone := make(chan error, 1)
	_, maxQuery := c.s.e.NetLimits()
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := c.nc.Read(buf)
			mu.Lock()
			read = append(read, buf[:n]...)
			over := int64(len(read)) > maxQuery
			mu.Unlock()
			if err == nil && over {
				err = errQueryBufLimit
			}
			if err != nil {
				readDone <- err
				return
			}
		}
	}()
	select {
	case <-p.Done:
		c.nc.SetReadDeadline(time.Now()) // stop the read-ahead
		err := <-readDone
		c.nc.SetReadDeadline(time.Time{})
		mu.Lock()
		c.pending = append(c.pending, read...)
		mu.Unlock()
		return errors.Is(err, os.ErrDeadlineExceeded)
	case <-readDone:
		return false // gone (or killed); RemoveClient drops the parked command
	}
}

// flush sends what the batch wrote: directly, or through the outbox once
// the client has one. It reports false when the connection broke.
func (c *conn) flush() bool {
	defer c.resetWriter()
	if out := c.cl.Out; out != nil {
		c.startOutboxWriter(out)
		if len(c.w.Buf) > 0 {
			out.Append(c.w.Buf)
		}
		return true
	}
	if len(c.w.Buf) == 0 {
		return true
	}
	_, err := c.nc.Write(c.w.Buf)
	return err == nil
}

func (c *conn) resetWriter() {
	if cap(c.w.Buf) > 1<<20 { // let a huge reply's buffer go
		c.w.Buf = nil
	} else {
		c.w.Buf = c.w.Buf[:0]
	}
}

// startOutboxWriter starts the goroutine that drains the client's outbox.
func (c *conn) startOutboxWriter(out *engine.Outbox) {
	if c.writerDone != nil {
		return
	}
	c.writerDone = make(chan struct{})
	c.stopWriter = make(chan struct{})
	go func() {
		defer close(c.writerDone)
		var spare []byte
		for {
			stop := false
			select {
			case <-out.Wake():
			case <-c.stopWriter:
				stop = true
			}
			b := out.Take(spare)
			if len(b) > 0 {
				if _, err := c.nc.Write(b); err != nil {
					c.nc.Close()
					return
				}
			}
			spare = b
			if stop {
				return
			}
		}
	}()
}

// stopOutboxWriter lets the writer send what is queued, then waits for it.
func (c *conn) stopOutboxWriter() {
	if c.writerDone == nil {
		return
	}
	close(c.stopWriter)
	<-c.writerDone
}

func (c *conn) limits() Limits {
	maxBulk, maxQuery := c.s.e.NetLimits()
	return Limits{MaxBulkLen: maxBulk, MaxQueryBuf: maxQuery, AuthRequired: c.s.e.AuthRequired(c.cl)}
}
