package lua

import (
	"strings"
	"testing"
	"time"
)

// runInterrupted runs src in a new state with an Interrupt, raises it after
// a short delay from another goroutine and returns the error text of PCall.
func runInterrupted(t *testing.T, src string) string {
	t.Helper()
	L := NewState(Options{MaxCCalls: 200})
	defer L.Close()
	intr := &Interrupt{}
	L.SetInterrupt(intr)
	fn, err := L.Load(strings.NewReader(src), "@user_script")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		L.Push(fn)
		done <- L.PCall(0, 0, nil)
	}()
	time.Sleep(20 * time.Millisecond)
	intr.Raise("killed")
	if !intr.Raised() {
		t.Fatal("Raised() is false after Raise")
	}
	select {
	case err := <-done:
		if err == nil {
			return "<no error>"
		}
		return luakvErrText(err)
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: not interrupted after 5 s", src)
		return ""
	}
}

func TestInterrupt(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"loop", `while true do end`, "killed"},
		{"pcall cannot swallow it", `while true do pcall(function() while true do end end) end`, "killed"},
		{"pcall loop after the error", `local n = 0 while true do local ok, e = pcall(function() while true do end end) n = n + 1 end`, "killed"},
		{"xpcall handler that loops", `xpcall(function() while true do end end, function(e) while true do end end) while true do end`, "killed"},
		{"coroutine", `local co = coroutine.create(function() while true do end end) coroutine.resume(co) while true do end`, "killed"},
		{"metamethod", `local t = setmetatable({}, {__index = function() while true do end end}) local x = t.x`, "killed"},
		{"sort comparator", `local t = {} for i = 1, 100 do t[i] = i end table.sort(t, function(a, b) while true do end end)`, "killed"},
		{"backtracking pattern", `string.find(string.rep('a', 3000), '.-.-.-b')`, "killed"},
		{"gsub pattern", `string.gsub(string.rep('a', 3000), '.-.-.-b', '')`, "killed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := runInterrupted(t, tc.src); got != tc.want {
				t.Fatalf("%s: error %q, want %q", tc.src, got, tc.want)
			}
		})
	}
}

func TestInterruptClear(t *testing.T) {
	L := NewState()
	defer L.Close()
	intr := &Interrupt{}
	L.SetInterrupt(intr)
	intr.Raise("stop")
	if _, err := luakvRun(t, L, `return 1`); err == nil || luakvErrText(err) != "stop" {
		t.Fatalf("raised: error %v, want stop", err)
	}
	intr.Clear()
	if intr.Raised() {
		t.Fatal("Raised() after Clear")
	}
	if got, err := luakvRun(t, L, `return string.find('abc', 'b')`); err != nil || got != "2" {
		t.Fatalf("after Clear: %q, %v", got, err)
	}
	L.SetInterrupt(nil)
	intr.Raise("stop")
	if got, err := luakvRun(t, L, `return 1`); err != nil || got != "1" {
		t.Fatalf("after SetInterrupt(nil): %q, %v", got, err)
	}
}
