package lua

import (
	"runtime"
	"strings"
	"testing"
)

// newGoPanicTestState has Go functions that fail like buggy builtins, and a
// global "after" a script sets when it survives them.
func newGoPanicTestState() *LState {
	L := NewState(Options{MaxCCalls: 200, CallStackSize: 20000, MinimizeStackMemory: true,
		RegistrySize: 1024, RegistryMaxSize: 1 << 20, RegistryGrowStep: 4096})
	L.SetGlobal("nilderef", L.NewFunction(func(L *LState) int {
		var tb *LTable
		L.Push(tb.RawGetString("x"))
		return 1
	}))
	L.SetGlobal("outofrange", L.NewFunction(func(L *LState) int {
		s := []int{}
		L.Push(LNumber(s[L.GetTop()+1]))
		return 1
	}))
	L.SetGlobal("luaerror", L.NewFunction(func(L *LState) int {
		L.RaiseError("lua error")
		return 0
	}))
	L.SetGlobal("argerror", L.NewFunction(func(L *LState) int {
		L.CheckInt(1)
		return 0
	}))
	return L
}

// pcallRecover runs src under PCall and returns the Go panic that left it.
func pcallRecover(t *testing.T, L *LState, src string) (rcv interface{}, err error) {
	t.Helper()
	fn, lerr := L.Load(strings.NewReader(src), "@user_script")
	if lerr != nil {
		t.Fatal(lerr)
	}
	defer func() { rcv = recover() }()
	L.Push(fn)
	return nil, L.PCall(0, 0, nil)
}

func TestGoPanicsPropagate(t *testing.T) {
	for _, src := range []string{
		`nilderef()`,
		`outofrange()`,
		`pcall(nilderef) after = true`,
		`pcall(outofrange) after = true`,
		`xpcall(nilderef, function(e) return e end) after = true`,
		`pcall(pcall, nilderef) after = true`,
		`pcall(function() local t = setmetatable({}, {__index = nilderef}) return t.x end) after = true`,
		`coroutine.resume(coroutine.create(function() nilderef() end)) after = true`,
		`pcall(coroutine.wrap(function() outofrange() end)) after = true`,
		`xpcall(error, function(e) nilderef() end) after = true`,
		`table.sort({3, 2, 1}, function(a, b) return nilderef() end) after = true`,
	} {
		L := newGoPanicTestState()
		rcv, err := pcallRecover(t, L, src)
		if _, ok := rcv.(runtime.Error); !ok {
			t.Errorf("%s: recovered %v (err %v), want the runtime.Error", src, rcv, err)
		}
		if L.GetGlobal("after") != LNil {
			t.Errorf("%s: the script went on after the Go panic", src)
		}
		L.Close()
	}
}

func TestGoPanicsCallByParam(t *testing.T) {
	L := newGoPanicTestState()
	defer L.Close()
	defer func() {
		if _, ok := recover().(runtime.Error); !ok {
			t.Fatal("CallByParam did not propagate the Go panic")
		}
	}()
	L.CallByParam(P{Fn: L.GetGlobal("nilderef"), Protect: true})
	t.Fatal("CallByParam returned")
}

func TestLuaErrorsStayCatchable(t *testing.T) {
	tests := []struct{ src, want string }{
		{`return select(2, pcall(luaerror))`, "lua error"}, // called by pcall: no position, as in Lua,
		{`return tostring(select(1, pcall(argerror, 'x')))`, "false"},
		{`return select(2, pcall(function() luaerror() end))`, "user_script:1: lua error"},
		{`return select(2, pcall(error, 'e', 0))`, "e"},
		{`return select(2, xpcall(luaerror, function(e) return 'h:' .. e end))`, "h:lua error"},
		{`return select(2, pcall(function() return 1 + nil end)) ~= nil`, "true"},
		{`local function f() return f() + 1 end return select(2, pcall(f))`, "user_script:1: stack overflow"},
	}
	for _, tc := range tests {
		L := newGoPanicTestState()
		got, err := luakvRun(t, L, tc.src)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.src, got, err, tc.want)
		}
		L.Close()
	}
	// And out of PCall as an *ApiError.
	L := newGoPanicTestState()
	defer L.Close()
	if rcv, err := pcallRecover(t, L, `luaerror()`); rcv != nil || err == nil || luakvErrText(err) != "user_script:1: lua error" {
		t.Fatalf("recovered %v, err %v", rcv, err)
	}
}
