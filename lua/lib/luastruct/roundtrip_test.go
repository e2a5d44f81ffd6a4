package luastruct_test

import (
	"math"
	"math/rand"
	"runtime"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"luakv/lua/lib/internal/libtest"
	"luakv/lua/lib/luastruct"
)

func newState() (*lua.LState, *lua.LTable) {
	L := libtest.NewState(libtest.Global{Name: "struct", Loader: luastruct.Loader})
	return L, L.GetGlobal("struct").(*lua.LTable)
}

// call calls struct.<fn> in protected mode and returns its results.
func call(L *lua.LState, mod *lua.LTable, fn string, args ...lua.LValue) ([]lua.LValue, error) {
	top := L.GetTop()
	defer L.SetTop(top)
	if err := L.CallByParam(lua.P{Fn: mod.RawGetString(fn), NRet: lua.MultRet, Protect: true}, args...); err != nil {
		return nil, err
	}
	out := make([]lua.LValue, L.GetTop()-top)
	for i := range out {
		out[i] = L.Get(top + 1 + i)
	}
	return out, nil
}

// item is one format option with a value it packs and unpacks unchanged.
type item struct {
	opt string
	val func(r *rand.Rand) lua.LValue
}

func intIn(lo, hi int64) func(r *rand.Rand) lua.LValue {
	return func(r *rand.Rand) lua.LValue { return lua.LNumber(lo + r.Int63n(hi-lo+1)) }
}

var items = []item{
	{"b", intIn(-128, 127)},
	{"B", intIn(0, 255)},
	{"h", intIn(-32768, 32767)},
	{"H", intIn(0, 65535)},
	{"i", intIn(math.MinInt32, math.MaxInt32)},
	{"I", intIn(0, math.MaxUint32)},
	{"i3", intIn(-1<<23, 1<<23-1)},
	{"I6", intIn(0, 1<<48-1)},
	{"l", intIn(-1<<53, 1<<53)},
	{"L", intIn(0, 1<<53)},
	{"T", intIn(0, 1<<53)},
	{"I12", intIn(0, 1<<53)}, // i9 and up do not round trip in the C either
	{"i8", intIn(-1<<53, 1<<53)},
	{"f", func(r *rand.Rand) lua.LValue { return lua.LNumber(float32(r.NormFloat64() * 1e6)) }},
	{"d", func(r *rand.Rand) lua.LValue {
		return lua.LNumber(r.NormFloat64() * math.Pow(10, float64(r.Intn(600)-300)))
	}},
	{"c4", func(r *rand.Rand) lua.LValue { return lua.LString(randomBytes(r, 4)) }},
	{"s", func(r *rand.Rand) lua.LValue {
		return lua.LString(strings.ReplaceAll(randomBytes(r, r.Intn(10)), "\x00", "z"))
	}},
}

func TestRoundTrip(t *testing.T) {
	L, mod := newState()
	defer L.Close()
	r := rand.New(rand.NewSource(21))
	for i := 0; i < 500; i++ {
		var format strings.Builder
		format.WriteString([]string{"<", ">", "!", "!2", "!4 >", ""}[r.Intn(6)])
		var vals []lua.LValue
		for n := 1 + r.Intn(10); n > 0; n-- {
			it := items[r.Intn(len(items))]
			format.WriteString(it.opt)
			if r.Intn(4) == 0 {
				format.WriteString(" x")
			}
			vals = append(vals, it.val(r))
		}
		f := lua.LString(format.String())
		packed, err := call(L, mod, "pack", append([]lua.LValue{f}, vals...)...)
		if err != nil {
			t.Fatalf("pack %q %v: %v", f, vals, err)
		}
		if size, err := call(L, mod, "size", f); !strings.Contains(string(f), "s") && (err != nil || int(size[0].(lua.LNumber)) != len(packed[0].(lua.LString))) {
			t.Fatalf("size %q = %v (%v), pack made %d bytes", f, size, err, len(packed[0].(lua.LString)))
		}
		got, err := call(L, mod, "unpack", f, packed[0])
		if err != nil {
			t.Fatalf("unpack %q: %v", f, err)
		}
		if len(got) != len(vals)+1 {
			t.Fatalf("unpack %q: %d results, want %d", f, len(got), len(vals)+1)
		}
		for j, v := range vals {
			if got[j] != v {
				t.Fatalf("%q value %d: packed %v, unpacked %v", f, j, v, got[j])
			}
		}
		if next := int(got[len(vals)].(lua.LNumber)); next != len(packed[0].(lua.LString))+1 {
			t.Fatalf("%q: next position %d for %d bytes", f, next, len(packed[0].(lua.LString)))
		}
	}
}

// TestPackLimit checks that a result over 512 MB is refused before it is
// built: the format below would copy one 1 MB string 513 times.
func TestPackLimit(t *testing.T) {
	L, mod := newState()
	defer L.Close()
	s := lua.LString(strings.Repeat("x", 1<<20))
	args := []lua.LValue{lua.LString(strings.Repeat("c0", 513))}
	for i := 0; i < 513; i++ {
		args = append(args, s)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := call(L, mod, "pack", args...)
	runtime.ReadMemStats(&after)
	if err == nil || err.(*lua.ApiError).Object.String() != "not enough memory" {
		t.Fatalf("pack of 513 MB: %v, want not enough memory", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Fatalf("pack allocated %d bytes before refusing", grew)
	}
	// An error the C would raise before the result grows that large still
	// comes first.
	args[0] = lua.LString("b" + strings.Repeat("c0", 513))
	want := "bad argument #2 to '?' (number expected, got string)"
	if _, err := call(L, mod, "pack", args...); err == nil || err.(*lua.ApiError).Object.String() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

// FuzzUnpack runs unpack and size on arbitrary formats and data: Lua errors
// are fine, Go panics are not.
func FuzzUnpack(f *testing.F) {
	f.Add("<i4 h c0", []byte("\x01\x00\x00\x00\x02\x00abc"), int64(1))
	f.Add("!8 b d s c2 c0", []byte("\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xf0?ab\x00\x03xyz"), int64(1))
	f.Add(">I32 i9 x", []byte(strings.Repeat("\xff", 50)), int64(3))
	f.Add("c0", []byte{}, int64(-7))
	L, mod := newState()
	defer L.Close()
	f.Fuzz(func(t *testing.T, format string, data []byte, pos int64) {
		for _, fn := range []string{"unpack", "size"} {
			_, err := call(L, mod, fn, lua.LString(format), lua.LString(data), lua.LNumber(pos))
			if ae, ok := err.(*lua.ApiError); err != nil && (!ok || ae.Type != lua.ApiErrorRun) {
				t.Fatalf("%s(%q, %q, %d): %v", fn, format, data, pos, err)
			}
		}
	})
}
