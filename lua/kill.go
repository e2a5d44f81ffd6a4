package lua

import (
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	glua "github.com/yuin/gopher-lua"

	"luakv/engine"
)

// Stopping a running script from outside: SCRIPT KILL (sent while the
// script is busy, served beside it by the connection's goroutine) and the
// memory watchdog. Both raise the VM's Interrupt, an atomic flag the VM
// checks before every instruction; once raised every instruction fails, so
// a script's pcall can catch the error but cannot go on (Redis's line hook
// after a kill).

// watch is the state a running script shares with the goroutines that may
// stop it.
type watch struct {
	intr glua.Interrupt
	// running and dirty mirror the run for SCRIPT KILL, which reads them
	// without the executor; run numbers the runs for the watchdog.
	running atomic.Bool
	dirty   atomic.Bool
	run     atomic.Uint64
	once    sync.Once
}

// maxScriptHeapGrowth is how much the Go heap may grow while one script
// runs before the watchdog stops it: a Go out-of-memory kills the process,
// so a script filling a table without end must be stopped first. Redis has
// no such bound; legitimate scripts stay far below it.
const maxScriptHeapGrowth = 4 << 30

// errMemory is the error of a script the memory watchdog stopped.
const errMemory = "Script used too much memory and was stopped"

// watchdogPeriod is how often the watchdog samples the heap while a script
// runs.
const watchdogPeriod = 10 * time.Millisecond

// startRun arms the watch for a script that starts: two atomic stores.
func (s *Scripting) startRun() {
	w := &s.watch
	w.intr.Clear()
	w.dirty.Store(false)
	w.run.Add(1)
	w.running.Store(true)
	s.e.ScriptStarted()
	w.once.Do(func() { go w.watchdog() })
}

// endRun disarms it.
func (s *Scripting) endRun() {
	w := &s.watch
	w.running.Store(false)
	if s.e.ScriptEnded() {
		s.e.Log.Logf(engine.LogWarning, "Slow script detected: it ran past busy-reply-threshold (%d ms). Script SHA1 is: %s", s.e.Config.BusyReplyThreshold, s.sha)
	}
	w.intr.Clear()
}

// watchdog stops a script during which the Go heap grew by more than
// maxScriptHeapGrowth. It samples the heap only while a script runs, the
// first time it sees a run as its baseline.
func (w *watch) watchdog() {
	t := time.NewTicker(watchdogPeriod)
	defer t.Stop()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var seen, base uint64
	for range t.C {
		if !w.running.Load() {
			continue
		}
		metrics.Read(sample)
		heap := sample[0].Value.Uint64()
		if run := w.run.Load(); run != seen {
			seen, base = run, heap
			continue
		}
		if heap > base+maxScriptHeapGrowth && w.running.Load() {
			w.intr.Raise(errMemory)
		}
	}
}

// KillScript is SCRIPT KILL while a script is busy (engine.BusyKiller). It
// runs beside the script, without the executor.
func (s *Scripting) KillScript() engine.Error {
	w := &s.watch
	if !w.running.Load() {
		return engine.ErrNotBusy
	}
	if w.dirty.Load() {
		return engine.ErrUnkillable
	}
	s.e.Log.Logf(engine.LogWarning, "Lua script killed by user with SCRIPT KILL.")
	w.intr.Raise(errKilled)
	return ""
}

// AbortScript stops the running script, writes or not: SHUTDOWN NOSAVE
// beside a busy script (engine.BusyKiller).
func (s *Scripting) AbortScript() {
	if s.watch.running.Load() {
		s.watch.intr.Raise(errShutdown)
	}
}
