package cmsgpack_test

import (
	"math"
	"math/rand"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"luakv/lua/lib/cmsgpack"
	"luakv/lua/lib/internal/libtest"
)

// randomValue builds a Lua value that survives pack/unpack: numbers (no
// NaN), strings, booleans and tables nested less than 16 deep, with keys
// that are not tables.
func randomValue(L *lua.LState, r *rand.Rand, depth int) lua.LValue {
	k := r.Intn(9)
	if depth >= 5 && k >= 7 {
		k = r.Intn(7)
	}
	switch k {
	case 0:
		return lua.LNumber(r.Intn(1000) - 500)
	case 1:
		return lua.LNumber(float64(int64(r.Uint64())) / float64(uint64(1)<<r.Intn(64)))
	case 2:
		return lua.LNumber([]float64{math.Inf(1), math.Inf(-1), math.MaxFloat64, math.SmallestNonzeroFloat64, 1 << 63, -(1 << 63), 1<<64 - 2048, 0.1}[r.Intn(8)])
	case 3:
		return lua.LNumber(r.NormFloat64())
	case 4, 5:
		b := make([]byte, []int{0, 5, 31, 32, 255, 256, 70000}[r.Intn(7)])
		r.Read(b)
		return lua.LString(b)
	case 6:
		return lua.LBool(r.Intn(2) == 0)
	case 7: // array, possibly with holes
		t := L.NewTable()
		n := r.Intn(20)
		for i := 1; i <= n; i++ {
			if r.Intn(10) > 0 {
				t.RawSetInt(i, randomValue(L, r, depth+1))
			}
		}
		return t
	default: // map
		t := L.NewTable()
		for n := r.Intn(8); n > 0; n-- {
			key := randomValue(L, r, 5)
			if f, ok := key.(lua.LNumber); ok && f != f {
				continue
			}
			t.RawSet(key, randomValue(L, r, depth+1))
		}
		return t
	}
}

// equal compares values as Lua would after a round trip: tables by
// content, numbers by value (so -0 equals 0). Keys are never tables here.
func equal(a, b lua.LValue) bool {
	ta, ok1 := a.(*lua.LTable)
	tb, ok2 := b.(*lua.LTable)
	if !ok1 || !ok2 {
		return a == b || (a.Type() == lua.LTNumber && b.Type() == lua.LTNumber && a.(lua.LNumber) == b.(lua.LNumber))
	}
	na, nb := 0, 0
	ok := true
	ta.ForEach(func(k, v lua.LValue) {
		na++
		if !equal(v, tb.RawGet(k)) {
			ok = false
		}
	})
	tb.ForEach(func(lua.LValue, lua.LValue) { nb++ })
	return ok && na == nb
}

func TestRoundTrip(t *testing.T) {
	L := libtest.NewState(libtest.Global{Name: "cmsgpack", Loader: cmsgpack.Loader})
	defer L.Close()
	mod := L.GetGlobal("cmsgpack").(*lua.LTable)
	pack, unpack := mod.RawGetString("pack"), mod.RawGetString("unpack")
	r := rand.New(rand.NewSource(11))
	for i := 0; i < 500; i++ {
		n := 1 + r.Intn(4)
		vals := make([]lua.LValue, n)
		for j := range vals {
			vals[j] = randomValue(L, r, 0)
		}
		if err := L.CallByParam(lua.P{Fn: pack, NRet: 1, Protect: true}, vals...); err != nil {
			t.Fatalf("pack: %v", err)
		}
		packed := L.Get(-1)
		L.Pop(1)
		top := L.GetTop()
		if err := L.CallByParam(lua.P{Fn: unpack, NRet: lua.MultRet, Protect: true}, packed); err != nil {
			t.Fatalf("unpack: %v", err)
		}
		if got := L.GetTop() - top; got != n {
			t.Fatalf("case %d: %d values back, want %d", i, got, n)
		}
		for j := range vals {
			if !equal(vals[j], L.Get(top+1+j)) {
				t.Fatalf("case %d value %d: %v came back as %v", i, j, vals[j], L.Get(top+1+j))
			}
		}
		L.SetTop(top)
	}
}

// FuzzUnpack feeds arbitrary bytes to unpack, unpack_one and unpack_limit:
// they may fail with Lua errors but must not panic, and what unpack
// returns must pack again.
func FuzzUnpack(f *testing.F) {
	for _, seed := range []string{"", "\x93\x01\xc0\xa1a", "\x81\xc0\x01", "\xdd\xff\xff\xff\xff", "\xcf\xff\xff\xff\xff\xff\xff\xff\xff", "\x91\x91\x91\x91\x01", "\xc1"} {
		f.Add([]byte(seed), int64(0), int64(0))
	}
	L := libtest.NewState(libtest.Global{Name: "cmsgpack", Loader: cmsgpack.Loader})
	mod := L.GetGlobal("cmsgpack").(*lua.LTable)
	fns := []lua.LValue{mod.RawGetString("unpack"), mod.RawGetString("unpack_one"), mod.RawGetString("unpack_limit")}
	pack := mod.RawGetString("pack")
	f.Fuzz(func(t *testing.T, data []byte, limit, offset int64) {
		if len(data) > 4096 {
			// Long inputs only repeat what the differential tests cover
			// (the 8000-value limits) and make minimising slow.
			t.Skip()
		}
		for i, fn := range fns {
			L.SetTop(0)
			err := L.CallByParam(lua.P{Fn: fn, NRet: lua.MultRet, Protect: true},
				lua.LString(data), lua.LNumber(limit%10), lua.LNumber(offset%int64(len(data)+2)))
			if err != nil {
				if ae, ok := err.(*lua.ApiError); !ok || ae.Type != lua.ApiErrorRun {
					t.Fatalf("function %d: %v", i, err)
				}
				continue
			}
			if i == 0 && L.GetTop() > 0 {
				args := make([]lua.LValue, L.GetTop())
				for j := range args {
					args[j] = L.Get(j + 1)
				}
				// More than 4000 values are too many arguments for pack:
				// a Lua error is fine, a Go panic is not.
				err := L.CallByParam(lua.P{Fn: pack, NRet: 1, Protect: true}, args...)
				if ae, ok := err.(*lua.ApiError); err != nil && (!ok || ae.Type != lua.ApiErrorRun) {
					t.Fatalf("pack of unpacked values: %v", err)
				}
			}
		}
		L.SetTop(0)
	})
}
