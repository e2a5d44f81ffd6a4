package engine

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"luakv/engine/rdb"
)

// rdbCorpus fills e with a value of every type in each of its encodings,
// keys with and without expiries, in several databases.
func rdbCorpus(t *testing.T, e *Engine) {
	t.Helper()
	cl := testClient(e)
	run := func(args ...string) {
		if r := do(e, cl, args...); strings.HasPrefix(r, "-") {
			t.Fatalf("%q: %s", args, r)
		}
	}
	run("SET", "s", "hello")
	run("SET", "n", "12345")
	run("SET", "neg", "-2147483648")
	run("SET", "wide", "99999999999")
	run("SET", "lead0", "007")
	run("SET", "long", strings.Repeat("abc", 1000))
	run("SET", "bin", "\x00\xff\r\n")
	run("SET", "", "empty key")
	run("SET", "ttl", "v", "PX", "1000000")
	run("INCR", "counter")
	run("RPUSH", "l", "a", "b", "1", "-5")
	big := []string{"RPUSH", "biglist"}
	set := []string{"SADD", "bigset"}
	ints := []string{"SADD", "bigints"}
	hash := []string{"HSET", "bighash"}
	zset := []string{"ZADD", "bigz"}
	for i := 0; i < 700; i++ {
		is := strconv.Itoa(i)
		big = append(big, "e"+is, is)
		set = append(set, "m"+is)
		ints = append(ints, strconv.Itoa(i*1000-300000))
		hash = append(hash, "f"+is, "v"+is)
		zset = append(zset, strconv.Itoa(i%50)+".25", "z"+is)
	}
	run(big...)
	run(set...)
	run(ints...)
	run(hash...)
	run(zset...)
	run("RPUSH", "hugeel", strings.Repeat("x", 70000))
	run("SADD", "si", "1", "2", "3")
	run("SADD", "ss", "a", "b")
	run("HSET", "h", "f", "v", "n", "1")
	run("HSET", "hlong", "f", strings.Repeat("y", 100))
	run("ZADD", "z", "1", "a", "2.5", "b", "-inf", "c", "inf", "d", "0", "e")
	run("EXPIRE", "z", "1000")
	run("CONFIG", "SET", "stream-node-max-entries", "7")
	for i := 1; i <= 40; i++ {
		is := strconv.Itoa(i)
		if i%5 == 0 {
			run("XADD", "st", is+"-"+is, "other", is)
		} else {
			run("XADD", "st", is+"-0", "f", is, "g", strings.Repeat("v", i))
		}
	}
	run("CONFIG", "SET", "stream-node-max-entries", "100")
	run("XDEL", "st", "2-0", "3-0", "40-0")
	run("XGROUP", "CREATE", "st", "g", "0")
	run("XREADGROUP", "GROUP", "g", "c1", "COUNT", "4", "STREAMS", "st", ">")
	run("XREADGROUP", "GROUP", "g", "c2", "COUNT", "2", "STREAMS", "st", ">")
	run("XACK", "st", "g", "4-0")
	run("XGROUP", "CREATE", "empty", "g", "$", "MKSTREAM")
	run("SELECT", "9")
	run("SET", "db9", "x")
	run("SADD", "db9set", "x")
}

// snapshot lists every key of every database of e with its type,
// encoding, whether it has an expiry, and its content (collections sorted
// where their order is not part of the value).
func snapshot(t *testing.T, e *Engine) string {
	t.Helper()
	cl := testClient(e)
	var b strings.Builder
	for db := 0; db < e.DBCount(); db++ {
		do(e, cl, "SELECT", strconv.Itoa(db))
		for _, k := range sortedKeys(t, do(e, cl, "KEYS", "*")) {
			typ := do(e, cl, "TYPE", k)
			ttl := do(e, cl, "PTTL", k) != ":-1\r\n"
			fmt.Fprintf(&b, "db%d %q %s %s ttl=%v: ", db, k, strings.TrimSpace(typ), do(e, cl, "OBJECT", "ENCODING", k), ttl)
			switch typ {
			case "+string\r\n":
				b.WriteString(do(e, cl, "GET", k))
			case "+list\r\n":
				b.WriteString(do(e, cl, "LRANGE", k, "0", "-1"))
			case "+set\r\n":
				fmt.Fprint(&b, sortedKeys(t, do(e, cl, "SMEMBERS", k)))
			case "+hash\r\n":
				fmt.Fprint(&b, sortedKeys(t, do(e, cl, "HGETALL", k)))
			case "+zset\r\n":
				b.WriteString(do(e, cl, "ZRANGE", k, "0", "-1", "WITHSCORES"))
			case "+stream\r\n":
				b.WriteString(do(e, cl, "XINFO", "STREAM", k, "FULL", "COUNT", "0"))
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestRDBRoundTripKeepsEveryValue(t *testing.T) {
	for _, compress := range []string{"yes", "no"} {
		src := testEngine(t)
		do(src, testClient(src), "CONFIG", "SET", "rdbcompression", compress)
		rdbCorpus(t, src)
		var buf bytes.Buffer
		if err := src.writeRDB(&buf); err != nil {
			t.Fatal(err)
		}
		dst := testEngine(t)
		if err := dst.readRDB(bytes.NewReader(buf.Bytes()), false); err != nil {
			t.Fatal(err)
		}
		want, got := snapshot(t, src), snapshot(t, dst)
		if got != want {
			t.Fatalf("rdbcompression %s: loaded dataset differs\n got: %.2000s\nwant: %.2000s", compress, got, want)
		}
		if dst.persist.loadedKeys != 26 || dst.persist.expiredKeys != 0 {
			t.Errorf("loaded %d expired %d", dst.persist.loadedKeys, dst.persist.expiredKeys)
		}
	}
}

func TestRDBLoadDropsExpiredKeysAndDuplicates(t *testing.T) {
	var buf bytes.Buffer
	w := rdb.NewWriter(&buf, true, true)
	w.SelectDB(0, 2, 1)
	w.ExpireMs(1) // long past
	w.Byte(rdb.TypeString)
	w.String([]byte("old"))
	w.String([]byte("v"))
	w.Byte(rdb.TypeString)
	w.String([]byte("k"))
	w.String([]byte("from file"))
	w.Byte(rdb.TypeSet) // an empty set is skipped, as Redis skips it
	w.String([]byte("empty"))
	w.Len(0)
	w.Close()
	file := buf.Bytes()

	e := testEngine(t)
	cl := testClient(e)
	if err := e.readRDB(bytes.NewReader(file), false); err != nil {
		t.Fatal(err)
	}
	expect(t, e, cl, "DBSIZE", ":1\r\n")
	if e.persist.loadedKeys != 1 || e.persist.expiredKeys != 1 {
		t.Errorf("loaded %d expired %d", e.persist.loadedKeys, e.persist.expiredKeys)
	}
	do(e, cl, "SET", "k", "in memory")
	if err := e.readRDB(bytes.NewReader(file), false); !errors.Is(err, rdb.ErrCorrupt) || !strings.Contains(err.Error(), "duplicate key 'k'") {
		t.Fatalf("duplicate key: %v", err)
	}
	if err := e.readRDB(bytes.NewReader(file), true); err != nil {
		t.Fatalf("merge: %v", err)
	}
	expect(t, e, cl, "GET k", "$9\r\nfrom file\r\n")

	// A set holding a member twice is corrupt.
	buf.Reset()
	w = rdb.NewWriter(&buf, true, true)
	w.Byte(rdb.TypeSet)
	w.String([]byte("dup"))
	w.Len(2)
	w.String([]byte("x"))
	w.String([]byte("x"))
	w.Close()
	if err := testEngine(t).readRDB(&buf, false); !errors.Is(err, rdb.ErrCorrupt) {
		t.Fatalf("duplicate member: %v", err)
	}
}

func TestRDBTruncatedOrDamagedFilesFailCleanly(t *testing.T) {
	src := testEngine(t)
	rdbCorpus(t, src)
	var buf bytes.Buffer
	src.writeRDB(&buf)
	file := buf.Bytes()
	for n := 0; n < len(file); n += 1 + n/50 {
		if err := testEngine(t).readRDB(bytes.NewReader(file[:n]), false); err == nil {
			t.Fatalf("a file cut at %d of %d bytes loaded", n, len(file))
		}
	}
	damaged := slices.Clone(file)
	damaged[len(damaged)/2] ^= 0x40
	if err := testEngine(t).readRDB(bytes.NewReader(damaged), false); err == nil {
		t.Fatal("a damaged file loaded")
	}
}

func TestSaveAndDebugReload(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	rdbCorpus(t, e)
	want := snapshot(t, e)
	before := do(e, cl, "LASTSAVE")
	expect(t, e, cl, "SAVE", "+OK\r\n")
	if _, err := os.Stat(e.DumpPath()); err != nil {
		t.Fatal(err)
	}
	info := do(e, cl, "INFO", "persistence")
	for _, f := range []string{"rdb_changes_since_last_save:0\r\n", "rdb_saves:1\r\n", "rdb_last_bgsave_status:ok\r\n"} {
		if !strings.Contains(info, f) {
			t.Errorf("INFO persistence lacks %q:\n%s", f, info)
		}
	}
	if do(e, cl, "LASTSAVE") < before {
		t.Error("LASTSAVE went back")
	}

	// DEBUG RELOAD saves, empties and loads.
	do(e, cl, "SET", "added", "1")
	expect(t, e, cl, "DEBUG RELOAD", "+OK\r\n")
	expect(t, e, cl, "GET added", "$1\r\n1\r\n")
	do(e, cl, "DEL", "added")
	if got := snapshot(t, e); got != want {
		t.Fatalf("after DEBUG RELOAD\n got: %.2000s\nwant: %.2000s", got, want)
	}

	// NOSAVE loads the file as it is; NOFLUSH keeps keys and fails on a
	// clash; MERGE lets the file's value win.
	do(e, cl, "SET", "s", "changed")
	expect(t, e, cl, "DEBUG RELOAD NOSAVE", "+OK\r\n")
	expect(t, e, cl, "GET s", "$5\r\nhello\r\n")
	do(e, cl, "SET", "s", "changed")
	expect(t, e, cl, "DEBUG RELOAD NOSAVE NOFLUSH", "-ERR Error trying to load the RDB dump\r\n")
	do(e, cl, "FLUSHALL")
	do(e, cl, "SET", "s", "changed")
	do(e, cl, "SET", "mine", "kept")
	expect(t, e, cl, "DEBUG RELOAD NOSAVE NOFLUSH MERGE", "+OK\r\n")
	expect(t, e, cl, "MGET s mine", "*2\r\n$5\r\nhello\r\n$4\r\nkept\r\n")
	expect(t, e, cl, "DEBUG RELOAD FOO", "-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n")

	// A SAVE that cannot write fails with Redis's bare error; as in Redis
	// only a failed background save changes rdb_last_bgsave_status.
	e.DumpDir = "/nonexistent/dir"
	expect(t, e, cl, "SAVE", "-ERR\r\n")
	if !strings.Contains(do(e, cl, "INFO", "persistence"), "rdb_last_bgsave_status:ok\r\n") {
		t.Error("failed SAVE changed the background save status")
	}
}

func TestFlushAllSavesWithSavePoints(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	do(e, cl, "SET", "k", "v")
	expect(t, e, cl, "FLUSHALL", "+OK\r\n")
	if _, err := os.Stat(e.DumpPath()); err == nil {
		t.Fatal("FLUSHALL saved without save points")
	}
	do(e, cl, "CONFIG", "SET", "save", "100 10")
	do(e, cl, "SET", "k", "v")
	expect(t, e, cl, "FLUSHALL", "+OK\r\n")
	if _, err := os.Stat(e.DumpPath()); err != nil {
		t.Fatalf("FLUSHALL with save points: %v", err)
	}
	if !strings.Contains(do(e, cl, "INFO", "persistence"), "rdb_changes_since_last_save:0\r\n") {
		t.Error("the save did not reset the change count")
	}
}

func FuzzReadRDB(f *testing.F) {
	e := New(Commands, Settings{Databases: 16})
	rdbCorpus(&testing.T{}, e)
	var buf bytes.Buffer
	e.writeRDB(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte("REDIS0010\xfe\x00\x0e\x01k\x01\x02\x0b\x00\x00\x00\x00\x00\x00\x00\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		New(Commands, Settings{Databases: 16}).readRDB(bytes.NewReader(b), false)
	})
}

// waitBGSave waits for the running background save to end.
func waitBGSave(t *testing.T, e *Engine, cl *Client) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Contains(do(e, cl, "INFO", "persistence"), "rdb_bgsave_in_progress:1") {
		if time.Now().After(deadline) {
			t.Fatal("the background save did not end")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestBGSaveWritesTheDatasetAsItWasWhenItStarted(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	rdbCorpus(t, e)
	want := snapshot(t, e)
	hold := make(chan struct{})
	e.persist.bg.hold = hold
	expect(t, e, cl, "BGSAVE", "+Background saving started\r\n")
	info := do(e, cl, "INFO", "persistence")
	for _, f := range []string{"rdb_bgsave_in_progress:1\r\n", "rdb_current_bgsave_time_sec:0\r\n", "rdb_last_bgsave_time_sec:-1\r\n", "rdb_saves:1\r\n"} {
		if !strings.Contains(info, f) {
			t.Errorf("INFO persistence lacks %q", f)
		}
	}
	expect(t, e, cl, "BGSAVE", "-ERR Background save already in progress\r\n")
	expect(t, e, cl, "SAVE", "-ERR Background save already in progress\r\n")
	expect(t, e, cl, "BGSAVE SCHEDULE x", "-ERR syntax error\r\n")
	// Changes after the start are not in the file, and stay counted.
	do(e, cl, "SELECT", "0")
	do(e, cl, "SET", "s", "changed")
	do(e, cl, "RPUSH", "l", "more")
	do(e, cl, "HSET", "h", "f", "changed")
	do(e, cl, "DEL", "bigz")
	close(hold)
	waitBGSave(t, e, cl)
	info = do(e, cl, "INFO", "persistence")
	for _, f := range []string{"rdb_last_bgsave_status:ok\r\n", "rdb_last_bgsave_time_sec:0\r\n", "rdb_changes_since_last_save:4\r\n"} {
		if !strings.Contains(info, f) {
			t.Errorf("INFO persistence lacks %q:\n%s", f, info)
		}
	}
	loaded := testEngine(t)
	if err := loaded.LoadRDB(e.DumpPath(), false); err != nil {
		t.Fatal(err)
	}
	if got := snapshot(t, loaded); got != want {
		t.Fatalf("background save\n got: %.2000s\nwant: %.2000s", got, want)
	}
}

func TestBGSaveScheduledDroppedAndTriggeredBySavePoints(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	do(e, cl, "SET", "k", "first")
	expect(t, e, cl, "SAVE", "+OK\r\n")

	// Inside EXEC, BGSAVE is left to the cron.
	cl.InExec = true
	expect(t, e, cl, "BGSAVE", "+Background saving scheduled\r\n")
	cl.InExec = false
	hold := make(chan struct{})
	e.persist.bg.hold = hold
	inExec(e, func(*Ctx) { e.saveCron() })
	if !e.persist.bg.running || e.persist.bg.scheduled {
		t.Fatal("the cron did not start the scheduled save")
	}
	// FLUSHALL drops the running save: its file never replaces the dump.
	do(e, cl, "SET", "k", "second")
	expect(t, e, cl, "FLUSHALL", "+OK\r\n")
	close(hold)
	time.Sleep(50 * time.Millisecond)
	inExec(e, func(*Ctx) {}) // the writer's end has run
	loaded := testEngine(t)
	if err := loaded.LoadRDB(e.DumpPath(), false); err != nil {
		t.Fatal(err)
	}
	expect(t, loaded, testClient(loaded), "GET k", "$5\r\nfirst\r\n")
	if files, _ := os.ReadDir(e.DumpDir); len(files) != 1 {
		t.Errorf("files left in the dump's directory: %v", files)
	}

	// Save points: one change and a last save two seconds ago, with
	// "1 1", start a save.
	e.persist.bg.hold = nil
	do(e, cl, "CONFIG", "SET", "save", "1 1")
	do(e, cl, "SET", "k", "third")
	inExec(e, func(*Ctx) {
		e.lastSave -= 2
		e.saveCron()
	})
	waitBGSave(t, e, cl)
	loaded = testEngine(t)
	if err := loaded.LoadRDB(e.DumpPath(), false); err != nil {
		t.Fatal(err)
	}
	expect(t, loaded, testClient(loaded), "GET k", "$5\r\nthird\r\n")
	// A failed background save is reported, and the save points retry it
	// only after five seconds.
	e.DumpDir = "/nonexistent/dir"
	do(e, cl, "SET", "k", "fourth")
	inExec(e, func(*Ctx) { e.lastSave -= 2; e.saveCron() })
	waitBGSave(t, e, cl)
	if !strings.Contains(do(e, cl, "INFO", "persistence"), "rdb_last_bgsave_status:err\r\n") {
		t.Error("failed background save not reported")
	}
	inExec(e, func(*Ctx) { e.saveCron() })
	if e.persist.bg.running {
		t.Error("the save points retried at once")
	}
}

func TestSaveAndLoadDelays(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	for i := 0; i < 5; i++ {
		do(e, cl, "SET", "k"+strconv.Itoa(i), "v")
	}
	expect(t, e, cl, "CONFIG SET rdb-key-save-delay 20000", "+OK\r\n")
	expect(t, e, cl, "CONFIG GET rdb-key-save-delay", "*2\r\n$18\r\nrdb-key-save-delay\r\n$5\r\n20000\r\n")
	if strings.Contains(do(e, cl, "CONFIG", "GET", "*"), "rdb-key-save-delay") {
		t.Error("a hidden parameter matched a pattern")
	}
	start := time.Now()
	expect(t, e, cl, "BGSAVE", "+Background saving started\r\n")
	expect(t, e, cl, "SAVE", "-ERR Background save already in progress\r\n")
	waitBGSave(t, e, cl)
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("5 keys at 20 ms each saved in %v", d)
	}
	do(e, cl, "CONFIG", "SET", "rdb-key-save-delay", "0")
	do(e, cl, "CONFIG", "SET", "key-load-delay", "20000")
	start = time.Now()
	expect(t, e, cl, "DEBUG RELOAD NOSAVE", "+OK\r\n")
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("5 keys at 20 ms each loaded in %v", d)
	}
	expect(t, e, cl, "DBSIZE", ":5\r\n")
}
