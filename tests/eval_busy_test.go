package tests

import (
	"strings"
	"testing"
	"time"

	rt "luakv/internal/redistest"
)

// A script running past busy-reply-threshold: other clients get BUSY at
// once, SCRIPT KILL stops it (even through pcall, even inside the pattern
// matcher), a script that wrote cannot be killed, and SHUTDOWN NOSAVE
// still stops the server.
func TestEvalBusyScript(t *testing.T) {
	srv := rt.StartLuakv(t)
	c := srv.MustDial(t)
	c.MustDo(t, "CONFIG", "SET", "busy-reply-threshold", "50")

	kill := func(t *testing.T, script string, wantErr string) {
		t.Helper()
		runner := srv.MustDial(t)
		if err := runner.Send("EVAL", script, "0"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
		if got := string(c.MustDo(t, "PING")); !strings.HasPrefix(got, "-BUSY Redis is busy running a script.") {
			t.Fatalf("PING beside a busy script = %q, want BUSY", got)
		}
		if got := string(c.MustDo(t, "SCRIPT", "KILL")); got != "+OK\r\n" {
			t.Fatalf("SCRIPT KILL = %q", got)
		}
		got, err := runner.Read()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(got), wantErr) {
			t.Fatalf("killed script replied %q, want %q...", got, wantErr)
		}
		if got := string(c.MustDo(t, "PING")); got != "+PONG\r\n" {
			t.Fatalf("PING after the kill = %q", got)
		}
		if got := string(runner.MustDo(t, "PING")); got != "+PONG\r\n" {
			t.Fatalf("PING on the killed script's connection = %q", got)
		}
	}
	killed := "-ERR Script killed by user with SCRIPT KILL... script: "
	t.Run("loop", func(t *testing.T) { kill(t, "while true do end", killed) })
	t.Run("pcall cannot swallow the kill", func(t *testing.T) {
		kill(t, "while true do pcall(function() while true do end end) end", killed)
	})
	t.Run("read-only script", func(t *testing.T) {
		kill(t, "redis.call('get', 'x') while true do end", killed)
	})
	t.Run("catastrophic pattern", func(t *testing.T) {
		kill(t, "return string.find(string.rep('a', 40), string.rep('a*', 40) .. 'b')", killed)
	})
	t.Run("not busy", func(t *testing.T) {
		if got := string(c.MustDo(t, "SCRIPT", "KILL")); got != "-NOTBUSY No scripts in execution right now.\r\n" {
			t.Fatalf("SCRIPT KILL with no script = %q", got)
		}
	})
	t.Run("unkillable, then SHUTDOWN NOSAVE", func(t *testing.T) {
		runner := srv.MustDial(t)
		if err := runner.Send("EVAL", "redis.call('set', 'x', 'y') while true do end", "0"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
		if got := string(c.MustDo(t, "SCRIPT", "KILL")); !strings.HasPrefix(got, "-UNKILLABLE ") {
			t.Fatalf("SCRIPT KILL of a script that wrote = %q", got)
		}
		if got := string(c.MustDo(t, "GET", "x")); !strings.HasPrefix(got, "-BUSY ") {
			t.Fatalf("GET beside it = %q", got)
		}
		if err := c.Send("SHUTDOWN", "NOSAVE"); err != nil {
			t.Fatal(err)
		}
		if closed, extra := c.WaitClosed(5 * time.Second); !closed {
			t.Fatalf("SHUTDOWN NOSAVE did not close the connection (got %q)", extra)
		}
	})
}

// MULTI beside a busy script (Redis's unit/multi "script timeout" tests):
// MULTI and DISCARD run, a refused command dooms the transaction, a
// refused EXEC discards it, and nothing half runs.
func TestEvalBusyMulti(t *testing.T) {
	srv := rt.StartLuakv(t)
	c := srv.MustDial(t)
	c.MustDo(t, "CONFIG", "SET", "busy-reply-threshold", "10")
	busy := func(t *testing.T) *rt.Conn {
		t.Helper()
		runner := srv.MustDial(t)
		if err := runner.Send("EVAL", "while true do end", "0"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		return runner
	}
	endBusy := func(t *testing.T, runner *rt.Conn) {
		t.Helper()
		if got := string(c.MustDo(t, "SCRIPT", "KILL")); got != "+OK\r\n" {
			t.Fatalf("SCRIPT KILL = %q", got)
		}
		if _, err := runner.Read(); err != nil {
			t.Fatal(err)
		}
	}
	expect := func(t *testing.T, c *rt.Conn, want string, args ...string) {
		t.Helper()
		if got := string(c.MustDo(t, args...)); !strings.HasPrefix(got, want) {
			t.Fatalf("%v = %q, want %q...", args, got, want)
		}
	}
	t.Run("MULTI during the script", func(t *testing.T) {
		c.MustDo(t, "SET", "xx", "1")
		r2 := srv.MustDial(t)
		runner := busy(t)
		expect(t, r2, "+OK", "MULTI")
		expect(t, r2, "-BUSY ", "INCR", "xx")
		endBusy(t, runner)
		expect(t, r2, "+QUEUED", "INCR", "xx")
		expect(t, r2, "-EXECABORT Transaction discarded because of previous errors.", "EXEC")
		expect(t, c, "$1\r\n1", "GET", "xx")
		expect(t, r2, "$4\r\nasdf", "PING", "asdf")
	})
	t.Run("EXEC during the script", func(t *testing.T) {
		c.MustDo(t, "SET", "xx", "1")
		r2 := srv.MustDial(t)
		expect(t, r2, "+OK", "MULTI")
		expect(t, r2, "+QUEUED", "INCR", "xx")
		runner := busy(t)
		expect(t, r2, "-BUSY ", "INCR", "xx")
		expect(t, r2, "-EXECABORT Transaction discarded because of: BUSY ", "EXEC")
		endBusy(t, runner)
		expect(t, c, "$1\r\n1", "GET", "xx")
		expect(t, r2, "$4\r\nasdf", "PING", "asdf")
	})
	t.Run("DISCARD during the script", func(t *testing.T) {
		r2 := srv.MustDial(t)
		expect(t, r2, "+OK", "MULTI")
		runner := busy(t)
		expect(t, r2, "-ERR MULTI calls can not be nested", "MULTI")
		expect(t, r2, "+OK", "DISCARD")
		expect(t, r2, "-ERR DISCARD without MULTI", "DISCARD")
		endBusy(t, runner)
		expect(t, r2, "$4\r\nasdf", "PING", "asdf")
	})
}
