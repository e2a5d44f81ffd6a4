package engine

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestStringRandomAgainstRedis sends the same random string and bitmap commands to
// the engine and to a live redis-server (LUAKV_REDIS_ORACLE=host:port) and
// compares every raw reply. LUAKV_ORACLE_ROUNDS sets the number of commands
// (default 20000) and LUAKV_ORACLE_SEED the seed.
func TestStringRandomAgainstRedis(t *testing.T) {
	addr, rounds, seed := oracleParams(t, 20000)
	rng := rand.New(rand.NewPCG(seed, 1))

	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rd := bufio.NewReader(conn)
	call := func(args []string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "*%d\r\n", len(args))
		for _, a := range args {
			fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
		}
		if _, err := conn.Write([]byte(b.String())); err != nil {
			t.Fatal(err)
		}
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		raw, err := strReadReply(rd)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	call([]string{"HELLO", "2"})
	call([]string{"FLUSHALL"})
	e := testEngine(t)
	cl := testClient(e)

	g := &strCmdGen{r: rng, focus: os.Getenv("LUAKV_ORACLE_FOCUS")}
	var history []string
	fails := 0
	for i := 0; i < rounds && fails < 10; i++ {
		args := g.next()
		if args[0] == "HELLO" {
			if args[1] == "3" {
				cl.Proto = 3
			} else {
				cl.Proto = 2
			}
			call(args)
			continue
		}
		want := call(args)
		got := strDoStep(e, cl, args)
		history = append(history, strFmtArgs(args))
		if got != want {
			fails++
			from := max(0, len(history)-8)
			t.Errorf("command %d: %s\n got: %q\nredis: %q\nrecent:\n  %s", i, strFmtArgs(args), strTrunc(got), strTrunc(want), strings.Join(history[from:], "\n  "))
		}
	}
	call([]string{"HELLO", "2"})
}

func strTrunc(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// strCmdGen makes random string and bitmap commands over a few keys; with
// focus "float" only INCRBYFLOAT and SETs of numbers.
type strCmdGen struct {
	r     *rand.Rand
	focus string
}

func (g *strCmdGen) key() string { return []string{"a", "b", "c", "d"}[g.r.IntN(4)] }

func (g *strCmdGen) small() string { return strconv.Itoa(g.r.IntN(40) - 20) }

func (g *strCmdGen) idx() string {
	switch g.r.IntN(10) {
	case 0:
		return strconv.FormatInt(g.r.Int64()-(1<<62), 10)
	case 1:
		return []string{"9223372036854775807", "-9223372036854775808", "0", "-1"}[g.r.IntN(4)]
	}
	return strconv.Itoa(g.r.IntN(200) - 100)
}

func (g *strCmdGen) bytes(n int) string {
	b := make([]byte, n)
	for i := range b {
		switch g.r.IntN(4) {
		case 0:
			b[i] = 0
		case 1:
			b[i] = 0xff
		default:
			b[i] = byte(g.r.IntN(256))
		}
	}
	return string(b)
}

func (g *strCmdGen) text(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = "abcab"[g.r.IntN(5)]
	}
	return string(b)
}

// digits returns n random decimal digits.
func (g *strCmdGen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

func (g *strCmdGen) float() string {
	switch g.r.IntN(16) {
	case 12:
		// Long mantissas, to exercise correct rounding of the parse.
		return g.digits(1+g.r.IntN(30)) + "." + g.digits(g.r.IntN(30)) + "e" + strconv.Itoa(g.r.IntN(60)-30)
	case 13:
		// Near the ends of the long double range.
		if g.r.IntN(2) == 0 {
			return "1.18973" + g.digits(g.r.IntN(20)) + "e4932"
		}
		return g.digits(1+g.r.IntN(5)) + "e-49" + strconv.Itoa(30+g.r.IntN(25))
	case 14:
		// Exact binary fractions: ties when printed with 17 decimals.
		return strconv.FormatFloat(float64(g.r.IntN(1<<20))/float64(int(1)<<(17+g.r.IntN(8))), 'f', -1, 64)
	case 15:
		return fmt.Sprintf("0x%x.%xp%d", g.r.Uint32(), g.r.Uint64(), g.r.IntN(40)-20)
	case 0:
		return strconv.FormatFloat(g.r.NormFloat64()*1e6, 'f', g.r.IntN(12), 64)
	case 1:
		return strconv.FormatFloat(g.r.NormFloat64(), 'e', g.r.IntN(25), 64)
	case 2:
		return fmt.Sprintf("%de%d", g.r.IntN(2000)-1000, g.r.IntN(80)-40)
	case 3:
		return fmt.Sprintf("0x%xp%d", g.r.Uint64(), g.r.IntN(200)-100)
	case 4:
		return []string{"inf", "-inf", "nan", "1e4932", "1e-4940", "5.0e3", " 1", "1 ", "", "0x", "+.5", "-0", "1e400"}[g.r.IntN(13)]
	case 5:
		return strconv.FormatInt(g.r.Int64()>>g.r.IntN(64), 10)
	case 6:
		return "0." + strings.Repeat("0", g.r.IntN(20)) + strconv.Itoa(g.r.IntN(100000))
	}
	return strconv.FormatFloat(float64(g.r.IntN(20000)-10000)/float64(1+g.r.IntN(1000)), 'f', -1, 64)
}

func (g *strCmdGen) bfType() string {
	if g.r.IntN(2) == 0 {
		return "u" + strconv.Itoa(1+g.r.IntN(63))
	}
	return "i" + strconv.Itoa(1+g.r.IntN(64))
}

func (g *strCmdGen) bfOffset() string {
	if g.r.IntN(4) == 0 {
		return "#" + strconv.Itoa(g.r.IntN(10))
	}
	return strconv.Itoa(g.r.IntN(120))
}

func (g *strCmdGen) bfValue() string {
	switch g.r.IntN(4) {
	case 0:
		return strconv.FormatInt(g.r.Int64(), 10)
	case 1:
		return strconv.FormatInt(-g.r.Int64(), 10)
	case 2:
		return strconv.FormatInt(g.r.Int64()>>g.r.IntN(64), 10)
	}
	return strconv.Itoa(g.r.IntN(600) - 300)
}

func (g *strCmdGen) next() []string {
	k := g.key()
	if g.focus == "float" {
		if g.r.IntN(5) == 0 {
			return []string{"SET", k, g.float()}
		}
		return []string{"INCRBYFLOAT", k, g.float()}
	}
	switch g.r.IntN(26) {
	case 0:
		return []string{"SET", k, g.bytes(g.r.IntN(20))}
	case 1:
		return []string{"SET", k, g.text(g.r.IntN(12))}
	case 2:
		return []string{"SET", k, strconv.FormatInt(g.r.Int64N(2000)-1000, 10)}
	case 3:
		return []string{"GETRANGE", k, g.idx(), g.idx()}
	case 4:
		return []string{"SETRANGE", k, strconv.Itoa(g.r.IntN(30)), g.bytes(g.r.IntN(5))}
	case 5:
		return []string{"APPEND", k, g.bytes(g.r.IntN(5))}
	case 6:
		return []string{"INCRBYFLOAT", k, g.float()}
	case 7:
		return []string{"SET", k, g.float()}
	case 8:
		return []string{"INCRBY", k, g.bfValue()}
	case 9:
		args := []string{"BITCOUNT", k}
		if g.r.IntN(4) > 0 {
			args = append(args, g.idx(), g.idx())
			if g.r.IntN(2) == 0 {
				args = append(args, []string{"BIT", "BYTE"}[g.r.IntN(2)])
			}
		}
		return args
	case 10, 11:
		args := []string{"BITPOS", k, strconv.Itoa(g.r.IntN(2))}
		n := g.r.IntN(4)
		if n > 0 {
			args = append(args, g.idx())
		}
		if n > 1 {
			args = append(args, g.idx())
		}
		if n > 2 {
			args = append(args, []string{"BIT", "BYTE"}[g.r.IntN(2)])
		}
		return args
	case 12:
		return []string{"SETBIT", k, strconv.Itoa(g.r.IntN(100)), strconv.Itoa(g.r.IntN(2))}
	case 13:
		return []string{"GETBIT", k, strconv.Itoa(g.r.IntN(100))}
	case 14:
		args := []string{"BITOP", []string{"AND", "OR", "XOR", "NOT"}[g.r.IntN(4)], g.key()}
		for n := 1 + g.r.IntN(3); n > 0; n-- {
			args = append(args, g.key())
		}
		return args
	case 15, 16:
		args := []string{"BITFIELD", k}
		for n := g.r.IntN(5); n > 0; n-- {
			switch g.r.IntN(4) {
			case 0:
				args = append(args, "GET", g.bfType(), g.bfOffset())
			case 1:
				args = append(args, "SET", g.bfType(), g.bfOffset(), g.bfValue())
			case 2:
				args = append(args, "INCRBY", g.bfType(), g.bfOffset(), g.bfValue())
			case 3:
				args = append(args, "OVERFLOW", []string{"WRAP", "SAT", "FAIL"}[g.r.IntN(3)])
			}
		}
		return args
	case 17:
		return []string{"BITFIELD_RO", k, "GET", g.bfType(), g.bfOffset()}
	case 18:
		return []string{"SET", k, g.text(g.r.IntN(30))}
	case 19, 20:
		args := []string{"LCS", k, g.key()}
		for _, opt := range []string{"IDX", "LEN", "WITHMATCHLEN"} {
			if g.r.IntN(3) == 0 {
				args = append(args, opt)
			}
		}
		if g.r.IntN(3) == 0 {
			args = append(args, "MINMATCHLEN", strconv.Itoa(g.r.IntN(4)))
		}
		return args
	case 21:
		return []string{"OBJECT", "ENCODING", k}
	case 22:
		return []string{"HELLO", []string{"2", "3"}[g.r.IntN(2)]}
	case 23:
		return []string{"GET", k}
	case 24:
		return []string{"MGET", k, g.key(), g.key()}
	case 25:
		return []string{"STRLEN", k}
	}
	return []string{"GET", k}
}
