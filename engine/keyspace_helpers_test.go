package engine

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// The keyspace tests replay command scripts whose expected replies were
// captured, byte for byte, from redis-server 7.0.15 (each line sent as an
// inline command, which Redis splits exactly as SplitArgs does).

// ksCase is one scripted command and its raw RESP reply. Directives:
// "!resp2"/"!resp3" switch the client's protocol, "!sleep 0.1" sleeps.
type ksCase struct{ cmd, want string }

// ksStubs stand in for commands other branches implement (strings, server,
// debug), so these tests run on their own. They apply only to rows that
// have no handler, so once the real commands are merged the tests exercise
// those instead.
var ksStubs = map[string]Proc{
	"set": func(c *Ctx) {
		c.DB.SetString(c.Args[1], c.Args[2], false)
		if len(c.Args) == 5 {
			n, _ := ParseInt(c.Args[4])
			if EqualFold(c.Args[3], "ex") {
				n *= 1000
			}
			c.DB.SetExpire(c.DB.Peek(c.Args[1]), c.E.Now()+n)
		}
		c.OK()
	},
	"get": func(c *Ctx) {
		en := c.DB.Lookup(c.Args[1])
		if en == nil {
			c.WriteNull()
			return
		}
		c.WriteBulk(en.StringBytes())
	},
	"append": func(c *Ctx) {
		en := c.DB.LookupWrite(c.Args[1])
		if en == nil {
			// Like Redis, a new key is stored as a plain string.
			c.DB.SetString(c.Args[1], c.Args[2], false)
			c.WriteInt(int64(len(c.Args[2])))
			return
		}
		b := append([]byte(nil), en.StringBytes()...)
		b = append(b, c.Args[2]...)
		c.DB.SetObject(c.Args[1], &RawString{B: b}, true)
		c.WriteInt(int64(len(b)))
	},
	"dbsize":  func(c *Ctx) { c.WriteInt(int64(c.DB.Len())) },
	"flushdb": func(c *Ctx) { c.DB.Flush(); c.OK() },
	"flushall": func(c *Ctx) {
		for _, db := range c.E.dbs {
			db.Flush()
		}
		c.OK()
	},
	"debug": func(c *Ctx) {
		if EqualFold(c.Args[1], "set-active-expire") {
			c.E.SetActiveExpire(c.Args[2][0] == '1')
		}
		c.OK()
	},
}

// ksEngine is a test engine with the full command table plus ksStubs.
func ksEngine(t testing.TB) *Engine {
	t.Helper()
	rows := slices.Clone(Commands)
	for i := range rows {
		if p, ok := ksStubs[rows[i].Name]; ok && rows[i].Proc == nil {
			rows[i].Proc = p
		}
	}
	e := New(rows, Settings{Databases: 16, MaxClients: 10000, EnableDebugCommand: true})
	e.DumpDir = t.TempDir()
	return e
}

// doLine runs one inline command line and returns the raw reply.
func doLine(e *Engine, cl *Client, line string) string {
	args, ok := SplitArgs([]byte(line))
	if !ok || len(args) == 0 {
		panic("bad test command line: " + line)
	}
	w := NewRespWriter(cl.Proto)
	e.RunBatch(cl, w, [][][]byte{args}, 0)
	return string(w.Buf)
}

// runCases replays a script on a fresh client of e.
func runKeyspaceCases(t *testing.T, e *Engine, cases []ksCase) {
	t.Helper()
	cl := testClient(e)
	for _, tc := range cases {
		switch {
		case tc.cmd == "!resp2":
			cl.Proto = 2
			continue
		case tc.cmd == "!resp3":
			cl.Proto = 3
			continue
		case strings.HasPrefix(tc.cmd, "!sleep "):
			d, err := time.ParseDuration(strings.TrimPrefix(tc.cmd, "!sleep ") + "s")
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(d)
			continue
		}
		if got := doLine(e, cl, tc.cmd); got != tc.want {
			t.Errorf("%s\n got: %q\nwant: %q", tc.cmd, got, tc.want)
		}
	}
}

// inExec runs fn inside the executor.
func inExec(e *Engine, fn func(c *Ctx)) {
	cl := &Client{}
	e.Run(cl, NewRespWriter(2), fn)
}

// sortedKeys parses a flat RESP array of bulk strings (KEYS) and sorts it.
func sortedKeys(t *testing.T, raw string) []string {
	t.Helper()
	keys, rest := parseBulkArray(t, raw)
	if rest != "" {
		t.Fatalf("trailing bytes after array: %q", rest)
	}
	slices.Sort(keys)
	return keys
}

// parseBulkArray parses "*n\r\n" followed by n bulk strings.
func parseBulkArray(t *testing.T, raw string) ([]string, string) {
	t.Helper()
	line, rest, ok := strings.Cut(raw, "\r\n")
	if !ok || line == "" || line[0] != '*' {
		t.Fatalf("not an array: %q", raw)
	}
	n := atoiT(t, line[1:])
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		var hdr string
		hdr, rest, _ = strings.Cut(rest, "\r\n")
		if hdr == "" || hdr[0] != '$' {
			t.Fatalf("not a bulk string: %q", hdr)
		}
		l := atoiT(t, hdr[1:])
		out = append(out, rest[:l])
		rest = rest[l+2:]
	}
	return out, rest
}

// parseScanReply splits a SCAN reply into its cursor and keys.
func parseScanReply(t *testing.T, raw string) (string, []string) {
	t.Helper()
	if !strings.HasPrefix(raw, "*2\r\n") {
		t.Fatalf("not a SCAN reply: %q", raw)
	}
	raw = raw[4:]
	hdr, rest, _ := strings.Cut(raw, "\r\n")
	l := atoiT(t, hdr[1:])
	cursor := rest[:l]
	keys, tail := parseBulkArray(t, rest[l+2:])
	if tail != "" {
		t.Fatalf("trailing bytes after SCAN reply: %q", tail)
	}
	return cursor, keys
}

func atoiT(t *testing.T, s string) int {
	t.Helper()
	n, ok := ParseInt([]byte(s))
	if !ok {
		t.Fatalf("bad integer %q", s)
	}
	return int(n)
}
