package lua

import (
	"runtime"
	"testing"
	"time"
)

// TestPatternsRedis: find/match/gsub results (count:values) against Redis
// 7.0.15.
func TestPatternsRedis(t *testing.T) {
	tests := []struct{ expr, want string }{
		{`string.find('hello world', 'o w')`, "2:5,7"},
		{`string.find('hello world', 'l+')`, "2:3,4"},
		{`string.find('hello world', 'l*')`, "2:1,0"},
		{`string.find('hello world', 'xl*')`, "1:nil"},
		{`string.match('hello world', '(h%a-)o')`, "1:hell"},
		{`string.match('hello world', '(h%a*)o')`, "1:hell"},
		{`string.match('  trim  ', '^%s*(.-)%s*$')`, "1:trim"},
		{`string.match('key=value', '(%w+)=(%w+)')`, "2:key,value"},
		{`string.match('aaa', 'a-b')`, "1:nil"},
		{`string.match('aaab', 'a-b')`, "1:aaab"},
		{`string.match('aaab', '^a-$')`, "1:nil"},
		{`string.match('aaa', '^a-$')`, "1:aaa"},
		{`string.match('[[x]]', '%[(.*)%]')`, "1:[x]"},
		{`string.match('f(a(b)c)d', '%b()')`, "1:(a(b)c)"},
		{`string.match('abc123def', '%d+')`, "1:123"},
		{`string.match('abc', '.-')`, "1:"},
		{`string.match('abc', '.-$')`, "1:abc"},
		{`string.match('abc', 'a*b+c?d?')`, "1:abc"},
		{`string.match('xyz', '()y()')`, "2:2,3"},
		{`string.gsub('hello world', 'o', '0')`, "2:hell0 w0rld,2"},
		{`string.gsub('abc', '%w-', '-')`, "2:-a-b-c-,4"},
		{`string.gsub('abc', '%w*', '-')`, "2:--,2"},
		{`string.gsub('hello', 'l+', function(s) return #s end)`, "2:he2o,1"},
		{`string.gsub('a,b,,c', '[^,]*', 'X')`, "2:XX,XX,X,XX,7"},
		{`string.match('2024-01-05', '(%d+)-(%d+)-(%d+)')`, "3:2024,01,05"},
		{`string.find('a.b.c', '.', 1, true)`, "2:2,2"},
		{`string.match('hello', 'l?l?o')`, "1:llo"},
		{`string.match('aaaa', '^(a+)(a+)$')`, "2:aaa,a"},
		{`string.match('aaaa', '^(a-)(a+)$')`, "2:,aaaa"},
		{`string.match('abab', '^(ab)%1$')`, "1:ab"},
		{`string.rep('x', 3) .. table.concat({string.match('a1b2c3', '(%a)(%d)(%a)(%d)')}, ',')`, "1:xxxa,1,b,2"},
	}
	L := NewState()
	defer L.Close()
	for _, tc := range tests {
		src := "local n = select('#', " + tc.expr + ") local r = {" + tc.expr + "} local o = {} for i = 1, n do o[i] = tostring(r[i]) end return n .. ':' .. table.concat(o, ',')"
		got, err := luakvRun(t, L, src)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.expr, got, err, tc.want)
		}
	}
}

// TestPatternRepetitionDepth: a*, .* and a- over megabytes of input used to
// recurse once per character (256 MB of Go stack at 9e5, an error past 1e6);
// Redis matches them in a loop.
func TestPatternRepetitionDepth(t *testing.T) {
	L := NewState()
	defer L.Close()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	start := time.Now()
	got, err := luakvRun(t, L, `local s = string.rep('a', 2000000) .. 'b'
		return #string.match(s, 'a*') .. ' ' .. #string.match(s, '.*') .. ' ' .. #string.match(s, 'a-b') .. ' ' .. #string.match(s, '^a+')`)
	runtime.ReadMemStats(&m1)
	if err != nil || got != "2000000 2000001 2000001 2000000" {
		t.Fatalf("got %q, %v", got, err)
	}
	if stack := m1.StackSys; stack > 64<<20 {
		t.Errorf("stack grew to %d bytes", stack)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}
