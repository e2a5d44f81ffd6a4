package lua

import (
	"runtime/metrics"

	glua "github.com/yuin/gopher-lua"

	"luakv/lua/lib/bit"
	"luakv/lua/lib/cjson"
	"luakv/lua/lib/cmsgpack"
	"luakv/lua/lib/luastruct"
)

// Sandbox limits (see ../shared/LUA-SAFETY.md). Lua 5.1's own limits are
// the model: scripts that run on Redis must run here, and inputs that would
// take the process down get an error instead.
var vmOptions = glua.Options{
	SkipOpenLibs: true,
	// LUAI_MAXCALLS: Redis recursion works to ~16k frames.
	CallStackSize: 20000,
	// Frames are allocated as the stack grows (every coroutine has one).
	MinimizeStackMemory: true,
	// The data stack starts small and grows in big steps: a linear
	// growth with a small step makes large pushes quadratic.
	RegistrySize:     1024,
	RegistryMaxSize:  1 << 20,
	RegistryGrowStep: 4096,
	// LUAI_MAXCCALLS: Lua->Go->Lua nesting (pcall, metamethods,
	// coroutines) stops with "C stack overflow", as in Lua 5.1.
	MaxCCalls: 200,
	// No string a script builds may exceed proto-max-bulk-len's default:
	// string.rep, .., table.concat, string.format, gsub ... check before
	// allocating, so a script cannot take the process down with one call.
	MaxStringSize: 512 << 20,
}

// globalNames is the inventory of Redis 7.0's script globals: everything
// else the libraries define is removed.
var globalNames = []string{
	"ARGV", "KEYS", "_G", "_VERSION", "__redis__err__handler", "assert", "bit",
	"cjson", "cmsgpack", "collectgarbage", "coroutine", "error", "gcinfo",
	"getmetatable", "ipairs", "load", "loadstring", "math", "next", "pairs",
	"pcall", "rawequal", "rawget", "rawset", "redis", "select",
	"setmetatable", "string", "struct", "table", "tonumber", "tostring",
	"type", "unpack", "xpcall",
}

// libraryNames are the functions each standard library keeps, as in
// Redis's Lua 5.1.
var libraryNames = map[string][]string{
	"string": {"byte", "char", "dump", "find", "format", "gfind", "gmatch",
		"gsub", "len", "lower", "match", "rep", "reverse", "sub", "upper"},
	"table": {"concat", "foreach", "foreachi", "getn", "insert", "maxn",
		"remove", "setn", "sort"},
	"math": {"abs", "acos", "asin", "atan", "atan2", "ceil", "cos", "cosh",
		"deg", "exp", "floor", "fmod", "frexp", "huge", "ldexp", "log", "log10",
		"max", "min", "mod", "modf", "pi", "pow", "rad", "random", "randomseed",
		"sin", "sinh", "sqrt", "tan", "tanh"},
	"coroutine": {"create", "resume", "running", "status", "wrap", "yield"},
}

// vm is the Lua state scripts run in, with the values a call touches kept
// at hand.
type vm struct {
	L       *glua.LState
	globals *glua.LTable
	// keys and argv are the KEYS and ARGV tables, refilled for each call;
	// nkeys and nargv are how many elements the last call put in them.
	keys, argv   *glua.LTable
	nkeys, nargv int
	// handler is the message handler of the script's protected call.
	handler *glua.LFunction
}

// newVM builds the sandbox: the libraries Redis opens, pruned to Redis's
// inventory, the redis API from s, and every reachable table locked.
func newVM(s *Scripting) *vm {
	L := glua.NewState(vmOptions)
	for _, lib := range []struct {
		name string
		open glua.LGFunction
	}{
		{"", glua.OpenBase},
		{glua.TabLibName, glua.OpenTable},
		{glua.StringLibName, glua.OpenString},
		{glua.MathLibName, glua.OpenMath},
		{glua.CoroutineLibName, glua.OpenCoroutine},
	} {
		L.Push(L.NewFunction(lib.open))
		L.Push(glua.LString(lib.name))
		L.Call(1, 0)
	}
	for _, lib := range extraLibraries {
		L.Push(L.NewFunction(lib.loader))
		L.Call(0, 1)
		L.SetGlobal(lib.name, L.Get(-1))
		L.Pop(1)
	}
	L.SetInterrupt(&s.watch.intr)
	v := &vm{L: L, globals: L.G.Global}
	addLua51Compat(L)
	s.registerAPI(v)
	v.handler = L.NewFunction(s.errorHandler)
	v.globals.RawSetString("__redis__err__handler", v.handler)
	pruneGlobals(v.globals)
	protectGlobals(L, v.globals)
	// KEYS and ARGV come after the lock: scripts may change them (each
	// call refills them), as Redis creates them fresh for every call.
	v.keys, v.argv = L.NewTable(), L.NewTable()
	v.globals.SetReadOnly(false)
	v.globals.RawSetString("KEYS", v.keys)
	v.globals.RawSetString("ARGV", v.argv)
	v.globals.SetReadOnly(true)
	return v
}

// pruneGlobals removes what Redis does not expose: unknown globals
// (dofile, loadfile, print, require, module, getfenv, setfenv, newproxy
// ...) and library functions beyond Lua 5.1's.
func pruneGlobals(g *glua.LTable) {
	keep := func(t *glua.LTable, names []string) {
		allowed := make(map[string]bool, len(names))
		for _, n := range names {
			allowed[n] = true
		}
		var drop []glua.LValue
		t.ForEach(func(k, _ glua.LValue) {
			if s, ok := k.(glua.LString); !ok || !allowed[string(s)] {
				drop = append(drop, k)
			}
		})
		for _, k := range drop {
			t.RawSet(k, glua.LNil)
		}
	}
	keep(g, globalNames)
	for lib, names := range libraryNames {
		if t, ok := g.RawGetString(lib).(*glua.LTable); ok {
			keep(t, names)
		}
	}
}

// protectGlobals makes reading an undeclared global an error (Redis's
// luaSetErrorMetatable) and locks _G and every table reachable from it,
// their metatables and the string metatable, so one script cannot change
// what the next one runs.
func protectGlobals(L *glua.LState, g *glua.LTable) {
	mt := L.NewTable()
	mt.RawSetString("__index", L.NewFunction(func(L *glua.LState) int {
		name := L.Get(2)
		L.RaiseError(errNonexistentVar, glua.LVAsString(name))
		return 0
	}))
	L.SetMetatable(g, mt)
	lockRecursively(L, g)
	if smt, ok := L.GetMetatable(glua.LString("")).(*glua.LTable); ok {
		lockRecursively(L, smt)
	}
}

func lockRecursively(L *glua.LState, t *glua.LTable) {
	if t.IsReadOnly() {
		return
	}
	t.SetReadOnly(true)
	t.ForEach(func(_, v glua.LValue) {
		if sub, ok := v.(*glua.LTable); ok {
			lockRecursively(L, sub)
		}
	})
	if mt, ok := L.GetMetatable(t).(*glua.LTable); ok {
		lockRecursively(L, mt)
	}
}

// setGlobalArray refills KEYS or ARGV in place with args. A table the last
// script extended (more elements, other keys, a metatable) is replaced
// rather than cleaned, so nothing a script stored there reaches the next.
func (v *vm) setGlobalArray(name string, t **glua.LTable, prev *int, args [][]byte) {
	tbl := *t
	if !tbl.IsArrayOf(*prev) {
		tbl = v.L.CreateTable(len(args), 0)
		*t = tbl
		v.globals.SetReadOnly(false)
		v.globals.RawSetString(name, tbl)
		v.globals.SetReadOnly(true)
	}
	tbl.TruncateArray(len(args))
	for i, a := range args {
		// An argument equal to the one the table holds keeps its value:
		// no string copy, no boxing (ARGV often repeats from call to call).
		if cur, ok := tbl.RawGetInt(i + 1).(glua.LString); ok && string(cur) == string(a) {
			continue
		}
		tbl.RawSetInt(i+1, glua.LString(a))
	}
	*prev = len(args)
}

// extraLibrary is a library Redis bundles beyond Lua's own (cjson,
// cmsgpack, struct, bit), opened by its loader and set as a global.
type extraLibrary struct {
	name   string
	loader glua.LGFunction
}

// addLua51Compat adds the Lua 5.1 functions gopher-lua lacks.
func addLua51Compat(L *glua.LState) {
	g := L.G.Global
	g.RawSetString("gcinfo", L.NewFunction(func(L *glua.LState) int {
		L.Push(glua.LNumber(heapKB()))
		return 1
	}))
	if str, ok := g.RawGetString("string").(*glua.LTable); ok {
		str.RawSetString("gfind", str.RawGetString("gmatch"))
		// Lua 5.1's string metatable is its own table {__index = string};
		// gopher-lua uses the string table itself.
		mt := L.CreateTable(0, 1)
		mt.RawSetString("__index", str)
		L.SetMetatable(glua.LString(""), mt)
	}
	if m, ok := g.RawGetString("math").(*glua.LTable); ok {
		m.RawSetString("mod", m.RawGetString("fmod"))
	}
	if tbl, ok := g.RawGetString("table").(*glua.LTable); ok {
		tbl.RawSetString("foreach", L.NewFunction(tableForeach))
		tbl.RawSetString("foreachi", L.NewFunction(tableForeachi))
		tbl.RawSetString("setn", L.NewFunction(func(L *glua.LState) int {
			L.CheckTable(1)
			L.RaiseError("'setn' is obsolete")
			return 0
		}))
	}
}

// table.foreach(t, f): f(k, v) for each pair until f returns non-nil.
func tableForeach(L *glua.LState) int {
	t := L.CheckTable(1)
	f := L.CheckFunction(2)
	for k, v := t.Next(glua.LNil); k != glua.LNil; k, v = t.Next(k) {
		L.Push(f)
		L.Push(k)
		L.Push(v)
		L.Call(2, 1)
		if r := L.Get(-1); r != glua.LNil {
			return 1
		}
		L.Pop(1)
	}
	return 0
}

// table.foreachi(t, f): f(i, t[i]) for i = 1..#t until f returns non-nil.
func tableForeachi(L *glua.LState) int {
	t := L.CheckTable(1)
	f := L.CheckFunction(2)
	n := t.Len()
	for i := 1; i <= n; i++ {
		L.Push(f)
		L.Push(glua.LNumber(i))
		L.Push(t.RawGetInt(i))
		L.Call(2, 1)
		if r := L.Get(-1); r != glua.LNil {
			return 1
		}
		L.Pop(1)
	}
	return 0
}

func (v *vm) close() { v.L.Close() }

// heapKB is the Go heap in use, in KB: what gcinfo and Lua's memory count
// stand for here (the Lua heap is part of the Go heap).
func heapKB() float64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return float64(s[0].Value.Uint64() / 1024)
}

// extraLibraries are set as globals after Lua's own.
var extraLibraries = []extraLibrary{
	{"cjson", cjson.Loader},
	{"struct", luastruct.Loader},
	{"cmsgpack", cmsgpack.Loader},
	{"bit", bit.Loader},
}
