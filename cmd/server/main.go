// Command server is luakv-server: a Redis 7 compatible server whose reason
// to exist is Lua scripting. It takes redis-server's command line:
//
//	luakv-server [/path/to/luakv.conf] [--name value ...] [-]
//
// The config file uses redis.conf's syntax and parameters (see package
// luakv/engine/config for the ones luakv knows); --name value options are
// applied after it, and "-" reads more config lines from standard input.
// With no arguments luakv listens on 127.0.0.1:6379 (Redis listens on every
// interface by default; luakv on loopback only, for safety).
//
// SIGTERM and SIGINT shut the server down after the command in flight, with
// the flags of shutdown-on-sigterm and shutdown-on-sigint; a second SIGINT
// during a shutdown exits at once with status 1. SHUTDOWN does the same
// from a client.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"luakv/cmd/server/serve"
	"luakv/engine"
	"luakv/engine/config"
)

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// exit ends the process; the shutdown paths call it from inside the
// executor, so no command runs after the decision to stop.
var exit = os.Exit

// server is the running process: its configuration, engine, sockets and
// log.
type server struct {
	reg *config.Registry
	e   *engine.Engine
	ln  *listeners
	log *logger
	// stopProfile ends the CPU profile LUAKV_CPUPROFILE asked for.
	stopProfile func()
	// exiting is closed when the shutdown hook starts: Serve returns once
	// it closes the listeners, and run must then leave the exit to it.
	exiting chan struct{}
}

// run starts the server described by argv (argv[0] is the program name)
// and returns the exit status when it could not start.
func run(argv []string, stdin io.Reader, stdout, stderr io.Writer) int {
	args := argv[1:]
	if len(args) > 0 {
		switch args[0] {
		case "-v", "--version":
			fmt.Fprintf(stdout, "luakv server v=%s redis_version=%s bits=64 go=%s\n", engine.Version, engine.RedisVersion, runtime.Version())
			return 0
		case "-h", "--help":
			usage(stderr, argv[0])
			return 1
		}
	}
	log := newLogger(stdout, engine.LogNotice)
	reg := engine.NewConfig()
	parsed, err := config.ParseArgs(args, engine.SplitArgs)
	if err == nil {
		err = reg.Load(parsed, stdin, func(msg string) { log.Logf(engine.LogWarning, "%s", msg) })
	}
	var openErr *config.OpenError
	switch {
	case errors.As(err, &openErr):
		log.Logf(engine.LogWarning, "%s", openErr.Error())
		return 1
	case err != nil:
		io.WriteString(stderr, err.Error())
		return 1
	}
	log.setFile(reg.String("logfile"))
	log.SetLevel(int(reg.Int("loglevel")))

	log.Logf(engine.LogWarning, "oO0OoO0OoO0Oo luakv is starting oO0OoO0OoO0Oo")
	log.Logf(engine.LogWarning, "luakv version=%s, redis_version=%s, bits=64, pid=%d, just started", engine.Version, engine.RedisVersion, os.Getpid())
	if len(args) == 0 {
		log.Logf(engine.LogWarning, "Warning: no config file specified, using the default config. In order to specify a config file use %s /path/to/luakv.conf", argv[0])
	} else {
		log.Logf(engine.LogWarning, "Configuration loaded")
	}

	s := &server{reg: reg, log: log, ln: newListeners(log), stopProfile: startProfile(log), exiting: make(chan struct{})}
	s.e = serve.NewEngine(engine.SettingsFrom(reg), reg, s.applyHost)
	s.e.Log = log
	s.ln.e = s.e
	log.setRole('M')
	if !s.listen() {
		return 1
	}
	s.writePidFile()
	port := reg.Int("port")
	log.Logf(engine.LogNotice, "Running mode=standalone, port=%d.", port)
	log.Logf(engine.LogWarning, "Server initialized")
	if !s.loadDump() {
		return 1
	}

	s.e.ShutdownHook = s.shutdown
	s.handleSignals()
	go s.cron()
	s.e.StartCron(nil)

	srv := serve.New(s.e, s.ln)
	if s.ln.tcpCount() > 0 {
		log.Logf(engine.LogNotice, "Ready to accept connections")
	}
	if s.ln.unixPath != "" {
		log.Logf(engine.LogNotice, "The server is now ready to accept connections at %s", s.ln.unixPath)
	}
	if err := srv.Serve(); err != nil {
		log.Logf(engine.LogWarning, "%v", err)
		return 1
	}
	select {
	case <-s.exiting:
		select {} // the shutdown hook finishes and exits the process
	default:
	}
	return 0
}

// loadDump loads the RDB file (dbfilename in dir) when there is one, as
// Redis does before it accepts connections. A file that cannot be loaded
// stops the server: serving without the data it holds would lose it at the
// next save.
func (s *server) loadDump() bool {
	path := s.e.DumpPath()
	err := s.e.LoadRDB(path, false)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return true
	}
	s.log.Logf(engine.LogWarning, "Fatal error loading the DB from %s: %v. Exiting.", path, err)
	return false
}

// listen opens the TCP and Unix sockets as Redis's initServer does,
// logging and reporting false when the server cannot start.
func (s *server) listen() bool {
	r := s.reg
	s.ln.keepAlive.Store(r.Int("tcp-keepalive"))
	s.ln.protected.Store(r.Bool("protected-mode"))
	if port := int(r.Int("port")); port != 0 {
		lns, err := s.ln.listenTCP(r.Value("bind").List, port)
		if err != nil {
			s.log.Logf(engine.LogWarning, "Failed listening on port %d (TCP), aborting.", port)
			return false
		}
		s.ln.setTCP(lns)
	}
	if path := r.String("unixsocket"); path != "" {
		if err := s.ln.listenUnix(path, r.Int("unixsocketperm")); err != nil {
			s.log.Logf(engine.LogWarning, "Failed opening Unix socket: %s", netError(err))
			return false
		}
	}
	if s.ln.tcpCount() == 0 && s.ln.unixPath == "" {
		s.log.Logf(engine.LogWarning, "Configured to not listen anywhere, exiting.")
		return false
	}
	return true
}

// applyHost applies the parameters CONFIG SET changed that this binary
// owns. It runs inside the executor.
func (s *server) applyHost(name string, v config.Value) error {
	switch name {
	case "bind", "port":
		err := s.ln.rebind(s.reg.Value("bind").List, int(s.reg.Int("port")))
		if err != nil {
			s.log.Logf(engine.LogWarning, "Failed to bind")
		}
		return err
	case "tcp-keepalive":
		s.ln.keepAlive.Store(v.Int)
	case "protected-mode":
		s.ln.protected.Store(v.Bool())
	}
	return nil
}

// writePidFile writes pidfile, when one is configured, as Redis does: a
// failure is logged, not fatal.
func (s *server) writePidFile() {
	path := s.reg.String("pidfile")
	if path == "" {
		return
	}
	if err := os.WriteFile(path, []byte(fmt.Sprintf("%d\n", os.Getpid())), 0o644); err != nil {
		s.log.Logf(engine.LogWarning, "Failed to write PID file: %s", config.Strerror(err))
	}
}

// shutdown is the engine's ShutdownHook: the end of Redis's
// finishShutdown, then exit 0. It runs inside the executor.
func (s *server) shutdown(engine.ShutdownOptions) error {
	close(s.exiting)
	if path := s.reg.String("pidfile"); path != "" {
		s.log.Logf(engine.LogNotice, "Removing the pid file.")
		os.Remove(path)
	}
	s.ln.Close()
	if s.ln.unixPath != "" {
		s.log.Logf(engine.LogNotice, "Removing the unix socket file.")
		os.Remove(s.ln.unixPath)
	}
	s.stopProfile()
	s.log.Logf(engine.LogWarning, "luakv is now ready to exit, bye bye...")
	exit(0)
	return nil
}

// handleSignals turns SIGTERM and SIGINT into a shutdown run after the
// command in flight, as Redis's signal handler and serverCron do.
func (s *server) handleSignals() {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		for sig := range sigs {
			sigint := sig == syscall.SIGINT
			if s.e.RequestShutdown(sigint) {
				s.log.Signalf(engine.LogWarning, "You insist... exiting now.")
				exit(1)
			}
			if sigint {
				s.log.Signalf(engine.LogWarning, "Received SIGINT scheduling shutdown...")
			} else {
				s.log.Signalf(engine.LogWarning, "Received SIGTERM scheduling shutdown...")
			}
			// On success the process exits inside; on failure the engine
			// logged why and the server goes on.
			go s.e.RunRequestedShutdown()
		}
	}()
}

// cron closes clients idle for longer than timeout, once a second.
func (s *server) cron() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for range t.C {
		s.e.CloseIdleClients()
	}
}

func usage(w io.Writer, prog string) {
	fmt.Fprintf(w, `Usage: %[1]s [/path/to/luakv.conf] [options] [-]
       %[1]s - (read config from stdin)
       %[1]s -v or --version
       %[1]s -h or --help

Examples:
       %[1]s (run the server with default conf)
       echo 'maxmemory 128mb' | %[1]s -
       %[1]s /etc/luakv/6379.conf
       %[1]s --port 7777
       %[1]s /etc/myluakv.conf --loglevel verbose -
       %[1]s /etc/myluakv.conf --loglevel verbose
`, prog)
}
