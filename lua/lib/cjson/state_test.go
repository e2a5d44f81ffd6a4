package cjson

import lua "github.com/yuin/gopher-lua"

// newState is a gopher-lua state with the global cjson, as scripts see it.
func newState() *lua.LState {
	L := lua.NewState()
	Loader(L)
	L.SetGlobal("cjson", L.Get(-1))
	L.Pop(1)
	return L
}
