package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// binary is luakv-server built once for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "luakv-server-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "luakv-server")
	if out, err := exec.Command("go", "build", "-race", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build failed: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// freePort returns a loopback TCP port nobody listens on.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// proc is a running luakv-server.
type proc struct {
	cmd    *exec.Cmd
	stdout *syncBuffer
	done   chan error
}

type syncBuffer struct {
	ch  chan []byte
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.ch <- append([]byte(nil), p...)
	return len(p), nil
}

// String returns what was written so far.
func (b *syncBuffer) String() string {
	for {
		select {
		case p := <-b.ch:
			b.buf.Write(p)
		default:
			return b.buf.String()
		}
	}
}

func start(t *testing.T, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(binary, args...), stdout: &syncBuffer{ch: make(chan []byte, 1024)}, done: make(chan error, 1)}
	p.cmd.Stdout = p.stdout
	p.cmd.Stderr = p.stdout
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// waitLog waits for a log line containing s.
func (p *proc) waitLog(t *testing.T, s string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(p.stdout.String(), s) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %q in the log:\n%s", s, p.stdout.String())
}

// wait returns the exit status.
func (p *proc) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
		p.done <- nil // for the cleanup
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(10 * time.Second):
		t.Fatalf("server did not exit; log:\n%s", p.stdout.String())
	}
	return -1
}

// client is a minimal RESP client.
type client struct {
	c net.Conn
	r *bufio.Reader
}

func dial(t *testing.T, network, addr string) *client {
	t.Helper()
	c, err := net.Dial(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &client{c: c, r: bufio.NewReader(c)}
}

// do sends a command and returns the raw reply (read to the end of its
// frame), or "" with the error when the connection closes.
func (cl *client) do(args ...string) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := io.WriteString(cl.c, b.String()); err != nil {
		return "", err
	}
	cl.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	var out strings.Builder
	err := cl.read(&out)
	return out.String(), err
}

func (cl *client) read(out *strings.Builder) error {
	line, err := cl.r.ReadString('\n')
	out.WriteString(line)
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(strings.TrimSpace(line[1:]))
	switch line[0] {
	case '$':
		if n >= 0 {
			buf := make([]byte, n+2)
			if _, err := io.ReadFull(cl.r, buf); err != nil {
				return err
			}
			out.Write(buf)
		}
	case '*', '%':
		if line[0] == '%' {
			n *= 2
		}
		for i := 0; i < n; i++ {
			if err := cl.read(out); err != nil {
				return err
			}
		}
	}
	return nil
}

func TestBadOptionExits1(t *testing.T) {
	// What redis-server 7.0.15 prints for the same command lines.
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--foo", "bar"}, "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'foo \"bar\"'\nBad directive or wrong number of arguments\n"},
		{[]string{"--port", "70000"}, "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'port \"70000\"'\nargument must be between 0 and 65535 inclusive\n"},
		{[]string{"--port"}, "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'port'\nwrong number of arguments\n"},
		{[]string{"--maxmemory", "1x"}, "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'maxmemory \"1x\"'\nargument must be a memory value\n"},
		{[]string{"--logfile", "/nonexistent/x"}, "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: No such file or directory\n"},
	}
	for _, c := range cases {
		cmd := exec.Command(binary, c.args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Errorf("%q: exit %v, want status 1", c.args, err)
		}
		if stderr.String() != c.want {
			t.Errorf("%q: stderr\n%q\nwant\n%q", c.args, stderr.String(), c.want)
		}
	}
	// A config file with an error reports its line.
	path := filepath.Join(t.TempDir(), "bad.conf")
	os.WriteFile(path, []byte("# comment\nport 1\n\nmaxclients 0\n"), 0o644)
	out, err := exec.Command(binary, path).CombinedOutput()
	want := "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 4\n>>> 'maxclients 0'\nargument must be between 1 and 4294967295 inclusive\n"
	if string(out) != want || err == nil {
		t.Errorf("bad file: %v %q", err, out)
	}
	// An unreadable file is logged.
	out, err = exec.Command(binary, "/nonexistent.conf").CombinedOutput()
	if !strings.HasSuffix(string(out), " # Fatal error, can't open config file '/nonexistent.conf': No such file or directory\n") || err == nil {
		t.Errorf("missing file: %v %q", err, out)
	}
}

func TestConfigFileAndOverrides(t *testing.T) {
	dir := t.TempDir()
	port := freePort(t)
	path := filepath.Join(dir, "luakv.conf")
	logfile := filepath.Join(dir, "luakv.log")
	pidfile := filepath.Join(dir, "luakv.pid")
	conf := fmt.Sprintf("port %d\nbind 127.0.0.1\nmaxmemory 1gb\nhz 20\nlogfile %s\npidfile %s\n", freePort(t), logfile, pidfile)
	os.WriteFile(path, []byte(conf), 0o644)
	p := start(t, path, "--port", strconv.Itoa(port), "--hz", "30", "--save", "", "--loglevel", "verbose")
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(logfile)
		if strings.Contains(string(b), "Ready to accept connections") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready; log:\n%s\nstdout:\n%s", b, p.stdout.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if pid, _ := os.ReadFile(pidfile); string(pid) != strconv.Itoa(p.cmd.Process.Pid)+"\n" {
		t.Errorf("pidfile holds %q", pid)
	}
	cl := dial(t, "tcp", "127.0.0.1:"+strconv.Itoa(port))
	for _, c := range []struct{ args, want string }{
		{"CONFIG GET port", fmt.Sprintf("*2\r\n$4\r\nport\r\n$%d\r\n%d\r\n", len(strconv.Itoa(port)), port)},
		{"CONFIG GET hz", "*2\r\n$2\r\nhz\r\n$2\r\n30\r\n"},
		{"CONFIG GET maxmemory", "*2\r\n$9\r\nmaxmemory\r\n$10\r\n1073741824\r\n"},
		{"CONFIG GET loglevel", "*2\r\n$8\r\nloglevel\r\n$7\r\nverbose\r\n"},
		{"CONFIG SET maxmemory 2gb", "+OK\r\n"},
		{"CONFIG REWRITE", "+OK\r\n"},
	} {
		if got, err := cl.do(strings.Fields(c.args)...); got != c.want {
			t.Errorf("%s: %q %v, want %q", c.args, got, err, c.want)
		}
	}
	b, _ := os.ReadFile(path)
	for _, line := range []string{fmt.Sprintf("port %d\n", port), "maxmemory 2gb\n", "hz 30\n", "loglevel verbose\n"} {
		if !strings.Contains(string(b), line) {
			t.Errorf("rewritten file lacks %q:\n%s", line, b)
		}
	}
	// CONFIG SET port moves the listener.
	port2 := freePort(t)
	if got, _ := cl.do("CONFIG", "SET", "port", strconv.Itoa(port2)); got != "+OK\r\n" {
		t.Fatalf("CONFIG SET port: %q", got)
	}
	cl2 := dial(t, "tcp", "127.0.0.1:"+strconv.Itoa(port2))
	if got, _ := cl2.do("PING"); got != "+PONG\r\n" {
		t.Errorf("PING on the new port: %q", got)
	}
	if _, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), time.Second); err == nil {
		t.Errorf("old port still accepts")
	}
	// SHUTDOWN: the connection closes without a reply, the process exits 0
	// and removes its pid file.
	if got, err := cl2.do("SHUTDOWN"); got != "" || err == nil {
		t.Errorf("SHUTDOWN replied %q %v", got, err)
	}
	if code := p.wait(t); code != 0 {
		t.Errorf("exit status %d", code)
	}
	if _, err := os.Stat(pidfile); !os.IsNotExist(err) {
		t.Errorf("pid file left: %v", err)
	}
	b, _ = os.ReadFile(logfile)
	for _, s := range []string{" # Configuration loaded\n", " # User requested shutdown...\n", " * Removing the pid file.\n", " # luakv is now ready to exit, bye bye...\n"} {
		if !strings.Contains(string(b), s) {
			t.Errorf("log lacks %q:\n%s", s, b)
		}
	}
}

func TestSignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		port := freePort(t)
		p := start(t, "--port", strconv.Itoa(port))
		p.waitLog(t, "Ready to accept connections")
		cl := dial(t, "tcp", "127.0.0.1:"+strconv.Itoa(port))
		if got, _ := cl.do("PING"); got != "+PONG\r\n" {
			t.Fatalf("PING: %q", got)
		}
		p.cmd.Process.Signal(sig)
		if code := p.wait(t); code != 0 {
			t.Errorf("%v: exit status %d", sig, code)
		}
		name := map[syscall.Signal]string{syscall.SIGTERM: "SIGTERM", syscall.SIGINT: "SIGINT"}[sig]
		log := p.stdout.String()
		for _, s := range []string{":signal-handler (", ") Received " + name + " scheduling shutdown...\n", " # User requested shutdown...\n", " # luakv is now ready to exit, bye bye...\n"} {
			if !strings.Contains(log, s) {
				t.Errorf("%v: log lacks %q:\n%s", sig, s, log)
			}
		}
		if _, err := cl.do("PING"); err == nil {
			t.Errorf("%v: connection still open", sig)
		}
	}
}

func TestSignalWithFailingSave(t *testing.T) {
	// With save points and a save that fails (its directory is gone),
	// SIGTERM keeps the server running, as Redis does; shutdown-on-sigterm
	// nosave lets it go.
	port := freePort(t)
	dir := filepath.Join(t.TempDir(), "gone")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := start(t, "--port", strconv.Itoa(port), "--save", "60 1", "--dir", dir)
	p.waitLog(t, "Ready to accept connections")
	if err := os.Remove(dir); err != nil {
		t.Fatal(err)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.waitLog(t, "Errors trying to shut down the server. Check the logs for more information.")
	cl := dial(t, "tcp", "127.0.0.1:"+strconv.Itoa(port))
	if got, _ := cl.do("CONFIG", "SET", "shutdown-on-sigterm", "nosave"); got != "+OK\r\n" {
		t.Fatalf("server not running after the failed shutdown: %q", got)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.wait(t); code != 0 {
		t.Errorf("exit status %d", code)
	}
}

func TestStartupLog(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "luakv.sock")
	p := start(t, "--port", "0", "--unixsocket", sock, "--unixsocketperm", "700")
	p.waitLog(t, "The server is now ready to accept connections at "+sock)
	if st, err := os.Stat(sock); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("socket mode: %v %v", st, err)
	}
	cl := dial(t, "unix", sock)
	if got, _ := cl.do("CONFIG", "GET", "unixsocket"); got != fmt.Sprintf("*2\r\n$10\r\nunixsocket\r\n$%d\r\n%s\r\n", len(sock), sock) {
		t.Errorf("CONFIG GET unixsocket: %q", got)
	}
	cl.do("SHUTDOWN", "NOSAVE")
	if code := p.wait(t); code != 0 {
		t.Errorf("exit status %d", code)
	}
	log := p.stdout.String()
	for _, s := range []string{
		":C ", " # oO0OoO0OoO0Oo luakv is starting oO0OoO0OoO0Oo\n", " # Configuration loaded\n",
		":M ", " * Running mode=standalone, port=0.\n", " # Server initialized\n",
		" * Removing the unix socket file.\n",
	} {
		if !strings.Contains(log, s) {
			t.Errorf("log lacks %q:\n%s", s, log)
		}
	}
	if strings.Contains(log, "Ready to accept connections\n") {
		t.Errorf("TCP readiness logged without a TCP socket")
	}
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Errorf("socket file left behind")
	}
	// Nothing to listen on: exit 1.
	out, err := exec.Command(binary, "--port", "0").CombinedOutput()
	if err == nil || !strings.Contains(string(out), " # Configured to not listen anywhere, exiting.\n") {
		t.Errorf("port 0: %v %s", err, out)
	}
}
