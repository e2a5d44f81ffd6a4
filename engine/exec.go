package engine

import (
	"runtime/debug"
	"time"
)

// Ctx is what a handler receives: the reply sink, the client, the command
// and its arguments, and the client's selected database. Only the executor
// creates one, so holding a Ctx proves the caller is inside the critical
// section.
type Ctx struct {
	Writer
	E      *Engine
	Client *Client
	Cmd    *Command
	Args   [][]byte
	DB     *DB

	// What propagation does with this call (propagate.go).
	prop     propFlags
	propArgs [][]byte
	// failed: the command replied an error not counted in errorstats
	// (ErrUncounted); it still counts as a failed call.
	failed bool
}

// Err writes e as the reply and counts it in errorstats.
func (c *Ctx) Err(e Error) {
	c.E.countError(e.Code())
	c.Writer.WriteError(string(e))
}

// ErrUncounted writes an error reply that errorstats already counted where
// it arose (a script's error that came from a command it ran); the call
// still counts as failed, as Redis's ERR_REPLY_FLAG_NO_STATS_UPDATE does.
func (c *Ctx) ErrUncounted(msg string) {
	c.MarkFailed()
	c.Writer.WriteError(sanitize(msg))
}

// ErrText writes a Redis error text built at run time (one that echoes
// input, say); msg must carry its code ("ERR ...").
func (c *Ctx) ErrText(msg string) { c.Err(Error(sanitize(msg))) }

// OK writes +OK.
func (c *Ctx) OK() { c.Writer.WriteStatus(StatusOK) }

// SelectDB switches the client (and this context) to database i.
func (c *Ctx) SelectDB(i int) {
	c.Client.DB = i
	c.DB = c.E.dbs[i]
}

// Truncator is implemented by writers that can drop a partly written reply
// (after a handler panicked mid-reply, or for CLIENT REPLY OFF).
type Truncator interface {
	Mark() int
	Truncate(mark int)
}

// Mark returns the current end of the buffer.
func (w *RespWriter) Mark() int { return len(w.Buf) }

// Truncate drops everything written after mark.
func (w *RespWriter) Truncate(mark int) { w.Buf = w.Buf[:mark] }

// RunBatch runs one pipeline batch of commands from cl, holding the executor
// once for the whole batch, and writes the replies to w (or, for a client
// with an Outbox, queues them there). It returns how many commands ran: it
// stops early when a command asks to close the connection or parks the
// client (see Client.BlockedOn); the connection runs the rest afterwards.
func (e *Engine) RunBatch(cl *Client, w *RespWriter, batch [][][]byte, inBytes int64) int {
	if !e.lockOrBusy() {
		return e.runBusy(cl, w, batch)
	}
	defer e.mu.Unlock()
	start := len(w.Buf)
	e.stats.NetInputBytes += inBytes
	e.refreshClock()
	cl.LastInteraction = e.now
	n := 0
	for _, args := range batch {
		if cl.CloseAfterReply || cl.killed || cl.block != nil {
			break
		}
		e.runTop(cl, w, args)
		n++
	}
	e.stats.NetOutputBytes += int64(len(w.Buf) - start)
	cl.parked = nil
	if cl.block != nil {
		cl.parked = &BlockedOn{Done: cl.block.done, Reply: cl.block.w}
	}
	if cl.Out != nil && len(w.Buf) > 0 {
		// Queue the replies inside the executor, so that a message published
		// after this batch can't overtake them.
		cl.Out.Append(w.Buf)
		w.Buf = w.Buf[:0]
	}
	return n
}

// Run runs fn inside the executor, with a Ctx for cl writing to w. It serves
// callers outside the network path (tests, the active expire cycle's
// siblings, admin tooling).
func (e *Engine) Run(cl *Client, w Writer, fn func(c *Ctx)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.refreshClock()
	c := e.acquireCtx()
	defer e.releaseCtx(c)
	c.Writer, c.Client, c.Cmd, c.Args, c.DB = w, cl, nil, nil, e.dbs[cl.DB]
	fn(c)
	if e.depth == 1 && len(e.prop.ops) > 0 {
		e.flushPropagation()
	}
}

// runTop runs one top-level command from the network and applies the
// client's reply mode.
func (e *Engine) runTop(cl *Client, w *RespWriter, args [][]byte) {
	// Replies are dropped from cl.cut on, as Redis drops each write made
	// while CLIENT REPLY OFF or SKIP is in force; CLIENT REPLY inside EXEC
	// moves the cut (see Client.silence).
	cl.skipping, cl.skipNext = cl.skipNext, false
	cl.out, cl.cut = w, -1
	if cl.Reply == ReplyOff || cl.skipping {
		cl.cut = len(w.Buf)
	}
	e.Dispatch(cl, w, args)
	if cl.cut >= 0 {
		w.Buf = w.Buf[:cl.cut]
	}
	cl.out, cl.skipping = nil, false
	// A SKIP set by this command (even inside EXEC) applies to the next one.
	if cl.Reply == ReplySkip {
		cl.Reply = ReplyOn
		cl.skipNext = true
	}
}

// Dispatch resolves args and runs it for cl: lookup, arity, the gates, then
// either the MULTI queue or the handler. Rejections are worded for the
// network and flag an open transaction, as Redis's rejectCommand does.
func (e *Engine) Dispatch(cl *Client, w Writer, args [][]byte) {
	cmd, rej := e.Resolve(args)
	if rej == RejectNone {
		rej = e.gate(cl, cmd, args)
	}
	if rej != RejectNone {
		if cmd != nil {
			e.cmdStats[cmd.id].RejectedCalls++
		}
		err := e.NetworkError(rej, cmd, args)
		if e.Txn != nil {
			err = e.Txn.Reject(cl, cmd, err)
		}
		e.countError(err.Code())
		w.WriteError(string(err))
		return
	}
	if e.Txn != nil && cmd.Flags&TxnControl == 0 && e.Txn.Queue(cl, cmd, args, w) {
		return
	}
	e.Call(cl, w, cmd, args)
}

// TxnQueue is what the transaction layer plugs into the dispatcher.
type TxnQueue interface {
	// Queue queues cmd if cl is inside MULTI (replying +QUEUED) and
	// reports whether it did. args are only valid during the call.
	Queue(cl *Client, cmd *Command, args [][]byte, w Writer) bool
	// Reject is told that the dispatcher refused cmd (nil for an unknown
	// command) from cl with err. It marks cl's open transaction, if any,
	// as failed, and returns the error to reply with: err, except for a
	// refused EXEC, which discards the transaction and answers EXECABORT,
	// as Redis's rejectCommand does.
	Reject(cl *Client, cmd *Command, err Error) Error
	// InMulti reports whether cl has opened a transaction (the no-multi
	// gate).
	InMulti(cl *Client) bool
	// GateFlags returns the flags gates judge cmd by: for EXEC, its own
	// plus those of the queued commands (union: set on at least one; lacking:
	// missing from at least one, for "allowed only if flagged" gates such
	// as stale and loading), as Redis's processCommand looks into the queue
	// to refuse an EXEC that would write on a read-only replica or use
	// memory when out of it. Other commands get their own flags and none
	// lacking beyond theirs.
	GateFlags(cl *Client, cmd *Command) (union, lacking Flag)
	// BusyReject is Reject for a command refused beside a busy script
	// (runBusy): it runs without the executor.
	BusyReject(cl *Client, cmd *Command, err Error) Error
	// BusyServe runs cmd beside a busy script if the transaction layer
	// can (MULTI, DISCARD), writing its reply, and reports whether it did.
	BusyServe(cl *Client, cmd *Command, w Writer) bool
}

// Call runs cmd's handler for cl with the executor already held, recording
// command statistics. A panic in the handler is recovered, logged with its
// stack and answered with an error; the server goes on.
func (e *Engine) Call(cl *Client, w Writer, cmd *Command, args [][]byte) {
	c := e.acquireCtx()
	c.Writer, c.Client, c.Cmd, c.Args, c.DB = w, cl, cmd, args, e.dbs[cl.DB]
	// failed_calls counts the error replies written since the end of the
	// last command that ran inside this one (or since it started), as
	// Redis's incrCommandStatsOnError: EXEC and scripts are not blamed for
	// their inner commands' errors, only for their own.
	e.errMark = e.stats.ErrorReplies
	dirty := e.stats.Dirty
	// A top-level command starts where the previous one of its batch ended
	// (one clock read per command: reads are costly on many VMs); it, and
	// any script or EXEC it runs, sees that one time, as in Redis.
	//
	// Commands run by EXEC or a script read no clock: their time is
	// counted in the EXEC's or script's own (clock reads cost ~50 ns on
	// these VMs, as much as a small command).
	top := e.depth == 1
	st := &e.cmdStats[cmd.id]
	if top {
		start := e.lastMono
		e.setClock(start)
		e.runProc(c)
		end := e.mono()
		e.lastMono = end
		st.Usec += int64((end - start) / time.Microsecond)
	} else {
		e.runProc(c)
	}
	// A parked command was counted (and shown to monitors) when it first
	// ran; serving it later only adds its error, as Redis's
	// updateStatsOnUnblock.
	if !cl.retrying {
		st.Calls++
	}
	if e.stats.ErrorReplies > e.errMark || c.failed {
		st.FailedCalls++
	}
	e.errMark = e.stats.ErrorReplies
	if e.prop.sink != nil {
		e.propagateCall(c, e.stats.Dirty > dirty)
	}
	if !cl.retrying {
		e.stats.CommandsProcessed++
		if len(e.monitors) > 0 && cmd.Flags&(SkipMonitor|Admin) == 0 {
			e.feedMonitors(cl, w, args)
		}
	}
	cl.LastCmd = cmd.Name
	e.releaseCtx(c)
	if e.depth == 0 {
		// The outermost command ended: its effects (with those of an EXEC's
		// or a script's inner commands) go out as one unit, before any
		// parked client is served, as in Redis's afterCommand.
		if len(e.prop.ops) > 0 {
			e.flushPropagation()
		}
		if len(e.ready) > 0 {
			e.serveReady()
		}
	}
}

func (e *Engine) runProc(c *Ctx) {
	mark := -1
	t, canTruncate := c.Writer.(Truncator)
	if canTruncate {
		mark = t.Mark()
	}
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		e.Log.Logf(LogWarning, "panic while running '%s': %v\n%s", c.Cmd.Name, r, debug.Stack())
		if canTruncate {
			t.Truncate(mark)
		}
		c.Err(ErrPanic(c.Cmd.Name))
	}()
	c.Cmd.Proc(c)
}

func (e *Engine) acquireCtx() *Ctx {
	if e.depth == len(e.ctxStack) {
		e.ctxStack = append(e.ctxStack, &Ctx{E: e})
	}
	c := e.ctxStack[e.depth]
	e.depth++
	return c
}

func (e *Engine) releaseCtx(c *Ctx) {
	e.depth--
	c.Writer, c.Client, c.Cmd, c.Args, c.DB = nil, nil, nil, nil, nil
	c.prop, c.propArgs = 0, nil
	c.failed = false
}
