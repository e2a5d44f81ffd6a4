package engine

import (
	"math"
	"strconv"
	"time"
)

// maxmemory, as Redis 7.0 enforces it under the noeviction policy: while
// used memory is above maxmemory, the dispatcher refuses the commands flagged
// deny-oom (those that may grow the dataset), every command but EXEC,
// DISCARD, QUIT and RESET inside MULTI (queuing itself uses memory), an EXEC
// whose queue holds a deny-oom command, and a script's first deny-oom
// redis.call if the server was over the limit when the script started.
// Anything else still runs: reads, deletions, PING ...
//
// luakv evicts nothing yet, so every maxmemory-policy behaves as noeviction
// does. Redis would first evict keys under the other policies and refuse
// only once nothing evictable is left (an allkeys-* policy over an empty
// dataset, a volatile-* one without keys that expire).
//
// used_memory is the Go heap in use (see memoryOverview). Reading it takes
// the runtime's metrics, microseconds: too costly for every command. The
// dispatcher compares a cached figure instead, refreshed by the cron (every
// 1/hz s), by INFO memory and whenever CONFIG SET changes maxmemory. So the
// check may lag memory growth by up to one cron period, while lowering
// maxmemory under the current usage takes effect at the very next command.

// memState is the cached used memory and the time spent over maxmemory
// (INFO stats' total/current_eviction_exceeded_time).
type memState struct {
	// used is used_memory as last read.
	used uint64
	// exceeded is set from the first refresh that found used memory over
	// maxmemory (at exceededSince, on the engine's monotonic clock) until
	// one finds it under again. As in Redis, only refreshes made while
	// maxmemory is set move it: after CONFIG SET maxmemory 0 the current
	// period keeps growing until a limit is set and found respected.
	exceeded      bool
	exceededSince time.Duration
	// exceededTotal is the time over maxmemory in closed periods.
	exceededTotal time.Duration
}

// OverMaxMemory reports whether maxmemory is set and used memory is above
// it, by the cached figure: no clock or metrics read, no allocation. The
// scripting layer records it when a script starts (ScriptRun.OOMAtStart),
// as Redis records the out-of-memory state when a command starts. Call it
// inside the executor.
func (e *Engine) OverMaxMemory() bool {
	limit := e.Config.MaxMemory
	return limit != 0 && e.mem.used > limit
}

// oomRefuses is the maxmemory gate, for a command sent by a client while
// maxmemory is set (the dispatcher checks that first, so a server without
// a limit pays one comparison).
func (e *Engine) oomRefuses(cl *Client, cmd *Command, args [][]byte) bool {
	if !e.OverMaxMemory() {
		return false
	}
	if e.callFlags(cl, cmd, args)&DenyOOM != 0 {
		return true
	}
	// Inside MULTI only what ends the transaction (or the connection)
	// runs: it frees memory.
	if e.Txn != nil && e.Txn.InMulti(cl) {
		return cmd.Flags&EndsMulti == 0
	}
	return false
}

// FlagsFor returns the flags the dispatcher's gates judge a call of cmd with
// args by: GateFlags's answer when the row has one, its table flags
// otherwise. The transaction layer takes them for the commands it queues.
func (cmd *Command) FlagsFor(args [][]byte) Flag {
	if cmd.GateFlags != nil {
		return cmd.GateFlags(args)
	}
	return cmd.Flags
}

// noteUsedMemory caches a fresh reading of used memory and, while
// maxmemory is set, tracks the time spent over it.
func (e *Engine) noteUsedMemory(used int64) {
	e.mem.used = uint64(max(used, 0))
	if e.Config.MaxMemory == 0 {
		return
	}
	m := &e.mem
	switch over := e.OverMaxMemory(); {
	case over && !m.exceeded:
		m.exceeded, m.exceededSince = true, e.mono()
	case !over && m.exceeded:
		m.exceeded = false
		m.exceededTotal += e.mono() - m.exceededSince
	}
}

// maxMemoryChanged runs after CONFIG SET maxmemory: the next command is
// judged by a fresh reading, and a limit under the current usage is logged,
// as Redis logs it.
func (e *Engine) maxMemoryChanged() {
	used := readGoMem().heapUsed
	e.noteUsedMemory(used)
	if limit := e.Config.MaxMemory; limit != 0 && limit < e.mem.used {
		e.Log.Logf(LogWarning, "WARNING: the new maxmemory value set via CONFIG SET (%d) is smaller than the current memory usage (%d). "+
			"This will result in key eviction and/or the inability to accept new write commands depending on the maxmemory-policy.",
			limit, used)
	}
}

// evictionExceeded returns INFO stats' total_eviction_exceeded_time and
// current_eviction_exceeded_time, in ms.
func (e *Engine) evictionExceeded() (total, current int64) {
	m := &e.mem
	var cur time.Duration
	if m.exceeded {
		cur = e.mono() - m.exceededSince
	}
	return int64((m.exceededTotal + cur) / time.Millisecond), int64(cur / time.Millisecond)
}

// resetEvictionExceeded is CONFIG RESETSTAT's part: both figures restart
// from 0, the current period at the next refresh that finds memory over.
func (e *Engine) resetEvictionExceeded() {
	e.mem.exceeded, e.mem.exceededSince, e.mem.exceededTotal = false, 0, 0
}

// infoMaxMemory writes INFO memory's maxmemory lines. Redis prints the
// limit as a signed number but its human form as an unsigned one.
func (e *Engine) infoMaxMemory(w *infoBuf) {
	limit := e.Config.MaxMemory
	w.int("maxmemory", int64(limit))
	if limit <= math.MaxInt64 {
		w.human("maxmemory_human", int64(limit))
	} else {
		// Past 1024 petabytes the human form is the byte count.
		w.str("maxmemory_human", strconv.FormatUint(limit, 10)+"B")
	}
	w.str("maxmemory_policy", e.Config.MaxMemoryPolicy)
}

// callFlags are the flags a gate judges a call by: the command's for these
// arguments (a script's shebang through GateFlags) and, for EXEC, those of
// the queued commands. Only the bits the transaction layer adds are taken,
// so that a command's own GateFlags can clear what its table row sets.
func (e *Engine) callFlags(cl *Client, cmd *Command, args [][]byte) Flag {
	flags := cmd.FlagsFor(args)
	if e.Txn != nil {
		union, _ := e.Txn.GateFlags(cl, cmd)
		flags |= union &^ cmd.Flags
	}
	return flags
}
