package cjson_test

import (
	"fmt"
	"luakv/lua/lib/cjson"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"luakv/internal/redistest"
)

// prelude is put before every snippet, on the snippet's first line so
// that error positions stay "user_script:1:". show(...) turns any values
// into one string independent of table traversal order and of Lua's
// number-to-string conversion: numbers by %.17g (exact in both), tables
// with sorted keys, cjson.null as NULL. try(f, ...) is pcall(f, ...)
// shown as one string, so that several can be shown together.
const prelude = `local function num(v) if v ~= v then return 'nan' elseif v == 1/0 then return 'inf' elseif v == -1/0 then return '-inf' end return string.format('%.17g', v) end ` +
	`local function dump(v) local ty = type(v) if ty == 'number' then return num(v) end if ty == 'string' then return '"' .. v .. '"' end if v == cjson.null then return 'NULL' end if ty ~= 'table' then return tostring(v) end ` +
	`local nk, sk = {}, {} for k in pairs(v) do if type(k) == 'number' then nk[#nk+1] = k else sk[#sk+1] = k end end table.sort(nk) table.sort(sk) ` +
	`local out = {} for _, k in ipairs(nk) do out[#out+1] = '[' .. num(k) .. ']=' .. dump(v[k]) end for _, k in ipairs(sk) do out[#out+1] = k .. '=' .. dump(v[k]) end return '{' .. table.concat(out, ',') .. '}' end ` +
	`local function show(...) local out = {} for i = 1, select('#', ...) do out[i] = dump((select(i, ...))) end return table.concat(out, ' ') end ` +
	`local function canon(s) return dump(cjson.decode(s)) end ` +
	`local function try(f, ...) local r = {n = 0} local function keep(...) r.n = select('#', ...) for i = 1, r.n do r[i] = (select(i, ...)) end end keep(pcall(f, ...)) local out = {} for i = 1, r.n do out[i] = dump(r[i]) end return '<' .. table.concat(out, ' ') .. '>' end `

// resetScript puts Redis's cjson back to its defaults: settings persist
// between EVALs there, while each local run uses a fresh state.
const resetScript = `cjson.encode_sparse_array(false, 2, 10) cjson.encode_max_depth(1000) ` +
	`cjson.decode_max_depth(1000) cjson.encode_number_precision(14) cjson.encode_keep_buffer(true) ` +
	`cjson.encode_invalid_numbers(false) cjson.decode_invalid_numbers(true) return 'ok'`

// TestDiffRedis runs every snippet in redis-server and in a local state
// and compares the returned strings byte for byte.
func TestDiffRedis(t *testing.T) {
	srv := redistest.StartRedis(t)
	c := srv.MustDial(t)
	for i, sn := range snippets {
		t.Run(fmt.Sprintf("%03d_%s", i, sn.name), func(t *testing.T) {
			if r := string(c.MustDo(t, "EVAL", resetScript, "0")); r != "$2\r\nok\r\n" {
				t.Fatalf("reset: %q", r)
			}
			want := string(c.MustDo(t, "EVAL", prelude+sn.src, "0"))
			if !strings.HasPrefix(want, "$") {
				t.Fatalf("redis did not return a string for %s: %q", sn.src, want)
			}
			got, err := runLocal(prelude + sn.src)
			if err != nil {
				t.Fatalf("local run of %s: %v", sn.src, err)
			}
			if bulk := fmt.Sprintf("$%d\r\n%s\r\n", len(got), got); bulk != want {
				t.Errorf("%s\nredis: %q\nlocal: %q", sn.src, clip(want), clip(bulk))
			}
			t.Logf("%q", clip(got))
		})
	}
}

// diffState is a gopher-lua state with the global cjson, as scripts see it.
func diffState() *lua.LState {
	L := lua.NewState()
	cjson.Loader(L)
	L.SetGlobal("cjson", L.Get(-1))
	L.Pop(1)
	return L
}

// runLocal runs src as Redis runs a script body and returns its string
// result.
func runLocal(src string) (string, error) {
	L := diffState()
	defer L.Close()
	fn, err := L.Load(strings.NewReader(src), "@user_script")
	if err != nil {
		return "", err
	}
	L.Push(fn)
	if err := L.PCall(0, 1, nil); err != nil {
		return "", err
	}
	s, ok := L.Get(-1).(lua.LString)
	if !ok {
		return "", fmt.Errorf("returned %s, not a string", L.Get(-1).Type())
	}
	return string(s), nil
}

func clip(s string) string {
	if len(s) > 400 {
		return s[:400] + fmt.Sprintf("...(%d bytes)", len(s))
	}
	return s
}
