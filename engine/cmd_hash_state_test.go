package engine

import (
	"strconv"
	"strings"
	"testing"
)

// State checks for the hash commands that a recorded reply cannot pin:
// keyspace events and the key-modified hook, HSCAN's guarantee over a
// changing table, HRANDFIELD's shapes and distribution, COPY.

// TestHashEvents checks the events against those redis-server 7.0.15
// published for the same commands (notify-keyspace-events KEAn), and that
// exactly the writes reach the key-modified hook.
func TestHashEvents(t *testing.T) {
	e := testEngine(t)
	var events []string
	e.OnNotify(func(db *DB, class NotifyClass, event, key string) {
		events = append(events, event+":"+key)
	})
	touched := 0
	e.OnTouch(func(db *DB, key string) { touched++ })
	cl := testClient(e)
	for _, tc := range []struct {
		cmd   string
		write bool
	}{
		{"hset h a 1 b 2", true}, {"hset h a 1", true}, {"hmset h c 3", true},
		{"hsetnx h a 9", false}, {"hsetnx h z 9", true}, {"hsetnx n f v", true},
		{"hincrby h a 5", true}, {"hincrby h b x", false}, {"hincrbyfloat h a 1.5", true},
		{"hincrbyfloat h2 f 1", true}, {"hincrby h3 f 1", true}, {"hdel h nope", false},
		{"hdel h a b", true}, {"hdel h c z", true}, {"hdel n f", true}, {"hset big a 1", true},
		{"hset h4 a 1", true}, {"hget h4 a", false}, {"hdel h4 a b", true},
		{"hincrbyfloat h5 f inf", false}, {"hincrby h5 f x", false},
		{"hgetall h2", false}, {"hmget h2 f", false}, {"hlen h2", false}, {"hstrlen h2 f", false},
		{"hexists h2 f", false}, {"hkeys h2", false}, {"hvals h2", false}, {"hrandfield h2 -5", false},
		{"hscan h2 0", false},
	} {
		before := touched
		do(e, cl, strings.Fields(tc.cmd)...)
		if wrote := touched > before; wrote != tc.write {
			t.Errorf("%s: key-modified hook ran %d times", tc.cmd, touched-before)
		}
	}
	want := "new:h hset:h hset:h hset:h hset:h new:n hset:n hincrby:h hincrbyfloat:h new:h2 " +
		"hincrbyfloat:h2 new:h3 hincrby:h3 hdel:h hdel:h del:h hdel:n del:n new:big hset:big " +
		"new:h4 hset:h4 hdel:h4 del:h4"
	if got := strings.Join(events, " "); got != want {
		t.Errorf("events\n got: %s\nwant: %s", got, want)
	}
}

// respValue parses one RESP2/RESP3 reply into strings (bulk, status,
// integer), []any (array, set, map flattened) or nil.
func respValue(t *testing.T, s string) (any, string) {
	t.Helper()
	i := strings.Index(s, "\r\n")
	if i < 0 {
		t.Fatalf("truncated reply %q", s)
	}
	head, rest := s[:i], s[i+2:]
	switch head[0] {
	case '$':
		n, _ := strconv.Atoi(head[1:])
		if n < 0 {
			return nil, rest
		}
		return rest[:n], rest[n+2:]
	case '*', '%', '~':
		n, _ := strconv.Atoi(head[1:])
		if head[0] == '%' {
			n *= 2
		}
		out := []any{}
		for j := 0; j < n; j++ {
			var v any
			v, rest = respValue(t, rest)
			out = append(out, v)
		}
		return out, rest
	case '_':
		return nil, rest
	case '-':
		t.Fatalf("error reply %q", head)
	}
	return head[1:], rest
}

func respArray(t *testing.T, s string) []any {
	t.Helper()
	v, rest := respValue(t, s)
	a, ok := v.([]any)
	if !ok || rest != "" {
		t.Fatalf("not one array: %q", s)
	}
	return a
}

// TestHscanGuarantee scans a table while it grows, rehashes and shrinks:
// every field present for the whole scan must be returned, with its value.
func TestHscanGuarantee(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	for _, mode := range []string{"grow", "shrink"} {
		do(e, cl, "del", "h")
		for i := 0; i < 600; i++ {
			do(e, cl, "hset", "h", "keep"+strconv.Itoa(i), "v"+strconv.Itoa(i))
		}
		if mode == "shrink" {
			for i := 0; i < 3000; i++ {
				do(e, cl, "hset", "h", "tmp"+strconv.Itoa(i), "x")
			}
		}
		seen := map[string]bool{}
		cursor, calls, extra := "0", 0, 0
		for {
			a := respArray(t, do(e, cl, "hscan", "h", cursor, "count", "7"))
			cursor = a[0].(string)
			page := a[1].([]any)
			for j := 0; j < len(page); j += 2 {
				f, v := page[j].(string), page[j+1].(string)
				if strings.HasPrefix(f, "keep") && v != "v"+f[4:] {
					t.Fatalf("%s: %s=%s", mode, f, v)
				}
				seen[f] = true
			}
			calls++
			// Change the table between calls.
			for k := 0; k < 10; k++ {
				if mode == "grow" {
					do(e, cl, "hset", "h", "new"+strconv.Itoa(extra), "x")
				} else if extra < 3000 {
					do(e, cl, "hdel", "h", "tmp"+strconv.Itoa(extra))
				}
				extra++
			}
			if cursor == "0" {
				break
			}
		}
		for i := 0; i < 600; i++ {
			if !seen["keep"+strconv.Itoa(i)] {
				t.Fatalf("%s: keep%d never returned (%d calls)", mode, i, calls)
			}
		}
		if calls < 10 {
			t.Fatalf("%s: scan took only %d calls", mode, calls)
		}
	}
	// MATCH filters on fields only, and COUNT counts fields and values.
	a := respArray(t, do(e, cl, "hscan", "h", "0", "match", "keep1*", "count", "100000"))
	if a[0] != "0" {
		t.Fatalf("cursor %v after a full scan", a[0])
	}
	if got := len(a[1].([]any)); got != 2*111 {
		t.Fatalf("MATCH keep1*: %d elements, want %d", got, 2*111)
	}
}

// chiSquare is the statistic of counts against a uniform expectation.
func chiSquare(counts map[string]int, total, buckets int) float64 {
	exp := float64(total) / float64(buckets)
	var x float64
	for _, n := range counts {
		d := float64(n) - exp
		x += d * d / exp
	}
	return x + float64(buckets-len(counts))*exp
}

// TestHrandfield checks every path of HRANDFIELD with a count, for both
// encodings: reply lengths, distinctness, field/value agreement, the RESP3
// pairs, and a uniform distribution (the Tcl suite's chi-square bound).
func TestHrandfield(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	mk := func(key string, n int, long bool) map[string]string {
		want := map[string]string{}
		for i := 0; i < n; i++ {
			f, v := "f"+strconv.Itoa(i), "v"+strconv.Itoa(i)
			if long && i == 0 {
				v = strings.Repeat("L", 100)
			}
			do(e, cl, "hset", key, f, v)
			want[f] = v
		}
		return want
	}
	hashes := map[string]map[string]string{
		"lp":  mk("lp", 10, false),
		"ht":  mk("ht", 10, true),
		"big": mk("big", 1000, false),
	}
	for key, enc := range map[string]string{"lp": "listpack", "ht": "hashtable", "big": "hashtable"} {
		if got := do(e, cl, "object", "encoding", key); got != "$"+strconv.Itoa(len(enc))+"\r\n"+enc+"\r\n" {
			t.Fatalf("%s encoding %q", key, got)
		}
	}
	for key, want := range hashes {
		size := len(want)
		for _, count := range []int{1, 2, 5, 8, 9, 10, 20, 300, 400, -1, -20, -1001} {
			for _, proto := range []int{2, 3} {
				cl.Proto = proto
				for _, wv := range []bool{false, true} {
					args := []string{"hrandfield", key, strconv.Itoa(count)}
					if wv {
						args = append(args, "withvalues")
					}
					a := respArray(t, do(e, cl, args...))
					n := count
					if n < 0 {
						n = -n
					} else if n > size {
						n = size
					}
					var fields []string
					switch {
					case wv && proto == 3:
						for _, p := range a {
							pair := p.([]any)
							f, v := pair[0].(string), pair[1].(string)
							if want[f] != v {
								t.Fatalf("%q: %s=%s", args, f, v)
							}
							fields = append(fields, f)
						}
					case wv:
						for j := 0; j < len(a); j += 2 {
							f, v := a[j].(string), a[j+1].(string)
							if want[f] != v {
								t.Fatalf("%q: %s=%s", args, f, v)
							}
							fields = append(fields, f)
						}
					default:
						for _, f := range a {
							fields = append(fields, f.(string))
						}
					}
					if len(fields) != n {
						t.Fatalf("%q RESP%d: %d fields, want %d", args, proto, len(fields), n)
					}
					distinct := map[string]bool{}
					for _, f := range fields {
						if _, ok := want[f]; !ok {
							t.Fatalf("%q: unknown field %s", args, f)
						}
						distinct[f] = true
					}
					if count > 0 && len(distinct) != n {
						t.Fatalf("%q: %d distinct of %d", args, len(distinct), n)
					}
				}
			}
		}
		cl.Proto = 2
		if key == "big" {
			continue
		}
		// Uniformity: repeated picks, distinct picks and single picks.
		for _, args := range [][]string{{"hrandfield", key, "-10000"}, {"hrandfield", key, "3"}, {"hrandfield", key, "8"}, {"hrandfield", key}} {
			counts, total := map[string]int{}, 0
			for total < 10000 {
				v, _ := respValue(t, do(e, cl, args...))
				if s, ok := v.(string); ok {
					counts[s]++
					total++
					continue
				}
				for _, f := range v.([]any) {
					counts[f.(string)]++
					total++
				}
			}
			if x := chiSquare(counts, total, size); x > 40 {
				t.Errorf("%q: chi-square %.1f over %v", args, x, counts)
			}
		}
	}
}

// TestHashCopy checks that COPY duplicates both encodings independently.
func TestHashCopy(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	do(e, cl, "hset", "lp", "a", "1", "b", "2")
	do(e, cl, "hset", "ht", "a", "1", "b", strings.Repeat("x", 65))
	for _, key := range []string{"lp", "ht"} {
		enc := do(e, cl, "object", "encoding", key)
		expect(t, e, cl, "copy "+key+" "+key+"2", ":1\r\n")
		expect(t, e, cl, "hset "+key+"2 a changed c 3", ":1\r\n")
		expect(t, e, cl, "hget "+key+" a", "$1\r\n1\r\n")
		expect(t, e, cl, "hexists "+key+" c", ":0\r\n")
		expect(t, e, cl, "hlen "+key+"2", ":3\r\n")
		if got := do(e, cl, "object", "encoding", key+"2"); got != enc {
			t.Errorf("copy of %s: encoding %q, want %q", key, got, enc)
		}
		expect(t, e, cl, "type "+key+"2", "+hash\r\n")
	}
}

// TestHashTableMemoryUsage checks MEMORY USAGE of a table against
// redis-server 7.0.15's figures for the same commands: 600 fields (a
// table presized at conversion), then a shrink left mid-rehash by HDEL.
func TestHashTableMemoryUsage(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	for i := 0; i < 600; i++ {
		do(e, cl, "hset", "big", "f"+pad3(i), "v"+pad3(i))
	}
	expect(t, e, cl, "memory usage big", ":32296\r\n")
	args := []string{"hdel", "big"}
	for i := 0; i <= 580; i++ {
		args = append(args, "f"+pad3(i))
	}
	if got := do(e, cl, args...); got != ":581\r\n" {
		t.Fatalf("hdel: %q", got)
	}
	expect(t, e, cl, "memory usage big", ":10080\r\n")
	expect(t, e, cl, "object encoding big", "$9\r\nhashtable\r\n")
}

func pad3(i int) string {
	s := strconv.Itoa(i)
	return strings.Repeat("0", 3-len(s)) + s
}

// TestHincrbyfloatLongDouble checks that HINCRBYFLOAT computes in long
// double, not float64 (results recorded from redis-server 7.0.15).
func TestHincrbyfloatLongDouble(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	for _, tc := range []struct{ incr, want string }{
		{"0.1", "0.1"}, {"0.2", "0.3"}, {"1e-17", "0.30000000000000001"},
		{"-0.30000000000000001", "0"}, {"10.5", "10.5"}, {"3.0e3", "3010.5"},
		{"-3010.5", "0"}, {"5.0e-20", "0"}, {"0x10", "16"},
	} {
		got := do(e, cl, "hincrbyfloat", "h", "f", tc.incr)
		if want := "$" + strconv.Itoa(len(tc.want)) + "\r\n" + tc.want + "\r\n"; got != want {
			t.Errorf("+%s: %q, want %q", tc.incr, got, want)
		}
	}
}
