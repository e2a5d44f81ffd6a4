package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"luakv/engine"
	"luakv/engine/config"
)

func TestParseMemory(t *testing.T) {
	// Expectations are memtoull's (Redis 7.0.15 util.c), checked with
	// CONFIG SET maxmemory on redis-server.
	cases := []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"0", 0, true},
		{"100", 100, true},
		{"1b", 1, true},
		{"1B", 1, true},
		{"1k", 1000, true},
		{"1kb", 1024, true},
		{"1KB", 1024, true},
		{"1m", 1000000, true},
		{"1mb", 1 << 20, true},
		{"1g", 1000000000, true},
		{"1G", 1000000000, true},
		{"1gb", 1 << 30, true},
		{"", 0, true},   // no digits: strtoull's 0
		{"mb", 0, true}, // likewise
		{"-1", 0, false},
		{"1.5gb", 0, false},
		{"1x", 0, false},
		{"1 mb", 0, false},
		{"+1", 0, false},
		{"18446744073709551615", 18446744073709551615, true},
		{"18446744073709551616", 18446744073709551615, true}, // saturates
		{"16gb", 16 << 30, true},
		{"17179869184gb", 0, true}, // 2^34 GiB wraps to 0 as in C
	}
	for _, c := range cases {
		got, ok := config.ParseMemory(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseMemory(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestFormatMemoryAndQuote(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 1: "1", 1024: "1kb", 2048: "2kb", 1 << 20: "1mb", 3 << 30: "3gb", 1025: "1025", -1: "-1"} {
		if got := config.FormatMemory(in); got != want {
			t.Errorf("FormatMemory(%d) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"": `""`, "a b": `"a b"`, `a"b\`: `"a\"b\\"`, "\n\r\t\a\b": `"\n\r\t\a\b"`, "\x00\xff": `"\x00\xff"`} {
		if got := config.Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
}

// testRegistry is a small registry exercising every kind.
func testRegistry(apply func(target any, v config.Value) error) *config.Registry {
	return config.New([]config.Param{
		{Name: "flag", Kind: config.Bool, Default: "yes"},
		{Name: "count", Alias: "old-count", Kind: config.Int, Min: 0, Max: 100, Default: "10", Apply: apply},
		{Name: "size", Kind: config.Memory, Flags: config.Unsigned, Min: 0, Max: 1 << 30, Default: "1mb"},
		{Name: "mode", Kind: config.Enum, Enum: []string{"a", "b", "c"}, Default: "b"},
		{Name: "fixed", Kind: config.Int, Flags: config.Immutable, Min: 1, Max: 9, Default: "1"},
		{Name: "secret", Kind: config.String, Flags: config.Hidden | config.NullIfEmpty, Default: ""},
		{Name: "guarded", Kind: config.String, Flags: config.Protected, Default: "x"},
	}, engine.SplitArgs, engine.Match)
}

func TestValuesAndErrors(t *testing.T) {
	r := testRegistry(nil)
	cases := []struct{ name, value, err, get string }{
		{"flag", "NO", "", "no"},
		{"flag", "maybe", "argument must be 'yes' or 'no'", "no"},
		{"count", "42", "", "42"},
		{"count", "101", "argument must be between 0 and 100 inclusive", "42"},
		{"count", "-1", "argument must be between 0 and 100 inclusive", "42"},
		{"count", "042", "argument couldn't be parsed into an integer", "42"},
		{"count", "+4", "argument couldn't be parsed into an integer", "42"},
		{"old-count", "7", "", "7"},
		{"size", "2kb", "", "2048"},
		{"size", "2gb", "argument must be between 0 and 1073741824 inclusive", "2048"},
		{"size", "-1", "argument must be a memory value", "2048"},
		{"mode", "C", "", "c"},
		{"mode", "d", "argument(s) must be one of the following: a, b, c", "c"},
	}
	for _, c := range cases {
		if err := r.Set(c.name, c.value); err != c.err {
			t.Errorf("Set(%s, %q) = %q, want %q", c.name, c.value, err, c.err)
		}
		if got := r.Get(c.name); got != c.get {
			t.Errorf("after Set(%s, %q): Get = %q, want %q", c.name, c.value, got, c.get)
		}
	}
	if r.Int("count") != 7 || r.Int("OLD-COUNT") != 7 {
		t.Errorf("alias and canonical name disagree")
	}
}

func TestMatch(t *testing.T) {
	r := testRegistry(nil)
	got := r.Match([]string{"COUNT", "count", "*count", "s*", "nosuch", "secret"})
	want := []config.Pair{{"COUNT", "10"}, {"old-count", "10"}, {"size", "1048576"}, {"secret", ""}}
	if len(got) != len(want) {
		t.Fatalf("Match = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Match = %v, want %v", got, want)
		}
	}
}

func TestSetManyAllOrNothing(t *testing.T) {
	var applied []int64
	fail := false
	r := testRegistry(func(_ any, v config.Value) error {
		applied = append(applied, v.Int)
		if fail {
			return errors.New("cannot apply")
		}
		return nil
	})
	r.Bind("target")
	check := func(names, values []string, protected bool, want string) {
		t.Helper()
		err := r.SetMany(names, values, protected)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("SetMany(%v, %v) = %q, want %q", names, values, got, want)
		}
	}
	// Names are checked before any value; the first problem wins.
	check([]string{"count", "nosuch"}, []string{"1", "1"}, false, "Unknown option or number of arguments for CONFIG SET - 'nosuch'")
	check([]string{"FIXED", "nosuch"}, []string{"1", "1"}, false, "CONFIG SET failed (possibly related to argument 'FIXED') - can't set immutable config")
	check([]string{"count", "guarded"}, []string{"1", "y"}, false, "CONFIG SET failed (possibly related to argument 'guarded') - can't set protected config")
	check([]string{"count", "COUNT"}, []string{"1", "2"}, false, "CONFIG SET failed (possibly related to argument 'COUNT') - duplicate parameter")
	check([]string{"count", "flag"}, []string{"x", "no"}, false, "CONFIG SET failed (possibly related to argument 'count') - argument couldn't be parsed into an integer")
	if r.Get("count") != "10" || r.Get("flag") != "yes" || len(applied) != 0 {
		t.Fatalf("failed CONFIG SET changed something: count=%s flag=%s applied=%v", r.Get("count"), r.Get("flag"), applied)
	}
	// A bad value after a good one restores the good one's parameter.
	check([]string{"flag", "count"}, []string{"no", "x"}, false, "CONFIG SET failed (possibly related to argument 'count') - argument couldn't be parsed into an integer")
	if r.Get("flag") != "yes" {
		t.Errorf("flag not restored: %s", r.Get("flag"))
	}
	// Alias and canonical name are different names, as in Redis.
	check([]string{"old-count", "count"}, []string{"3", "4"}, false, "")
	if r.Get("count") != "4" {
		t.Errorf("count = %s, want 4", r.Get("count"))
	}
	// An unchanged value is not applied again; a failed apply restores
	// and re-applies the old values.
	applied = nil
	check([]string{"count"}, []string{"4"}, false, "")
	if len(applied) != 0 {
		t.Errorf("unchanged value applied: %v", applied)
	}
	fail = true
	check([]string{"size", "count"}, []string{"1kb", "5"}, true, "CONFIG SET failed (possibly related to argument 'count') - cannot apply")
	if r.Get("count") != "4" || r.Get("size") != "1048576" {
		t.Errorf("not restored: count=%s size=%s", r.Get("count"), r.Get("size"))
	}
	if len(applied) != 2 || applied[0] != 5 || applied[1] != 4 {
		t.Errorf("applies = %v, want [5 4]", applied)
	}
	fail = false
	check([]string{"guarded"}, []string{"y"}, true, "")
}

func TestLoadErrors(t *testing.T) {
	cases := []struct{ text, want string }{
		{"port 1\nfoo bar\n", "Reading the configuration file, at line 2\n>>> 'foo bar'\nBad directive or wrong number of arguments\n"},
		{"  port 1 2  \n", "Reading the configuration file, at line 1\n>>> 'port 1 2'\nwrong number of arguments\n"},
		{"# c\n\nport x\n", "Reading the configuration file, at line 3\n>>> 'port x'\nargument couldn't be parsed into an integer\n"},
		{"port \"1\n", "Reading the configuration file, at line 1\n>>> 'port \"1'\nUnbalanced quotes in configuration line\n"},
		{"save 1\n", "Reading the configuration file, at line 1\n>>> 'save 1'\nInvalid save parameters\n"},
		{"maxmemory 1x", "Reading the configuration file, at line 1\n>>> 'maxmemory 1x'\nargument must be a memory value\n"},
		{"include\n", "Reading the configuration file, at line 1\n>>> 'include'\nBad directive or wrong number of arguments\n"},
	}
	for _, c := range cases {
		err := engine.NewConfig().LoadString(c.text)
		want := "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n" + c.want
		if err == nil || err.Error() != want {
			t.Errorf("LoadString(%q):\n got %v\nwant %q", c.text, err, want)
		}
	}
	// Deprecated directives are ignored; MultiArg values in one word split.
	r := engine.NewConfig()
	if err := r.LoadString("list-max-ziplist-entries 5\nlua-replicate-commands yes\nsave \"3600 1 300 100\"\nsave 60 5\nHZ 20\n"); err != nil {
		t.Fatal(err)
	}
	if got := r.Get("save"); got != "3600 1 300 100 60 5" {
		t.Errorf("save = %q", got)
	}
	if r.Int("hz") != 20 {
		t.Errorf("hz = %d", r.Int("hz"))
	}
}

func TestParseArgs(t *testing.T) {
	// The options text redis-server 7.0.15 builds for each command line;
	// the line numbers in its fatal errors count these lines.
	cases := []struct {
		argv    []string
		options string
		file    bool
		stdin   bool
	}{
		{[]string{"--port", "6380"}, `port "6380" `, false, false},
		{[]string{"--port 6380", "--hz", "5"}, "port 6380 \nhz \"5\" ", false, false},
		{[]string{"--save", "--port", "1"}, "save \"\"\nport \"1\" ", false, false},
		{[]string{"--save"}, `save ""`, false, false},
		{[]string{"--port", "--hz", "1"}, `port "--hz" "1" `, false, false},
		{[]string{"--bind", "a", "b"}, `bind "a" "b" `, false, false},
		{[]string{"x.conf", "--hz", "5"}, `hz "5" `, true, false},
		{[]string{"-", "--hz", "5"}, `hz "5" `, false, true},
		{[]string{"--hz", "5", "-"}, `hz "5" `, false, true},
		{[]string{"--requirepass", "a\"b"}, `requirepass "a\"b" `, false, false},
	}
	for _, c := range cases {
		a, err := config.ParseArgs(c.argv, engine.SplitArgs)
		if err != nil {
			t.Fatal(err)
		}
		if a.Options != c.options || (a.File != "") != c.file || a.Stdin != c.stdin {
			t.Errorf("ParseArgs(%q) = %+v, want options %q file %v stdin %v", c.argv, a, c.options, c.file, c.stdin)
		}
	}
}

func TestLoadFileAndOverrides(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "luakv.conf")
	inc := filepath.Join(dir, "inc.conf")
	os.WriteFile(inc, []byte("timeout 7\n"), 0o644)
	os.WriteFile(path, []byte("port 7000\ninclude "+inc+"\nmaxmemory 1gb\n"), 0o644)
	r := engine.NewConfig()
	a, _ := config.ParseArgs([]string{path, "--port", "7001"}, engine.SplitArgs)
	if err := r.Load(a, nil, nil); err != nil {
		t.Fatal(err)
	}
	if r.Int("port") != 7001 || r.Int("timeout") != 7 || r.Get("maxmemory") != "1073741824" || r.File != path {
		t.Errorf("port=%d timeout=%d maxmemory=%s file=%s", r.Int("port"), r.Int("timeout"), r.Get("maxmemory"), r.File)
	}
	// An error in the options counts lines after the file's.
	a, _ = config.ParseArgs([]string{path, "--hz", "x"}, engine.SplitArgs)
	err := engine.NewConfig().Load(a, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "at line 5\n>>> 'hz \"x\"'\n") {
		t.Errorf("got %v", err)
	}
	a, _ = config.ParseArgs([]string{filepath.Join(dir, "missing.conf")}, engine.SplitArgs)
	err = engine.NewConfig().Load(a, nil, nil)
	if err == nil || err.Error() != "Fatal error, can't open config file '"+filepath.Join(dir, "missing.conf")+"': No such file or directory" {
		t.Errorf("got %v", err)
	}
	a, _ = config.ParseArgs([]string{"--logfile", filepath.Join(dir, "no", "such.log")}, engine.SplitArgs)
	err = engine.NewConfig().Load(a, nil, nil)
	if err == nil || err.Error() != "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: No such file or directory\n" {
		t.Errorf("got %q", err)
	}
}

func TestRewrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "luakv.conf")
	// The same file, CONFIG SETs and resulting text as a redis-server
	// 7.0.15 run (minus the lines for features luakv lacks: user,
	// latency-tracking-info-percentiles), with luakv's bind default.
	orig := "# my comment\nport 0\n\nsave 900 1\nsave 300 10\nhash-max-ziplist-entries 100\n   \n" +
		"maxmemory 1gb\nloglevel notice\n# Generated by CONFIG REWRITE\n" +
		"client-output-buffer-limit pubsub 32mb 8mb 60\nbind 127.0.0.1\nnotify-keyspace-events \"\"\n" +
		"list-max-ziplist-size 5\ninclude " + filepath.Join(dir, "inc.conf") + "\n"
	os.WriteFile(path, []byte(orig), 0o600)
	os.WriteFile(filepath.Join(dir, "inc.conf"), []byte("timeout 5\n"), 0o644)
	r := engine.NewConfig()
	if err := r.Load(config.Args{File: path}, nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, kv := range [][2]string{{"maxmemory", "100mb"}, {"notify-keyspace-events", "KEA"}, {"save", "60 5"},
		{"hash-max-listpack-value", "2048"}, {"maxmemory-policy", "allkeys-lru"},
		{"client-output-buffer-limit", "normal 1mb 2mb 3"}, {"oom-score-adj-values", "1 2 3"}} {
		if err := r.SetMany([]string{kv[0]}, []string{kv[1]}, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Rewrite(path); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	want := "# my comment\nport 0\n\nsave 60 5\n\nhash-max-listpack-entries 100\n\nmaxmemory 100mb\nloglevel notice\n" +
		"# Generated by CONFIG REWRITE\nclient-output-buffer-limit normal 1mb 2mb 3\nbind 127.0.0.1\n" +
		"notify-keyspace-events \"AKE\"\nlist-max-listpack-size 5\ninclude " + filepath.Join(dir, "inc.conf") + "\n\n" +
		"timeout 5\noom-score-adj-values 1 2 3\nmaxmemory-policy allkeys-lru\nhash-max-listpack-value 2kb\n" +
		"dir " + config.Quote(wd) + "\n"
	got, _ := os.ReadFile(path)
	if string(got) != want {
		t.Errorf("rewritten file:\n%s\nwant:\n%s", got, want)
	}
	if st, _ := os.Stat(path); st.Mode().Perm()&0o044 == 0 {
		t.Errorf("mode %v: want 0644 less the umask", st.Mode())
	}
	// Round trip: the rewritten file loads to the same values, and a
	// second rewrite changes nothing.
	r2 := engine.NewConfig()
	if err := r2.Load(config.Args{File: path}, nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"maxmemory", "notify-keyspace-events", "save", "hash-max-listpack-value", "maxmemory-policy",
		"client-output-buffer-limit", "oom-score-adj-values", "hash-max-listpack-entries", "list-max-listpack-size", "timeout"} {
		if r.Get(name) != r2.Get(name) {
			t.Errorf("%s: %q after reload, %q before", name, r2.Get(name), r.Get(name))
		}
	}
	if err := r2.Rewrite(path); err != nil {
		t.Fatal(err)
	}
	// As in Redis, the old file's final newline leaves an empty last line,
	// which the next rewrite keeps (and then no more).
	if again, _ := os.ReadFile(path); string(again) != want+"\n" {
		t.Errorf("second rewrite:\n%s", again)
	}
	// A file that does not exist is created; one with unknown lines keeps
	// them as comments.
	fresh := filepath.Join(dir, "fresh.conf")
	r3 := engine.NewConfig()
	r3.Set("port", "7000")
	if err := r3.Rewrite(fresh); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(fresh); string(got) != "# Generated by CONFIG REWRITE\nport 7000\nsave \"\"\ndir "+config.Quote(wd)+"\n" {
		t.Errorf("fresh file:\n%s", got)
	}
	os.WriteFile(fresh, []byte("bogus 1\nport 1\n"), 0o644)
	if err := r3.Rewrite(fresh); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(fresh); !strings.HasPrefix(string(got), "# ??? bogus 1\nport 7000\n") {
		t.Errorf("unknown line:\n%s", got)
	}
}

// TestPercent covers Percent Memory parameters (maxmemory-clients): a size
// or "N%", loaded from a file, printed and rewritten as redis-server
// 7.0.15 does ("maxmemory-clients 5%" set to 10%, 1mb, then 0 rewrites
// the line as "maxmemory-clients 10%", "... 1mb", "... 0").
func TestPercent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "luakv.conf")
	os.WriteFile(path, []byte("maxmemory-clients 5%\n"), 0o644)
	r := engine.NewConfig()
	if err := r.Load(config.Args{File: path}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := r.Get("maxmemory-clients"); got != "5%" {
		t.Errorf("loaded 5%%: Get = %q", got)
	}
	for _, step := range [][2]string{{"10%", "maxmemory-clients 10%\n"}, {"1mb", "maxmemory-clients 1mb\n"}, {"0", "maxmemory-clients 0\n"}} {
		if err := r.Set("maxmemory-clients", step[0]); err != "" {
			t.Fatalf("Set %s: %s", step[0], err)
		}
		if err := r.Rewrite(path); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); !strings.HasPrefix(string(got), step[1]) {
			t.Errorf("after %s, rewritten file:\n%s\nwant first line %q", step[0], got, step[1])
		}
	}
	os.WriteFile(path, []byte("maxmemory-clients 101%\n"), 0o644)
	err := engine.NewConfig().Load(config.Args{File: path}, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "percentage argument must be less or equal to 100") {
		t.Errorf("loading 101%%: %v", err)
	}
}
