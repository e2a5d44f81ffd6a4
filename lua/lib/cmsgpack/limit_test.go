package cmsgpack

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// run runs src with cmsgpack as a global and returns its string result or
// error message.
func run(t *testing.T, src string) string {
	t.Helper()
	L := lua.NewState()
	defer L.Close()
	L.Push(L.NewFunction(Loader))
	L.Call(0, 1)
	L.SetGlobal("cmsgpack", L.Get(-1))
	L.Pop(1)
	if err := L.DoString(src); err != nil {
		return "error: " + err.(*lua.ApiError).Object.String()
	}
	return L.Get(-1).String()
}

// TestPackLimit checks that pack refuses results past maxResult (lowered
// here to 1 MB) with Lua's memory error, and that the buffer never grows
// past the limit on the way.
func TestPackLimit(t *testing.T) {
	old := maxResult
	maxResult = 1 << 20
	defer func() { maxResult = old }()
	tests := []struct {
		name, src, want string
	}{
		{"under", `local s = string.rep('x', 8000) local t = {} for i = 1, 130 do t[i] = s end return #cmsgpack.pack(t)`, "1040393"},
		{"exactly", `local s = string.rep('x', 1048576 - 5 - 5) return #cmsgpack.pack(s, 1.5)`, "1048576"},
		{"one over", `local s = string.rep('x', 1048576 - 5 - 4) return select(2, pcall(cmsgpack.pack, s, 1.5))`, "not enough memory"},
		{"shared string", `local s = string.rep('x', 8000) local t = {} for i = 1, 200 do t[i] = s end return select(2, pcall(cmsgpack.pack, t))`, "not enough memory"},
		{"nested fan-out", `local t = {string.rep('y', 100)} for i = 1, 15 do t = {t, t} end return select(2, pcall(cmsgpack.pack, t))`, "not enough memory"},
		{"args", `local s = string.rep('z', 400000) return select(2, pcall(cmsgpack.pack, s, s, s))`, "not enough memory"},
	}
	for _, tc := range tests {
		if got := run(t, tc.src); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestEncoderRoomCapsCapacity(t *testing.T) {
	old := maxResult
	maxResult = 1000
	defer func() { maxResult = old }()
	e := &encoder{}
	for i := 0; i < 99; i++ {
		e.put([]byte(strings.Repeat("a", 10)))
		if cap(e.buf) > maxResult {
			t.Fatalf("capacity %d past the limit %d", cap(e.buf), maxResult)
		}
	}
	if len(e.buf) != 990 {
		t.Fatalf("len %d", len(e.buf))
	}
}
