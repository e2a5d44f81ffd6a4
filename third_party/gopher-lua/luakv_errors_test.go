package lua

import "testing"

// TestRuntimeErrorTexts compares runtime errors with Redis 7.0.15, each run
// as pcall(function() <src> end).
func TestRuntimeErrorTexts(t *testing.T) {
	tests := []struct{ src, want string }{
		{`local t = {} return t.a.b`, "user_script:1: attempt to index field 'a' (a nil value)"},
		{`local t = {} return t.a + 1`, "user_script:1: attempt to perform arithmetic on field 'a' (a nil value)"},
		{`local a return a + 1`, "user_script:1: attempt to perform arithmetic on local 'a' (a nil value)"},
		{`local a return 1 + a`, "user_script:1: attempt to perform arithmetic on local 'a' (a nil value)"},
		{`return -{}`, "user_script:1: attempt to perform arithmetic on a table value"},
		{`local s = 5 return #s`, "user_script:1: attempt to get length of local 's' (a number value)"},
		{`return 'a' .. {}`, "user_script:1: attempt to concatenate a table value"},
		{`local t = {} return 'a' .. t`, "user_script:1: attempt to concatenate local 't' (a table value)"},
		{`local t = {} return t .. 'a'`, "user_script:1: attempt to concatenate local 't' (a table value)"},
		{`local t = {} t.f()`, "user_script:1: attempt to call field 'f' (a nil value)"},
		{`local t = {} t:m()`, "user_script:1: attempt to call method 'm' (a nil value)"},
		{`local s = 'x' s:bad()`, "user_script:1: attempt to call method 'bad' (a nil value)"},
		{`local t = {} t[1]()`, "user_script:1: attempt to call field '?' (a nil value)"},
		{`local t = {} t.a.b = 1`, "user_script:1: attempt to index field 'a' (a nil value)"},
		{`return {} < {}`, "user_script:1: attempt to compare two table values"},
		{`return 1 < nil`, "user_script:1: attempt to compare number with nil"},
		{`return nil > 1`, "user_script:1: attempt to compare number with nil"},
		{`return 1 <= 'x'`, "user_script:1: attempt to compare number with string"},
		{`return 'a' < 1`, "user_script:1: attempt to compare string with number"},
		{`return {} <= {}`, "user_script:1: attempt to compare two table values"},
		{`return nil < nil`, "user_script:1: attempt to compare two nil values"},
		{`return true < false`, "user_script:1: attempt to compare two boolean values"},
		{`local a = {} return a < 1`, "user_script:1: attempt to compare table with number"},
		{`for i = 'x', 2 do end`, "user_script:1: 'for' initial value must be a number"},
		{`for i = 1, 'x' do end`, "user_script:1: 'for' limit must be a number"},
		{`for i = 1, 2, 'x' do end`, "user_script:1: 'for' step must be a number"},
		{`for i = 1, 2, {} do end`, "user_script:1: 'for' step must be a number"},
		{`local t = setmetatable({}, {}) setmetatable(t, {__index = t}) return t.x`, "user_script:1: loop in gettable"},
		{`local t = setmetatable({}, {}) getmetatable(t).__newindex = t return (function() t.x = 1 end)()`, "user_script:1: loop in settable"},
		{`local up = nil local function f() return up.x end return f()`, "user_script:1: attempt to index upvalue 'up' (a nil value)"},
		{`local up = nil local function f() return up() end return f()`, "user_script:1: attempt to call upvalue 'up' (a nil value)"},
		{`local t = {a = {}} return t.a.b.c`, "user_script:1: attempt to index field 'b' (a nil value)"},
		{`return math.huge.x`, "user_script:1: attempt to index field 'huge' (a number value)"},
		{`return ('x').y.z`, "user_script:1: attempt to index field 'y' (a nil value)"},
		{`local a, b = 1 return a + b`, "user_script:1: attempt to perform arithmetic on local 'b' (a nil value)"},
		{`return 2 ^ {}`, "user_script:1: attempt to perform arithmetic on a table value"},
		{`return 'x' * 2`, "user_script:1: attempt to perform arithmetic on a string value"},
		{`return '10' * 2`, "20"},
		{`local x = 'a' return x % 2`, "user_script:1: attempt to perform arithmetic on local 'x' (a string value)"},
		{`local t = {} return t.x.y.z`, "user_script:1: attempt to index field 'x' (a nil value)"},
		{`return string.nonexistent()`, "user_script:1: attempt to call field 'nonexistent' (a nil value)"},
		{`return (nil)()`, "user_script:1: attempt to call a nil value"},
		{`local a = {} a = a.b.c`, "user_script:1: attempt to index field 'b' (a nil value)"},
		{`local s = 0 for i = '1', '3', '1' do s = s + i end return s`, "6"},
		{`local t = setmetatable({}, {__index = function(t, k) return nil end}) return t.x.y`, "user_script:1: attempt to index field 'x' (a nil value)"},
		{`local a = {} local b = a.x return b.y`, "user_script:1: attempt to index local 'b' (a nil value)"},
		{`local a = {} return #a.x`, "user_script:1: attempt to get length of field 'x' (a nil value)"},
		{`local t = {x = 1} return t:x()`, "user_script:1: attempt to call method 'x' (a number value)"},
		{`return ('x'):upper():foo()`, "user_script:1: attempt to call method 'foo' (a nil value)"},
		{`local t = {} local k = 'a' return t[k].b`, "user_script:1: attempt to index field '?' (a nil value)"},
		{`local t = {} return t[1][2]`, "user_script:1: attempt to index field '?' (a nil value)"},
	}
	L := NewState()
	defer L.Close()
	for _, tc := range tests {
		got, err := luakvRun(t, L, "local ok, e = pcall(function() "+tc.src+" end) return tostring(e)")
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
}

// TestRuntimeErrorTextsGlobals: Redis answers these with its own error for
// undefined globals, so they follow ldebug.c (OP_GETGLOBAL names "global";
// luaG_ordererror compares the third letters of the type names).
func TestRuntimeErrorTextsGlobals(t *testing.T) {
	tests := []struct{ src, want string }{
		{`return x + 1`, "user_script:1: attempt to perform arithmetic on global 'x' (a nil value)"},
		{`return -x`, "user_script:1: attempt to perform arithmetic on global 'x' (a nil value)"},
		{`return #x`, "user_script:1: attempt to get length of global 'x' (a nil value)"},
		{`return 'a' .. x`, "user_script:1: attempt to concatenate global 'x' (a nil value)"},
		{`f()`, "user_script:1: attempt to call global 'f' (a nil value)"},
		{`x.y = 1`, "user_script:1: attempt to index global 'x' (a nil value)"},
		{`return x[1]`, "user_script:1: attempt to index global 'x' (a nil value)"},
		{`return print < print`, "user_script:1: attempt to compare two function values"},
		{`return 'a' < coroutine.create(print)`, "user_script:1: attempt to compare two string values"},
	}
	L := NewState()
	defer L.Close()
	for _, tc := range tests {
		got, err := luakvRun(t, L, "local ok, e = pcall(function() "+tc.src+" end) return tostring(e)")
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
}
