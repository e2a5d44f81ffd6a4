package tests

import (
	"strconv"
	"strings"
	"testing"

	rt "luakv/internal/redistest"
)

// payload saves a DUMP reply's bytes as {name}.
func payload(line, name string) rt.Step {
	return rt.S(line).Save(name, `(?s)^\$\d+\r\n(.*)\r\n$`).AnyReply()
}

// DUMP and RESTORE against redis-server: the options and errors, TTLs,
// access times, and every type round-tripping on each server (a payload's
// bytes for collections differ: luakv writes the plain RDB forms).
func TestDiffDumpRestore(t *testing.T) {
	p := rt.NewPair(t)
	p.Run(t, "strings",
		"SET s hello", "DUMP s", "SET n 12345", "DUMP n", "SET neg -7", "DUMP neg", "SET big 12345678901234",
		"DUMP big", "DUMP nokey", "SET e ''", "DUMP e",
		payload("DUMP s", "s"), rt.C("RESTORE", "s2", "0", "{s}"), "GET s2", rt.C("RESTORE", "s2", "0", "{s}"),
		rt.C("RESTORE", "s2", "0", "{s}", "REPLACE"), rt.C("RESTORE", "s3", "-1", "{s}"),
		rt.C("RESTORE", "s3", "x", "{s}"), rt.C("RESTORE", "s3", "0", "{s}", "FOO"),
		rt.C("RESTORE", "s3", "0", "{s}", "IDLETIME", "-1"), rt.C("RESTORE", "s3", "0", "{s}", "FREQ", "256"),
		rt.C("RESTORE", "s3", "0", "{s}", "IDLETIME", "5", "FREQ", "5"), rt.C("RESTORE", "s3", "0", "{s}", "IDLETIME", "x"),
		rt.C("RESTORE", "s3", "0", "garbage"), rt.C("RESTORE", "s3", "0", ""),
		rt.C("RESTORE", "s3", "0", "\x00\x01a\x0a\x00\x00\x00\x00\x00\x00\x00\x00\x00"),
		rt.C("RESTORE", "s3", "100000", "{s}"), rt.S("PTTL s3").Re(`^:\d+\r\n$`),
		rt.C("RESTORE", "s4", "1", "{s}", "ABSTTL"), "EXISTS s4", rt.C("RESTORE", "s2", "1", "{s}", "ABSTTL", "REPLACE"),
		"EXISTS s2", rt.C("RESTORE", "s5", "0", "{s}", "IDLETIME", "1000"), "OBJECT IDLETIME s5",
		"CONFIG SET maxmemory-policy allkeys-lfu", rt.C("RESTORE", "s6", "0", "{s}", "FREQ", "100"), "OBJECT FREQ s6",
		"CONFIG SET maxmemory-policy noeviction", "SET str x", "RESTORE str 0 x", "DUMP")
	p.Run(t, "every type round-trips",
		"RPUSH l a 1 -2 b", "SADD si 3 -1 2", "SADD ss a b", "HSET h f v n 1", "ZADD z 1 a 2.5 b -inf c",
		"XADD x 1-0 f v", "XGROUP CREATE x g 0", "XREADGROUP GROUP g c STREAMS x >",
		payload("DUMP l", "l"), payload("DUMP si", "si"), payload("DUMP ss", "ss"), payload("DUMP h", "h"),
		payload("DUMP z", "z"), payload("DUMP x", "x"),
		rt.C("RESTORE", "l2", "0", "{l}"), rt.C("RESTORE", "si2", "0", "{si}"), rt.C("RESTORE", "ss2", "0", "{ss}"),
		rt.C("RESTORE", "h2", "0", "{h}"), rt.C("RESTORE", "z2", "0", "{z}"), rt.C("RESTORE", "x2", "0", "{x}"),
		"LRANGE l2 0 -1", "SMEMBERS si2", rt.S("SMEMBERS ss2").UnorderedReply(), rt.S("HGETALL h2").UnorderedReply(),
		"ZRANGE z2 0 -1 WITHSCORES", "DEBUG DIGEST-VALUE l2 si2 ss2 h2 z2 x2", "OBJECT ENCODING l2", "OBJECT ENCODING si2",
		"OBJECT ENCODING h2", "OBJECT ENCODING z2", "XPENDING x2 g")
}

// A payload DUMPed by one server RESTOREs on the other, the value intact.
func TestDumpInterop(t *testing.T) {
	p := rt.NewPair(t)
	fill := []string{"RPUSH l a 1 -2 b", "SADD si 3 -1 2", "SADD ss a b", "HSET h f v n 1", "ZADD z 1 a 2.5 b -inf c",
		"SET s hello", "SET n 42", "SET long " + strings.Repeat("abc", 40)}
	var big []string
	for i := 0; i < 300; i++ {
		big = append(big, "m"+strconv.Itoa(i), strconv.Itoa(i))
	}
	keys := []string{"l", "si", "ss", "h", "z", "s", "n", "long", "bh", "bz", "x"}
	for _, pair := range [][2]*rt.Server{{p.Redis, p.Luakv}, {p.Luakv, p.Redis}} {
		from, to := pair[0].MustDial(t), pair[1].MustDial(t)
		from.MustDo(t, "FLUSHALL")
		to.MustDo(t, "FLUSHALL")
		for _, line := range fill {
			from.MustDo(t, strings.Fields(line)...)
		}
		from.MustDo(t, append([]string{"HSET", "bh"}, big...)...)
		from.MustDo(t, append([]string{"ZADD", "bz"}, swapPairs(big)...)...)
		from.MustDo(t, "XADD", "x", "1-0", "f", "v")
		from.MustDo(t, "XGROUP", "CREATE", "x", "g", "0")
		for _, k := range keys {
			raw := from.MustDo(t, "DUMP", k)
			body := string(raw[strings.Index(string(raw), "\r\n")+2 : len(raw)-2])
			if r := to.MustDo(t, "RESTORE", k, "0", body); string(r) != "+OK\r\n" {
				t.Fatalf("%s: RESTORE %s of %s's payload: %q", pair[1].Name, k, pair[0].Name, r)
			}
			want := from.MustDo(t, "DEBUG", "DIGEST-VALUE", k)
			if got := to.MustDo(t, "DEBUG", "DIGEST-VALUE", k); string(got) != string(want) {
				t.Errorf("%s restored %s from %s as digest %q, want %q", pair[1].Name, k, pair[0].Name, got, want)
			}
		}
	}
}

func swapPairs(a []string) []string {
	out := make([]string, len(a))
	for i := 0; i+1 < len(a); i += 2 {
		out[i], out[i+1] = a[i+1], a[i]
	}
	return out
}
