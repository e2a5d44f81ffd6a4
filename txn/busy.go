package txn

import (
	"sync"
	"sync/atomic"

	"luakv/engine"
)

// Transactions beside a busy script. While a script runs past
// busy-reply-threshold, clients are served without the executor
// (engine.runBusy): MULTI and DISCARD run, other commands are refused with
// BUSY, and as in Redis a refusal dooms an open transaction and a refused
// EXEC discards it. Without the executor the transaction state cannot be
// changed in place (the executor may read it), so those changes go to a
// delta, under a mutex, that the client's next command inside the executor
// applies first (stateOf).

// busyDelta is what happened to a transaction beside a busy script.
type busyDelta struct {
	set       bool // the delta holds the effective multi and dirtyExec
	multi     bool
	dirtyExec bool
	// discard: the transaction (queue and watches) was discarded before
	// multi and dirtyExec took their values.
	discard bool
}

// busySide is the part of a client's state served beside a busy script.
type busySide struct {
	mu      sync.Mutex
	delta   busyDelta
	pending atomic.Bool
}

// stateOf returns cl's transaction state with what happened beside a busy
// script applied, or nil if it never used MULTI or WATCH. Call it inside
// the executor.
func (t *Txn) stateOf(cl *engine.Client) *client {
	st := rawState(cl)
	if st != nil && st.busy.pending.Load() {
		t.settle(st)
	}
	return st
}

func (t *Txn) settle(st *client) {
	st.busy.mu.Lock()
	d := st.busy.delta
	st.busy.delta = busyDelta{}
	st.busy.pending.Store(false)
	st.busy.mu.Unlock()
	if d.discard {
		t.discard(st)
	}
	if d.set {
		st.multi, st.dirtyExec = d.multi, d.dirtyExec
	}
}

// view starts (or continues) the delta from the current state. Call with
// st.busy.mu held.
func (st *client) view() *busyDelta {
	d := &st.busy.delta
	if !d.set {
		d.set, d.multi, d.dirtyExec = true, st.multi, st.dirtyExec
	}
	return d
}

// BusyReject flags cl's transaction after a refusal beside a busy script
// (engine.TxnQueue): the transaction is doomed, and a refused EXEC
// discards it and answers EXECABORT quoting the refusal, as Reject does.
func (t *Txn) BusyReject(cl *engine.Client, cmd *engine.Command, err engine.Error) engine.Error {
	st := rawState(cl)
	if st != nil {
		st.busy.mu.Lock()
		d := st.view()
		if d.multi {
			d.dirtyExec = true
		}
		if cmd != nil && cmd == t.exec {
			d.discard, d.multi, d.dirtyExec = true, false, false
		}
		st.busy.pending.Store(true)
		st.busy.mu.Unlock()
	}
	if cmd != nil && cmd == t.exec {
		return engine.ErrExecAbortBecause(err)
	}
	return err
}

// BusyServe runs MULTI and DISCARD beside a busy script (engine.TxnQueue);
// it reports false for the other commands, which are refused.
func (t *Txn) BusyServe(cl *engine.Client, cmd *engine.Command, w engine.Writer) bool {
	if cmd != t.multi && cmd != t.discardCmd {
		return false
	}
	st := rawState(cl)
	if st == nil {
		if cmd == t.discardCmd {
			w.WriteError(string(engine.ErrDiscardWithoutMulti))
			return true
		}
		// A first MULTI: the state is new, so no one else can see it yet.
		st = &client{multi: true}
		cl.Multi = st
		w.WriteStatus(engine.StatusOK)
		return true
	}
	st.busy.mu.Lock()
	defer st.busy.mu.Unlock()
	d := st.view()
	switch {
	case cmd == t.multi && d.multi:
		w.WriteError(string(engine.ErrMultiNested))
		return true
	case cmd == t.multi:
		d.multi = true
	case !d.multi:
		w.WriteError(string(engine.ErrDiscardWithoutMulti))
		return true
	default:
		d.discard, d.multi, d.dirtyExec = true, false, false
	}
	st.busy.pending.Store(true)
	w.WriteStatus(engine.StatusOK)
	return true
}
