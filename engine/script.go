package engine

// ScriptRun is a running script as the dispatcher sees it: the script's own
// client (its selected database and RESP version, separate from the
// caller's, as Redis's Lua client is), the caller, and the run's gates. The
// scripting layer creates one per script call and passes it to ScriptCall
// for every redis.call.
type ScriptRun struct {
	// Client runs the script's commands; the scripting layer resets it
	// from Caller when the run starts (database, RESP 2).
	Client *Client
	// Caller is the client that sent EVAL (or EXEC'd it).
	Caller *Client
	// ReadOnly refuses write and may-replicate commands (EVAL_RO, EVALSHA_RO
	// and scripts flagged no-writes).
	ReadOnly bool
	// WriteDirty is set once the script ran a write command: from then on
	// the script cannot be killed (SCRIPT KILL answers UNKILLABLE), nor
	// stopped by maxmemory.
	WriteDirty bool
	// OOMAtStart records Engine.OverMaxMemory when the script started
	// (for a script run by EXEC, when the EXEC started, which the executor
	// makes the same): the script's first deny-oom command is refused if
	// it was set. Memory the script itself uses (its stack, its arguments)
	// does not count, as in Redis.
	OOMAtStart bool
	// AllowOOM lets the script run deny-oom commands over maxmemory (its
	// shebang declares allow-oom).
	AllowOOM bool
}

// NewScriptClient returns a client for running scripts' commands. It is not
// a connection: CLIENT LIST does not show it and it never blocks.
func (e *Engine) NewScriptClient() *Client {
	cl := &Client{ID: e.nextID.Add(1), Proto: 2, User: "default", NoBlock: true, ScriptClient: true}
	cl.Authed.Store(true)
	return cl
}

// ScriptCall runs args for a script (redis.call and redis.pcall): lookup and
// arity worded for scripts, the script gates read from the command table
// (no-script, writes in a read-only run, a first deny-oom command over
// maxmemory), then the command itself, writing its reply to w. The executor
// must be held (the script runs inside a command). A refusal is returned,
// not written, and counted as Redis counts a rejected command; the caller
// turns it into the script's error.
func (e *Engine) ScriptCall(run *ScriptRun, w Writer, args [][]byte) Error {
	cmd, rej := e.Resolve(args)
	var err Error
	switch {
	case rej == RejectArity:
		err = ErrScriptWrongArgs
	case rej != RejectNone:
		// An unknown subcommand is an unknown command here, as Redis's
		// lookupCommand finds nothing for it.
		err = ErrScriptUnknownCommand
	case cmd.Flags&NoScript != 0:
		err = ErrScriptNotAllowed
	case run.ReadOnly && cmd.Flags&(Write|MayReplicate) != 0:
		err = ErrScriptReadOnly
	case cmd.Flags&Write != 0 && e.DiskErrorDeniesWrites():
		err = ErrMisconf
	case cmd.Flags&Write != 0 && !run.WriteDirty && !e.EnoughReplicas():
		// Once the script wrote it cannot stop halfway (Redis's
		// scriptVerifyWriteCommandAllow).
		err = ErrNoReplicas
	case e.scriptOOM(run, cmd):
		err = ErrOOM
	}
	if err != "" {
		if cmd != nil && rej != RejectUnknownSub {
			e.cmdStats[cmd.id].RejectedCalls++
		}
		e.countError(err.Code())
		// The refusal is the refused command's error, not the script's:
		// the script's command (EVAL) fails only if it replies with an
		// error itself, as Redis's incrCommandStatsOnError moves its mark
		// past an error it charged to a command.
		e.errMark = e.stats.ErrorReplies
		return err
	}
	if cmd.Flags&Write != 0 {
		run.WriteDirty = true
	}
	e.Call(run.Client, w, cmd, args)
	return ""
}

// LookupScriptCommand resolves args as a script sees commands (for
// redis.acl_check_cmd): nil when unknown or of the wrong arity.
func (e *Engine) LookupScriptCommand(args [][]byte) *Command {
	cmd, rej := e.Resolve(args)
	if rej != RejectNone {
		return nil
	}
	return cmd
}

// ScriptInfo is what INFO reports about scripting; the lua package
// installs it.
type ScriptInfo interface {
	// ScriptMemory returns the bytes the EVAL script cache holds (bodies
	// and bookkeeping), the number of cached scripts, how many the cache
	// evicted, and the scripting VM's memory.
	ScriptMemory() (evalBytes int64, scripts int, evicted int64, vmBytes int64)
}

// MarkFailed counts the running command as failed (INFO commandstats'
// failed_calls) without counting an error reply. A script's error built
// from a command's error reply is written raw, not counted again in
// errorstats; Redis still counts the script's command as failed then.
func (c *Ctx) MarkFailed() { c.failed = true }

// scriptOOM is Redis's scriptVerifyOOM: over maxmemory when the script
// started, its first write may not be one that grows memory. Once the
// script has written, it must run to its end (it cannot be undone), so
// later commands pass.
func (e *Engine) scriptOOM(run *ScriptRun, cmd *Command) bool {
	return run.OOMAtStart && !run.AllowOOM && !run.WriteDirty &&
		e.Config.MaxMemory != 0 && cmd.Flags&DenyOOM != 0
}
