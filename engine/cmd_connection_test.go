package engine

import (
	"strings"
	"testing"
)

// Replies below were taken from redis-server 7.0.15 (raw bytes over a
// socket); the client ID is the only value adapted (the first test client
// has ID 1).

const (
	helloResp2 = "*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:2\r\n$2\r\nid\r\n:1\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"
	helloResp3 = "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:1\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"

	errHelloNoAuth = "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n"
	errWrongPass   = "-WRONGPASS invalid username-password pair or user is disabled.\r\n"
	errNoAuth      = "-NOAUTH Authentication required.\r\n"
	errBadName     = "-ERR Client names cannot contain spaces, newlines or special characters.\r\n"
)

// script runs steps of {args..., want} on one client; args are split on
// spaces, with "\x20" style escapes not needed because such cases use
// doArgs directly.
type step struct{ cmd, want string }

func runSteps(t *testing.T, e *Engine, cl *Client, steps []step) {
	t.Helper()
	for _, s := range steps {
		expect(t, e, cl, s.cmd, s.want)
	}
}

func TestHelloRESP2AndRESP3(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	runSteps(t, e, cl, []step{
		{"HELLO", helloResp2},
		{"HELLO 3", helloResp3},
		// The switch sticks: GETNAME's null is RESP3's.
		{"CLIENT GETNAME", "_\r\n"},
		{"HELLO", helloResp3},
		{"HELLO 2", helloResp2},
		{"CLIENT GETNAME", "$-1\r\n"},
		{"HELLO 4", "-NOPROTO unsupported protocol version\r\n"},
		{"HELLO 1", "-NOPROTO unsupported protocol version\r\n"},
		{"HELLO 0", "-NOPROTO unsupported protocol version\r\n"},
		{"HELLO -1", "-NOPROTO unsupported protocol version\r\n"},
		{"HELLO x", "-ERR Protocol version is not an integer or out of range\r\n"},
		{"HELLO 99999999999999999999", "-ERR Protocol version is not an integer or out of range\r\n"},
		{"HELLO 03", "-ERR Protocol version is not an integer or out of range\r\n"},
		{"HELLO 3 foo", "-ERR Syntax error in HELLO option 'foo'\r\n"},
		{"HELLO 3 AUTH default", "-ERR Syntax error in HELLO option 'AUTH'\r\n"},
		{"HELLO 3 SETNAME", "-ERR Syntax error in HELLO option 'SETNAME'\r\n"},
		{"HELLO 3 setname", "-ERR Syntax error in HELLO option 'setname'\r\n"},
		// No password configured: any password logs in as default.
		{"HELLO 3 AUTH default x", helloResp3},
		{"HELLO 2 auth default x setname nm", helloResp2},
		{"CLIENT GETNAME", "$2\r\nnm\r\n"},
		{"HELLO 3 AUTH bob x", errWrongPass},
		{"HELLO 3 AUTH DEFAULT x", errWrongPass},
	})
	if cl.Proto != 2 {
		t.Fatalf("failed HELLO switched the protocol to %d", cl.Proto)
	}
	if got := do(e, cl, "HELLO", "3", "SETNAME", "a b"); got != errBadName {
		t.Errorf("HELLO SETNAME 'a b': %q", got)
	}
	if got := do(e, cl, "HELLO", "3", "x\x00y"); got != "-ERR Syntax error in HELLO option 'x'\r\n" {
		t.Errorf("HELLO option with NUL: %q", got)
	}
	st := e.Stats()
	if st.ErrorCodes["NOPROTO"] != 4 || st.ErrorCodes["WRONGPASS"] != 2 {
		t.Errorf("errorstats: %v", st.ErrorCodes)
	}
}

func TestHelloSwitchesTheWritersProtocol(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	// One writer for the whole connection, as the network layer has.
	w := NewRespWriter(2)
	run := func(args ...string) string {
		w.Buf = w.Buf[:0]
		argv := make([][]byte, len(args))
		for i, a := range args {
			argv[i] = []byte(a)
		}
		e.RunBatch(cl, w, [][][]byte{argv}, 0)
		return string(w.Buf)
	}
	if got := run("HELLO", "3"); got != helloResp3 {
		t.Fatalf("HELLO 3: %q", got)
	}
	if got := run("CLIENT", "GETNAME"); got != "_\r\n" {
		t.Errorf("CLIENT GETNAME after HELLO 3: %q", got)
	}
	if got := run("RESET"); got != "+RESET\r\n" {
		t.Errorf("RESET: %q", got)
	}
	if got := run("CLIENT", "GETNAME"); got != "$-1\r\n" {
		t.Errorf("CLIENT GETNAME after RESET: %q", got)
	}
}

func TestHelloWithRequirePass(t *testing.T) {
	e := testEngine(t)
	e.SetRequirePass("secret")
	cl := testClient(e)
	runSteps(t, e, cl, []step{
		{"PING", errNoAuth},
		{"HELLO", errHelloNoAuth},
		{"HELLO 3", errHelloNoAuth},
		// SETNAME is applied before the authentication check fails.
		{"HELLO 3 SETNAME foo", errHelloNoAuth},
		{"HELLO 4", "-NOPROTO unsupported protocol version\r\n"},
		{"HELLO x", "-ERR Protocol version is not an integer or out of range\r\n"},
		{"HELLO 3 AUTH default bad", errWrongPass},
		{"HELLO 3 AUTH default secret", helloResp3},
		{"CLIENT GETNAME", "$3\r\nfoo\r\n"},
	})

	// AUTH succeeds, then SETNAME fails: logged in, protocol unchanged.
	cl2 := testClient(e)
	if got := do(e, cl2, "HELLO", "3", "AUTH", "default", "secret", "SETNAME", "a b"); got != errBadName {
		t.Errorf("HELLO AUTH ok SETNAME bad: %q", got)
	}
	if got := do(e, cl2, "PING"); got != "+PONG\r\n" || cl2.Proto != 2 {
		t.Errorf("after HELLO with a bad name: %q proto %d", got, cl2.Proto)
	}

	// A client that connected under requirepass must still log in for
	// HELLO after the password is cleared, though other commands work.
	cl3 := testClient(e)
	e.SetRequirePass("")
	expect(t, e, cl3, "PING", "+PONG\r\n")
	expect(t, e, cl3, "HELLO", errHelloNoAuth)
	expect(t, e, cl3, "HELLO 2 AUTH default anything", strings.Replace(helloResp2, "id\r\n:1\r\n", "id\r\n:3\r\n", 1))
}

func TestAuth(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	runSteps(t, e, cl, []step{
		{"AUTH x", "-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n"},
		{"AUTH a b", errWrongPass},
		{"AUTH default b", "+OK\r\n"},
		{"AUTH a b c", "-ERR syntax error\r\n"},
		{"AUTH", "-ERR wrong number of arguments for 'auth' command\r\n"},
	})

	e.SetRequirePass("secret")
	cl = testClient(e)
	if !e.AuthRequired(cl) {
		t.Fatal("new client does not need AUTH")
	}
	runSteps(t, e, cl, []step{
		{"PING", errNoAuth},
		{"CLIENT ID", errNoAuth},
		// Lookup and arity come before the authentication gate.
		{"NOSUCH", "-ERR unknown command 'NOSUCH', with args beginning with: \r\n"},
		{"GET", "-ERR wrong number of arguments for 'get' command\r\n"},
		{"CLIENT", "-ERR wrong number of arguments for 'client' command\r\n"},
		{"CLIENT FOO", "-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n"},
		{"ECHO", "-ERR wrong number of arguments for 'echo' command\r\n"},
		{"AUTH bad", errWrongPass},
		{"AUTH default bad", errWrongPass},
		{"AUTH foo secret", errWrongPass},
		{"AUTH secret", "+OK\r\n"},
		{"PING", "+PONG\r\n"},
		// A failed AUTH keeps the earlier login.
		{"AUTH bad", errWrongPass},
		{"PING", "+PONG\r\n"},
		{"RESET", "+RESET\r\n"},
		{"PING", errNoAuth},
		{"AUTH default secret", "+OK\r\n"},
		{"PING", "+PONG\r\n"},
	})
	if e.AuthRequired(cl) {
		t.Error("AuthRequired after AUTH")
	}

	// Binary passwords compare byte for byte.
	e.SetRequirePass("abc\x00def")
	cl = testClient(e)
	if got := do(e, cl, "AUTH", "abc"); got != errWrongPass {
		t.Errorf("AUTH abc: %q", got)
	}
	if got := do(e, cl, "AUTH", "abc\x00def"); got != "+OK\r\n" {
		t.Errorf("AUTH abc\\0def: %q", got)
	}
}

func TestReset(t *testing.T) {
	e := testEngine(t)
	var hooked []int64
	e.OnReset(func(cl *Client) { hooked = append(hooked, cl.ID) })
	cl := testClient(e)
	runSteps(t, e, cl, []step{
		{"CLIENT NO-EVICT on", "+OK\r\n"},
		{"CLIENT SETNAME x", "+OK\r\n"},
		{"SELECT 3", "+OK\r\n"},
		{"HELLO 3", helloResp3},
		{"RESET", "+RESET\r\n"},
		{"CLIENT GETNAME", "$-1\r\n"},
		{"RESET x", "-ERR wrong number of arguments for 'reset' command\r\n"},
		// RESET turns replies back on and answers.
		{"CLIENT REPLY OFF", ""},
		{"RESET", "+RESET\r\n"},
		{"PING", "+PONG\r\n"},
		// A RESET whose reply CLIENT REPLY SKIP suppresses stays silent.
		{"CLIENT REPLY SKIP", ""},
		{"RESET", ""},
		{"PING", "+PONG\r\n"},
	})
	if cl.DB != 0 || cl.Proto != 2 || cl.Name != "" {
		t.Errorf("after RESET: db %d proto %d name %q", cl.DB, cl.Proto, cl.Name)
	}
	// Redis 7.0 keeps CLIENT NO-EVICT across RESET (7.2 clears it).
	if !cl.NoEvict {
		t.Error("RESET cleared no-evict; Redis 7.0.15 keeps it")
	}
	if len(hooked) != 3 || hooked[0] != cl.ID {
		t.Errorf("reset hooks ran %v", hooked)
	}
	var db *DB
	e.Run(cl, NewRespWriter(2), func(c *Ctx) { db = c.DB })
	if db != e.DB(0) {
		t.Error("commands after RESET do not use db 0")
	}
}

func TestPingEchoSelectQuit(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	runSteps(t, e, cl, []step{
		{"PING", "+PONG\r\n"},
		{"PING a", "$1\r\na\r\n"},
		{"PING a b", "-ERR wrong number of arguments for 'ping' command\r\n"},
		{"ECHO", "-ERR wrong number of arguments for 'echo' command\r\n"},
		{"ECHO a b", "-ERR wrong number of arguments for 'echo' command\r\n"},
		{"ECHO a", "$1\r\na\r\n"},
		{"SELECT x", "-ERR value is not an integer or out of range\r\n"},
		{"SELECT 1.5", "-ERR value is not an integer or out of range\r\n"},
		{"SELECT 01", "-ERR value is not an integer or out of range\r\n"},
		{"SELECT -1", "-ERR DB index is out of range\r\n"},
		{"SELECT 16", "-ERR DB index is out of range\r\n"},
		{"SELECT 99999999999", "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"},
		{"SELECT -99999999999", "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"},
		{"SELECT 15", "+OK\r\n"},
	})
	if cl.DB != 15 {
		t.Errorf("db %d", cl.DB)
	}
	expect(t, e, cl, "QUIT x y", "+OK\r\n")
	if !cl.CloseAfterReply {
		t.Error("QUIT did not ask to close")
	}
	// Commands after QUIT in the same batch are not run.
	w := NewRespWriter(2)
	e.RunBatch(cl, w, [][][]byte{{[]byte("PING")}}, 0)
	if len(w.Buf) != 0 {
		t.Errorf("command after QUIT answered %q", w.Buf)
	}
}
