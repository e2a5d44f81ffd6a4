package engine

import "sync"

// Outbox carries a client's output once messages can reach it outside its
// own request/reply cycle (pub/sub messages published by other clients).
// From then on all of the client's output goes through it, in order: the
// executor appends replies at the end of each batch and messages as they are
// published, and the connection's writer drains it.
type Outbox struct {
	mu   sync.Mutex
	buf  []byte
	wake chan struct{}
}

// NewOutbox returns an empty outbox.
func NewOutbox() *Outbox { return &Outbox{wake: make(chan struct{}, 1)} }

// Append queues b and wakes the writer.
func (o *Outbox) Append(b []byte) {
	o.mu.Lock()
	o.buf = append(o.buf, b...)
	o.mu.Unlock()
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Len is the number of bytes waiting (client-output-buffer-limit checks).
func (o *Outbox) Len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.buf)
}

// Take swaps the queued bytes for spare (emptied) and returns them.
func (o *Outbox) Take(spare []byte) []byte {
	o.mu.Lock()
	defer o.mu.Unlock()
	b := o.buf
	o.buf = spare[:0]
	return b
}

// Wake is signalled after each Append.
func (o *Outbox) Wake() <-chan struct{} { return o.wake }

// EnableOutbox switches cl to queued output (see Outbox); the pub/sub
// commands call it when cl first subscribes. Call inside the executor.
func (e *Engine) EnableOutbox(cl *Client) {
	if cl.Out == nil {
		cl.Out = NewOutbox()
	}
}
