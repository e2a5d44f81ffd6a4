package lua

import (
	"fmt"
	"strings"
	"testing"
)

// TestSyntaxLevels compares the deepest nesting loadstring accepts inside a
// script with Redis 7.0.15 (LUAI_MAXCCALLS 200, one C level used by the
// running script).
func TestSyntaxLevels(t *testing.T) {
	tests := []struct {
		build string // Lua expression building the source for nesting N
		maxOK int
	}{
		{`'return '..('('):rep(N)..'1'..(')'):rep(N)`, 197},
		{`'return '..('{'):rep(N)..('}'):rep(N)`, 198},
		{`'return '..('{'):rep(N)..'1'..('}'):rep(N)`, 197},
		{`'x = '..('{a = '):rep(N)..'1'..('}'):rep(N)`, 197},
		{`'x = '..('{[1] = '):rep(N)..'1'..('}'):rep(N)`, 197},
		{`('do '):rep(N)..(' end'):rep(N)`, 198},
		{`('if x then '):rep(N)..(' end'):rep(N)`, 198},
		{`('while x do '):rep(N)..(' end'):rep(N)`, 198},
		{`('repeat '):rep(N)..(' until x'):rep(N)`, 198},
		{`('return function() '):rep(N)..(' end'):rep(N)`, 99},
		{`('local function f() '):rep(N)..(' end'):rep(N)`, 198},
		{`'return 1'..('^1'):rep(N)`, 197},
		{`'return 1'..(' .. 1'):rep(N)`, 197},
		{`'return '..('not '):rep(N)..'1'`, 197},
		{`'return '..('- '):rep(N)..'1'`, 197},
		{`'return a'..('[a'):rep(N)..(']'):rep(N)`, 197},
		{`'return f'..('(f'):rep(N)..(')'):rep(N)`, 197},
	}
	L := newCCallsTestState(200)
	defer L.Close()
	for _, tc := range tests {
		for _, n := range []int{tc.maxOK, tc.maxOK + 1} {
			got, err := luakvRun(t, L, fmt.Sprintf(`local N = %d local f, e = loadstring(%s) return tostring(e)`, n, tc.build))
			if err != nil {
				t.Fatalf("%s N=%d: %v", tc.build, n, err)
			}
			if n == tc.maxOK && got != "nil" {
				t.Errorf("%s: N=%d fails: %s", tc.build, n, got)
			}
			if n > tc.maxOK && !strings.HasSuffix(got, "]:1: chunk has too many syntax levels") {
				t.Errorf("%s: N=%d gives %q, want the syntax levels error", tc.build, n, got)
			}
		}
	}
	// Left-associative chains are not levels.
	if got, err := luakvRun(t, L, `return select('#', loadstring('return 1'..('+1'):rep(1000)))`); err != nil || got != "1" {
		t.Errorf("+1 chain: %q, %v", got, err)
	}
}

// TestSyntaxLevelsLoad: compiling from Go (no C level active, like EVAL)
// allows one level more, and the error is Lua's, with Lua's chunk name.
func TestSyntaxLevelsLoad(t *testing.T) {
	L := newCCallsTestState(200)
	defer L.Close()
	src := func(n int) string { return "return " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) }
	if _, err := L.Load(strings.NewReader(src(198)), "@user_script"); err != nil {
		t.Fatalf("198 levels: %v", err)
	}
	_, err := L.Load(strings.NewReader(src(199)), "@user_script")
	if err == nil || err.Error() != "user_script:1: chunk has too many syntax levels" {
		t.Fatalf("199 levels: %v", err)
	}
	if aerr, ok := err.(*ApiError); !ok || aerr.Type != ApiErrorSyntax {
		t.Fatalf("error %#v, want a syntax *ApiError", err)
	}
	// MaxCCalls 0: no limit (gopher-lua's behaviour).
	L0 := newCCallsTestState(0)
	defer L0.Close()
	if _, err := L0.Load(strings.NewReader(src(300)), "@user_script"); err != nil {
		t.Fatalf("unlimited: %v", err)
	}
}
