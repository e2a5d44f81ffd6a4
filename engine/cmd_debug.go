package engine

import (
	"math"
	"strconv"
	"time"
	"unsafe"
)

// DEBUG subcommand [arg ...]. Redis gives DEBUG no subcommand table: the
// handler matches the subcommand together with its argument count, and
// anything else gets one error naming the subcommand. The row carries the
// Protected flag, so the dispatcher only lets it run when
// enable-debug-command allows it.
func cmdDebug(c *Ctx) {
	sub, argc := c.Args[1], len(c.Args)
	switch {
	case argc == 2 && EqualFold(sub, "help"):
		writeHelp(c, debugHelp)
	case argc == 2 && EqualFold(sub, "digest"):
		debugDigest(c)
	case EqualFold(sub, "digest-value"):
		debugDigestValue(c)
	case argc == 3 && EqualFold(sub, "log"):
		c.E.Log.Logf(LogWarning, "DEBUG LOG: %s", cstr(c.Args[2], len(c.Args[2])))
		c.OK()
	case argc == 3 && EqualFold(sub, "object"):
		debugObject(c)
	case argc >= 3 && argc <= 5 && EqualFold(sub, "populate"):
		debugPopulate(c)
	case EqualFold(sub, "reload"):
		debugReload(c)
	case argc == 3 && EqualFold(sub, "quicklist-packed-threshold"):
		debugListPackedThreshold(c)
	case argc == 3 && EqualFold(sub, "sleep"):
		debugSleep(c)
	case argc == 3 && EqualFold(sub, "set-active-expire"):
		c.E.SetActiveExpire(cAtoi(c.Args[2]) != 0)
		c.OK()
	default:
		c.Err(ErrUnknownSubcommandOrArgs(sub, c.Args[0]))
	}
}

// debugHelp lists the DEBUG subcommands luakv implements, in Redis 7.0's
// order and words but one line (a conflicting key under RELOAD NOFLUSH
// fails the load here; Redis exits); the crash, replication and allocator
// subcommands have no meaning here and are not listed.
var debugHelp = []string{
	"DIGEST",
	"    Output a hex signature representing the current DB content.",
	"DIGEST-VALUE <key> [<key> ...]",
	"    Output a hex signature of the values of all the specified keys.",
	"LOG <message>",
	"    Write <message> to the server log.",
	"OBJECT <key>",
	"    Show low level info about `key` and associated value.",
	"POPULATE <count> [<prefix>] [<size>]",
	"    Create <count> string keys named key:<num>. If <prefix> is specified then",
	"    it is used instead of the 'key' prefix. These are not propagated to",
	"    replicas. Cluster slots are not respected so keys not belonging to the",
	"    current node can be created in cluster mode.",
	"RELOAD [option ...]",
	"    Save the RDB on disk and reload it back to memory. Valid <option> values:",
	"    * MERGE: conflicting keys will be loaded from RDB.",
	"    * NOFLUSH: the existing database will not be removed before load, but",
	"      conflicting keys make the load fail.",
	"    * NOSAVE: the database will be loaded from an existing RDB file.",
	"    Examples:",
	"    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
	"      the database.",
	"    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
	"      existing RDB file.",
	"    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
	"      file to the database.",
	"SET-ACTIVE-EXPIRE <0|1>",
	"    Setting it to 0 disables expiring keys in background when they are not",
	"    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
	"    default.",
	"QUICKLIST-PACKED-THRESHOLD <size>",
	"    Sets the threshold for elements to be inserted as plain vs packed nodes",
	"    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
	"SLEEP <seconds>",
	"    Stop the server for <seconds>. Decimals allowed.",
}

// sharedIntRefcount is the refcount Redis shows for its shared integer
// objects (0..9999), which every "int" string in that range points to
// (sharedInteger).
const sharedIntRefcount = math.MaxInt32

// DEBUG OBJECT key: Redis's one-line summary of the value. The key is found
// without expiring it. "Value at" is the address of luakv's entry (a string
// has no separate value object). serializedlength is estimated (see
// serializedLen): exact but for LZF compression of long strings.
func debugObject(c *Ctx) {
	en := c.DB.keys.Find(bstr(c.Args[2]))
	if en == nil {
		c.Err(ErrNoSuchKey)
		return
	}
	enc := en.Encoding()
	refcount, lru := int64(1), en.lru
	if c.E.sharedInteger(en) {
		// Shared objects were made when the server started.
		refcount = sharedIntRefcount
		lru = uint32(c.E.started.Unix()) & lruClockMax
	}
	b := make([]byte, 0, 128)
	b = append(b, "Value at:0x"...)
	b = strconv.AppendUint(b, uint64(uintptr(unsafe.Pointer(en))), 16)
	b = append(b, " refcount:"...)
	b = strconv.AppendInt(b, refcount, 10)
	b = append(b, " encoding:"...)
	b = append(b, enc...)
	b = append(b, " serializedlength:"...)
	b = strconv.AppendInt(b, serializedLen(en), 10)
	b = append(b, " lru:"...)
	b = strconv.AppendUint(b, uint64(lru), 10)
	b = append(b, " lru_seconds_idle:"...)
	b = strconv.AppendUint(b, uint64(lruIdleSeconds(c.E.lruClock(), lru)), 10)
	c.WriteStatus(string(b))
}

// lruIdleSeconds is the time since lru by the LRU clock now, allowing for
// the 24-bit clock having wrapped once.
func lruIdleSeconds(now, lru uint32) uint32 {
	if now >= lru {
		return now - lru
	}
	return now + (lruClockMax - lru)
}

// maxPopulateKey is where DEBUG POPULATE cuts keys (Redis formats them
// into a 128-byte buffer).
const maxPopulateKey = 127

// DEBUG POPULATE count [prefix] [size]: create string keys prefix:0 ..
// prefix:count-1 (prefix "key") holding value:0 ... , skipping keys that
// exist. With a size, each value is that long: truncated, or padded with
// zero bytes. Like Redis, a key is cut at 127 bytes and the prefix at a
// NUL byte, and the new keys do not count as changes for persistence.
// Each key costs its entry and two strings (key and value), nothing more.
func debugPopulate(c *Ctx) {
	count, ok := parseInt(c.Args[2])
	if !ok || count < 0 {
		c.Err(ErrPositiveInteger)
		return
	}
	var size int64
	if len(c.Args) == 5 {
		if size, ok = parseInt(c.Args[4]); !ok || size < 0 {
			c.Err(ErrPositiveInteger)
			return
		}
	}
	prefix := []byte("key")
	if len(c.Args) >= 4 {
		prefix = cstrBytes(c.Args[3])
	}
	db := c.DB
	// Into an empty database, keys that are never cut are all new and
	// distinct, so the per-key existence check (a hash and a chain walk
	// for every key) can be skipped.
	fresh := count > 0 && db.Len() == 0 && len(prefix)+1+len(strconv.FormatInt(count-1, 10)) <= maxPopulateKey
	db.keys.expandFor(count)
	key := make([]byte, 0, 128)
	val := make([]byte, 0, 32)
	var added int64
	for j := int64(0); j < count; j++ {
		key = append(append(key[:0], prefix...), ':')
		key = strconv.AppendInt(key, j, 10)
		if len(key) > maxPopulateKey {
			key = key[:maxPopulateKey]
		}
		if !fresh && db.LookupWrite(key) != nil {
			continue
		}
		val = strconv.AppendInt(append(val[:0], "value:"...), j, 10)
		var s string
		if size == 0 {
			s = string(val)
		} else {
			buf := make([]byte, size) // zero padded
			copy(buf, val)
			s = unsafe.String(unsafe.SliceData(buf), len(buf))
		}
		db.AddEntry(key, s, nil, 0)
		added++
	}
	c.E.stats.Dirty -= added // AddEntry counted them; Redis does not
	c.OK()
}

// DEBUG SLEEP seconds: stop the whole server (the executor) for that long,
// as Redis blocks its event loop. The argument is read as C's strtod reads
// it: a leading number, anything after it ignored, 0 when there is none.
func debugSleep(c *Ctx) {
	d := cStrtod(c.Args[2]) * 1e6
	if d > 0 && d < math.MaxInt64/1000 {
		time.Sleep(time.Duration(int64(d)) * time.Microsecond)
	}
	c.OK()
}

// cStrtod parses the longest decimal number (or inf/infinity/nan word) at
// the start of b after optional white space, as strtod does, and returns
// 0 when there is none. Hexadecimal floats are not recognized.
func cStrtod(b []byte) float64 {
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	start := i
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	for _, w := range []string{"infinity", "inf", "nan"} {
		if len(b)-i >= len(w) && EqualFold(b[i:i+len(w)], w) {
			f, _ := strconv.ParseFloat(string(b[start:i+len(w)]), 64)
			return f
		}
	}
	digits := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return 0
	}
	end := i
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		j := i + 1
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if j < len(b) && b[j] >= '0' && b[j] <= '9' {
			for j < len(b) && b[j] >= '0' && b[j] <= '9' {
				j++
			}
			end = j
		}
	}
	f, _ := strconv.ParseFloat(string(b[start:end]), 64) // out of range gives ±Inf or 0, as strtod
	return f
}

// cAtoi reads b as C's atoi does: optional white space and sign, then
// digits up to the first non-digit; 0 when there are none. Overflow
// saturates as strtol does before the cast to int.
func cAtoi(b []byte) int32 {
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	neg := false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	var v uint64
	over := false
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		if v > (math.MaxUint64-9)/10 {
			over = true
			continue
		}
		v = v*10 + uint64(b[i]-'0')
	}
	var n int64
	switch {
	case neg && (over || v > 1<<63):
		n = math.MinInt64
	case neg:
		n = -int64(v)
	case over || v > math.MaxInt64:
		n = math.MaxInt64
	default:
		n = int64(v)
	}
	return int32(n) // C's conversion of long to int keeps the low 32 bits
}

// expandFor grows d's table to hold n keys at once, as Redis's dictExpand
// before a bulk load, so the load does not rehash step by step as it goes.
// Like Redis it sizes for n alone (keys that exist are skipped by the load),
// and does nothing while a rehash is under way.
func (d *dict) expandFor(n int64) {
	want := n
	if d.rehashing() || want <= int64(len(d.ht[0].buckets)) || want > 1<<40 {
		return
	}
	if d.ht[0].buckets == nil {
		d.ht[0] = newDictTable(nextPow2(int(want)))
		return
	}
	d.resize(int(want))
}
