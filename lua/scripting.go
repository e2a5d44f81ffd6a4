package lua

import (
	"luakv/engine"
)

// Scripting is the scripting layer of one engine: the Lua VM, the script
// cache and the state of the running script. It is used only inside the
// executor.
type Scripting struct {
	e     *engine.Engine
	vm    *vm
	gen   uint64 // VM generation: bumped when the VM is replaced
	cache *cache
	rand  rand48

	// client runs scripts' commands (its own database and RESP version).
	client *engine.Client
	// run is the running script's dispatcher state; running tells whether
	// a script runs.
	run     engine.ScriptRun
	running bool
	// sha is the running script's SHA, for error messages.
	sha string
	// watch lets SCRIPT KILL and the memory watchdog stop the running
	// script.
	watch watch

	// reply is the Writer redis.call hands to commands; argv and arena
	// hold a call's arguments (reused from call to call).
	reply   luaReply
	argv    [][]byte
	argEnds []int
	arena   []byte
}

// Install serves EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT on e: it
// binds their handlers in e's command table and reports to INFO. Call it
// once, right after engine.New, before clients connect.
func Install(e *engine.Engine) *Scripting {
	s := &Scripting{e: e, cache: newCache(DefaultCacheSize), rand: newRand48()}
	s.client = e.NewScriptClient()
	s.vm = newVM(s)
	s.gen = 1
	tbl := e.Table()
	for name, proc := range map[string]engine.Proc{
		"eval": s.cmdEval, "evalsha": s.cmdEvalSha, "eval_ro": s.cmdEvalRO, "evalsha_ro": s.cmdEvalShaRO,
	} {
		cmd := tbl.Get(name)
		cmd.Proc = proc
		cmd.GateFlags = s.gateFlags(cmd, name == "evalsha" || name == "evalsha_ro")
	}
	sub := tbl.Get("script").Sub
	sub["load"].Proc = s.cmdScriptLoad
	sub["exists"].Proc = s.cmdScriptExists
	sub["flush"].Proc = s.cmdScriptFlush
	sub["help"].Proc = cmdScriptHelp
	sub["kill"].Proc = s.cmdScriptKill
	e.Scripts = s
	e.Killer = s
	return s
}

// ScriptMemory reports the cache and VM to INFO (engine.ScriptInfo).
func (s *Scripting) ScriptMemory() (evalBytes int64, scripts int, evicted int64, vmBytes int64) {
	return s.cache.bytes, s.cache.count(), s.cache.evicted, vmBaseBytes
}

// vmBaseBytes is what INFO reports as the Lua VM's memory: gopher-lua
// allocates from the Go heap, which has no per-VM count, so this is the
// size of a fresh VM (as Redis's used_memory_lua starts at ~31 KB).
const vmBaseBytes = 32 << 10

// resetVM replaces the VM (SCRIPT FLUSH, or after a Go panic inside a
// script left it in an unknown state).
func (s *Scripting) resetVM() {
	s.vm.close()
	s.vm = newVM(s)
	s.gen++
}
