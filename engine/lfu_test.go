package engine

import (
	"strconv"
	"testing"
)

// TestLFUAccessCounts replays, with lfu-log-factor 0 (every access
// increments the counter, so counts are deterministic) and no decay, a
// session recorded on redis-server 7.0.15 with maxmemory 1gb (so Redis does
// not share small integers). It pins how many accesses each command counts.
func TestLFUAccessCounts(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	for _, tc := range []struct{ cmd, want string }{
		{"config set maxmemory-policy allkeys-lfu lfu-log-factor 0 lfu-decay-time 0", "+OK\r\n"},
		{"object freq nokey", "$-1\r\n"},
		{"set k v", "+OK\r\n"},
		{"object freq k", ":5\r\n"},
		{"get k", "$1\r\nv\r\n"},
		{"object freq k", ":6\r\n"},
		{"set k v2", "+OK\r\n"},
		{"object freq k", ":7\r\n"},
		{"set k v3 xx", "+OK\r\n"},
		{"object freq k", ":8\r\n"},
		{"set k v4 nx", "$-1\r\n"},
		{"object freq k", ":9\r\n"},
		{"set k v5 get", "$2\r\nv3\r\n"},
		{"object freq k", ":11\r\n"},
		{"set k v5 xx get", "$2\r\nv5\r\n"},
		{"object freq k", ":13\r\n"},
		{"set k v5 nx get", "$2\r\nv5\r\n"},
		{"object freq k", ":15\r\n"},
		{"getset k v6", "$2\r\nv5\r\n"},
		{"object freq k", ":17\r\n"},
		{"mset k v7 k2 v", "+OK\r\n"},
		{"object freq k", ":18\r\n"},
		{"object freq k2", ":5\r\n"},
		{"append k abc", ":5\r\n"},
		{"object freq k", ":19\r\n"},
		{"exists k", ":1\r\n"},
		{"type k", "+string\r\n"},
		{"ttl k", ":-1\r\n"},
		{"object encoding k", "$3\r\nraw\r\n"},
		{"object freq k", ":19\r\n"},
		{"touch k k", ":2\r\n"},
		{"object freq k", ":21\r\n"},
		{"incrbyfloat f 1.5", "$3\r\n1.5\r\n"},
		{"object freq f", ":5\r\n"},
		{"incrbyfloat f 1.5", "$1\r\n3\r\n"},
		{"object freq f", ":6\r\n"},
		{"incrbyfloat f 2", "$1\r\n5\r\n"},
		{"object freq f", ":7\r\n"},
		{"set n abc", "+OK\r\n"},
		{"bitop and n n n", ":3\r\n"},
		{"object freq n", ":8\r\n"},
		{"copy n n2", ":1\r\n"},
		{"object freq n", ":9\r\n"},
		{"object freq n2", ":5\r\n"},
		{"rename n n3", "+OK\r\n"},
		{"object freq n3", ":10\r\n"},
		{"set c 5", "+OK\r\n"},
		{"incr c", ":6\r\n"},
		{"object freq c", ":6\r\n"},
		// Reading the frequency or the idle time is not an access.
		{"object idletime k", "-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n"},
		{"object freq k", ":21\r\n"},
		{"config set maxmemory-policy volatile-lfu", "+OK\r\n"},
		{"object freq k", ":21\r\n"},
		{"config set maxmemory-policy allkeys-lru", "+OK\r\n"},
		{"object freq k", "-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n"},
		{"set k v", "+OK\r\n"},
		{"object idletime k", ":0\r\n"},
	} {
		if got := doLine(e, cl, tc.cmd); got != tc.want {
			t.Errorf("%s\n got: %q\nwant: %q", tc.cmd, got, tc.want)
		}
	}
}

// TestLFUDecay stamps a key's counter in the past and checks that OBJECT
// FREQ reports it decayed by one per lfu-decay-time minutes without storing
// the decay, and that the next access stores it.
func TestLFUDecay(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	doLine(e, cl, "config set maxmemory-policy allkeys-lfu lfu-log-factor 0 lfu-decay-time 10")
	doLine(e, cl, "set k v")
	// 30 minutes ago with counter 10: three periods of 10 minutes, and still
	// three if the minute ticks during the test.
	inExec(e, func(c *Ctx) {
		en := c.E.DB(0).Peek([]byte("k"))
		en.lru = (c.E.lfuMinutes()-30)&lfuMinutesMax<<8 | 10
	})
	for _, tc := range []struct{ cmd, want string }{
		{"object freq k", ":7\r\n"},
		{"object freq k", ":7\r\n"},
		{"config set lfu-decay-time 0", "+OK\r\n"},
		{"object freq k", ":10\r\n"},
		{"config set lfu-decay-time 1", "+OK\r\n"},
		{"object freq k", ":0\r\n"}, // 30 periods floor at zero
		{"config set lfu-decay-time 10", "+OK\r\n"},
		{"get k", "$1\r\nv\r\n"}, // decays to 7, then counts one access
		{"object freq k", ":8\r\n"},
		{"config set lfu-decay-time 1", "+OK\r\n"},
		{"object freq k", ":8\r\n"}, // stamped now: nothing to decay
	} {
		if got := doLine(e, cl, tc.cmd); got != tc.want {
			t.Errorf("%s\n got: %q\nwant: %q", tc.cmd, got, tc.want)
		}
	}
}

func TestLFUElapsedWraps(t *testing.T) {
	for _, tc := range []struct{ now, stamp, want uint32 }{
		{10, 10, 0},
		{10, 3, 7},
		{2, 65530, 7}, // Redis counts a wrap as 65535 minutes
		{0, 65535, 0},
	} {
		if got := lfuElapsed(tc.now, tc.stamp); got != tc.want {
			t.Errorf("lfuElapsed(%d, %d) = %d, want %d", tc.now, tc.stamp, got, tc.want)
		}
	}
}

// TestLFULogIncr checks the increment probability 1/((counter-5)*factor+1).
func TestLFULogIncr(t *testing.T) {
	if got := lfuLogIncr(255, 0); got != 255 {
		t.Errorf("counter 255 incremented to %d", got)
	}
	for c := uint32(0); c <= lfuInitVal; c++ {
		if got := lfuLogIncr(c, 100); got != c+1 {
			t.Errorf("counter %d at or below the initial value: got %d, want a certain increment", c, got)
		}
	}
	// Counter 6, factor 1: probability 1/2. 20000 draws: the count is
	// 10000 +- 71 (one standard deviation); the bounds are 14 of them.
	n := 0
	for i := 0; i < 20000; i++ {
		if lfuLogIncr(6, 1) == 7 {
			n++
		}
	}
	if n < 9000 || n > 11000 {
		t.Errorf("counter 6, factor 1: %d increments in 20000, want about 10000", n)
	}
	// Counter 105, factor 10: probability 1/1001.
	n = 0
	for i := 0; i < 20000; i++ {
		if lfuLogIncr(105, 10) == 106 {
			n++
		}
	}
	if n > 100 {
		t.Errorf("counter 105, factor 10: %d increments in 20000, want about 20", n)
	}
}

// TestLFUHotPathAllocations: counting accesses under LFU allocates nothing
// on GET, SET and INCR either.
func TestLFUHotPathAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	h := newStrHotPath(t)
	h.run([][][]byte{strArgs("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")})
	h.run([][][]byte{strArgs("SET", "k", "some value")})
	h.run([][][]byte{strArgs("SET", "n", "41")})
	for _, tc := range []struct {
		name  string
		batch [][][]byte
		max   float64
	}{
		{"GET hit", [][][]byte{strArgs("GET", "k")}, 0},
		{"INCR existing", [][][]byte{strArgs("INCR", "n")}, 0},
		{"SET overwrite", [][][]byte{strArgs("SET", "k", "some value")}, 1}, // the value string
	} {
		if got := testing.AllocsPerRun(200, func() { h.runQuiet(tc.batch) }); got > tc.max {
			t.Errorf("%s: %.1f allocations per run, want <= %.0f", tc.name, got, tc.max)
		}
	}
	if got := h.run([][][]byte{strArgs("OBJECT", "FREQ", "k")}); got[0] != ':' {
		t.Errorf("OBJECT FREQ k under LFU: %q", got)
	} else if n, err := strconv.Atoi(got[1 : len(got)-2]); err != nil || n <= lfuInitVal {
		t.Errorf("OBJECT FREQ k after 400 accesses: %q", got)
	}
}
