package lua_test

import (
	"fmt"
	"strings"
	"testing"
)

// The EVAL cache is bounded: the least recently used EVAL script goes
// (EVALSHA answers NOSCRIPT, INFO counts it); SCRIPT LOAD pins scripts.
func TestEvalCacheIsBounded(t *testing.T) {
	e := newEngine(t)
	e.Config.ScriptCacheSize = 3
	cl := e.NewClient("127.0.0.1:1", "127.0.0.1:2", -1)
	loaded := run(e, cl, "SCRIPT", "LOAD", "return 'pinned'")
	pinned := loaded[len(loaded)-42 : len(loaded)-2]
	var shas []string
	for i := 0; i < 5; i++ {
		body := fmt.Sprintf("return %d", i)
		if got := run(e, cl, "EVAL", body, "0"); got != fmt.Sprintf(":%d\r\n", i) {
			t.Fatalf("EVAL %q = %q", body, got)
		}
		r := run(e, cl, "SCRIPT", "LOAD", body) // same SHA, now pinned
		shas = append(shas, r[len(r)-42:len(r)-2])
		run(e, cl, "SCRIPT", "FLUSH")
		run(e, cl, "SCRIPT", "LOAD", "return 'pinned'")
	}
	// Fill again without pinning.
	for i := 0; i < 5; i++ {
		run(e, cl, "EVAL", fmt.Sprintf("return %d", i), "0")
	}
	if got := run(e, cl, "EVALSHA", shas[0], "0"); !strings.HasPrefix(got, "-NOSCRIPT") {
		t.Errorf("EVALSHA of the evicted script = %q, want NOSCRIPT", got)
	}
	if got := run(e, cl, "EVALSHA", shas[4], "0"); got != ":4\r\n" {
		t.Errorf("EVALSHA of a cached script = %q", got)
	}
	if got := run(e, cl, "EVALSHA", pinned, "0"); got != "$6\r\npinned\r\n" {
		t.Errorf("EVALSHA of the pinned script = %q", got)
	}
	want := "*3\r\n:0\r\n:1\r\n:1\r\n"
	if got := run(e, cl, "SCRIPT", "EXISTS", shas[1], shas[3], pinned); got != want {
		t.Errorf("SCRIPT EXISTS = %q, want %q", got, want)
	}
	info := run(e, cl, "INFO", "everything")
	for _, line := range []string{"number_of_cached_scripts:4\r\n", "evicted_scripts:2\r\n"} {
		if !strings.Contains(info, line) {
			t.Errorf("INFO lacks %q", line)
		}
	}
}
