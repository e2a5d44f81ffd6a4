package tests

import (
	"strings"
	"testing"

	rt "luakv/internal/redistest"
)

// Raw requests that break the protocol. Every step drains the connection:
// it reads until the server closes it or goes quiet, so both the error reply
// and the close are compared.
func drain(b string) rt.Step { return rt.Raw(b).Drain() }

func TestDiffProtocolErrors(t *testing.T) {
	p := rt.NewPair(t)
	p.Run(t, "invalid multibulk length",
		drain("*abc\r\n"), drain("*2147483648\r\n"), drain("*01\r\n$4\r\nPING\r\n"),
		drain("*+1\r\n$4\r\nPING\r\n"), drain("*\r\nPING\r\n"), drain("*-\r\n"), drain("* 1\r\n"),
		drain("*1x\r\n"), drain("*99999999999999999999\r\n"), drain("*-2147483649\r\n"))
	p.Run(t, "invalid bulk length",
		drain("*1\r\n$x\r\n"), drain("*1\r\n$-1\r\n"), drain("*1\r\n$-2\r\n"), drain("*1\r\n$ 1\r\nx\r\n"),
		drain("*1\r\n$04\r\nPING\r\n"), drain("*1\r\n$536870913\r\n"), drain("*1\r\n$1x\r\n"),
		drain("*1\r\n$\r\n"), drain("*2\r\n$4\r\nECHO\r\n$99999999999999999999\r\n"))
	p.Run(t, "expected dollar",
		drain("*1\r\n+PING\r\n"), drain("*2\r\n$4\r\nECHO\r\n:1\r\n"), drain("PING\r\n*1\r\nPING\r\n"),
		drain("*1\r\n\r\n"), drain("*2\r\n$4\r\nECHO\r\n*1\r\n"), drain("*1\r\n\x00\r\n"), drain("*1\r\n\xff\r\n"))
	p.Run(t, "unbalanced quotes",
		drain("ECHO \"abc\r\n"), drain("ECHO 'abc\r\n"), drain("ECHO 'a'b\r\n"), drain("ECHO \"a\"b\r\n"),
		drain("\"\r\n"), drain("PING\r\nECHO \"x\r\n"), drain("ECHO \"a\\\"\r\n"))
	p.Run(t, "too big inline request",
		drain(strings.Repeat("A", 70000)), drain(strings.Repeat("B", 65537)),
		drain("PING\r\n"+strings.Repeat("C", 65537)))
	p.Run(t, "inline of exactly 64KB waits, then runs",
		rt.Raw(strings.Repeat("D", 65536)).NoReply(), drain("\r\n"))
	p.Run(t, "too big mbulk count string",
		drain("*"+strings.Repeat("1", 70000)), drain("*"+strings.Repeat("2", 65537)))
	p.Run(t, "too big bulk count string",
		drain("*1\r\n$"+strings.Repeat("1", 70000)), drain("*2\r\n$4\r\nECHO\r\n$"+strings.Repeat("9", 65537)))
	p.Run(t, "empty and negative multibulk are skipped",
		drain("*0\r\nPING\r\n"), drain("*-1\r\nPING\r\n"), drain("*-5\r\n*0\r\n*-1\r\nECHO x\r\n"), drain("*0\r\n"))
	p.Run(t, "nul bytes in inline requests",
		rt.Raw("PI\x00NG\r\n").Drain(), drain(strings.Repeat("x", 70000)))
	p.Run(t, "nul byte in an inline argument waits",
		rt.Raw("ECHO \"a\x00b\"\r\n").Drain(), rt.Raw("PING\r\n").Drain())
	p.Run(t, "nul byte in a multibulk header waits",
		rt.Raw("*1\x00\r\n$4\r\nPING\r\n").Drain(), drain(strings.Repeat("y", 70000)))
	p.Run(t, "nul bytes in multibulk arguments are data",
		drain("*1\r\n$4\r\nPI\x00G\r\n"), drain("*2\r\n$4\r\nECHO\r\n$3\r\n\x00\x00\x00\r\n"),
		drain("*2\r\n$4\r\nECHO\r\n$3\r\na\r\n\r\n"))
	p.Run(t, "payload terminator is not checked",
		drain("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n"), drain("*1\r\n$0\r\n\r\n"))
	p.Run(t, "partial requests wait",
		rt.Raw("*3\r\n$3\r\nSET\r\n").Drain(), rt.Raw("*2147483647\r\n").Drain(),
		rt.Raw("*1\r\n$536870912\r\n").Drain(), rt.Raw("PING\r").Drain())
	p.Run(t, "pipelined requests before the error get replies",
		drain("PING\r\nECHO a\r\n*1\r\n$x\r\n"), drain("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$1\r\nb\r\n*x\r\n"),
		drain("NOSUCH\r\nECHO \"unterminated\r\n"), drain("PING\r\nPING\r\n*1\r\n+x\r\nPING\r\n"),
		drain("SELECT 1\r\nSELECT 99\r\n"+strings.Repeat("Z", 70000)))
	p.Run(t, "the server keeps serving other connections",
		rt.S("PING").On(1), drain("*x\r\n"), rt.S("ECHO alive").On(1), rt.S("PING").On(2),
		rt.Raw("*1\r\n$y\r\n").Drain().On(1), rt.S("ECHO fine").On(2))
	p.Run(t, "error text is sanitized", drain("*1\r\n\r\r\n"), drain("*2\r\n$4\r\nECHO\r\n\n\r\n"))
}

// proto-max-bulk-len and client-query-buffer-limit, lowered on both servers
// (each test has its own pair, so nothing leaks into other tests).
func TestDiffProtocolLimits(t *testing.T) {
	p := rt.NewPair(t)
	p.Run(t, "proto-max-bulk-len",
		"CONFIG SET proto-max-bulk-len 1048576", "CONFIG GET proto-max-bulk-len",
		rt.C("ECHO", strings.Repeat("m", 1048576)),
		drain("*2\r\n$4\r\nECHO\r\n$1048577\r\n"),
		rt.S("CONFIG SET proto-max-bulk-len 1000").On(1), rt.S("CONFIG SET proto-max-bulk-len 1mb").On(1),
		rt.S("CONFIG SET proto-max-bulk-len 512mb").On(1))
	q := rt.NewPair(t)
	q.Run(t, "client-query-buffer-limit",
		"CONFIG SET client-query-buffer-limit 1mb",
		drain("*2\r\n$4\r\nECHO\r\n$1500000\r\n"+strings.Repeat("q", 1400000)),
		rt.S("PING").On(1),
		rt.S("CONFIG SET client-query-buffer-limit 1gb").On(2))
}

// Before AUTH, Redis accepts at most 10 arguments of at most 16 KB each.
func TestDiffProtocolUnauthenticated(t *testing.T) {
	p := rt.NewPair(t)
	p.Run(t, "unauthenticated limits",
		"CONFIG SET requirepass secret",
		rt.S("PING").On(1), drain("*11\r\n").On(2), drain("*1\r\n$16385\r\n").On(3),
		rt.Raw("*10\r\n").Drain().On(4), rt.Raw("*2\r\n$4\r\nECHO\r\n$16384\r\n").Drain().On(5),
		rt.S("AUTH secret").On(6), drain("*11\r\n$4\r\nECHO\r\n").On(6),
		rt.S("CONFIG SET requirepass \"\"").On(6))
}
