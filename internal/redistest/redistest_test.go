package redistest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every frame type, as one reply each.
var frames = []string{
	"+OK\r\n",
	"-ERR unknown command 'x', with args beginning with: \r\n",
	":-12\r\n",
	"$0\r\n\r\n",
	"$5\r\na\r\nbc\r\n",
	"$-1\r\n",
	"*-1\r\n",
	"*0\r\n",
	"*3\r\n:1\r\n$1\r\nx\r\n*1\r\n+y\r\n",
	"_\r\n",
	",3.14\r\n",
	",inf\r\n",
	"#t\r\n",
	"(3492890328409238509324850943850943825024385\r\n",
	"=15\r\ntxt:Some string\r\n",
	"!21\r\nSYNTAX invalid syntax\r\n",
	"%2\r\n+a\r\n:1\r\n$1\r\nb\r\n_\r\n",
	"~2\r\n:1\r\n:2\r\n",
	">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n",
	"|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n", // attribute, then the reply
	"*2\r\n$3\r\na,b\r\n$3\r\n[x]\r\n",
	"*1\r\n$0\r\n\r\n",
	"$2\r\n\"q\r\n",
	"+ lead\r\n",
	"$2\r\n\x00\xff\r\n",
}

func TestReadReplyFramesEachReply(t *testing.T) {
	all := strings.Join(frames, "")
	br := bufio.NewReaderSize(strings.NewReader(all), 16) // force long lines across buffer fills
	for _, want := range frames {
		got, err := ReadReply(br)
		if err != nil {
			t.Fatalf("%q: %v", want, err)
		}
		if string(got) != want {
			t.Fatalf("got %q want %q", got, want)
		}
	}
	if _, err := ReadReply(br); err != io.EOF {
		t.Fatalf("after the last reply: %v, want EOF", err)
	}
}

func TestReadReplyRejectsMalformed(t *testing.T) {
	for _, bad := range []string{"?x\r\n", "+OK\n", "$3\r\nabcd\r\n", "$-2\r\n", "*x\r\n", "!-1\r\n", "\r\n"} {
		_, err := ReadReply(bufio.NewReader(strings.NewReader(bad)))
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("%q: err %v, want ErrMalformed", bad, err)
		}
	}
	for _, short := range []string{"+OK", "$3\r\nab", "*2\r\n:1\r\n"} {
		_, err := ReadReply(bufio.NewReader(strings.NewReader(short)))
		if err != io.ErrUnexpectedEOF {
			t.Errorf("%q: err %v, want ErrUnexpectedEOF", short, err)
		}
	}
}

func TestNotationRoundTrips(t *testing.T) {
	for _, raw := range frames {
		s := Format([]byte(raw))
		if strings.Contains(s, "\n") {
			t.Errorf("%q formats over several lines: %q", raw, s)
		}
		back, err := Parse(s)
		if err != nil {
			t.Errorf("%q -> %q: %v", raw, s, err)
			continue
		}
		if string(back) != raw {
			t.Errorf("%q -> %q -> %q", raw, s, back)
		}
	}
}

func TestNotationExamples(t *testing.T) {
	for _, c := range []struct{ in, raw string }{
		{"status:OK", "+OK\r\n"},
		{"error:ERR wrong number of arguments for 'get' command", "-ERR wrong number of arguments for 'get' command\r\n"},
		{"int:1", ":1\r\n"},
		{"bulk:v", "$1\r\nv\r\n"},
		{"bulk:hello world", "$11\r\nhello world\r\n"},
		{`bulk:"a\r\nb"`, "$4\r\na\r\nb\r\n"},
		{"bulk:", "$0\r\n\r\n"},
		{"null", "$-1\r\n"},
		{"null-array", "*-1\r\n"},
		{"nil", "_\r\n"},
		{"array[]", "*0\r\n"},
		{"array[bulk:a b , int:2,array[nil]]", "*3\r\n$3\r\na b\r\n:2\r\n*1\r\n_\r\n"},
		{`map[bulk:k, bulk:"v,1"]`, "%1\r\n$1\r\nk\r\n$3\r\nv,1\r\n"},
		{"set[int:1]", "~1\r\n:1\r\n"},
		{"double:1.5", ",1.5\r\n"},
		{"bool:f", "#f\r\n"},
		{"verbatim:txt:hi", "=6\r\ntxt:hi\r\n"},
		{`raw:"+OK\r\n"`, "+OK\r\n"},
	} {
		got, err := Parse(c.in)
		if err != nil || string(got) != c.raw {
			t.Errorf("Parse(%q) = %q, %v; want %q", c.in, got, err, c.raw)
		}
	}
	for _, bad := range []string{"status", "bogus:1", "array[int:1", `array[bulk:"x" int:2]`, `bulk:"x`, "map[int:1]", `status:"a\r\n"`} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestSkeleton(t *testing.T) {
	a := skeleton([]byte("*2\r\n$10\r\n1712345678\r\n$6\r\n123456\r\n"))
	b := skeleton([]byte("*2\r\n$10\r\n1712345679\r\n$5\r\n12345\r\n"))
	c := skeleton([]byte("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"))
	if a != b || a == c {
		t.Fatalf("skeletons %q %q %q", a, b, c)
	}
}

func TestParseTranscript(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.txt")
	src := "# c\n=== one\n> SET k \"a b\"\nstatus:OK\n2> GET k\n~re:^\\$3\n>> \"PING\\r\\n\"\nstatus:PONG\nclosed\n\nsleep 5ms\n> CLIENT REPLY OFF\nnoreply\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	tr, err := parseTranscript(p)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []itemKind
	for _, it := range tr.items {
		kinds = append(kinds, it.kind)
	}
	want := []itemKind{itemVerbatim, itemCase, itemStep, itemStep, itemStep, itemVerbatim, itemSleep, itemStep}
	if len(kinds) != len(want) {
		t.Fatalf("kinds %v want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("kinds %v want %v", kinds, want)
		}
	}
	set := tr.items[2]
	if strings.Join(set.step.Args, "|") != "SET|k|a b" || len(set.expects) != 1 {
		t.Fatalf("SET step %+v", set)
	}
	if get := tr.items[3]; get.step.Conn != 2 || get.expects[0].kind != expRe {
		t.Fatalf("GET step %+v", get)
	}
	raw := tr.items[4]
	if n, closed, _ := raw.replyCount(); !bytes.Equal(raw.step.Raw, []byte("PING\r\n")) || n != 1 || !closed {
		t.Fatalf("raw step %+v", raw)
	}
	if _, _, noReply := tr.items[7].replyCount(); !noReply {
		t.Fatal("noreply not parsed")
	}
	for _, bad := range []string{"GET k\n", "> SET k \"a\nstatus:OK\n", "> GET k\nbogus\n", ">> PING\n"} {
		os.WriteFile(p, []byte(bad), 0o644)
		if _, err := parseTranscript(p); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// The harness must see a difference where there is one and none where
// there is none; PING and ECHO exist on both servers.
func TestPairDiff(t *testing.T) {
	p := NewPair(t)
	p.Diff(t,
		C("PING"),
		S(`ECHO "hello world"`).On(1),
		Raw("PING\r\nPING\r\n").Replies(2),
		C("PING", "x").TypeOnly(),
		C("ECHO", "12").Re(`^\$2\r\n\d+\r\n$`),
		C("QUIT").Closed(),
		C("PING"), // reconnects
	)
	ft := &fakeT{TB: t}
	p.Diff(ft, C("ECHO", "x").Re(`^\$1\r\ny`))
	if !ft.failed {
		t.Fatal("a regexp neither reply matches was not reported")
	}
}

type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Errorf(string, ...any) { f.failed = true }
func (f *fakeT) Fatalf(string, ...any) { f.failed = true }
func (f *fakeT) Helper()               {}

func TestUnorderedCompare(t *testing.T) {
	a := []byte("*2\r\n$1\r\n0\r\n*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n")
	b := []byte("*2\r\n$1\r\n0\r\n*3\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n")
	c := []byte("*2\r\n$1\r\n0\r\n*3\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\na\r\n")
	if !sameReply(Unordered, nil, a, b) || sameReply(Unordered, nil, a, c) || sameReply(Exact, nil, a, b) {
		t.Fatal("unordered comparison is wrong")
	}
	m1 := []byte("%2\r\n+k1\r\n:1\r\n+k2\r\n:2\r\n")
	m2 := []byte("%2\r\n+k2\r\n:2\r\n+k1\r\n:1\r\n")
	m3 := []byte("%2\r\n+k2\r\n:1\r\n+k1\r\n:2\r\n")
	if !sameReply(Unordered, nil, m1, m2) || sameReply(Unordered, nil, m1, m3) {
		t.Fatal("maps must compare as sets of pairs")
	}
}

func TestSavedValues(t *testing.T) {
	p := NewPair(t)
	p.Diff(t,
		S("ECHO id=42").Save("id", `id=(\d+)`),
		C("ECHO", "x{id}y"),
		C("ECHO", "{nosuch}"),
	)
	ss := newSession(p.Redis)
	defer ss.close()
	ss.vars["a"] = "1"
	if got := ss.expand([]string{"{a}", "b{a}{a}", "{b}"}); got[0] != "1" || got[1] != "b11" || got[2] != "{b}" {
		t.Fatalf("expand: %q", got)
	}
}
