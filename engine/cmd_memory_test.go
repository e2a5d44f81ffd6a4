package engine

import (
	"strings"
	"testing"
)

func TestMemoryUsageErrors(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	var cases []srvCase
	for _, c := range []struct{ cmd, want string }{
		{"memory", "-ERR wrong number of arguments for 'memory' command\r\n"},
		{"memory foo", "-ERR unknown subcommand 'foo'. Try MEMORY HELP.\r\n"},
		{"memory help x", "-ERR wrong number of arguments for 'memory|help' command\r\n"},
		{"memory usage", "-ERR wrong number of arguments for 'memory|usage' command\r\n"},
		{"set foo bar", "+OK\r\n"},
		{"memory usage foo", ":64\r\n"},
		{"memory usage nokey", "$-1\r\n"},
		{"memory usage foo samples", "-ERR syntax error\r\n"},
		{"memory usage foo samples 0", ":64\r\n"},
		{"memory usage foo samples -1", "-ERR syntax error\r\n"},
		{"memory usage foo samples x", "-ERR value is not an integer or out of range\r\n"},
		{"memory usage foo SAMPLES 5 samples 3", ":64\r\n"},
		{"memory usage foo bar", "-ERR syntax error\r\n"},
		{"memory usage nokey samples x", "-ERR value is not an integer or out of range\r\n"},
		{"memory usage nokey samples 1 x", "-ERR syntax error\r\n"},
	} {
		cases = append(cases, srvCase{words(c.cmd), c.want})
	}
	runCases(t, e, cl, cases)
	cl.Proto = 3
	runCases(t, e, cl, []srvCase{
		{words("memory usage nokey"), "_\r\n"},
		{words("memory usage foo"), ":64\r\n"},
	})
}

// TestMemoryUsageStrings compares the model with redis-server 7.0.15 (with
// jemalloc) for each string encoding and the sds header sizes of keys and
// values.
func TestMemoryUsageStrings(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	for _, c := range []struct {
		key  string
		vlen int    // value of this many 'x', or
		val  string // this value
		want string
	}{
		{key: "foo", val: "1", want: ":48\r\n"},                     // int
		{key: "foo", val: "bar", want: ":64\r\n"},                   // embstr
		{key: "foo", val: "12345678901234567890", want: ":80\r\n"},  // embstr: not a long
		{key: "foo", val: "123456789012345678901", want: ":80\r\n"}, // embstr
		{key: "foo", val: "-9223372036854775808", want: ":48\r\n"},  // int
		{key: "foo", vlen: 44, want: ":96\r\n"},                     // longest embstr
		{key: "foo", vlen: 45, want: ":112\r\n"},                    // raw, 8-bit sds header
		{key: "foo", vlen: 100, want: ":160\r\n"},                   //
		{key: "foo", vlen: 300, want: ":368\r\n"},                   // 16-bit header
		{key: "foo", vlen: 70000, want: ":81968\r\n"},               // 32-bit header
		{key: "v200", vlen: 200, want: ":272\r\n"},                  //
		{key: "v255", vlen: 255, want: ":368\r\n"},                  //
		{key: "v256", vlen: 256, want: ":368\r\n"},                  //
		{key: "v1000", vlen: 1000, want: ":1072\r\n"},               //
		{key: "v4096", vlen: 4096, want: ":5168\r\n"},               //
		{key: "v65530", vlen: 65530, want: ":81968\r\n"},            //
		{key: "v100000", vlen: 100000, want: ":114744\r\n"},         //
		{key: "big40000", vlen: 40000, want: ":41016\r\n"},          //
		{key: "big1000000", vlen: 1000000, want: ":1048632\r\n"},    //
		{key: "big3000000", vlen: 3000000, want: ":3145784\r\n"},    //
		{key: "k", vlen: 65529, want: ":81968\r\n"},                 // big argument keeps room for CRLF
		{key: "k", vlen: 65535, want: ":81968\r\n"},                 //
		{key: "k", vlen: 81909, want: ":81968\r\n"},                 // ... unless trimmed
		{key: "k", vlen: 81911, want: ":98352\r\n"},                 //
		{key: "k", vlen: 131060, want: ":131120\r\n"},               //
		{key: "k", vlen: 131065, want: ":163888\r\n"},               //
		{key: "a", val: "1", want: ":48\r\n"},                       // 1-byte key header
		{key: strings.Repeat("k", 31), val: "1", want: ":88\r\n"},   //
		{key: strings.Repeat("k", 32), val: "1", want: ":88\r\n"},   // 3-byte key header
		{key: strings.Repeat("k", 300), val: "1", want: ":360\r\n"}, // 5-byte key header
	} {
		v := c.val
		if c.vlen > 0 {
			v = strings.Repeat("x", c.vlen)
		}
		do(e, cl, "set", c.key, v)
		if got := do(e, cl, "memory", "usage", c.key); got != c.want {
			t.Errorf("key %d bytes, value %d bytes: got %q want %q", len(c.key), len(v), got, c.want)
		}
	}
}

func TestMemoryUsageModel(t *testing.T) {
	for _, c := range []struct{ in, want int64 }{
		{1, 8}, {8, 8}, {9, 16}, {16, 16}, {17, 32}, {23, 32}, {33, 48}, {104, 112},
		{128, 128}, {129, 160}, {306, 320}, {4097, 5120}, {70010, 81920},
		{1000010, 1048576}, {3000010, 3145728},
	} {
		if got := jemallocSize(c.in); got != c.want {
			t.Errorf("jemallocSize(%d) = %d, want %d", c.in, got, c.want)
		}
	}
	e := srvTestEngine(t)
	cl := testClient(e)
	e.Run(cl, NewRespWriter(2), func(c *Ctx) {
		// A string grown in place counts the capacity luakv holds, as
		// Redis counts an sds's spare room.
		en := c.DB.SetObject([]byte("raw"), &RawString{B: make([]byte, 10, 100)}, false)
		if got, want := entryMemoryUsage(en, 5), int64(8+24+16+112); got != want {
			t.Errorf("raw string with capacity 100: %d, want %d", got, want)
		}
		// A raw-flagged short string still uses an 8-bit sds header.
		en = c.DB.AddEntry([]byte("r2"), "abc", nil, 0)
		en.Raw = true
		if got, want := entryMemoryUsage(en, 5), int64(8+24+16+8); got != want {
			t.Errorf("short raw string: %d, want %d", got, want)
		}
		en = c.DB.AddEntry([]byte("obj"), "", sizedObj{}, 0)
		if got, want := entryMemoryUsage(en, 7), int64(8+24+7000); got != want {
			t.Errorf("MemorySizer value: %d, want %d", got, want)
		}
	})
}

// sizedObj is a stand-in collection that reports 1000 bytes per sample.
type sizedObj struct{}

func (sizedObj) TypeName() string                { return "list" }
func (sizedObj) MemoryUsage(samples int64) int64 { return samples * 1000 }

// TestMemoryUsageExpiredKey: like Redis, MEMORY USAGE finds a key whose
// TTL is due without reclaiming it, and counts no hit or miss.
func TestMemoryUsageExpiredKey(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	do(e, cl, "set", "ex", "v")
	e.Run(cl, NewRespWriter(2), func(c *Ctx) {
		c.DB.SetExpire(c.DB.Peek([]byte("ex")), 1)
	})
	hits, misses := e.stats.KeyspaceHits, e.stats.KeyspaceMisses
	if got := do(e, cl, "memory", "usage", "ex"); got != ":64\r\n" {
		t.Errorf("expired key: %q", got)
	}
	if e.DB(0).Len() != 1 || e.stats.KeyspaceHits != hits || e.stats.KeyspaceMisses != misses {
		t.Errorf("MEMORY USAGE reclaimed the key or counted a lookup")
	}
}

func TestMemoryHelp(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	// Redis's text for the subcommands luakv has (USAGE, HELP); Redis also
	// lists DOCTOR, MALLOC-STATS, PURGE and STATS.
	want := "*6\r\n+MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n" +
		"+USAGE <key> [SAMPLES <count>]\r\n" +
		"+    Return memory in bytes used by <key> and its value. Nested values are\r\n" +
		"+    sampled up to <count> times (default: 5, 0 means sample all).\r\n" +
		"+HELP\r\n+    Prints this help.\r\n"
	runCases(t, e, cl, []srvCase{{words("memory help"), want}, {words("MeMoRy HELP"), want}})
	cl.Proto = 3
	runCases(t, e, cl, []srvCase{{words("memory help"), want}})
}
