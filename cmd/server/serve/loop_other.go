//go:build !linux

package serve

import (
	"errors"
	"syscall"
)

// netLoop is Linux's epoll loop (loop_linux.go); elsewhere every
// connection is served from its own goroutine.
type netLoop struct{}

type loopState struct{}

func startNetLoop(*Server) *netLoop { return nil }

func (l *netLoop) adopt(*conn) {}

func (l *netLoop) add(*conn) bool { return false }

func (c *conn) leaveLoop() {}

func (c *conn) shutdownRaw() bool { return false }

func (c *conn) closeRaw() {}

func (l *netLoop) stop() {}

// shutdownSocket is not used without the loop: a killed connection is
// closed.
func shutdownSocket(syscall.RawConn) error { return errors.New("unsupported") }
