package engine

import (
	"sync/atomic"
)

// shutdownState is what SHUTDOWN and the signal handlers share.
type shutdownState struct {
	// asap is set by a SIGTERM/SIGINT whose shutdown has not run yet
	// (Redis's shutdown_asap); SHUTDOWN ABORT clears it.
	asap   atomic.Bool
	sigint atomic.Bool // the pending shutdown came from SIGINT
	// save, when set, replaces saveDump as the final snapshot (tests).
	save func() error
}

// SetSaveFunc replaces the final snapshot SHUTDOWN writes (saveDump) with
// fn.
func (e *Engine) SetSaveFunc(fn func() error) { e.shutdown.save = fn }

// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT], with Redis 7.0's rules: a
// save happens when asked for, or when save points are configured and
// NOSAVE is not given; a failed save keeps the server running unless FORCE.
// On success the ShutdownHook ends the process (the client sees the
// connection close without a reply).
func cmdShutdown(c *Ctx) {
	var o ShutdownOptions
	abort := false
	for _, a := range c.Args[1:] {
		switch {
		case EqualFold(a, "nosave"):
			o.NoSave = true
		case EqualFold(a, "save"):
			o.Save = true
		case EqualFold(a, "now"):
			o.Now = true
		case EqualFold(a, "force"):
			o.Force = true
		case EqualFold(a, "abort"):
			abort = true
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	if abort && (o.NoSave || o.Save || o.Now || o.Force) || o.NoSave && o.Save {
		c.Err(ErrSyntax)
		return
	}
	if abort {
		if c.E.shutdown.asap.CompareAndSwap(true, false) {
			c.E.Log.Logf(LogNotice, "Shutdown manually aborted.")
			c.OK()
			return
		}
		c.Err(ErrNoShutdown)
		return
	}
	if err := c.E.prepareShutdown(o); err != nil {
		c.Err(ErrShutdownFailed)
		return
	}
	// The hook normally exits the process; if it returned, close this
	// connection without a reply as the exit would.
	c.Client.CloseAfterReply = true
}

// prepareShutdown is Redis's prepareForShutdown for a server without
// replicas: log, save if required, then hand over to the ShutdownHook. It
// runs inside the executor, so no command runs after it decided to stop.
func (e *Engine) prepareShutdown(o ShutdownOptions) error {
	e.Log.Logf(LogWarning, "User requested shutdown...")
	saveDue := false
	if r := e.conf.reg; r != nil {
		saveDue = len(SaveParams(r)) > 0
	}
	e.dropBGSave()
	if o.Save || saveDue && !o.NoSave {
		e.Log.Logf(LogNotice, "Saving the final RDB snapshot before exiting.")
		save := e.saveDump
		if e.shutdown.save != nil {
			save = e.shutdown.save
		}
		err := save()
		if err != nil {
			e.Log.Logf(LogWarning, "Failed saving the dataset: %v", err)
			if !o.Force {
				e.Log.Logf(LogWarning, "Error trying to save the DB, can't exit.")
				e.Log.Logf(LogWarning, "Errors trying to shut down the server. Check the logs for more information.")
				e.shutdown.asap.Store(false)
				return err
			}
			e.Log.Logf(LogWarning, "Error trying to save the DB. Exit anyway.")
		}
	}
	if e.ShutdownHook != nil {
		if err := e.ShutdownHook(o); err != nil {
			e.Log.Logf(LogWarning, "Errors trying to shut down the server: %v", err)
			e.shutdown.asap.Store(false)
			return err
		}
	}
	return nil
}

// RequestShutdown records a SIGTERM (sigint false) or SIGINT as Redis's
// signal handler does. It reports true when the server should exit at once
// instead: a second SIGINT while a shutdown is pending ("You insist").
// RunRequestedShutdown then performs it.
func (e *Engine) RequestShutdown(sigint bool) (exitNow bool) {
	if sigint && e.shutdown.asap.Load() {
		return true
	}
	e.shutdown.sigint.Store(sigint)
	e.shutdown.asap.Store(true)
	return false
}

// RunRequestedShutdown performs the shutdown a signal requested, inside the
// executor (after the command in flight), with the flags of
// shutdown-on-sigint or shutdown-on-sigterm. It returns nil when there is
// nothing to do (SHUTDOWN ABORT cancelled it), or the error that kept the
// server running; on success the ShutdownHook ends the process.
func (e *Engine) RunRequestedShutdown() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.shutdown.asap.Load() {
		return nil
	}
	var o ShutdownOptions
	if r := e.conf.reg; r != nil {
		name := "shutdown-on-sigterm"
		if e.shutdown.sigint.Load() {
			name = "shutdown-on-sigint"
		}
		f := r.Int(name)
		o = ShutdownOptions{Save: f&shutdownSave != 0, NoSave: f&shutdownNoSave != 0, Now: f&shutdownNow != 0, Force: f&shutdownForce != 0}
	}
	err := e.prepareShutdown(o)
	if err == nil {
		e.shutdown.asap.Store(false)
	}
	return err
}
