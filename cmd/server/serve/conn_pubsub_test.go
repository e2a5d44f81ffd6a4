package serve

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"luakv/engine"
)

// frameReader reads whole RESP frames (as raw strings) from a test
// connection.
type frameReader struct {
	c  *testConn
	br *bufio.Reader
}

func newFrameReader(c *testConn) *frameReader { return &frameReader{c: c, br: bufio.NewReader(c.nc)} }

// next reads one complete frame, nested aggregates included.
func (r *frameReader) next() string {
	r.c.t.Helper()
	r.c.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	var sb strings.Builder
	if err := r.frame(&sb); err != nil {
		r.c.t.Fatalf("read frame: %v (got %q)", err, sb.String())
	}
	return sb.String()
}

func (r *frameReader) frame(sb *strings.Builder) error {
	line, err := r.br.ReadString('\n')
	sb.WriteString(line)
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(strings.TrimSuffix(line[1:], "\r\n"))
	switch line[0] {
	case '$', '=':
		if n < 0 {
			return nil
		}
		buf := make([]byte, n+2)
		_, err := io.ReadFull(r.br, buf)
		sb.Write(buf)
		return err
	case '*', '>', '~':
		for i := 0; i < n; i++ {
			if err := r.frame(sb); err != nil {
				return err
			}
		}
	case '%':
		for i := 0; i < 2*n; i++ {
			if err := r.frame(sb); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *frameReader) expect(want string) {
	r.c.t.Helper()
	if got := r.next(); got != want {
		r.c.t.Errorf("got %q\nwant %q", got, want)
	}
}

func message(proto int, channel, payload string) string {
	h := "*3\r\n"
	if proto == 3 {
		h = ">3\r\n"
	}
	return h + "$7\r\nmessage\r\n" + bulk(channel) + bulk(payload)
}

func bulk(s string) string { return "$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n" }

// waitFor polls cond for up to two seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// A subscriber gets its subscribe confirmation, then every message in
// publishing order, RESP2 and RESP3 side by side.
func TestPubSubMessagesInOrder(t *testing.T) {
	_, addr := startServer(t, engine.Settings{})
	s2, s3, pub := dial(t, addr), dial(t, addr), dial(t, addr)
	r2, r3 := newFrameReader(s2), newFrameReader(s3)
	s3.send("HELLO", "3")
	if got := r3.next(); !strings.HasPrefix(got, "%7\r\n") {
		t.Fatalf("HELLO 3: %q", got)
	}
	s2.send("SUBSCRIBE", "news", "sport")
	r2.expect("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n")
	r2.expect("*3\r\n$9\r\nsubscribe\r\n$5\r\nsport\r\n:2\r\n")
	s3.send("SUBSCRIBE", "news")
	r3.expect(">3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n")
	const n = 500
	var req []byte
	for i := 0; i < n; i++ {
		req = append(req, encode("PUBLISH", "news", strconv.Itoa(i))...)
	}
	pub.sendRaw(req)
	want := strings.Repeat(":2\r\n", n)
	if got := pub.read(len(want)); got != want {
		t.Fatalf("PUBLISH replies: %q", got)
	}
	for i := 0; i < n; i++ {
		r2.expect(message(2, "news", strconv.Itoa(i)))
		r3.expect(message(3, "news", strconv.Itoa(i)))
	}
	pub.expect(":1\r\n", "PUBLISH", "sport", "x")
	r2.expect(message(2, "sport", "x"))
	s3.expectSilent()
}

// Pattern subscribers get pmessage frames, after the channel's own
// subscribers; PUNSUBSCRIBE stops them.
func TestPubSubPatternsOverSocket(t *testing.T) {
	_, addr := startServer(t, engine.Settings{})
	sub, pub := dial(t, addr), dial(t, addr)
	r := newFrameReader(sub)
	sub.send("PSUBSCRIBE", "user.*", "*.login")
	r.expect("*3\r\n$10\r\npsubscribe\r\n$6\r\nuser.*\r\n:1\r\n")
	r.expect("*3\r\n$10\r\npsubscribe\r\n$7\r\n*.login\r\n:2\r\n")
	sub.send("SUBSCRIBE", "user.login")
	r.expect("*3\r\n$9\r\nsubscribe\r\n$10\r\nuser.login\r\n:3\r\n")
	pub.expect(":3\r\n", "PUBLISH", "user.login", "bob")
	r.expect(message(2, "user.login", "bob"))
	r.expect("*4\r\n$8\r\npmessage\r\n" + bulk("user.*") + bulk("user.login") + bulk("bob"))
	r.expect("*4\r\n$8\r\npmessage\r\n" + bulk("*.login") + bulk("user.login") + bulk("bob"))
	sub.send("PUNSUBSCRIBE", "user.*")
	r.expect("*3\r\n$12\r\npunsubscribe\r\n$6\r\nuser.*\r\n:2\r\n")
	pub.expect(":0\r\n", "PUBLISH", "user.logout", "bob")
	pub.expect(":1\r\n", "PUBLISH", "admin.login", "eve")
	r.expect("*4\r\n$8\r\npmessage\r\n" + bulk("*.login") + bulk("admin.login") + bulk("eve"))
	sub.send("UNSUBSCRIBE")
	r.expect("*3\r\n$11\r\nunsubscribe\r\n$10\r\nuser.login\r\n:1\r\n")
	sub.send("PUNSUBSCRIBE")
	r.expect("*3\r\n$12\r\npunsubscribe\r\n$7\r\n*.login\r\n:0\r\n")
	pub.expect(":0\r\n", "PUBLISH", "admin.login", "eve")
	sub.expect("+PONG\r\n", "PING") // out of subscribed mode
}

// A RESP3 subscriber keeps issuing commands while messages arrive: every
// reply and every push arrives whole, replies in request order, pushes in
// publishing order.
func TestPubSubResp3Interleaving(t *testing.T) {
	_, addr := startServer(t, engine.Settings{})
	sub, pub := dial(t, addr), dial(t, addr)
	r := newFrameReader(sub)
	sub.send("HELLO", "3")
	r.next()
	sub.send("SUBSCRIBE", "c")
	r.expect(">3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n")
	const n = 300
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var req []byte
		for i := 0; i < n; i++ {
			req = append(req, encode("PUBLISH", "c", strconv.Itoa(i))...)
		}
		pub.nc.Write(req)
	}()
	var req []byte
	for i := 0; i < n; i++ {
		req = append(req, encode("ECHO", strconv.Itoa(i))...)
	}
	sub.sendRaw(req)
	echo, msg := 0, 0
	for echo < n || msg < n {
		f := r.next()
		switch {
		case strings.HasPrefix(f, ">3\r\n"):
			if want := message(3, "c", strconv.Itoa(msg)); f != want {
				t.Fatalf("push %d: %q", msg, f)
			}
			msg++
		default:
			if want := bulk(strconv.Itoa(echo)); f != want {
				t.Fatalf("reply %d: %q", echo, f)
			}
			echo++
		}
	}
	wg.Wait()
}

// Disconnecting, CLIENT KILL and RESET drop a client's subscriptions.
func TestPubSubCleanupOverSocket(t *testing.T) {
	_, addr := startServer(t, engine.Settings{})
	a, b, c, admin := dial(t, addr), dial(t, addr), dial(t, addr), dial(t, addr)
	ids := map[*testConn]string{}
	for _, s := range []*testConn{a, b, c} {
		s.send("CLIENT", "ID")
		line := newFrameReader(s).next()
		ids[s] = strings.TrimSuffix(line[1:], "\r\n")
		s.expect("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n", "SUBSCRIBE", "ch")
		s.expect("*3\r\n$10\r\npsubscribe\r\n$2\r\nc*\r\n:2\r\n", "PSUBSCRIBE", "c*")
	}
	numsub := func() string {
		admin.send("PUBSUB", "NUMSUB", "ch")
		return admin.read(len("*2\r\n$2\r\nch\r\n:3\r\n"))
	}
	if got := numsub(); got != "*2\r\n$2\r\nch\r\n:3\r\n" {
		t.Fatalf("NUMSUB %q", got)
	}
	a.nc.Close()
	waitFor(t, "the closed subscriber to go", func() bool { return numsub() == "*2\r\n$2\r\nch\r\n:2\r\n" })
	admin.expect(":1\r\n", "CLIENT", "KILL", "ID", ids[b])
	b.expectClosed()
	if got := numsub(); got != "*2\r\n$2\r\nch\r\n:1\r\n" {
		t.Fatalf("NUMSUB after CLIENT KILL: %q", got)
	}
	c.expect("+RESET\r\n", "RESET")
	if got := numsub(); got != "*2\r\n$2\r\nch\r\n:0\r\n" {
		t.Fatalf("NUMSUB after RESET: %q", got)
	}
	admin.expect(":0\r\n", "PUBSUB", "NUMPAT")
	admin.expect(":0\r\n", "PUBLISH", "ch", "m")
	c.expectSilent()
}

// A subscriber that does not read is closed once its queued output passes
// the pubsub hard limit, and its subscriptions go with it; the server logs
// it as Redis does.
func TestPubSubSlowSubscriberHardLimit(t *testing.T) {
	var settings engine.Settings
	settings.ObufLimits[engine.ObufPubSub] = engine.ObufLimit{Hard: 256 << 10}
	e, addr := startServer(t, settings)
	log := &lineLog{}
	e.Run(&engine.Client{}, engine.NewRespWriter(2), func(c *engine.Ctx) { c.E.Log = log })
	slow, pub := dial(t, addr), dial(t, addr)
	slow.expect("*3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n", "SUBSCRIBE", "c")
	payload := strings.Repeat("x", 64<<10)
	closed := false
	for i := 0; i < 2000 && !closed; i++ {
		pub.send("PUBLISH", "c", payload)
		switch got := pub.read(4); got {
		case ":1\r\n":
		case ":0\r\n":
			closed = true
		default:
			t.Fatalf("PUBLISH: %q", got)
		}
	}
	if !closed {
		t.Fatal("the slow subscriber was never closed")
	}
	if !strings.Contains(log.String(), "scheduled to be closed ASAP for overcoming of output buffer limits.") {
		t.Errorf("log: %q", log.String())
	}
	// What the subscriber can still read ends with the connection closing.
	slow.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.Copy(io.Discard, slow.nc); err != nil {
		t.Errorf("reading the closed subscriber: %v", err)
	}
	pub.expect("*2\r\n$1\r\nc\r\n:0\r\n", "PUBSUB", "NUMSUB", "c")
}

// lineLog collects log lines; it is written from the executor and read by
// the test.
type lineLog struct {
	mu sync.Mutex
	sb strings.Builder
}

func (l *lineLog) Logf(level int, format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sb.WriteString(format)
	l.sb.WriteByte('\n')
}

func (l *lineLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.String()
}
