package txn

import "luakv/engine"

// Txn is the transaction layer of one engine: the watch registry and the
// dispatcher's MULTI queue (engine.TxnQueue).
type Txn struct {
	e    *engine.Engine
	exec *engine.Command // EXEC's row: its refusal aborts the transaction
	// MULTI's and DISCARD's rows, which run beside a busy script.
	multi, discardCmd *engine.Command
	reg               registry
}

// Install serves MULTI, EXEC, DISCARD, WATCH and UNWATCH on e: it binds
// their handlers in e's command table, plugs the queue into the dispatcher
// and registers the key-modified, flush, reset and disconnect hooks. Call
// it once, right after engine.New, before clients connect.
func Install(e *engine.Engine) *Txn {
	t := &Txn{e: e}
	t.reg.init(e.DBCount())
	tbl := e.Table()
	t.exec, t.multi, t.discardCmd = tbl.Get("exec"), tbl.Get("multi"), tbl.Get("discard")
	t.multi.Proc = t.cmdMulti
	t.exec.Proc = t.cmdExec
	t.discardCmd.Proc = t.cmdDiscard
	tbl.Get("watch").Proc = t.cmdWatch
	tbl.Get("unwatch").Proc = t.cmdUnwatch
	e.Txn = t
	e.OnTouch(t.keyTouched)
	e.OnFlush(t.dbFlushed)
	e.OnReset(t.discardOf)
	e.OnClientClose(t.closed)
	return t
}

// client is one connection's transaction state, kept in engine.Client.Multi
// from its first MULTI or WATCH on.
type client struct {
	// multi: MULTI is open (Redis's CLIENT_MULTI).
	multi bool
	// dirtyExec: a command was refused while queuing; EXEC aborts
	// (CLIENT_DIRTY_EXEC).
	dirtyExec bool
	// dirtyCAS: a watched key changed; EXEC replies a null array
	// (CLIENT_DIRTY_CAS).
	dirtyCAS bool

	queue []queued
	// anyFlags and lackFlags are the union of the queued commands' flags
	// and of their complements (Redis's cmd_flags and cmd_inv_flags).
	anyFlags, lackFlags engine.Flag
	// argvMem is the queue's size as Redis's CLIENT LIST multi-mem reports
	// it: the arguments' bytes plus a pointer per argument.
	argvMem int
	// The queued arguments are copied here (the network reader reuses its
	// buffer); both are reused by the next transaction.
	argv  [][]byte
	bytes []byte

	// busy holds what happened beside a busy script (busy.go).
	busy busySide

	// watched are the keys this client watches, in WATCH order; spare
	// are records of former watches, for reuse.
	watched []*watchedKey
	spare   []*watchedKey
}

type queued struct {
	cmd  *engine.Command
	args [][]byte
}

// Sizes above which a transaction's storage is dropped rather than kept
// for the next one (a connection keeps at most this much between
// transactions).
const (
	keepBytes = 16 << 10
	keepArgs  = 1 << 10
)

// rawState returns cl's transaction state, or nil if it never used MULTI or
// WATCH.
func rawState(cl *engine.Client) *client {
	st, _ := cl.Multi.(*client)
	return st
}

// state returns cl's transaction state, creating it.
func (t *Txn) state(cl *engine.Client) *client {
	if st := t.stateOf(cl); st != nil {
		return st
	}
	st := &client{}
	cl.Multi = st
	return st
}

// MultiInfo describes the transaction for CLIENT LIST (engine.MultiInfo).
func (st *client) MultiInfo() (active, dirty bool, queued, argvBytes int) {
	return st.multi, st.dirtyCAS, len(st.queue), st.argvMem
}

// push copies a command into the queue.
func (st *client) push(cmd *engine.Command, args [][]byte) {
	from := len(st.argv)
	for _, a := range args {
		start := len(st.bytes)
		st.bytes = append(st.bytes, a...)
		// A growing st.bytes moves to a new array; slices taken from the
		// old one stay valid.
		st.argv = append(st.argv, st.bytes[start:len(st.bytes):len(st.bytes)])
		st.argvMem += len(a) + 8
	}
	st.queue = append(st.queue, queued{cmd: cmd, args: st.argv[from:len(st.argv):len(st.argv)]})
	// A script's shebang decides its flags here too, as Redis queues a
	// command with the flags processCommand judged it by.
	flags := cmd.FlagsFor(args)
	st.anyFlags |= flags
	st.lackFlags |= ^flags
}

// reset empties the queue and clears the MULTI state, keeping the storage
// unless a big transaction grew it.
func (st *client) reset() {
	st.multi, st.dirtyExec, st.dirtyCAS = false, false, false
	clear(st.queue)
	st.queue = st.queue[:0]
	clear(st.argv)
	st.argv = st.argv[:0]
	st.argvMem = 0
	st.anyFlags, st.lackFlags = 0, 0
	if cap(st.bytes) > keepBytes || cap(st.argv) > keepArgs {
		st.bytes, st.argv, st.queue = nil, nil, nil
	} else {
		st.bytes = st.bytes[:0]
	}
}

// Queue queues cmd while cl is inside MULTI (engine.TxnQueue). A doomed
// transaction's commands are answered but not stored, as in Redis.
func (t *Txn) Queue(cl *engine.Client, cmd *engine.Command, args [][]byte, w engine.Writer) bool {
	st := t.stateOf(cl)
	if st == nil || !st.multi {
		return false
	}
	if !st.dirtyExec && !st.dirtyCAS {
		st.push(cmd, args)
	}
	cl.LastCmd = cmd.Name // CLIENT LIST's cmd= shows the queued command
	w.WriteStatus(engine.StatusQueued)
	return true
}

// Reject flags cl's open transaction after the dispatcher refused a command
// (engine.TxnQueue). A refused EXEC discards the transaction (and the
// watches), with or without MULTI, and answers EXECABORT quoting the
// refusal.
func (t *Txn) Reject(cl *engine.Client, cmd *engine.Command, err engine.Error) engine.Error {
	st := t.stateOf(cl)
	if st != nil && st.multi {
		st.dirtyExec = true
	}
	if cmd != nil && cmd == t.exec {
		if st != nil {
			t.discard(st)
		}
		return engine.ErrExecAbortBecause(err)
	}
	return err
}

// InMulti reports whether cl has opened a transaction (engine.TxnQueue).
func (t *Txn) InMulti(cl *engine.Client) bool {
	st := t.stateOf(cl)
	return st != nil && st.multi
}

// GateFlags returns the flags the dispatcher's gates judge cmd by: for EXEC
// inside MULTI, its own and the queued commands' (engine.TxnQueue).
func (t *Txn) GateFlags(cl *engine.Client, cmd *engine.Command) (union, lacking engine.Flag) {
	union, lacking = cmd.Flags, ^cmd.Flags
	if st := t.stateOf(cl); cmd == t.exec && st != nil && st.multi {
		union |= st.anyFlags
		lacking |= st.lackFlags
	}
	return union, lacking
}

// discard ends the transaction: the queue, its flags and the watches go
// (Redis's discardTransaction).
func (t *Txn) discard(st *client) {
	st.reset()
	t.unwatchAll(st)
}

// discardOf is the RESET hook.
func (t *Txn) discardOf(cl *engine.Client) {
	if st := t.stateOf(cl); st != nil {
		t.discard(st)
	}
}

// closed is the disconnect hook.
func (t *Txn) closed(cl *engine.Client) {
	if st := t.stateOf(cl); st != nil {
		t.discard(st)
		cl.Multi = nil
	}
}

// MULTI: open a transaction.
func (t *Txn) cmdMulti(c *engine.Ctx) {
	st := t.state(c.Client)
	if st.multi {
		c.Err(engine.ErrMultiNested)
		return
	}
	st.multi = true
	c.OK()
}

// DISCARD: drop the queued commands and the watches.
func (t *Txn) cmdDiscard(c *engine.Ctx) {
	st := t.stateOf(c.Client)
	if st == nil || !st.multi {
		c.Err(engine.ErrDiscardWithoutMulti)
		return
	}
	t.discard(st)
	c.OK()
}
