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

	// Reply is the CLIENT REPLY setting. ReplySkip is transient: the
	// handler sets it and runTop turns it into skipNext once the command
	// that set it has finished.
	Reply ReplyMode
	// skipNext suppresses the reply of the next command (CLIENT REPLY SKIP).
	skipNext bool
	// skipping is true while the command whose reply CLIENT REPLY SKIP
	// suppresses runs; CLIENT REPLY ON clears it so that its +OK is sent.
	skipping bool
	// out is the writer of the running top-level command and cut the
	// offset in it from which replies are dropped (-1: none), while runTop
	// runs a command.
	out     *RespWriter
	cut     int
	NoEvict bool
	// Subscriptions counts channels, patterns and shard channels (RESP2
	// subscribed mode, flag P and type pubsub in CLIENT LIST). The pubsub
	// layer keeps it equal to SubChannels+SubPatterns+SubShard.
	Subscriptions int
	// SubChannels, SubPatterns and SubShard are the per-kind subscription
	// counts CLIENT LIST prints as sub, psub and ssub.
	SubChannels, SubPatterns, SubShard int

	// CloseAfterReply asks the network layer to close the connection once
	// the replies written so far are flushed (QUIT, CLIENT KILL of itself).
	CloseAfterReply bool
	// Kill closes the connection from another client's command (CLIENT
	// KILL). It must not block; the network layer sets it.
	Kill func()
	// killed is set once another client's CLIENT KILL unregistered this
	// one: commands it had already sent are not run (Redis frees such a
	// client at once, unread input included).
	killed bool

	// Out, once set, carries all of the client's output (see Outbox).
	Out *Outbox

	// ScriptClient marks the client scripts run their commands as (Redis's
	// CLIENT_SCRIPT): commands whose result order is free (SORT of a set
	// BY a constant) make it deterministic for scripts.
	ScriptClient bool

	// NoBlock makes blocking commands act as their non-blocking forms
	// (set while EXEC or a script runs the client's commands).
	NoBlock bool
	// monitor is set once the client ran MONITOR (cmd_monitor.go);
	// monitorSoftSince is when its output went over the replica class's
	// soft limit.
	monitor          bool
	monitorSoftSince int64
	// InExec is set while EXEC runs the client's queue (Redis's
	// server.in_exec): BGSAVE is then scheduled rather than started.
	InExec bool
	// block is the parked blocking command, if any (blocking.go).
	block        *blockState
	retrying     bool
	stillBlocked bool
	parked       *BlockedOn // set by RunBatch for the connection (Parked)

	// State owned by the packages layered above the engine.
	Multi  any // txn: the MULTI queue and watched keys
	Script any // lua: per-client scripting state

	// Network statistics the network layer keeps current (CLIENT LIST).
	// They are written outside the executor, so CLIENT LIST reads them only
	// for the calling client, whose own goroutine wrote them.
	QueryBuf, QueryBufFree, OutputBuf int
}

// silence drops the replies written from now until the end of the running
// command (CLIENT REPLY OFF), keeping what the command wrote before, as
// Redis does inside EXEC.
func (cl *Client) silence() {
	if cl.out != nil && cl.cut < 0 {
		cl.cut = len(cl.out.Buf)
	}
}

// unsilence drops what was written while silenced and lets the replies
// written from now on through (CLIENT REPLY ON, RESET).
func (cl *Client) unsilence() {
	if cl.out != nil && cl.cut >= 0 {
		cl.out.Buf = cl.out.Buf[:cl.cut]
		cl.cut = -1
	}
}

// MultiInfo is implemented by the transaction layer's per-client state
// (Client.Multi) so that CLIENT LIST can describe an open transaction.
type MultiInfo interface {
	// MultiInfo reports whether MULTI is open, whether a WATCHed key was
	// touched (flag d), how many commands are queued and the total length
	// of their arguments in bytes.
	MultiInfo() (active, dirty bool, queued, argvBytes int)
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
// close hooks (clearing WATCHes, subscriptions and so on). Calling it for a
// client CLIENT KILL already removed does nothing.
func (e *Engine) RemoveClient(cl *Client) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.unregister(cl)
}

// unregister removes cl and runs the close hooks once; the executor must be
// held.
func (e *Engine) unregister(cl *Client) {
	if e.clients[cl.ID] != cl {
		return
	}
	delete(e.clients, cl.ID)
	e.dropBlocked(cl)
	e.stopMonitor(cl)
	for _, fn := range e.closeHooks {
		fn(cl)
	}
}

// killClient frees another client at once, as Redis's freeClient does: it
// leaves the registry now (so CLIENT LIST and maxclients stop counting it),
// commands it had already sent are dropped, and its socket is closed.
func (e *Engine) killClient(cl *Client) {
	e.unregister(cl)
	cl.killed = true
	if cl.Kill != nil {
		cl.Kill()
	}
}

// OnReset registers fn to run inside the executor when a client sends
// RESET, after the engine's own state is reset: the transaction layer
// discards MULTI and unwatches, the pubsub layer unsubscribes silently.
func (e *Engine) OnReset(fn func(cl *Client)) { e.resetHooks = append(e.resetHooks, fn) }

// lookupClient returns the connected client with the given ID, or nil.
func (e *Engine) lookupClient(id int64) *Client { return e.clients[id] }

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
