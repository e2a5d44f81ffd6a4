package engine

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestDebugErrors(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	unknown := func(sub string) string {
		return "-ERR unknown subcommand or wrong number of arguments for '" + sub + "'. Try DEBUG HELP.\r\n"
	}
	var cases []srvCase
	for _, c := range []struct{ cmd, want string }{
		{"debug", "-ERR wrong number of arguments for 'debug' command\r\n"},
		{"debug foo", unknown("foo")},
		{"DeBug fOO", unknown("fOO")},
		{"debug object", unknown("object")},
		{"debug object a b", unknown("object")},
		{"debug log", unknown("log")},
		{"debug sleep", unknown("sleep")},
		{"debug set-active-expire", unknown("set-active-expire")},
		{"debug populate", unknown("populate")},
		{"debug populate 1 a b c", unknown("populate")},
		{"debug help x", unknown("help")},
		{"debug object nokey", "-ERR no such key\r\n"},
		{"debug populate -1", "-ERR value is out of range, must be positive\r\n"},
		{"debug populate abc", "-ERR value is out of range, must be positive\r\n"},
		{"debug populate 3 p abc", "-ERR value is out of range, must be positive\r\n"},
		{"debug populate 3 p -1", "-ERR value is out of range, must be positive\r\n"},
		{"debug populate 0", "+OK\r\n"},
		{"debug sleep 0", "+OK\r\n"},
		{"debug sleep abc", "+OK\r\n"},
		{"debug log hello", "+OK\r\n"},
		{"debug set-active-expire x", "+OK\r\n"},
		{"debug set-active-expire 1", "+OK\r\n"},
	} {
		cases = append(cases, srvCase{words(c.cmd), c.want})
	}
	runCases(t, e, cl, cases)
	long := strings.Repeat("x", 200)
	runCases(t, e, cl, []srvCase{
		{[]string{"debug", long}, unknown(long[:128])},
		{[]string{"debug", "a\x00b"}, unknown("a")},
		{[]string{"debug", "a\r\nb"}, unknown("a  b")},
	})
}

func TestDebugProtected(t *testing.T) {
	e := New(Commands, Settings{Databases: 16})
	cl := testClient(e)
	want := "-" + string(ErrProtectedCommand("debug")) + "\r\n"
	if got := do(e, cl, "debug", "help"); got != want {
		t.Errorf("debug with enable-debug-command off: %q", got)
	}
}

func TestDebugHelp(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	got := do(e, cl, "debug", "help")
	// Redis's header, footer and wording, for the subcommands luakv has.
	want := "*38\r\n+DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n" +
		"+DIGEST\r\n+    Output a hex signature representing the current DB content.\r\n" +
		"+DIGEST-VALUE <key> [<key> ...]\r\n+    Output a hex signature of the values of all the specified keys.\r\n" +
		"+LOG <message>\r\n+    Write <message> to the server log.\r\n" +
		"+OBJECT <key>\r\n+    Show low level info about `key` and associated value.\r\n" +
		"+POPULATE <count> [<prefix>] [<size>]\r\n" +
		"+    Create <count> string keys named key:<num>. If <prefix> is specified then\r\n" +
		"+    it is used instead of the 'key' prefix. These are not propagated to\r\n" +
		"+    replicas. Cluster slots are not respected so keys not belonging to the\r\n" +
		"+    current node can be created in cluster mode.\r\n" +
		"+RELOAD [option ...]\r\n" +
		"+    Save the RDB on disk and reload it back to memory. Valid <option> values:\r\n" +
		"+    * MERGE: conflicting keys will be loaded from RDB.\r\n" +
		"+    * NOFLUSH: the existing database will not be removed before load, but\r\n" +
		"+      conflicting keys make the load fail.\r\n" +
		"+    * NOSAVE: the database will be loaded from an existing RDB file.\r\n" +
		"+    Examples:\r\n" +
		"+    * DEBUG RELOAD: verify that the server is able to persist, flush and reload\r\n" +
		"+      the database.\r\n" +
		"+    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an\r\n" +
		"+      existing RDB file.\r\n" +
		"+    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB\r\n" +
		"+      file to the database.\r\n" +
		"+SET-ACTIVE-EXPIRE <0|1>\r\n" +
		"+    Setting it to 0 disables expiring keys in background when they are not\r\n" +
		"+    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the\r\n" +
		"+    default.\r\n" +
		"+QUICKLIST-PACKED-THRESHOLD <size>\r\n" +
		"+    Sets the threshold for elements to be inserted as plain vs packed nodes\r\n" +
		"+    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.\r\n" +
		"+SLEEP <seconds>\r\n+    Stop the server for <seconds>. Decimals allowed.\r\n" +
		"+HELP\r\n+    Prints this help.\r\n"
	if got != want {
		t.Errorf("debug help\n got: %q\nwant: %q", got, want)
	}
}

func TestDebugPopulate(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	runCases(t, e, cl, []srvCase{
		{words("set key:1 existing"), "+OK\r\n"},
		{words("debug populate 3"), "+OK\r\n"},
		{words("mget key:0 key:1 key:2 key:3"), "*4\r\n$7\r\nvalue:0\r\n$8\r\nexisting\r\n$7\r\nvalue:2\r\n$-1\r\n"},
		{words("debug populate 2 p 3"), "+OK\r\n"},
		{words("debug populate 2 q 12"), "+OK\r\n"},
		{words("mget p:0 p:1 q:0 q:1"), "*4\r\n$3\r\nval\r\n$3\r\nval\r\n$12\r\nvalue:0\x00\x00\x00\x00\x00\r\n$12\r\nvalue:1\x00\x00\x00\x00\x00\r\n"},
		{[]string{"debug", "populate", "1", "", "0"}, "+OK\r\n"},
		{words("keys :*"), "*1\r\n$2\r\n:0\r\n"},
		{[]string{"debug", "populate", "1", "a\x00b"}, "+OK\r\n"},
		{words("keys a*"), "*1\r\n$3\r\na:0\r\n"},
		{words("dbsize"), ":9\r\n"},
		// Keys are cut at 127 bytes: these three collide into one.
		{words("debug populate 3 " + strings.Repeat("p", 130)), "+OK\r\n"},
		{words("dbsize"), ":10\r\n"},
		{words("keys " + strings.Repeat("p", 127)), "*1\r\n$127\r\n" + strings.Repeat("p", 127) + "\r\n"},
	})
	dirty := e.stats.Dirty
	do(e, cl, "debug", "populate", "100", "n")
	if e.DB(0).Len() != 110 {
		t.Errorf("dbsize %d after populating 100 more", e.DB(0).Len())
	}
	if e.stats.Dirty != dirty {
		t.Errorf("DEBUG POPULATE counted %d changes; Redis counts none", e.stats.Dirty-dirty)
	}
	var touched int
	e.OnTouch(func(*DB, string) { touched++ })
	do(e, cl, "debug", "populate", "5", "t")
	if touched != 5 {
		t.Errorf("key-modified hook ran %d times for 5 new keys", touched)
	}
}

// TestDebugPopulateCutKeysIntoEmptyDB: keys cut at 127 bytes collide even
// when the database starts empty (redis-server: 10 keys, then 20).
func TestDebugPopulateCutKeysIntoEmptyDB(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	runCases(t, e, cl, []srvCase{
		{words("debug populate 20 " + strings.Repeat("p", 125)), "+OK\r\n"},
		{words("dbsize"), ":10\r\n"},
		{words("flushdb"), "+OK\r\n"},
		{words("debug populate 20 " + strings.Repeat("p", 124)), "+OK\r\n"},
		{words("dbsize"), ":20\r\n"},
	})
}

// TestDebugPopulateReplacesExpired: an existing key whose TTL is due is
// reclaimed and written, as Redis's lookupKeyWrite does.
func TestDebugPopulateReplacesExpired(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	do(e, cl, "set", "key:0", "old")
	e.Run(cl, NewRespWriter(2), func(c *Ctx) { c.DB.SetExpire(c.DB.Peek([]byte("key:0")), 1) })
	do(e, cl, "debug", "populate", "1")
	if got := do(e, cl, "get", "key:0"); got != "$7\r\nvalue:0\r\n" {
		t.Errorf("get key:0 = %q", got)
	}
	if e.DB(0).ExpiresLen() != 0 {
		t.Errorf("the new key kept the old TTL")
	}
}

// TestDebugPopulateLean checks that each new key costs its entry and its
// key and value strings, and nothing per key besides (the table is sized
// once up front, as Redis's dictExpand does).
func TestDebugPopulateLean(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	const n = 20000
	w := NewRespWriter(2)
	argv := [][]byte{[]byte("debug"), []byte("populate"), []byte(fmt.Sprint(n))}
	allocs := testing.AllocsPerRun(1, func() {
		do(e, cl, "flushall")
		e.RunBatch(cl, w, [][][]byte{argv}, 0)
	})
	if perKey := allocs / n; perKey > 3.05 {
		t.Errorf("%.2f allocations per key, want 3 (entry, key, value)", perKey)
	}
	if e.DB(0).Len() != n {
		t.Errorf("dbsize %d", e.DB(0).Len())
	}
}

func BenchmarkDebugPopulate1M(b *testing.B) {
	e := srvTestEngine(b)
	cl := testClient(e)
	for i := 0; i < b.N; i++ {
		do(e, cl, "flushall")
		do(e, cl, "debug", "populate", "1000000")
	}
}

func TestDebugObject(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	// serializedlength as redis-server 7.0.15 reports it for values it
	// does not compress.
	for _, c := range []struct{ val, enc, ser, refcount string }{
		{"1", "int", "2", "2147483647"}, // shared integer
		{"9999", "int", "3", "2147483647"},
		{"10000", "int", "3", "1"},
		{"100000", "int", "5", "1"},
		{"-129", "int", "3", "1"},
		{"10000000000", "int", "12", "1"},
		{"12345678901", "int", "12", "1"},
		{"hello", "embstr", "6", "1"},
		{"12345678901234567890", "embstr", "21", "1"},
		{"qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxc", "raw", "102", "1"},
	} {
		do(e, cl, "set", "k", c.val)
		got := do(e, cl, "debug", "object", "k")
		re := regexp.MustCompile(`^\+Value at:0x[0-9a-f]+ refcount:` + c.refcount + ` encoding:` + c.enc +
			` serializedlength:` + c.ser + ` lru:\d+ lru_seconds_idle:\d+\r\n$`)
		if !re.MatchString(got) {
			t.Errorf("set k %s; debug object k\n got: %q\nwant: %s", c.val, got, re)
		}
	}
	cl.Proto = 3
	if got := do(e, cl, "debug", "object", "k"); !strings.HasPrefix(got, "+Value at:0x") {
		t.Errorf("RESP3: %q", got)
	}
	// Idle time comes from the entry's LRU clock, wrapping like Redis's.
	if lruIdleSeconds(100, 40) != 60 || lruIdleSeconds(5, lruClockMax-5) != 10 {
		t.Errorf("lruIdleSeconds")
	}
}

func TestDebugSetActiveExpire(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	for _, c := range []struct {
		arg string
		on  bool
	}{{"0", false}, {"1", true}, {"x", false}, {"2", true}, {" 1", true}, {"4294967296", false}, {"-1", true}, {"0x1", false}} {
		do(e, cl, "debug", "set-active-expire", c.arg)
		if e.ActiveExpireEnabled() != c.on {
			t.Errorf("set-active-expire %q: enabled %v", c.arg, e.ActiveExpireEnabled())
		}
	}
}

func TestCAtoiStrtod(t *testing.T) {
	for in, want := range map[string]int32{
		"1": 1, "0": 0, "x": 0, " 7": 7, "12x": 12, "-3": -3, "+4": 4, "": 0,
		"4294967297": 1, "99999999999999999999": -1, "-99999999999999999999": 0,
	} {
		if got := cAtoi([]byte(in)); got != want {
			t.Errorf("cAtoi(%q) = %d, want %d", in, got, want)
		}
	}
	for in, want := range map[string]float64{
		"0.1": 0.1, "abc": 0, " 1.5x": 1.5, "1e-1": 0.1, "1e": 1, ".5": 0.5, "-1": -1, "5.": 5,
		"inf": math.Inf(1), "-Infinity": math.Inf(-1), "1e400": math.Inf(1), ".": 0, "+": 0, "1_0": 1,
	} {
		if got := cStrtod([]byte(in)); got != want {
			t.Errorf("cStrtod(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestDebugSleepHoldsExecutor: like Redis, DEBUG SLEEP stops every client.
func TestDebugSleepHoldsExecutor(t *testing.T) {
	e := srvTestEngine(t)
	sleeper, other := testClient(e), testClient(e)
	var wg sync.WaitGroup
	wg.Add(1)
	start := time.Now()
	go func() {
		defer wg.Done()
		if got := do(e, sleeper, "debug", "sleep", "0.3"); got != "+OK\r\n" {
			t.Errorf("debug sleep: %q", got)
		}
	}()
	// Send PING only once the sleeper holds the executor (nothing else
	// takes it here): a fixed pause could end before the sleeper's
	// goroutine has even run on a loaded machine.
	for e.mu.TryLock() {
		e.mu.Unlock()
		if time.Since(start) > 10*time.Second {
			t.Fatal("DEBUG SLEEP never took the executor")
		}
		time.Sleep(time.Millisecond)
	}
	do(e, other, "ping")
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Errorf("PING answered after %v, during DEBUG SLEEP 0.3", waited)
	}
	wg.Wait()
	start = time.Now()
	do(e, sleeper, "debug", "sleep", "-1")
	if time.Since(start) > 100*time.Millisecond {
		t.Errorf("negative sleep slept")
	}
}

type captureLog struct{ lines []string }

func (l *captureLog) Logf(level int, format string, args ...any) {
	l.lines = append(l.lines, fmt.Sprintf("%d %s", level, fmt.Sprintf(format, args...)))
}

func TestDebugLog(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	lg := &captureLog{}
	e.Log = lg
	do(e, cl, "debug", "log", "hello world")
	do(e, cl, "debug", "log", "cut\x00here")
	want := []string{fmt.Sprintf("%d DEBUG LOG: hello world", LogWarning), fmt.Sprintf("%d DEBUG LOG: cut", LogWarning)}
	if strings.Join(lg.lines, "|") != strings.Join(want, "|") {
		t.Errorf("log lines %q, want %q", lg.lines, want)
	}
}
