package tests

import (
	"testing"

	rt "luakv/internal/redistest"
)

// maxmemory under noeviction, compared live with redis-server. Both
// servers use far more than one byte, so "maxmemory 1" puts them over the
// limit and "maxmemory 0" lifts it. Every sequence starts and ends with
// the limit off: a later sequence must not inherit it.

const (
	mmOff = "CONFIG SET maxmemory 0"
	mmOn  = "CONFIG SET maxmemory 1"
)

// mmStat matches an INFO commandstats line whatever the timings.
func mmStat(cmd, counts string) rt.Step {
	return rt.S("INFO commandstats").Re(`cmdstat_` + cmd + `:` + `calls=\d+,usec=\d+,usec_per_call=[\d.]+,` + counts + `\r\n`)
}

func TestDiffMaxmemoryGate(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "deny-oom refused, the rest runs",
		mmOff, "CONFIG RESETSTAT", "SET a 1", "RPUSH l x", "SADD s m", mmOn,
		"SET a b", "GET a", "INCR x", "INCRBY a 1", "DECR a", "APPEND a x", "SETRANGE a 0 x", "SETEX k 10 v",
		"MSET a 1 b 2", "MSETNX c 1", "GETSET a 2", "LPUSH l a", "RPUSH l a", "LINSERT l BEFORE x y",
		"LSET l 0 z", "HSET h f v", "SADD s n", "ZADD z 1 m", "SETBIT b 1 1", "BITOP OR d a", "COPY a c",
		"RENAME a r", "GET a", "MGET a l", "LRANGE l 0 -1", "SMEMBERS s", "EXPIRE a 100", "TTL a", "PERSIST a",
		"LPOP l", "SREM s m", "GETDEL a", "DEL l s", "EXISTS a", "TYPE l", "PING", "ECHO hi", "DBSIZE",
		"FLUSHDB", "SELECT 1", "SET a b", "SELECT 0",
		// Lookup and arity come first.
		"SET", "NOSUCH x", "CONFIG GET maxmemory",
		"INFO errorstats",
		mmStat("set", "rejected_calls=3,failed_calls=0"),
		mmStat("lpush", "rejected_calls=1,failed_calls=0"),
		mmStat("get", "rejected_calls=0,failed_calls=0"),
		mmOff, "SET a b", "INCR n", "INFO errorstats")
	p.Both(t, "limit above usage",
		mmOff, "CONFIG SET maxmemory 100gb", "SET a b", "LPUSH l x", mmOn, "SET a c", "CONFIG SET maxmemory 50gb",
		"SET a c", "GET a", mmOff)
	p.Both(t, "other policies behave as noeviction on an empty dataset",
		mmOff, "CONFIG SET maxmemory-policy allkeys-lru", mmOn, "SET a b", "GET a",
		"CONFIG SET maxmemory-policy volatile-ttl", "SET a b", mmOff,
		"CONFIG SET maxmemory-policy noeviction")
	p.Both(t, "scripts that do not write",
		mmOff, "SET x 1", mmOn, "EVAL \"return redis.call('get','x')\" 0", "EVAL \"return 1\" 0",
		"EVAL \"return redis.call('del','nokey')\" 0", mmOff)
	p.Both(t, "auth comes first",
		mmOff, mmOn, "CONFIG SET requirepass pw", rt.S("SET a b").On(1), rt.S("AUTH pw").On(1),
		rt.S("SET a b").On(1), rt.S("GET a").On(1), "AUTH pw", "CONFIG SET requirepass \"\"", mmOff)
}

func TestDiffMaxmemorySubscribed(t *testing.T) {
	p := rt.NewPair(t)
	// RESP2 only: RESP3 clients have no pub/sub context.
	p.Run(t, "oom before pubsub context",
		mmOff, mmOn, "SUBSCRIBE ch", "SET a b", "GET a", "PING", "UNSUBSCRIBE", "SET a b", mmOff)
}

func TestDiffMaxmemoryMulti(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "queued before the limit",
		mmOff, "CONFIG RESETSTAT", "SET x 1",
		"MULTI", "SET x 2", "GET x", rt.S(mmOn).On(1), "EXEC", "GET x",
		rt.S(mmOff).On(1), "MULTI", "GET x", "PING", "DEL nokey", "EVAL \"return 1\" 0", rt.S(mmOn).On(1), "EXEC",
		"INFO errorstats",
		mmStat("exec", "rejected_calls=1,failed_calls=0"),
		mmOff)
	p.Both(t, "queuing over the limit",
		mmOff, "CONFIG RESETSTAT", "SET x 1", mmOn,
		"MULTI", "GET x", "PING", "EXEC",
		"MULTI", "MULTI", "DISCARD",
		"MULTI", "WATCH x", "RESET",
		"MULTI", mmOff, "EXEC",
		"WATCH x", "MULTI", "SET x 3", "EXEC",
		"INFO errorstats",
		mmStat("exec", "rejected_calls=0,failed_calls=3"),
		mmStat("ping", "rejected_calls=1,failed_calls=0"),
		mmOff)
	p.Run(t, "quit inside multi",
		mmOff, mmOn, "MULTI", rt.S("QUIT").Closed(), rt.S(mmOff).On(1))
}

func TestDiffMaxmemoryInfo(t *testing.T) {
	p := rt.NewPair(t)
	info := func(limit, human, policy string) rt.Step {
		return rt.S("INFO memory").Re(`\r\nmaxmemory:` + limit + `\r\nmaxmemory_human:` + human + `\r\nmaxmemory_policy:` + policy + `\r\n`)
	}
	p.Both(t, "lines",
		mmOff, info("0", "0B", "noeviction"),
		mmOn, info("1", "1B", "noeviction"), "CONFIG GET maxmemory",
		"CONFIG SET maxmemory 100mb", info("104857600", `100\.00M`, "noeviction"),
		"CONFIG SET maxmemory 1234567", info("1234567", `1\.18M`, "noeviction"),
		"CONFIG SET maxmemory-policy allkeys-lfu", info("1234567", `1\.18M`, "allkeys-lfu"),
		"CONFIG SET maxmemory 18446744073709551615", info("-1", "18446744073709551615B", "allkeys-lfu"),
		"CONFIG GET maxmemory",
		"CONFIG SET maxmemory-policy noeviction", mmOff, info("0", "0B", "noeviction"))
	p.Run(t, "eviction exceeded time",
		mmOff, "CONFIG RESETSTAT", rt.S("INFO stats").Re(`\r\ntotal_eviction_exceeded_time:0\r\ncurrent_eviction_exceeded_time:0\r\n`),
		mmOn, rt.S("SET a b"), rt.Sleep(300e6),
		rt.S("INFO stats").Re(`\r\ntotal_eviction_exceeded_time:[1-9]\d+\r\ncurrent_eviction_exceeded_time:[1-9]\d+\r\n`),
		"CONFIG SET maxmemory 100gb", "SET a b",
		rt.S("INFO stats").Re(`\r\ntotal_eviction_exceeded_time:[1-9]\d+\r\ncurrent_eviction_exceeded_time:0\r\n`),
		mmOff)
}

// A command a script's redis.pcall had refused is charged to that command
// (rejected_calls), not to the script's (failed_calls), as with the
// script's first deny-oom command over maxmemory.
func TestDiffScriptRefusalStats(t *testing.T) {
	p := rt.NewPair(t)
	p.Run(t, "pcall of a refused command",
		"CONFIG RESETSTAT",
		`EVAL_RO "local t = redis.pcall('set','x','y') return t['err']" 1 x`,
		mmStat("eval_ro", "rejected_calls=0,failed_calls=0"),
		mmStat("set", "rejected_calls=1,failed_calls=0"),
		"INFO errorstats")
}
