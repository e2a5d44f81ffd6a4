package redistest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Update makes transcript tests record their expected replies from a real
// redis-server instead of checking luakv against them:
//
//	go test ./tests -run Transcript -update
//
// Expectations are never taken from luakv.
var Update = flag.Bool("update", false, "rewrite transcript expectations from a real redis-server (never from luakv)")

// A transcript is a text file of requests and the raw replies Redis gives
// them, replayed against luakv over loopback:
//
//	# comment
//	=== case name            a new case: FLUSHALL, fresh connections
//	> SET k "a b"            a request, words as redis-cli takes them
//	status:OK                its reply, in the notation of Format
//	2> GET k                 the same on connection 2 (connection 0 is ">")
//	bulk:a b
//	>> "PING\r\nPING\r\n"    raw bytes, Go-quoted
//	status:PONG              one line per reply
//	status:PONG
//	> QUIT
//	status:OK
//	closed                   the server then closes the connection
//	> CLIENT REPLY OFF
//	noreply                  nothing comes back
//	sleep 50ms               wait
//
// Expectation lines that are not exact:
//
//	~type:int:12             only the RESP type must match the sample
//	~shape:array[bulk:1, bulk:2]   types and aggregate sizes must match
//	~re:^:\d+\r\n$           the raw reply must match the Go regexp
//	~any                     any well-formed reply
//
// With -update, each request is sent to redis-server and its replies replace
// the expectation lines; ~re and ~any lines and noreply are kept (a ~re line
// must still match), ~type and ~shape keep their marker with a new sample.
// A request is read for as many replies as it has expectation lines (one if
// none). Raw requests (>>) and requests expecting "closed" are instead read
// until the server closes the connection or goes quiet.
type transcript struct {
	path  string
	items []tItem
}

type itemKind uint8

const (
	itemVerbatim itemKind = iota // comment or blank line
	itemCase
	itemSleep
	itemStep
)

type tItem struct {
	kind    itemKind
	line    int    // 1-based line number
	text    string // the line as written (command line for steps)
	name    string // case name
	step    Step
	expects []expectation
}

type expectKind uint8

const (
	expExact expectKind = iota
	expType
	expShape
	expRe
	expAny
	expClosed
	expNoReply
)

type expectation struct {
	kind expectKind
	text string // the line as written
	raw  []byte // exact, type and shape: the sample reply
	re   *regexp.Regexp
}

func (x expectation) isReply() bool { return x.kind <= expAny }

var cmdLine = regexp.MustCompile(`^(\d*)(>>?) (.*)$`)

func parseTranscript(path string) (*transcript, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	tr := &transcript{path: path}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		ln := strings.TrimRight(lines[i], "\r")
		errf := func(format string, a ...any) error {
			return fmt.Errorf("%s:%d: %s", filepath.Base(path), i+1, fmt.Sprintf(format, a...))
		}
		trimmed := strings.TrimSpace(ln)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
			tr.items = append(tr.items, tItem{kind: itemVerbatim, line: i + 1, text: ln})
		case strings.HasPrefix(ln, "==="):
			tr.items = append(tr.items, tItem{kind: itemCase, line: i + 1, text: ln, name: strings.TrimSpace(ln[3:])})
		case strings.HasPrefix(ln, "sleep "):
			d, err := time.ParseDuration(strings.TrimSpace(ln[6:]))
			if err != nil {
				return nil, errf("%v", err)
			}
			tr.items = append(tr.items, tItem{kind: itemSleep, line: i + 1, text: ln, step: Sleep(d)})
		default:
			m := cmdLine.FindStringSubmatch(ln)
			if m == nil {
				return nil, errf("expected a request (> CMD), a case (===), sleep or a comment: %q", ln)
			}
			it := tItem{kind: itemStep, line: i + 1, text: ln}
			if m[1] != "" {
				it.step.Conn, _ = strconv.Atoi(m[1])
			}
			if m[2] == ">>" {
				raw, err := strconv.Unquote(strings.TrimSpace(m[3]))
				if err != nil {
					return nil, errf("raw request must be one Go-quoted string: %v", err)
				}
				it.step.Raw = []byte(raw)
			} else {
				s, err := safeS(m[3])
				if err != nil {
					return nil, errf("%v", err)
				}
				it.step.Args = s.Args
			}
			for i+1 < len(lines) {
				next := strings.TrimRight(lines[i+1], "\r")
				t := strings.TrimSpace(next)
				if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(next, "===") ||
					strings.HasPrefix(next, "sleep ") || cmdLine.MatchString(next) {
					break
				}
				i++
				x, err := parseExpectation(next)
				if err != nil {
					return nil, errf("%v", err)
				}
				it.expects = append(it.expects, x)
			}
			tr.items = append(tr.items, it)
		}
	}
	return tr, nil
}

func safeS(line string) (st Step, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	st = S(line)
	if len(st.Args) == 0 {
		return st, fmt.Errorf("empty request")
	}
	return st, nil
}

func parseExpectation(line string) (expectation, error) {
	x := expectation{text: line}
	t := strings.TrimSpace(line)
	var err error
	switch {
	case t == "closed":
		x.kind = expClosed
	case t == "noreply":
		x.kind = expNoReply
	case t == "~any":
		x.kind = expAny
	case strings.HasPrefix(t, "~re:"):
		x.kind = expRe
		x.re, err = regexp.Compile(t[4:])
	case strings.HasPrefix(t, "~type:"):
		x.kind = expType
		x.raw, err = Parse(t[6:])
	case strings.HasPrefix(t, "~shape:"):
		x.kind = expShape
		x.raw, err = Parse(t[7:])
	default:
		x.kind = expExact
		x.raw, err = Parse(t)
	}
	return x, err
}

// replyCount is how many replies the expectations describe, and whether
// they end with the connection closed or say no reply comes.
func (it *tItem) replyCount() (n int, closed, noReply bool) {
	for _, x := range it.expects {
		switch {
		case x.isReply():
			n++
		case x.kind == expClosed:
			closed = true
		case x.kind == expNoReply:
			noReply = true
		}
	}
	return n, closed, noReply
}

// RunTranscripts replays every transcript matching glob as a subtest per
// file (and per case), against luakv; with -update, it records them from
// redis-server instead.
func RunTranscripts(t *testing.T, glob string) {
	files, err := filepath.Glob(glob)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no transcripts match %s", glob)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), filepath.Ext(f)), func(t *testing.T) {
			tr, err := parseTranscript(f)
			if err != nil {
				t.Fatal(err)
			}
			if *Update {
				if RedisServerPath() == "" {
					t.Fatal("-update needs redis-server on PATH: " + SkipMessage)
				}
				tr.update(t)
				return
			}
			tr.replay(t)
		})
	}
}

// cases groups the steps by case; steps before the first === form a case
// named after the file.
func (tr *transcript) cases() [][]*tItem {
	var out [][]*tItem
	var cur []*tItem
	for i := range tr.items {
		it := &tr.items[i]
		if it.kind == itemCase && len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
		cur = append(cur, it)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func caseName(items []*tItem) string {
	for _, it := range items {
		if it.kind == itemCase {
			return it.name
		}
	}
	return "prelude"
}

func (tr *transcript) replay(t *testing.T) {
	parent := t
	srv := StartLuakv(parent)
	for _, items := range tr.cases() {
		t.Run(caseName(items), func(t *testing.T) {
			srv = resetLuakv(parent, srv)
			ss := newSession(srv)
			defer ss.close()
			for _, it := range items {
				switch it.kind {
				case itemSleep:
					time.Sleep(it.step.Pause)
				case itemStep:
					if !tr.check(t, ss, it) {
						return
					}
				}
			}
		})
	}
}

// check runs one step against luakv and compares it with its expectations.
func (tr *transcript) check(t *testing.T, ss *session, it *tItem) bool {
	t.Helper()
	where := fmt.Sprintf("%s:%d: %s", filepath.Base(tr.path), it.line, it.text)
	n, closed, noReply := it.replyCount()
	if n == 0 && !closed && !noReply {
		t.Errorf("%s: no expected reply (record it: go test ./tests -run Transcript -update)", where)
		return false
	}
	st := it.step
	st.replies, st.closed = n, closed
	o := ss.do(st)
	if o.Err != nil {
		t.Errorf("%s: %v (got so far: %s)", where, o.Err, quoteReplies(o.Replies))
		return false
	}
	ok := true
	if closed && !o.Closed {
		t.Errorf("%s: the connection should have been closed", where)
		ok = false
	}
	i := 0
	for _, x := range it.expects {
		if !x.isReply() {
			continue
		}
		got := o.Replies[i]
		i++
		var good bool
		switch x.kind {
		case expExact:
			good = string(got) == string(x.raw)
		case expType:
			good = got[0] == x.raw[0]
		case expShape:
			good = skeleton(got) == skeleton(x.raw)
		case expRe:
			good = x.re.Match(got)
		case expAny:
			good = Valid(got) == nil
		}
		if !good {
			t.Errorf("%s\n want: %s\n       %s\n  got: %s\n       %s", where, strings.TrimSpace(x.text), quoteCapped(x.raw), Format(got), quoteCapped(got))
			ok = false
		}
	}
	return ok
}

// update re-records tr from a fresh redis-server and rewrites the file.
func (tr *transcript) update(t *testing.T) {
	srv := StartRedis(t)
	var out strings.Builder
	for _, items := range tr.cases() {
		if r := flushAll(srv); r != "+OK\r\n" {
			t.Fatalf("FLUSHALL: %q", r)
		}
		ss := newSession(srv)
		for _, it := range items {
			switch it.kind {
			case itemSleep:
				time.Sleep(it.step.Pause)
			case itemStep:
				tr.record(t, ss, it)
			}
			out.WriteString(it.text + "\n")
			for _, x := range it.expects {
				out.WriteString(x.text + "\n")
			}
		}
		ss.close()
	}
	tmp := tr.path + ".tmp"
	if err := os.WriteFile(tmp, []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, tr.path); err != nil {
		t.Fatal(err)
	}
}

// record runs it on redis-server and replaces its expectation lines.
func (tr *transcript) record(t *testing.T, ss *session, it *tItem) {
	t.Helper()
	where := fmt.Sprintf("%s:%d: %s", filepath.Base(tr.path), it.line, it.text)
	n, closed, noReply := it.replyCount()
	if noReply {
		o := ss.do(it.step.NoReply())
		if o.Err != nil {
			t.Fatalf("%s: %v", where, o.Err)
		}
		return
	}
	st := it.step
	if st.Raw != nil || closed {
		st = st.Drain()
	} else {
		st.replies = max(n, 1)
	}
	o := ss.do(st)
	if o.Err != nil {
		t.Fatalf("%s: redis-server: %v", where, o.Err)
	}
	old := it.expects
	it.expects = nil
	for i, r := range o.Replies {
		x := expectation{kind: expExact, raw: r, text: Format(r)}
		if i < len(old) && old[i].isReply() {
			switch prev := old[i]; prev.kind {
			case expRe:
				if !prev.re.Match(r) {
					t.Errorf("%s: redis-server's reply %s does not match %s", where, quoteCapped(r), prev.text)
				}
				x = prev
			case expAny:
				x = prev
			case expType:
				x = expectation{kind: expType, raw: r, text: "~type:" + Format(r)}
			case expShape:
				x = expectation{kind: expShape, raw: r, text: "~shape:" + Format(r)}
			}
		}
		it.expects = append(it.expects, x)
	}
	if o.Closed {
		it.expects = append(it.expects, expectation{kind: expClosed, text: "closed"})
	} else if len(o.Replies) == 0 {
		it.expects = append(it.expects, expectation{kind: expNoReply, text: "noreply"})
	}
}

// resetLuakv empties srv for the next case, replacing it with a fresh
// instance if FLUSHALL does not work.
func resetLuakv(t testing.TB, srv *Server) *Server {
	if srv.Engine == nil { // a second redis-server (self-check)
		if r := flushAll(srv); r != "+OK\r\n" {
			t.Fatalf("%s FLUSHALL: %q", srv.Name, r)
		}
		return srv
	}
	if fa := srv.Engine.Table().Get("flushall"); fa != nil && fa.Proc != nil && flushAll(srv) == "+OK\r\n" {
		return srv
	}
	srv.Stop()
	return StartLuakv(t)
}
