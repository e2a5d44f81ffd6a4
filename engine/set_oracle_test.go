package engine

import (
	"bufio"
	"maps"
	"math/rand/v2"
	"net"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSetRandomAgainstRedis sends the same random set commands to the
// engine and to a live redis-server (LUAKV_REDIS_ORACLE=host:port, which it
// flushes) and compares every reply, in RESP2 and RESP3, with
// set-max-intset-entries varying. Replies whose member order Redis leaves
// unspecified are compared sorted; random picks are compared by shape, and
// after an SPOP both servers are given the engine's survivors.
// LUAKV_ORACLE_ROUNDS sets the number of commands (default 20000),
// LUAKV_ORACLE_SEED the seed.
func TestSetRandomAgainstRedis(t *testing.T) {
	addr, rounds, seed := oracleParams(t, 20000)
	r := rand.New(rand.NewPCG(seed, 7))

	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rd := bufio.NewReader(conn)
	redis := func(args []string) string {
		var b strings.Builder
		b.WriteString("*" + strconv.Itoa(len(args)) + "\r\n")
		for _, a := range args {
			b.WriteString("$" + strconv.Itoa(len(a)) + "\r\n" + a + "\r\n")
		}
		if _, err := conn.Write([]byte(b.String())); err != nil {
			t.Fatal(err)
		}
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		v, err := setReadReply(rd)
		if err != nil {
			t.Fatal(err)
		}
		return v.raw
	}
	e := testEngine(t)
	cl := testClient(e)
	both := func(args ...string) (string, string) {
		return redis(args), do(e, cl, args...)
	}
	both("HELLO", "2")
	both("FLUSHALL")
	setIntsetMax := func(n int) {
		redis([]string{"CONFIG", "SET", "set-max-intset-entries", strconv.Itoa(n)})
		e.Config.SetMaxIntsetEntries = int64(n)
	}
	setIntsetMax(512)
	defer redis([]string{"CONFIG", "SET", "set-max-intset-entries", "512"})

	g := &setCmdGen{r: r}
	var history []string
	fails := 0
	for i := 0; i < rounds && fails < 10; i++ {
		if r.IntN(500) == 0 {
			setIntsetMax([]int{0, 1, 3, 8, 512}[r.IntN(5)])
		}
		if r.IntN(300) == 0 {
			p := strconv.Itoa(2 + r.IntN(2))
			both("HELLO", p)
			cl.Proto = int(p[0] - '0')
		}
		args := g.next()
		history = append(history, strings.Join(args, " "))
		cmd := strings.ToLower(args[0])
		var want, got string
		if cmd == "sscan" {
			// Cursors depend on each table's layout: compare what whole
			// iterations return.
			want = setFullScan(t, args, func(a []string) string { return redis(a) })
			got = setFullScan(t, args, func(a []string) string { return do(e, cl, a...) })
		} else {
			want, got = both(args...)
		}
		if cmd == "spop" {
			// Different random picks: compare the shape, then give both
			// servers the engine's survivors.
			want, got = setShape(t, want), setShape(t, got)
			members := setParseReply(t, do(e, cl, "smembers", args[1]))
			redis([]string{"DEL", args[1]})
			do(e, cl, "del", args[1])
			if len(members.elems) > 0 {
				sadd := []string{"SADD", args[1]}
				for _, m := range members.elems {
					sadd = append(sadd, strings.Split(m.raw, "\r\n")[1])
				}
				both(sadd...)
			}
		} else {
			want, got = setNormalize(t, args, want, cl), setNormalize(t, args, got, cl)
		}
		if got != want {
			fails++
			t.Errorf("step %d: %s\n got: %q\nwant: %q\nlast commands:\n%s", i, strings.Join(args, " "), got, want,
				strings.Join(history[max(0, len(history)-15):], "\n"))
		}
		// The encodings must follow: check the keys each write touched.
		if strings.HasPrefix(cmd, "s") && cmd != "sismember" && cmd != "scard" {
			for _, k := range g.keys {
				w, o := both("OBJECT", "ENCODING", k)
				if w != o {
					fails++
					t.Errorf("step %d: %s: encoding of %s %q, want %q", i, strings.Join(args, " "), k, o, w)
				}
			}
		}
	}
}

// setShape reduces a random reply to its type and length.
func setShape(t *testing.T, raw string) string {
	v := setParseReply(t, raw)
	if v.kind == '$' || v.kind == '_' || v.kind == '-' {
		if v.kind == '$' && !strings.HasPrefix(raw, "$-1") {
			return "bulk"
		}
		return raw
	}
	return v.head
}

// setNormalize removes what may legitimately differ: member order of
// hashtable results, random picks, and hashtable SSCAN cursors.
func setNormalize(t *testing.T, args []string, raw string, cl *Client) string {
	if strings.HasPrefix(raw, "-") {
		return raw
	}
	switch strings.ToLower(args[0]) {
	case "smembers", "sinter", "sunion", "sdiff":
		return setSortReply(t, raw)
	case "srandmember":
		if len(args) == 2 {
			return setShape(t, raw)
		}
		v := setParseReply(t, raw)
		n, _ := strconv.Atoi(args[2])
		if len(v.elems) < n {
			return setSortReply(t, raw) // the whole set
		}
		return v.head // draws: only their number is deterministic
	}
	return raw
}

// setFullScan runs an SSCAN iteration to its end from args (whose cursor
// is args[2]) and returns the distinct members sorted, or the first error.
func setFullScan(t *testing.T, args []string, call func([]string) string) string {
	seen := map[string]bool{}
	a := slices.Clone(args)
	for i := 0; i < 10000; i++ {
		raw := call(a)
		if strings.HasPrefix(raw, "-") {
			return raw
		}
		v := setParseReply(t, raw)
		for _, m := range v.elems[1].elems {
			seen[m.raw] = true
		}
		a[2] = strings.Split(v.elems[0].raw, "\r\n")[1]
		if a[2] == "0" {
			break
		}
	}
	return strings.Join(slices.Sorted(maps.Keys(seen)), "")
}

// setCmdGen generates random set commands over a few keys and members
// chosen to cross every encoding boundary.
type setCmdGen struct {
	r    *rand.Rand
	keys []string // keys the last command may have changed
}

func (g *setCmdGen) key() string {
	return []string{"s0", "s1", "s2", "s3", "str"}[g.r.IntN(5)]
}

func (g *setCmdGen) member() string {
	switch g.r.IntN(10) {
	case 0, 1, 2, 3:
		return strconv.Itoa(g.r.IntN(30) - 5)
	case 4:
		return []string{"9223372036854775807", "-9223372036854775808", "9223372036854775808",
			"100000", "-40000", "2147483648", "01", "-0", "+1", " 1", ""}[g.r.IntN(11)]
	case 5:
		return strconv.Itoa(g.r.IntN(2000))
	default:
		return string(rune('a' + g.r.IntN(12)))
	}
}

func (g *setCmdGen) members(min int) []string {
	n := min + g.r.IntN(5)
	out := make([]string, n)
	for i := range out {
		out[i] = g.member()
	}
	return out
}

func (g *setCmdGen) keyList() []string {
	n := 1 + g.r.IntN(4)
	out := make([]string, n)
	for i := range out {
		out[i] = g.key()
		if g.r.IntN(8) == 0 {
			out[i] = "missing"
		}
	}
	return out
}

func (g *setCmdGen) count() string {
	switch g.r.IntN(6) {
	case 0:
		return strconv.Itoa(-g.r.IntN(20))
	case 1:
		return []string{"x", "-9223372036854775808", "9223372036854775807", "0", "1.5"}[g.r.IntN(5)]
	}
	return strconv.Itoa(g.r.IntN(40))
}

func (g *setCmdGen) next() []string {
	k := g.key()
	g.keys = []string{k}
	switch g.r.IntN(26) {
	case 0, 1, 2, 3, 4:
		if g.r.IntN(20) == 0 {
			// A big set: past any threshold, and a rehash.
			args := []string{"SADD", k}
			for i := 0; i < 300+g.r.IntN(400); i++ {
				args = append(args, strconv.Itoa(g.r.IntN(5000)))
			}
			return args
		}
		return append([]string{"SADD", k}, g.members(1)...)
	case 5, 6, 7:
		return append([]string{"SREM", k}, g.members(1)...)
	case 8:
		return []string{"SCARD", k}
	case 9:
		return []string{"SISMEMBER", k, g.member()}
	case 10:
		return append([]string{"SMISMEMBER", k}, g.members(1)...)
	case 11:
		return []string{"SMEMBERS", k}
	case 12:
		if g.r.IntN(4) == 0 {
			return []string{"SRANDMEMBER", k}
		}
		return []string{"SRANDMEMBER", k, g.count()}
	case 13:
		if g.r.IntN(4) == 0 {
			return []string{"SPOP", k}
		}
		return []string{"SPOP", k, g.count()}
	case 14, 15:
		d := g.key()
		g.keys = []string{k, d}
		return []string{"SMOVE", k, d, g.member()}
	case 16:
		return append([]string{"SINTER"}, g.keyList()...)
	case 17:
		keys := g.keyList()
		args := append([]string{"SINTERCARD", strconv.Itoa(len(keys))}, keys...)
		switch g.r.IntN(4) {
		case 0:
			args = append(args, "LIMIT", g.count())
		case 1:
			args[1] = g.count()
		}
		return args
	case 18, 19:
		return append([]string{"SINTERSTORE", k}, g.keyList()...)
	case 20:
		return append([]string{"SUNION"}, g.keyList()...)
	case 21:
		return append([]string{"SUNIONSTORE", k}, g.keyList()...)
	case 22:
		return append([]string{"SDIFF"}, g.keyList()...)
	case 23:
		return append([]string{"SDIFFSTORE", k}, g.keyList()...)
	case 24:
		args := []string{"SSCAN", k, "0"}
		if g.r.IntN(2) == 0 {
			args = append(args, "COUNT", strconv.Itoa(1000))
		}
		if g.r.IntN(3) == 0 {
			args = append(args, "MATCH", []string{"1*", "*a*", "?", "[a-c]"}[g.r.IntN(4)])
		}
		return args
	default:
		switch g.r.IntN(3) {
		case 0:
			return []string{"SET", "str", "x"}
		case 1:
			return []string{"DEL", k}
		}
		return []string{"TYPE", k}
	}
}
