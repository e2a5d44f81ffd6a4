package tests

import (
	"strings"
	"testing"
	"time"

	"luakv/engine"
	rt "luakv/internal/redistest"
)

// topLevelCommands counts luakv's commands as COMMAND COUNT does (Redis
// 7.0.15 has 240).
func topLevelCommands() int {
	n := 0
	for _, c := range engine.Commands {
		if !strings.Contains(c.Name, "|") {
			n++
		}
	}
	return n
}

func TestDiffServerKeyspaceCommands(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "dbsize",
		"DBSIZE", "MSET a 1 b 2", "DBSIZE", "SELECT 1", "DBSIZE", "SET c 3", "DBSIZE", "SELECT 0", "DEL a",
		"DBSIZE", "DBSIZE x")
	p.Both(t, "flushdb",
		"MSET a 1 b 2", "SELECT 1", "SET c 3", "FLUSHDB", "DBSIZE", "SELECT 0", "DBSIZE", "FLUSHDB ASYNC",
		"DBSIZE", "SET a 1", "FLUSHDB SYNC", "DBSIZE", "FLUSHDB sync", "FLUSHDB async", "FLUSHDB FOO",
		"FLUSHDB SYNC ASYNC", "FLUSHDB ASYNC ASYNC", "SET t v EX 100", "FLUSHDB", "TTL t", "INFO keyspace")
	p.Both(t, "flushall",
		"MSET a 1 b 2", "SELECT 7", "SET c 3", "FLUSHALL", "DBSIZE", "SELECT 0", "DBSIZE", "SET a 1",
		"FLUSHALL ASYNC", "DBSIZE", "SET a 1", "FLUSHALL SYNC", "DBSIZE", "FLUSHALL FOO", "FLUSHALL SYNC SYNC",
		"FLUSHALL sync", "INFO keyspace")
	// Active expiry is off while INFO keyspace's avg_ttl is compared: each
	// server's cron would otherwise sample the new TTL whenever it happens
	// to run, and the estimate differs from 0 on one server but not the other.
	p.Both(t, "swapdb",
		"DEBUG SET-ACTIVE-EXPIRE 0",
		"SET a db0", "SELECT 1", "SET b db1", "SWAPDB 0 1", "GET a", "GET b", "SELECT 0", "GET a", "GET b",
		"SWAPDB 0 0", "GET b", "SWAPDB 1 0", "GET a", "SWAPDB 0 16", "SWAPDB -1 0", "SWAPDB 16 0",
		"SWAPDB x 1", "SWAPDB 0 y", "SWAPDB x y", "SWAPDB 1.5 0", "SWAPDB 2147483648 0", "SWAPDB 0 2147483648",
		"SWAPDB 0", "SWAPDB 0 1 2", "SET t v EX 100", "SWAPDB 0 3", "SELECT 3", "TTL t", "INFO keyspace",
		"DEBUG SET-ACTIVE-EXPIRE 1")
	p.Run(t, "swapdb moves a selected client's view",
		rt.S("SELECT 1").On(1), "SET k in0", rt.S("SET k in1").On(1), "SWAPDB 0 1", "GET k",
		rt.S("GET k").On(1), "SWAPDB 0 1")
}

// infoHead matches INFO's header: a bulk string in RESP2, a verbatim
// string in RESP3.
const infoHead = `(\$\d+\r\n|=\d+\r\ntxt:)`

func TestDiffServerInfo(t *testing.T) {
	p := rt.NewPair(t)
	// Active expiry stays off until the exact INFO keyspace replies are
	// done, so that neither server's cron has estimated avg_ttl yet.
	p.Both(t, "info sections",
		"DEBUG SET-ACTIVE-EXPIRE 0", "INFO keyspace", "SET a 1", "SET b 2 EX 1000", "SELECT 2", "SET c 3", "INFO keyspace", "INFO KEYSPACE",
		"DEBUG SET-ACTIVE-EXPIRE 1", "INFO nosuch", "INFO keyspace nosuch", rt.S("INFO server").Re(`^`+infoHead+`# Server\r\nredis_version:7\.0\.15\r\n`),
		rt.S("INFO").Re(`(?s)^`+infoHead+`# Server\r\nredis_version:7\.0\.15\r\n.*\r\n# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=\d+\r\ndb2:keys=1,expires=0,avg_ttl=0\r\n\r\n$`),
		rt.S("INFO default").Re(`(?s)^`+infoHead+`# Server\r\n.*# Clients\r\n.*# Memory\r\n.*# Stats\r\n.*# Keyspace\r\n`),
		rt.S("INFO all").Re(`(?s)# Commandstats\r\n.*# Errorstats\r\n`),
		rt.S("INFO everything").Re(`(?s)# Commandstats\r\n.*# Errorstats\r\n`),
		rt.S("INFO clients").Re(`^`+infoHead+`# Clients\r\nconnected_clients:\d+\r\n`),
		rt.S("INFO stats").Re(`(?s)^`+infoHead+`# Stats\r\ntotal_connections_received:\d+\r\ntotal_commands_processed:\d+\r\n`),
		rt.S("INFO memory").Re(`^`+infoHead+`# Memory\r\nused_memory:\d+\r\n`))
	p.Run(t, "errorstats",
		"CONFIG RESETSTAT", "INFO errorstats", "GET a b", "INCR a x", "NOSUCH", "SET a v", "INCR a",
		"SELECT 99", "INFO errorstats", "INFO errorstats keyspace", "CONFIG RESETSTAT", "INFO errorstats")
	p.Run(t, "commandstats",
		"CONFIG RESETSTAT", "SET a 1", "SET a 2", "GET a b", "INCR a x",
		// The lines come in dict order, so each is matched on its own.
		rt.S("INFO commandstats").Re(`^\$\d+\r\n# Commandstats\r\n(cmdstat_[a-z|]+:calls=\d+,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=\d+,failed_calls=\d+\r\n){4}\r\n$`),
		rt.S("INFO commandstats").Re(`\ncmdstat_config\|resetstat:calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0\r\n`),
		rt.S("INFO commandstats").Re(`\ncmdstat_set:calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0\r\n`),
		rt.S("INFO commandstats").Re(`\ncmdstat_get:calls=0,usec=0,usec_per_call=0\.00,rejected_calls=1,failed_calls=0\r\n`),
		rt.S("INFO commandstats").Re(`\ncmdstat_incr:calls=0,usec=0,usec_per_call=0\.00,rejected_calls=1,failed_calls=0\r\n`),
		rt.S("INFO commandstats").Re(`\ncmdstat_info:calls=5,`))
}

func TestDiffServerConfig(t *testing.T) {
	p := rt.NewPair(t)
	get := func(args ...string) rt.Step {
		return rt.C(append([]string{"CONFIG", "GET"}, args...)...).UnorderedReply()
	}
	p.Both(t, "config get",
		get("maxmemory"), get("maxmemory-policy"), get("hz"), get("databases"), get("timeout"), get("save"),
		get("appendonly"), get("proto-max-bulk-len"), get("client-query-buffer-limit"), get("maxclients"),
		get("requirepass"), get("loglevel"), get("notify-keyspace-events"), get("lfu-log-factor"),
		get("lfu-decay-time"), get("maxmemory-samples"), get("busy-reply-threshold"), get("lua-time-limit"),
		get("enable-debug-command"), get("MAXMEMORY"), get("nosuch"), get("maxmemory", "hz", "nosuch"),
		get("maxmemory*"), get("lfu-*"), get("*max-*-len"), get("hz", "hz"), get("maxmemory", "maxmemory*"),
		"CONFIG GET", "CONFIG get")
	p.Both(t, "config set",
		"CONFIG SET hz 20", "CONFIG GET hz", "CONFIG SET hz 10", "CONFIG SET maxmemory 10mb", "CONFIG GET maxmemory",
		"CONFIG SET maxmemory 1GB", "CONFIG GET maxmemory", "CONFIG SET maxmemory 1k", "CONFIG GET maxmemory",
		"CONFIG SET maxmemory 0", "CONFIG SET maxmemory-policy allkeys-lru", "CONFIG GET maxmemory-policy",
		"CONFIG SET maxmemory-policy ALLKEYS-LFU", "CONFIG GET maxmemory-policy", "CONFIG SET maxmemory-policy foo",
		"CONFIG SET maxmemory-policy noeviction", "CONFIG SET hz 20 maxmemory 5mb", "CONFIG GET hz",
		"CONFIG GET maxmemory", "CONFIG SET hz 10 maxmemory 0", "CONFIG SET HZ 11", "CONFIG GET hz",
		"CONFIG SET hz 10", "CONFIG SET hz abc", "CONFIG SET hz 20 hz 30", "CONFIG SET hz 20 HZ 30",
		"CONFIG SET nosuch 1", "CONFIG SET hz 20 nosuch 1", "CONFIG GET hz", "CONFIG SET maxmemory abc",
		"CONFIG SET maxmemory -1", "CONFIG SET hz 12 maxmemory abc", "CONFIG GET hz",
		"CONFIG SET enable-debug-command yes", "CONFIG SET databases 20", "CONFIG SET timeout -1",
		"CONFIG SET timeout 0", "CONFIG SET lfu-log-factor 10", "CONFIG SET notify-keyspace-events KEA",
		"CONFIG GET notify-keyspace-events", `CONFIG SET notify-keyspace-events ""`, "CONFIG SET notify-keyspace-events Q",
		"CONFIG SET save \"\"", "CONFIG GET save", "CONFIG SET appendonly no", "CONFIG SET loglevel warning",
		"CONFIG GET loglevel", "CONFIG SET loglevel notice", "CONFIG SET loglevel foo", "CONFIG SET", "CONFIG SET hz",
		"CONFIG SET hz 10 maxmemory")
	p.Both(t, "config set maxmemory-clients",
		"CONFIG SET maxmemory-clients 10%", "CONFIG GET maxmemory-clients", "CONFIG SET maxmemory-clients 101%",
		"CONFIG SET maxmemory-clients -1%", "CONFIG SET maxmemory-clients 05%", "CONFIG SET maxmemory-clients 1.5%",
		"CONFIG SET maxmemory-clients %", "CONFIG SET maxmemory-clients -1", "CONFIG SET maxmemory-clients abc",
		"CONFIG SET maxmemory-clients 18446744073709551615", "CONFIG GET maxmemory-clients",
		"CONFIG SET maxmemory-clients 2mb", "CONFIG GET maxmemory-clients", "CONFIG SET maxmemory-clients 0%",
		"CONFIG GET maxmemory-clients", "CONFIG SET maxmemory-clients 0")
	p.Both(t, "inert replication and testing parameters",
		get("repl-timeout", "repl-ping-replica-period", "repl-ping-slave-period", "repl-backlog-size",
			"repl-backlog-ttl", "replica-ignore-maxmemory", "slave-ignore-maxmemory", "replica-announced",
			"replica-announce-port", "slave-announce-port", "rdb-key-save-delay", "key-load-delay"),
		"CONFIG SET repl-backlog-size 0", "CONFIG SET repl-backlog-size 2mb", "CONFIG GET repl-backlog-size",
		"CONFIG SET repl-ping-slave-period 0", "CONFIG SET repl-ping-replica-period 5", "CONFIG GET repl-ping-slave-period",
		"CONFIG SET repl-timeout 30", "CONFIG SET repl-backlog-ttl -1", "CONFIG SET replica-announce-port 65536",
		"CONFIG SET rdb-key-save-delay -5", "CONFIG GET rdb-key-save-delay", "CONFIG SET rdb-key-save-delay 0",
		"CONFIG SET key-load-delay 0", rt.C("CONFIG", "GET", "*-delay").UnorderedReply(),
		"CONFIG SET repl-backlog-size 1mb", "CONFIG SET repl-ping-replica-period 10", "CONFIG SET repl-timeout 60")
	p.Both(t, "config misc",
		"CONFIG RESETSTAT", "CONFIG RESETSTAT x", "CONFIG REWRITE", "CONFIG HELP", "CONFIG help", "CONFIG HELP x",
		"CONFIG NOSUCH", "CONFIG")
}

func TestDiffServerCommand(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "command info",
		"COMMAND INFO get", "COMMAND INFO GET set", "COMMAND INFO nosuch", "COMMAND INFO get nosuch mset",
		"COMMAND INFO config|get", "COMMAND INFO bitfield_ro lcs",
		"COMMAND INFO ping echo select quit", "COMMAND INFO expire object|encoding", "COMMAND INFO copy")
	p.Both(t, "command docs",
		"COMMAND DOCS get", "COMMAND DOCS set", "COMMAND DOCS nosuch", "COMMAND DOCS object|encoding")
	p.Both(t, "command getkeys",
		"COMMAND GETKEYS get k", "COMMAND GETKEYS set k v", "COMMAND GETKEYS mset a 1 b 2", "COMMAND GETKEYS del a b c",
		"COMMAND GETKEYS rename a b", "COMMAND GETKEYS bitop and d a b", "COMMAND GETKEYS lcs a b",
		"COMMAND GETKEYS object encoding k", "COMMAND GETKEYS memory usage k", "COMMAND GETKEYS ping",
		"COMMAND GETKEYS echo x", "COMMAND GETKEYS nosuch x", "COMMAND GETKEYS get", "COMMAND GETKEYS get a b",
		"COMMAND GETKEYS mset a", "COMMAND GETKEYS", "COMMAND GETKEYS copy a b DB 1",
		"COMMAND GETKEYSANDFLAGS set k v", "COMMAND GETKEYSANDFLAGS mset a 1 b 2", "COMMAND GETKEYSANDFLAGS getex k",
		"COMMAND GETKEYSANDFLAGS rename a b", "COMMAND GETKEYSANDFLAGS copy a b", "COMMAND GETKEYSANDFLAGS ping")
	p.Both(t, "command list",
		rt.S("COMMAND LIST FILTERBY PATTERN get*").UnorderedReply(),
		rt.S("COMMAND LIST FILTERBY PATTERN *bit*").UnorderedReply(),
		rt.S("COMMAND LIST FILTERBY PATTERN config|*").UnorderedReply(),
		rt.S("COMMAND LIST FILTERBY PATTERN nosuch").UnorderedReply(),
		"COMMAND LIST FILTERBY MODULE nosuch", "COMMAND LIST FILTERBY", "COMMAND LIST FILTERBY FOO x",
		"COMMAND LIST FOO", "COMMAND HELP", "COMMAND HELP x", "COMMAND COUNT x")
	// These compare the whole table (or every subcommand of CLIENT), so they
	// can pass only once luakv has every Redis 7.0 command; until then the
	// golden tests in engine (TestCommandTableMatchesRedis) hold every row
	// luakv has against Redis.
	if top := topLevelCommands(); top < 240 {
		t.Skipf("luakv has %d of Redis 7.0's 240 commands; whole-table COMMAND replies differ until it has them all", top)
	}
	p.Both(t, "whole table",
		"COMMAND COUNT", rt.S("COMMAND").UnorderedReply(), rt.S("COMMAND LIST").UnorderedReply(),
		rt.S("COMMAND INFO").UnorderedReply(), rt.S("COMMAND INFO client").UnorderedReply(),
		rt.S("COMMAND LIST FILTERBY ACLCAT string").UnorderedReply(),
		rt.S("COMMAND LIST FILTERBY ACLCAT keyspace").UnorderedReply(), "COMMAND LIST FILTERBY ACLCAT nosuch")
}

func TestDiffServerMisc(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "time lastsave",
		rt.S("TIME").ShapeOnly(), rt.S("TIME").Re(`^\*2\r\n\$10\r\n\d{10}\r\n\$\d{1,6}\r\n\d{1,6}\r\n$`), "TIME x",
		rt.S("LASTSAVE").Re(`^:\d{10}\r\n$`), "LASTSAVE x")
	p.Both(t, "debug",
		"DEBUG SLEEP 0", "DEBUG SLEEP 0.05", "DEBUG sleep 0", "DEBUG SLEEP x", "DEBUG SLEEP",
		"DEBUG SET-ACTIVE-EXPIRE 0", "DEBUG SET-ACTIVE-EXPIRE 1", "DEBUG SET-ACTIVE-EXPIRE x",
		"DEBUG SET-ACTIVE-EXPIRE", "DEBUG LOG hello", "DEBUG LOG", "DEBUG LOG \"a b\"", "DEBUG FOO", "DEBUG",
		"DEBUG OBJECT nokey", "SET k abc", rt.S("DEBUG OBJECT k").Re(
			`^\+Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:4 lru:\d+ lru_seconds_idle:\d+\r\n$`),
		"DEBUG OBJECT", "DEBUG OBJECT a b")
	p.Both(t, "debug populate",
		"DEBUG POPULATE 10", "DBSIZE", "MGET key:0 key:9 key:10", "OBJECT ENCODING key:0", "DEBUG POPULATE 3 pfx",
		"MGET pfx:0 pfx:2", "DEBUG POPULATE 3 sized 3", "MGET sized:0 sized:2", "DEBUG POPULATE 2 padded 20",
		"MGET padded:0 padded:1", "SET mine v", "DEBUG POPULATE 5 mine", "DEBUG POPULATE 1 mine", "GET mine:0",
		"DEBUG POPULATE 0", "DEBUG POPULATE -1", "DEBUG POPULATE x", "DEBUG POPULATE 1 p x",
		"DEBUG POPULATE 1 p -1", "DEBUG POPULATE 1 p 0", "MGET p:0", "DEBUG POPULATE", "DBSIZE",
		"SELECT 3", "DEBUG POPULATE 2", "DBSIZE", "SELECT 0", "KEYS key:1*")
	p.Both(t, "memory",
		"MEMORY USAGE nokey", "SET k v", rt.S("MEMORY USAGE k").TypeOnly(), rt.S("MEMORY USAGE k SAMPLES 5").TypeOnly(),
		rt.S("MEMORY USAGE k SAMPLES 0").TypeOnly(), "MEMORY USAGE k SAMPLES x", "MEMORY USAGE k SAMPLES -1",
		"MEMORY USAGE k SAMPLES", "MEMORY USAGE k FOO", "MEMORY USAGE nokey SAMPLES x",
		"MEMORY HELP x", "MEMORY USAGE", "MEMORY")
	p.Run(t, "debug sleep blocks other clients",
		rt.S("DEBUG SLEEP 0.2").On(1), "PING")
}

// SHUTDOWN ends the servers, so it has pairs of its own.
func TestDiffServerShutdown(t *testing.T) {
	p := rt.NewPair(t)
	p.Run(t, "errors",
		"SHUTDOWN ABORT", "SHUTDOWN FOO", "SHUTDOWN NOSAVE FOO", "SHUTDOWN SAVE NOSAVE", "SHUTDOWN ABORT NOW",
		"SHUTDOWN ABORT FORCE", "SHUTDOWN abort", "PING")
	q := rt.NewPair(t)
	q.Run(t, "nosave",
		rt.S("PING").On(1), rt.S("SHUTDOWN NOSAVE").Drain(), rt.WaitClose(1))
	time.Sleep(10 * time.Millisecond)
}
