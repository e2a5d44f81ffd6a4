package redistest

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"luakv/cmd/server/serve"
	"luakv/engine"
)

// Server is a server under test: Debian's redis-server in a child process,
// or luakv in this process.
type Server struct {
	Name string // "redis" or "luakv"
	Addr string // 127.0.0.1:port
	// Engine is luakv's engine (nil for redis-server), for tests that look
	// inside.
	Engine *engine.Engine

	stop func()
}

// Stop stops the server now instead of at cleanup. It is idempotent.
func (s *Server) Stop() {
	if s.stop != nil {
		s.stop()
		s.stop = nil
	}
}

// RedisServerPath returns the path of redis-server on PATH, or "" if there is
// none.
func RedisServerPath() string {
	p, err := exec.LookPath("redis-server")
	if err != nil {
		return ""
	}
	return p
}

// SkipMessage is what tests that need redis-server say when it is missing.
const SkipMessage = "redis-server not found on PATH (apt-get install redis-server); skipping differential test"

// RequireRedis skips t when redis-server is not installed and returns its
// path otherwise.
func RequireRedis(t testing.TB) string {
	t.Helper()
	p := RedisServerPath()
	if p == "" {
		t.Skip(SkipMessage)
	}
	return p
}

// StartRedis starts redis-server on a free loopback port with persistence
// off and DEBUG enabled, in a fresh t.TempDir(), and stops it at cleanup.
// extra are more "--name value" arguments. It skips t if redis-server is not
// installed.
func StartRedis(t testing.TB, extra ...string) *Server {
	t.Helper()
	bin := RequireRedis(t)
	dir := t.TempDir()
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		port, err := freePort()
		if err != nil {
			t.Fatalf("finding a free port: %v", err)
		}
		s, err := startRedisOn(bin, dir, port, extra)
		if err == nil {
			t.Cleanup(s.Stop)
			return s
		}
		lastErr = err // most likely another process took the port
	}
	t.Fatalf("starting redis-server: %v", lastErr)
	return nil
}

func startRedisOn(bin, dir string, port int, extra []string) (*Server, error) {
	args := []string{
		"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--enable-debug-command", "yes",
		"--daemonize", "no", "--dir", dir, "--logfile", filepath.Join(dir, "redis.log"),
	}
	cmd := exec.Command(bin, append(args, extra...)...)
	cmd.Dir = dir
	// Kill the child if the test binary dies (a -timeout panic, say).
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	stop := func() {
		select {
		case <-exited:
			return
		default:
		}
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "redis.log"))
			return nil, fmt.Errorf("redis-server on port %d exited: %s", port, tail(log, 2000))
		default:
		}
		if pingOK(addr) {
			return &Server{Name: "redis", Addr: addr, stop: stop}, nil
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("redis-server on port %d did not answer PING within 10s", port)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// pingOK reports whether a server at addr answers PING with PONG.
func pingOK(addr string) bool {
	nc, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(time.Second))
	if _, err := nc.Write([]byte("*1\r\n$4\r\nPING\r\n")); err != nil {
		return false
	}
	r, err := ReadReply(bufio.NewReader(nc))
	return err == nil && string(r) == "+PONG\r\n"
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// LuakvSettings are the engine settings StartLuakv uses: the same defaults
// as redis-server's, with DEBUG enabled as StartRedis enables it.
func LuakvSettings() engine.Settings {
	return engine.Settings{
		Databases:          16,
		MaxClients:         10000,
		LogLevel:           engine.LogNotice,
		Hz:                 10,
		EnableDebugCommand: true,
	}
}

// StartLuakv starts luakv in this process on 127.0.0.1:0 and stops it at
// cleanup. Each mod may adjust the settings first. Warnings the server logs
// go to t.Log.
func StartLuakv(t testing.TB, mods ...func(*engine.Settings)) *Server {
	t.Helper()
	st := LuakvSettings()
	for _, m := range mods {
		m(&st)
	}
	e := newLuakvEngine(st)
	e.Log = testLogger{t}
	e.DumpDir = t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening for luakv: %v", err)
	}
	srv := serve.New(e, ln)
	// SHUTDOWN from a test ends this server the way it ends the process.
	e.ShutdownHook = func(engine.ShutdownOptions) error {
		go srv.Close()
		return nil
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(); err != nil {
			t.Errorf("luakv Serve: %v", err)
		}
	}()
	s := &Server{Name: "luakv", Addr: ln.Addr().String(), Engine: e}
	s.stop = func() {
		srv.Close()
		<-done
	}
	t.Cleanup(s.Stop)
	return s
}

// newLuakvEngine builds the engine under test the way cmd/server does.
// Keep the two in step: a setting or hook the binary installs (the config
// registry behind CONFIG GET/SET, say) belongs here too, or the tests would
// exercise a different server than the one users run.
func newLuakvEngine(st engine.Settings) *engine.Engine {
	reg := engine.NewConfig()
	if err := reg.LoadString("enable-debug-command yes\nsave \"\"\nappendonly no\n"); err != nil {
		panic(err)
	}
	full := engine.SettingsFrom(reg)
	// The test's settings win where it set them.
	full.EnableDebugCommand = st.EnableDebugCommand
	full.RequirePass = st.RequirePass
	if st.MaxClients != 0 {
		full.MaxClients = st.MaxClients
	}
	if st.Databases != 0 {
		full.Databases = st.Databases
	}
	return serve.NewEngine(full, reg, nil)
}

// testLogger sends the server's warnings to the test log, where they show
// up next to the failure they explain (a handler's panic, say).
type testLogger struct{ t testing.TB }

func (l testLogger) Logf(level int, format string, args ...any) {
	if level >= engine.LogWarning {
		l.t.Logf("luakv log: "+format, args...)
	}
}
