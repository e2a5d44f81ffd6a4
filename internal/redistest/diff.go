package redistest

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// Pair is a redis-server and a luakv server side by side, for differential
// tests: the same requests go to both and the raw replies must be equal.
type Pair struct {
	Redis *Server
	Luakv *Server

	t testing.TB
}

// SelfCheckEnv names the environment variable that, set to 1, makes every
// Pair compare redis-server with a second redis-server instead of luakv. A
// differential test that fails then is nondeterministic, not a luakv bug.
const SelfCheckEnv = "REDISTEST_SELFCHECK"

// NewPair starts both servers for t (skipping t if redis-server is
// missing); both stop at t's cleanup.
func NewPair(t testing.TB) *Pair {
	t.Helper()
	r := StartRedis(t)
	if os.Getenv(SelfCheckEnv) == "1" {
		other := StartRedis(t)
		other.Name = "redis2"
		return &Pair{Redis: r, Luakv: other, t: t}
	}
	return &Pair{Redis: r, Luakv: StartLuakv(t), t: t}
}

// maxMismatches bounds the mismatches reported for one sequence.
const maxMismatches = 10

// Diff runs seq against a fresh pair of servers and compares every reply.
func Diff(t testing.TB, seq ...Step) {
	t.Helper()
	NewPair(t).Diff(t, seq...)
}

// Diff empties both servers (FLUSHALL), then runs seq on fresh connections
// of each, step by step (redis-server first, then luakv), and reports every
// step whose replies differ with both raw byte strings.
func (p *Pair) Diff(t testing.TB, seq ...Step) {
	t.Helper()
	p.reset(t)
	rs, ls := newSession(p.Redis), newSession(p.Luakv)
	defer rs.close()
	defer ls.close()
	bad := 0
	for i, st := range seq {
		if st.Pause > 0 {
			time.Sleep(st.Pause)
			continue
		}
		var ro, lo Outcome
		if st.drain || st.waitEOF {
			// Both wait for silence or a close: wait side by side.
			done := make(chan struct{})
			go func() { ro = rs.do(st); close(done) }()
			lo = ls.do(st)
			<-done
		} else {
			ro = rs.do(st)
			lo = ls.do(st)
		}
		if ro.Err != nil {
			t.Fatalf("step %d %s: redis-server failed: %v (the step or the harness is wrong)", i+1, st, ro.Err)
		}
		if msg := compare(st, ro, lo, p.Luakv.Name); msg != "" {
			t.Errorf("step %d %s: %s", i+1, st, msg)
			if lo.Err != nil {
				return // luakv's connection is in an unknown state
			}
			if bad++; bad == maxMismatches {
				t.Errorf("stopping after %d mismatches", bad)
				return
			}
		}
	}
}

// Hello3 switches a connection to RESP3; the reply (which holds the client
// id) is compared in shape only.
var Hello3 = S("HELLO 3").ShapeOnly()

// Steps turns strings (read by S) and Steps into a sequence.
func Steps(items ...any) []Step {
	out := make([]Step, 0, len(items))
	for _, it := range items {
		switch v := it.(type) {
		case string:
			out = append(out, S(v))
		case Step:
			out = append(out, v)
		case []Step:
			out = append(out, v...)
		default:
			panic(fmt.Sprintf("redistest.Steps: %T is neither a string nor a Step", it))
		}
	}
	return out
}

// Run runs items (strings read by S, or Steps) as the subtest name.
func (p *Pair) Run(t *testing.T, name string, items ...any) {
	t.Helper()
	p.Case(t, name, Steps(items...)...)
}

// Both runs items twice as subtests of name: in RESP2, and in RESP3 with
// HELLO 3 sent first on every connection the sequence uses.
func (p *Pair) Both(t *testing.T, name string, items ...any) {
	t.Helper()
	seq := Steps(items...)
	t.Run(name, func(t *testing.T) {
		t.Helper()
		p.Case(t, "resp2", seq...)
		var three []Step
		seen := map[int]bool{}
		for _, st := range seq {
			if !seen[st.Conn] && st.Pause == 0 && !st.waitEOF {
				seen[st.Conn] = true
				three = append(three, Hello3.On(st.Conn))
			}
			three = append(three, st)
		}
		p.Case(t, "resp3", three...)
	})
}

// Case runs seq as the subtest name.
func (p *Pair) Case(t *testing.T, name string, seq ...Step) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		t.Helper()
		p.Diff(t, seq...)
	})
}

// Cases runs each named sequence as a subtest. Names keep their order.
func (p *Pair) Cases(t *testing.T, cases []Case) {
	t.Helper()
	for _, c := range cases {
		p.Case(t, c.Name, c.Seq...)
	}
}

// Case is a named sequence.
type Case struct {
	Name string
	Seq  []Step
}

// Do sends one command to both servers on new connections, without
// comparing (setup such as CONFIG SET), and fails t unless both reply
// with the same bytes.
func (p *Pair) Do(t testing.TB, args ...string) []byte {
	t.Helper()
	var replies [2][]byte
	for i, s := range []*Server{p.Redis, p.Luakv} {
		c, err := Dial(s.Addr)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		r, err := c.Do(args...)
		c.Close()
		if err != nil {
			t.Fatalf("%s: %q: %v", s.Name, args, err)
		}
		replies[i] = r
	}
	if string(replies[0]) != string(replies[1]) {
		t.Fatalf("setup %q differs:\n redis: %s\n luakv: %s", args, quoteCapped(replies[0]), quoteCapped(replies[1]))
	}
	return replies[0]
}

// reset empties both servers between sequences. If luakv cannot FLUSHALL
// (while that command is being written, say), it is replaced by a fresh
// instance so that tests of other commands still start from empty.
func (p *Pair) reset(t testing.TB) {
	t.Helper()
	if r := flushAll(p.Redis); r != "+OK\r\n" {
		t.Fatalf("redis-server FLUSHALL: %q", r)
	}
	p.Luakv = resetLuakv(p.t, p.Luakv)
}

func flushAll(s *Server) string {
	c, err := Dial(s.Addr)
	if err != nil {
		return err.Error()
	}
	defer c.Close()
	r, err := c.Do("FLUSHALL")
	if err != nil {
		return err.Error()
	}
	return string(r)
}

// compare returns "" when luakv's outcome matches redis-server's under the
// step's matcher, and a description of the difference otherwise.
func compare(st Step, ro, lo Outcome, other string) string {
	var b strings.Builder
	if lo.Err != nil {
		fmt.Fprintf(&b, "%s failed: %v\n redis: %s", other, lo.Err, quoteReplies(ro.Replies))
		if len(lo.Replies) > 0 {
			fmt.Fprintf(&b, "\n %s so far: %s", other, quoteReplies(lo.Replies))
		}
		return b.String()
	}
	if ro.Closed != lo.Closed {
		fmt.Fprintf(&b, "connection closed: redis %v, %s %v\n", ro.Closed, other, lo.Closed)
	}
	n := max(len(ro.Replies), len(lo.Replies))
	for i := 0; i < n; i++ {
		var r, l []byte
		if i < len(ro.Replies) {
			r = ro.Replies[i]
		}
		if i < len(lo.Replies) {
			l = lo.Replies[i]
		}
		if r == nil || l == nil || !sameReply(st.match, st.re, r, l) {
			label := ""
			if n > 1 {
				label = fmt.Sprintf(" (reply %d)", i+1)
			}
			how := ""
			switch st.match {
			case Type:
				how = " in type"
			case Shape:
				how = " in shape"
			case Regexp:
				how = " against /" + st.re.String() + "/"
			case Unordered:
				how = " (in any order)"
			}
			fmt.Fprintf(&b, "replies differ%s%s\n redis: %s\n %s: %s\n", how, label, quoteNil(r), other, quoteNil(l))
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func quoteNil(b []byte) string {
	if b == nil {
		return "(no reply)"
	}
	return quoteCapped(b)
}

func quoteReplies(rs [][]byte) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = quoteCapped(r)
	}
	return "[" + strings.Join(parts, " ") + "]"
}
