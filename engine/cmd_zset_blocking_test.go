package engine

import "testing"

// Replies captured from redis-server 7.0.15.
func TestBZPopServedAndParked(t *testing.T) {
	e := testEngine(t)
	a, b := testClient(e), testClient(e)
	for _, c := range []struct{ cmd, want string }{
		{"zadd z 1 a 2 b 3 c", ":3\r\n"},
		{"bzpopmin z 0", "*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n"},
		{"bzpopmax z 0", "*3\r\n$1\r\nz\r\n$1\r\nc\r\n$1\r\n3\r\n"},
		{"bzmpop 0 2 nokey z max count 5", "*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n"},
		{"set s x", "+OK\r\n"},
		{"bzpopmin s 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"bzpopmin z -1", "-ERR timeout is negative\r\n"},
		{"bzmpop x 1 z min", "-ERR timeout is not a float or out of range\r\n"},
		{"bzmpop 0 0 z min", "-ERR numkeys should be greater than 0\r\n"},
	} {
		expect(t, e, a, c.cmd, c.want)
	}
	// Parked on a missing key, served by a later ZADD.
	runArgs(e, a, NewRespWriter(2), []string{"bzpopmin", "q", "0"})
	p := a.Parked()
	if p == nil {
		t.Fatal("bzpopmin on a missing key did not park")
	}
	runArgs(e, b, NewRespWriter(2), []string{"zadd", "q", "5", "m"})
	if got := waitDone(t, p); got != "*3\r\n$1\r\nq\r\n$1\r\nm\r\n$1\r\n5\r\n" {
		t.Fatalf("served reply %q", got)
	}
	// Inside MULTI (NoBlock) the timeout reply comes at once.
	a.NoBlock = true
	expect(t, e, a, "bzmpop 0 1 q min", "*-1\r\n")
}
