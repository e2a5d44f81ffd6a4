package lauxlib

import (
	"fmt"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// MaxCStack is LUAI_MAXCSTACK in Redis's luaconf.h: the most stack slots a C
// function may use (its arguments included).
const MaxCStack = 8000

// idSize is LUA_IDSIZE, the buffer luaO_chunkid writes a source name into.
const idSize = 60

// Where returns what luaL_where(L, 1) pushes: "chunk:line: " when the
// function that called the running Go function is a Lua function with line
// information, "" otherwise (for instance when the caller is pcall).
func Where(L *lua.LState) string {
	dbg, ok := L.GetStack(1)
	if !ok {
		return ""
	}
	if _, err := L.GetInfo("Sl", dbg, lua.LNil); err != nil {
		return ""
	}
	if dbg.CurrentLine <= 0 {
		return ""
	}
	return ChunkID(dbg.Source) + ":" + strconv.Itoa(dbg.CurrentLine) + ": "
}

// ChunkID renders a chunk name for messages as luaO_chunkid does: "=name"
// gives name, "@file" gives file (its tail when long), anything else gives
// [string "first line..."].
func ChunkID(source string) string {
	switch {
	case strings.HasPrefix(source, "="):
		s := source[1:]
		if len(s) > idSize-1 {
			s = s[:idSize-1]
		}
		return s
	case strings.HasPrefix(source, "@"):
		s := source[1:]
		room := idSize - len(" '...' ") - 1 // sizeof counts the NUL
		if len(s) > room {
			return "..." + s[len(s)-room:]
		}
		return s
	default:
		n := strings.IndexAny(source, "\n\r")
		if n < 0 {
			n = len(source)
		}
		room := idSize - len(" [string \"...\"] ") - 1
		if n > room {
			n = room
		}
		if n < len(source) {
			return `[string "` + source[:n] + `..."]`
		}
		return `[string "` + source + `"]`
	}
}

// Error raises msg the way luaL_error does from a C function: prefixed by
// the caller's position when the caller is a Lua function. It does not
// return.
func Error(L *lua.LState, msg string) {
	L.Error(lua.LString(Where(L)+msg), 0)
}

// Errorf is Error with a Printf format. Formats must only use verbs whose
// output equals lua_pushfstring's (%d on ints, %s on strings).
func Errorf(L *lua.LState, format string, args ...any) {
	Error(L, fmt.Sprintf(format, args...))
}

// ArgError raises luaL_argerror's "bad argument #narg to 'name' (extramsg)".
// The name is the one the calling Lua code used for the function, or '?'
// when it is unknown, in particular when the caller is a Go function such as
// pcall. It does not return.
//
// Lua 5.1 also reports method calls (obj:f()) with the self argument not
// counted; gopher-lua's public API does not tell a method call apart, so
// they are counted as plain calls.
func ArgError(L *lua.LState, narg int, extramsg string) {
	Errorf(L, "bad argument #%d to '%s' (%s)", narg, funcName(L), extramsg)
}

// funcName is the name Lua 5.1's getfuncname finds for the running function:
// only a Lua caller knows one.
func funcName(L *lua.LState) string {
	caller, ok := L.GetStack(1)
	if !ok {
		return "?"
	}
	if _, err := L.GetInfo("S", caller, lua.LNil); err != nil || caller.What == "G" {
		return "?"
	}
	self, _ := L.GetStack(0)
	if _, err := L.GetInfo("n", self, lua.LNil); err != nil {
		return "?"
	}
	switch self.Name {
	case "", "(anonymous)":
		return "?"
	}
	return self.Name
}

// TypeName is luaL_typename: the type of argument narg, "no value" past the
// last argument.
func TypeName(L *lua.LState, narg int) string {
	if narg > L.GetTop() {
		return "no value"
	}
	return L.Get(narg).Type().String()
}

// TypeError raises luaL_typerror: "bad argument #narg to 'f' (tname
// expected, got <type>)". It does not return.
func TypeError(L *lua.LState, narg int, tname string) {
	ArgError(L, narg, tname+" expected, got "+TypeName(L, narg))
}

// CheckStack is luaL_checkstack for Go code that counts the slots its C
// original would use: used is the number of slots in use (arguments
// included) and space the number about to be pushed.
func CheckStack(L *lua.LState, used, space int, msg string) {
	if space > MaxCStack || used+space > MaxCStack {
		Error(L, "stack overflow ("+msg+")")
	}
}

// IsNoneOrNil reports whether argument narg is absent or nil.
func IsNoneOrNil(L *lua.LState, narg int) bool {
	return narg > L.GetTop() || L.Get(narg) == lua.LNil
}

// MaxResult bounds the strings the libraries build (struct.pack,
// cmsgpack.pack): Redis's default proto-max-bulk-len. Redis itself has no
// such limit inside Lua; the port refuses instead of exhausting memory.
const MaxResult = 512 << 20

// MemError is the message of Lua's memory errors (LUA_ERRMEM), which carry
// no position.
const MemError = "not enough memory"

// CheckResultSize raises MemError when a result would grow to more than
// MaxResult bytes: have bytes so far plus add more.
func CheckResultSize(L *lua.LState, have, add int) {
	if add > MaxResult-have {
		L.Error(lua.LString(MemError), 0)
	}
}
