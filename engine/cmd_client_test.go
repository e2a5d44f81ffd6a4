package engine

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestClientIDNames(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	runSteps(t, e, cl, []step{
		{"CLIENT ID", ":1\r\n"},
		{"CLIENT ID x", "-ERR wrong number of arguments for 'client|id' command\r\n"},
		{"CLIENT SETNAME", "-ERR wrong number of arguments for 'client|setname' command\r\n"},
		{"CLIENT GETNAME", "$-1\r\n"},
		{"CLIENT SETNAME foo", "+OK\r\n"},
		{"CLIENT GETNAME", "$3\r\nfoo\r\n"},
		{"client getname", "$3\r\nfoo\r\n"},
		{"CLIENT", "-ERR wrong number of arguments for 'client' command\r\n"},
		{"CLIENT FOO", "-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n"},
		{"CLIENT INFO x", "-ERR wrong number of arguments for 'client|info' command\r\n"},
		{"CLIENT help x", "-ERR wrong number of arguments for 'client|help' command\r\n"},
	})
	for _, bad := range []string{"a b", "a\nb", "a\x7fb", "a\xffb", "\x00", "ä"} {
		if got := do(e, cl, "CLIENT", "SETNAME", bad); got != errBadName {
			t.Errorf("SETNAME %q: %q", bad, got)
		}
	}
	if cl.Name != "foo" {
		t.Errorf("a rejected name replaced the old one: %q", cl.Name)
	}
	// The empty name removes the name.
	if got := do(e, cl, "CLIENT", "SETNAME", ""); got != "+OK\r\n" {
		t.Errorf("SETNAME '': %q", got)
	}
	expect(t, e, cl, "CLIENT GETNAME", "$-1\r\n")
	expect(t, e, cl, "HELLO 3", helloResp3)
	expect(t, e, cl, "CLIENT GETNAME", "_\r\n")
	expect(t, e, cl, "CLIENT SETNAME !~", "+OK\r\n")
	expect(t, e, cl, "CLIENT GETNAME", "$2\r\n!~\r\n")
}

// redisClientLine is a CLIENT LIST line from redis-server 7.0.15: its
// fields, in order, are what luakv must print.
const redisClientLine = "id=5 addr=127.0.0.1:57324 laddr=127.0.0.1:7105 fd=7 name= age=4 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=20448 argv-mem=10 multi-mem=0 rbs=1024 rbp=74 obl=0 oll=0 omem=0 tot-mem=22298 events=r cmd=client|list user=default redir=-1 resp=2"

type field struct{ k, v string }

func parseInfoLine(t *testing.T, line string) []field {
	t.Helper()
	var out []field
	for _, kv := range strings.Split(line, " ") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			t.Fatalf("bad field %q in %q", kv, line)
		}
		out = append(out, field{k, v})
	}
	return out
}

// checkInfoLine compares line with want's fields: same names in the same
// order; values compared only where want names one (nil entries match any).
func checkInfoLine(t *testing.T, line string, want map[string]string) {
	t.Helper()
	got := parseInfoLine(t, line)
	ref := parseInfoLine(t, redisClientLine)
	if len(got) != len(ref) {
		t.Fatalf("%d fields, Redis prints %d:\n%s", len(got), len(ref), line)
	}
	for i := range ref {
		if got[i].k != ref[i].k {
			t.Errorf("field %d is %q, Redis prints %q", i, got[i].k, ref[i].k)
		}
		if w, ok := want[got[i].k]; ok && got[i].v != w {
			t.Errorf("%s=%s, want %s", got[i].k, got[i].v, w)
		}
	}
}

// bulkBody strips a RESP2 bulk or RESP3 verbatim header and trailer.
var bulkRe = regexp.MustCompile(`^(?:\$(\d+)\r\n|=(\d+)\r\ntxt:)((?s).*)\r\n$`)

func bulkBody(t *testing.T, raw string) string {
	t.Helper()
	m := bulkRe.FindStringSubmatch(raw)
	if m == nil {
		t.Fatalf("not a bulk/verbatim reply: %q", raw)
	}
	return m[3]
}

func TestClientListAndInfo(t *testing.T) {
	e := testEngine(t)
	me := e.NewClient("127.0.0.1:50001", "127.0.0.1:6379", 8)
	other := e.NewClient("127.0.0.1:50002", "127.0.0.1:6379", 9)
	expect(t, e, other, "PING", "+PONG\r\n")

	raw := do(e, me, "CLIENT", "LIST")
	body := bulkBody(t, raw)
	if !strings.HasPrefix(raw, "$") || !strings.HasSuffix(body, "\n") {
		t.Fatalf("CLIENT LIST: %q", raw)
	}
	lines := strings.Split(strings.TrimSuffix(body, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines: %q", len(lines), body)
	}
	checkInfoLine(t, lines[0], map[string]string{
		"id": "1", "addr": "127.0.0.1:50001", "laddr": "127.0.0.1:6379", "fd": "8",
		"name": "", "idle": "0", "flags": "N", "db": "0", "sub": "0",
		"psub": "0", "ssub": "0", "multi": "-1", "qbuf": "26", "argv-mem": "10",
		"multi-mem": "0", "obl": "0", "oll": "0", "omem": "0", "events": "r",
		"cmd": "client|list", "user": "default", "redir": "-1", "resp": "2",
	})
	checkInfoLine(t, lines[1], map[string]string{
		"id": "2", "addr": "127.0.0.1:50002", "fd": "9", "flags": "N",
		"qbuf": "0", "qbuf-free": "0", "argv-mem": "0", "cmd": "ping", "tot-mem": "1800",
	})

	// A client that never ran a command shows cmd=NULL.
	e.NewClient("127.0.0.1:50003", "127.0.0.1:6379", 10)
	body = bulkBody(t, do(e, me, "CLIENT", "LIST", "ID", "3"))
	checkInfoLine(t, strings.TrimSuffix(body, "\n"), map[string]string{"id": "3", "cmd": "NULL"})

	// State shows up: name, db, no-evict, RESP3 (verbatim "txt").
	runSteps(t, e, me, []step{
		{"CLIENT SETNAME me", "+OK\r\n"},
		{"SELECT 5", "+OK\r\n"},
		{"CLIENT NO-EVICT on", "+OK\r\n"},
	})
	if got := do(e, me, "HELLO", "3"); !strings.HasPrefix(got, "%7") {
		t.Fatalf("HELLO 3: %q", got)
	}
	raw = do(e, me, "CLIENT", "INFO")
	if !strings.HasPrefix(raw, "=") {
		t.Fatalf("RESP3 CLIENT INFO is not verbatim: %q", raw)
	}
	body = bulkBody(t, raw)
	if n := len(body) + 4; !strings.HasPrefix(raw, "="+strconv.Itoa(n)+"\r\n") {
		t.Errorf("verbatim length: %q", raw)
	}
	checkInfoLine(t, strings.TrimSuffix(body, "\n"), map[string]string{
		"id": "1", "name": "me", "db": "5", "flags": "e", "cmd": "client|info",
		"resp": "3", "qbuf": "26",
	})

	runSteps(t, e, me, []step{
		{"CLIENT NO-EVICT x", "-ERR syntax error\r\n"},
		{"CLIENT NO-EVICT OFF", "+OK\r\n"},
		{"CLIENT LIST TYPE", "-ERR syntax error\r\n"},
		{"CLIENT LIST TYPE foo", "-ERR Unknown client type 'foo'\r\n"},
		{"CLIENT LIST TYPE pubsub", "=4\r\ntxt:\r\n"},
		{"CLIENT LIST TYPE slave", "=4\r\ntxt:\r\n"},
		{"CLIENT LIST TYPE replica", "=4\r\ntxt:\r\n"},
		{"CLIENT LIST TYPE MASTER", "=4\r\ntxt:\r\n"},
		{"CLIENT LIST TYPE normal x", "-ERR syntax error\r\n"},
		{"CLIENT LIST ID", "-ERR syntax error\r\n"},
		{"CLIENT LIST ID x", "-ERR Invalid client ID\r\n"},
		{"CLIENT LIST ID 2 x", "-ERR Invalid client ID\r\n"},
		{"CLIENT LIST ID 99 98", "=4\r\ntxt:\r\n"},
		{"CLIENT LIST foo", "-ERR syntax error\r\n"},
	})
	expect(t, e, me, "HELLO 2", helloResp2)
	expect(t, e, me, "CLIENT LIST TYPE pubsub", "$0\r\n\r\n")
	expect(t, e, me, "CLIENT LIST ID 99", "$0\r\n\r\n")

	body = bulkBody(t, do(e, me, "CLIENT", "LIST", "TYPE", "normal"))
	if n := strings.Count(body, "\n"); n != 3 {
		t.Errorf("TYPE normal listed %d clients", n)
	}
	// IDs are listed in the order asked, repeats included.
	body = bulkBody(t, do(e, me, "CLIENT", "LIST", "ID", "2", "1", "2", "77"))
	var ids []string
	for _, l := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		ids = append(ids, parseInfoLine(t, l)[0].v)
	}
	if strings.Join(ids, ",") != "2,1,2" {
		t.Errorf("CLIENT LIST ID 2 1 2 77 listed %v", ids)
	}

	// A subscriber is type pubsub with flag P.
	other.Subscriptions, other.SubChannels, other.SubPatterns = 3, 2, 1
	body = bulkBody(t, do(e, me, "CLIENT", "LIST", "TYPE", "pubsub"))
	checkInfoLine(t, strings.TrimSuffix(body, "\n"), map[string]string{
		"id": "2", "flags": "P", "sub": "2", "psub": "1", "ssub": "0",
	})
}

// fakeMulti stands in for the transaction layer's per-client state.
type fakeMulti struct{}

func (fakeMulti) MultiInfo() (bool, bool, int, int) { return true, true, 2, 17 }

func TestClientListTransactionFields(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	cl.Multi = fakeMulti{}
	body := bulkBody(t, do(e, cl, "CLIENT", "INFO"))
	checkInfoLine(t, strings.TrimSuffix(body, "\n"), map[string]string{
		"flags": "xd", "multi": "2", "multi-mem": "17",
	})
}

func TestClientHelp(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	// From redis-server 7.0.15 (identical in RESP3).
	want := "*48\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CACHING (YES|NO)\r\n+    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.\r\n+GETREDIR\r\n+    Return the client ID we are redirecting to when tracking is enabled.\r\n+GETNAME\r\n+    Return the name of the current connection.\r\n+ID\r\n+    Return the ID of the current connection.\r\n+INFO\r\n+    Return information about the current client connection.\r\n+KILL <ip:port>\r\n+    Kill connection made from <ip:port>.\r\n+KILL <option> <value> [<option> <value> [...]]\r\n+    Kill connections. Options are:\r\n+    * ADDR (<ip:port>|<unixsocket>:0)\r\n+      Kill connections made from the specified address\r\n+    * LADDR (<ip:port>|<unixsocket>:0)\r\n+      Kill connections made to specified local address\r\n+    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)\r\n+      Kill connections by type.\r\n+    * USER <username>\r\n+      Kill connections authenticated by <username>.\r\n+    * SKIPME (YES|NO)\r\n+      Skip killing current connection (default: yes).\r\n+LIST [options ...]\r\n+    Return information about client connections. Options:\r\n+    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)\r\n+      Return clients of specified type.\r\n+UNPAUSE\r\n+    Stop the current client pause, resuming traffic.\r\n+PAUSE <timeout> [WRITE|ALL]\r\n+    Suspend all, or just write, clients for <timeout> milliseconds.\r\n+REPLY (ON|OFF|SKIP)\r\n+    Control the replies sent to the current connection.\r\n+SETNAME <name>\r\n+    Assign the name <name> to the current connection.\r\n+UNBLOCK <clientid> [TIMEOUT|ERROR]\r\n+    Unblock the specified blocked client.\r\n+TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]\r\n+         [OPTIN] [OPTOUT] [NOLOOP]\r\n+    Control server assisted client side caching.\r\n+TRACKINGINFO\r\n+    Report tracking status for the current connection.\r\n+NO-EVICT (ON|OFF)\r\n+    Protect current client connection from eviction.\r\n+HELP\r\n+    Prints this help.\r\n"
	expect(t, e, cl, "CLIENT HELP", want)
	expect(t, e, cl, "client help", want)
	expect(t, e, cl, "HELLO 3", helloResp3)
	expect(t, e, cl, "Client Help", want)
}

func TestClientReply(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	// The sequence and its replies as redis-server 7.0.15 answered them.
	runSteps(t, e, cl, []step{
		{"CLIENT REPLY", "-ERR wrong number of arguments for 'client|reply' command\r\n"},
		{"CLIENT REPLY foo", "-ERR syntax error\r\n"},
		{"CLIENT REPLY OFF", ""},
		{"PING", ""},
		{"CLIENT REPLY foo", ""},
		{"CLIENT REPLY SKIP", ""},
		{"PING", ""},
		{"CLIENT REPLY ON", "+OK\r\n"},
		{"CLIENT REPLY SKIP", ""},
		{"PING", ""},
		{"PING", "+PONG\r\n"},
		{"CLIENT REPLY SKIP", ""},
		{"CLIENT REPLY SKIP", ""},
		{"PING", ""},
		{"PING", "+PONG\r\n"},
		{"CLIENT REPLY SKIP", ""},
		{"CLIENT REPLY ON", "+OK\r\n"},
		{"PING", "+PONG\r\n"},
		{"CLIENT REPLY SKIP", ""},
		{"CLIENT REPLY OFF", ""},
		{"PING", ""},
		{"CLIENT REPLY ON", "+OK\r\n"},
		{"CLIENT REPLY SKIP", ""},
		{"NOSUCHCMD", ""},
		{"PING", "+PONG\r\n"},
	})
	// Suppressed errors are still counted.
	if n := e.Stats().ErrorCodes["ERR"]; n != 4 {
		t.Errorf("ERR count %d", n)
	}
	// Within one batch (a pipeline) the same rules apply.
	w := NewRespWriter(2)
	argv := func(s string) [][]byte {
		var out [][]byte
		for _, f := range strings.Fields(s) {
			out = append(out, []byte(f))
		}
		return out
	}
	e.RunBatch(cl, w, [][][]byte{argv("CLIENT REPLY SKIP"), argv("PING a"), argv("PING b"), argv("CLIENT REPLY OFF"), argv("PING c"), argv("CLIENT REPLY ON"), argv("PING d")}, 0)
	if got := string(w.Buf); got != "$1\r\nb\r\n+OK\r\n$1\r\nd\r\n" {
		t.Errorf("pipelined: %q", got)
	}
}

// TestClientReplyInsideExec checks CLIENT REPLY run by a command that runs
// others, as EXEC does, against what redis-server 7.0.15 sent for MULTI /
// CLIENT REPLY ... / EXEC: a SKIP keeps the running command's own reply and
// silences the next command's; a later ON in the same command leaves the
// skip armed, as Redis's skip-next flag is.
func TestClientReplyInsideExec(t *testing.T) {
	rows := append(slices.Clone(Commands), Command{
		Name: "fakeexec", Arity: -1,
		Proc: func(c *Ctx) {
			reply := c.E.Table().Get("client").Sub["reply"]
			c.WriteArray(len(c.Args) - 1)
			for _, mode := range c.Args[1:] {
				c.E.Call(c.Client, c.Writer, reply, [][]byte{[]byte("CLIENT"), []byte("REPLY"), mode})
			}
		},
	})
	e := New(rows, Settings{Databases: 16})
	cl := testClient(e)
	runSteps(t, e, cl, []step{
		{"FAKEEXEC SKIP", "*1\r\n"},
		{"PING", ""},
		{"PING", "+PONG\r\n"},
		{"FAKEEXEC SKIP ON", "*2\r\n+OK\r\n"},
		{"PING", ""},
		{"PING", "+PONG\r\n"},
		// What was written before OFF goes out, as Redis sends EXEC's
		// array header; what was written while OFF is dropped at ON.
		{"FAKEEXEC SKIP OFF", "*2\r\n"},
		{"PING", ""},
		{"FAKEEXEC ON", "+OK\r\n"},
		{"PING", "+PONG\r\n"},
		{"FAKEEXEC OFF ON", "*2\r\n+OK\r\n"},
		{"FAKEEXEC ON OFF", "*2\r\n+OK\r\n"},
		{"PING", ""},
		{"FAKEEXEC ON", "+OK\r\n"},
	})
}

func TestClientKill(t *testing.T) {
	e := testEngine(t)
	me := e.NewClient("127.0.0.1:50001", "127.0.0.1:6379", 8)
	runSteps(t, e, me, []step{
		{"CLIENT KILL", "-ERR wrong number of arguments for 'client|kill' command\r\n"},
		{"CLIENT KILL 1.2.3.4:5", "-ERR No such client\r\n"},
		{"CLIENT KILL ID", "-ERR No such client\r\n"},
		{"CLIENT KILL ID 0", "-ERR client-id should be greater than 0\r\n"},
		{"CLIENT KILL ID -1", "-ERR client-id should be greater than 0\r\n"},
		{"CLIENT KILL ID x", "-ERR client-id should be greater than 0\r\n"},
		{"CLIENT KILL ID 99999999999999999999", "-ERR client-id should be greater than 0\r\n"},
		{"CLIENT KILL ID 999", ":0\r\n"},
		{"CLIENT KILL ID 999 TYPE", "-ERR syntax error\r\n"},
		{"CLIENT KILL TYPE foo", "-ERR Unknown client type 'foo'\r\n"},
		{"CLIENT KILL TYPE normal", ":0\r\n"},
		{"CLIENT KILL TYPE master", ":0\r\n"},
		{"CLIENT KILL TYPE replica", ":0\r\n"},
		{"CLIENT KILL TYPE pubsub", ":0\r\n"},
		{"CLIENT KILL USER bob", "-ERR No such user 'bob'\r\n"},
		{"CLIENT KILL USER DEFAULT", "-ERR No such user 'DEFAULT'\r\n"},
		{"CLIENT KILL USER default", ":0\r\n"},
		{"CLIENT KILL SKIPME maybe", "-ERR syntax error\r\n"},
		{"CLIENT KILL SKIPME yes", ":0\r\n"},
		{"CLIENT KILL ADDR 1.2.3.4:5", ":0\r\n"},
		{"CLIENT KILL LADDR 1.2.3.4:5", ":0\r\n"},
		{"CLIENT KILL LADDR 127.0.0.1:6379", ":0\r\n"},
		{"CLIENT KILL foo bar", "-ERR syntax error\r\n"},
		{"CLIENT KILL ID 1 foo", "-ERR syntax error\r\n"},
		// Options are checked in order.
		{"CLIENT KILL ID 1 ID x", "-ERR client-id should be greater than 0\r\n"},
		{"CLIENT KILL TYPE foo ID x", "-ERR Unknown client type 'foo'\r\n"},
		{"CLIENT KILL ID x TYPE foo", "-ERR client-id should be greater than 0\r\n"},
	})
	if me.CloseAfterReply || e.ClientCount() != 1 {
		t.Fatal("a failed KILL closed something")
	}

	var closed []int64
	newVictim := func(addr, laddr string) *Client {
		cl := e.NewClient(addr, laddr, 20)
		id := cl.ID
		cl.Kill = func() { closed = append(closed, id) }
		return cl
	}
	a := newVictim("127.0.0.1:50010", "127.0.0.1:6379")
	b := newVictim("127.0.0.1:50011", "127.0.0.1:6380")
	c := newVictim("[::1]:50012", "[::1]:6379")

	// Old form by address.
	expect(t, e, me, "CLIENT KILL 127.0.0.1:50010", "+OK\r\n")
	if len(closed) != 1 || closed[0] != a.ID || e.lookupClient(a.ID) != nil {
		t.Fatalf("old-form kill: closed %v", closed)
	}
	// The killed client's pending commands are dropped.
	w := NewRespWriter(2)
	e.RunBatch(a, w, [][][]byte{{[]byte("CLIENT"), []byte("SETNAME"), []byte("zombie")}}, 0)
	if len(w.Buf) != 0 || a.Name != "" {
		t.Errorf("killed client ran a command: %q", w.Buf)
	}
	// Its network goroutine removing it again is harmless.
	e.RemoveClient(a)

	// Filters combine with AND.
	expect(t, e, me, "CLIENT KILL LADDR 127.0.0.1:6380 ID "+strconv.Itoa(int(c.ID)), ":0\r\n")
	expect(t, e, me, "CLIENT KILL laddr [::1]:6379 addr [::1]:50012", ":1\r\n")
	expect(t, e, me, "CLIENT KILL TYPE pubsub", ":0\r\n")
	b.Subscriptions = 1
	expect(t, e, me, "CLIENT KILL TYPE pubsub USER default", ":1\r\n")
	if len(closed) != 3 || e.ClientCount() != 1 {
		t.Fatalf("closed %v, %d clients left", closed, e.ClientCount())
	}

	// SKIPME yes (the default) spares the caller; SKIPME no kills it after
	// its reply, which counts it.
	d := newVictim("127.0.0.1:50013", "127.0.0.1:6379")
	expect(t, e, me, "CLIENT KILL ADDR 127.0.0.1:50001", ":0\r\n")
	expect(t, e, me, "CLIENT KILL TYPE normal", ":1\r\n")
	if e.lookupClient(d.ID) != nil || me.CloseAfterReply {
		t.Fatal("TYPE normal")
	}
	expect(t, e, me, "CLIENT KILL SKIPME no", ":1\r\n")
	if !me.CloseAfterReply || e.lookupClient(me.ID) == nil {
		t.Fatal("SKIPME no: the caller is closed after its reply, not freed")
	}

	// The old form may kill the caller.
	me2 := e.NewClient("127.0.0.1:50020", "127.0.0.1:6379", 30)
	expect(t, e, me2, "CLIENT KILL 127.0.0.1:50020", "+OK\r\n")
	if !me2.CloseAfterReply {
		t.Error("old-form self kill")
	}
	if len(closed) != 4 {
		t.Errorf("caller's own Kill was called: %v", closed)
	}
}
