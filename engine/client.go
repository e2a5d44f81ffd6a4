package engine

import (
	"cmp"
	"slices"
	"sync/atomic"
	"time"
)

// ReplyMode is a client's CLIENT REPLY setting.
type ReplyMode uint8

// Reply modes.
const (
	ReplyOn ReplyMode = iota
	ReplyOff
	ReplySkip
)

// Client is one connection's state as the engine sees it. The network layer
// creates it with NewClient and releases it with RemoveClient; all other
// fields change only inside the executor.
type Client struct {
	ID    int64
	Addr  string // remote address, ip:port
	LAddr string // local address, ip:port
	FD    int

	Name  string
	DB    int
	Proto int // 2 or 3
	// Authed is read by the connection's reader outside the executor.
	Authed atomic.Bool
	User   string

	Created         int64 // unix ms
	LastInteraction int64 // unix ms
	LastCmd         string

	Reply ReplyMode
	// skipNext suppresses the reply of the next command (CLIENT REPLY SKIP).
	skipNext bool
	NoEvict  bool
	// Subscriptions counts channels and patterns (RESP2 subscribed mode).
	Subscriptions int

	// CloseAfterReply asks the network layer to close the connection once
	// the replies written so far are flushed (QUIT, CLIENT KILL of itself).
	CloseAfterReply bool
	// Kill closes the connection from another client's command (CLIENT
	// KILL). It must not block; the network layer sets it.
	Kill func()

	// State owned by the packages layered above the engine.
	Multi  any // txn: the MULTI queue and watched keys
	Script any // lua: per-client scripting state

	// Network statistics the network layer keeps current (CLIENT LIST).
	QueryBuf, QueryBufFree, OutputBuf int
}

// NewClient registers a new client connected from addr to laddr.
func (e *Engine) NewClient(addr, laddr string, fd int) *Client {
	now := time.Now().UnixMilli()
	cl := &Client{
		ID:              e.nextID.Add(1),
		Addr:            addr,
		LAddr:           laddr,
		FD:              fd,
		Proto:           2,
		User:            "default",
		Created:         now,
		LastInteraction: now,
	}
	e.mu.Lock()
	cl.Authed.Store(e.Config.RequirePass == "")
	e.clients[cl.ID] = cl
	e.stats.ConnectionsReceived++
	e.mu.Unlock()
	return cl
}

// RemoveClient unregisters cl after its connection closed and runs the
// close hooks (clearing WATCHes, subscriptions and so on).
func (e *Engine) RemoveClient(cl *Client) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.clients, cl.ID)
	for _, fn := range e.closeHooks {
		fn(cl)
	}
}

// OnClientClose registers fn to run inside the executor when a client
// disconnects.
func (e *Engine) OnClientClose(fn func(cl *Client)) { e.closeHooks = append(e.closeHooks, fn) }

// Clients returns the connected clients in ID order.
func (e *Engine) Clients() []*Client {
	out := make([]*Client, 0, len(e.clients))
	for _, cl := range e.clients {
		out = append(out, cl)
	}
	sortClients(out)
	return out
}

// ClientCount is the number of connected clients.
func (e *Engine) ClientCount() int { return len(e.clients) }

// TryAcceptClient reports whether a new connection fits under maxclients.
func (e *Engine) TryAcceptClient() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.clients) >= e.Config.MaxClients && e.Config.MaxClients > 0 {
		e.stats.RejectedConnections++
		return false
	}
	return true
}

func sortClients(cs []*Client) {
	slices.SortFunc(cs, func(a, b *Client) int { return cmp.Compare(a.ID, b.ID) })
}

// AuthRequired reports whether cl must still authenticate. Connection
// readers call it outside the executor, so it reads only atomics.
func (e *Engine) AuthRequired(cl *Client) bool {
	return e.passRequired.Load() && !cl.Authed.Load()
}

// NetLimits returns proto-max-bulk-len and client-query-buffer-limit for
// connection readers, outside the executor.
func (e *Engine) NetLimits() (maxBulkLen, maxQueryBuf int64) {
	return e.protoMaxBulkLen.Load(), e.queryBufLimit.Load()
}

// AddNetInput counts bytes read that completed no command.
func (e *Engine) AddNetInput(n int64) {
	e.mu.Lock()
	e.stats.NetInputBytes += n
	e.mu.Unlock()
}

// CountProtocolError records a protocol error reply in errorstats.
func (e *Engine) CountProtocolError(text string) {
	e.mu.Lock()
	e.countError(ErrorCode(text))
	e.mu.Unlock()
}
