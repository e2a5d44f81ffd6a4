package libtest

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"luakv/internal/redistest"
)

// Case is one snippet: {name, Lua chunk}. The chunk returns a string. (An
// array rather than a struct keeps the corpora short and vet-clean.)
type Case = [2]string

// Prelude is prepended (on the snippet's first line) to every snippet. It
// defines helpers that render values the same way in both interpreters,
// without tostring on numbers (gopher-lua's differs from Lua 5.1's):
//
//	hex(s)   the bytes of s in lower-case hex
//	num(x)   x in "%.17g", or nan / inf / -inf
//	show(v)  any value: numbers as num, strings quoted with \xx escapes for
//	         bytes outside printable ASCII, tables as {k=v,...} sorted by
//	         rendered key (cycles are not followed past depth 20)
//	p(...)   "n:" and show of each value, space separated
//	pc(f, ...) p(pcall(f, ...))
const Prelude = `local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end ` +
	`local function num(x) if x ~= x then return 'nan' elseif x == 1/0 then return 'inf' elseif x == -1/0 then return '-inf' end return string.format('%.17g', x) end ` +
	`local show ` +
	`show = function(v, d) local t = type(v) d = d or 0 ` +
	`if t == 'number' then return num(v) ` +
	`elseif t == 'string' then return '"' .. v:gsub('.', function(c) local b = c:byte() if b < 32 or b > 126 or c == '\\' or c == '"' then return string.format('\\%02x', b) end end) .. '"' ` +
	`elseif t == 'table' then if d > 20 then return '{...}' end local items = {} for k, x in pairs(v) do items[#items+1] = show(k, d+1) .. '=' .. show(x, d+1) end table.sort(items) return '{' .. table.concat(items, ',') .. '}' ` +
	`else return t == 'nil' and 'nil' or t == 'boolean' and tostring(v) or t end end ` +
	`local function p(...) local n = select('#', ...) local out = {} for i = 1, n do out[i] = show((select(i, ...))) end return n .. ':' .. table.concat(out, ' ') end ` +
	`local function pc(f, ...) return p(pcall(f, ...)) end `

// Global is a library to install as a global in the local state.
type Global struct {
	Name   string
	Loader lua.LGFunction
}

// NewState returns a gopher-lua state with the standard libraries and the
// given globals, and a registry large enough for the 8000 values a library
// may return.
func NewState(globals ...Global) *lua.LState {
	L := lua.NewState(lua.Options{
		RegistrySize:     1024 * 20,
		RegistryMaxSize:  1024 * 1024,
		RegistryGrowStep: 1024,
	})
	for _, g := range globals {
		L.Push(L.NewFunction(g.Loader))
		L.Call(0, 1)
		L.SetGlobal(g.Name, L.Get(-1))
		L.Pop(1)
	}
	return L
}

// RunLocal runs src (after Prelude) in a fresh state with globals, loaded
// with chunk name "@user_script" as Redis does, and returns the string it
// returns, or "ERROR: <message>" when it fails.
func RunLocal(src string, globals ...Global) string {
	L := NewState(globals...)
	defer L.Close()
	return RunIn(L, src, nil)
}

// RunIn runs src (after Prelude) in L with the global ARGV set to argv, as
// RunLocal does.
func RunIn(L *lua.LState, src string, argv []string) string {
	t := L.CreateTable(len(argv), 0)
	for _, a := range argv {
		t.Append(lua.LString(a))
	}
	L.SetGlobal("ARGV", t)
	defer L.SetTop(0)
	fn, err := L.Load(strings.NewReader(Prelude+src), "@user_script")
	if err != nil {
		return "ERROR: " + err.Error()
	}
	L.Push(fn)
	if err := L.PCall(0, 1, nil); err != nil {
		if ae, ok := err.(*lua.ApiError); ok {
			return "ERROR: " + ae.Object.String()
		}
		return "ERROR: " + err.Error()
	}
	v := L.Get(-1)
	if s, ok := v.(lua.LString); ok {
		return string(s)
	}
	return fmt.Sprintf("ERROR: snippet returned a %s", v.Type())
}

// scriptErr matches the error reply of a script that raised an error, to
// recover the error value.
var scriptErr = regexp.MustCompile(`^ERR (.*) script: [0-9a-f]{40}, on @user_script:\d+\.$`)

// RunRedis runs src (after Prelude) with EVAL on c, with ARGV set to argv,
// and returns the bulk string it returns, or "ERROR: <message>" for an
// error reply (for an error the script raised: the error value, without
// Redis's decoration).
func RunRedis(c *redistest.Conn, src string, argv ...string) (string, error) {
	r, err := c.Do(append([]string{"EVAL", Prelude + src, "0"}, argv...)...)
	if err != nil {
		return "", err
	}
	switch {
	case len(r) > 0 && r[0] == '-':
		msg := string(bytes.TrimSuffix(r[1:], []byte("\r\n")))
		if m := scriptErr.FindStringSubmatch(msg); m != nil {
			msg = m[1]
		}
		return "ERROR: " + msg, nil
	case len(r) > 0 && r[0] == '$':
		i := bytes.Index(r, []byte("\r\n"))
		n, err := strconv.Atoi(string(r[1:i]))
		if err != nil || n < 0 || i+2+n > len(r) {
			return "", fmt.Errorf("unexpected reply %q", r)
		}
		return string(r[i+2 : i+2+n]), nil
	}
	return "", fmt.Errorf("snippet did not return a string: %q", r)
}

// Diff runs every case in redis-server and locally and fails t for each
// difference. It skips t when redis-server is not installed.
func Diff(t *testing.T, cases []Case, globals ...Global) {
	t.Helper()
	srv := redistest.StartRedis(t)
	c := srv.MustDial(t)
	seen := map[string]bool{}
	for _, tc := range cases {
		name, src := tc[0], tc[1]
		if seen[name] {
			t.Fatalf("duplicate case name %q", name)
		}
		seen[name] = true
		want, err := RunRedis(c, src)
		if err != nil {
			t.Fatalf("%s: redis: %v", name, err)
		}
		got := RunLocal(src, globals...)
		if got != want {
			t.Errorf("%s:\n  src:   %s\n  redis: %s\n  luakv: %s", name, src, clip(want), clip(got))
		}
	}
}

// DiffArgs runs src once per argument list, in redis-server (as ARGV) and in
// one local state, and fails t for each difference (at most 10 reported).
// It skips t when redis-server is not installed.
func DiffArgs(t *testing.T, src string, argvs [][]string, globals ...Global) {
	t.Helper()
	srv := redistest.StartRedis(t)
	c := srv.MustDial(t)
	L := NewState(globals...)
	defer L.Close()
	failures := 0
	for _, argv := range argvs {
		want, err := RunRedis(c, src, argv...)
		if err != nil {
			t.Fatalf("ARGV %q: redis: %v", argv, err)
		}
		if got := RunIn(L, src, argv); got != want {
			t.Errorf("ARGV %q:\n  redis: %s\n  luakv: %s", argv, clip(want), clip(got))
			if failures++; failures == 10 {
				t.Fatal("too many differences")
			}
		}
	}
}

// clip shortens long outputs in failure messages.
func clip(s string) string {
	if len(s) > 600 {
		return s[:600] + fmt.Sprintf("... (%d bytes)", len(s))
	}
	return s
}
