package engine

import (
	"iter"
	"maps"
	"reflect"
	"time"
)

// The server cron: active expiry and the upkeep of the keyspace tables,
// run hz times a second by one goroutine that takes the executor for each
// run, so it never interleaves with a command, an EXEC or a script.
//
// Lazy expiry (db.go) reclaims a key when a command touches it; the active
// cycle reclaims keys nobody touches, the way Redis's activeExpireCycle
// does: sample keys that have a TTL, reclaim the expired ones, and keep
// sampling a database while more than a tenth of the sample was expired,
// within a time budget of a quarter of the cron period.

// Tuning of the active expire cycle, Redis's defaults (active-expire-effort 1).
const (
	expireKeysPerLoop     = 20 // keys sampled per loop and database
	expireSlowTimePerc    = 25 // percent of the cron period the cycle may use
	expireAcceptableStale = 10 // percent of expired keys in a sample that ends a database's turn
	expireFastDuration    = time.Millisecond
	cronDBsPerCall        = 16 // databases the cron visits per run
	defaultHz             = 10
	minHz, maxHz          = 1, 500
	// expiresCompactMin is the size below which an expires map is never
	// rebuilt, and expiresCompactMax the live size above which rebuilding
	// would pause the server too long to be worth it.
	expiresCompactMin = 1024
	expiresCompactMax = 1 << 16
)

// cronState is what the cron carries from one run to the next. Only the
// cron goroutine uses it, always while holding the executor.
type cronState struct {
	expireDB      int  // next database the expire cycle visits
	timelimitExit bool // the last expire cycle ran out of time
	resizeDB      int  // next database whose tables may shrink
	rehashDB      int  // database being rehashed incrementally
	// expiresPeak is the largest size each database's expires map was seen
	// at since it was last rebuilt. Go maps never shrink, so the cron
	// rebuilds one that has emptied out, as Redis shrinks its dicts.
	expiresPeak []int
	// cursors walk each database's expires map across cycles.
	cursors []expireCursor
}

// expireCursor walks one expires map across expire cycles, the way Redis
// keeps a cursor into its expires table: each pass visits every key with a
// TTL once, so every expired key is found within a pass. (Sampling the
// first keys of fresh map iterations instead is badly skewed: which keys
// come first is strongly correlated with insertion order.)
type expireCursor struct {
	// m identifies the map being walked. The live iterator references
	// that map, so its address cannot be reused while m is compared.
	m    uintptr
	next func() (string, int64, bool)
	stop func()
}

// pull returns the next key and expiry of db's expires map, starting a new
// pass when the last one ended or the map was replaced (FLUSHDB, SWAPDB,
// compaction). ok is false only when the map is empty.
func (cur *expireCursor) pull(db *DB) (key string, at int64, ok bool) {
	id := uintptr(reflect.ValueOf(db.expires).UnsafePointer())
	for pass := 0; pass < 2; pass++ {
		if cur.next == nil || cur.m != id {
			cur.close()
			cur.m = id
			cur.next, cur.stop = iter.Pull2(maps.All(db.expires))
		}
		if key, at, ok = cur.next(); ok {
			return key, at, true
		}
		cur.close()
	}
	return "", 0, false
}

// close ends the cursor's pass and releases its iterator.
func (cur *expireCursor) close() {
	if cur.stop != nil {
		cur.stop()
	}
	cur.next, cur.stop = nil, nil
}

// close releases the cron's iterators.
func (st *cronState) close() {
	for i := range st.cursors {
		st.cursors[i].close()
	}
}

// cursor returns database i's expire cursor.
func (st *cronState) cursor(i, dbs int) *expireCursor {
	if len(st.cursors) != dbs {
		st.close()
		st.cursors = make([]expireCursor, dbs)
	}
	return &st.cursors[i]
}

// StartCron starts the server cron in a new goroutine and returns. It runs
// hz times a second (Settings.Hz, 10 by default, read again after every
// run so CONFIG SET hz takes effect) until stop is closed. Each run takes
// the executor, refreshes the clock, runs the active expire cycle unless
// SetActiveExpire(false) turned it off, and shrinks and incrementally
// rehashes the keyspace tables. While the expire cycle is running out of
// time, short fast cycles run in between, as Redis runs them before each
// event loop iteration.
func (e *Engine) StartCron(stop <-chan struct{}) {
	st := &cronState{}
	go func() {
		period, fast := e.cronRun(st)
		nextSlow := time.Now().Add(period)
		timer := time.NewTimer(cronWait(nextSlow, fast))
		defer timer.Stop()
		defer func() {
			e.mu.Lock()
			st.close()
			e.mu.Unlock()
		}()
		for {
			select {
			case <-stop:
				return
			case now := <-timer.C:
				if now.Before(nextSlow) {
					fast = e.cronFast(st)
				} else {
					period, fast = e.cronRun(st)
					nextSlow = time.Now().Add(period)
				}
				timer.Reset(cronWait(nextSlow, fast))
			}
		}
	}()
}

// cronWait is the time until the cron's next wake-up: the next run, or
// sooner for a fast expire cycle.
func cronWait(nextSlow time.Time, fast bool) time.Duration {
	d := time.Until(nextSlow)
	if fast {
		d = min(d, 2*expireFastDuration)
	}
	return max(d, 0)
}

// SetActiveExpire turns the active expire cycle on or off (DEBUG
// SET-ACTIVE-EXPIRE). Lazy expiry is not affected. Call it inside the
// executor.
func (e *Engine) SetActiveExpire(on bool) { e.activeExpire = on }

// AvgTTL is the active expire cycle's running estimate of the average time
// to live, in ms, of the database's keys that have one (INFO keyspace's
// avg_ttl); 0 when unknown.
func (db *DB) AvgTTL() int64 { return db.avgTTL }

// cronHz is the configured cron frequency, clamped as Redis clamps hz.
func (e *Engine) cronHz() int {
	hz := e.Config.Hz
	if hz <= 0 {
		return defaultHz
	}
	return min(max(hz, minHz), maxHz)
}

// cronRun is one run of the cron. It returns the time until the next and
// whether fast expire cycles should run meanwhile.
func (e *Engine) cronRun(st *cronState) (time.Duration, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.SyncWallClock()
	e.refreshClock()
	e.SampleStats()
	hz := e.cronHz()
	if e.activeExpire {
		// A quarter of the cron period.
		e.activeExpireCycle(st, time.Duration(expireSlowTimePerc)*time.Second/time.Duration(hz)/100)
	}
	e.databasesCron(st)
	e.pubsubCron()
	e.monitorCron()
	e.saveCron()
	return time.Second / time.Duration(hz), e.activeExpire && st.timelimitExit
}

// cronFast runs a fast expire cycle, a millisecond long, and reports whether
// another is wanted. Redis runs one only when the last cycle ran out of
// time (its other trigger, a stale share over 10%, compares a fraction with
// a percentage and never fires).
func (e *Engine) cronFast(st *cronState) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.activeExpire || !st.timelimitExit {
		return false
	}
	e.refreshClock()
	e.activeExpireCycle(st, expireFastDuration)
	return st.timelimitExit
}

// activeExpireCycle reclaims expired keys nobody reads, within timelimit,
// visiting up to cronDBsPerCall databases (all of them if the previous
// cycle ran out of time) from where the previous cycle stopped.
func (e *Engine) activeExpireCycle(st *cronState, timelimit time.Duration) {
	start := time.Now()
	dbsPerCall := min(cronDBsPerCall, len(e.dbs))
	if st.timelimitExit {
		dbsPerCall = len(e.dbs)
	}
	st.timelimitExit = false

	var totalSampled, totalExpired int64
	iteration := 0
	for j := 0; j < dbsPerCall && !st.timelimitExit; j++ {
		i := st.expireDB % len(e.dbs)
		db, cur := e.dbs[i], st.cursor(i, len(e.dbs))
		// Advance now, so a cycle that runs out of time in this database
		// starts from the next one.
		st.expireDB++
		for {
			iteration++
			if len(db.expires) == 0 {
				db.avgTTL = 0
				break
			}
			sampled, expired := db.expireSample(cur, time.Now().UnixMilli())
			totalSampled += int64(sampled)
			totalExpired += int64(expired)
			// Checking the clock is cheap but not free: every 16 loops.
			if iteration&0xf == 0 && time.Since(start) > timelimit {
				st.timelimitExit = true
				e.stats.ExpiredTimeCapReached++
				break
			}
			// Go on with this database only while the sample suggests many
			// keys are still waiting to be reclaimed.
			if sampled == 0 || expired*100/sampled <= expireAcceptableStale {
				break
			}
		}
	}
	// Running estimate of the share of expired keys still in memory, each
	// cycle weighing 5%.
	perc := 0.0
	if totalSampled > 0 {
		perc = float64(totalExpired) / float64(totalSampled)
	}
	e.stats.ExpiredStalePerc = perc*0.05 + e.stats.ExpiredStalePerc*0.95
}

// expireSample examines the next expireKeysPerLoop keys of the cursor's
// walk, reclaims those due at now, and folds the others' remaining TTLs
// into the database's average.
func (db *DB) expireSample(cur *expireCursor, now int64) (sampled, expired int) {
	num := min(len(db.expires), expireKeysPerLoop)
	var ttlSum int64
	ttlSamples := 0
	for sampled < num {
		key, at, ok := cur.pull(db)
		if !ok {
			break
		}
		sampled++
		if now > at {
			// The iterator has passed key, so deleting it is safe.
			db.reclaimExpired(key)
			expired++
			continue
		}
		if ttl := at - now; ttl > 0 {
			ttlSum += ttl
			ttlSamples++
		}
	}
	if ttlSamples > 0 {
		avg := ttlSum / int64(ttlSamples)
		// A running average: the new sample weighs 2%.
		if db.avgTTL == 0 {
			db.avgTTL = avg
		}
		db.avgTTL = db.avgTTL/50*49 + avg/50
	}
	return sampled, expired
}

// databasesCron shrinks tables that emptied out and spends about a
// millisecond moving buckets of one database whose keys table is being
// rehashed, so idle databases finish rehashing too.
func (e *Engine) databasesCron(st *cronState) {
	n := min(cronDBsPerCall, len(e.dbs))
	if len(st.expiresPeak) != len(e.dbs) {
		st.expiresPeak = make([]int, len(e.dbs))
	}
	for j := 0; j < n; j++ {
		i := st.resizeDB % len(e.dbs)
		st.resizeDB++
		db := e.dbs[i]
		db.keys.ShrinkIfNeeded()
		st.compactExpires(db, i)
	}
	for j := 0; j < n; j++ {
		db := e.dbs[st.rehashDB%len(e.dbs)]
		if db.keys.rehashing() {
			db.keys.RehashFor(time.Millisecond)
			break
		}
		st.rehashDB = (st.rehashDB + 1) % len(e.dbs)
	}
}

// compactExpires rebuilds db's expires map once it holds under a tenth of
// the most it was seen holding, so its memory and the expire cycle's
// sampling cost follow the live size.
func (st *cronState) compactExpires(db *DB, i int) {
	n := len(db.expires)
	if n > st.expiresPeak[i] {
		st.expiresPeak[i] = n
	}
	peak := st.expiresPeak[i]
	if peak < expiresCompactMin || n*10 >= peak || n > expiresCompactMax {
		return
	}
	m := make(map[string]int64, n)
	for k, at := range db.expires {
		m[k] = at
	}
	db.expires = m
	st.expiresPeak[i] = n
}
