package engine

import (
	"bufio"
	"io"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestListRandomAgainstRedis sends the same random list commands to the
// engine and to a live redis-server 7.0.15 (LUAKV_REDIS_ORACLE=host:port,
// whose data it flushes) and compares, after every command, the raw reply
// (in RESP2, then RESP3), the keyspace events raised, and the change in
// the dirty counter (INFO's rdb_changes_since_last_save). Lists are built
// under several list-max-listpack-size settings and MEMORY USAGE is among
// the commands, so node layout is compared too. LUAKV_ORACLE_ROUNDS sets
// the number of commands per protocol (default 5000), LUAKV_ORACLE_SEED
// the seed.
func TestListRandomAgainstRedis(t *testing.T) {
	addr, rounds, seed := oracleParams(t, 5000)
	r := rand.New(rand.NewPCG(seed, 3))

	dial := func() (net.Conn, *bufio.Reader) {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn, bufio.NewReader(conn)
	}
	conn, rd := dial()
	call := func(args ...string) string {
		if _, err := conn.Write(listEncodeCommand(args)); err != nil {
			t.Fatal(err)
		}
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		return listReadReply(t, rd)
	}
	call("FLUSHALL")
	call("CONFIG", "SET", "notify-keyspace-events", "KEA")
	defer call("CONFIG", "SET", "notify-keyspace-events", "")
	defer call("CONFIG", "SET", "list-max-listpack-size", "-2")

	// The subscriber sees the events of each command, then the marker
	// published after it.
	sub, subRd := dial()
	sub.Write(listEncodeCommand([]string{"PSUBSCRIBE", "__keyevent@*__:*"}))
	listReadReply(t, subRd)
	sub.Write(listEncodeCommand([]string{"SUBSCRIBE", "luakv-marker"}))
	listReadReply(t, subRd)
	redisEvents := func() []string {
		call("PUBLISH", "luakv-marker", "x")
		var evs []string
		for {
			sub.SetReadDeadline(time.Now().Add(10 * time.Second))
			msg := listReadReply(t, subRd)
			parts := listBulks(msg)
			if len(parts) == 3 && parts[1] == "luakv-marker" {
				return evs
			}
			if len(parts) == 4 { // pmessage pattern channel key
				ev := parts[2][strings.IndexByte(parts[2], ':')+1:]
				evs = append(evs, ev+":"+parts[3])
			}
		}
	}
	redisDirty := func() int64 {
		info := call("INFO", "persistence")
		_, rest, _ := strings.Cut(info, "rdb_changes_since_last_save:")
		n, _ := strconv.ParseInt(rest[:strings.IndexByte(rest, '\r')], 10, 64)
		return n
	}

	e := testEngine(t)
	cl := testClient(e)
	var ourEvents []string
	e.OnNotify(func(db *DB, class NotifyClass, event, key string) {
		if class&(NotifyNew|NotifyKeyMiss) == 0 {
			ourEvents = append(ourEvents, event+":"+key)
		}
	})

	gen := listCommandGen(r)
	for _, proto := range []string{"2", "3"} {
		call("HELLO", proto)
		do(e, cl, "HELLO", proto)
		for i := 0; i < rounds; i++ {
			if i%1000 == 0 {
				fill := []string{"-2", "-1", "3", "1", "-5", "128"}[r.IntN(6)]
				call("CONFIG", "SET", "list-max-listpack-size", fill)
				n, _ := strconv.Atoi(fill)
				e.Config.ListMaxListpackSize = n
			}
			args := gen()
			d0, ours0 := redisDirty(), e.stats.Dirty
			want := call(args...)
			ourEvents = ourEvents[:0]
			got := do(e, cl, args...)
			if got != want {
				t.Fatalf("RESP%s %q\n got: %q\nwant: %q", proto, args, got, want)
			}
			wantEv := redisEvents()
			if strings.Join(ourEvents, " ") != strings.Join(wantEv, " ") {
				t.Fatalf("RESP%s %q events\n got: %q\nwant: %q", proto, args, ourEvents, wantEv)
			}
			if dr, dl := redisDirty()-d0, e.stats.Dirty-ours0; dr != dl {
				t.Fatalf("RESP%s %q dirty +%d, redis +%d", proto, args, dl, dr)
			}
		}
	}
}

// listCommandGen returns a generator of random list commands over a few
// keys (one of them a string) and values, with valid and invalid
// arguments.
func listCommandGen(r *rand.Rand) func() []string {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	key := func() string { return pick("l1", "l2", "l3", "s", "none") }
	val := func() string {
		switch r.IntN(8) {
		case 0:
			return strconv.Itoa(r.IntN(300) - 100)
		case 1:
			return strings.Repeat("x", r.IntN(200))
		case 2:
			if r.IntN(10) == 0 {
				return strings.Repeat("y", 5000+r.IntN(9000))
			}
		case 3:
			return pick("9223372036854775807", "-9223372036854775808", "9223372036854775808", "007", "")
		}
		return "v" + strconv.Itoa(r.IntN(8))
	}
	vals := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = val()
		}
		return out
	}
	num := func() string {
		switch r.IntN(10) {
		case 0:
			return pick("x", "1.5", "", "-0", "+1", "9223372036854775808")
		case 1:
			return pick("9223372036854775807", "-9223372036854775808")
		case 2:
			return strconv.Itoa(r.IntN(3000) - 1500)
		}
		return strconv.Itoa(r.IntN(24) - 12)
	}
	end := func() string { return pick("left", "RIGHT", "Left", "right", "up") }
	return func() []string {
		switch r.IntN(30) {
		case 0, 1, 2:
			return append([]string{pick("lpush", "rpush"), key()}, vals(1+r.IntN(40))...)
		case 3, 4, 5:
			return append([]string{pick("LPUSH", "RPUSH"), key()}, vals(1+r.IntN(3))...)
		case 6:
			return append([]string{pick("lpushx", "rpushx"), key()}, vals(1+r.IntN(3))...)
		case 7, 8:
			return []string{pick("lpop", "rpop"), key()}
		case 9:
			c := []string{pick("lpop", "rpop"), key(), num()}
			if r.IntN(20) == 0 {
				c = append(c, "1")
			}
			return c
		case 10:
			return []string{"llen", key()}
		case 11, 12:
			return []string{"lrange", key(), num(), num()}
		case 13:
			return []string{"lindex", key(), num()}
		case 14:
			return []string{"lset", key(), num(), val()}
		case 15:
			return []string{"linsert", key(), pick("before", "AFTER", "middle"), val(), val()}
		case 16:
			return []string{"lrem", key(), num(), val()}
		case 17:
			return []string{"ltrim", key(), num(), num()}
		case 18, 19:
			c := []string{"lpos", key(), val()}
			for n := r.IntN(4); n > 0; n-- {
				c = append(c, pick("rank", "count", "maxlen", "RANK", "bogus"))
				if r.IntN(15) > 0 {
					c = append(c, num())
				}
			}
			return c
		case 20, 21:
			return []string{"lmove", key(), key(), end(), end()}
		case 22:
			return []string{"rpoplpush", key(), key()}
		case 23, 24:
			n := r.IntN(4)
			c := []string{"lmpop", strconv.Itoa(n)}
			if r.IntN(10) == 0 {
				c[1] = num()
			}
			for i := 0; i < n; i++ {
				c = append(c, key())
			}
			c = append(c, end())
			if r.IntN(2) == 0 {
				c = append(c, pick("count", "COUNT", "bogus"), num())
			}
			return c
		case 25:
			return []string{"memory", "usage", key(), "samples", pick("0", "1", "5")}
		case 26:
			return []string{pick("type", "object"), key()}
		case 27:
			return []string{"object", "encoding", key()}
		case 28:
			return []string{"set", "s", val()}
		}
		return []string{"del", key()}
	}
}

// listEncodeCommand encodes args as a RESP array of bulk strings.
func listEncodeCommand(args []string) []byte {
	b := []byte{'*'}
	b = strconv.AppendInt(b, int64(len(args)), 10)
	b = append(b, "\r\n"...)
	for _, a := range args {
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(len(a)), 10)
		b = append(b, "\r\n"...)
		b = append(b, a...)
		b = append(b, "\r\n"...)
	}
	return b
}

// listReadReply reads one RESP2 or RESP3 reply and returns its raw bytes.
func listReadReply(t *testing.T, rd *bufio.Reader) string {
	t.Helper()
	line, err := rd.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(strings.TrimSpace(line[1:]))
	switch line[0] {
	case '$', '=', '!':
		if n < 0 {
			return line
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(rd, buf); err != nil {
			t.Fatal(err)
		}
		return line + string(buf)
	case '*', '~', '>', '%', '|':
		if line[0] == '%' || line[0] == '|' {
			n *= 2
		}
		for i := 0; i < n; i++ {
			line += listReadReply(t, rd)
		}
		if line[0] == '|' {
			line += listReadReply(t, rd)
		}
	}
	return line
}

// listBulks returns the bulk strings of a raw array reply.
func listBulks(raw string) []string {
	var out []string
	for {
		i := strings.Index(raw, "\r\n$")
		if i < 0 {
			return out
		}
		raw = raw[i+3:]
		j := strings.Index(raw, "\r\n")
		n, _ := strconv.Atoi(raw[:j])
		out = append(out, raw[j+2:j+2+n])
		raw = raw[j+2+n:]
	}
}
