package tests

import (
	"regexp"
	"strings"
	"testing"
	"time"

	rt "luakv/internal/redistest"
)

// monitorLine matches what MONITOR sends for one command; the time and the
// client's address differ between the servers and are masked.
var monitorLine = regexp.MustCompile(`^\+\d+\.\d{6} \[(\d+) ([^\]]+)\] (.*)\r\n$`)

// monitorSession runs the same commands on s while a second connection
// monitors, and returns the replies and the masked monitor stream.
func monitorSession(t *testing.T, s *rt.Server) []string {
	t.Helper()
	mon, cl, other := s.MustDial(t), s.MustDial(t), s.MustDial(t)
	var out []string
	do := func(c *rt.Conn, args ...string) {
		out = append(out, strings.Join(args, " ")+" -> "+string(c.MustDo(t, args...)))
	}
	do(mon, "MONITOR")
	for _, args := range [][]string{
		{"SET", "k", "v"}, {"GET", "k"}, {"SELECT", "3"}, {"SET", "with space", "q\"b\\c\n\r\t\a\b\x01\xff"},
		{"SELECT", "0"}, {"CONFIG", "GET", "maxmemory"}, {"NOSUCH", "x"}, {"SET", "k"},
		{"MULTI"}, {"INCR", "n"}, {"GET", "k"}, {"EXEC"},
		{"EVAL", "redis.call('set', KEYS[1], ARGV[1]) redis.call('select', 1) return redis.call('get', KEYS[1])", "1", "x", "12"},
		{"EVALSHA", "0000000000000000000000000000000000000000", "0"}, {"EVAL", "return 1", "-1"},
		{"EVAL_RO", "return redis.call('set', 'a', 'b')", "0"},
		{"BLPOP", "nolist", "0.01"}, {"PING"},
	} {
		do(cl, args...)
	}
	// A monitor is a replica to Redis: no keyspace access; PING and ECHO
	// answer, and show in its own stream after their reply (which the
	// stream below collects).
	for _, args := range [][]string{{"GET", "k"}, {"PING"}, {"ECHO", "hi"}, {"MONITOR"}} {
		if err := mon.Send(args...); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(100 * time.Millisecond) // served before the next client's commands
	do(other, "MULTI")
	do(other, "MONITOR")
	do(other, "EXEC")
	do(cl, "ECHO", "end")
	for {
		r, err := mon.Read()
		if err != nil {
			t.Fatalf("%s: reading the monitor stream: %v (so far %q)", s.Name, err, out)
		}
		line := string(r)
		if m := monitorLine.FindStringSubmatch(line); m != nil {
			from := "client"
			if m[2] == "lua" {
				from = "lua"
			}
			line = "monitor: [" + m[1] + " " + from + "] " + m[3]
		}
		out = append(out, line)
		if strings.Contains(line, `"ECHO" "end"`) {
			return out
		}
	}
}

// TestDiffMonitor compares MONITOR's stream with redis-server's: which
// commands show (not admin ones, not rejected ones; a script's commands as
// "lua" before the EVAL; EXEC's commands before EXEC), in which database,
// and how arguments are quoted.
func TestDiffMonitor(t *testing.T) {
	p := rt.NewPair(t)
	want := monitorSession(t, p.Redis)
	got := monitorSession(t, p.Luakv)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("MONITOR session differs\nluakv:\n%s\nredis:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	c := p.Luakv.MustDial(t)
	if !strings.Contains(string(c.MustDo(t, "CLIENT", "LIST")), " flags=O ") {
		t.Error("CLIENT LIST does not flag the monitor")
	}
}
