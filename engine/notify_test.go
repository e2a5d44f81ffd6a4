package engine

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// notifyScript is a mixed command sequence; testdata/keyspace_events.golden
// holds the raw stream a PSUBSCRIBE * client of redis-server 7.0.15
// received while another client ran it, for each notify-keyspace-events
// value. "!sleep" lets a PX key expire (lazily reclaimed by the next GET);
// "!expire" waits and runs the active expire cycle, as Redis's cron did
// during the recording's 300ms pause.
var notifyScript = []string{
	"set a 1", "set b 2", "get nokey", "mget a nokey b", "del a b nokey", "set a 1 px 30", "!sleep", "get a",
	"set c 1", "expire c 100", "persist c", "rename c d", "incr d", "incrbyfloat d 1.5", "append d x", "setrange d 0 y",
	"getdel d", "setex e 100 v", "getex e persist", "getex e ex 50", "setbit f 3 1", "bitop not g f", "copy g h", "move h 3",
	"select 3", "set z 1", "swapdb 3 4", "select 0", "exists nope", "type nope", "ttl nope", "object encoding nope", "strlen nope", "getrange nope 0 1",
	"set q 1 px 20", "!expire", "dbsize", "flushdb", "set k v", "unlink k", "lcs nokey nokey2", "bitcount nope", "bitpos nope 1", "getset w 1",
	"msetnx w 1 x 2", "mset w 1 x 2", "psetex p 10 x", "!expire", "touch p", "set n 1", "decrby n 2", "renamenx n nn", "expireat nn 1",
}

// drain returns (and clears) what cl's outbox holds.
func drain(cl *Client) string {
	if cl.Out == nil {
		return ""
	}
	return string(cl.Out.Take(nil))
}

// TestKeyspaceEventStream compares the messages a pattern subscriber gets
// with the ones redis-server sent for the same commands, byte for byte, for
// several notify-keyspace-events values (classes, K/E, A, m and n).
func TestKeyspaceEventStream(t *testing.T) {
	f, err := os.Open("testdata/keyspace_events.golden")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e := testEngine(t)
	e.SetActiveExpire(false) // only the explicit cycles below
	cl, sub := testClient(e), testClient(e)
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		cfg, quoted, _ := strings.Cut(sc.Text(), " ")
		want, err := strconv.Unquote(quoted)
		if err != nil {
			t.Fatal(err)
		}
		n++
		if got := do(e, cl, "config", "set", "notify-keyspace-events", cfg); got != "+OK\r\n" {
			t.Fatalf("config set %s: %q", cfg, got)
		}
		do(e, sub, "psubscribe", "*")
		drain(sub)
		for _, line := range notifyScript {
			switch line {
			case "!sleep":
				time.Sleep(60 * time.Millisecond)
			case "!expire":
				time.Sleep(60 * time.Millisecond)
				inExec(e, func(c *Ctx) { c.E.activeExpireCycle(&cronState{}, time.Second) })
			default:
				doLine(e, cl, line)
			}
		}
		got := drain(sub)
		do(e, sub, "punsubscribe")
		drain(sub)
		if got != want {
			t.Errorf("notify-keyspace-events %s:\n got: %q\nwant: %q", cfg, got, want)
		}
		do(e, cl, "flushall")
	}
	if n == 0 {
		t.Fatal("no cases in the golden file")
	}
}

// The sink ignores disabled classes and needs K or E to publish anything;
// 'A' leaves out keymiss and new events.
func TestKeyspaceEventClasses(t *testing.T) {
	e := testEngine(t)
	cl, sub := testClient(e), testClient(e)
	do(e, sub, "psubscribe", "*")
	drain(sub)
	cases := []struct {
		cfg, cmd, want string
	}{
		{"", "set a 1", ""},
		{"A", "set a 1", ""},
		{"KA", "get nokey", ""},
		{"KA", "set new 1", "*4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$18\r\n__keyspace@0__:new\r\n$3\r\nset\r\n"},
		{"Km", "get nokey", "*4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$20\r\n__keyspace@0__:nokey\r\n$7\r\nkeymiss\r\n"},
		{"Em", "object encoding nokey", ""},
		{"En", "set new2 1", "*4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$18\r\n__keyevent@0__:new\r\n$4\r\nnew2\r\n"},
		{"E$", "del new", ""},
		{"Eg", "del new2", "*4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$18\r\n__keyevent@0__:del\r\n$4\r\nnew2\r\n"},
	}
	for _, tc := range cases {
		do(e, cl, "config", "set", "notify-keyspace-events", tc.cfg)
		doLine(e, cl, tc.cmd)
		if got := drain(sub); got != tc.want {
			t.Errorf("%q %s\n got: %q\nwant: %q", tc.cfg, tc.cmd, got, tc.want)
		}
	}
}

// A RESP3 client gets the events its own command raises as pushes before
// the command's reply (recorded from redis-server 7.0.15).
func TestKeyspaceEventsToSelf(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	do(e, cl, "hello", "3")
	do(e, cl, "config", "set", "notify-keyspace-events", "KEA")
	for _, tc := range []struct{ cmd, want string }{
		{"psubscribe __key*", ">3\r\n$10\r\npsubscribe\r\n$6\r\n__key*\r\n:1\r\n"},
		{"set foo bar", ">4\r\n$8\r\npmessage\r\n$6\r\n__key*\r\n$18\r\n__keyspace@0__:foo\r\n$3\r\nset\r\n>4\r\n$8\r\npmessage\r\n$6\r\n__key*\r\n$18\r\n__keyevent@0__:set\r\n$3\r\nfoo\r\n+OK\r\n"},
		{"get foo", "$3\r\nbar\r\n"},
		{"del foo", ">4\r\n$8\r\npmessage\r\n$6\r\n__key*\r\n$18\r\n__keyspace@0__:foo\r\n$3\r\ndel\r\n>4\r\n$8\r\npmessage\r\n$6\r\n__key*\r\n$18\r\n__keyevent@0__:del\r\n$3\r\nfoo\r\n:1\r\n"},
	} {
		got := doLine(e, cl, tc.cmd) + drain(cl)
		if got != tc.want {
			t.Errorf("%s\n got: %q\nwant: %q", tc.cmd, got, tc.want)
		}
	}
}

// With keyspace events off, GET and SET allocate nothing more with a
// subscriber around (the sink is installed) than without; with events on
// but nobody subscribed to anything, neither.
func TestKeyspaceEventsDisabledNoAllocs(t *testing.T) {
	for _, tc := range []struct {
		name, cfg string
		sub       bool
	}{
		{"subscriber, events off", "", true},
		{"no subscriber, events on", "KEA", false},
		{"subscriber gone, events on", "KEAm", false},
	} {
		h := newStrHotPath(t)
		other := testClient(h.e)
		do(h.e, other, "config", "set", "notify-keyspace-events", tc.cfg)
		do(h.e, other, "subscribe", "x")
		if !tc.sub {
			do(h.e, other, "unsubscribe")
		}
		h.run([][][]byte{strArgs("SET", "key:1", "value")})
		h.run([][][]byte{strArgs("SET", "n", "1")})
		for _, step := range []struct {
			batch [][][]byte
			max   float64
		}{
			{[][][]byte{strArgs("GET", "key:1")}, 0},
			{[][][]byte{strArgs("GET", "missing")}, 0},
			{[][][]byte{strArgs("INCR", "n")}, 0},
			{[][][]byte{strArgs("SET", "key:1", "value")}, 1}, // the value string
		} {
			if n := testing.AllocsPerRun(200, func() { h.runQuiet(step.batch) }); n > step.max {
				t.Errorf("%s: %s allocates %.1f times, want <= %.0f", tc.name, step.batch[0][0], n, step.max)
			}
		}
	}
}
