package serve

import (
	"net"

	"luakv/engine"
)

// conn is one client connection: it reads a batch of whole requests, runs
// them under one acquisition of the executor, and writes all their replies
// with one write.
type conn struct {
	s  *Server
	nc net.Conn
	rd *Reader
	w  *engine.RespWriter
	cl *engine.Client
}

func newConn(s *Server, nc net.Conn) *conn {
	c := &conn{s: s, nc: nc, rd: NewReader(nc), w: engine.NewRespWriter(2)}
	c.cl = s.e.NewClient(nc.RemoteAddr().String(), nc.LocalAddr().String(), fdOf(nc))
	c.cl.Kill = func() { nc.Close() }
	return c
}

func (c *conn) serve() {
	defer func() {
		c.nc.Close()
		c.s.e.RemoveClient(c.cl)
		c.s.remove(c)
	}()
	for {
		batch, n, err := c.rd.Read(c.limits)
		if len(batch) > 0 {
			c.cl.QueryBuf = c.rd.Buffered()
			c.cl.QueryBufFree = c.rd.BufSize() - c.rd.Buffered()
			c.s.e.RunBatch(c.cl, c.w, batch, n)
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
		if len(c.w.Buf) > 0 {
			if _, werr := c.nc.Write(c.w.Buf); werr != nil {
				return
			}
		}
		if cap(c.w.Buf) > 1<<20 { // let a huge reply's buffer go
			c.w.Buf = nil
		} else {
			c.w.Buf = c.w.Buf[:0]
		}
		if err != nil || c.cl.CloseAfterReply {
			return
		}
	}
}

func (c *conn) limits() Limits {
	maxBulk, maxQuery := c.s.e.NetLimits()
	return Limits{MaxBulkLen: maxBulk, MaxQueryBuf: maxQuery, AuthRequired: c.s.e.AuthRequired(c.cl)}
}
