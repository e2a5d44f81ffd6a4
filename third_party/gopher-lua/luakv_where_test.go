package lua

import "testing"

// TestErrorPositions compares error texts with Redis 7.0.15: positions of
// errors raised by Go functions (luaL_where), error() levels and values,
// luaL_argerror's names, and chunk names as luaO_chunkid shows them.
func TestErrorPositions(t *testing.T) {
	tests := []struct{ src, want string }{
		{"local function f() error('x', 2) end local ok, e = pcall(function() f() end) return e", "user_script:1: x"},
		{"local ok, e = pcall(error, 'x', 2) return e", "user_script:1: x"},
		{"local ok, e = pcall(error) return tostring(ok) .. ':' .. type(e)", "false:nil"},
		{"local ok, e = pcall(error, nil) return tostring(ok) .. ':' .. type(e)", "false:nil"},
		{"local ok, e = pcall(error, 42) return type(e) .. ':' .. e", "string:42"},
		{"local ok, e = pcall(function() error(42) end) return type(e) .. ':' .. e", "string:user_script:1: 42"},
		{"local ok, e = pcall(error, 42, 0) return type(e) .. ':' .. e", "number:42"},
		{"local t = {a=1} local ok, e = pcall(error, t) return tostring(rawequal(t, e))", "true"},
		{"local ok, e = pcall(function() error('x', 1.9) end) return e", "user_script:1: x"},
		{"local ok, e = pcall(function() error('x', 'a') end) return e", "user_script:1: bad argument #2 to 'error' (number expected, got string)"},
		{"local ok, e = pcall(function() error(true) end) return type(e)", "boolean"},
		{"local ok, e = pcall(function() string.rep() end) return e", "user_script:1: bad argument #1 to 'rep' (string expected, got no value)"},
		{"local ok, e = pcall(function() ('x'):rep() end) return e", "user_script:1: bad argument #1 to 'rep' (number expected, got no value)"},
		{"local ok, e = pcall(string.rep) return e", "bad argument #1 to '?' (string expected, got no value)"},
		{"local ok, e = pcall(function() string.rep({}) end) return e", "user_script:1: bad argument #1 to 'rep' (string expected, got table)"},
		{"local ok, e = pcall(function() local t = {rep = string.rep} t:rep(1) end) return e", "user_script:1: calling 'rep' on bad self (string expected, got table)"},
		{"local ok, e = pcall(function() local rep = string.rep rep(nil) end) return e", "user_script:1: bad argument #1 to 'rep' (string expected, got nil)"},
		{"local ok, e = pcall(function() local t = {string.rep} t[1](nil) end) return e", "user_script:1: bad argument #1 to '?' (string expected, got nil)"},
		{"local ok, e = pcall(function() setmetatable(1, {}) end) return e", "user_script:1: bad argument #1 to 'setmetatable' (table expected, got number)"},
		{"local f = loadstring('error(\"x\")') local ok, e = pcall(f) return e", "[string \"error(\"x\")\"]:1: x"},
		{"local f = loadstring('local a = 1\\nerror(\"x\")', '=mychunk') local ok, e = pcall(f) return e", "mychunk:2: x"},
		{"local f = loadstring('error(\"x\")', '@file.lua') local ok, e = pcall(f) return e", "file.lua:1: x"},
		{"local i = 0 local f = load(function() i = i + 1 if i == 1 then return 'error(\"x\")' end end) local ok, e = pcall(f) return e", "(load):1: x"},
		{"local ok, e = pcall(function() tostring() end) return e", "user_script:1: bad argument #1 to 'tostring' (value expected)"},
		{"local ok, e = pcall(function() ipairs() end) return e", "user_script:1: bad argument #1 to 'ipairs' (table expected, got no value)"},
		{"local ok, e = pcall(function() math.floor('a') end) return e", "user_script:1: bad argument #1 to 'floor' (number expected, got string)"},
		{"local ok, e = pcall(function() table.insert(nil, 1) end) return e", "user_script:1: bad argument #1 to 'insert' (table expected, got nil)"},
		{"local ok, e = pcall(function() string.sub() end) return e", "user_script:1: bad argument #1 to 'sub' (string expected, got no value)"},
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

// TestErrorValuesOutOfPCall: error() values reach the Go caller as the
// ApiError's Object: tables and nil as they are.
func TestErrorValuesOutOfPCall(t *testing.T) {
	L := NewState()
	defer L.Close()
	L.SetGlobal("t", L.NewTable())
	for src, check := range map[string]func(LValue) bool{
		`error(t)`:           func(v LValue) bool { return v == L.GetGlobal("t") },
		`error({err = 'x'})`: func(v LValue) bool { tb, ok := v.(*LTable); return ok && tb.RawGetString("err") == LString("x") },
		`error(nil)`:         func(v LValue) bool { return v == LNil },
		`error()`:            func(v LValue) bool { return v == LNil },
		`error(42, 0)`:       func(v LValue) bool { return v == LNumber(42) },
		`error(42)`:          func(v LValue) bool { return v == LString("user_script:1: 42") },
		`error('x', 0)`:      func(v LValue) bool { return v == LString("x") },
	} {
		_, err := luakvRun(t, L, src)
		aerr, ok := err.(*ApiError)
		if !ok || !check(aerr.Object) {
			t.Errorf("%s: error %#v", src, err)
		}
	}
}
