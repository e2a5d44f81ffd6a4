package parse

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestChunkID(t *testing.T) {
	long := strings.Repeat("a", 30) + strings.Repeat("b", 40)
	tests := []struct {
		source string
		size   int
		want   string
	}{
		{"@user_script", ChunkIDRuntime, "user_script"},
		{"=stdin", ChunkIDRuntime, "stdin"},
		{"return 1", ChunkIDRuntime, `[string "return 1"]`},
		{"line1\nline2", ChunkIDSyntax, `[string "line1..."]`},
		{"line1\rline2", ChunkIDSyntax, `[string "line1..."]`},
		// Texts from Redis 7.0.15.
		{"=" + strings.Repeat("a", 70), ChunkIDSyntax, strings.Repeat("a", 70)},
		{"=" + strings.Repeat("a", 70), ChunkIDRuntime, strings.Repeat("a", 59)},
		{"@" + long, ChunkIDSyntax, long},
		{"@" + long, ChunkIDRuntime, "..." + strings.Repeat("a", 12) + strings.Repeat("b", 40)},
		{strings.Repeat("a", 44), ChunkIDSyntax, `[string "` + strings.Repeat("a", 44) + `"]`},
		{strings.Repeat("a", 70), ChunkIDRuntime, `[string "` + strings.Repeat("a", 43) + `..."]`},
		{"return " + strings.Repeat("(", 300), ChunkIDSyntax, `[string "return ` + strings.Repeat("(", 56) + `..."]`},
	}
	for _, tc := range tests {
		if got := ChunkID(tc.source, tc.size); got != tc.want {
			t.Errorf("ChunkID(%q, %d) = %q, want %q", tc.source, tc.size, got, tc.want)
		}
	}
}

func TestCheckLevelsError(t *testing.T) {
	src := "local x = 1\nreturn " + strings.Repeat("(", 150) + "\n" + strings.Repeat("(", 150) + "1" + strings.Repeat(")", 300)
	err := CheckLevels([]byte(src), "@user_script", 200)
	var le *LevelError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v, want a *LevelError", err)
	}
	if got, want := err.Error(), "user_script:3: chunk has too many syntax levels"; got != want {
		t.Fatalf("error %q, want %q", got, want)
	}
	// Syntax errors are left to the parser.
	for _, bad := range []string{"x x", "return (1", "if x then", "local = 1", "return 1 +", "x = }", "a.b:c = 1", "~"} {
		if err := CheckLevels([]byte(bad), "@s", 200); err != nil {
			t.Errorf("CheckLevels(%q) = %v, want nil", bad, err)
		}
	}
}

// TestCheckLevelsBoundedMemory: a million levels fail without allocating per
// level (before the patch this parse took ~0.9 s and ~500 MB).
func TestCheckLevelsBoundedMemory(t *testing.T) {
	const n = 1000000
	for name, src := range map[string]string{
		"parens": "return " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n),
		"blocks": strings.Repeat("do ", n) + strings.Repeat("end ", n),
		"chain":  "return 1" + strings.Repeat("+1", n),
		"suffix": "return a" + strings.Repeat(".b", n),
	} {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		_, err := ParseLimited(strings.NewReader(src), "@user_script", 200)
		runtime.ReadMemStats(&m1)
		if err == nil || !strings.HasSuffix(err.Error(), "chunk has too many syntax levels") {
			t.Errorf("%s: err = %v", name, err)
		}
		// Reading the source whole is the only allocation that grows.
		if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > uint64(len(src))+1<<20 {
			t.Errorf("%s: allocated %d bytes for a %d-byte source", name, alloc, len(src))
		}
	}
}

// TestCheckLevelsAcceptsTestSuites: the recogniser accepts the Lua 5.1 and
// gopher-lua test scripts (none nests 200 levels).
func TestCheckLevelsAcceptsTestSuites(t *testing.T) {
	files, _ := filepath.Glob("../_lua5.1-tests/*.lua")
	more, _ := filepath.Glob("../_glua-tests/*.lua")
	files = append(files, more...)
	if len(files) < 20 {
		t.Fatalf("found %d test scripts", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckLevels(src, "@"+f, 200); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
