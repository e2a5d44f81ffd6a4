package serve

import (
	"testing"
	"time"
)

// waitBlocked waits until n clients are parked.
func waitBlocked(t *testing.T, n int, count func() int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for count() != n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if count() != n {
		t.Fatalf("blocked clients %d, want %d", count(), n)
	}
}

// BLPOP/BRPOPLPUSH over sockets: FIFO wake-ups, the timeout reply, CLIENT
// UNBLOCK and a disconnect while parked.
func TestBlockingListsOverSocket(t *testing.T) {
	e, addr := startBlockingServer(t)
	count := func() int { return blockedCount(e) }
	a, b, w := dial(t, addr), dial(t, addr), dial(t, addr)
	a.send("BLPOP", "k1", "k2", "0")
	waitBlocked(t, 1, count)
	b.send("BRPOPLPUSH", "k2", "dst", "0")
	waitBlocked(t, 2, count)
	w.expect(":2\r\n", "RPUSH", "k2", "x", "y")
	want := "*2\r\n$2\r\nk2\r\n$1\r\nx\r\n"
	if got := a.read(len(want)); got != want {
		t.Fatalf("a got %q", got)
	}
	if got := b.read(len("$1\r\ny\r\n")); got != "$1\r\ny\r\n" {
		t.Fatalf("b got %q", got)
	}
	w.expect("*1\r\n$1\r\ny\r\n", "LRANGE", "dst", "0", "-1")

	// Timeout, then CLIENT UNBLOCK with both reasons.
	start := time.Now()
	a.expect("*-1\r\n", "BLPOP", "none", "0.1")
	if time.Since(start) < 100*time.Millisecond {
		t.Fatal("timed out early")
	}
	a.send("CLIENT", "ID")
	id := a.read(4)[1:2] // a one-digit ID: few connections exist
	a.send("BLMOVE", "none", "d", "LEFT", "RIGHT", "0")
	waitBlocked(t, 1, count)
	w.expect(":1\r\n", "CLIENT", "UNBLOCK", id)
	if got := a.read(len("$-1\r\n")); got != "$-1\r\n" {
		t.Fatalf("unblock timeout reply %q", got)
	}
	a.send("BLMPOP", "0", "1", "none", "LEFT")
	waitBlocked(t, 1, count)
	w.expect(":1\r\n", "CLIENT", "UNBLOCK", id, "ERROR")
	want = "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n"
	if got := a.read(len(want)); got != want {
		t.Fatalf("unblock error reply %q", got)
	}

	// A client that hangs up while parked leaves the registry, and the
	// pushed element stays for the next reader.
	b.send("BRPOP", "gone", "0")
	waitBlocked(t, 1, count)
	b.nc.Close()
	waitBlocked(t, 0, count)
	w.expect(":1\r\n", "LPUSH", "gone", "v")
	w.expect("$1\r\nv\r\n", "LPOP", "gone")
}
