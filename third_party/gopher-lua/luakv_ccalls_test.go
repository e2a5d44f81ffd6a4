package lua

import "testing"

func newCCallsTestState(maxCCalls int) *LState {
	return NewState(Options{
		MaxCCalls:           maxCCalls,
		CallStackSize:       20000,
		MinimizeStackMemory: true,
		RegistrySize:        1024,
		RegistryMaxSize:     1 << 20,
		RegistryGrowStep:    4096,
	})
}

// TestMaxCCalls compares with Redis 7.0.15 (LUAI_MAXCCALLS 200): the results
// are what EVAL returns there, where the script itself runs one level deep as
// it does under PCall here.
func TestMaxCCalls(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"pcall", `local function f() return pcall(f) end return tostring(select(2, f()))`, "true"},
		{"pcall depth", `local n=0 local function f() n=n+1 local ok, e = pcall(f) if not ok then return e..' '..n end return e end return f()`,
			"C stack overflow 199"},
		{"xpcall", `local n=0 local function f() n=n+1 return xpcall(f, function(e) return e end) end local r = {f()} return tostring(r[#r])..' '..n`,
			"C stack overflow 199"},
		{"coroutine.wrap", `local n=0 local function f() n=n+1 coroutine.wrap(f)() end local ok,e=pcall(f) return n`, "199"},
		{"coroutine.resume", `local n=0 local function f() n=n+1 local co = coroutine.create(f) local ok, e = coroutine.resume(co) if not ok then error(e, 0) end end local ok,e=pcall(f) return e..' '..n`,
			"C stack overflow 199"},
		{"__index from the VM", `local n = 0 local t t = setmetatable({}, {__index = function(t, k) n = n + 1 return t[k] end}) local ok, e = pcall(function() return t.x end) return e .. ' ' .. n`,
			"user_script:1: C stack overflow 197"},
		{"__tostring from tostring", `local n=0 local function f() n=n+1 return tostring(setmetatable({}, {__tostring=f})) end local ok,e = pcall(f) return e..' '..n`,
			"C stack overflow 198"},
		{"sort comparator", `local n=0 local function f() n=n+1 table.sort({2,1}, function(a,b) f() return a<b end) end local ok,e=pcall(f) return e..' '..n`,
			"C stack overflow 198"},
		{"gsub callback", `local n=0 local function f() n=n+1 string.gsub('a', 'a', function() f() end) end local ok,e=pcall(f) return e..' '..n`,
			"C stack overflow 198"},
		{"__lt", `local n=0 local t = setmetatable({}, {__lt = function(a, b) n=n+1 return a < b end}) local ok, e = pcall(function() return t < t end) return e..' '..n`,
			"user_script:1: C stack overflow 197"},
		{"__add", `local n=0 local t = setmetatable({}, {__add = function(a, b) n=n+1 return a + b end}) local ok, e = pcall(function() return t + t end) return e..' '..n`,
			"user_script:1: C stack overflow 197"},
		{"lua recursion is not counted", `local function f(n) if n == 0 then return 0 end return 1 + f(n-1) end return f(5000)`, "5000"},
	}
	L := newCCallsTestState(200)
	defer L.Close()
	for _, tc := range tests {
		// Twice: an error must not leave the shared counter raised.
		for round := 0; round < 2; round++ {
			got, err := luakvRun(t, L, tc.src)
			if err != nil || got != tc.want {
				t.Errorf("%s (round %d): got %q, %v; want %q", tc.name, round, got, err, tc.want)
			}
		}
	}
	if L.G.cCalls != 0 {
		t.Errorf("counter is %d after the scripts, want 0", L.G.cCalls)
	}
}

func TestMaxCCallsCoroutineRecursion(t *testing.T) {
	// Unbounded, this recursion grew the Go stack until the process died.
	L := newCCallsTestState(200)
	defer L.Close()
	_, err := luakvRun(t, L, `local function f() coroutine.wrap(f)() end f()`)
	if err == nil {
		t.Fatal("no error")
	}
	if got := luakvErrText(err); len(got) < 16 || got[len(got)-16:] != cStackOverflowMsg {
		t.Fatalf("error %q, want ...%q", got, cStackOverflowMsg)
	}
}

func TestMaxCCallsResumeAPI(t *testing.T) {
	L := newCCallsTestState(3)
	defer L.Close()
	// A Go function resuming a coroutine through the API at the limit.
	L.SetGlobal("goresume", L.NewFunction(func(L *LState) int {
		co, _ := L.NewThread()
		st, err, _ := L.Resume(co, L.CheckFunction(1))
		if st != ResumeError {
			L.Push(LString("resumed"))
			return 1
		}
		L.Push(LString(err.Error()))
		return 1
	}))
	// The script runs at level 1, each coroutine one deeper: the API resume
	// works at 1 and fails at 3.
	// (Compiled without the limit: 3 levels are too few for its syntax.)
	L.Options.MaxCCalls = 0
	fn, err := L.LoadString(`local f = function() end
		return goresume(f) .. ' ' .. coroutine.wrap(function() return coroutine.wrap(function() return goresume(f) end)() end)()`)
	if err != nil {
		t.Fatal(err)
	}
	L.Options.MaxCCalls = 3
	L.Push(fn)
	err = L.PCall(0, 1, nil)
	got := L.Get(-1).String()
	if err != nil || got != "resumed "+cStackOverflowMsg {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestMaxCCallsUnlimited(t *testing.T) {
	L := newCCallsTestState(0)
	defer L.Close()
	got, err := luakvRun(t, L, `local n=0 local function f() n=n+1 if n == 500 then return true end return pcall(f) end f() return n`)
	if err != nil || got != "500" {
		t.Fatalf("got %q, %v", got, err)
	}
}
