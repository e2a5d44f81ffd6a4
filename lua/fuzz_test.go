package lua_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"luakv/engine"
	rt "luakv/internal/redistest"
	"luakv/lua"
)

// luaValue turns fuzz bytes into the source of a Lua value: strings,
// numbers (NaN and infinities included), booleans, nil, nested arrays, and
// the tables Redis gives meaning to (err, ok, double, big_number,
// verbatim_string, map, set), so that the reply conversion sees every shape.
func luaValue(b []byte, depth int) (string, []byte) {
	if len(b) == 0 {
		return "nil", b
	}
	op, b := b[0], b[1:]
	word := func() string {
		n := 0
		if len(b) > 0 {
			n, b = int(b[0])%12, b[1:]
		}
		n = min(n, len(b))
		s := strconv.Quote(string(b[:n]))
		b = b[n:]
		return s
	}
	switch op % 16 {
	case 0:
		return word(), b
	case 1:
		return strconv.Itoa(int(int8(op))) + ".5", b
	case 2:
		return []string{"0/0", "1/0", "-1/0", "2^63", "-2^63", "2^53+1"}[int(op/16)%6], b
	case 3:
		return "true", b
	case 4:
		return "false", b
	case 5:
		return "nil", b
	case 6:
		return "{err=" + word() + "}", b
	case 7:
		return "{ok=" + word() + "}", b
	case 8:
		return "{double=" + strconv.Itoa(int(op)) + "/7}", b
	case 9:
		return "{big_number=" + word() + "}", b
	case 10:
		return "{verbatim_string={format=" + word() + ", string=" + word() + "}}", b
	case 11:
		return "redis.error_reply(" + word() + ")", b
	}
	if depth > 6 {
		return "{}", b
	}
	n := int(op/16) % 5
	parts := make([]string, 0, n)
	for i := 0; i < n; i++ {
		var v, k string
		v, b = luaValue(b, depth+1)
		switch op % 16 {
		case 12, 13:
			parts = append(parts, v)
		case 14:
			k, b = luaValue(b, depth+1)
			parts = append(parts, "["+keyOf(k)+"]="+v)
		case 15:
			parts = append(parts, "["+keyOf(v)+"]=true")
		}
	}
	body := "{" + strings.Join(parts, ", ") + "}"
	switch op % 16 {
	case 14:
		return "{map=" + body + "}", b
	case 15:
		return "{set=" + body + "}", b
	}
	return body, b
}

// keyOf makes v usable as a table key (nil and NaN are not).
func keyOf(v string) string {
	if v == "nil" || v == "0/0" {
		return `"k"`
	}
	return v
}

// FuzzScriptReply sends random Lua values through the reply conversion in
// RESP2 and RESP3, from scripts in RESP2 and RESP3 mode: the reply is always
// exactly one well-formed RESP reply and nothing panics.
func FuzzScriptReply(f *testing.F) {
	for _, s := range []string{"", "\x00ab", "\x0c\x0e\x01\x00\x00a", "\x2e\x06\x03abc\x0f\x00\x01x", "\x3c\x1c\x1c\x0e\x02"} {
		f.Add([]byte(s))
	}
	e := newEngine(f)
	cl := e.NewClient("127.0.0.1:1", "127.0.0.1:2", -1)
	f.Fuzz(func(t *testing.T, data []byte) {
		v, _ := luaValue(data, 0)
		for _, proto := range []int{2, 3} {
			cl.Proto = proto
			for _, resp := range []string{"2", "3"} {
				w := engine.NewRespWriter(proto)
				script := "redis.setresp(" + resp + ") return " + v
				e.RunBatch(cl, w, [][][]byte{args("EVAL", script, "0")}, 0)
				if err := rt.Valid(w.Buf); err != nil {
					t.Fatalf("EVAL %q (RESP%d): %v\n%q", script, proto, err, w.Buf)
				}
			}
		}
	})
}

// FuzzRedisCall runs random argument vectors through redis.pcall: any
// command, any arguments, no panic, one well-formed reply.
func FuzzRedisCall(f *testing.F) {
	for _, s := range []string{"get\x00k", "set\x00k\x00v", "hset\x00h\x00f", "sort\x00l\x00by\x00_", "nosuch", "eval\x00return 1\x000", "script\x00flush"} {
		f.Add([]byte(s))
	}
	e := newEngine(f)
	cl := e.NewClient("127.0.0.1:1", "127.0.0.1:2", -1)
	f.Fuzz(func(t *testing.T, data []byte) {
		argv := strings.Split(string(data), "\x00")
		if len(argv) > 64 {
			argv = argv[:64]
		}
		cmd := append([]string{"EVAL", "return redis.pcall(unpack(ARGV))", "0"}, argv...)
		w := engine.NewRespWriter(2)
		e.RunBatch(cl, w, [][][]byte{args(cmd...)}, 0)
		if err := rt.Valid(w.Buf); err != nil {
			t.Fatalf("EVAL redis.pcall %q: %v\n%q", argv, err, w.Buf)
		}
	})
}

// FuzzScriptSource runs random script texts: whatever the parser, the
// compiler and the VM make of them, the server answers one well-formed
// reply and goes on. A script still running after 200 ms is stopped the
// way SHUTDOWN stops a busy script.
func FuzzScriptSource(f *testing.F) {
	for _, s := range []string{
		"return 1", "return {1, 'a', {ok='x'}}", "local t = {} for i = 1, 10 do t[i] = i end return t",
		"return redis.call('set', 'k', 'v')", "error('x')", "return ((1))", "while true do end",
		"return string.rep('x', 10):upper()", "local a = setmetatable({}, {__index = function() return 1 end}) return a.x",
		"return cjson.encode({a = {1, 2}})", "return coroutine.wrap(function() coroutine.yield(1) end)()",
		"return loadstring('return 1')()", "return pcall(error, {err = 'x'})", "return #KEYS + #ARGV",
	} {
		f.Add([]byte(s))
	}
	e := engine.New(engine.Commands, engine.Settings{})
	s := lua.Install(e)
	cl := e.NewClient("127.0.0.1:1", "127.0.0.1:2", -1)
	f.Fuzz(func(t *testing.T, src []byte) {
		stop := time.AfterFunc(200*time.Millisecond, s.AbortScript)
		defer stop.Stop()
		w := engine.NewRespWriter(2)
		e.RunBatch(cl, w, [][][]byte{args("EVAL", string(src), "1", "key", "arg")}, 0)
		if err := rt.Valid(w.Buf); err != nil {
			t.Fatalf("EVAL %q: %v\n%q", src, err, w.Buf)
		}
	})
}
