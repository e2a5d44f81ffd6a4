package engine

import (
	"math"
	"strconv"
	"time"
)

// DBSIZE: the number of keys in the selected database. Like Redis it counts
// keys whose TTL is due but that no access or cycle has reclaimed yet.
func cmdDBSize(c *Ctx) { c.WriteInt(int64(c.DB.Len())) }

// parseFlushMode accepts FLUSHDB/FLUSHALL's optional SYNC or ASYNC. Both
// free the same way here (the Go collector reclaims the dropped dict), so
// only their validity matters.
func parseFlushMode(c *Ctx) bool {
	switch len(c.Args) {
	case 1:
		return true
	case 2:
		if EqualFold(c.Args[1], "sync") || EqualFold(c.Args[1], "async") {
			return true
		}
	}
	c.Err(ErrSyntax)
	return false
}

// FLUSHDB [ASYNC|SYNC]: delete every key of the selected database. The
// removed keys count as changes, as in Redis.
func cmdFlushDB(c *Ctx) {
	if !parseFlushMode(c) {
		return
	}
	c.E.stats.Dirty += int64(c.DB.Flush())
	c.OK()
}

// FLUSHALL [ASYNC|SYNC]: delete every key of every database. As in Redis,
// the removed keys count as changes and then, only when save points are
// configured, the (empty) dataset is saved, which resets the count; a
// failed save is logged and FLUSHALL still succeeds.
func cmdFlushAll(c *Ctx) {
	if !parseFlushMode(c) {
		return
	}
	var n int
	for _, db := range c.E.dbs {
		n += db.Flush()
	}
	c.E.stats.Dirty += int64(n)
	c.E.dropBGSave()
	if len(SaveParams(c.E.registry())) > 0 {
		c.E.saveDump()
	}
	c.OK()
}

// parseDBIndexArg parses a SWAPDB index as Redis's getIntFromObjectOrReply:
// a strict integer that fits a C int.
func parseDBIndexArg(b []byte) (int, bool) {
	n, ok := parseInt(b)
	if !ok || n < math.MinInt32 || n > math.MaxInt32 {
		return 0, false
	}
	return int(n), true
}

// SWAPDB index1 index2: exchange two databases' contents. Clients keep
// their selected index and so see the other contents.
func cmdSwapDB(c *Ctx) {
	a, ok := parseDBIndexArg(c.Args[1])
	if !ok {
		c.Err(ErrInvalidFirstDBIndex)
		return
	}
	b, ok := parseDBIndexArg(c.Args[2])
	if !ok {
		c.Err(ErrInvalidSecondDBIndex)
		return
	}
	n := len(c.E.dbs)
	if a < 0 || a >= n || b < 0 || b >= n {
		c.Err(ErrDBIndex)
		return
	}
	c.E.SwapDB(a, b)
	c.E.stats.Dirty++ // even for a == b, as in Redis
	c.OK()
}

// TIME: the wall clock as [seconds, microseconds], both bulk strings. It
// reads the clock itself rather than the executor's cached milliseconds,
// because clients use it for microsecond timing.
func cmdTime(c *Ctx) {
	us := time.Now().UnixMicro()
	var sec, usec [20]byte // separate: a Writer may keep the slice it gets
	c.WriteArray(2)
	c.WriteBulk(strconv.AppendInt(sec[:0], us/1e6, 10))
	c.WriteBulk(strconv.AppendInt(usec[:0], us%1e6, 10))
}

// LASTSAVE: the Unix time of the last successful save. With no persistence
// it stays at the server's start time, as Redis's does before any save.
func cmdLastSave(c *Ctx) { c.WriteInt(c.E.lastSave) }
