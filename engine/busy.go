package engine

import (
	"sync"
	"sync/atomic"
	"time"
)

// execLock is the executor's lock: a one-slot semaphore, so that a client
// waiting for it can also wait for a script to become busy (see
// lockOrBusy), which a sync.Mutex can't.
type execLock struct{ sem chan struct{} }

func newExecLock() execLock { return execLock{sem: make(chan struct{}, 1)} }

// Lock takes the executor.
func (l *execLock) Lock() { l.sem <- struct{}{} }

// Unlock releases it.
func (l *execLock) Unlock() { <-l.sem }

// TryLock takes the executor if it is free.
func (l *execLock) TryLock() bool {
	select {
	case l.sem <- struct{}{}:
		return true
	default:
		return false
	}
}

// busyState tracks the running script for the clients that wait: once a
// script has run past busy-reply-threshold, they stop waiting and are
// answered BUSY (Redis's scriptIsTimedout), except for the few commands
// that can run beside the script (SCRIPT KILL, SHUTDOWN NOSAVE, QUIT).
//
// Starting and ending a script costs two atomic stores and an uncontended
// mutex; one ticker goroutine (started with the first script) notices a
// script that runs past its deadline.
type busyState struct {
	mu sync.Mutex
	// wake is closed when a script becomes busy; waiters select on it.
	// A fresh one replaces it once the busy script ends.
	wake atomic.Pointer[chan struct{}]
	busy atomic.Bool
	// deadline is the running script's busy deadline on the executor's
	// monotonic clock (ns), 0 when no script runs or it has none.
	deadline atomic.Int64
	ticker   sync.Once
}

// busyTick is how often the ticker checks the running script's deadline.
const busyTick = 5 * time.Millisecond

// BusyKiller is what the scripting layer offers the clients that run
// beside a busy script.
type BusyKiller interface {
	// KillScript asks the running script to stop (SCRIPT KILL): it
	// returns the error to reply, or "" when the script will stop.
	KillScript() Error
	// AbortScript stops the running script whatever it did (the server
	// is shutting down).
	AbortScript()
}

func (b *busyState) init() {
	ch := make(chan struct{})
	b.wake.Store(&ch)
}

// ScriptStarted is called by the scripting layer, inside the executor, when
// a script starts: past busy-reply-threshold (0: never) waiting clients are
// answered BUSY.
func (e *Engine) ScriptStarted() {
	ms := e.Config.BusyReplyThreshold
	if ms <= 0 {
		return
	}
	e.busy.deadline.Store(int64(e.lastMono) + ms*int64(time.Millisecond))
	e.busy.ticker.Do(func() { go e.busyTicker() })
}

// busyTicker marks a script that runs past its deadline busy and wakes the
// clients waiting for the executor.
func (e *Engine) busyTicker() {
	t := time.NewTicker(busyTick)
	defer t.Stop()
	for range t.C {
		d := e.busy.deadline.Load()
		if d == 0 || e.busy.busy.Load() || int64(e.mono()) < d {
			continue
		}
		b := &e.busy
		b.mu.Lock()
		if b.deadline.Load() == d && !b.busy.Load() {
			b.busy.Store(true)
			close(*b.wake.Load())
		}
		b.mu.Unlock()
	}
}

// ScriptEnded is called when the script started by ScriptStarted returns.
// It reports whether the script had become busy.
func (e *Engine) ScriptEnded() bool {
	b := &e.busy
	if b.deadline.Load() == 0 {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.deadline.Store(0)
	if !b.busy.Load() {
		return false
	}
	b.busy.Store(false)
	ch := make(chan struct{})
	b.wake.Store(&ch)
	return true
}

// ScriptBusy reports whether a script has run past busy-reply-threshold.
func (e *Engine) ScriptBusy() bool { return e.busy.busy.Load() }

// BusyWake returns a channel closed when the running script (or the next
// one) becomes busy, for the network layer: a connection that does not
// wait for the executor itself must learn that it has to be answered BUSY.
func (e *Engine) BusyWake() <-chan struct{} { return *e.busy.wake.Load() }

// lockOrBusy takes the executor for a client, unless a script holding it is
// (or becomes) busy: then it returns false without the lock.
func (e *Engine) lockOrBusy() bool {
	for {
		if e.mu.TryLock() {
			return true
		}
		if e.busy.busy.Load() {
			return false
		}
		wake := *e.busy.wake.Load()
		select {
		case e.mu.sem <- struct{}{}:
			return true
		case <-wake:
		}
	}
}

// runBusy answers a batch while a busy script holds the executor, as
// Redis's processCommand does then: commands that can run beside the
// script run (SCRIPT KILL, SHUTDOWN NOSAVE, QUIT here; MULTI and DISCARD in
// the transaction layer), the rest get BUSY. It runs without the executor,
// so it touches only this client and atomics. It returns how many commands it
// answered (it stops at QUIT).
func (e *Engine) runBusy(cl *Client, w *RespWriter, batch [][][]byte) int {
	n := 0
	for _, args := range batch {
		n++
		cmd, rej := e.Resolve(args)
		switch {
		case rej != RejectNone:
			e.busyReject(cl, cmd, w, e.NetworkError(rej, cmd, args))
		case cmd.Flags&AllowBusy != 0 && cmd.BusyProc != nil:
			if err := cmd.BusyProc(e, cl, args); err != "" {
				w.WriteError(string(err))
			} else if !cl.CloseAfterReply {
				w.WriteStatus(StatusOK)
			}
		case cmd.Flags&AllowBusy != 0 && e.Txn != nil && e.Txn.BusyServe(cl, cmd, w):
		default:
			e.busyReject(cl, cmd, w, ErrBusy)
		}
		if cl.CloseAfterReply {
			break
		}
	}
	if cl.Out != nil && len(w.Buf) > 0 {
		cl.Out.Append(w.Buf)
		w.Buf = w.Buf[:0]
	}
	return n
}

// busyReject answers a command refused beside a busy script. As in Redis the
// refusal dooms an open transaction; unlike Redis it is not counted in
// errorstats or rejected_calls (the counters belong to the executor).
func (e *Engine) busyReject(cl *Client, cmd *Command, w *RespWriter, err Error) {
	if e.Txn != nil {
		err = e.Txn.BusyReject(cl, cmd, err)
	}
	w.WriteError(string(err))
}

// BusyProc is a command's handler for when a busy script holds the
// executor: it runs without the executor and without a Ctx, so it may touch
// only the client and the engine's atomics. It returns an error to reply,
// or "" for +OK (or no reply when it asked to close the connection).
type BusyProc func(e *Engine, cl *Client, args [][]byte) Error

// busyScriptKill is SCRIPT KILL beside a busy script.
func busyScriptKill(e *Engine, _ *Client, _ [][]byte) Error {
	if e.Killer == nil {
		return ErrNotBusy
	}
	return e.Killer.KillScript()
}

// busyQuit is QUIT beside a busy script.
func busyQuit(_ *Engine, cl *Client, _ [][]byte) Error {
	cl.CloseAfterReply = true
	return ""
}

// busyShutdown is SHUTDOWN beside a busy script: only NOSAVE can stop the
// server then (a save would need the dataset the script is changing).
func busyShutdown(e *Engine, cl *Client, args [][]byte) Error {
	nosave := false
	for _, a := range args[1:] {
		if EqualFold(a, "nosave") {
			nosave = true
		}
	}
	if !nosave {
		return ErrBusy
	}
	e.Log.Logf(LogWarning, "User requested shutdown...")
	if e.Killer != nil {
		e.Killer.AbortScript()
	}
	if e.ShutdownHook != nil {
		if err := e.ShutdownHook(ShutdownOptions{NoSave: true}); err != nil {
			return ErrShutdownFailed
		}
	}
	cl.CloseAfterReply = true
	return ""
}

// bindBusyProcs gives the allow-busy commands that can run beside a busy
// script their busy handlers. The other allow-busy commands (MULTI, WATCH,
// AUTH, HELLO ...) need the executor, so they are answered BUSY until the
// script ends.
func (e *Engine) bindBusyProcs() {
	for name, fn := range map[string]BusyProc{"quit": busyQuit, "shutdown": busyShutdown} {
		if c := e.table.Get(name); c != nil {
			c.BusyProc = fn
		}
	}
	if s := e.table.Get("script"); s != nil && s.Sub["kill"] != nil {
		s.Sub["kill"].BusyProc = busyScriptKill
	}
}
