package txn_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"luakv/engine"
	"luakv/txn"
)

// TestClientList checks CLIENT LIST's flags, multi, multi-mem and cmd
// fields through a transaction, against redis-server 7.0.15's lines for the
// same session (c0 queues, c2 watches, c3 touches, c1 lists).
func TestClientList(t *testing.T) {
	e := newEngine(t)
	cls := make([]*engine.Client, 4)
	for i := range cls {
		cls[i] = newClient(e)
		do(e, cls[i], "client setname c"+string(rune('0'+i)))
	}
	fields := regexp.MustCompile(`name=(c\d) .*?flags=(\S+) .*?multi=(\S+) .*?multi-mem=(\d+).*?cmd=(\S+)`)
	list := func() []string {
		var out []string
		for _, m := range fields.FindAllStringSubmatch(do(e, cls[1], "client list"), -1) {
			out = append(out, strings.Join(m[1:], " "))
		}
		return out
	}
	check := func(after string, want ...string) {
		t.Helper()
		if got := list(); !slices.Equal(got, want) {
			t.Errorf("after %s:\n got: %q\nwant: %q", after, got, want)
		}
	}
	do(e, cls[0], "multi")
	do(e, cls[0], "set a 1")
	check("set a 1", "c0 x 1 29 set", "c1 N -1 0 client|list", "c2 N -1 0 client|setname", "c3 N -1 0 client|setname")
	do(e, cls[0], "set bb 22")
	do(e, cls[0], "set c 333")
	check("3 queued", "c0 x 3 91 set", "c1 N -1 0 client|list", "c2 N -1 0 client|setname", "c3 N -1 0 client|setname")
	do(e, cls[0], "exec")
	do(e, cls[2], "watch a b c")
	check("watch", "c0 N -1 0 exec", "c1 N -1 0 client|list", "c2 N -1 0 watch", "c3 N -1 0 client|setname")
	do(e, cls[3], "set a 5")
	check("touch", "c0 N -1 0 exec", "c1 N -1 0 client|list", "c2 d -1 0 watch", "c3 N -1 0 set")
	do(e, cls[2], "multi")
	do(e, cls[2], "get a")
	check("dirty multi", "c0 N -1 0 exec", "c1 N -1 0 client|list", "c2 xd 0 0 get", "c3 N -1 0 set")
	do(e, cls[3], "watch x y")
	check("watch x y", "c0 N -1 0 exec", "c1 N -1 0 client|list", "c2 xd 0 0 get", "c3 N -1 0 watch")
}

// TestCommandStats checks that queued commands are counted when EXEC runs
// them, that EXEC is blamed only for its own errors, and that refusals are
// rejected_calls, as redis-server 7.0.15 counted this session.
func TestCommandStats(t *testing.T) {
	e := newEngine(t)
	cl := newClient(e)
	for _, line := range []string{
		"set s abc", "multi", "incr s", "get s", "exec", "multi", "get s", "incr s", "exec",
		"multi", "nosuch", "get", "exec", "exec", "exec x", "watch s", "set s 1", "multi", "get s", "exec",
	} {
		do(e, cl, line)
	}
	usec := regexp.MustCompile(`usec=\d+,usec_per_call=[\d.]+,`)
	got := strings.Split(usec.ReplaceAllString(do(e, cl, "info commandstats"), ""), "\r\n")
	for _, want := range []string{
		"cmdstat_watch:calls=1,rejected_calls=0,failed_calls=0",
		"cmdstat_exec:calls=5,rejected_calls=1,failed_calls=2",
		"cmdstat_get:calls=2,rejected_calls=1,failed_calls=0",
		"cmdstat_multi:calls=4,rejected_calls=0,failed_calls=0",
		"cmdstat_incr:calls=2,rejected_calls=0,failed_calls=2",
		"cmdstat_set:calls=2,rejected_calls=0,failed_calls=0",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("commandstats lack %q:\n%q", want, got)
		}
	}
	errs := do(e, cl, "info errorstats")
	if want := "$66\r\n# Errorstats\r\nerrorstat_ERR:count=5\r\nerrorstat_EXECABORT:count=2\r\n\r\n"; errs != want {
		t.Errorf("errorstats\n got: %q\nwant: %q", errs, want)
	}
	if st := e.Stats(); st.CommandsProcessed != 18 || st.ErrorReplies != 7 {
		t.Errorf("commands processed %d, error replies %d; redis counts 18 and 7", st.CommandsProcessed, st.ErrorReplies)
	}
}

// TestPropagation checks the effects handed to persistence against the AOF
// redis-server 7.0.15 wrote for the same session (SET ... PX, which Redis
// rewrites as PXAT, is the string commands' business and left out).
func TestPropagation(t *testing.T) {
	e := newEngine(t)
	log := &engine.PropagationLog{}
	e.SetPropagator(log)
	cl := newClient(e)
	type op = engine.PropagatedOp
	o := func(db int, args ...string) op { return op{DB: db, Args: args} }
	steps := []struct {
		lines string // ';'-separated
		want  []op
	}{
		{"set a 1", []op{o(0, "set", "a", "1")}},
		{"multi;set b 1;exec", []op{o(0, "set", "b", "1")}},
		{"multi;set c 1;get c;set d 1;exec", []op{
			o(0, "MULTI"), o(0, "set", "c", "1"), o(0, "set", "d", "1"), o(0, "EXEC"),
		}},
		{"multi;select 2;set e 1;select 3;set f 1;exec", []op{
			o(2, "MULTI"), o(2, "set", "e", "1"), o(3, "set", "f", "1"), o(3, "EXEC"),
		}},
		{"select 0;multi;exec", nil},
		{"multi;get a;exec", nil},
		{"multi;del nokey;exec", nil},
		{"multi;set s abc;incr s;exec", []op{o(0, "set", "s", "abc")}},
		{"watch a;set a 2;multi;set a 3;exec", []op{o(0, "set", "a", "2")}},
		{"swapdb 0 1;swapdb 0 1", []op{o(0, "swapdb", "0", "1"), o(0, "swapdb", "0", "1")}},
	}
	for _, s := range steps {
		log.Ops = nil
		for _, line := range strings.Split(s.lines, ";") {
			do(e, cl, line)
		}
		if !opsEqual(log.Ops, s.want) {
			t.Errorf("%s:\n got: %v\nwant: %v", s.lines, log.Ops, s.want)
		}
	}

	// Expired keys reclaimed by a command are DELs, before its own effect;
	// with it they form one MULTI unit.
	do(e, cl, "debug set-active-expire 0")
	for _, k := range []string{"x", "y", "z"} {
		do(e, cl, "set "+k+" 1 px 1")
	}
	time.Sleep(5 * time.Millisecond)
	expired := []struct {
		lines string
		want  []op
	}{
		{"get x", []op{o(0, "DEL", "x")}},
		{"set y 2", []op{o(0, "MULTI"), o(0, "DEL", "y"), o(0, "set", "y", "2"), o(0, "EXEC")}},
		{"multi;get z;set w 1;exec", []op{o(0, "MULTI"), o(0, "DEL", "z"), o(0, "set", "w", "1"), o(0, "EXEC")}},
	}
	for _, s := range expired {
		log.Ops = nil
		for _, line := range strings.Split(s.lines, ";") {
			do(e, cl, line)
		}
		if !opsEqual(log.Ops, s.want) {
			t.Errorf("%s:\n got: %v\nwant: %v", s.lines, log.Ops, s.want)
		}
	}
}

func opsEqual(a, b []engine.PropagatedOp) bool {
	return slices.EqualFunc(a, b, func(x, y engine.PropagatedOp) bool {
		return x.DB == y.DB && slices.Equal(x.Args, y.Args)
	})
}

// TestExecNoBlock checks the hook blocking commands read: while EXEC runs
// the queue, the client is NoBlock and may not park; before and after, it
// may.
func TestExecNoBlock(t *testing.T) {
	e := newEngine(t)
	// A stand-in blocking command on a row without a handler here.
	var seen []bool
	e.Table().Get("blpop").Proc = func(c *engine.Ctx) {
		seen = append(seen, c.Client.NoBlock, c.CanBlock())
		c.WriteNullArray()
	}
	cl := newClient(e)
	if got := do(e, cl, "blpop"+" l 0"); got != "*-1\r\n" {
		t.Fatalf("blpop: %q", got)
	}
	for _, line := range []string{"multi", "blpop l 0", "exec"} {
		do(e, cl, line)
	}
	if want := []bool{false, true, true, false}; !slices.Equal(seen, want) {
		t.Errorf("NoBlock, CanBlock outside then inside EXEC: %v, want %v", seen, want)
	}
	if cl.NoBlock {
		t.Error("NoBlock left set after EXEC")
	}
}

// TestDisconnectAndResetUnwatch checks that a closing client's and a
// RESET's watches leave the registry, and that unwatching keeps the
// registry's per-key lists exact.
func TestDisconnectAndResetUnwatch(t *testing.T) {
	e := newEngine(t)
	tx := e.Txn.(*txn.Txn)
	a, b, c := newClient(e), newClient(e), newClient(e)
	do(e, a, "watch k1 k2 k3")
	do(e, b, "watch k2")
	do(e, c, "watch k2 k1")
	do(e, c, "watch k2") // already watched: no second entry
	watchers := func(key string) int { return tx.Watchers(0, key) }
	if tx.WatchCount() != 6 || watchers("k2") != 3 || watchers("k1") != 2 {
		t.Fatalf("count %d, k2 %d, k1 %d", tx.WatchCount(), watchers("k2"), watchers("k1"))
	}
	e.RemoveClient(a)
	if tx.WatchCount() != 3 || watchers("k2") != 2 || watchers("k3") != 0 || a.Multi != nil {
		t.Fatalf("after close: count %d, k2 %d, k3 %d", tx.WatchCount(), watchers("k2"), watchers("k3"))
	}
	do(e, b, "multi")
	do(e, b, "reset")
	if tx.WatchCount() != 2 || watchers("k2") != 1 || tx.InMulti(b) {
		t.Fatalf("after reset: count %d, k2 %d", tx.WatchCount(), watchers("k2"))
	}
	do(e, b, "set k1 x") // c becomes dirty and stops watching
	if tx.WatchCount() != 0 || tx.WatchedKeys(0) != 0 {
		t.Fatalf("after touch: count %d, keys %d", tx.WatchCount(), tx.WatchedKeys(0))
	}
	do(e, c, "multi")
	if got := do(e, c, "exec"); got != "*-1\r\n" {
		t.Errorf("exec after touch: %q", got)
	}
}

// TestQueueCopiesArguments checks that a queued command keeps its
// arguments even though the caller reuses its buffers, as the network
// reader does, and that the storage is reused by the next transaction.
func TestQueueCopiesArguments(t *testing.T) {
	e := newEngine(t)
	cl := newClient(e)
	w := engine.NewRespWriter(2)
	buf := []byte("setkeyval")
	args := [][]byte{buf[0:3], buf[3:6], buf[6:9]}
	e.RunBatch(cl, w, [][][]byte{{[]byte("multi")}, args}, 0)
	copy(buf, "xxxxxxxxx")
	e.RunBatch(cl, w, [][][]byte{{[]byte("exec")}, {[]byte("get"), []byte("key")}}, 0)
	if got, want := string(w.Buf), "+OK\r\n+QUEUED\r\n*1\r\n+OK\r\n$3\r\nval\r\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestGateFlags checks the flags an EXEC is judged by: its queued
// commands' too (write and denyoom from SET, stale missing from both).
func TestGateFlags(t *testing.T) {
	e := newEngine(t)
	tx := e.Txn.(*txn.Txn)
	cl := newClient(e)
	exec := e.Table().Get("exec")
	if union, lacking := tx.GateFlags(cl, exec); union != exec.Flags || lacking != ^exec.Flags {
		t.Errorf("EXEC without MULTI: %v / %v", union.Names(), lacking.Names())
	}
	for _, line := range []string{"multi", "set k v", "get k"} {
		do(e, cl, line)
	}
	union, lacking := tx.GateFlags(cl, exec)
	if union&(engine.Write|engine.DenyOOM|engine.ReadOnly) != engine.Write|engine.DenyOOM|engine.ReadOnly || union&engine.Admin != 0 {
		t.Errorf("union: %v", union.Names())
	}
	if lacking&(engine.Stale|engine.Loading) != engine.Stale|engine.Loading {
		t.Errorf("lacking: %v", lacking.Names())
	}
	set := e.Table().Get("set")
	if union, _ := tx.GateFlags(cl, set); union != set.Flags {
		t.Errorf("SET inside MULTI: %v", union.Names())
	}
	do(e, cl, "exec")
	if union, _ := tx.GateFlags(cl, exec); union != exec.Flags {
		t.Errorf("after EXEC: %v", union.Names())
	}
}
