package engine

import "testing"

// Expected replies captured from redis-server 7.0.15.

// TestScanKeysReplies covers SCAN's cursor and option parsing and KEYS patterns.
func TestScanKeysReplies(t *testing.T) {
	runKeyspaceCases(t, ksEngine(t), []ksCase{
		{"flushall", "+OK\r\n"},
		// cursor parsing follows strtoul (on an empty database, so that any valid cursor ends the scan)
		{"scan 0", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan \"\"", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan -1", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan +0", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan 007", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan \" 0\"", "-ERR invalid cursor\r\n"},
		{"scan \"0 \"", "-ERR invalid cursor\r\n"},
		{"scan 18446744073709551615", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan 18446744073709551616", "-ERR invalid cursor\r\n"},
		{"scan -18446744073709551615", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan -18446744073709551616", "-ERR invalid cursor\r\n"},
		{"scan 0x1", "-ERR invalid cursor\r\n"},
		{"scan -", "-ERR invalid cursor\r\n"},
		{"scan +", "-ERR invalid cursor\r\n"},
		{"scan \"0\\x00junk\"", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan abc", "-ERR invalid cursor\r\n"},
		{"scan abc count 0", "-ERR invalid cursor\r\n"},
		// options
		{"set a 1", "+OK\r\n"},
		{"scan 0 count 0", "-ERR syntax error\r\n"},
		{"scan 0 count -1", "-ERR syntax error\r\n"},
		{"scan 0 count x", "-ERR value is not an integer or out of range\r\n"},
		{"scan 0 count 9223372036854775807", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan 0 count 9223372036854775808", "-ERR value is not an integer or out of range\r\n"},
		{"scan 0 count", "-ERR syntax error\r\n"},
		{"scan 0 match", "-ERR syntax error\r\n"},
		{"scan 0 type", "-ERR syntax error\r\n"},
		{"scan 0 foo bar", "-ERR syntax error\r\n"},
		{"scan 0 count 1 foo", "-ERR syntax error\r\n"},
		{"scan 0 match a count 10 match b", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan 0 match * count 10", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan 0 MATCH ? COUNT 100 TYPE string", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan 0 match b", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan 0 type STRING", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan 0 type hash", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan 0 type none", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan", "-ERR wrong number of arguments for 'scan' command\r\n"},
		// the empty key is matched by "*" only
		{"set \"\" x", "+OK\r\n"},
		{"del a", ":1\r\n"},
		{"scan 0", "*2\r\n$1\r\n0\r\n*1\r\n$0\r\n\r\n"},
		{"scan 0 match *", "*2\r\n$1\r\n0\r\n*1\r\n$0\r\n\r\n"},
		{"scan 0 match **", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"keys *", "*1\r\n$0\r\n\r\n"},
		{"keys **", "*0\r\n"},
		{"keys ?", "*0\r\n"},
		// KEYS
		{"flushall", "+OK\r\n"},
		{"set foo 1", "+OK\r\n"},
		{"keys f*", "*1\r\n$3\r\nfoo\r\n"},
		{"keys x*", "*0\r\n"},
		{"keys \"f\\\\oo\"", "*1\r\n$3\r\nfoo\r\n"},
		{"keys [f]oo", "*1\r\n$3\r\nfoo\r\n"},
		{"keys foo bar", "-ERR wrong number of arguments for 'keys' command\r\n"},
	})
}

// TestScanExpiredKeys: SCAN reclaims the expired keys it meets, except
// that a TYPE filter looks the key up first, so with TYPE none an expired
// key (reclaimed by that lookup) is reported, as in Redis. KEYS skips
// expired keys without reclaiming them.
func TestScanExpiredKeys(t *testing.T) {
	runKeyspaceCases(t, ksEngine(t), []ksCase{
		{"flushall", "+OK\r\n"},
		{"debug set-active-expire 0", "+OK\r\n"},
		{"set k v px 10", "+OK\r\n"},
		{"set j v", "+OK\r\n"},
		{"!sleep 0.1", ""},
		{"scan 0 type none", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n"},
		{"dbsize", ":1\r\n"},
		{"set k v px 10", "+OK\r\n"},
		{"!sleep 0.1", ""},
		{"scan 0 type string", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nj\r\n"},
		{"dbsize", ":1\r\n"},
		{"set k v px 10", "+OK\r\n"},
		{"!sleep 0.1", ""},
		{"keys *", "*1\r\n$1\r\nj\r\n"},
		{"dbsize", ":2\r\n"},
		{"scan 0", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nj\r\n"},
		{"dbsize", ":1\r\n"},
		{"debug set-active-expire 1", "+OK\r\n"},
	})
}

// populate stores n string keys key:0 .. key:n-1 in db 0.
func populate(e *Engine, prefix string, n int) {
	inExec(e, func(c *Ctx) {
		for i := 0; i < n; i++ {
			c.DB.SetString([]byte(keyN(prefix, i)), []byte("v"), false)
		}
	})
}

// scanCmd runs a whole SCAN iteration with the given options, calling
// between after each call, and returns the keys seen (with repeats) and
// the number of calls.
func scanCmd(t *testing.T, e *Engine, cl *Client, opts string, between func(call int)) (map[string]int, int) {
	t.Helper()
	seen := map[string]int{}
	cursor := "0"
	for call := 1; ; call++ {
		if call > 100000 {
			t.Fatal("SCAN does not terminate")
		}
		var keys []string
		cursor, keys = parseScanReply(t, doLine(e, cl, "scan "+cursor+" "+opts))
		for _, k := range keys {
			seen[k]++
		}
		if cursor == "0" {
			return seen, call
		}
		if between != nil {
			between(call)
		}
	}
}

// TestScanIteration follows scan.tcl: SCAN, COUNT, MATCH and TYPE over 1000
// keys.
func TestScanIteration(t *testing.T) {
	e := ksEngine(t)
	cl := testClient(e)
	populate(e, "key:", 1000)
	for _, tc := range []struct {
		opts  string
		want  int
		calls func(n int) bool
	}{
		{"", 1000, func(n int) bool { return n >= 50 && n <= 150 }},
		{"count 5", 1000, func(n int) bool { return n >= 150 }},
		{"count 100000", 1000, func(n int) bool { return n == 1 }},
		{"match key:1??", 100, nil},
		{"type list", 0, nil},
		{"type string", 1000, nil},
		{"type string match key:* count 10", 1000, nil},
	} {
		seen, calls := scanCmd(t, e, cl, tc.opts, nil)
		if len(seen) != tc.want {
			t.Errorf("SCAN %s: %d distinct keys, want %d", tc.opts, len(seen), tc.want)
		}
		if tc.calls != nil && !tc.calls(calls) {
			t.Errorf("SCAN %s: took %d calls", tc.opts, calls)
		}
	}
}

// TestScanGuaranteeUnderWrites: keys present for a whole SCAN iteration are
// returned although other keys are added and deleted between calls and the
// cron shrinks and rehashes the table meanwhile.
func TestScanGuaranteeUnderWrites(t *testing.T) {
	cron := &cronState{}
	defer func() { cron.close() }()
	for _, tc := range []struct {
		name string
		step func(e *Engine, cl *Client, call int)
	}{
		{"inserts", func(e *Engine, cl *Client, call int) {
			for i := 0; i < 50 && call < 100; i++ {
				doLine(e, cl, "set "+keyN("added:", call*50+i)+" v")
			}
		}},
		{"deletes and shrink", func(e *Engine, cl *Client, call int) {
			if call == 3 {
				// Remove nearly everything: the cron shrinks the table
				// while the scan is under way. Run the shrink by hand
				// and rehash one bucket per call, so that the scan
				// straddles both tables.
				args := "del"
				for i := 0; i < 5000; i++ {
					args += " " + keyN("tmp:", i)
				}
				doLine(e, cl, args)
				inExec(e, func(c *Ctx) { c.DB.keys.ShrinkIfNeeded() })
			}
			inExec(e, func(c *Ctx) { c.DB.keys.rehashStep(1) })
		}},
		{"cron", func(e *Engine, cl *Client, call int) {
			if call%7 == 0 {
				doLine(e, cl, "del "+keyN("tmp:", call))
			}
			if call < 50 {
				doLine(e, cl, "set "+keyN("added:", call)+" v")
			}
			e.cronRun(cron)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ksEngine(t)
			cl := testClient(e)
			populate(e, "key:", 100)
			populate(e, "tmp:", 5000)
			seen, _ := scanCmd(t, e, cl, "count 3", func(call int) { tc.step(e, cl, call) })
			for i := 0; i < 100; i++ {
				if seen[keyN("key:", i)] == 0 {
					t.Fatalf("key:%d never returned", i)
				}
			}
		})
	}
}

func TestParseScanCursor(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"0", 0, true},
		{"", 0, true},
		{"42", 42, true},
		{"+42", 42, true},
		{"007", 7, true},
		{"-1", 1<<64 - 1, true},
		{"-0", 0, true},
		{"18446744073709551615", 1<<64 - 1, true},
		{"-18446744073709551615", 1, true},
		{"18446744073709551616", 0, false},
		{"99999999999999999999", 0, false},
		{"12\x00garbage", 12, true},
		{"\x00", 0, true},
		{" 1", 0, false},
		{"1 ", 0, false},
		{"-", 0, false},
		{"+-1", 0, false},
		{"0x10", 0, false},
		{"1e3", 0, false},
	} {
		got, ok := ParseScanCursor([]byte(tc.in))
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseScanCursor(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestScanKeysResp3: RESP3 replies have the same shapes as RESP2 ones.
func TestScanKeysResp3(t *testing.T) {
	runKeyspaceCases(t, ksEngine(t), []ksCase{
		{"flushall", "+OK\r\n"},
		{"set a 1", "+OK\r\n"},
		{"scan 0 match \"\"", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan 0 type \"\"", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"!resp3", ""},
		{"scan 0", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan 0 type hash", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"keys *", "*1\r\n$1\r\na\r\n"},
		{"type a", "+string\r\n"},
		{"ttl a", ":-1\r\n"},
	})
}
