package engine

import (
	"strings"
	"testing"
)

// psStep is one command of a pub/sub session: which client runs it (0, 1,
// 2; "?" as the command only reads what reached the client) and the raw
// bytes the client receives, reply and messages, as redis-server 7.0.15
// sent them.
type psStep struct {
	who  int
	cmd  string
	want string
}

// runPubSubSession replays steps on fresh clients of e.
func runPubSubSession(t *testing.T, e *Engine, steps []psStep) {
	t.Helper()
	var cls [3]*Client
	for i := range cls {
		cls[i] = testClient(e)
	}
	for _, st := range steps {
		cl := cls[st.who]
		got := ""
		if st.cmd != "?" {
			got = doLine(e, cl, st.cmd)
		}
		got += drain(cl)
		if got != st.want {
			t.Errorf("client %d: %s\n got: %q\nwant: %q", st.who, st.cmd, got, st.want)
		}
	}
}

// Recorded from redis-server 7.0.15, except where Redis's order comes from
// a randomly seeded hash table (UNSUBSCRIBE without arguments, PUBSUB
// CHANNELS): luakv uses subscription order and sorted names there.
func TestPubSubRESP2(t *testing.T) {
	runPubSubSession(t, testEngine(t), []psStep{
		{0, "subscribe a b a", "*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:2\r\n"},
		{1, "publish a hi", ":1\r\n"},
		{0, "?", "*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n"},
		{1, "publish nobody hi", ":0\r\n"},
		{0, "unsubscribe", "*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:0\r\n"},
		{0, "unsubscribe", "*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n"},
		{0, "punsubscribe", "*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n"},
		{0, "unsubscribe foo bar", "*3\r\n$11\r\nunsubscribe\r\n$3\r\nfoo\r\n:0\r\n*3\r\n$11\r\nunsubscribe\r\n$3\r\nbar\r\n:0\r\n"},
		{0, "psubscribe x* y*", "*3\r\n$10\r\npsubscribe\r\n$2\r\nx*\r\n:1\r\n*3\r\n$10\r\npsubscribe\r\n$2\r\ny*\r\n:2\r\n"},
		{0, "get foo", "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n"},
		{0, "client list", "-ERR Can't execute 'client|list': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n"},
		{0, "ping", "*2\r\n$4\r\npong\r\n$0\r\n\r\n"},
		{0, "ping hey", "*2\r\n$4\r\npong\r\n$3\r\nhey\r\n"},
		{1, "publish xa 1", ":1\r\n"},
		{0, "?", "*4\r\n$8\r\npmessage\r\n$2\r\nx*\r\n$2\r\nxa\r\n$1\r\n1\r\n"},
		{0, "subscribe xa", "*3\r\n$9\r\nsubscribe\r\n$2\r\nxa\r\n:3\r\n"},
		{1, "publish xa 2", ":2\r\n"},
		{0, "?", "*3\r\n$7\r\nmessage\r\n$2\r\nxa\r\n$1\r\n2\r\n*4\r\n$8\r\npmessage\r\n$2\r\nx*\r\n$2\r\nxa\r\n$1\r\n2\r\n"},
		{2, "pubsub numsub xa a nosuch", "*6\r\n$2\r\nxa\r\n:1\r\n$1\r\na\r\n:0\r\n$6\r\nnosuch\r\n:0\r\n"},
		{2, "pubsub numsub", "*0\r\n"},
		{2, "pubsub numpat", ":2\r\n"},
		{2, "pubsub channels", "*1\r\n$2\r\nxa\r\n"},
		{2, "pubsub channels y*", "*0\r\n"},
		{2, "pubsub channels a b", "-ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP.\r\n"},
		{2, "pubsub foo", "-ERR unknown subcommand 'foo'. Try PUBSUB HELP.\r\n"},
		{2, "pubsub numpat x", "-ERR wrong number of arguments for 'pubsub|numpat' command\r\n"},
		{2, "pubsub", "-ERR wrong number of arguments for 'pubsub' command\r\n"},
		{2, "subscribe", "-ERR wrong number of arguments for 'subscribe' command\r\n"},
		{2, "psubscribe", "-ERR wrong number of arguments for 'psubscribe' command\r\n"},
		{2, "publish a", "-ERR wrong number of arguments for 'publish' command\r\n"},
		{0, "punsubscribe", "*3\r\n$12\r\npunsubscribe\r\n$2\r\nx*\r\n:2\r\n*3\r\n$12\r\npunsubscribe\r\n$2\r\ny*\r\n:1\r\n"},
		{0, "punsubscribe", "*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:1\r\n"},
		{0, "punsubscribe q*", "*3\r\n$12\r\npunsubscribe\r\n$2\r\nq*\r\n:1\r\n"},
		{0, "unsubscribe xa", "*3\r\n$11\r\nunsubscribe\r\n$2\r\nxa\r\n:0\r\n"},
		{0, "ping", "+PONG\r\n"},
		{0, "get foo", "$-1\r\n"},
		{2, "pubsub numpat", ":0\r\n"},
		{2, "pubsub channels", "*0\r\n"},
	})
}

func TestPubSubRESP3(t *testing.T) {
	runPubSubSession(t, testEngine(t), []psStep{
		{0, "hello 3", "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:1\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"},
		{0, "subscribe a", ">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"},
		{0, "publish a me", ">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nme\r\n:1\r\n"},
		{0, "set k v", "+OK\r\n"}, // any command while subscribed
		{1, "publish a hi", ":1\r\n"},
		{0, "?", ">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n"},
		{0, "psubscribe *", ">3\r\n$10\r\npsubscribe\r\n$1\r\n*\r\n:2\r\n"},
		{1, "publish a x", ":2\r\n"},
		{0, "?", ">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nx\r\n>4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$1\r\na\r\n$1\r\nx\r\n"},
		{0, "unsubscribe x", ">3\r\n$11\r\nunsubscribe\r\n$1\r\nx\r\n:2\r\n"},
		{0, "punsubscribe", ">3\r\n$12\r\npunsubscribe\r\n$1\r\n*\r\n:1\r\n"},
		{0, "punsubscribe", ">3\r\n$12\r\npunsubscribe\r\n_\r\n:1\r\n"},
		{0, "unsubscribe", ">3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:0\r\n"},
		{0, "unsubscribe", ">3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n"},
		// A RESP2 subscriber gets the RESP2 frame of the same message.
		{2, "subscribe a", "*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"},
		{0, "subscribe a", ">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"},
		{1, "publish a m", ":2\r\n"},
		{2, "?", "*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nm\r\n"},
		{0, "?", ">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nm\r\n"},
	})
}

// Push frames get through CLIENT REPLY OFF and SKIP; replies do not.
func TestPubSubClientReplyOff(t *testing.T) {
	runPubSubSession(t, testEngine(t), []psStep{
		{0, "hello 3", "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:1\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"},
		{0, "client reply off", ""},
		{0, "subscribe ch", ">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n"},
		{0, "publish ch x", ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nx\r\n"},
		{1, "publish ch o", ":1\r\n"},
		{0, "?", ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\no\r\n"},
		{0, "ping", ""},
		{0, "client reply on", "+OK\r\n"},
		{0, "publish ch y", ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\ny\r\n:1\r\n"},
		{0, "client reply skip", ""},
		{0, "publish ch z", ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nz\r\n"},
		{0, "ping", "+PONG\r\n"},
		{0, "client reply skip", ""},
		{0, "unsubscribe ch", ">3\r\n$11\r\nunsubscribe\r\n$2\r\nch\r\n:0\r\n"},
		{1, "client reply skip", ""},
		{1, "unsubscribe", "*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n"},
		{1, "psubscribe p", "*3\r\n$10\r\npsubscribe\r\n$1\r\np\r\n:1\r\n"},
	})
}

// RESET and disconnecting drop every subscription.
func TestPubSubResetAndClose(t *testing.T) {
	e := testEngine(t)
	a, b, pub := testClient(e), testClient(e), testClient(e)
	do(e, a, "subscribe", "x", "y")
	do(e, a, "psubscribe", "x*")
	do(e, b, "subscribe", "x")
	do(e, b, "psubscribe", "x*", "z*")
	drain(a)
	drain(b)
	expect(t, e, pub, "pubsub numsub x y", "*4\r\n$1\r\nx\r\n:2\r\n$1\r\ny\r\n:1\r\n")
	expect(t, e, pub, "pubsub numpat", ":2\r\n")
	if got := doLine(e, a, "reset") + drain(a); got != "+RESET\r\n" {
		t.Fatalf("reset: %q", got)
	}
	if a.Subscriptions != 0 || a.SubChannels != 0 || a.SubPatterns != 0 {
		t.Errorf("counts after RESET: %d %d %d", a.Subscriptions, a.SubChannels, a.SubPatterns)
	}
	if got := doLine(e, a, "get k") + drain(a); got != "$-1\r\n" { // out of subscribed mode
		t.Errorf("get after RESET: %q", got)
	}
	expect(t, e, pub, "pubsub numsub x y", "*4\r\n$1\r\nx\r\n:1\r\n$1\r\ny\r\n:0\r\n")
	expect(t, e, pub, "publish x m", ":2\r\n")
	if got, want := drain(b), "*3\r\n$7\r\nmessage\r\n$1\r\nx\r\n$1\r\nm\r\n*4\r\n$8\r\npmessage\r\n$2\r\nx*\r\n$1\r\nx\r\n$1\r\nm\r\n"; got != want {
		t.Errorf("b got %q", got)
	}
	if got := drain(a); got != "" {
		t.Errorf("a got %q after RESET", got)
	}
	e.RemoveClient(b)
	expect(t, e, pub, "pubsub numsub x", "*2\r\n$1\r\nx\r\n:0\r\n")
	expect(t, e, pub, "pubsub numpat", ":0\r\n")
	expect(t, e, pub, "publish x m", ":0\r\n")
	if n := len(e.ps.clients); n != 0 {
		t.Errorf("%d clients left in the registry", n)
	}
	// CLIENT KILL unregisters at once.
	do(e, a, "subscribe", "k")
	expect(t, e, pub, "client kill id 1", ":1\r\n")
	expect(t, e, pub, "publish k m", ":0\r\n")
}

// INFO and CLIENT LIST read the registry.
func TestPubSubIntrospection(t *testing.T) {
	e := testEngine(t)
	a, b := testClient(e), testClient(e)
	do(e, a, "hello", "3")
	do(e, a, "subscribe", "c1", "c2")
	do(e, a, "psubscribe", "p*")
	do(e, b, "subscribe", "c1")
	info := do(e, testClient(e), "info", "stats")
	for _, want := range []string{"pubsub_channels:2\r\n", "pubsub_patterns:1\r\n", "pubsubshard_channels:0\r\n"} {
		if !strings.Contains(info, want) {
			t.Errorf("INFO stats lacks %q", want)
		}
	}
	drain(a)
	list := do(e, a, "client", "list") + drain(a)
	for _, want := range []string{"id=1 ", " flags=P db=0 sub=2 psub=1 ssub=0 ", "id=2 ", " flags=P db=0 sub=1 psub=0 ssub=0 "} {
		if !strings.Contains(list, want) {
			t.Errorf("CLIENT LIST lacks %q:\n%s", want, list)
		}
	}
	if got := do(e, a, "client", "list", "type", "pubsub") + drain(a); strings.Count(got, "id=") != 2 {
		t.Errorf("CLIENT LIST TYPE pubsub: %q", got)
	}
}

// PUBSUB HELP, as redis-server 7.0.15 prints it.
func TestPubSubHelp(t *testing.T) {
	e := testEngine(t)
	expect(t, e, testClient(e), "pubsub help", "*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CHANNELS [<pattern>]\r\n+    Return the currently active channels matching a <pattern> (default: '*').\r\n+NUMPAT\r\n+    Return number of subscriptions to patterns.\r\n+NUMSUB [<channel> ...]\r\n+    Return the number of subscribers for the specified channels, excluding\r\n+    pattern subscriptions(default: no channels).\r\n+SHARDCHANNELS [<pattern>]\r\n+    Return the currently active shard level channels matching a <pattern> (default: '*').\r\n+SHARDNUMSUB [<shardchannel> ...]\r\n+    Return the number of subscribers for the specified shard level channel(s)\r\n+HELP\r\n+    Prints this help.\r\n")
}

// Replies written before a subscriber's next batch stay ahead of messages
// published after it; a pipeline's replies come out in order.
func TestPubSubPipelineOrder(t *testing.T) {
	e := testEngine(t)
	a, pub := testClient(e), testClient(e)
	w := NewRespWriter(2)
	e.RunBatch(a, w, [][][]byte{strArgs("ping"), strArgs("subscribe", "c"), strArgs("ping", "x")}, 0)
	do(e, pub, "publish", "c", "m")
	want := "+PONG\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n*2\r\n$4\r\npong\r\n$1\r\nx\r\n*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n"
	if got := string(w.Buf) + drain(a); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// client-output-buffer-limit pubsub: over the hard limit the subscriber is
// closed at once (nothing more queued for it, its pending commands
// dropped), over the soft limit only once it stayed there for longer than
// the soft seconds.
func TestPubSubOutputBufferLimits(t *testing.T) {
	e := testEngine(t)
	log := &captureLog{}
	e.Log = log
	a, pub := testClient(e), testClient(e)
	kills := 0
	a.Kill = func() { kills++ }
	do(e, a, "subscribe", "c")
	drain(a)
	e.Config.ObufLimits[ObufPubSub] = ObufLimit{Hard: 100}
	msg := strings.Repeat("x", 40)
	expect(t, e, pub, "publish c "+msg, ":1\r\n")
	if kills != 0 {
		t.Fatal("closed under the hard limit")
	}
	expect(t, e, pub, "publish c "+msg, ":1\r\n") // 2*60 bytes queued
	if kills != 1 || len(log.lines) != 1 || !strings.HasPrefix(log.lines[0], "3 Client id=1 addr=") ||
		!strings.HasSuffix(log.lines[0], " scheduled to be closed ASAP for overcoming of output buffer limits.") {
		t.Fatalf("kills %d, log %q", kills, log.lines)
	}
	queued := a.Out.Len()
	expect(t, e, pub, "publish c "+msg, ":1\r\n") // still counted, as in Redis
	if a.Out.Len() != queued || kills != 1 {
		t.Errorf("more output queued (%d -> %d) or killed again (%d)", queued, a.Out.Len(), kills)
	}
	if got := do(e, a, "ping"); got != "" {
		t.Errorf("a closing client ran a command: %q", got)
	}
	e.RemoveClient(a)
	expect(t, e, pub, "publish c "+msg, ":0\r\n")

	// Soft limit: the first time over starts the clock.
	b := testClient(e)
	b.Kill = func() { kills++ }
	do(e, b, "subscribe", "c")
	drain(b)
	e.Config.ObufLimits[ObufPubSub] = ObufLimit{Soft: 100, SoftSeconds: 5}
	do(e, pub, "publish", "c", msg)
	do(e, pub, "publish", "c", msg)
	cs := e.ps.clients[b]
	if cs.softSince == 0 || kills != 1 {
		t.Fatalf("soft limit: since %d, kills %d", cs.softSince, kills)
	}
	drain(b) // the client caught up: the clock stops
	do(e, pub, "publish", "c", msg)
	if cs.softSince != 0 {
		t.Fatalf("soft clock still running after the buffer drained")
	}
	do(e, pub, "publish", "c", msg)
	do(e, pub, "publish", "c", msg)
	cs.softSince -= 5 // five seconds over: not yet more than SoftSeconds
	do(e, pub, "publish", "c", msg)
	if kills != 1 {
		t.Fatal("closed at exactly the soft seconds")
	}
	cs.softSince--
	do(e, pub, "publish", "c", msg)
	if kills != 2 {
		t.Fatal("not closed after the soft seconds")
	}
}

// The cron closes a subscriber that stayed over the soft limit, with no
// more traffic needed.
func TestPubSubSoftLimitFromCron(t *testing.T) {
	e := testEngine(t)
	log := &captureLog{}
	e.Log = log
	a, pub := testClient(e), testClient(e)
	kills := 0
	a.Kill = func() { kills++ }
	do(e, a, "subscribe", "c")
	drain(a)
	e.Config.ObufLimits[ObufPubSub] = ObufLimit{Soft: 50, SoftSeconds: 1}
	do(e, pub, "publish", "c", strings.Repeat("x", 60))
	cron := func() { inExec(e, func(c *Ctx) { c.E.pubsubCron() }) }
	cron()
	if kills != 0 {
		t.Fatal("closed as soon as it went over the soft limit")
	}
	e.ps.clients[a].softSince -= 2
	cron()
	if kills != 1 || len(log.lines) != 1 || !strings.HasSuffix(log.lines[0], " closed for overcoming of output buffer limits.") {
		t.Fatalf("kills %d, log %q", kills, log.lines)
	}
	cron()
	if kills != 1 {
		t.Fatal("closed twice")
	}
}
