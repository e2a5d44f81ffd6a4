package engine

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// srvCase is one command and the raw reply redis-server 7.0.15 gave.
type srvCase struct {
	args []string
	want string
}

// runCases runs the cases in order on one client.
func runCases(t *testing.T, e *Engine, cl *Client, cases []srvCase) {
	t.Helper()
	for _, tc := range cases {
		if got := do(e, cl, tc.args...); got != tc.want {
			t.Errorf("%q\n got: %q\nwant: %q", tc.args, got, tc.want)
		}
	}
}

func words(s string) []string { return strings.Fields(s) }

func TestDBSizeFlush(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	var cases []srvCase
	for _, c := range []struct{ cmd, want string }{
		{"dbsize", ":0\r\n"},
		{"set a 1", "+OK\r\n"},
		{"set b 2", "+OK\r\n"},
		{"dbsize", ":2\r\n"},
		{"dbsize x", "-ERR wrong number of arguments for 'dbsize' command\r\n"},
		{"flushdb x", "-ERR syntax error\r\n"},
		{"flushdb async sync", "-ERR syntax error\r\n"},
		{"flushdb a b", "-ERR syntax error\r\n"},
		{"flushall x", "-ERR syntax error\r\n"},
		{"flushall sync async", "-ERR syntax error\r\n"},
		{"dbsize", ":2\r\n"},
		{"flushdb ASYNC", "+OK\r\n"},
		{"dbsize", ":0\r\n"},
		{"set a 1", "+OK\r\n"},
		{"flushdb sync", "+OK\r\n"},
		{"flushdb", "+OK\r\n"},
		{"set a 1", "+OK\r\n"},
		{"select 3", "+OK\r\n"},
		{"set a 1", "+OK\r\n"},
		{"flushall Sync", "+OK\r\n"},
		{"dbsize", ":0\r\n"},
		{"select 0", "+OK\r\n"},
		{"dbsize", ":0\r\n"},
		{"flushall async", "+OK\r\n"},
		{"flushall", "+OK\r\n"},
	} {
		cases = append(cases, srvCase{words(c.cmd), c.want})
	}
	runCases(t, e, cl, cases)
}

func TestFlushRunsHookAndCountsChanges(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	var flushed []int
	e.OnFlush(func(db *DB) {
		if db.Len() == 0 {
			t.Errorf("flush hook for db %d ran after the keys were gone", db.ID)
		}
		flushed = append(flushed, db.ID)
	})
	do(e, cl, "set", "a", "1")
	do(e, cl, "set", "b", "1")
	do(e, cl, "select", "2")
	do(e, cl, "set", "c", "1")
	dirty := e.stats.Dirty
	do(e, cl, "flushall")
	// Without save points Redis adds the removed keys and does not reset.
	if got := e.stats.Dirty - dirty; got != 3 {
		t.Errorf("FLUSHALL added %d changes, want 3", got)
	}
	if len(flushed) != 2 || flushed[0] != 0 || flushed[1] != 2 {
		t.Errorf("flush hook ran for %v, want [0 2]", flushed)
	}
	do(e, cl, "set", "d", "1")
	flushed = nil
	dirty = e.stats.Dirty
	do(e, cl, "flushdb")
	if got := e.stats.Dirty - dirty; got != 1 || len(flushed) != 1 || flushed[0] != 2 {
		t.Errorf("FLUSHDB: %d changes, hooks %v; want 1, [2]", got, flushed)
	}
	dirty = e.stats.Dirty
	do(e, cl, "flushall")
	if e.stats.Dirty != dirty {
		t.Errorf("FLUSHALL of empty databases changed the counter")
	}
}

func TestSwapDB(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	other := testClient(e)
	var cases []srvCase
	for _, c := range []struct{ cmd, want string }{
		{"swapdb", "-ERR wrong number of arguments for 'swapdb' command\r\n"},
		{"swapdb 0", "-ERR wrong number of arguments for 'swapdb' command\r\n"},
		{"swapdb a 1", "-ERR invalid first DB index\r\n"},
		{"swapdb 1 a", "-ERR invalid second DB index\r\n"},
		{"swapdb a b", "-ERR invalid first DB index\r\n"},
		{"swapdb 0 16", "-ERR DB index is out of range\r\n"},
		{"swapdb -1 0", "-ERR DB index is out of range\r\n"},
		{"swapdb 0 -1", "-ERR DB index is out of range\r\n"},
		{"swapdb 16 0", "-ERR DB index is out of range\r\n"},
		{"swapdb 01 1", "-ERR invalid first DB index\r\n"},
		{"swapdb 1.0 1", "-ERR invalid first DB index\r\n"},
		{"swapdb 99999999999999999999 1", "-ERR invalid first DB index\r\n"},
		{"swapdb 2147483648 1", "-ERR invalid first DB index\r\n"},
		{"swapdb 2147483647 1", "-ERR DB index is out of range\r\n"},
		{"swapdb 1 2147483648", "-ERR invalid second DB index\r\n"},
		{"swapdb 1 -2147483649", "-ERR invalid second DB index\r\n"},
		{"swapdb 0 0", "+OK\r\n"},
		{"set x 1", "+OK\r\n"},
		{"swapdb 0 1", "+OK\r\n"},
		{"get x", "$-1\r\n"},
		{"select 1", "+OK\r\n"},
		{"get x", "$1\r\n1\r\n"},
	} {
		cases = append(cases, srvCase{words(c.cmd), c.want})
	}
	runCases(t, e, cl, cases)
	if e.DB(0).ID != 0 || e.DB(1).ID != 1 {
		t.Errorf("SWAPDB changed DB IDs: %d %d", e.DB(0).ID, e.DB(1).ID)
	}
	if got := do(e, other, "get", "x"); got != "$-1\r\n" {
		t.Errorf("client in db 0 sees %q after the swap", got)
	}
}

func TestSwapDBRunsHookOnBothAndCountsChange(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	do(e, cl, "set", "a", "1")
	do(e, cl, "select", "5")
	do(e, cl, "set", "b", "1")
	do(e, cl, "set", "c", "1")
	var seen []string
	e.OnFlush(func(db *DB) {
		// The hook runs before the swap: each DB still has its own keys.
		seen = append(seen, strconv.Itoa(db.ID)+":"+strconv.Itoa(db.Len()))
	})
	dirty := e.stats.Dirty
	if got := do(e, cl, "swapdb", "5", "0"); got != "+OK\r\n" {
		t.Fatalf("swapdb: %q", got)
	}
	if strings.Join(seen, ",") != "5:2,0:1" {
		t.Errorf("flush hooks saw %v, want [5:2 0:1]", seen)
	}
	if e.stats.Dirty != dirty+1 {
		t.Errorf("SWAPDB counted %d changes, want 1", e.stats.Dirty-dirty)
	}
	if e.DB(0).Len() != 2 || e.DB(5).Len() != 1 {
		t.Errorf("after swap: db0 %d keys, db5 %d keys", e.DB(0).Len(), e.DB(5).Len())
	}
	// Swapping a DB with itself is a change for Redis too, but no hook runs.
	seen = nil
	do(e, cl, "swapdb", "3", "3")
	if len(seen) != 0 || e.stats.Dirty != dirty+2 {
		t.Errorf("swapdb 3 3: hooks %v, changes %d", seen, e.stats.Dirty-dirty)
	}
}

func TestSwapDBCarriesExpires(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	do(e, cl, "set", "k", "v")
	e.Run(cl, NewRespWriter(2), func(c *Ctx) {
		c.DB.SetExpire(c.DB.Peek([]byte("k")), c.E.Now()+100000)
		c.DB.avgTTL = 1234
	})
	do(e, cl, "swapdb", "0", "9")
	if e.DB(9).ExpiresLen() != 1 || e.DB(0).ExpiresLen() != 0 {
		t.Errorf("expires not swapped: db9 %d db0 %d", e.DB(9).ExpiresLen(), e.DB(0).ExpiresLen())
	}
	if e.DB(9).avgTTL != 1234 || e.DB(0).avgTTL != 0 {
		t.Errorf("avg_ttl not swapped")
	}
}

func TestTimeAndLastSave(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	runCases(t, e, cl, []srvCase{
		{words("time x"), "-ERR wrong number of arguments for 'time' command\r\n"},
		{words("lastsave x"), "-ERR wrong number of arguments for 'lastsave' command\r\n"},
	})
	before := time.Now().UnixMicro()
	got := do(e, cl, "time")
	after := time.Now().UnixMicro()
	// *2\r\n$10\r\n1795629005\r\n$5\r\n64567\r\n
	parts := strings.Split(got, "\r\n")
	if len(parts) != 6 || parts[0] != "*2" || parts[1] != "$"+strconv.Itoa(len(parts[2])) ||
		parts[3] != "$"+strconv.Itoa(len(parts[4])) {
		t.Fatalf("time: %q", got)
	}
	sec, _ := strconv.ParseInt(parts[2], 10, 64)
	usec, _ := strconv.ParseInt(parts[4], 10, 64)
	if us := sec*1e6 + usec; us < before || us > after || usec >= 1e6 {
		t.Errorf("time %d.%06d outside [%d, %d]", sec, usec, before, after)
	}
	want := ":" + strconv.FormatInt(e.lastSave, 10) + "\r\n"
	if got := do(e, cl, "lastsave"); got != want || e.lastSave < time.Now().Unix()-60 {
		t.Errorf("lastsave %q, want %q (the start time)", got, want)
	}
	cl.Proto = 3
	if got := do(e, cl, "lastsave"); got != want {
		t.Errorf("RESP3 lastsave %q", got)
	}
	if got := do(e, cl, "time"); !strings.HasPrefix(got, "*2\r\n$10\r\n") {
		t.Errorf("RESP3 time %q", got)
	}
}
