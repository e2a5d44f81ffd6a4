package serve

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"luakv/engine"
)

// A client that does not read its big replies fills its socket: the rest
// waits for the socket to drain without holding up other clients, and
// arrives whole and in order.
func TestSlowReaderDoesNotStallOthers(t *testing.T) {
	_, addr := startServer(t, engine.Settings{})
	slow, fast := dial(t, addr), dial(t, addr)
	value := strings.Repeat("v", 1<<20)
	slow.expect("+OK\r\n", "SET", "big", value)
	const gets = 40 // 40 MB of replies, far more than socket buffers hold
	var req []byte
	for i := 0; i < gets; i++ {
		req = append(req, encode("GET", "big")...)
	}
	req = append(req, encode("PING")...)
	slow.sendRaw(req)
	time.Sleep(50 * time.Millisecond)
	for i := 0; i < 100; i++ {
		fast.expect(":"+strconv.Itoa(i+1)+"\r\n", "INCR", "n")
	}
	want := "$" + strconv.Itoa(len(value)) + "\r\n" + value + "\r\n"
	for i := 0; i < gets; i++ {
		if got := slow.read(len(want)); got != want {
			t.Fatalf("reply %d differs (%d bytes)", i, len(got))
		}
	}
	if got := slow.read(7); got != "+PONG\r\n" {
		t.Fatalf("last reply %q", got)
	}
}

// QUIT in the middle of a pipeline answers it and closes; what follows is
// not run.
func TestQuitInPipelineCloses(t *testing.T) {
	_, addr := startServer(t, engine.Settings{})
	c, other := dial(t, addr), dial(t, addr)
	var req []byte
	req = append(req, encode("SET", "k", "1")...)
	req = append(req, encode("QUIT")...)
	req = append(req, encode("SET", "k", "2")...)
	c.sendRaw(req)
	if got := c.read(10); got != "+OK\r\n+OK\r\n" {
		t.Fatalf("got %q", got)
	}
	c.expectClosed()
	other.expect("$1\r\n1\r\n", "GET", "k")
}

// CLIENT KILL ends another connection: it sees the end of the stream and
// the server forgets it.
func TestClientKillReleasesConnection(t *testing.T) {
	_, addr := startServer(t, engine.Settings{})
	victim, killer := dial(t, addr), dial(t, addr)
	victim.expect("+OK\r\n", "CLIENT", "SETNAME", "victim")
	killer.expect(":1\r\n", "CLIENT", "KILL", "SKIPME", "yes", "ID", "1")
	victim.expectClosed()
	deadline := time.Now().Add(5 * time.Second)
	for {
		killer.send("CLIENT", "LIST")
		list := killer.readBulk()
		if !strings.Contains(list, "name=victim") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("killed client still listed: %s", list)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
