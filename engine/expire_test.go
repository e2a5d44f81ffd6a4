package engine

import (
	"testing"
	"time"
)

// setVolatile stores n keys prefix0.. in db with a TTL of ttl ms.
func setVolatile(e *Engine, db int, prefix string, n int, ttl int64) {
	inExec(e, func(c *Ctx) {
		d := c.E.DB(db)
		for i := 0; i < n; i++ {
			k := []byte(keyN(prefix, i))
			d.SetString(k, []byte("v"), false)
			d.SetExpire(d.Peek(k), c.E.Now()+ttl)
		}
	})
}

func dbLen(e *Engine, db int) (n int) {
	inExec(e, func(c *Ctx) { n = c.E.DB(db).Len() })
	return n
}

func statsOf(e *Engine) (st Stats) {
	inExec(e, func(c *Ctx) { st = c.E.Stats() })
	return st
}

// waitFor polls cond every 10ms for up to d.
func waitFor(d time.Duration, cond func() bool) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// TestActiveExpireReclaimsUnreadKeys: keys nobody reads are reclaimed by the
// cron, without a single lookup.
func TestActiveExpireReclaimsUnreadKeys(t *testing.T) {
	e := ksEngine(t)
	stop := make(chan struct{})
	defer close(stop)
	setVolatile(e, 0, "k", 1000, 50)
	setVolatile(e, 9, "k", 10, 50)
	e.StartCron(stop)
	if n := dbLen(e, 0); n == 0 {
		t.Fatal("keys gone before they expired")
	}
	if !waitFor(3*time.Second, func() bool { return dbLen(e, 0) == 0 && dbLen(e, 9) == 0 }) {
		t.Fatalf("active expiry left %d and %d keys", dbLen(e, 0), dbLen(e, 9))
	}
	st := statsOf(e)
	if st.ExpiredKeys != 1010 {
		t.Errorf("expired_keys = %d, want 1010", st.ExpiredKeys)
	}
	if st.KeyspaceHits != 0 || st.KeyspaceMisses != 0 {
		t.Errorf("keys were looked up: hits %d misses %d", st.KeyspaceHits, st.KeyspaceMisses)
	}
	if st.ExpiredStalePerc <= 0 {
		t.Errorf("expired_stale_perc = %v, want > 0", st.ExpiredStalePerc)
	}
	inExec(e, func(c *Ctx) {
		if c.E.DB(0).ExpiresLen() != 0 {
			t.Errorf("expires left: %d", c.E.DB(0).ExpiresLen())
		}
	})
}

// TestActiveExpireDisabled follows expire.tcl's "Redis should lazy expire
// keys": with the active cycle off, expired keys stay until read.
func TestActiveExpireDisabled(t *testing.T) {
	e := ksEngine(t)
	stop := make(chan struct{})
	defer close(stop)
	cl := testClient(e)
	e.StartCron(stop)
	runKeyspaceCases(t, e, []ksCase{
		{"debug set-active-expire 0", "+OK\r\n"},
		{"set key1 a px 100", "+OK\r\n"},
		{"set key2 a px 100", "+OK\r\n"},
		{"set key3 a px 100", "+OK\r\n"},
		{"dbsize", ":3\r\n"},
		{"!sleep 0.4", ""},
		{"dbsize", ":3\r\n"},
		{"get key1", "$-1\r\n"},
		{"exists key2", ":0\r\n"},
		{"dbsize", ":1\r\n"},
		{"debug set-active-expire 1", "+OK\r\n"},
	})
	if !waitFor(2*time.Second, func() bool { return doLine(e, cl, "dbsize") == ":0\r\n" }) {
		t.Fatal("active expiry did not resume")
	}
}

// TestExpireCycleStopsAtAcceptableStale: a cycle keeps sampling a database
// while many sampled keys were expired, and leaves the live ones alone.
func TestExpireCycleStopsAtAcceptableStale(t *testing.T) {
	e := ksEngine(t)
	setVolatile(e, 0, "dead", 500, -1000)
	setVolatile(e, 0, "live", 500, 100_000)
	st := &cronState{}
	defer inExec(e, func(*Ctx) { st.close() })
	inExec(e, func(c *Ctx) { c.E.activeExpireCycle(st, 25*time.Millisecond) })
	st0 := statsOf(e)
	if st0.ExpiredKeys < 300 {
		t.Errorf("one cycle reclaimed %d of 500 expired keys", st0.ExpiredKeys)
	}
	for i := 0; i < 50; i++ {
		inExec(e, func(c *Ctx) { c.E.activeExpireCycle(st, 25*time.Millisecond) })
	}
	if n := dbLen(e, 0); n != 500 {
		t.Errorf("%d keys left, want the 500 live ones", n)
	}
	inExec(e, func(c *Ctx) {
		avg := c.E.DB(0).AvgTTL()
		if avg < 90_000 || avg > 100_000 {
			t.Errorf("avg_ttl = %d, want about 100000", avg)
		}
	})
	// With no keys to expire the average resets.
	inExec(e, func(c *Ctx) {
		for i := 0; i < 500; i++ {
			c.DB.Persist(c.DB.Peek([]byte(keyN("live", i))))
		}
		c.E.activeExpireCycle(st, 25*time.Millisecond)
		if avg := c.E.DB(0).AvgTTL(); avg != 0 {
			t.Errorf("avg_ttl = %d with no volatile keys", avg)
		}
	})
}

// TestExpireCycleTimeLimit: a cycle with too much to do stops at its time
// budget, counts it, and the next cycle visits every database.
func TestExpireCycleTimeLimit(t *testing.T) {
	e := ksEngine(t)
	setVolatile(e, 0, "dead", 300_000, -1000)
	setVolatile(e, 15, "dead", 10, -1000)
	st := &cronState{}
	defer inExec(e, func(*Ctx) { st.close() })
	// hz 500: a 500µs budget, far too little for 300k keys.
	inExec(e, func(c *Ctx) { c.E.activeExpireCycle(st, 500*time.Microsecond) })
	if !st.timelimitExit {
		t.Fatal("the cycle did not run out of time")
	}
	if s := statsOf(e); s.ExpiredTimeCapReached != 1 || s.ExpiredKeys == 0 || s.ExpiredKeys >= 300_000 {
		t.Fatalf("time cap %d, expired %d", s.ExpiredTimeCapReached, s.ExpiredKeys)
	}
	for i := 0; i < 10_000 && dbLen(e, 0)+dbLen(e, 15) > 0; i++ {
		inExec(e, func(c *Ctx) { c.E.activeExpireCycle(st, 500*time.Microsecond) })
	}
	if n := dbLen(e, 0) + dbLen(e, 15); n != 0 {
		t.Fatalf("%d expired keys left", n)
	}
}

// TestCronShrinksTables: the cron shrinks a keys table that emptied out and
// finishes the rehash, and rebuilds an expires map that emptied out,
// keeping the TTLs.
func TestCronShrinksTables(t *testing.T) {
	e := ksEngine(t)
	setVolatile(e, 3, "k", 20_000, 100_000)
	st := &cronState{}
	defer inExec(e, func(*Ctx) { st.close() })
	e.cronRun(st)
	inExec(e, func(c *Ctx) {
		d := c.E.DB(3)
		for i := 10; i < 20_000; i++ {
			d.Delete([]byte(keyN("k", i)))
		}
	})
	for i := 0; i < 10; i++ {
		e.cronRun(st)
	}
	inExec(e, func(c *Ctx) {
		d := c.E.DB(3)
		if d.keys.rehashing() || len(d.keys.ht[0].buckets) != 16 {
			t.Errorf("keys table: rehashing=%v size=%d, want 16", d.keys.rehashing(), len(d.keys.ht[0].buckets))
		}
		if st.expiresPeak[3] != 10 {
			t.Errorf("expires map not rebuilt: peak %d", st.expiresPeak[3])
		}
		for i := 0; i < 10; i++ {
			k := []byte(keyN("k", i))
			if d.Peek(k) == nil || d.Expire(k) <= c.E.Now() {
				t.Errorf("key %s lost or lost its TTL", k)
			}
		}
	})
}

// TestCronHz: the cron's period follows Settings.Hz, clamped like Redis's.
func TestCronHz(t *testing.T) {
	e := ksEngine(t)
	st := &cronState{}
	defer inExec(e, func(*Ctx) { st.close() })
	for _, tc := range []struct{ hz, want int }{{0, 10}, {-5, 10}, {1, 1}, {100, 100}, {501, 500}, {100000, 500}} {
		e.Config.Hz = tc.hz
		if got, _ := e.cronRun(st); got != time.Second/time.Duration(tc.want) {
			t.Errorf("hz %d: period %v", tc.hz, got)
		}
	}
}

// TestCronFastCycles: fast cycles run only after a cycle ran out of time,
// and keep going until one finishes within its millisecond.
func TestCronFastCycles(t *testing.T) {
	e := ksEngine(t)
	st := &cronState{}
	defer inExec(e, func(*Ctx) { st.close() })
	setVolatile(e, 0, "dead", 50_000, -1000)
	if e.cronFast(st) || statsOf(e).ExpiredKeys != 0 {
		t.Fatal("a fast cycle ran without a previous time cap")
	}
	inExec(e, func(c *Ctx) { c.E.activeExpireCycle(st, 100*time.Microsecond) })
	if !st.timelimitExit {
		t.Fatal("the slow cycle did not run out of time")
	}
	runs := 0
	for e.cronFast(st) {
		runs++
		if runs > 100_000 {
			t.Fatal("fast cycles never finish")
		}
	}
	if n := dbLen(e, 0); n != 0 {
		t.Fatalf("fast cycles left %d expired keys", n)
	}
	e.SetActiveExpire(false)
	st.timelimitExit = true
	if e.cronFast(st) {
		t.Fatal("a fast cycle ran with active expiry off")
	}
}
