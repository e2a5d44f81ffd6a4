package lua

import (
	"sync/atomic"

	"github.com/yuin/gopher-lua/pm"
)

// luakv: interrupts.
//
// A server must be able to stop a script (SCRIPT KILL, shutdown, a memory
// watchdog) from another goroutine. SetContext checks a channel on every
// instruction, raises an ordinary error that pcall swallows, and cannot stop
// the pattern matcher. An Interrupt is an atomic flag: the VM checks it before
// every instruction (one atomic load) and, while it is raised, fails every
// instruction, so a script's pcall can catch the error but cannot go on; the
// pattern matcher polls it too.

// Interrupt stops the scripts of the states it is set on (SetInterrupt). Its
// methods are safe to call from any goroutine.
type Interrupt struct {
	raised atomic.Bool
	msg    atomic.Pointer[string]
}

// Raise makes every following VM instruction (and pattern matching step) of
// the states using i fail with the Lua error msg, a string without position,
// until Clear.
func (i *Interrupt) Raise(msg string) {
	i.msg.Store(&msg)
	i.raised.Store(true)
}

// Clear lets scripts run again.
func (i *Interrupt) Clear() { i.raised.Store(false) }

// Raised reports whether Raise is in effect.
func (i *Interrupt) Raised() bool { return i.raised.Load() }

func (i *Interrupt) message() string {
	if p := i.msg.Load(); p != nil {
		return *p
	}
	return ""
}

// SetInterrupt makes i (nil: none) apply to this state and all its
// coroutines, including running ones at their next call or resume. Set it
// before running scripts.
func (ls *LState) SetInterrupt(i *Interrupt) { ls.G.interrupt = i }

// raiseInterrupt raises the interrupt's message as a Lua error without a
// position prefix.
func (ls *LState) raiseInterrupt(i *Interrupt) {
	ls.raiseError(0, i.message())
}

// findPattern is pm.Find, stopped by the state's interrupt.
func (ls *LState) findPattern(p string, src []byte, offset, limit int) ([]*pm.MatchData, error) {
	i := ls.G.interrupt
	if i == nil {
		return pm.Find(p, src, offset, limit)
	}
	mds, err := pm.FindStop(p, src, offset, limit, i.Raised)
	if err == pm.ErrStopped {
		ls.raiseInterrupt(i)
	}
	return mds, err
}
