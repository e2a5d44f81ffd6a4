package serve

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"luakv/engine"
)

// Raw replies below come from redis-server 7.0.15 over a socket.

func helloReply(proto string, id int64) string {
	head := "*14\r\n"
	if proto == "3" {
		head = "%7\r\n"
	}
	return head + "$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:" + proto +
		"\r\n$2\r\nid\r\n:" + strconv.FormatInt(id, 10) + "\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"
}

func TestConnMaxClients(t *testing.T) {
	e, addr := startServer(t, engine.Settings{MaxClients: 2})
	a, b := dial(t, addr), dial(t, addr)
	a.expect("+PONG\r\n", "PING")
	b.expect("+PONG\r\n", "PING")

	c := dial(t, addr)
	if got := c.read(len("-ERR max number of clients reached\r\n")); got != "-ERR max number of clients reached\r\n" {
		t.Fatalf("third client got %q", got)
	}
	c.expectClosed()

	// A freed slot can be used again.
	a.expect("+OK\r\n", "QUIT")
	a.expectClosed()
	deadline := time.Now().Add(5 * time.Second)
	for {
		d := dial(t, addr)
		d.send("PING")
		if got := d.read(5); got == "+PONG" {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("no slot after QUIT: %q", got)
		}
		time.Sleep(10 * time.Millisecond)
	}
	var rejected int64
	e.Run(e.NewClient("x:1", "x:2", -1), engine.NewRespWriter(2), func(c *engine.Ctx) {
		rejected = c.E.Stats().RejectedConnections
	})
	if rejected < 1 {
		t.Errorf("rejected_connections %d", rejected)
	}
}

func TestConnRequirePass(t *testing.T) {
	_, addr := startServer(t, engine.Settings{MaxClients: 100, RequirePass: "secret"})
	c := dial(t, addr)
	// Lookup and arity errors come before NOAUTH, as in Redis 7.0.
	c.expect("-NOAUTH Authentication required.\r\n", "PING")
	c.expect("-NOAUTH Authentication required.\r\n", "CLIENT", "ID")
	c.expect("-ERR unknown command 'NOSUCH', with args beginning with: 'a' \r\n", "NOSUCH", "a")
	c.expect("-ERR wrong number of arguments for 'get' command\r\n", "GET")
	c.expect("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n", "CLIENT", "FOO")
	c.expect("-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n", "HELLO", "3")
	c.expect("-WRONGPASS invalid username-password pair or user is disabled.\r\n", "AUTH", "nope")
	c.expect("+OK\r\n", "AUTH", "secret")
	c.expect("+PONG\r\n", "PING")
	c.expect("+RESET\r\n", "RESET")
	c.expect("-NOAUTH Authentication required.\r\n", "PING")

	// HELLO AUTH logs in and switches protocol in one step.
	d := dial(t, addr)
	d.send("HELLO", "3", "AUTH", "default", "secret")
	reply := d.read(len(helloReply("3", 1)))
	if !strings.HasPrefix(reply, "%7\r\n") || !strings.Contains(reply, "proto\r\n:3\r\n") {
		t.Errorf("HELLO 3 AUTH: %q", reply)
	}
	d.expect("_\r\n", "CLIENT", "GETNAME")

	// Unauthenticated clients get the tighter protocol limits.
	u := dial(t, addr)
	u.sendRaw([]byte("*100\r\n"))
	if got := u.read(len("-ERR Protocol error: unauthenticated multibulk length\r\n")); got != "-ERR Protocol error: unauthenticated multibulk length\r\n" {
		t.Errorf("unauthenticated *100: %q", got)
	}
	u.expectClosed()
}

func TestConnResp3(t *testing.T) {
	_, addr := startServer(t, engine.Settings{MaxClients: 100})
	c := dial(t, addr)
	c.expect(helloReply("2", 1), "HELLO")
	c.expect(helloReply("3", 1), "HELLO", "3")
	c.expect("_\r\n", "CLIENT", "GETNAME")
	c.expect("=4\r\ntxt:\r\n", "CLIENT", "LIST", "ID", "99")
	c.expect("-NOPROTO unsupported protocol version\r\n", "HELLO", "4")
	c.expect("_\r\n", "CLIENT", "GETNAME")
	c.expect(helloReply("2", 1), "HELLO", "2")
	c.expect("$-1\r\n", "CLIENT", "GETNAME")
	c.expect(helloReply("3", 1), "HELLO", "3")
	c.expect("+RESET\r\n", "RESET")
	c.expect("$-1\r\n", "CLIENT", "GETNAME")

	c.send("CLIENT", "INFO")
	info := c.readBulk()
	if !strings.Contains(info, " resp=2") || !strings.Contains(info, " cmd=client|info ") {
		t.Errorf("CLIENT INFO: %q", info)
	}
}

func TestConnClientKill(t *testing.T) {
	_, addr := startServer(t, engine.Settings{MaxClients: 100})
	a, b := dial(t, addr), dial(t, addr)
	a.expect(":1\r\n", "CLIENT", "ID")
	b.expect(":2\r\n", "CLIENT", "ID")

	// By ID from another connection: counted, and the socket is closed.
	a.expect(":1\r\n", "CLIENT", "KILL", "ID", "2")
	b.expectClosed()
	a.send("CLIENT", "LIST")
	if list := a.readBulk(); strings.Count(list, "\n") != 1 || !strings.HasPrefix(list, "id=1 ") {
		t.Errorf("after KILL ID 2: %q", list)
	}

	// Old form by the victim's address (the server sees our local addr).
	c := dial(t, addr)
	c.expect("+PONG\r\n", "PING")
	a.expect("+OK\r\n", "CLIENT", "KILL", c.nc.LocalAddr().String())
	c.expectClosed()
	a.expect("-ERR No such client\r\n", "CLIENT", "KILL", c.nc.LocalAddr().String())

	// TYPE normal spares the caller; SKIPME no kills it after the reply.
	d, e := dial(t, addr), dial(t, addr)
	d.expect("+PONG\r\n", "PING")
	e.expect("+PONG\r\n", "PING")
	a.expect(":2\r\n", "CLIENT", "KILL", "TYPE", "normal")
	d.expectClosed()
	e.expectClosed()
	a.expect(":1\r\n", "CLIENT", "KILL", "SKIPME", "no")
	a.expectClosed()
}

func TestConnClientReplyAndQuit(t *testing.T) {
	_, addr := startServer(t, engine.Settings{MaxClients: 100})
	c := dial(t, addr)
	// One pipeline: replies of OFF / SKIP / the skipped command vanish.
	var p []byte
	for _, cmd := range [][]string{
		{"CLIENT", "REPLY", "OFF"}, {"PING", "a"}, {"CLIENT", "REPLY", "ON"},
		{"CLIENT", "REPLY", "SKIP"}, {"PING", "b"}, {"PING", "c"},
	} {
		p = append(p, encode(cmd...)...)
	}
	c.sendRaw(p)
	if got := c.read(len("+OK\r\n$1\r\nc\r\n")); got != "+OK\r\n$1\r\nc\r\n" {
		t.Errorf("pipeline: %q", got)
	}
	c.send("CLIENT", "REPLY", "OFF")
	c.send("PING")
	c.expectSilent()
	// QUIT's +OK is suppressed too. The connection closes (Redis 7.0.15
	// leaves it open and ignores all further input).
	c.send("QUIT")
	c.expectClosed()

	q := dial(t, addr)
	q.sendRaw(append(encode("QUIT"), encode("PING")...))
	if got := q.read(5); got != "+OK\r\n" {
		t.Errorf("QUIT: %q", got)
	}
	q.expectClosed()
}
