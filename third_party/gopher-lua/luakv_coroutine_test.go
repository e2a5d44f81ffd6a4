package lua

import "testing"

// TestCoroutineLua51 compares with Redis 7.0.15.
func TestCoroutineLua51(t *testing.T) {
	tests := []struct{ src, want string }{
		{`local co = coroutine.create(function() end) coroutine.resume(co) return select(2, coroutine.resume(co))`, "cannot resume dead coroutine"},
		{`local co co = coroutine.create(function() return coroutine.resume(co) end) local a, b, c = coroutine.resume(co) return tostring(a)..tostring(b)..tostring(c)`, "truefalsecannot resume running coroutine"},
		{`local a, b a = coroutine.create(function() return coroutine.resume(b) end) b = coroutine.create(function() return coroutine.resume(a) end) local r = {coroutine.resume(a)} local s = '' for i = 1, 4 do s = s .. tostring(r[i]) .. ',' end return s .. coroutine.status(a) .. coroutine.status(b)`,
			"true,true,false,cannot resume normal coroutine,deaddead"},
		{`return select(2, pcall(coroutine.yield, 1))`, "attempt to yield across metamethod/C-call boundary"},
		{`return select(2, pcall(function() coroutine.yield(1) end))`, "attempt to yield across metamethod/C-call boundary"},
		{`local co = coroutine.create(function() local t = setmetatable({}, {__index = function() coroutine.yield(1) end}) return t.x end) return select(2, coroutine.resume(co))`, "attempt to yield across metamethod/C-call boundary"},
		// gopher-lua crashed on this one (yield through pcall).
		{`local co = coroutine.create(function() local ok, v = pcall(coroutine.yield, 1) return 'end' end) local a, b = coroutine.resume(co) local c, d = coroutine.resume(co) return tostring(a)..tostring(b)..tostring(c)..tostring(d)`,
			"trueendfalsecannot resume dead coroutine"},
		{`local co = coroutine.wrap(function() end) co() return select(2, pcall(co))`, "cannot resume dead coroutine"},
		{`local co = coroutine.wrap(function() end) co() local ok, e = pcall(function() co() end) return e`, "user_script:1: cannot resume dead coroutine"},
		{`local co = coroutine.wrap(function() error('x') end) pcall(co) return select(2, pcall(co))`, "cannot resume dead coroutine"},
		{`local ok, e = pcall(function() coroutine.wrap(function() error('x') end)() end) return e`, "user_script:1: user_script:1: x"},
		{`return select(2, pcall(coroutine.wrap(function() error('x') end)))`, "user_script:1: x"},
		{`local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end) local _, x = coroutine.resume(co, 1) local _, y = coroutine.resume(co, 10) return x .. ' ' .. y .. ' ' .. coroutine.status(co)`, "2 20 dead"},
		{`local co = coroutine.wrap(function(...) local n = select('#', ...) while true do n = n + select('#', coroutine.yield(n)) end end) return co(1, 2) .. co() .. co(3)`, "223"},
	}
	L := NewState()
	defer L.Close()
	for _, tc := range tests {
		got, err := luakvRun(t, L, tc.src)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
}

// TestMaxCCallsWrapPrefixes: the coroutine recursion error carries one
// position per wrap level, as in Redis.
func TestMaxCCallsWrapPrefixes(t *testing.T) {
	L := newCCallsTestState(200)
	defer L.Close()
	_, err := luakvRun(t, L, `local function f() coroutine.wrap(f)() end f()`)
	if err == nil {
		t.Fatal("no error")
	}
	want := ""
	for i := 0; i < 200; i++ { // Redis 7.0.15 gives 200
		want += "user_script:1: "
	}
	want += cStackOverflowMsg
	if got := luakvErrText(err); got != want {
		t.Fatalf("error %q...%q (%d bytes), want %d bytes", got[:40], got[len(got)-40:], len(got), len(want))
	}
}
