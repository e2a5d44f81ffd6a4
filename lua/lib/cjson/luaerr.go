package cjson

import (
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// This file reproduces how Lua 5.1's auxiliary library words the errors a
// C library raises, because scripts see those texts: gopher-lua's own
// RaiseError and ArgError word them differently (position of the nearest
// Lua frame even when called through pcall, unquoted function names).

// luaIDSize is Lua 5.1's LUA_IDSIZE, the buffer size for a chunk's
// printable name.
const luaIDSize = 60

// raise throws msg the way luaL_error does from a C function: prefixed
// with "chunk:line: " of the caller when the caller is a Lua function,
// bare when it was called from another library function such as pcall.
func raise(L *lua.LState, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	L.Error(lua.LString(where(L)+msg), 0)
}

// where is luaL_where(L, 1): the position of the function that called
// the running library function, or "" when that is not Lua code.
func where(L *lua.LState) string {
	dbg, ok := L.GetStack(1)
	if !ok {
		return ""
	}
	if _, err := L.GetInfo("Sl", dbg, lua.LNil); err != nil {
		return ""
	}
	if dbg.What == "G" || dbg.CurrentLine <= 0 {
		return ""
	}
	return fmt.Sprintf("%s:%d: ", chunkID(dbg.Source), dbg.CurrentLine)
}

// chunkID is luaO_chunkid: the printable name of a chunk from its source
// name ("=name" verbatim, "@file" as a file name kept to its last part,
// anything else as [string "first line..."]).
func chunkID(source string) string {
	if strings.HasPrefix(source, "=") {
		s := source[1:]
		if len(s) > luaIDSize-1 {
			s = s[:luaIDSize-1]
		}
		return cString(s)
	}
	if strings.HasPrefix(source, "@") {
		s := cString(source[1:])
		room := luaIDSize - len(" '...' ") - 1
		if len(s) > room {
			return "..." + s[len(s)-room:]
		}
		return s
	}
	s := cString(source)
	n := strings.IndexAny(s, "\n\r")
	if n < 0 {
		n = len(s)
	}
	room := luaIDSize - len(" [string \"...\"] ") - 1
	if n > room {
		n = room
	}
	if n < len(s) {
		return `[string "` + s[:n] + `..."]`
	}
	return `[string "` + s + `"]`
}

// cString cuts s at its first NUL, as C string functions see it.
func cString(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// argError is luaL_argerror: "bad argument #n to 'name' (msg)", where the
// name is how the calling Lua code referred to the function, or '?' when
// it cannot be known (a call through pcall, or an expression).
func argError(L *lua.LState, n int, msg string) {
	raise(L, "bad argument #%d to %s (%s)", n, calledName(L), msg)
}

// typeError is luaL_typerror: the argument n has the wrong type.
func typeError(L *lua.LState, n int, want string) {
	argError(L, n, fmt.Sprintf("%s expected, got %s", want, typeName(L, n)))
}

// typeName is luaL_typename: Lua 5.1's name for the type of argument n,
// "no value" when the argument is absent.
func typeName(L *lua.LState, n int) string {
	if n > L.GetTop() {
		return "no value"
	}
	return luaTypeName(L.Get(n))
}

// luaTypeName is lua_typename for v's type.
func luaTypeName(v lua.LValue) string {
	return v.Type().String()
}

// calledName gives the quoted name the caller used for the running
// function, or '?'.
func calledName(L *lua.LState) string {
	return "'" + rawCalledName(L) + "'"
}

func rawCalledName(L *lua.LState) string {
	caller, ok := L.GetStack(1)
	if !ok {
		return "?"
	}
	if _, err := L.GetInfo("S", caller, lua.LNil); err != nil || caller.What == "G" {
		return "?"
	}
	self, ok := L.GetStack(0)
	if !ok {
		return "?"
	}
	if _, err := L.GetInfo("n", self, lua.LNil); err != nil {
		return "?"
	}
	name := strings.Trim(self.Name, "'")
	if name == "" || name == "?" || strings.ContainsAny(name[:1], "(<") ||
		name == "main chunk" {
		return "?"
	}
	return name
}
