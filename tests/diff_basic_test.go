package tests

import (
	"strings"
	"testing"

	rt "luakv/internal/redistest"
)

// The commands the engine core answers itself: PING, ECHO, SELECT, QUIT,
// unknown commands and arity errors, inline requests and pipelining.
func TestDiffBasics(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "ping", "PING", "ping", "PING hello", `PING ""`, `PING "\x00\r\n\xff"`, "PING a b", "PING a b c")
	p.Both(t, "echo", "ECHO x", `ECHO ""`, `ECHO "a b\r\nc"`, "ECHO", "ECHO a b", `ECHO "\x00"`)
	p.Both(t, "select",
		"SELECT 0", "SELECT 15", "SELECT 16", "SELECT -1", "SELECT 2147483647", "SELECT 2147483648",
		"SELECT -2147483649", "SELECT 99999999999999999999", "SELECT x", `SELECT ""`, "SELECT 1.0",
		`SELECT " 1"`, "SELECT 01", "SELECT +1", "SELECT", "SELECT 1 2")
	p.Run(t, "select is per connection",
		"SELECT 5", "ECHO a", rt.S("ECHO b").On(1), rt.S("SELECT 16").On(1), "ECHO c")
	p.Both(t, "unknown command",
		"NOSUCH", "nosuch a b", `NOSUCH "" ""`, `"" x`, `"a b" "c d"`, `"x\r\ny" "\r\n"`,
		`"\x00abc" "de\x00f"`, "UNKNOWN "+strings.Repeat("x", 200), strings.Repeat("Y", 200)+" a",
		"UNKNOWN "+strings.Repeat("ab ", 80), "UNKNOWN "+strings.Repeat("z", 127)+" q",
		"UNKNOWN "+strings.Repeat("z", 126)+" q", "UNKNOWN "+strings.Repeat("z", 125)+" q r")
	p.Both(t, "arity", "GET", "GET a b", "SET a", "ECHO", "SELECT", "MGET", "MSET a",
		"DEL", "EXISTS", "EXPIRE k", "TYPE", "TYPE a b", "INCR", "INCRBY k", "GETRANGE k 0", "SETBIT k 1",
		"BITOP AND", "LCS a", "COPY a", "RENAME a", "SWAPDB 0", "DBSIZE x", "TIME x", "RESET x")
	p.Both(t, "unknown subcommand", "CONFIG NOSUCH", "config nosuch a b", "CLIENT NOSUCH",
		"OBJECT NOSUCH k", "COMMAND NOSUCH", "MEMORY NOSUCH", "CONFIG", "CLIENT", "OBJECT", "MEMORY",
		`CONFIG "\r\n"`, "CONFIG GET", "CLIENT SETNAME", "CLIENT ID x", "OBJECT ENCODING",
		"MEMORY USAGE", "COMMAND COUNT x", "CONFIG "+strings.Repeat("s", 200))
	p.Run(t, "quit", "PING", rt.S("QUIT").Closed(), "PING", rt.S("QUIT a b c").Closed())
	p.Run(t, "quit on one connection leaves the other", rt.S("PING").On(1), rt.S("QUIT").Closed(), rt.S("ECHO still").On(1))
	p.Run(t, "inline",
		rt.Raw("PING\r\n"), rt.Raw("PING\n"), rt.Raw("ECHO hi\r\n"), rt.Raw("echo \"a\\x41\\nb\" \r\n"),
		rt.Raw("   \r\n\r\n\nPING\r\n"), rt.Raw("ECHO a\tb\r\n").Replies(1),
		rt.Raw("NOSUCH x 'y z'\r\n"), rt.Raw("ECHO\r\n"), rt.Raw("ping \"\"\r\n"),
		rt.Raw("ECHO \"\\xzz\"\r\n"), rt.Raw("ECHO \"\\\"\"\r\n"), rt.Raw("ECHO 'a\\'b'\r\n"),
		rt.Raw("ECHO \"\\t\\b\\a\\r\"\r\n"))
	p.Run(t, "inline quit", rt.Raw("QUIT\r\n").Closed())
	p.Run(t, "pipeline",
		rt.Raw("PING\r\nPING\r\nECHO a\r\n").Replies(3),
		rt.Raw("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\nPING x\r\n").Replies(3),
		rt.Raw("NOSUCH\r\nECHO\r\nSELECT 99\r\nPING\r\n").Replies(4),
		rt.Raw("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n").Replies(1),
		rt.Raw("PING\r\nQUIT\r\nPING\r\nPING\r\n").Drain())
	p.Run(t, "request split across writes",
		rt.Raw("*2\r\n$4\r\nEC").NoReply(), rt.Raw("HO\r\n$3\r\na").NoReply(), rt.Raw("bc\r\n"),
		rt.Raw("PI").NoReply(), rt.Raw("NG\r").NoReply(), rt.Raw("\n"))
	p.Run(t, "big pipeline", rt.Raw(strings.Repeat("*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n", 2000)).Replies(2000))
	p.Run(t, "big argument", rt.C("ECHO", strings.Repeat("v", 1<<20)), rt.C("PING", strings.Repeat("\x00", 70000)))
}
