package lua

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

func newStringTestState(maxStringSize int) *LState {
	return NewState(Options{MaxStringSize: maxStringSize, RegistrySize: 1024, RegistryMaxSize: 1 << 20, RegistryGrowStep: 4096})
}

func TestMaxStringSize(t *testing.T) {
	const overflow = "user_script:1: string length overflow"
	tests := []struct{ src, want string }{
		{`return #string.rep('x', 2^20)`, "1048576"},
		{`return select(2, pcall(function() return string.rep('x', 2^20 + 1) end))`, overflow},
		{`return select(2, pcall(function() return string.rep('abc', 2^30) end))`, overflow},
		// Errors of builtins called by pcall have no position, as in Lua.
		{`local s = 'x' local ok, e = pcall(function() while true do s = s .. s end end) return #s .. ' ' .. e`, "1048576 " + overflow},
		{`local s = string.rep('x', 2^19) return select(2, pcall(function() return s .. s .. 'y' end))`, overflow},
		{`local t = {} for i = 1, 2^11 do t[i] = string.rep('x', 512) end return select(2, pcall(table.concat, t, 'x'))`, stringOverflowMsg},
		{`local t = {} for i = 1, 2^11 do t[i] = string.rep('x', 512) end return #table.concat(t)`, "1048576"},
		{`return select(2, pcall(string.gsub, string.rep('x', 1000), 'x', string.rep('y', 2000)))`, stringOverflowMsg},
		{`return select(2, pcall(string.gsub, string.rep('x', 1000), 'x', function() return string.rep('y', 2000) end))`, stringOverflowMsg},
		{`local r = string.rep('%1', 1100) return select(2, pcall(string.gsub, string.rep('x', 1000), '(x)', r))`, stringOverflowMsg},
		{`return select(2, pcall(function() return string.char(65, 256) end))`, "user_script:1: bad argument #2 to 'char' (invalid value)"},
	}
	L := newStringTestState(1 << 20)
	defer L.Close()
	for _, tc := range tests {
		got, err := luakvRun(t, L, tc.src)
		if err != nil || got != tc.want {
			if len(tc.src) > 120 {
				tc.src = tc.src[:120] + "..."
			}
			t.Errorf("%s: got %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
}

// TestStringRepRedis: the count is a C int in Redis (Lua 5.1 on x86-64).
func TestStringRepRedis(t *testing.T) {
	tests := []struct{ src, want string }{
		{`return string.rep('x', 2^32+3)`, "xxx"},
		{`return string.rep('x', 2^31)`, ""},
		{`return string.rep('x', 2^40)`, ""},
		{`return #string.rep('x', 2^33+10)`, "10"},
		{`return string.rep('x', -1)`, ""},
		{`return string.rep('x', 1/0)`, ""},
		{`return string.rep('x', 0/0)`, ""},
		{`return string.rep('x', 3.9)`, "xxx"},
		{`return string.rep('x', -2^31-2^32+2)`, ""},
		{`return string.rep('ab', 2)`, "abab"},
		{`return string.rep('', 2^30)`, ""},
	}
	L := newStringTestState(0)
	defer L.Close()
	for _, tc := range tests {
		got, err := luakvRun(t, L, tc.src)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
}

// TestStringSizeNoAllocation: an over-limit result fails before allocating.
func TestStringSizeNoAllocation(t *testing.T) {
	L := newStringTestState(1 << 20)
	defer L.Close()
	for _, src := range []string{
		`return string.rep('x', 2^31 - 1)`,
		`return string.rep(string.rep('x', 2^20), 2^10)`,
		`local s = string.rep('x', 2^20) return s .. s .. s .. s`,
		`local s, t = string.rep('x', 2^19), {} for i = 1, 1000 do t[i] = s end return table.concat(t)`,
	} {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		_, err := luakvRun(t, L, src)
		runtime.ReadMemStats(&m1)
		if err == nil || !strings.HasSuffix(luakvErrText(err), stringOverflowMsg) {
			t.Errorf("%s: error %v", src, err)
		}
		if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 16<<20 {
			t.Errorf("%s: allocated %d bytes", src, alloc)
		}
	}
}

// TestLinearGsubConcat: gsub copied the whole string per match and
// table.concat pushed every piece on the registry.
func TestLinearGsubConcat(t *testing.T) {
	L := newStringTestState(0)
	defer L.Close()
	start := time.Now()
	got, err := luakvRun(t, L, `
		local s, n = string.gsub(string.rep('a', 200000), 'a', 'bc')
		local t = {} for i = 1, 100000 do t[i] = 'x' end
		return #s .. ' ' .. n .. ' ' .. #table.concat(t, ',')`)
	if err != nil || got != "400000 200000 199999" {
		t.Fatalf("got %q, %v", got, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
}

// TestGsubAndConcatLua51 compares with Redis 7.0.15.
func TestGsubAndConcatLua51(t *testing.T) {
	tests := []struct{ src, want string }{
		{`return (string.gsub('hello world', '(%w+)', '%1 %1 %c'))`, "hello hello c world world c"},
		{`return (string.gsub('abc', 'b', '%'))`, "a\x00c"},
		{`return table.concat({string.gsub('abc', '', '-')}, ' ')`, "-a-b-c- 4"},
		{`return (string.gsub('hello', 'l', {l = 1.5}))`, "he1.51.5o"},
		{`return (string.gsub('hello', 'l', {x = 1}))`, "hello"},
		{`return (string.gsub('hello', 'l', function() return false end))`, "hello"},
		{`return (string.gsub('hello', '()l', '%1'))`, "he34o"},
		{`return (string.gsub('abc', '%w', '%%'))`, "%%%"},
		{`return (string.gsub('hello', 'l', 5))`, "he55o"},
		{`return (string.gsub('hello', 'l', 'L', 1))`, "heLlo"},
		{`local ok, e = pcall(function() return string.gsub('hello', 'l', {l = {}}) end) return e`, "user_script:1: invalid replacement value (a table)"},
		{`local ok, e = pcall(function() return string.gsub('hello', '(l)', '%2') end) return e`, "user_script:1: invalid capture index"},
		{`return table.concat({1, 2, 3}, ', ', 2)`, "2, 3"},
		{`return table.concat({1, 2, 3}, ', ', 3, 2)`, ""},
		{`return table.concat({1, 2.5, 'x'})`, "12.5x"},
		{`local ok, e = pcall(function() return table.concat({1, {}, 3}) end) return e`, "user_script:1: invalid value (table) at index 2 in table for 'concat'"},
		{`local ok, e = pcall(function() return table.concat({1, 2, 3}, '', 0) end) return e`, "user_script:1: invalid value (nil) at index 0 in table for 'concat'"},
		{`local ok, e = pcall(function() return table.concat({}, '', 1, 1e9) end) return e`, "user_script:1: invalid value (nil) at index 1 in table for 'concat'"},
	}
	L := newStringTestState(0)
	defer L.Close()
	for _, tc := range tests {
		got, err := luakvRun(t, L, tc.src)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
}
