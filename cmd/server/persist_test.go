package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"luakv/internal/redistest"
)

// must runs a command and fails the test on an error reply.
func (cl *client) must(t *testing.T, args ...string) string {
	t.Helper()
	r, err := cl.do(args...)
	if err != nil || strings.HasPrefix(r, "-") {
		t.Fatalf("%q: %q %v", args, r, err)
	}
	return r
}

// bulks parses a flat array of bulk strings.
func bulks(t *testing.T, raw string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n")
	if len(lines) == 0 || lines[0][0] != '*' {
		t.Fatalf("not an array: %q", raw)
	}
	var out []string
	for i := 1; i+1 < len(lines); i += 2 {
		out = append(out, lines[i+1])
	}
	return out
}

// dataset describes every key of every database: type, encoding, whether
// it expires, and content, with unordered collections sorted.
func dataset(t *testing.T, cl *client) string {
	t.Helper()
	var b strings.Builder
	for db := 0; db < 16; db++ {
		cl.must(t, "SELECT", strconv.Itoa(db))
		keys := bulks(t, cl.must(t, "KEYS", "*"))
		slices.Sort(keys)
		for _, k := range keys {
			typ := strings.TrimSpace(cl.must(t, "TYPE", k))
			ttl := cl.must(t, "PTTL", k) != ":-1\r\n"
			b.WriteString("db" + strconv.Itoa(db) + " " + strconv.Quote(k) + " " + typ + " " +
				strings.TrimSpace(cl.must(t, "OBJECT", "ENCODING", k)) + " ttl=" + strconv.FormatBool(ttl) + ": ")
			var content []string
			switch typ {
			case "+string":
				content = []string{cl.must(t, "GET", k)}
			case "+list":
				content = bulks(t, cl.must(t, "LRANGE", k, "0", "-1"))
			case "+set":
				content = bulks(t, cl.must(t, "SMEMBERS", k))
				slices.Sort(content)
			case "+hash":
				content = bulks(t, cl.must(t, "HGETALL", k))
				slices.Sort(content)
			case "+zset":
				content = bulks(t, cl.must(t, "ZRANGE", k, "0", "-1", "WITHSCORES"))
			case "+stream":
				// Everything: entries, IDs, node layout, groups, pending
				// entries with their times and counts, consumers.
				content = []string{cl.must(t, "XINFO", "STREAM", k, "FULL", "COUNT", "0")}
			}
			b.WriteString(strconv.Quote(strings.Join(content, ",")) + "\n")
		}
	}
	cl.must(t, "SELECT", "0")
	return b.String()
}

// fillDataset writes values of every type, in every encoding Redis 7.0
// stores them in (small and large, integers and strings, LZF-sized
// strings, plain list nodes), with expiries, in two databases.
func fillDataset(t *testing.T, cl *client) {
	t.Helper()
	cl.must(t, "SET", "s", "hello")
	cl.must(t, "SET", "int", "-123456")
	cl.must(t, "SET", "long", strings.Repeat("compressible ", 500))
	cl.must(t, "SET", "bin", "\x00\x01\xff")
	cl.must(t, "SET", "ttl", "v", "EX", "100000")
	args := map[string][]string{"RPUSH": {"biglist"}, "SADD": {"bigset"}, "HSET": {"bighash"}, "ZADD": {"bigz"}}
	ints := []string{"SADD", "ints"}
	for i := 0; i < 600; i++ {
		n := strconv.Itoa(i)
		args["RPUSH"] = append(args["RPUSH"], n, "item"+n, strconv.Itoa(-i*70000))
		args["SADD"] = append(args["SADD"], "m"+n)
		args["HSET"] = append(args["HSET"], "f"+n, "value"+n)
		args["ZADD"] = append(args["ZADD"], strconv.Itoa(i%97)+".5", "z"+n)
		ints = append(ints, strconv.Itoa(i*i-5000))
	}
	for cmd, a := range args {
		cl.must(t, append([]string{cmd}, a...)...)
	}
	cl.must(t, ints...)
	cl.must(t, "RPUSH", "small", "a", "1", "-1", "65536", "9999999999")
	cl.must(t, "RPUSH", "plain", strings.Repeat("p", 1<<16))
	cl.must(t, "SADD", "smallints", "1", "2", "-3")
	cl.must(t, "SADD", "smallset", "a", "b")
	cl.must(t, "HSET", "smallhash", "a", "1", "b", "2")
	cl.must(t, "ZADD", "smallz", "1", "a", "-2.5", "b", "inf", "c")
	cl.must(t, "PEXPIRE", "smallz", "100000000")
	for i := 1; i <= 250; i++ {
		n := strconv.Itoa(i)
		if i%7 == 0 {
			cl.must(t, "XADD", "st", n+"-"+strconv.Itoa(i%3), "other", n, "x", strings.Repeat("y", i))
		} else {
			cl.must(t, "XADD", "st", n+"-"+strconv.Itoa(i%3), "f", n, "g", "-"+n)
		}
	}
	cl.must(t, "XDEL", "st", "3-0", "4-1", "100-1", "101-2", "250-1")
	cl.must(t, "XGROUP", "CREATE", "st", "g1", "0")
	cl.must(t, "XGROUP", "CREATE", "st", "g2", "50-0")
	cl.must(t, "XREADGROUP", "GROUP", "g1", "alice", "COUNT", "20", "STREAMS", "st", ">")
	cl.must(t, "XREADGROUP", "GROUP", "g1", "bob", "COUNT", "5", "STREAMS", "st", ">")
	cl.must(t, "XACK", "st", "g1", "5-2", "6-0", "22-1")
	cl.must(t, "XCLAIM", "st", "g1", "carol", "0", "7-1", "8-2")
	cl.must(t, "XREADGROUP", "GROUP", "g2", "dan", "NOACK", "COUNT", "3", "STREAMS", "st", ">")
	cl.must(t, "XGROUP", "CREATE", "emptyst", "g", "$", "MKSTREAM")
	cl.must(t, "SELECT", "7")
	cl.must(t, "SET", "in7", "x")
	cl.must(t, "SELECT", "0")
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDumpInteropWithRedis loads redis-server's dump into luakv and
// luakv's into redis-server, comparing the whole dataset each way.
func TestDumpInteropWithRedis(t *testing.T) {
	rs := redistest.StartRedis(t)
	rc := dial(t, "tcp", rs.Addr)
	fillDataset(t, rc)
	want := dataset(t, rc)
	rc.must(t, "SAVE")
	redisDir := bulks(t, rc.must(t, "CONFIG", "GET", "dir"))[1]

	dir := t.TempDir()
	copyFile(t, filepath.Join(redisDir, "dump.rdb"), filepath.Join(dir, "dump.rdb"))
	port := freePort(t)
	p := start(t, "--port", strconv.Itoa(port), "--dir", dir)
	p.waitLog(t, "Ready to accept connections")
	if !strings.Contains(p.stdout.String(), "Done loading RDB, keys loaded: 19, keys expired: 0.") {
		t.Errorf("load log:\n%s", p.stdout.String())
	}
	lc := dial(t, "tcp", "127.0.0.1:"+strconv.Itoa(port))
	if got := dataset(t, lc); got != want {
		t.Fatalf("luakv loaded redis-server's dump as\n%.3000s\nwant\n%.3000s", got, want)
	}

	// Back: luakv's dump, loaded by redis-server, is the same dataset.
	lc.must(t, "SET", "written by", "luakv")
	want = dataset(t, lc)
	lc.must(t, "SAVE")
	copyFile(t, filepath.Join(dir, "dump.rdb"), filepath.Join(redisDir, "dump.rdb"))
	rc.must(t, "DEBUG", "RELOAD", "NOSAVE")
	if got := dataset(t, rc); got != want {
		t.Fatalf("redis-server loaded luakv's dump as\n%.3000s\nwant\n%.3000s", got, want)
	}
}

// TestDumpSurvivesRestart: SIGTERM with save points saves, and the next
// start loads the file; SAVE and SHUTDOWN SAVE write it too.
func TestDumpSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	port := freePort(t)
	addr := "127.0.0.1:" + strconv.Itoa(port)
	p := start(t, "--port", strconv.Itoa(port), "--dir", dir, "--save", "3600 1")
	p.waitLog(t, "Ready to accept connections")
	cl := dial(t, "tcp", addr)
	fillDataset(t, cl)
	want := dataset(t, cl)
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.wait(t); code != 0 {
		t.Fatalf("exit status %d:\n%s", code, p.stdout.String())
	}
	for _, s := range []string{"Saving the final RDB snapshot before exiting.", "DB saved on disk"} {
		if !strings.Contains(p.stdout.String(), s) {
			t.Errorf("log lacks %q", s)
		}
	}

	p = start(t, "--port", strconv.Itoa(port), "--dir", dir)
	p.waitLog(t, "Ready to accept connections")
	cl = dial(t, "tcp", addr)
	if got := dataset(t, cl); got != want {
		t.Fatalf("after restart\n%.3000s\nwant\n%.3000s", got, want)
	}
	info := cl.must(t, "INFO", "persistence")
	if !strings.Contains(info, "rdb_last_load_keys_loaded:19\r\n") {
		t.Errorf("INFO persistence:\n%s", info)
	}
	cl.must(t, "FLUSHALL")
	cl.must(t, "SET", "only", "key")
	cl.do("SHUTDOWN", "SAVE")
	p.wait(t)

	p = start(t, "--port", strconv.Itoa(port), "--dir", dir)
	p.waitLog(t, "Ready to accept connections")
	cl = dial(t, "tcp", addr)
	if got, _ := cl.do("KEYS", "*"); got != "*1\r\n$4\r\nonly\r\n" {
		t.Errorf("after SHUTDOWN SAVE: %q", got)
	}
}

// TestCorruptDumpStopsStartup: a dump that cannot be loaded stops the
// server instead of serving (and later overwriting) an empty dataset.
func TestCorruptDumpStopsStartup(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "dump.rdb"), []byte("REDIS0010\xfe\x00\x00\x01k"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := start(t, "--port", strconv.Itoa(freePort(t)), "--dir", dir)
	if code := p.wait(t); code != 1 {
		t.Errorf("exit status %d", code)
	}
	if !strings.Contains(p.stdout.String(), "Fatal error loading the DB from dump.rdb") {
		t.Errorf("log:\n%s", p.stdout.String())
	}
}

// TestSavePointsSaveInTheBackground: with "save 1 1", a change is on disk
// within a few seconds, written by a background save.
func TestSavePointsSaveInTheBackground(t *testing.T) {
	dir := t.TempDir()
	port := freePort(t)
	p := start(t, "--port", strconv.Itoa(port), "--dir", dir, "--save", "1 1")
	p.waitLog(t, "Ready to accept connections")
	cl := dial(t, "tcp", "127.0.0.1:"+strconv.Itoa(port))
	cl.must(t, "SET", "k", "v")
	p.waitLog(t, "1 changes in 1 seconds. Saving...")
	p.waitLog(t, "Background saving terminated with success")
	if _, err := os.Stat(filepath.Join(dir, "dump.rdb")); err != nil {
		t.Fatal(err)
	}
	if got, _ := cl.do("BGSAVE"); got != "+Background saving started\r\n" {
		t.Errorf("BGSAVE: %q", got)
	}
}
