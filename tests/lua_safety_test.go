package tests

import (
	"strings"
	"testing"
	"time"

	rt "luakv/internal/redistest"
)

// The inputs ../shared/LUA-SAFETY.md lists as able to kill a Go process or
// escape the sandbox through gopher-lua: each gets an error reply (or
// Redis's answer), and the server goes on serving.
func TestLuaSafety(t *testing.T) {
	srv := rt.StartLuakv(t)
	c := srv.MustDial(t)
	// Deep recursion runs 20000 Lua frames: seconds under the race
	// detector.
	c.Timeout = time.Minute
	cases := []struct {
		name, script string
		want         string // a prefix of the raw reply
	}{
		{"error with an empty table", "error({})", "-ERR unknown error script: "},
		{"error with a table without err", "error({x=1})", "-ERR unknown error script: "},
		{"error with a library table", "error(string)", "-ERR unknown error script: "},
		// Redis's answer: the count is a C int, 2^40 and 2^31 wrap to 0 and
		// below.
		{"string.rep of a terabyte", "return #string.rep('x', 2^40)", ":0\r\n"},
		{"string.rep of 2 GB", "return #string.rep('x', 2^31)", ":0\r\n"},
		{"string.rep of 1 GB", "return #string.rep('x', 2^30)", "-ERR user_script:1: string length overflow"},
		{"doubling a string", "local s = 'x' while true do s = s .. s end", "-ERR user_script:1: string length overflow"},
		{"table.concat past the limit", "local t = {} for i = 1, 2^10 do t[i] = string.rep('x', 2^20) end return #table.concat(t, 'x')", "-ERR user_script:1: string length overflow"},
		{"sparse array index", "local t = {} t[67108863] = 1 return #t", ":0\r\n"},
		{"coroutine recursion", "local function f() coroutine.wrap(f)() end f()", "-ERR user_script:1: user_script:1: user_script:1: "},
		{"pcall recursion", "local function f() return pcall(f) end local ok, e = f() return tostring(e)", "$"},
		{"deep recursion", "local function f(n) return f(n + 1) + 1 end return f(1)", "-ERR user_script:1: stack overflow"},
		{"deep parser nesting", "return " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000), "-ERR Error compiling script (new function): user_script:1: chunk has too many syntax levels"},
		{"deep nested tables", "return " + strings.Repeat("{", 100000) + strings.Repeat("}", 100000), "-ERR Error compiling script (new function): user_script:1: chunk has too many syntax levels"},
		{"loadstring of deep nesting", "local f, e = loadstring('return ' .. ('('):rep(1e6) .. '1' .. (')'):rep(1e6)) return e", "$"},
		{"string metatable", "getmetatable('').upper = function() return 'pwned' end", "-ERR user_script:1: Attempt to modify a readonly table"},
		{"string metatable index", "getmetatable('').__index = {}", "-ERR user_script:1: Attempt to modify a readonly table"},
		{"rawset on globals", "rawset(_G, 'x', 1)", "-ERR Attempt to modify a readonly table script: "},
		{"rawset on a library", "rawset(redis, 'call', tostring)", "-ERR Attempt to modify a readonly table script: "},
		{"setmetatable on globals", "setmetatable(_G, {})", "-ERR Attempt to modify a readonly table script: "},
		{"library still intact", "return ('x'):upper()", "$1\r\nX\r\n"},
		{"no os", "return os.exit()", "-ERR user_script:1: Script attempted to access nonexistent global variable 'os'"},
		{"no io", "return io.open('/etc/passwd')", "-ERR user_script:1: Script attempted to access nonexistent global variable 'io'"},
		{"no require", "return require('os')", "-ERR user_script:1: Script attempted to access nonexistent global variable 'require'"},
		{"no dofile", "return dofile('/etc/passwd')", "-ERR user_script:1: Script attempted to access nonexistent global variable 'dofile'"},
		{"no loadfile", "return loadfile('/etc/passwd')", "-ERR user_script:1: Script attempted to access nonexistent global variable 'loadfile'"},
		{"error in a metamethod", "local t = setmetatable({}, {__index = function() error('meta') end}) return t.x", "-ERR user_script:1: meta"},
		{"returned table with a raising metatable", "return setmetatable({}, {__index = function() error('meta') end})", "*0\r\n"},
		{"table.concat of 10k", "local t = {} for i = 1, 10000 do t[i] = 'x' end return #table.concat(t)", ":10000\r\n"},
		{"redis.call with 7999 args", "local t = {'del'} for i = 1, 7998 do t[#t + 1] = 'k' .. i end return redis.call(unpack(t))", ":0\r\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := string(c.MustDo(t, "EVAL", tc.script, "0"))
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("EVAL %.60q\n got: %.200q\nwant: %q...", tc.script, got, tc.want)
			}
			if pong := string(c.MustDo(t, "PING")); pong != "+PONG\r\n" {
				t.Fatalf("PING after it = %q", pong)
			}
		})
	}
}
