package lua

// luakv: C-call nesting limit (Options.MaxCCalls).
//
// Lua 5.1 counts, per script, how deeply the VM is re-entered from C
// (lua_call/lua_pcall, metamethods, lua_resume) and stops at LUAI_MAXCCALLS
// with "C stack overflow". gopher-lua re-enters its VM through callR (every
// Call/PCall, which is how metamethods, pcall, sort and gsub callbacks run) and
// threadRun (coroutine resume), each a Go recursion; without a bound,
// coroutines nested through coroutine.wrap grew the Go stack until the process
// died. The counter lives in Global, so a state and all its coroutines share
// it, as the C stack does in Lua.

// cStackOverflowMsg is Lua 5.1's text for LUAI_MAXCCALLS.
const cStackOverflowMsg = "C stack overflow"

// enterCCall counts one more VM re-entry and returns the count to restore
// when it ends. Reaching Options.MaxCCalls raises "C stack overflow", with
// the chunk:line: prefix when a Lua function is running (a metamethod called
// by the VM) as luaG_runerror does. Errors unwind the count through the
// restore points in PCall and threadRun.
func (ls *LState) enterCCall() int {
	n := ls.G.cCalls
	if limit := ls.Options.MaxCCalls; limit > 0 && n+1 >= limit {
		if cf := ls.currentFrame; cf != nil && !cf.Fn.IsG {
			ls.raiseError(1, cStackOverflowMsg)
		}
		ls.raiseError(0, cStackOverflowMsg)
	}
	ls.G.cCalls = n + 1
	return n
}

// resumeTooDeep reports whether resuming a coroutine now would exceed
// Options.MaxCCalls. Like lua_resume it allows one level more than a call
// (the check is count >= limit) and leaves the coroutine untouched.
func (ls *LState) resumeTooDeep() bool {
	limit := ls.Options.MaxCCalls
	return limit > 0 && ls.G.cCalls >= limit
}

// checkYield raises Lua 5.1's error for a yield that is not made directly by
// a coroutine's body: from the main thread, or across a Go call (pcall,
// metamethods, sort or gsub callbacks). gopher-lua went on running the
// coroutine after such a yield and crashed.
func (ls *LState) checkYield() {
	if ls.Parent == nil || ls.G.cCalls != ls.baseCCalls {
		ls.raiseError(0, "attempt to yield across metamethod/C-call boundary")
	}
}
