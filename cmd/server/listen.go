package main

import (
	"context"
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"luakv/engine"
	"luakv/engine/config"
)

// listeners is the one net.Listener the network server accepts from: it
// merges the TCP sockets of every bind address and the Unix socket, lets
// CONFIG SET bind/port replace the TCP sockets while the server runs, and
// applies what Redis applies on accept (protected mode, TCP keep-alive).
type listeners struct {
	log *logger
	e   *engine.Engine // set once the engine exists; protected mode asks it

	mu       sync.Mutex
	tcp      []net.Listener
	unix     net.Listener
	unixPath string

	conns     chan net.Conn
	done      chan struct{}
	closeOnce sync.Once

	keepAlive atomic.Int64 // tcp-keepalive, seconds; 0 off
	protected atomic.Bool  // protected-mode
}

func newListeners(log *logger) *listeners {
	return &listeners{log: log, conns: make(chan net.Conn), done: make(chan struct{})}
}

// listenTCP opens a socket on port for every address, as Redis's
// listenToPort does: "*" and "::*" are the IPv4 and IPv6 wildcards, an
// address with ':' is IPv6, a leading '-' makes an address optional (skipped
// when it is not available), and addresses of a protocol the host lacks are
// skipped. Any other failure closes what was opened and fails.
func (l *listeners) listenTCP(addrs []string, port int) ([]net.Listener, error) {
	var out []net.Listener
	lc := net.ListenConfig{KeepAlive: -1} // keep-alive is set per connection
	for _, a := range addrs {
		optional := strings.HasPrefix(a, "-")
		addr := strings.TrimPrefix(a, "-")
		network, host := "tcp4", addr
		if strings.Contains(addr, ":") {
			network = "tcp6"
		}
		switch addr {
		case "*":
			host = "0.0.0.0"
		case "::*":
			host = "::"
		}
		ln, err := lc.Listen(context.Background(), network, net.JoinHostPort(host, strconv.Itoa(port)))
		if err == nil {
			out = append(out, ln)
			continue
		}
		l.log.Logf(engine.LogWarning, "Warning: Could not create server TCP listening socket %s:%d: %s", addr, port, netError(err))
		var errno syscall.Errno
		errors.As(err, &errno)
		if errno == syscall.EADDRNOTAVAIL && optional {
			continue
		}
		switch errno {
		case syscall.ENOPROTOOPT, syscall.EPROTONOSUPPORT, syscall.ESOCKTNOSUPPORT, syscall.EPFNOSUPPORT, syscall.EAFNOSUPPORT:
			continue
		}
		for _, o := range out {
			o.Close()
		}
		return nil, err
	}
	return out, nil
}

// netError words a listen error like Redis's anet errors: "bind: Address
// already in use".
func netError(err error) string {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Syscall + ": " + config.Strerror(se.Err)
	}
	return config.Strerror(err)
}

// listenUnix opens the Unix socket at path (removing a stale file first)
// and gives it mode perm when perm is not 0.
func (l *listeners) listenUnix(path string, perm int64) error {
	os.Remove(path)
	ln, err := net.Listen("unix", path)
	if err != nil {
		return err
	}
	if perm != 0 {
		if err := os.Chmod(path, os.FileMode(perm)); err != nil {
			ln.Close()
			return err
		}
	}
	l.mu.Lock()
	l.unix, l.unixPath = ln, path
	l.mu.Unlock()
	go l.accept(ln)
	return nil
}

// setTCP closes the current TCP sockets and serves lns instead.
func (l *listeners) setTCP(lns []net.Listener) {
	l.mu.Lock()
	old := l.tcp
	l.tcp = lns
	l.mu.Unlock()
	for _, o := range old {
		o.Close()
	}
	for _, ln := range lns {
		go l.accept(ln)
	}
}

// rebind replaces the TCP sockets (CONFIG SET bind/port). As in Redis the
// old sockets close first, so the same port can be bound again; port 0
// means no TCP socket. On failure there are none; the failed CONFIG SET
// restores the old values, which rebinds the old addresses.
func (l *listeners) rebind(addrs []string, port int) error {
	l.setTCP(nil)
	if port == 0 {
		return nil
	}
	lns, err := l.listenTCP(addrs, port)
	if err != nil {
		return err
	}
	l.setTCP(lns)
	return nil
}

// tcpCount is how many TCP sockets are open.
func (l *listeners) tcpCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.tcp)
}

func (l *listeners) accept(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			l.log.Logf(engine.LogWarning, "Accepting client connection: %s", config.Strerror(err))
			time.Sleep(10 * time.Millisecond) // out of descriptors, say
			continue
		}
		select {
		case l.conns <- c:
		case <-l.done:
			c.Close()
			return
		}
	}
}

// Accept returns the next connection from any socket, after the checks
// Redis makes on accept.
func (l *listeners) Accept() (net.Conn, error) {
	for {
		select {
		case c := <-l.conns:
			if l.denied(c) {
				continue
			}
			if tc, ok := c.(*net.TCPConn); ok {
				setKeepAlive(tc, int(l.keepAlive.Load()))
			}
			return c, nil
		case <-l.done:
			return nil, net.ErrClosed
		}
	}
}

// deniedText is Redis's protected mode refusal, written raw before closing.
const deniedText = "-DENIED Redis is running in protected mode because protected " +
	"mode is enabled and no password is set for the default user. " +
	"In this mode connections are only accepted from the loopback interface. " +
	"If you want to connect from external computers to Redis you " +
	"may adopt one of the following solutions: " +
	"1) Just disable protected mode sending the command " +
	"'CONFIG SET protected-mode no' from the loopback interface " +
	"by connecting to Redis from the same host the server is " +
	"running, however MAKE SURE Redis is not publicly accessible " +
	"from internet if you do so. Use CONFIG REWRITE to make this " +
	"change permanent. " +
	"2) Alternatively you can just disable the protected mode by " +
	"editing the Redis configuration file, and setting the protected " +
	"mode option to 'no', and then restarting the server. " +
	"3) If you started the server manually just for testing, restart " +
	"it with the '--protected-mode no' option. " +
	"4) Setup a an authentication password for the default user. " +
	"NOTE: You only need to do one of the above things in order for " +
	"the server to start accepting connections from the outside.\r\n"

// denied applies protected mode: without a password, only loopback and
// Unix socket clients are served.
func (l *listeners) denied(c net.Conn) bool {
	if !l.protected.Load() || l.e == nil || l.e.PasswordRequired() {
		return false
	}
	ta, ok := c.RemoteAddr().(*net.TCPAddr)
	if !ok {
		return false // Unix socket
	}
	if ip := ta.IP.String(); ip == "127.0.0.1" || ip == "::1" {
		return false
	}
	c.Write([]byte(deniedText))
	c.Close()
	l.e.CountRejectedConnection()
	return true
}

// setKeepAlive applies tcp-keepalive as Redis's anetKeepAlive does: probes
// after secs idle, every secs/3, 3 of them; 0 turns keep-alive off.
func setKeepAlive(c *net.TCPConn, secs int) {
	if secs <= 0 {
		c.SetKeepAlive(false)
		return
	}
	interval := max(secs/3, 1)
	c.SetKeepAliveConfig(net.KeepAliveConfig{Enable: true, Idle: time.Duration(secs) * time.Second,
		Interval: time.Duration(interval) * time.Second, Count: 3})
}

// Close stops accepting on every socket.
func (l *listeners) Close() error {
	l.closeOnce.Do(func() {
		close(l.done)
		l.mu.Lock()
		for _, ln := range l.tcp {
			ln.Close()
		}
		if l.unix != nil {
			l.unix.Close()
		}
		l.mu.Unlock()
	})
	return nil
}

// Addr is the first TCP socket's address, else the Unix socket's.
func (l *listeners) Addr() net.Addr {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.tcp) > 0 {
		return l.tcp[0].Addr()
	}
	if l.unix != nil {
		return l.unix.Addr()
	}
	return &net.TCPAddr{}
}
