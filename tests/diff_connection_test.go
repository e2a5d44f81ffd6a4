package tests

import (
	"strings"
	"testing"
	"time"

	rt "luakv/internal/redistest"
)

// clientLine matches one CLIENT LIST / CLIENT INFO line; the numbers that
// vary from run to run (ids, ports, buffer sizes, ages) match any value.
func clientLine(name, db, flags, cmd, resp string) string {
	return `id=\d+ addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:\d+ fd=\d+ name=` + name + ` age=\d+ idle=\d+ flags=` + flags +
		` db=` + db + ` sub=0 psub=0 ssub=0 multi=-1 qbuf=\d+ qbuf-free=\d+ argv-mem=\d+ multi-mem=0 rbs=\d+ rbp=\d+` +
		` obl=\d+ oll=0 omem=0 tot-mem=\d+ events=r cmd=` + strings.ReplaceAll(cmd, "|", `\|`) +
		` user=default redir=-1 resp=` + resp + `\n`
}

// bulkOf matches a bulk string (RESP2) or verbatim string (RESP3) whose
// payload matches body.
func bulkOf(body string) string { return `^(\$\d+\r\n|=\d+\r\ntxt:)` + body + `\r\n$` }

// settle lets both servers notice connections the previous case closed, so
// counts of clients are exact.
var settle = rt.Sleep(100 * time.Millisecond)

func TestDiffConnectionHello(t *testing.T) {
	p := rt.NewPair(t)
	hello := func(args string) rt.Step { return rt.S("HELLO " + args).ShapeOnly() }
	p.Run(t, "hello",
		rt.S("HELLO").ShapeOnly(), rt.S("HELLO").Re(`^\*14\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$6\r\n7\.0\.15\r\n\$5\r\nproto\r\n:2\r\n\$2\r\nid\r\n:\d+\r\n\$4\r\nmode\r\n\$10\r\nstandalone\r\n\$4\r\nrole\r\n\$6\r\nmaster\r\n\$7\r\nmodules\r\n\*0\r\n$`),
		hello("2"), "PING", "GET nokey", hello("3"), "PING", "GET nokey", "MGET a nokey", hello("2"), "GET nokey",
		"HELLO 1", "HELLO 4", "HELLO 0", "HELLO -1", "HELLO abc", `HELLO ""`, "HELLO 3.0", "HELLO 99999999999999999999",
		"GET nokey", "HELLO 3 FOO", "HELLO 3 AUTH default", "HELLO 3 AUTH", "HELLO 3 SETNAME", "GET nokey",
		hello("3 SETNAME myname"), "CLIENT GETNAME", `HELLO 3 SETNAME "bad name"`, "CLIENT GETNAME",
		hello("3 AUTH default anything"), "HELLO 3 AUTH nouser x", hello("2 AUTH default x SETNAME n2"),
		"CLIENT GETNAME", hello("2 SETNAME a SETNAME b"), "CLIENT GETNAME", "HELLO 3 AUTH default x FOO",
		rt.S("HELLO 3").Re(`^%7\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$6\r\n7\.0\.15\r\n\$5\r\nproto\r\n:3\r\n\$2\r\nid\r\n:\d+\r\n`),
		"HELLO 4 SETNAME x", "CLIENT GETNAME", hello("2 setname lower"), "CLIENT GETNAME")
	p.Run(t, "hello id is client id",
		rt.S("CLIENT ID").Save("id", `:(\d+)`).Re(`^:\d+\r\n$`), rt.C("ECHO", "{id}").TypeOnly(),
		rt.S("HELLO 3").Save("hid", `id\r\n:(\d+)`).ShapeOnly(), rt.C("CLIENT", "KILL", "ID", "{hid}", "SKIPME", "yes"))
}

func TestDiffConnectionAuth(t *testing.T) {
	p := rt.NewPair(t)
	p.Run(t, "without a password",
		"AUTH x", "AUTH default x", "AUTH default", "AUTH nouser x", "AUTH a b c", "AUTH", `AUTH ""`,
		"PING")
	q := rt.NewPair(t)
	q.Run(t, "with requirepass",
		"CONFIG SET requirepass secret", "PING",
		rt.S("PING").On(1), rt.S("GET k").On(1), rt.S("ECHO x").On(1), rt.S("NOSUCH").On(1), rt.S("AUTH wrong").On(1),
		rt.S("AUTH default wrong").On(1), rt.S("AUTH nouser secret").On(1), rt.S("HELLO 3").On(1),
		rt.S("HELLO 3 AUTH default wrong").On(1), rt.S("PING").On(1), rt.S("AUTH secret").On(1),
		rt.S("PING").On(1), rt.S("AUTH secret").On(1), rt.S("RESET").On(1), rt.S("PING").On(1),
		rt.S("AUTH default secret").On(1), rt.S("PING").On(1),
		rt.S("HELLO 3 AUTH default secret").On(2).ShapeOnly(), rt.S("PING").On(2), rt.S("GET nokey").On(2),
		rt.S("QUIT").On(3).Closed(), rt.S("SELECT 1").On(4), rt.S("HELLO 2 SETNAME x").On(4),
		rt.S("CLIENT ID").On(4), rt.S("RESET").On(4), rt.S("AUTH").On(4),
		"CONFIG SET requirepass \"\"", rt.S("PING").On(5), "AUTH x")
}

func TestDiffConnectionClient(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "id name",
		rt.S("CLIENT ID").Re(`^:\d+\r\n$`), "CLIENT GETNAME", "CLIENT SETNAME myname", "CLIENT GETNAME",
		`CLIENT SETNAME "a b"`, `CLIENT SETNAME "a\nb"`, `CLIENT SETNAME "a\x01b"`, `CLIENT SETNAME "a\x7fb"`,
		`CLIENT SETNAME "ü"`, "CLIENT SETNAME !@#$%^&*()_+-=[]{};:,./<>?~`", "CLIENT GETNAME",
		`CLIENT SETNAME ""`, "CLIENT GETNAME", "CLIENT SETNAME", "CLIENT SETNAME a b", "CLIENT GETNAME x",
		"CLIENT ID x", "client setname lower", "client getname", rt.S("CLIENT GETNAME").On(1))
	p.Run(t, "client info and list",
		rt.S("CLIENT INFO").Re(bulkOf(clientLine("", "0", "N", "client|info", "2"))),
		"CLIENT SETNAME me", "SELECT 3",
		rt.S("CLIENT INFO").Re(bulkOf(clientLine("me", "3", "N", "client|info", "2"))),
		rt.S("CLIENT LIST").Re(bulkOf(clientLine("me", "3", "N", "client|list", "2"))),
		rt.S("PING").On(1), rt.S("CLIENT SETNAME other").On(1),
		rt.S("CLIENT LIST").Re(bulkOf(clientLine("me", "3", "N", "client|list", "2")+clientLine("other", "0", "N", "client|setname", "2"))),
		rt.S("CLIENT LIST TYPE normal").Re(bulkOf(clientLine("me", "3", "N", "client|list", "2")+clientLine("other", "0", "N", "client|setname", "2"))),
		"CLIENT LIST TYPE pubsub", "CLIENT LIST TYPE master", "CLIENT LIST TYPE replica", "CLIENT LIST TYPE slave",
		"CLIENT LIST TYPE foo", "CLIENT LIST TYPE", "CLIENT LIST ID abc", "CLIENT LIST ID 0", "CLIENT LIST ID 999999",
		"CLIENT LIST ID", "CLIENT LIST FOO", "CLIENT LIST TYPE normal FOO", "CLIENT INFO x",
		rt.S("CLIENT ID").On(1).Save("id1", `:(\d+)`).Re(`^:\d+\r\n$`),
		rt.C("CLIENT", "LIST", "ID", "{id1}").Re(bulkOf(clientLine("other", "0", "N", "client|id", "2"))),
		rt.C("CLIENT", "LIST", "ID", "{id1}", "999999", "{id1}").Re(bulkOf("("+clientLine("other", "0", "N", "client|id", "2")+"){2}")),
		rt.S("HELLO 3").On(2).ShapeOnly(),
		rt.S("CLIENT INFO").On(2).Re(bulkOf(clientLine("", "0", "N", "client|info", "3"))))
	p.Both(t, "reply modes",
		rt.S("CLIENT REPLY OFF").NoReply(), rt.S("PING").NoReply(), rt.S("NOSUCH").NoReply(),
		rt.S("SET k v").NoReply(), rt.S("CLIENT REPLY SKIP").NoReply(), "CLIENT REPLY ON", "GET k",
		rt.S("CLIENT REPLY SKIP").NoReply(), rt.S("ECHO skipped").NoReply(), "ECHO shown",
		rt.S("CLIENT REPLY SKIP").NoReply(), rt.S("CLIENT REPLY SKIP").NoReply(), rt.S("ECHO skipped too").NoReply(),
		"ECHO after",
		"CLIENT REPLY ON", "CLIENT REPLY FOO", "CLIENT REPLY", "CLIENT REPLY ON OFF", "client reply on",
		rt.S("CLIENT REPLY off").NoReply(), rt.Raw("PING\r\nPING\r\nCLIENT REPLY ON\r\nPING\r\n").Replies(2),
		rt.S("CLIENT REPLY SKIP").NoReply(), rt.Raw("PING\r\nECHO a\r\n"))
	p.Both(t, "no-evict and help",
		"CLIENT NO-EVICT on", "CLIENT NO-EVICT off", "CLIENT NO-EVICT ON", "CLIENT NO-EVICT foo",
		"CLIENT NO-EVICT", "CLIENT HELP", "CLIENT help", "CLIENT HELP x", "CLIENT NOSUCH", "CLIENT")
}

func TestDiffConnectionClientKill(t *testing.T) {
	p := rt.NewPair(t)
	id := func(conn int, name string) rt.Step {
		return rt.S("CLIENT ID").On(conn).Save(name, `:(\d+)`).Re(`^:\d+\r\n$`)
	}
	addr := func(conn int, name, field string) rt.Step {
		return rt.S("CLIENT INFO").On(conn).Save(name, field+`=(\S+)`).TypeOnly()
	}
	p.Run(t, "errors",
		"CLIENT KILL 1.2.3.4:5", "CLIENT KILL nonsense", "CLIENT KILL ID", "CLIENT KILL ID abc", "CLIENT KILL ID 0",
		"CLIENT KILL ID -5", "CLIENT KILL ID 999999", "CLIENT KILL ADDR 1.2.3.4:5", "CLIENT KILL LADDR 1.2.3.4:5",
		"CLIENT KILL USER nosuch", "CLIENT KILL SKIPME foo", "CLIENT KILL SKIPME yes", "CLIENT KILL TYPE foo",
		"CLIENT KILL FOO bar", "CLIENT KILL ID 1 FOO", "CLIENT KILL", "client kill id 999999", "PING")
	p.Run(t, "by id",
		settle, id(1, "id1"), id(2, "id2"), rt.C("CLIENT", "KILL", "ID", "{id1}"), rt.WaitClose(1),
		rt.C("CLIENT", "KILL", "ID", "{id1}"), rt.S("PING").On(2), rt.C("CLIENT", "KILL", "ID", "{id2}", "ID", "{id2}"),
		rt.WaitClose(2))
	p.Run(t, "old form by address",
		settle, addr(1, "a1", "addr"), rt.C("CLIENT", "KILL", "{a1}"), rt.WaitClose(1), rt.C("CLIENT", "KILL", "{a1}"))
	p.Run(t, "by addr",
		settle, addr(1, "a1", "addr"), rt.S("PING").On(2), rt.C("CLIENT", "KILL", "ADDR", "{a1}"), rt.WaitClose(1),
		rt.S("PING").On(2), rt.C("CLIENT", "KILL", "ADDR", "{a1}"))
	p.Run(t, "by laddr kills every other client",
		settle, addr(0, "la", "laddr"), rt.S("PING").On(1), rt.S("PING").On(2), rt.C("CLIENT", "KILL", "LADDR", "{la}"),
		rt.WaitClose(1), rt.WaitClose(2), "PING")
	p.Run(t, "by user",
		settle, rt.S("PING").On(1), rt.S("PING").On(2), "CLIENT KILL USER default", rt.WaitClose(1), rt.WaitClose(2),
		rt.S("PING").On(3), "CLIENT KILL USER default SKIPME yes", rt.WaitClose(3))
	p.Run(t, "type normal",
		settle, rt.S("PING").On(1), "CLIENT KILL TYPE normal", rt.WaitClose(1), "CLIENT KILL TYPE pubsub",
		"CLIENT KILL TYPE master")
	p.Run(t, "skipme no kills the caller after its reply",
		settle, id(0, "me"), rt.C("CLIENT", "KILL", "ID", "{me}", "SKIPME", "yes"),
		rt.C("CLIENT", "KILL", "ID", "{me}", "SKIPME", "no").Closed())
	p.Run(t, "skipme no with user",
		settle, rt.S("PING").On(1), rt.S("CLIENT KILL USER default SKIPME no").Closed(), rt.WaitClose(1))
	p.Run(t, "filters combine with and",
		settle, id(1, "id1"), addr(2, "a2", "addr"), rt.C("CLIENT", "KILL", "ID", "{id1}", "ADDR", "{a2}"),
		rt.S("PING").On(1), rt.S("PING").On(2), rt.C("CLIENT", "KILL", "ID", "{id1}", "USER", "default"),
		rt.WaitClose(1), rt.S("PING").On(2))
	p.Run(t, "old form on self",
		settle, addr(0, "self", "addr"), rt.C("CLIENT", "KILL", "{self}").Closed())
}

func TestDiffConnectionReset(t *testing.T) {
	p := rt.NewPair(t)
	p.Run(t, "reset",
		"RESET", "RESET", "SELECT 5", "CLIENT SETNAME n", rt.S("HELLO 3").ShapeOnly(), "CLIENT NO-EVICT on",
		"GET nokey", "RESET", "GET nokey", "CLIENT GETNAME",
		// RESET leaves NO-EVICT on (flags=e) in Redis 7.0.
		rt.S("CLIENT INFO").Re(bulkOf(clientLine("", "0", "e", "client|info", "2"))),
		rt.S("CLIENT REPLY OFF").NoReply(), "RESET", "PING", rt.S("CLIENT REPLY SKIP").NoReply(),
		rt.S("RESET").NoReply(), "PING",
		"RESET x", "reset")
	p.Run(t, "reset keeps the connection and data",
		"SET k v", "SELECT 2", "SET k2 v2", "RESET", "GET k", "GET k2", rt.S("CLIENT ID").TypeOnly())
}
