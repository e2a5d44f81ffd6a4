package redistest

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"luakv/engine"
)

// Step is one action of a sequence: a request sent on one connection and
// the replies it should produce. Build steps with C, S, Raw and Sleep and
// refine them with the methods below; each method returns a copy.
type Step struct {
	Conn  int      // connection index; connections open on first use
	Args  []string // the request as argv (multibulk)
	Raw   []byte   // or these bytes as they are
	Pause time.Duration

	replies int   // replies to read; 1 unless set
	drain   bool  // read until the server closes or goes quiet
	closed  bool  // the server must close the connection after the replies
	match   Match // how replies are compared
	re      *regexp.Regexp
	waitEOF bool // send nothing; the server must have closed the connection

	saveAs string         // store a value taken from the first reply
	saveRe *regexp.Regexp // its first group (or whole match)
}

// Match says how a step's replies are compared.
type Match uint8

// Matchers.
const (
	Exact     Match = iota // byte for byte
	Type                   // only the first byte (the RESP type)
	Shape                  // types and aggregate sizes, ignoring scalar contents
	Regexp                 // each reply must match a regular expression
	Any                    // any well-formed reply
	Unordered              // equal once every aggregate's elements are sorted
)

// C is a step sending argv.
func C(args ...string) Step { return Step{Args: args, replies: 1} }

// S is a step sending a command written as redis-cli would take it: words
// split on blanks, with "double quotes" (\n \r \t \xHH escapes) and 'single
// quotes'.
func S(line string) Step {
	words, ok := engine.SplitArgs([]byte(line))
	if !ok {
		panic("redistest.S: unbalanced quotes in " + strconv.Quote(line))
	}
	args := make([]string, len(words))
	for i, w := range words {
		args[i] = string(w)
	}
	return C(args...)
}

// Raw is a step sending b exactly as given and reading one reply.
func Raw(b string) Step { return Step{Raw: []byte(b), replies: 1} }

// Sleep is a step that waits for d (between two steps, once for both
// servers).
func Sleep(d time.Duration) Step { return Step{Pause: d} }

// WaitClose is a step that sends nothing and requires the server to have
// closed (or to close soon) connection i: killed by CLIENT KILL, say.
func WaitClose(i int) Step { return Step{Conn: i, waitEOF: true} }

// On sends the step on connection i.
func (s Step) On(i int) Step { s.Conn = i; return s }

// Replies reads n replies (pipelined raw requests, say).
func (s Step) Replies(n int) Step { s.replies = n; return s }

// NoReply reads nothing: the server must stay silent (CLIENT REPLY OFF).
// A reply it sends anyway shows up as a mismatch at the next step.
func (s Step) NoReply() Step { s.replies = 0; return s }

// Drain reads everything until the server closes the connection or stays
// quiet for a moment, and compares it all (protocol errors).
func (s Step) Drain() Step { s.drain = true; return s }

// Closed requires the server to close the connection after the replies.
func (s Step) Closed() Step { s.closed = true; return s }

// TypeOnly compares only the replies' RESP types.
func (s Step) TypeOnly() Step { s.match = Type; return s }

// ShapeOnly compares types and aggregate sizes, not scalar contents.
func (s Step) ShapeOnly() Step { s.match = Shape; return s }

// Re requires every reply (raw bytes, \r\n included) to match expr on both
// servers instead of comparing them.
func (s Step) Re(expr string) Step {
	s.match, s.re = Regexp, regexp.MustCompile(expr)
	return s
}

// UnorderedReply compares replies as multisets: each aggregate's elements
// are sorted, at every level, before comparing (KEYS, SCAN, SMEMBERS).
func (s Step) UnorderedReply() Step { s.match = Unordered; return s }

// Save stores, per server, the first group of expr (or its whole match)
// found in the first reply under name. Later steps' arguments may use it as
// {name}: a client's id or address differs between the two servers.
func (s Step) Save(name, expr string) Step {
	s.saveAs, s.saveRe = name, regexp.MustCompile(expr)
	return s
}

// AnyReply accepts any well-formed reply.
func (s Step) AnyReply() Step { s.match = Any; return s }

// String renders the step for failure messages.
func (s Step) String() string {
	var b strings.Builder
	if s.Conn != 0 {
		fmt.Fprintf(&b, "[conn %d] ", s.Conn)
	}
	switch {
	case s.waitEOF:
		b.WriteString("(wait for close)")
	case s.Pause > 0:
		fmt.Fprintf(&b, "sleep %v", s.Pause)
	case s.Raw != nil:
		b.WriteString("raw " + quoteCapped(s.Raw))
	default:
		for i, a := range s.Args {
			if i > 0 {
				b.WriteByte(' ')
			}
			if len(a) > 80 {
				a = a[:40] + "..." + a[len(a)-20:]
			}
			b.WriteString(quoteWord(a))
		}
	}
	return b.String()
}

// quoteWord writes a command word the way S reads it back.
func quoteWord(w string) string {
	if w != "" && !strings.ContainsAny(w, " \t\r\n\"'\\") && isPrintable(w) {
		return w
	}
	return strconv.Quote(w)
}

func isPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// quoteCapped quotes b, eliding the middle of very long values.
func quoteCapped(b []byte) string {
	const head, tail = 300, 100
	if len(b) <= head+tail {
		return strconv.Quote(string(b))
	}
	return strconv.Quote(string(b[:head])) + fmt.Sprintf("...(%d bytes)...", len(b)-head-tail) + strconv.Quote(string(b[len(b)-tail:]))
}

// Outcome is what one server did for one step.
type Outcome struct {
	Replies [][]byte
	Closed  bool  // the server closed the connection
	Err     error // an I/O error other than the close, or a malformed reply
}

// session holds one server's connections for one sequence.
type session struct {
	srv   *Server
	conns map[int]*Conn
	vars  map[string]string // values saved by Step.Save
}

func newSession(srv *Server) *session {
	return &session{srv: srv, conns: map[int]*Conn{}, vars: map[string]string{}}
}

// expand replaces {name} in args with the values saved on this server.
func (ss *session) expand(args []string) []string {
	if len(ss.vars) == 0 {
		return args
	}
	out := make([]string, len(args))
	for i, a := range args {
		for k, v := range ss.vars {
			a = strings.ReplaceAll(a, "{"+k+"}", v)
		}
		out[i] = a
	}
	return out
}

func (ss *session) close() {
	for _, c := range ss.conns {
		c.Close()
	}
}

func (ss *session) conn(i int) (*Conn, error) {
	if c := ss.conns[i]; c != nil {
		return c, nil
	}
	c, err := Dial(ss.srv.Addr)
	if err != nil {
		return nil, err
	}
	ss.conns[i] = c
	return c, nil
}

// quietFor is how long Drain waits for more bytes before it decides the
// server has said everything.
const quietFor = 300 * time.Millisecond

// do runs st on this server.
func (ss *session) do(st Step) Outcome {
	var o Outcome
	c, err := ss.conn(st.Conn)
	if err != nil {
		o.Err = err
		return o
	}
	if st.waitEOF {
		closed, extra := c.WaitClosed(2 * time.Second)
		o.Closed = closed
		if len(extra) > 0 {
			o.Replies, o.Err = SplitReplies(extra)
		}
		delete(ss.conns, st.Conn)
		c.Close()
		return o
	}
	req := st.Raw
	if req == nil {
		req = AppendArgs(nil, ss.expand(st.Args)...)
	}
	if err := c.SendRaw(req); err != nil {
		o.Err = fmt.Errorf("write: %w", err)
		return o
	}
	if st.drain {
		data, closed := c.Drain(quietFor)
		o.Closed = closed
		o.Replies, o.Err = SplitReplies(data)
		if o.Err != nil {
			o.Err = fmt.Errorf("%w in %s", o.Err, quoteCapped(data))
		}
		if closed {
			delete(ss.conns, st.Conn)
			c.Close()
		}
		return o
	}
	for i := 0; i < st.replies; i++ {
		r, err := c.Read()
		if err != nil {
			o.Err = fmt.Errorf("reading reply %d: %w", i+1, err)
			return o
		}
		o.Replies = append(o.Replies, r)
	}
	if st.saveAs != "" && len(o.Replies) > 0 {
		m := st.saveRe.FindSubmatch(o.Replies[0])
		if m == nil {
			o.Err = fmt.Errorf("nothing to save as %s: /%s/ does not match %s", st.saveAs, st.saveRe, quoteCapped(o.Replies[0]))
			return o
		}
		ss.vars[st.saveAs] = string(m[len(m)-1])
	}
	if st.closed {
		closed, extra := c.WaitClosed(2 * time.Second)
		o.Closed = closed
		if len(extra) > 0 {
			o.Err = fmt.Errorf("unexpected bytes before close: %s", quoteCapped(extra))
		}
		delete(ss.conns, st.Conn)
		c.Close()
	}
	return o
}

// skeleton renders a reply's types and aggregate sizes without its scalar
// contents, for Shape comparisons.
func skeleton(raw []byte) string {
	var sb strings.Builder
	br := bufio.NewReader(bytes.NewReader(raw))
	var walk func() bool
	walk = func() bool {
		line, err := br.ReadString('\n')
		if err != nil || len(line) < 3 {
			return false
		}
		typ, head := line[0], line[1:len(line)-2]
		sb.WriteByte(typ)
		switch typ {
		case '$', '=', '!':
			n, _ := strconv.Atoi(head)
			if n >= 0 {
				br.Discard(n + 2)
			} else {
				sb.WriteString("-1")
			}
		case '*', '~', '%', '>', '|':
			n, _ := strconv.Atoi(head)
			sb.WriteString(head)
			sb.WriteByte('[')
			if typ == '%' || typ == '|' {
				n *= 2
			}
			for i := 0; i < n; i++ {
				if !walk() {
					return false
				}
			}
			sb.WriteByte(']')
		}
		return true
	}
	walk()
	return sb.String()
}

// sameReply compares two replies under m.
func sameReply(m Match, re *regexp.Regexp, a, b []byte) bool {
	switch m {
	case Type:
		return len(a) > 0 && len(b) > 0 && a[0] == b[0]
	case Shape:
		return skeleton(a) == skeleton(b)
	case Regexp:
		return re.Match(a) && re.Match(b)
	case Any:
		return Valid(a) == nil && Valid(b) == nil
	case Unordered:
		return canonical(a) == canonical(b)
	}
	return bytes.Equal(a, b)
}

// canonical renders a reply with every aggregate's elements sorted, so that
// two replies holding the same elements in any order render the same.
func canonical(raw []byte) string {
	br := bufio.NewReader(bytes.NewReader(raw))
	var walk func() (string, bool)
	walk = func() (string, bool) {
		var one []byte
		line, err := readLine(br, &one)
		if err != nil || len(line) == 0 {
			return "", false
		}
		typ := line[0]
		switch typ {
		case '$', '=', '!':
			n, _ := strconv.Atoi(string(line[1:]))
			if n >= 0 {
				body := make([]byte, n+2)
				if _, err := ioReadFull(br, body); err != nil {
					return "", false
				}
				one = append(one, body...)
			}
			return string(one), true
		case '*', '~', '%', '>':
			n, _ := strconv.Atoi(string(line[1:]))
			if typ == '%' { // sort key/value pairs as units
				n *= 2
			}
			var elems []string
			for i := 0; i < n; i++ {
				e, ok := walk()
				if !ok {
					return "", false
				}
				if typ == '%' && i%2 == 1 {
					elems[len(elems)-1] += e
					continue
				}
				elems = append(elems, e)
			}
			slices.Sort(elems)
			return string(one) + strings.Join(elems, ""), true
		}
		return string(one), true
	}
	s, ok := walk()
	if !ok {
		return "malformed:" + string(raw)
	}
	return s
}
