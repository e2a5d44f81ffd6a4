package lua

import (
	"strings"
	"testing"
)

// luakvRun compiles src as chunk "@user_script" (shown as user_script) and runs it in L, returning
// its first result as a string or the error value's text.
func luakvRun(t *testing.T, L *LState, src string) (string, error) {
	t.Helper()
	fn, err := L.Load(strings.NewReader(src), "@user_script")
	if err != nil {
		return "", err
	}
	L.Push(fn)
	if err := L.PCall(0, 1, nil); err != nil {
		return "", err
	}
	ret := L.Get(-1)
	L.Pop(1)
	return ret.String(), nil
}

func luakvErrText(err error) string {
	if aerr, ok := err.(*ApiError); ok {
		return aerr.Object.String()
	}
	return err.Error()
}

func newReadOnlyTestState() *LState {
	L := NewState()
	ro := L.NewTable()
	ro.RawSetInt(1, LNumber(3))
	ro.RawSetInt(2, LNumber(1))
	ro.RawSetString("k", LString("v"))
	ro.SetReadOnly(true)
	L.SetGlobal("ro", ro)
	empty := L.NewTable()
	empty.SetReadOnly(true)
	L.SetGlobal("empty", empty)
	one := L.NewTable()
	one.RawSetInt(1, LNumber(1))
	one.SetReadOnly(true)
	L.SetGlobal("one", one)
	return L
}

func TestReadOnlyTableWrites(t *testing.T) {
	const msg = "Attempt to modify a readonly table"
	const pos = "user_script:1: "
	tests := []struct {
		name, src, want string
	}{
		{"field assignment", `ro.x = 1`, pos + msg},
		{"existing field", `ro.k = 'w'`, pos + msg},
		{"index assignment", `ro[1] = 5`, pos + msg},
		{"computed key", `local k = 'x' ro[k] = 1`, pos + msg},
		{"delete", `ro.k = nil`, pos + msg},
		{"through __newindex", `local t = setmetatable({}, {__newindex = ro}) t.x = 1`, pos + msg},
		{"rawset", `rawset(ro, 'x', 1)`, msg},
		{"rawset int", `rawset(ro, 1, 1)`, msg},
		{"table.insert append", `table.insert(ro, 1)`, msg},
		{"table.insert append empty", `table.insert(empty, 1)`, msg},
		{"table.insert pos", `table.insert(ro, 1, 2)`, msg},
		{"table.remove", `table.remove(ro)`, msg},
		{"table.remove pos", `table.remove(ro, 1)`, msg},
		{"table.sort", `table.sort(ro)`, msg},
		{"table.sort comparator", `table.sort(ro, function(a, b) return a > b end)`, msg},
		{"setmetatable", `setmetatable(ro, {})`, msg},
		{"setmetatable nil", `setmetatable(ro, nil)`, msg},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			L := newReadOnlyTestState()
			defer L.Close()
			_, err := luakvRun(t, L, tc.src)
			if err == nil {
				t.Fatalf("%s: no error", tc.src)
			}
			if got := luakvErrText(err); got != tc.want {
				t.Fatalf("%s: error %q, want %q", tc.src, got, tc.want)
			}
			// The table is unchanged and still readable.
			got, err := luakvRun(t, L, `local n = 0 for k, v in pairs(ro) do n = n + 1 end
				return table.concat({ro[1], ro[2], ro.k, tostring(ro.x), n, tostring(getmetatable(ro))}, ',')`)
			if err != nil || got != "3,1,v,nil,3,nil" {
				t.Fatalf("after %s: ro is %q (%v)", tc.src, got, err)
			}
		})
	}
}

func TestReadOnlyTableNoWrite(t *testing.T) {
	// Operations that Lua 5.1 completes without writing succeed.
	tests := []struct{ src, want string }{
		{`return select('#', table.remove(empty))`, "0"},
		{`return select('#', table.remove(ro, 5))`, "0"},
		{`table.sort(empty) table.sort(one) return one[1]`, "1"},
		{`return ro.k .. #ro .. table.concat(ro, ',') .. rawget(ro, 1)`, "v23,13"},
		{`local t = {} t.x = 1 rawset(t, 'y', 2) table.insert(t, 3) return t.x + t.y + t[1]`, "6"},
		{`return select(2, pcall(function() ro.x = 1 end))`, "user_script:1: Attempt to modify a readonly table"},
	}
	for _, tc := range tests {
		L := newReadOnlyTestState()
		got, err := luakvRun(t, L, tc.src)
		L.Close()
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
}

func TestReadOnlyGlobals(t *testing.T) {
	L := NewState()
	defer L.Close()
	L.SetGlobal("KEYS", L.NewTable())
	L.G.Global.SetReadOnly(true)
	if !L.G.Global.IsReadOnly() {
		t.Fatal("IsReadOnly after SetReadOnly(true) is false")
	}
	for src, want := range map[string]string{
		`x = 1`:                 "user_script:1: Attempt to modify a readonly table",
		`_G.x = 1`:              "user_script:1: Attempt to modify a readonly table",
		`rawset(_G, 'x', 1)`:    "Attempt to modify a readonly table",
		`KEYS = {}`:             "user_script:1: Attempt to modify a readonly table",
		`setmetatable(_G, nil)`: "Attempt to modify a readonly table",
	} {
		if _, err := luakvRun(t, L, src); err == nil || luakvErrText(err) != want {
			t.Errorf("%s: error %v, want %q", src, err, want)
		}
	}
	// Locals and fields of other tables still work, and so does the owner
	// after clearing the flag.
	if got, err := luakvRun(t, L, `local a = 1 KEYS[1] = 'k' return a .. KEYS[1]`); err != nil || got != "1k" {
		t.Fatalf("got %q, %v", got, err)
	}
	L.G.Global.SetReadOnly(false)
	if got, err := luakvRun(t, L, `x = 2 return x`); err != nil || got != "2" {
		t.Fatalf("after SetReadOnly(false): got %q, %v", got, err)
	}
}

func TestReadOnlyGoAPI(t *testing.T) {
	L := NewState()
	defer L.Close()
	ro := L.NewTable()
	ro.SetReadOnly(true)
	for name, fn := range map[string]LGFunction{
		"SetField":     func(L *LState) int { L.SetField(ro, "x", LTrue); return 0 },
		"SetTable":     func(L *LState) int { L.SetTable(ro, LNumber(1), LTrue); return 0 },
		"RawSet":       func(L *LState) int { L.RawSet(ro, LString("x"), LTrue); return 0 },
		"RawSetInt":    func(L *LState) int { L.RawSetInt(ro, 1, LTrue); return 0 },
		"SetMetatable": func(L *LState) int { L.SetMetatable(ro, L.NewTable()); return 0 },
	} {
		err := L.CallByParam(P{Fn: L.NewFunction(fn), Protect: true})
		if err == nil || luakvErrText(err) != readOnlyTableMsg {
			t.Errorf("%s: error %v, want %q", name, err, readOnlyTableMsg)
		}
	}
	if ro.Len() != 0 || ro.RawGetString("x") != LNil || ro.Metatable != LNil {
		t.Fatal("read-only table was modified")
	}
}

func TestSetMetatableOnlyTables(t *testing.T) {
	L := NewState()
	defer L.Close()
	_, err := luakvRun(t, L, `setmetatable('', {__index = {upper = function() return 'pwned' end}})`)
	if err == nil || !strings.Contains(luakvErrText(err), "table expected, got string") {
		t.Fatalf("setmetatable on a string: error %v", err)
	}
	if got, err := luakvRun(t, L, `return ('x'):upper()`); err != nil || got != "X" {
		t.Fatalf("string metatable changed: %q, %v", got, err)
	}
}
