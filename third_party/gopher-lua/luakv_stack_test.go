package lua

import (
	"testing"
	"time"
)

func newStackTestState() *LState {
	return NewState(Options{RegistrySize: 1024, RegistryMaxSize: 1 << 20, RegistryGrowStep: 4096})
}

// TestStackLimits compares with Redis 7.0.15 (LUAI_MAXCSTACK 8000, C ints).
func TestStackLimits(t *testing.T) {
	const unpackErr = "user_script:1: too many results to unpack"
	const byteErr = "user_script:1: stack overflow (string slice too long)"
	tests := []struct{ src, want string }{
		{`return select('#', unpack({}, 1, 7997))`, "7997"},
		{`return select(2, pcall(function() return unpack({}, 1, 7998) end))`, unpackErr},
		{`return select('#', unpack({}, 1, 2^32))`, "0"},
		{`return select(2, pcall(function() return unpack({}, 1, 1e8) end))`, unpackErr},
		{`return select(2, pcall(function() return unpack({}, -2^31, 2^31-1) end))`, unpackErr},
		{`local t = {} for i=1,7999 do t[i]=i end return select('#', unpack(t))`, "7999"},
		{`local t = {} for i=1,8000 do t[i]=i end return select(2, pcall(function() return unpack(t) end))`, unpackErr},
		{`return select('#', unpack({1,2,3}, 2))`, "2"},
		{`return select('#', unpack({1,2,3}, -1, 1))`, "3"},
		{`return select(2, pcall(function() return string.byte(string.rep('x', 7998), 1, -1) end))`, byteErr},
		{`return select('#', string.byte(string.rep('x', 7997), 1, -1))`, "7997"},
		{`return select(2, pcall(function() return string.byte(string.rep('x', 9000), 1, -1) end))`, byteErr},
		{`return select('#', string.byte('abc'))`, "1"},
		{`return string.byte('abc', 2)`, "98"},
		{`return select('#', string.byte('abc', 2, 10))`, "2"},
		{`return select('#', string.byte('abc', -1))`, "1"},
		{`return select('#', string.byte('abc', 0))`, "0"},
		{`return select('#', string.byte('abc', 10))`, "0"},
		{`return select('#', string.byte('abc', -10, 2))`, "2"},
		{`return select(-1, 1, 2, 3)`, "3"},
		{`return select('#', select(10, 1, 2))`, "0"},
		{`return select('#', select(2^32+1, 1, 2))`, "2"},
		{`return select('#', select('#x', 1, 2))`, "1"},
		{`return select('2', 'a', 'b')`, "b"},
		{`return select(2, pcall(function() return select(0, 1, 2) end))`, "user_script:1: bad argument #1 to 'select' (index out of range)"},
	}
	L := newStackTestState()
	defer L.Close()
	for _, tc := range tests {
		got, err := luakvRun(t, L, tc.src)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
}

// TestStackLimitsFast: huge requests fail at once instead of growing the
// registry (unpack({}, 1, 1e8) ran for minutes) and big legal ones are quick.
func TestStackLimitsFast(t *testing.T) {
	L := newStackTestState()
	defer L.Close()
	start := time.Now()
	got, err := luakvRun(t, L, `
		local n = 0
		for i = 1, 20 do
			pcall(unpack, {}, 1, 1e8)
			pcall(unpack, {}, 1, 2^31 - 1)
			pcall(string.byte, string.rep('x', 2^20), 1, -1)
			n = n + select('#', unpack({}, 1, 7997))
		end
		return n`)
	if err != nil || got != "159940" {
		t.Fatalf("got %q, %v", got, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
}
