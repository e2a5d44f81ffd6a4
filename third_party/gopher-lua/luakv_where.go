package lua

import (
	"fmt"

	"github.com/yuin/gopher-lua/parse"
)

// luakv: error positions and function names as Lua 5.1 gives them.

// errorPosition is the "chunk:line: " prefix of an error raised at level
// (>= 1). From a running Lua function (a VM error) it is that function's
// position, as luaG_runerror gives. From a Go function it is luaL_where(L,
// level): level 1 is the function's caller, and a caller that is not Lua
// code gives no position (pcall(string.rep) errors have none in Lua).
func (ls *LState) errorPosition(level int) string {
	cf := ls.currentFrame
	if cf == nil {
		return ""
	}
	if !cf.Fn.IsG {
		return framePosition(cf)
	}
	dbg, ok := ls.GetStack(level)
	if !ok || dbg.frame.Fn.IsG {
		return ""
	}
	return framePosition(dbg.frame)
}

// callerWhere is luaL_where(L, 1) for a Go function.
func (ls *LState) callerWhere() string {
	if cf := ls.currentFrame; cf == nil || !cf.Fn.IsG {
		return ""
	}
	return ls.errorPosition(1)
}

// framePosition is "chunk:line: " of a Lua frame, the chunk name shown as
// luaO_chunkid does ("@user_script" shows as user_script).
func framePosition(cf *callFrame) string {
	proto := cf.Fn.Proto
	return fmt.Sprintf("%s:%d: ", parse.ChunkID(proto.SourceName, parse.ChunkIDRuntime), proto.DbgSourcePositions[intMax(cf.Pc-1, 0)])
}

// calledName is the name the running Go function was called by, as
// luaL_argerror finds it: the name in the calling Lua code, "?" when the
// caller is not Lua code (pcall, a metamethod) or the callee has no name;
// method reports a call like a:b().
func (ls *LState) calledName() (name string, method bool) {
	cf := ls.currentFrame
	if cf == nil || cf.Parent == nil || cf.Parent.Fn.IsG {
		return "?", false
	}
	caller := cf.Parent
	pc := caller.Pc - 1
	for _, call := range caller.Fn.Proto.DbgCalls {
		if call.Pc == pc {
			if call.Name == "" || call.Name == "?" || call.Name == "(anonymous)" {
				return "?", false
			}
			return call.Name, call.Method
		}
	}
	return "?", false
}
