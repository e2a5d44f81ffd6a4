package engine

import (
	"strings"
	"testing"
	"time"
)

func fields(s string) []string { return strings.Fields(s) }

// park runs cmd for cl and checks that it parked.
func park(t *testing.T, e *Engine, cl *Client, cmd string) *BlockedOn {
	t.Helper()
	w := NewRespWriter(cl.Proto)
	runArgs(e, cl, w, fields(cmd))
	p := cl.Parked()
	if p == nil {
		t.Fatalf("%s did not park (replied %q)", cmd, w.Buf)
	}
	return p
}

func TestBlockingListImmediate(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	// Replies taken from redis-server 7.0.15.
	for _, tc := range []struct{ cmd, want string }{
		{"blpop k abc", "-ERR timeout is not a float or out of range\r\n"},
		{"blpop k -1", "-ERR timeout is negative\r\n"},
		{"blpop k inf", "-ERR timeout is negative\r\n"},
		{"rpush k a b c", ":3\r\n"},
		{"blpop k 0", "*2\r\n$1\r\nk\r\n$1\r\na\r\n"},
		{"brpop x k 0", "*2\r\n$1\r\nk\r\n$1\r\nc\r\n"},
		{"set s v", "+OK\r\n"},
		{"blpop s k 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"blmove k d up left 0", "-ERR syntax error\r\n"},
		{"blmove k d left left x", "-ERR timeout is not a float or out of range\r\n"},
		{"blmove k s left left 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"brpoplpush k d 0", "$1\r\nb\r\n"},
		{"rpush k 1 2 3", ":3\r\n"},
		{"blmpop 0 0 k left", "-ERR numkeys should be greater than 0\r\n"},
		{"blmpop 0 2 x k right count 2", "*2\r\n$1\r\nk\r\n*2\r\n$1\r\n3\r\n$1\r\n2\r\n"},
		{"blmpop 0 1 s left", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"client unblock 99", ":0\r\n"},
		{"client unblock x", "-ERR value is not an integer or out of range\r\n"},
		{"client unblock 1 foo", "-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n"},
		{"client unblock 1 timeout x", "-ERR unknown subcommand or wrong number of arguments for 'unblock'. Try CLIENT HELP.\r\n"},
	} {
		expect(t, e, cl, tc.cmd, tc.want)
	}
}

func TestBlockingListNoBlock(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	cl.NoBlock = true // as inside MULTI/EXEC
	for _, tc := range []struct{ cmd, want string }{
		{"blpop k 0", "*-1\r\n"},
		{"brpop k 1", "*-1\r\n"},
		{"blmpop 0 1 k left", "*-1\r\n"},
		{"brpoplpush k d 0", "$-1\r\n"},
		{"blmove k d left right 0", "$-1\r\n"},
	} {
		expect(t, e, cl, tc.cmd, tc.want)
	}
	cl.Proto = 3
	expect(t, e, cl, "blpop k 0", "_\r\n")
	expect(t, e, cl, "blmove k d left right 0", "_\r\n")
}

func TestBlockingListWakeFIFO(t *testing.T) {
	e := testEngine(t)
	a, b, w := testClient(e), testClient(e), testClient(e)
	pa := park(t, e, a, "blpop k1 k2 0")
	pb := park(t, e, b, "brpop k2 0")
	if e.BlockedClients() != 2 || e.BlockingKeys() != 2 {
		t.Fatalf("blocked %d keys %d", e.BlockedClients(), e.BlockingKeys())
	}
	if !strings.Contains(do(e, w, "client", "list"), "flags=b ") {
		t.Fatal("CLIENT LIST lacks flag b")
	}
	expect(t, e, w, "rpush k2 x y", ":2\r\n")
	if got := waitDone(t, pa); got != "*2\r\n$2\r\nk2\r\n$1\r\nx\r\n" {
		t.Fatalf("a got %q", got)
	}
	if got := waitDone(t, pb); got != "*2\r\n$2\r\nk2\r\n$1\r\ny\r\n" {
		t.Fatalf("b got %q", got)
	}
	expect(t, e, w, "exists k2", ":0\r\n")
	if e.BlockedClients() != 0 || e.BlockingKeys() != 0 {
		t.Fatal("registry not emptied")
	}
}

func TestBlockingListWrongTypeStaysParked(t *testing.T) {
	e := testEngine(t)
	a, w := testClient(e), testClient(e)
	pa := park(t, e, a, "blpop k 0")
	expect(t, e, w, "set k v", "+OK\r\n")
	if !a.IsBlocked() {
		t.Fatal("a replied on a string key")
	}
	expect(t, e, w, "del k", ":1\r\n")
	expect(t, e, w, "lpush k z", ":1\r\n")
	if got := waitDone(t, pa); got != "*2\r\n$1\r\nk\r\n$1\r\nz\r\n" {
		t.Fatalf("a got %q", got)
	}
}

func TestBlockingListMoveChain(t *testing.T) {
	e := testEngine(t)
	a, b, w := testClient(e), testClient(e), testClient(e)
	pa := park(t, e, a, "blmove src mid right left 0")
	pb := park(t, e, b, "brpoplpush mid dst 0")
	expect(t, e, w, "lpush src v", ":1\r\n")
	if got := waitDone(t, pa); got != "$1\r\nv\r\n" {
		t.Fatalf("a got %q", got)
	}
	if got := waitDone(t, pb); got != "$1\r\nv\r\n" {
		t.Fatalf("b got %q", got)
	}
	expect(t, e, w, "lrange dst 0 -1", "*1\r\n$1\r\nv\r\n")
	expect(t, e, w, "exists src mid", ":0\r\n")
}

func TestBlockingListMPopWake(t *testing.T) {
	e := testEngine(t)
	a, w := testClient(e), testClient(e)
	pa := park(t, e, a, "blmpop 0 2 k1 k2 right count 5")
	expect(t, e, w, "rpush k2 a b", ":2\r\n")
	if got := waitDone(t, pa); got != "*2\r\n$2\r\nk2\r\n*2\r\n$1\r\nb\r\n$1\r\na\r\n" {
		t.Fatalf("a got %q", got)
	}
}

func TestBlockingListTimeoutAndUnblock(t *testing.T) {
	e := testEngine(t)
	a, b, w := testClient(e), testClient(e), testClient(e)
	b.Proto = 3
	start := time.Now()
	pa := park(t, e, a, "blpop k 0.05")
	if got := waitDone(t, pa); got != "*-1\r\n" {
		t.Fatalf("timeout reply %q", got)
	}
	if time.Since(start) < 50*time.Millisecond {
		t.Fatal("timed out early")
	}
	pb := park(t, e, b, "blmove k d left left 0")
	expect(t, e, w, "client unblock "+itoa(b.ID)+" timeout", ":1\r\n")
	if got := waitDone(t, pb); got != "_\r\n" {
		t.Fatalf("unblock timeout reply %q", got)
	}
	pa = park(t, e, a, "brpop k 0")
	expect(t, e, w, "client unblock "+itoa(a.ID)+" error", ":1\r\n")
	if got := waitDone(t, pa); got != "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n" {
		t.Fatalf("unblock error reply %q", got)
	}
	expect(t, e, w, "client unblock "+itoa(a.ID), ":0\r\n")
}

func TestBlockingListSwapDB(t *testing.T) {
	e := testEngine(t)
	a, w := testClient(e), testClient(e)
	pa := park(t, e, a, "blpop k 0")
	expect(t, e, w, "select 1", "+OK\r\n")
	expect(t, e, w, "rpush k v", ":1\r\n")
	expect(t, e, w, "swapdb 0 1", "+OK\r\n")
	if got := waitDone(t, pa); got != "*2\r\n$1\r\nk\r\n$1\r\nv\r\n" {
		t.Fatalf("a got %q", got)
	}
}

func itoa(n int64) string { return string(AppendInt(nil, n)) }

// A client parked on several keys is served from the key that became ready
// first, as Redis does (MULTI; RPUSH k2 x; RPUSH k1 y; EXEC serves k2).
func TestBlockingListServedFromReadyKey(t *testing.T) {
	e := testEngine(t)
	a, w := testClient(e), testClient(e)
	pa := park(t, e, a, "blpop k1 k2 0")
	buf := NewRespWriter(2)
	e.Run(w, buf, func(c *Ctx) {
		e.Dispatch(w, buf, [][]byte{[]byte("rpush"), []byte("k2"), []byte("x")})
		e.Dispatch(w, buf, [][]byte{[]byte("rpush"), []byte("k1"), []byte("y")})
	})
	expect(t, e, w, "ping", "+PONG\r\n")
	if got := waitDone(t, pa); got != "*2\r\n$2\r\nk2\r\n$1\r\nx\r\n" {
		t.Fatalf("a got %q", got)
	}
}

// propRecorder collects propagated effects as "db:ARG ARG" lines.
type propRecorder struct{ got []string }

func (p *propRecorder) Propagate(db int, args [][]byte) {
	s := itoa(int64(db)) + ":"
	for i, a := range args {
		if i > 0 {
			s += " "
		}
		s += string(a)
	}
	p.got = append(p.got, s)
}

// Served blocking commands propagate as their non-blocking forms, whether
// served at once or after parking.
func TestBlockingListPropagation(t *testing.T) {
	e := testEngine(t)
	rec := &propRecorder{}
	e.SetPropagator(rec)
	a, w := testClient(e), testClient(e)
	expect(t, e, w, "rpush k a b c d e", ":5\r\n")
	expect(t, e, w, "blpop k 0", "*2\r\n$1\r\nk\r\n$1\r\na\r\n")
	expect(t, e, w, "brpoplpush k d 0", "$1\r\ne\r\n")
	expect(t, e, w, "blmove k d right left 0", "$1\r\nd\r\n")
	expect(t, e, w, "blmpop 0 1 k left count 5", "*2\r\n$1\r\nk\r\n*2\r\n$1\r\nb\r\n$1\r\nc\r\n")
	pa := park(t, e, a, "brpop k 0")
	expect(t, e, w, "lpush k z", ":1\r\n")
	waitDone(t, pa)
	want := []string{"0:rpush k a b c d e", "0:LPOP k", "0:RPOPLPUSH k d", "0:LMOVE k d RIGHT LEFT", "0:LPOP k 2", "0:lpush k z", "0:RPOP k"}
	if strings.Join(rec.got, "|") != strings.Join(want, "|") {
		t.Fatalf("propagated %q, want %q", rec.got, want)
	}
}
