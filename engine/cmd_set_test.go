package engine

import (
	"bufio"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// setRows are commands run in order on one engine, with the raw replies
// redis-server 7.0.15 gave for the same sequence (set-max-intset-entries
// 512). A command starting with "~" has an unspecified member order (a
// hashtable): its reply is compared with the members sorted. "HELLO 3"
// switches the client to RESP3 without comparing.
var setRows = []struct{ cmd, want string }{
	{"sadd s 3 1 2 -5 1", ":4\r\n"},
	{"smembers s", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
	{"object encoding s", "$6\r\nintset\r\n"},
	{"sadd s 1", ":0\r\n"},
	{"sadd s 9223372036854775807 -9223372036854775808", ":2\r\n"},
	{"smembers s", "*6\r\n$20\r\n-9223372036854775808\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$19\r\n9223372036854775807\r\n"},
	{"object encoding s", "$6\r\nintset\r\n"},
	{"sadd s 9223372036854775808", ":1\r\n"},
	{"object encoding s", "$9\r\nhashtable\r\n"},
	{"srem s 9223372036854775808", ":1\r\n"},
	{"object encoding s", "$9\r\nhashtable\r\n"},
	{"~smembers s", "*6\r\n$1\r\n2\r\n$19\r\n9223372036854775807\r\n$1\r\n1\r\n$20\r\n-9223372036854775808\r\n$1\r\n3\r\n$2\r\n-5\r\n"},
	{"sadd i 01", ":1\r\n"},
	{"object encoding i", "$9\r\nhashtable\r\n"},
	{"sadd j -0 +1 \" 1\"", ":4\r\n"},
	{"object encoding j", "$9\r\nhashtable\r\n"},
	{"sadd k 0 -1", ":2\r\n"},
	{"object encoding k", "$6\r\nintset\r\n"},
	{"type k", "+set\r\n"},
	{"sadd h foo", ":1\r\n"},
	{"object encoding h", "$9\r\nhashtable\r\n"},
	{"set str x", "+OK\r\n"},
	{"sadd str a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"srem str a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"scard str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"sismember str a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"smismember str a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"smembers str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"srandmember str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"srandmember str 2", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"spop str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"spop str 2", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"sscan str 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"sadd r a b c", ":3\r\n"},
	{"srem r x y", ":0\r\n"},
	{"srem r a x", ":1\r\n"},
	{"~smembers r", "*2\r\n$1\r\nc\r\n$1\r\nb\r\n"},
	{"srem r b c d", ":2\r\n"},
	{"exists r", ":0\r\n"},
	{"srem nokey a", ":0\r\n"},
	{"sadd ri 1 2 3", ":3\r\n"},
	{"srem ri 4 2 a", ":1\r\n"},
	{"smembers ri", "*2\r\n$1\r\n1\r\n$1\r\n3\r\n"},
	{"srem ri 1 3 5", ":2\r\n"},
	{"exists ri", ":0\r\n"},
	{"sadd m 1 2 x", ":3\r\n"},
	{"scard m", ":3\r\n"},
	{"scard nokey", ":0\r\n"},
	{"sismember m x", ":1\r\n"},
	{"sismember m 1", ":1\r\n"},
	{"sismember m 3", ":0\r\n"},
	{"sismember nokey 1", ":0\r\n"},
	{"smismember m 1 x y", "*3\r\n:1\r\n:1\r\n:0\r\n"},
	{"smismember nokey 1 2", "*2\r\n:0\r\n:0\r\n"},
	{"sadd mi 10 20", ":2\r\n"},
	{"sismember mi 10", ":1\r\n"},
	{"sismember mi 010", ":0\r\n"},
	{"sismember mi x", ":0\r\n"},
	{"smismember mi 10 11 a 20", "*4\r\n:1\r\n:0\r\n:0\r\n:1\r\n"},
	{"sadd a1 1 a b", ":3\r\n"},
	{"sadd a2 2 3 4", ":3\r\n"},
	{"smove a1 a2 a", ":1\r\n"},
	{"~smembers a1", "*2\r\n$1\r\n1\r\n$1\r\nb\r\n"},
	{"~smembers a2", "*4\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n3\r\n$1\r\n4\r\n"},
	{"object encoding a2", "$9\r\nhashtable\r\n"},
	{"del a1 a2", ":2\r\n"},
	{"sadd a1 1 a b", ":3\r\n"},
	{"sadd a2 2 3 4", ":3\r\n"},
	{"smove a1 a2 1", ":1\r\n"},
	{"smembers a2", "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n"},
	{"object encoding a2", "$6\r\nintset\r\n"},
	{"smove a1 a2 foo", ":0\r\n"},
	{"smove a1 a1 a", ":1\r\n"},
	{"smove a1 a1 foo", ":0\r\n"},
	{"smove nokey a2 1", ":0\r\n"},
	{"smove a2 a3 2", ":1\r\n"},
	{"smembers a3", "*1\r\n$1\r\n2\r\n"},
	{"object encoding a3", "$6\r\nintset\r\n"},
	{"smove a1 a4 a", ":1\r\n"},
	{"object encoding a4", "$9\r\nhashtable\r\n"},
	{"smove str a2 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"smove a2 str 3", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"smove nokey str 3", ":0\r\n"},
	{"smove a2 str 99", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"sadd one x", ":1\r\n"},
	{"smove one two x", ":1\r\n"},
	{"exists one", ":0\r\n"},
	{"smembers two", "*1\r\n$1\r\nx\r\n"},
	{"sadd x1 1 2 3 4 5", ":5\r\n"},
	{"sadd x2 3 4 5 6 7", ":5\r\n"},
	{"sadd x3 4 5 a", ":3\r\n"},
	{"sinter x1 x2", "*3\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n"},
	{"~sinter x1 x2 x3", "*2\r\n$1\r\n4\r\n$1\r\n5\r\n"},
	{"sinter x1 nokey", "*0\r\n"},
	{"sinter x1 str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"sinter nokey str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"sinter x1 x1 x1", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n"},
	{"sintercard 2 x1 x2", ":3\r\n"},
	{"sintercard 2 x1 x2 limit 2", ":2\r\n"},
	{"sintercard 2 x1 x2 LIMIT 0", ":3\r\n"},
	{"sintercard 2 x1 x2 limit 1 limit 10", ":3\r\n"},
	{"sintercard 3 x1 x2 x3", ":2\r\n"},
	{"sintercard 1 nokey", ":0\r\n"},
	{"sintercard 2 x1 str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"sintercard 0 x1", "-ERR numkeys should be greater than 0\r\n"},
	{"sintercard -1 x1", "-ERR numkeys should be greater than 0\r\n"},
	{"sintercard x x1", "-ERR numkeys should be greater than 0\r\n"},
	{"sintercard 3 x1 x2", "-ERR Number of keys can't be greater than number of args\r\n"},
	{"sintercard 1 x1 limit", "-ERR syntax error\r\n"},
	{"sintercard 1 x1 limit -1", "-ERR LIMIT can't be negative\r\n"},
	{"sintercard 1 x1 limit x", "-ERR LIMIT can't be negative\r\n"},
	{"sintercard 1 x1 foo 1", "-ERR syntax error\r\n"},
	{"sintercard 1 x1 x2", "-ERR syntax error\r\n"},
	{"sinterstore d x1 x2", ":3\r\n"},
	{"smembers d", "*3\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n"},
	{"object encoding d", "$6\r\nintset\r\n"},
	{"sinterstore d x1 x2 x3", ":2\r\n"},
	{"smembers d", "*2\r\n$1\r\n4\r\n$1\r\n5\r\n"},
	{"object encoding d", "$6\r\nintset\r\n"},
	{"sadd hx 1 2 3 a", ":4\r\n"},
	{"srem hx a", ":1\r\n"},
	{"object encoding hx", "$9\r\nhashtable\r\n"},
	{"sinterstore d hx x1", ":3\r\n"},
	{"object encoding d", "$6\r\nintset\r\n"},
	{"smembers d", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
	{"sinterstore d x1 nokey", ":0\r\n"},
	{"exists d", ":0\r\n"},
	{"set d v", "+OK\r\n"},
	{"sinterstore d x1 str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"get d", "$1\r\nv\r\n"},
	{"sinterstore d x1 nokey", ":0\r\n"},
	{"exists d", ":0\r\n"},
	{"sunion x1 x2", "*7\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n"},
	{"sunion x1 nokey x2", "*7\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n"},
	{"sunion nokey", "*0\r\n"},
	{"sunion x1 str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"sunion str nokey", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"~sunion x1 x3", "*6\r\n$1\r\n2\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n3\r\n"},
	{"sunionstore u x1 x2", ":7\r\n"},
	{"smembers u", "*7\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n"},
	{"object encoding u", "$6\r\nintset\r\n"},
	{"sunionstore u x1 x3", ":6\r\n"},
	{"object encoding u", "$9\r\nhashtable\r\n"},
	{"sunionstore u nokey nokey2", ":0\r\n"},
	{"exists u", ":0\r\n"},
	{"set u v", "+OK\r\n"},
	{"sunionstore u x1", ":5\r\n"},
	{"type u", "+set\r\n"},
	{"smembers u", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n"},
	{"sunion hx", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
	{"sdiff x1 x2", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"},
	{"sdiff x1 x2 x3", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"},
	{"sdiff x2 x1", "*2\r\n$1\r\n6\r\n$1\r\n7\r\n"},
	{"sdiff x1 x1", "*0\r\n"},
	{"sdiff x1 nokey x1", "*0\r\n"},
	{"sdiff nokey x1", "*0\r\n"},
	{"sdiff x1 nokey", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n"},
	{"sdiff x1 str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"sdiff str x1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"~sdiff x3 x1", "*1\r\n$1\r\na\r\n"},
	{"sdiff x3 x3 x1", "*0\r\n"},
	{"sdiffstore df x1 x2", ":2\r\n"},
	{"smembers df", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"},
	{"object encoding df", "$6\r\nintset\r\n"},
	{"sdiffstore df x3 x1", ":1\r\n"},
	{"object encoding df", "$9\r\nhashtable\r\n"},
	{"smembers df", "*1\r\n$1\r\na\r\n"},
	{"sdiffstore df x1 x1", ":0\r\n"},
	{"exists df", ":0\r\n"},
	{"sdiffstore df hx x2", ":2\r\n"},
	{"object encoding df", "$6\r\nintset\r\n"},
	{"smembers df", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"},
	{"sadd p 5", ":1\r\n"},
	{"spop p", "$1\r\n5\r\n"},
	{"exists p", ":0\r\n"},
	{"spop p", "$-1\r\n"},
	{"spop p 0", "*0\r\n"},
	{"spop p 3", "*0\r\n"},
	{"sadd p 7", ":1\r\n"},
	{"spop p 0", "*0\r\n"},
	{"spop p x", "-ERR value is out of range, must be positive\r\n"},
	{"spop p -1", "-ERR value is out of range, must be positive\r\n"},
	{"spop p 1 2", "-ERR syntax error\r\n"},
	{"spop p 5", "*1\r\n$1\r\n7\r\n"},
	{"exists p", ":0\r\n"},
	{"sadd p 1 2 3", ":3\r\n"},
	{"spop p 3", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
	{"sadd p 3 2 1", ":3\r\n"},
	{"spop p 10", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
	{"sadd pa a", ":1\r\n"},
	{"spop pa 1", "*1\r\n$1\r\na\r\n"},
	{"srandmember nokey", "$-1\r\n"},
	{"srandmember nokey 5", "*0\r\n"},
	{"srandmember nokey -5", "*0\r\n"},
	{"sadd q 1", ":1\r\n"},
	{"srandmember q", "$1\r\n1\r\n"},
	{"srandmember q 0", "*0\r\n"},
	{"srandmember q 1", "*1\r\n$1\r\n1\r\n"},
	{"srandmember q -3", "*3\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n1\r\n"},
	{"srandmember q 5", "*1\r\n$1\r\n1\r\n"},
	{"srandmember q x", "-ERR value is not an integer or out of range\r\n"},
	{"srandmember q -9223372036854775808", "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"},
	{"srandmember q 9223372036854775807", "*1\r\n$1\r\n1\r\n"},
	{"srandmember q 1 2", "-ERR syntax error\r\n"},
	{"sadd q 2 3", ":2\r\n"},
	{"srandmember q 3", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
	{"srandmember q 10", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
	{"sscan nokey 0", "*2\r\n$1\r\n0\r\n*0\r\n"},
	{"sscan nokey x", "-ERR invalid cursor\r\n"},
	{"sscan nokey 0 count 0", "*2\r\n$1\r\n0\r\n*0\r\n"},
	{"sscan q 0", "*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
	{"sscan q 17", "*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
	{"sscan q 0 match 2*", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\n2\r\n"},
	{"sscan q 0 match *", "*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
	{"sscan q 0 count 0", "-ERR syntax error\r\n"},
	{"sscan q 0 count x", "-ERR value is not an integer or out of range\r\n"},
	{"sscan q 0 count", "-ERR syntax error\r\n"},
	{"sscan q 0 type string", "-ERR syntax error\r\n"},
	{"sscan q -1", "*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
	{"sscan q 18446744073709551616", "-ERR invalid cursor\r\n"},
	{"sscan q x", "-ERR invalid cursor\r\n"},
	{"sscan str 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{"sscan str x", "-ERR invalid cursor\r\n"},
	{"sscan h 0", "*2\r\n$1\r\n0\r\n*1\r\n$3\r\nfoo\r\n"},
	{"sscan h 0 match f*", "*2\r\n$1\r\n0\r\n*1\r\n$3\r\nfoo\r\n"},
	{"sscan h 0 match x*", "*2\r\n$1\r\n0\r\n*0\r\n"},
	{"HELLO 3", "(skip)"},
	{"~smembers s", "~6\r\n$1\r\n2\r\n$19\r\n9223372036854775807\r\n$1\r\n1\r\n$20\r\n-9223372036854775808\r\n$1\r\n3\r\n$2\r\n-5\r\n"},
	{"smembers nokey", "~0\r\n"},
	{"sinter x1 x2", "~3\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n"},
	{"sinter x1 nokey", "~0\r\n"},
	{"sunion x1 x2", "~7\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n"},
	{"sunion nokey", "~0\r\n"},
	{"sdiff x1 x2", "~2\r\n$1\r\n1\r\n$1\r\n2\r\n"},
	{"sdiff nokey", "~0\r\n"},
	{"spop nokey", "_\r\n"},
	{"spop nokey 3", "~0\r\n"},
	{"spop x1 0", "~0\r\n"},
	{"srandmember nokey", "_\r\n"},
	{"srandmember nokey 3", "*0\r\n"},
	{"srandmember x1 0", "*0\r\n"},
	{"srandmember q 10", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
	{"smismember x1 1 9", "*2\r\n:1\r\n:0\r\n"},
	{"sscan q 0", "*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
	{"sintercard 1 x1", ":5\r\n"},
	{"sinterstore d3 x1 x2", ":3\r\n"},
	{"spop q 5", "~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
	{"sadd p1 1", ":1\r\n"},
	{"spop p1 1", "~1\r\n$1\r\n1\r\n"},
}

func TestSetCommandsAgainstRecordedRedis(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	for _, row := range setRows {
		cmd := strings.TrimPrefix(row.cmd, "~")
		if cmd == "HELLO 3" {
			cl.Proto = 3
			continue
		}
		got := do(e, cl, strings.Split(cmd, " ")...)
		want := row.want
		if cmd != row.cmd {
			got, want = setSortReply(t, got), setSortReply(t, want)
		}
		if got != want {
			t.Errorf("%s\n got: %q\nwant: %q", row.cmd, got, want)
		}
	}
}

// setSortReply re-encodes a reply with its aggregate's elements (or, for
// an SSCAN reply, its member list's) in sorted order.
func setSortReply(t *testing.T, raw string) string {
	t.Helper()
	v := setParseReply(t, raw)
	list := &v
	if len(v.elems) == 2 && v.elems[0].kind == '$' && v.elems[1].kind == '*' {
		list = &v.elems[1] // SSCAN: cursor and members
	}
	slices.SortFunc(list.elems, func(a, b setReply) int { return strings.Compare(a.raw, b.raw) })
	return v.encode()
}

// setReply is a parsed RESP2/RESP3 reply with its raw bytes.
type setReply struct {
	kind  byte
	head  string // the first line
	raw   string // the whole reply as read
	elems []setReply
}

// encode writes v back, from its elements for an aggregate.
func (v setReply) encode() string {
	if v.elems == nil {
		return v.raw
	}
	s := v.head
	for _, e := range v.elems {
		s += e.encode()
	}
	return s
}

func setParseReply(t *testing.T, raw string) setReply {
	t.Helper()
	rd := bufio.NewReader(strings.NewReader(raw))
	v, err := setReadReply(rd)
	if err != nil {
		t.Fatalf("bad reply %q: %v", raw, err)
	}
	return v
}

// setReadReply reads one complete RESP2 or RESP3 reply.
func setReadReply(rd *bufio.Reader) (setReply, error) {
	line, err := rd.ReadString('\n')
	if err != nil {
		return setReply{}, err
	}
	v := setReply{kind: line[0], head: line, raw: line}
	switch line[0] {
	case '$', '=', '!':
		n, _ := strconv.Atoi(strings.TrimSpace(line[1:]))
		if n >= 0 {
			buf := make([]byte, n+2)
			if _, err := io.ReadFull(rd, buf); err != nil {
				return v, err
			}
			v.raw += string(buf)
		}
	case '*', '~', '%', '>':
		n, _ := strconv.Atoi(strings.TrimSpace(line[1:]))
		if line[0] == '%' {
			n *= 2
		}
		for i := 0; i < n; i++ {
			el, err := setReadReply(rd)
			if err != nil {
				return v, err
			}
			v.elems = append(v.elems, el)
			v.raw += el.raw
		}
	}
	return v, nil
}
