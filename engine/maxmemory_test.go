package engine

import (
	"regexp"
	"strings"
	"testing"
)

// Raw replies below are redis-server 7.0.15's.
const (
	rawOOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n"
	// The heap is far above one byte: "maxmemory 1" means "over the limit".
	setOver  = "CONFIG SET maxmemory 1"
	setUnder = "CONFIG SET maxmemory 0"
)

func TestMaxMemoryGate(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	steps := []struct{ cmd, want string }{
		{"SET a 1", "+OK\r\n"},
		{setOver, "+OK\r\n"},
		// deny-oom commands are refused, the rest run.
		{"SET a b", rawOOM},
		{"GET a", "$1\r\n1\r\n"},
		{"INCR x", rawOOM},
		{"LPUSH l a", rawOOM},
		{"APPEND a x", rawOOM},
		{"SETRANGE a 0 x", rawOOM},
		{"EXPIRE a 100", ":1\r\n"},
		{"DECRBY a 1", rawOOM},
		{"DEL a", ":1\r\n"},
		{"PING", "+PONG\r\n"},
		{"SET", "-ERR wrong number of arguments for 'set' command\r\n"},
		{"CONFIG SET maxmemory 100gb", "+OK\r\n"},
		{"SET a b", "+OK\r\n"},
		{setOver, "+OK\r\n"},
		{"SET a c", rawOOM},
		{setUnder, "+OK\r\n"},
		{"SET a b", "+OK\r\n"},
	}
	for _, s := range steps {
		expect(t, e, cl, s.cmd, s.want)
	}
}

// Every maxmemory-policy refuses as noeviction does (luakv evicts nothing).
func TestMaxMemoryOtherPolicies(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	for _, p := range []string{"allkeys-lru", "volatile-lfu", "allkeys-random", "volatile-ttl"} {
		expect(t, e, cl, "CONFIG SET maxmemory-policy "+p, "+OK\r\n")
		expect(t, e, cl, setOver, "+OK\r\n")
		expect(t, e, cl, "SET a b", rawOOM)
		expect(t, e, cl, setUnder, "+OK\r\n")
	}
}

// The OOM gate's place in processCommand's order: after protected
// commands, authentication and no-multi, before the pub/sub context.
func TestMaxMemoryGateOrder(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	expect(t, e, cl, setOver, "+OK\r\n")
	expect(t, e, cl, "CONFIG SET requirepass pw", "+OK\r\n")
	other := testClient(e)
	expect(t, e, other, "SET a b", "-NOAUTH Authentication required.\r\n")
	expect(t, e, other, "AUTH pw", "+OK\r\n")
	expect(t, e, other, "SET a b", rawOOM)
	// A subscribed client's replies go through its outbox.
	for _, s := range []struct{ cmd, want string }{
		{"SUBSCRIBE ch", "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n"},
		{"SET a b", rawOOM},
		{"GET a", "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n"},
		{"PING", "*2\r\n$4\r\npong\r\n$0\r\n\r\n"},
	} {
		if got := doLine(e, other, s.cmd) + drain(other); got != s.want {
			t.Errorf("%s\n got: %q\nwant: %q", s.cmd, got, s.want)
		}
	}
}

func TestMaxMemoryRESP3(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	cl.Proto = 3
	expect(t, e, cl, setOver, "+OK\r\n")
	expect(t, e, cl, "SET a b", rawOOM)
	expect(t, e, cl, "GET a", "_\r\n")
}

func TestMaxMemoryStats(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	do(e, cl, "CONFIG", "SET", "maxmemory", "1")
	do(e, cl, "SET", "a", "b")
	do(e, cl, "SET", "a", "b")
	do(e, cl, "GET", "a")
	do(e, cl, "LPUSH", "l", "x")
	do(e, cl, "CONFIG", "SET", "maxmemory", "0")
	do(e, cl, "SET", "a", "b")

	_, lines := infoSections(t, infoReply(t, e, cl, "commandstats"))
	got := regexp.MustCompile(`usec=\d+,usec_per_call=\d+\.\d\d`).ReplaceAllString(strings.Join(lines["Commandstats"], "\n"), "usec=U")
	for _, want := range []string{
		"cmdstat_set:calls=1,usec=U,rejected_calls=2,failed_calls=0",
		"cmdstat_lpush:calls=0,usec=U,rejected_calls=1,failed_calls=0",
		"cmdstat_get:calls=1,usec=U,rejected_calls=0,failed_calls=0",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("commandstats lack %q:\n%s", want, got)
		}
	}
	_, lines = infoSections(t, infoReply(t, e, cl, "errorstats"))
	if got := strings.Join(lines["Errorstats"], " "); got != "errorstat_OOM:count=3" {
		t.Errorf("errorstats %q", got)
	}
}

func TestMaxMemoryInfo(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	cases := []struct{ set, want string }{
		{"CONFIG SET maxmemory 0", "maxmemory:0 maxmemory_human:0B maxmemory_policy:noeviction"},
		{"CONFIG SET maxmemory 1", "maxmemory:1 maxmemory_human:1B maxmemory_policy:noeviction"},
		{"CONFIG SET maxmemory 100mb", "maxmemory:104857600 maxmemory_human:100.00M maxmemory_policy:noeviction"},
		{"CONFIG SET maxmemory 1234567", "maxmemory:1234567 maxmemory_human:1.18M maxmemory_policy:noeviction"},
		{"CONFIG SET maxmemory-policy allkeys-lru", "maxmemory:1234567 maxmemory_human:1.18M maxmemory_policy:allkeys-lru"},
		{"CONFIG SET maxmemory 18446744073709551615", "maxmemory:-1 maxmemory_human:18446744073709551615B maxmemory_policy:allkeys-lru"},
		{"CONFIG SET maxmemory 9223372036854775808", "maxmemory:-9223372036854775808 maxmemory_human:9223372036854775808B maxmemory_policy:allkeys-lru"},
	}
	for _, c := range cases {
		expect(t, e, cl, c.set, "+OK\r\n")
		_, lines := infoSections(t, infoReply(t, e, cl, "memory"))
		var got []string
		for _, l := range lines["Memory"] {
			if strings.HasPrefix(l, "maxmemory") {
				got = append(got, l)
			}
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("after %s: %q, want %q", c.set, got, c.want)
		}
	}
}

// The time spent over maxmemory: counted from the refresh that found memory
// over the limit to the one that found it under, and (as in Redis) still
// running after maxmemory is turned off.
func TestMaxMemoryExceededTime(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	exceeded := func() bool { return e.mem.exceeded }
	if exceeded() {
		t.Fatal("exceeded at start")
	}
	do(e, cl, "CONFIG", "SET", "maxmemory", "1")
	if !exceeded() {
		t.Fatal("not exceeded after maxmemory 1")
	}
	do(e, cl, "CONFIG", "SET", "maxmemory", "0")
	if !exceeded() {
		t.Error("maxmemory 0 ended the period (Redis keeps counting)")
	}
	e.mem.exceededSince -= 1500e6 // 1.5 s ago
	_, lines := infoSections(t, infoReply(t, e, cl, "stats"))
	if !slicesContain(lines["Stats"], "total_eviction_exceeded_time:1500") ||
		!slicesContain(lines["Stats"], "current_eviction_exceeded_time:1500") {
		t.Errorf("stats: %v", lines["Stats"])
	}
	do(e, cl, "CONFIG", "SET", "maxmemory", "100gb")
	if exceeded() {
		t.Error("a limit above usage did not end the period")
	}
	total, cur := e.evictionExceeded()
	if total < 1500 || total > 60000 || cur != 0 {
		t.Errorf("exceeded time %d %d", total, cur)
	}
	do(e, cl, "CONFIG", "SET", "maxmemory", "1")
	do(e, cl, "CONFIG", "RESETSTAT")
	if total, cur := e.evictionExceeded(); exceeded() || total != 0 || cur != 0 {
		t.Errorf("after RESETSTAT: %v %d %d", exceeded(), total, cur)
	}
	// The cron's refresh restarts the count.
	e.Run(cl, NewRespWriter(2), func(*Ctx) { e.SampleStats() })
	if !exceeded() {
		t.Error("the cron's refresh did not notice the limit")
	}
}

// The cache is what the gate reads: without a refresh, growth past the limit
// goes unnoticed; INFO memory and the cron refresh it.
func TestMaxMemoryCachedUsage(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	expect(t, e, cl, "CONFIG SET maxmemory 100gb", "+OK\r\n")
	e.Config.MaxMemory = 1 // as if memory had grown past the limit
	expect(t, e, cl, "SET a b", rawOOM)
	e.mem.used = 0 // as if memory had been freed since the last reading
	expect(t, e, cl, "SET a b", "+OK\r\n")
	infoReply(t, e, cl, "memory")
	expect(t, e, cl, "SET a b", rawOOM)
	e.mem.used = 0
	e.Run(cl, NewRespWriter(2), func(*Ctx) { e.SampleStats() })
	expect(t, e, cl, "SET a b", rawOOM)
}

// Over the limit, the gate reads no metrics and allocates nothing.
func TestMaxMemoryGateAllocs(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	do(e, cl, "SET", "a", "b")
	do(e, cl, "CONFIG", "SET", "maxmemory", "1")
	w := NewRespWriter(2)
	for _, cmd := range [][]string{{"GET", "a"}, {"SET", "a", "b"}} {
		batch := [][][]byte{make([][]byte, len(cmd))}
		for i, a := range cmd {
			batch[0][i] = []byte(a)
		}
		if n := testing.AllocsPerRun(100, func() {
			w.Buf = w.Buf[:0]
			e.RunBatch(cl, w, batch, 0)
		}); n != 0 {
			t.Errorf("%s over maxmemory: %v allocations", cmd[0], n)
		}
	}
}

// A call's GateFlags decide, instead of its row's flags, whether it is
// deny-oom (EVAL with a shebang).
func TestMaxMemoryGateFlags(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	eval := e.table.Get("eval")
	eval.Proc = func(c *Ctx) { c.OK() }
	eval.GateFlags = func(args [][]byte) Flag {
		if strings.HasPrefix(string(args[1]), "#!") && !strings.Contains(string(args[1]), "allow-oom") {
			return eval.Flags | DenyOOM | Write
		}
		return eval.Flags
	}
	expect(t, e, cl, setOver, "+OK\r\n")
	expect(t, e, cl, "EVAL #! 0", rawOOM)
	expect(t, e, cl, "EVAL #!flags=allow-oom 0", "+OK\r\n")
	expect(t, e, cl, "EVAL return 0", "+OK\r\n")
	if st := e.CommandStatsOf(eval); st.Calls != 2 || st.RejectedCalls != 1 {
		t.Errorf("eval stats %+v", st)
	}
	// GateFlags may also clear a row's deny-oom.
	set := e.table.Get("set")
	set.GateFlags = func([][]byte) Flag { return set.Flags &^ DenyOOM }
	expect(t, e, cl, "SET a b", "+OK\r\n")
}

// Redis's scriptVerifyOOM: a script that started over maxmemory may not
// begin its writes with a deny-oom command, unless it is allowed to.
func TestScriptCallOOM(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	expect(t, e, cl, "SET k v", "+OK\r\n")
	expect(t, e, cl, setOver, "+OK\r\n")
	if !e.OverMaxMemory() {
		t.Fatal("OverMaxMemory false with maxmemory 1")
	}
	type call struct {
		args    string
		err     Error
		written string
	}
	cases := []struct {
		name  string
		run   ScriptRun
		calls []call
	}{
		{"first write refused", ScriptRun{OOMAtStart: true}, []call{
			{"GET k", "", "$1\r\nv\r\n"},
			{"SET x y", ErrOOM, ""},
			{"INCR n", ErrOOM, ""},
			{"PING", "", "+PONG\r\n"},
		}},
		{"after a write, no refusal", ScriptRun{OOMAtStart: true}, []call{
			{"DEL nokey", "", ":0\r\n"},
			{"SET x y", "", "+OK\r\n"},
		}},
		{"allow-oom", ScriptRun{OOMAtStart: true, AllowOOM: true}, []call{
			{"SET x y", "", "+OK\r\n"},
		}},
		{"under the limit at start", ScriptRun{}, []call{
			{"SET x y", "", "+OK\r\n"},
		}},
		{"read-only first", ScriptRun{OOMAtStart: true, ReadOnly: true}, []call{
			{"SET x y", ErrScriptReadOnly, ""},
		}},
	}
	for _, c := range cases {
		run := c.run
		run.Client, run.Caller = e.NewScriptClient(), cl
		for _, k := range c.calls {
			w := NewRespWriter(2)
			var err Error
			e.Run(cl, NewRespWriter(2), func(*Ctx) { err = e.ScriptCall(&run, w, strArgs(strings.Fields(k.args)...)) })
			if err != k.err || string(w.Buf) != k.written {
				t.Errorf("%s: %s: err %q wrote %q, want %q %q", c.name, k.args, err, w.Buf, k.err, k.written)
			}
		}
	}
	// Refusals count as the dispatcher's do.
	if st := e.CommandStatsOf(e.table.Get("set")); st.RejectedCalls != 2 {
		t.Errorf("set stats %+v", st)
	}
	if n := e.Stats().ErrorCodes["OOM"]; n != 2 {
		t.Errorf("errorstat OOM %d", n)
	}
	// maxmemory turned off since the start: nothing is refused.
	expect(t, e, cl, setUnder, "+OK\r\n")
	run := ScriptRun{Client: e.NewScriptClient(), Caller: cl, OOMAtStart: true}
	var err Error
	e.Run(cl, NewRespWriter(2), func(*Ctx) {
		err = e.ScriptCall(&run, NewRespWriter(2), [][]byte{[]byte("SET"), []byte("x"), []byte("y")})
	})
	if err != "" {
		t.Errorf("maxmemory 0: %q", err)
	}
}

// A refusal inside a script is charged to the refused command: the
// script's own command fails only if it replies with an error (Redis's
// "Consistent eval error reporting": redis.pcall caught the refusal).
func TestScriptCallRefusalStats(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	eval := e.table.Get("eval")
	var refusal Error
	eval.Proc = func(c *Ctx) {
		run := ScriptRun{Client: e.NewScriptClient(), Caller: c.Client, OOMAtStart: e.OverMaxMemory()}
		refusal = e.ScriptCall(&run, NewRespWriter(2), strArgs("SET", "x", "y"))
		c.WriteInt(1)
	}
	expect(t, e, cl, setOver, "+OK\r\n")
	expect(t, e, cl, "CONFIG RESETSTAT", "+OK\r\n")
	expect(t, e, cl, "EVAL x 0", ":1\r\n")
	if refusal != ErrOOM {
		t.Errorf("refusal %q", refusal)
	}
	if st := e.CommandStatsOf(eval); st.Calls != 1 || st.FailedCalls != 0 || st.RejectedCalls != 0 {
		t.Errorf("eval stats %+v", st)
	}
	if st := e.CommandStatsOf(e.table.Get("set")); st.Calls != 0 || st.RejectedCalls != 1 || st.FailedCalls != 0 {
		t.Errorf("set stats %+v", st)
	}
	if s := e.Stats(); s.ErrorReplies != 1 || s.ErrorCodes["OOM"] != 1 {
		t.Errorf("error stats %d %v", s.ErrorReplies, s.ErrorCodes)
	}
}

// MarkFailed: a raw error reply (its code counted elsewhere) still fails
// the command, and only that one.
func TestMarkFailed(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	eval := e.table.Get("eval")
	eval.Proc = func(c *Ctx) {
		c.MarkFailed()
		c.WriteError("OOM command not allowed when used memory > 'maxmemory'.")
	}
	expect(t, e, cl, "EVAL x 0", rawOOM)
	expect(t, e, cl, "GET a", "$-1\r\n")
	if st := e.CommandStatsOf(eval); st.Calls != 1 || st.FailedCalls != 1 {
		t.Errorf("eval stats %+v", st)
	}
	if st := e.CommandStatsOf(e.table.Get("get")); st.FailedCalls != 0 {
		t.Errorf("get stats %+v", st)
	}
	if s := e.Stats(); s.ErrorReplies != 0 {
		t.Errorf("error replies %d", s.ErrorReplies)
	}
}
