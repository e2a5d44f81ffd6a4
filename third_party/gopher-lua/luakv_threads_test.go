package lua

import (
	"runtime"
	"testing"
)

func newThreadTestState() *LState {
	return NewState(Options{MaxCCalls: 200, CallStackSize: 20000, MinimizeStackMemory: true,
		RegistrySize: 1024, RegistryMaxSize: 1 << 20, RegistryGrowStep: 4096})
}

// TestCoroutineMemory: a suspended coroutine cost ~38 KB with these options
// (a registry of RegistrySize, the whole call-stack segment table, a Global
// it dropped); now a few KB.
func TestCoroutineMemory(t *testing.T) {
	L := newThreadTestState()
	defer L.Close()
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	_, err := luakvRun(t, L, `local t = {} for i = 1, 5000 do t[i] = coroutine.create(function() coroutine.yield() end) coroutine.resume(t[i]) end keep = t`)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	if per := (int64(m1.HeapAlloc) - int64(m0.HeapAlloc)) / 5000; per > 10<<10 {
		t.Fatalf("%d bytes per suspended coroutine", per)
	}
	L.SetGlobal("keep", LNil)
}

// TestCoroutineGrowth: coroutines still grow their call stack and registry.
func TestCoroutineGrowth(t *testing.T) {
	L := newThreadTestState()
	defer L.Close()
	got, err := luakvRun(t, L, `
		local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
		local co = coroutine.wrap(function()
			local d = depth(15000)
			local n = select('#', unpack({}, 1, 7000))
			local ok, e = pcall(function() local function f() return 1 + f() end return f() end)
			return d .. ' ' .. n .. ' ' .. e
		end)
		return co()`)
	if err != nil || got != "15000 7000 user_script:6: stack overflow" {
		t.Fatalf("got %q, %v", got, err)
	}
}
