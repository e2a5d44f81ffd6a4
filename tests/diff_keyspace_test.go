package tests

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	rt "luakv/internal/redistest"
)

func TestDiffKeyspaceBasics(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "del unlink",
		"MSET a 1 b 2 c 3", "DEL a", "DEL a", "DEL b c nokey", "MSET a 1 b 2", "DEL a a b b", "MSET a 1 b 2",
		"UNLINK a nokey", "UNLINK a", "UNLINK b b", "EXISTS a b", "DEL", "UNLINK", `SET "" e`, `DEL ""`,
		"SET k v PX 1", rt.Sleep(20*time.Millisecond), "DEL k", "SET k v PX 1", rt.Sleep(20*time.Millisecond),
		"UNLINK k")
	p.Both(t, "exists",
		"EXISTS a", "SET a 1", "EXISTS a", "EXISTS a a a", "EXISTS a b", "SET b 2", "EXISTS a b nokey b",
		"EXISTS", "SET k v PX 1", rt.Sleep(20*time.Millisecond), "EXISTS k")
	p.Both(t, "type",
		"TYPE nokey", "SET s v", "TYPE s", "SET i 123", "TYPE i", "SETBIT b 1 1", "TYPE b", "TYPE", "TYPE a b")
	p.Both(t, "touch",
		"TOUCH a", "MSET a 1 b 2", "TOUCH a b c", "TOUCH a a", "TOUCH")
	p.Both(t, "randomkey",
		"RANDOMKEY", "SET only v", "RANDOMKEY", "SELECT 3", "RANDOMKEY", "SELECT 0",
		"MSET a 1 b 2", rt.S("RANDOMKEY").Re(`^\$1\r\n[ab]\r\n$|^\$4\r\nonly\r\n$`), "RANDOMKEY x")
	p.Run(t, "randomkey skips expired keys",
		"DEBUG SET-ACTIVE-EXPIRE 0", "SET k v PX 1", rt.Sleep(20*time.Millisecond), "RANDOMKEY", "DBSIZE",
		"SET k v PX 1", "SET live v", rt.Sleep(20*time.Millisecond), "RANDOMKEY", "DEBUG SET-ACTIVE-EXPIRE 1")
}

func TestDiffKeyspaceExpire(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "ttl pttl persist",
		"TTL nokey", "PTTL nokey", "SET k v", "TTL k", "PTTL k", "EXPIRE k 100", "TTL k",
		rt.S("PTTL k").Re(`^:(99\d{3}|100000)\r\n$`), "PERSIST k", "TTL k", "PERSIST k", "PERSIST nokey",
		"PEXPIRE k 1700", "TTL k", "PEXPIRE k 1300", "TTL k", "PEXPIRE k 700", "TTL k", "PEXPIRE k 300", "TTL k",
		"TTL", "PTTL a b", "PERSIST", "PERSIST a b")
	p.Both(t, "expire family",
		"EXPIRE nokey 10", "SET k v", "EXPIRE k 100", "TTL k", "PEXPIRE k 200000", "TTL k",
		"EXPIREAT k "+farSec, "EXPIRETIME k", "PEXPIRETIME k", "PEXPIREAT k "+farMs, "EXPIRETIME k", "PEXPIRETIME k",
		"EXPIRETIME nokey", "PEXPIRETIME nokey", "SET n v", "EXPIRETIME n", "PEXPIRETIME n",
		"EXPIRE k abc", "EXPIRE k 1.5", `EXPIRE k ""`, "PEXPIRE k x", "EXPIREAT k x", "PEXPIREAT k 1e3",
		"EXPIRE k 9223372036854775807", "EXPIRE k 9223372036854775", "EXPIRE k -9223372036854775808",
		"PEXPIRE k 9223372036854775807", "EXPIREAT k 9223372036854775807", "PEXPIREAT k 9223372036854775807",
		"EXPIREAT k 9223372036854775", "EXPIRE k 99999999999999999999", "TTL k", "EXPIRETIME",
		"EXPIRETIME a b", "PEXPIRETIME", "EXPIRE", "EXPIRE k", "PEXPIREAT k")
	p.Both(t, "expire in the past deletes",
		"SET k v", "EXPIRE k 0", "EXISTS k", "SET k v", "EXPIRE k -10", "EXISTS k", "SET k v", "PEXPIRE k -1",
		"EXISTS k", "SET k v", "EXPIREAT k 1", "EXISTS k", "SET k v", "PEXPIREAT k 0", "EXISTS k",
		"SET k v", "EXPIREAT k -5", "GET k")
	p.Both(t, "expire options",
		"SET k v", "EXPIRE k 100 XX", "TTL k", "EXPIRE k 100 GT", "TTL k", "EXPIRE k 100 LT", "TTL k",
		"EXPIRE k 100 NX", "TTL k", "EXPIRE k 50 NX", "TTL k", "EXPIRE k 200 XX", "TTL k",
		"EXPIRE k 100 GT", "EXPIRE k 300 GT", "TTL k", "EXPIRE k 400 LT", "EXPIRE k 150 LT", "TTL k",
		"EXPIRE k 10 nx", "EXPIRE k 10 xx", "PERSIST k", "EXPIRE k 10 GT", "TTL k", "EXPIRE k 10 LT", "TTL k",
		"EXPIRE k 100 NX XX", "EXPIRE k 100 NX GT", "EXPIRE k 100 NX LT", "EXPIRE k 100 GT LT",
		"EXPIRE k 100 XX GT", "EXPIRE k 100 XX LT", "EXPIRE k 100 XX XX", "EXPIRE k 100 FOO",
		"EXPIRE k 100 NX FOO", "EXPIRE nokey 100 NX", "EXPIRE nokey 100 XX", "PEXPIRE k 200000 GT",
		"EXPIREAT k "+farSec+" GT", "EXPIRETIME k", "PEXPIREAT k "+farMs+" LT", "PEXPIRETIME k",
		"PEXPIREAT k "+farMs+" NX", "EXPIREAT k 1 GT", "EXISTS k", "EXPIREAT k 1 LT", "EXISTS k",
		"SET k v EX 100", "EXPIRE k -1 GT", "EXISTS k", "SET k v EX 100", "EXPIRE k -1 LT", "EXISTS k")
	p.Run(t, "expired keys disappear",
		"SET k v PX 100", "SET keep v", "PTTL nokey", rt.Sleep(250*time.Millisecond), "GET k", "TTL k",
		"PTTL k", "EXISTS k keep", "EXPIRETIME k", "SET k2 v", "PEXPIRE k2 50", rt.Sleep(150*time.Millisecond),
		"TYPE k2", "PERSIST k2", "EXPIRE k2 100", "KEYS *")
	p.Run(t, "lazy expiry with active expiry off",
		"DEBUG SET-ACTIVE-EXPIRE 0", "MSET a 1 b 2 c 3", "PEXPIRE a 10", "PEXPIRE b 10",
		rt.Sleep(50*time.Millisecond), "DBSIZE", "INFO keyspace", "GET a", "DBSIZE", "EXISTS b", "DBSIZE",
		"DEBUG SET-ACTIVE-EXPIRE 1")
}

func TestDiffKeyspaceIteration(t *testing.T) {
	p := rt.NewPair(t)
	setup := "MSET hello 1 hallo 2 hxllo 3 hllo 4 heeello 5 \"a*b\" 6 \"a?b\" 7 \"[x]\" 8 \"sp ace\" 9 Hello 10"
	keys := func(pat string) rt.Step { return rt.C("KEYS", pat).UnorderedReply() }
	p.Both(t, "keys patterns",
		"KEYS *", setup, keys("*"), keys("h?llo"), keys("h*llo"), keys("h[ae]llo"), keys("h[^e]llo"),
		keys("h[a-b]llo"), keys("h[b-a]llo"), keys(`a\*b`), keys(`a\?b`), keys(`\[x\]`), keys("[[]x]"), keys("*llo"),
		keys("H*"), keys("h*"), keys("sp ace"), keys("nomatch*"), keys(""), keys("**"), keys("[!a]*"),
		keys(`h\`), keys("h[a-"), keys("[a-z]llo"), keys("?"), keys("*ll*"), "KEYS", "KEYS a b")
	scan := func(args ...string) rt.Step { return rt.C(append([]string{"SCAN"}, args...)...).UnorderedReply() }
	p.Both(t, "scan small",
		scan("0"), setup, scan("0", "COUNT", "1000"), scan("0", "MATCH", "h*", "COUNT", "1000"),
		scan("0", "MATCH", "nomatch", "COUNT", "1000"), scan("0", "TYPE", "string", "COUNT", "1000"),
		scan("0", "TYPE", "list", "COUNT", "1000"), scan("0", "TYPE", "STRING", "COUNT", "1000"),
		scan("0", "type", "nosuchtype", "COUNT", "1000"), scan("0", "MATCH", "h?llo", "TYPE", "string", "COUNT", "1000"),
		scan("0", "count", "1000", "match", "*o"), "SCAN x", "SCAN 1.5", scan("", "COUNT", "1000"), "SCAN 0 COUNT 0",
		"SCAN 0 COUNT -1", "SCAN 0 COUNT x", "SCAN 0 COUNT", "SCAN 0 MATCH", "SCAN 0 TYPE", "SCAN 0 FOO bar",
		"SCAN 0 COUNT 10 FOO", "SCAN 18446744073709551616", "SCAN 99999999999999999999", "SCAN", "DBSIZE")
	p.Run(t, "scan skips expired keys",
		"DEBUG SET-ACTIVE-EXPIRE 0", "SET a 1 PX 1", "SET b 2", rt.Sleep(20*time.Millisecond),
		scan("0", "COUNT", "100"), "KEYS *", "DEBUG SET-ACTIVE-EXPIRE 1")
	p.Run(t, "keys in another db", "SET a 1", "SELECT 1", "SET b 2", "KEYS *", "SCAN 0", "SELECT 0", "KEYS *")
}

// A full SCAN iteration over many keys must return every key at least once
// (and the same set as Redis), whatever the cursor sequence looks like.
func TestDiffKeyspaceScanFullIteration(t *testing.T) {
	p := rt.NewPair(t)
	args := []string{"MSET"}
	for i := 0; i < 2000; i++ {
		args = append(args, "key:"+strconv.Itoa(i), "v")
	}
	p.Do(t, "FLUSHALL")
	p.Do(t, args...)
	for _, opts := range [][]string{nil, {"COUNT", "7"}, {"MATCH", "key:1*"}, {"COUNT", "100", "MATCH", "*9"}} {
		want := scanAll(t, p.Redis, opts)
		got := scanAll(t, p.Luakv, opts)
		if !slices.Equal(want, got) {
			t.Errorf("SCAN %v: redis found %d keys, luakv %d (first of luakv: %q)", opts, len(want), len(got), got[:min(5, len(got))])
		}
	}
}

// scanAll iterates SCAN to the end and returns the distinct keys, sorted.
func scanAll(t *testing.T, s *rt.Server, opts []string) []string {
	t.Helper()
	c := s.MustDial(t)
	seen := map[string]bool{}
	cursor := "0"
	for i := 0; ; i++ {
		if i > 100000 {
			t.Fatalf("%s: SCAN did not finish", s.Name)
		}
		raw := c.MustDo(t, append([]string{"SCAN", cursor}, opts...)...)
		next, keys, err := parseScan(raw)
		if err != nil {
			t.Fatalf("%s: SCAN reply %q: %v", s.Name, raw, err)
		}
		for _, k := range keys {
			seen[k] = true
		}
		if cursor = next; cursor == "0" {
			break
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// parseScan reads "*2 $cursor *N $key..." without a general RESP parser.
func parseScan(raw []byte) (string, []string, error) {
	lines := strings.Split(string(raw), "\r\n")
	if len(lines) < 4 || lines[0] != "*2" {
		return "", nil, fmt.Errorf("not a SCAN reply")
	}
	cursor := lines[2]
	n, err := strconv.Atoi(strings.TrimPrefix(lines[3], "*"))
	if err != nil || len(lines) < 4+2*n {
		return "", nil, fmt.Errorf("bad key count")
	}
	keys := make([]string, n)
	for i := range keys {
		keys[i] = lines[5+2*i]
	}
	return cursor, keys, nil
}

func TestDiffKeyspaceRenameMoveCopy(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "rename",
		"RENAME nokey x", "SET a 1", "RENAME a b", "GET a", "GET b", "RENAME b b", "GET b", "SET c 3",
		"RENAME b c", "GET c", "SET t v EX 100", "RENAME t t2", "TTL t2", "SET u v", "RENAME u t2", "TTL t2",
		"RENAMENX nokey x", "SET x 1", "SET y 2", "RENAMENX x y", "RENAMENX x z", "GET z", "RENAMENX z z",
		"RENAMENX nokey nokey", "RENAME", "RENAME a", "RENAME a b c", "RENAMENX a")
	p.Run(t, "rename of an expired key",
		"SET k v PX 1", rt.Sleep(20*time.Millisecond), "RENAME k k2", "RENAMENX k k2", "EXISTS k2")
	p.Both(t, "move",
		"SET k v", "MOVE k 1", "EXISTS k", "SELECT 1", "GET k", "MOVE k 1", "MOVE k 0", "SELECT 0", "GET k",
		"SET k other", "SELECT 1", "SET k mine", "MOVE k 0", "GET k", "SELECT 0", "GET k", "MOVE nokey 1",
		"MOVE k 16", "MOVE k -1", "MOVE k x", "MOVE k 2147483648", "MOVE k 0", "SET t v EX 100", "MOVE t 5",
		"SELECT 5", "TTL t", "MOVE", "MOVE k")
	p.Both(t, "copy",
		"SET a 1", "COPY a b", "GET b", "COPY a b", "COPY a b REPLACE", "SET a 2", "COPY a b replace", "GET b",
		"COPY nokey b", "COPY a a", "COPY a a REPLACE", "COPY a c DB 1", "SELECT 1", "GET c", "SELECT 0",
		"COPY a c DB 1", "COPY a c DB 1 REPLACE", "COPY a a DB 0", "COPY a a DB 1", "COPY a c DB 16",
		"COPY a c DB -1", "COPY a c DB x", "COPY a c DB", "COPY a c FOO", "COPY a c REPLACE REPLACE",
		"SET t v EX 100", "COPY t t2", "TTL t2", "OBJECT ENCODING t2", "SET n 123", "COPY n n2",
		"OBJECT ENCODING n2", "SET r abc", "APPEND r d", "COPY r r2", "OBJECT ENCODING r2", "GET r2",
		"COPY", "COPY a")
}

func TestDiffKeyspaceObject(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "object",
		"OBJECT ENCODING nokey", "OBJECT REFCOUNT nokey", "OBJECT IDLETIME nokey", "OBJECT FREQ nokey",
		"SET s abc", "SET i 100", "SET big 100000", "SET neg -1", "OBJECT REFCOUNT s", "OBJECT REFCOUNT i",
		"OBJECT REFCOUNT big", "OBJECT REFCOUNT neg", "OBJECT ENCODING s", "OBJECT ENCODING i",
		"SET c -1", "INCR c", "OBJECT REFCOUNT c", "SET c 9998", "INCR c", "OBJECT REFCOUNT c", "INCR c",
		"OBJECT REFCOUNT c", "DECRBY c 10", "OBJECT REFCOUNT c", "INCRBYFLOAT c 1", "OBJECT REFCOUNT c",
		"CONFIG SET maxmemory 1gb", "CONFIG SET maxmemory-policy allkeys-lru", "SET c 5", "OBJECT REFCOUNT c",
		"CONFIG SET maxmemory-policy noeviction",
		"CONFIG SET maxmemory 0",
		rt.S("OBJECT IDLETIME s").Re(`^:[01]\r\n$`), "OBJECT FREQ s", "OBJECT HELP", "OBJECT help",
		"OBJECT HELP extra", "OBJECT ENCODING", "OBJECT ENCODING a b", "OBJECT FOO s", "OBJECT")
	p.Run(t, "object freq under lfu",
		"CONFIG SET maxmemory-policy allkeys-lfu", "SET k v", rt.S("OBJECT FREQ k").Re(`^:\d+\r\n$`),
		"OBJECT IDLETIME k", "OBJECT FREQ nokey", "SET n 5", "OBJECT REFCOUNT n",
		"CONFIG SET maxmemory-policy noeviction", "OBJECT FREQ k")
	// With lfu-log-factor 0 every access increments the counter and with
	// lfu-decay-time 0 nothing decays, so the counts are exact. maxmemory is
	// set because without it Redis shares the objects of small integers,
	// whose counters every key holding them then shares.
	p.Run(t, "lfu counts accesses",
		"CONFIG SET maxmemory 1gb maxmemory-policy allkeys-lfu lfu-log-factor 0 lfu-decay-time 0",
		"SET k v", "OBJECT FREQ k", "GET k", "OBJECT FREQ k", "SET k v2 XX", "OBJECT FREQ k", "SET k v3 GET",
		"OBJECT FREQ k", "SET k v4 NX", "OBJECT FREQ k", "GETSET k v", "OBJECT FREQ k", "INCRBYFLOAT f 1",
		"INCRBYFLOAT f 1", "OBJECT FREQ f", "SET n 5", "INCR n", "OBJECT FREQ n", "APPEND k x", "TOUCH k",
		"EXISTS k", "TYPE k", "TTL k", "OBJECT FREQ k", "MSET k a k2 b", "OBJECT FREQ k", "OBJECT FREQ k2",
		"COPY k k3", "OBJECT FREQ k", "OBJECT FREQ k3", "RENAME k k4", "OBJECT FREQ k4", "SETBIT k4 1 1",
		"BITOP OR k4 k4 k2", "OBJECT FREQ k4", "EXPIRE k4 100", "PERSIST k4", "OBJECT FREQ k4", "OBJECT IDLETIME k4",
		"CONFIG SET maxmemory 0 maxmemory-policy noeviction lfu-log-factor 10 lfu-decay-time 1")
	p.Run(t, "object idletime grows",
		"SET k v", rt.Sleep(2100*time.Millisecond), rt.S("OBJECT IDLETIME k").Re(`^:[23]\r\n$`),
		"OBJECT ENCODING k", rt.S("OBJECT IDLETIME k").Re(`^:[23]\r\n$`), "GET k",
		rt.S("OBJECT IDLETIME k").Re(`^:0\r\n$`))
}
