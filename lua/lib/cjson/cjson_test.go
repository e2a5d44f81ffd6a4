package cjson

import (
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// run runs src in L as a script body ("@user_script") and returns its
// string result.
func run(t *testing.T, L *lua.LState, src string) string {
	t.Helper()
	fn, err := L.Load(strings.NewReader(src), "@user_script")
	if err != nil {
		t.Fatalf("load %s: %v", src, err)
	}
	L.Push(fn)
	if err := L.PCall(0, 1, nil); err != nil {
		t.Fatalf("run %s: %v", src, err)
	}
	defer L.Pop(1)
	return L.Get(-1).String()
}

// TestScripts checks texts recorded from Redis 7.0.15, so that the
// behaviour stays covered where redis-server is not installed.
func TestScripts(t *testing.T) {
	cases := []struct{ src, want string }{
		{`return cjson.encode({1, 'a/b', true, cjson.null, {}})`, `[1,"a\/b",true,null,{}]`},
		{`return cjson.encode({[1]=1, [3]=3})`, `[1,null,3]`},
		{`return cjson.encode({[2^31]=1})`, `{"2147483648":1}`},
		{`return cjson.encode(1/3) .. ' ' .. cjson.encode(1e15) .. ' ' .. cjson.encode(-0)`, `0.33333333333333 1e+15 -0`},
		{`return select(2, pcall(cjson.encode, {[11]=1}))`, `Cannot serialise table: excessively sparse array`},
		{`return select(2, pcall(cjson.encode, 0/0))`, `Cannot serialise number: must not be NaN or Inf`},
		{`return select(2, pcall(cjson.encode, {[true]=1}))`, `Cannot serialise boolean: table key must be a number or string`},
		{`return select(2, pcall(cjson.encode, function() end))`, `Cannot serialise function: type not supported`},
		{`return select(2, pcall(cjson.encode))`, `bad argument #1 to '?' (expected 1 argument)`},
		{`return select(2, pcall(function() return cjson.encode() end))`, `user_script:1: bad argument #1 to 'encode' (expected 1 argument)`},
		{"local ok, e = pcall(function()\n\n return cjson.decode('[') end) return e", `user_script:3: Expected value but found T_END at character 2`},
		{`local t = {} t[1] = t return select(2, pcall(cjson.encode, t))`, `Cannot serialise, excessive nesting (1001)`},
		{`return select(2, pcall(cjson.decode, string.rep('[', 1001)))`, `Found too many nested data structures (1001) at character 1001`},
		{`return select(2, pcall(cjson.decode, '[1 2]'))`, `Expected comma or array end but found T_NUMBER at character 4`},
		{`return select(2, pcall(cjson.decode, 'falsey'))`, `Expected the end but found invalid token at character 6`},
		{`return select(2, pcall(cjson.decode, '"\\ud800"'))`, `Expected value but found invalid unicode escape code at character 2`},
		{`return select(2, pcall(cjson.decode, 'a\0'))`, `JSON parser does not support UTF-16 or UTF-32`},
		{`return cjson.decode('"\\ud83d\\ude00\\u00e9"')`, "\U0001F600\u00e9"},
		{`return select(2, pcall(cjson.encode, cjson.decode('[0x10, +1, -inf, 1e400]')))`, `Cannot serialise number: must not be NaN or Inf`},
		{`cjson.encode_invalid_numbers(true) return cjson.encode(cjson.decode('[0x10, +1, -inf, 1e400]'))`, `[16,1,-inf,inf]`},
		{`cjson.decode_invalid_numbers(false) return select(2, pcall(cjson.decode, '0x10'))`, `Expected value but found invalid number at character 1`},
		{`return select(2, pcall(cjson.encode_number_precision, 15))`, `bad argument #1 to '?' (expected integer between 1 and 14)`},
		{`return select(2, pcall(cjson.encode_sparse_array, nil, 'a'))`, `bad argument #2 to '?' (number expected, got string)`},
		{`return select(2, pcall(cjson.encode_invalid_numbers, 'maybe'))`, `bad argument #1 to '?' (invalid option 'maybe')`},
		{`return select(2, pcall(cjson.decode_max_depth, 1, 2))`, `bad argument #2 to '?' (found too many arguments)`},
		{`cjson.encode_invalid_numbers('null') return cjson.encode({1/0, 0/0})`, `[null,null]`},
		{`cjson.encode_number_precision(3) return cjson.encode({math.pi, 123456})`, `[3.14,1.23e+05]`},
		{`return tostring(cjson.encode_sparse_array(true, 3, 5)) .. ' ' .. select(2, cjson.encode_sparse_array())`, `true 3`},
		{`return type(cjson.null) .. ' ' .. tostring(cjson.null) .. ' ' .. tostring(cjson.new().null == cjson.decode('null'))`, `userdata userdata: (nil) true`},
	}
	for _, c := range cases {
		L := newState()
		if got := run(t, L, c.src); got != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.src, got, c.want)
		}
		L.Close()
	}
}

func TestChunkID(t *testing.T) {
	long := strings.Repeat("x", 70)
	cases := []struct{ in, want string }{
		{"@user_script", "user_script"},
		{"=stdin", "stdin"},
		{"=" + long, long[:59]},
		{"@" + long, "..." + long[:52]},
		{"return 1", `[string "return 1"]`},
		{"a\nb", `[string "a..."]`},
		{long, `[string "` + long[:43] + `..."]`},
	}
	for _, c := range cases {
		if got := chunkID(c.in); got != c.want {
			t.Errorf("chunkID(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// module builds a state whose global cjson uses cfg.
func module(cfg *config) *lua.LState {
	L := lua.NewState()
	L.SetGlobal("cjson", buildModule(L, cfg))
	return L
}

func TestEncodeLengthLimit(t *testing.T) {
	cfg := newConfig()
	cfg.maxLen = 1000
	L := module(cfg)
	defer L.Close()
	cases := []struct{ src, want string }{
		{`return #cjson.encode(string.rep('a', 998))`, "1000"},
		{`return select(2, pcall(cjson.encode, string.rep('a', 999)))`, "Cannot serialise, result exceeds 1000 bytes"},
		{`return select(2, pcall(cjson.encode, string.rep('\1', 200)))`, "Cannot serialise, result exceeds 1000 bytes"},
		{`local t = {} for i = 1, 600 do t[i] = true end return select(2, pcall(cjson.encode, t))`, "Cannot serialise, result exceeds 1000 bytes"},
		{`return cjson.encode({1})`, "[1]"},
	}
	for _, c := range cases {
		if got := run(t, L, c.src); got != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.src, got, c.want)
		}
		if cap(cfg.buf) > cfg.maxLen {
			t.Errorf("%s: buffer capacity %d passed the limit", c.src, cap(cfg.buf))
		}
	}
}

func TestKeepBuffer(t *testing.T) {
	cfg := newConfig()
	L := module(cfg)
	defer L.Close()
	run(t, L, `return cjson.encode({1, 2, 3})`)
	if cap(cfg.buf) == 0 {
		t.Fatal("no buffer kept while encode_keep_buffer is on")
	}
	first := &cfg.buf[:1][0]
	run(t, L, `return cjson.encode('again')`)
	if &cfg.buf[:1][0] != first {
		t.Error("the kept buffer was not reused")
	}
	run(t, L, `return tostring(cjson.encode_keep_buffer(false))`)
	if cfg.buf != nil {
		t.Error("buffer kept after encode_keep_buffer(false)")
	}
	if got := run(t, L, `return cjson.encode({'x'})`); got != `["x"]` || cfg.buf != nil {
		t.Errorf("encode without keep_buffer = %q, buffer %v", got, cfg.buf != nil)
	}
	run(t, L, `cjson.encode_keep_buffer(true) return cjson.encode(string.rep('z', 2^21))`)
	if cap(cfg.buf) > keepBufferLimit {
		t.Errorf("a %d byte buffer was kept", cap(cfg.buf))
	}
}

func TestNull(t *testing.T) {
	L := newState()
	defer L.Close()
	n := Null(L)
	if Null(L) != n || !IsNull(L, n) || IsNull(L, lua.LNil) || IsNull(L, L.NewUserData()) {
		t.Fatal("Null is not one stable value per state")
	}
	if L.GetGlobal("cjson").(*lua.LTable).RawGetString("null") != n {
		t.Error("cjson.null is not Null(L)")
	}
	L2 := newState()
	defer L2.Close()
	if Null(L2) == n {
		t.Error("two states share a null value")
	}
}

// TestLargeInputs guards against quadratic work: each case would take
// minutes if encode or decode were quadratic in its input.
func TestLargeInputs(t *testing.T) {
	L := newState()
	defer L.Close()
	start := time.Now()
	cases := []struct{ src, want string }{
		{`local t = {} for i = 1, 200000 do t['k' .. i] = i end local s = cjson.encode(t) local d = cjson.decode(s) return #s .. ' ' .. d.k200000`, "3177791 200000"},
		{`local t = {} for i = 1, 200000 do t[i] = 'a/' .. i end local s = cjson.encode(t) return #s .. ' ' .. #cjson.decode(s)`, "2288896 200000"},
		{`local s = cjson.encode(string.rep('\n"\1', 300000)) return #s .. ' ' .. #cjson.decode(s)`, "3000002 900000"},
		{`return #cjson.decode('"' .. string.rep('\\u00e9', 300000) .. '"')`, "600000"},
	}
	for _, c := range cases {
		if got := run(t, L, c.src); got != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.src, got, c.want)
		}
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("large inputs took %v", d)
	}
}

// TestUncaughtErrorValue checks the value an uncaught error carries: the
// message alone, positioned at the calling line as luaL_error does.
func TestUncaughtErrorValue(t *testing.T) {
	cases := []struct{ src, want string }{
		{"\ncjson.encode()", "user_script:2: bad argument #1 to 'encode' (expected 1 argument)"},
		{"local x = cjson.decode('[1,')", "user_script:1: Expected value but found T_END at character 4"},
		{"local d = cjson.encode_max_depth\n\n d(0)", "user_script:3: bad argument #1 to 'd' (expected integer between 1 and 2147483647)"},
	}
	for _, c := range cases {
		L := newState()
		fn, err := L.Load(strings.NewReader(c.src), "@user_script")
		if err != nil {
			t.Fatal(err)
		}
		L.Push(fn)
		err = L.PCall(0, 0, nil)
		apiErr, ok := err.(*lua.ApiError)
		if !ok {
			t.Fatalf("%s: error %v", c.src, err)
		}
		if got := apiErr.Object.String(); got != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.src, got, c.want)
		}
		L.Close()
	}
}

// TestParallelStates runs independent states at once; the race detector
// would see any state shared between them.
func TestParallelStates(t *testing.T) {
	for i := 0; i < 4; i++ {
		t.Run("", func(t *testing.T) {
			t.Parallel()
			L := newState()
			defer L.Close()
			src := `cjson.encode_number_precision(3) local s = '' for i = 1, 200 do s = cjson.encode(cjson.decode('[1.23456,"x",{"a":null}]')) end return s`
			if got := run(t, L, src); got != `[1.23,"x",{"a":null}]` {
				t.Errorf("got %q", got)
			}
		})
	}
}
