package engine

import "time"

// Blocking commands (BLPOP, BZPOPMIN, ...) park a client on keys instead of
// replying. The client's connection waits outside the executor; the
// key-modified hook marks the watched keys ready, and after each top-level
// command the engine retries the parked commands on the ready keys in
// first-come-first-served order, as Redis's handleClientsBlockedOnKeys does.
// A retried command that can now be served replies into the client's block
// writer and releases the connection; one that still can't stays parked.

// blockKey identifies a key in a database for the blocked-clients registry.
type blockKey struct {
	db  int
	key string
}

// blockState is a parked command.
type blockState struct {
	cmd  *Command
	args [][]byte
	keys []blockKey
	// w receives the reply once the command is served, times out or is
	// unblocked; the connection copies it out after done closes.
	w         *RespWriter
	done      chan struct{}
	onTimeout func(w Writer)
	timer     *time.Timer
	// readyKey is the key the current retry is for: Redis serves a parked
	// client from the key that became ready, not from its first key.
	readyKey string
	// data is what the command keeps for its retries (SetBlockData).
	data any
}

// BlockedOn is what a connection waits for while its client is parked.
type BlockedOn struct {
	// Done is closed once the parked command has replied.
	Done <-chan struct{}
	// Reply is the parked command's reply; read it only after Done closed.
	Reply *RespWriter
}

// CanBlock reports whether the running command may park its client: not
// inside MULTI/EXEC or a script (there blocking commands act as their
// non-blocking forms), and not while being retried.
func (c *Ctx) CanBlock() bool {
	return c.E.depth == 1 && !c.Client.NoBlock
}

// Retrying reports whether the running command is a parked command being
// retried on a ready key. A retried command that still can't be served
// calls Block again, which keeps it parked.
func (c *Ctx) Retrying() bool { return c.Client.block != nil && c.Client.retrying }

// Block parks the client on keys until one of them is modified and the
// command, retried, can be served; timeout 0 waits for ever. On timeout (or
// CLIENT UNBLOCK ... TIMEOUT) onTimeout writes the reply. The command must
// not write a reply itself after calling Block. Call it only when CanBlock
// or Retrying.
func (c *Ctx) Block(keys [][]byte, timeout time.Duration, onTimeout func(w Writer)) {
	cl, e := c.Client, c.E
	if cl.retrying {
		cl.stillBlocked = true
		return
	}
	bs := &blockState{
		cmd:       c.Cmd,
		args:      cloneArgs(c.Args),
		w:         NewRespWriter(cl.Proto),
		done:      make(chan struct{}),
		onTimeout: onTimeout,
	}
	for _, k := range keys {
		bk := blockKey{c.DB.ID, string(k)}
		if e.blocked == nil {
			e.blocked = map[blockKey][]*Client{}
		}
		if !containsClient(e.blocked[bk], cl) {
			e.blocked[bk] = append(e.blocked[bk], cl)
			bs.keys = append(bs.keys, bk)
		}
	}
	cl.block = bs
	e.blockedClients++
	if timeout > 0 {
		bs.timer = time.AfterFunc(timeout, func() { e.timeoutBlocked(cl, bs) })
	}
}

// SetBlockData keeps v with the command Block just parked, for its retries
// to read with BlockData (XREAD keeps the IDs it waits after).
func (c *Ctx) SetBlockData(v any) {
	if bs := c.Client.block; bs != nil && !c.Client.retrying {
		bs.data = v
	}
}

// BlockData is what the parked command being retried kept with
// SetBlockData, or nil.
func (c *Ctx) BlockData() any {
	if !c.Retrying() {
		return nil
	}
	return c.Client.block.data
}

// Parked returns what cl's connection must wait for when the last RunBatch
// stopped because a command parked the client, or nil. Only the goroutine
// that called RunBatch may call it.
func (cl *Client) Parked() *BlockedOn { return cl.parked }

// IsBlocked reports whether cl is parked in a blocking command.
func (cl *Client) IsBlocked() bool { return cl.block != nil }

func cloneArgs(args [][]byte) [][]byte {
	n := 0
	for _, a := range args {
		n += len(a)
	}
	buf := make([]byte, 0, n)
	out := make([][]byte, len(args))
	for i, a := range args {
		buf = append(buf, a...)
		out[i] = buf[len(buf)-len(a) : len(buf) : len(buf)]
	}
	return out
}

func containsClient(list []*Client, cl *Client) bool {
	for _, x := range list {
		if x == cl {
			return true
		}
	}
	return false
}

// signalReady notes that key changed while clients are parked on it.
func (e *Engine) signalReady(db *DB, key string) {
	bk := blockKey{db.ID, key}
	if _, ok := e.blocked[bk]; !ok {
		return
	}
	for _, r := range e.ready {
		if r == bk {
			return
		}
	}
	e.ready = append(e.ready, bk)
}

// serveReady retries the commands parked on ready keys, oldest first, until
// no key is ready; serving one (BLMOVE pushing to another list) can make
// more keys ready.
func (e *Engine) serveReady() {
	if e.servingReady {
		return
	}
	e.servingReady = true
	defer func() { e.servingReady = false }()
	for len(e.ready) > 0 {
		bk := e.ready[0]
		e.ready = e.ready[1:]
		// Retry in arrival order; a served client leaves the list, so
		// take a snapshot.
		for _, cl := range append([]*Client(nil), e.blocked[bk]...) {
			bs := cl.block
			if bs == nil {
				continue
			}
			cl.retrying, cl.stillBlocked = true, false
			bs.readyKey = bk.key
			e.Call(cl, bs.w, bs.cmd, bs.args)
			cl.retrying = false
			if !cl.stillBlocked {
				e.unblock(cl)
			}
			if db := e.dbs[bk.db]; db.keys.Find(bk.key) == nil {
				break // the key is gone: nobody else can be served from it
			}
		}
	}
	e.ready = e.ready[:0]
}

// unblock releases a parked client: it leaves every key's list, its timer
// stops, and its connection wakes to send the reply in bs.w.
func (e *Engine) unblock(cl *Client) {
	bs := cl.block
	if bs == nil {
		return
	}
	for _, bk := range bs.keys {
		list := e.blocked[bk]
		for i, x := range list {
			if x == cl {
				list = append(list[:i], list[i+1:]...)
				break
			}
		}
		if len(list) == 0 {
			delete(e.blocked, bk)
		} else {
			e.blocked[bk] = list
		}
	}
	if bs.timer != nil {
		bs.timer.Stop()
	}
	cl.block = nil
	e.blockedClients--
	close(bs.done)
}

// timeoutBlocked answers a parked command whose timeout passed.
func (e *Engine) timeoutBlocked(cl *Client, bs *blockState) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if cl.block != bs {
		return // served, unblocked or gone meanwhile
	}
	e.refreshClock()
	bs.onTimeout(bs.w)
	e.unblock(cl)
}

// UnblockClient ends cl's parked command from CLIENT UNBLOCK: with the
// timeout reply, or with err when err is not empty. It reports whether cl
// was parked.
func (e *Engine) UnblockClient(cl *Client, err Error) bool {
	bs := cl.block
	if bs == nil {
		return false
	}
	if err != "" {
		e.countError(err.Code())
		bs.w.WriteError(string(err))
	} else {
		bs.onTimeout(bs.w)
	}
	e.unblock(cl)
	return true
}

// dropBlocked forgets a disconnected client's parked command.
func (e *Engine) dropBlocked(cl *Client) { e.unblock(cl) }

// BlockedClients is the number of parked clients (INFO blocked_clients).
func (e *Engine) BlockedClients() int { return e.blockedClients }

// BlockingKeys is the number of keys clients are parked on (INFO
// total_blocking_keys).
func (e *Engine) BlockingKeys() int { return len(e.blocked) }

// signalSwapped marks ready the keys clients are parked on in db that hold
// a value after SWAPDB brought in new contents, as Redis's
// scanDatabaseForReadyKeys does (the swap itself touches no key).
func (e *Engine) signalSwapped(db *DB) {
	for bk := range e.blocked {
		if bk.db == db.ID && db.keys.Find(bk.key) != nil {
			e.signalReady(db, bk.key)
		}
	}
}

// signalStreamsGone marks ready the keys clients are parked on in db that
// hold a stream which a flush (replacedWith nil) or SWAPDB (replacedWith
// the database swapped in) replaces with something else, so parked
// XREADGROUP clients learn the stream is gone (Redis's
// scanDatabaseForDeletedStreams). Call it while db still has its keys.
func (e *Engine) signalStreamsGone(db, replacedWith *DB) {
	for bk := range e.blocked {
		if bk.db != db.ID {
			continue
		}
		if en := db.keys.Find(bk.key); en == nil || !isStream(en) {
			continue
		}
		if replacedWith != nil {
			if en := replacedWith.keys.Find(bk.key); en != nil && isStream(en) {
				continue
			}
		}
		e.signalReady(db, bk.key)
	}
}

func isStream(en *Entry) bool {
	_, ok := en.Obj.(*Stream)
	return ok
}

// retryKey is the ready key a retried command is being served for ("" when
// not retrying).
func (c *Ctx) retryKey() string {
	if !c.Retrying() {
		return ""
	}
	return c.Client.block.readyKey
}
