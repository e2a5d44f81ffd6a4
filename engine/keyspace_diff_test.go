package engine

import (
	"bufio"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestKeyspaceDifferential replays random keyspace command sequences on the
// engine and on a real redis-server and compares the raw replies. It runs
// only when LUAKV_DIFF_REDIS names a redis-server 7.0.15 address (whose
// data it flushes), e.g. LUAKV_DIFF_REDIS=127.0.0.1:7102.
func TestKeyspaceDifferential(t *testing.T) {
	addr := os.Getenv("LUAKV_DIFF_REDIS")
	if addr == "" {
		t.Skip("LUAKV_DIFF_REDIS not set")
	}
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rd := bufio.NewReader(conn)
	redis := func(args []string) string {
		var b []byte
		b = append(b, '*')
		b = strconv.AppendInt(b, int64(len(args)), 10)
		b = append(b, "\r\n"...)
		for _, a := range args {
			b = append(b, '$')
			b = strconv.AppendInt(b, int64(len(a)), 10)
			b = append(b, "\r\n"...)
			b = append(b, a...)
			b = append(b, "\r\n"...)
		}
		if _, err := conn.Write(b); err != nil {
			t.Fatal(err)
		}
		return readRESP(t, rd)
	}
	e := ksEngine(t)
	cl := testClient(e)
	ours := func(args []string) string {
		argv := make([][]byte, len(args))
		for i, a := range args {
			argv[i] = []byte(a)
		}
		w := NewRespWriter(2)
		e.RunBatch(cl, w, [][][]byte{argv}, 0)
		return string(w.Buf)
	}
	redis([]string{"flushall"})
	redis([]string{"select", "0"})

	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	key := func() string { return pick("a", "b", "c", "d", "") }
	future := strconv.FormatInt(time.Now().Unix()+1000, 10)
	gen := func() []string {
		switch r.IntN(24) {
		case 0, 1:
			return []string{"set", key(), pick("v", "12", "9999", "10000", "-5", strings.Repeat("x", 50))}
		case 2:
			return []string{"set", key(), "v", "ex", pick("100", "200")}
		case 3:
			return []string{"del", key(), key()}
		case 4:
			return []string{"unlink", key()}
		case 5:
			return []string{"exists", key(), key(), key()}
		case 6:
			return []string{"type", key()}
		case 7:
			return []string{"touch", key(), key()}
		case 8:
			// No time equals one SET EX gives (GT/LT would then depend on
			// the milliseconds between the two servers' runs), and none
			// expires while the sequence runs.
			cmd := pick("expire", "pexpire", "expireat", "pexpireat")
			when := pick("-1", "0", "50", "150", "300", "100000", future, "9223372036854775807", "x")
			if cmd == "pexpire" && when != "-1" && when != "0" && when != "x" {
				when += "000"
			}
			args := []string{cmd, key(), when}
			for n := r.IntN(3); n > 0; n-- {
				args = append(args, pick("nx", "xx", "gt", "lt", "XX", "zz"))
			}
			return args
		case 9, 10:
			return []string{pick("ttl", "pttl", "expiretime", "pexpiretime"), key()}
		case 11:
			return []string{"persist", key()}
		case 12:
			return []string{pick("rename", "renamenx"), key(), key()}
		case 13:
			return []string{"move", key(), pick("0", "1", "2", "16", "x")}
		case 14:
			args := []string{"copy", key(), key()}
			if r.IntN(2) == 0 {
				args = append(args, "db", pick("0", "1", "2", "99"))
			}
			if r.IntN(2) == 0 {
				args = append(args, "replace")
			}
			return args
		case 15:
			return []string{"object", pick("encoding", "refcount", "freq"), key()}
		case 16:
			return []string{"select", pick("0", "1", "2")}
		case 17:
			return []string{"get", key()}
		case 18:
			return []string{"keys", pick("*", "?", "[ab]", "a*", "*b*")}
		case 19:
			return []string{"scan", "0", "count", "1000", "match", pick("*", "a", "?")}
		case 20:
			return []string{"dbsize"}
		case 21:
			return []string{"pexpireat", key(), "1"}
		case 22:
			return []string{"scan", "0", "count", "1000", "type", pick("string", "none", "list")}
		default:
			return []string{"append", key(), "z"}
		}
	}
	var history []string
	for i := 0; i < diffSteps(); i++ {
		args := gen()
		want, got := redis(args), ours(args)
		history = append(history, strconv.Quote(strings.Join(args, " "))+" => "+strconv.Quote(want))
		if normalizeDiff(args, want) != normalizeDiff(args, got) {
			t.Fatalf("step %d: %q\nredis: %q\nours:  %q\nhistory:\n%s", i, args, want, got,
				strings.Join(history[max(0, len(history)-40):], "\n"))
		}
	}
}

// normalizeDiff removes what legitimately differs between two servers:
// the order of KEYS and SCAN results and exact remaining times.
func normalizeDiff(args []string, reply string) string {
	switch args[0] {
	case "keys":
		keys, _ := parseBulkArrayLoose(reply)
		slices.Sort(keys)
		return strings.Join(keys, ",")
	case "scan":
		if !strings.HasPrefix(reply, "*2\r\n$1\r\n0\r\n") {
			return reply
		}
		keys, _ := parseBulkArrayLoose(reply[len("*2\r\n$1\r\n0\r\n"):])
		slices.Sort(keys)
		return strings.Join(keys, ",")
	case "object":
		// COPY of a small integer makes an unshared object in Redis
		// (refcount 1); here it reports the shared refcount. Compare
		// only whether the key exists.
		if args[1] == "refcount" && strings.HasPrefix(reply, ":") {
			return ":refcount"
		}
	case "pttl", "expiretime", "pexpiretime":
		if strings.HasPrefix(reply, ":") && reply != ":-1\r\n" && reply != ":-2\r\n" {
			return ":positive"
		}
	}
	return reply
}

func parseBulkArrayLoose(raw string) ([]string, bool) {
	line, rest, ok := strings.Cut(raw, "\r\n")
	if !ok || !strings.HasPrefix(line, "*") {
		return nil, false
	}
	n, _ := strconv.Atoi(line[1:])
	var out []string
	for i := 0; i < n; i++ {
		var hdr string
		hdr, rest, _ = strings.Cut(rest, "\r\n")
		l, _ := strconv.Atoi(hdr[1:])
		out = append(out, rest[:l])
		rest = rest[l+2:]
	}
	return out, true
}

// readRESP reads one complete reply and returns its raw bytes.
func readRESP(t *testing.T, rd *bufio.Reader) string {
	t.Helper()
	line, err := rd.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	switch line[0] {
	case '$':
		n, _ := strconv.Atoi(strings.TrimSpace(line[1:]))
		if n < 0 {
			return line
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(rd, buf); err != nil {
			t.Fatal(err)
		}
		return line + string(buf)
	case '*':
		n, _ := strconv.Atoi(strings.TrimSpace(line[1:]))
		for i := 0; i < n; i++ {
			line += readRESP(t, rd)
		}
	}
	return line
}

// diffSteps is the length of the differential run (LUAKV_DIFF_STEPS, 5000
// by default).
func diffSteps() int {
	if n, err := strconv.Atoi(os.Getenv("LUAKV_DIFF_STEPS")); err == nil {
		return n
	}
	return 5000
}
