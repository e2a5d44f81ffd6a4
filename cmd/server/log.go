package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// logger writes redis-server style lines: "pid:M 25 Nov 2026 17:36:05.123 * msg".
type logger struct {
	mu    sync.Mutex
	w     io.Writer
	level int
	pid   int
}

func newLogger(w io.Writer, level int) *logger {
	return &logger{w: w, level: level, pid: os.Getpid()}
}

// levelMarks are redis-server's per-level marks: debug, verbose, notice, warning.
const levelMarks = ".-*#"

func (l *logger) Logf(level int, format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if level < l.level {
		return
	}
	now := time.Now()
	fmt.Fprintf(l.w, "%d:M %s.%03d %c %s\n", l.pid, now.Format("02 Jan 2006 15:04:05"), now.Nanosecond()/1e6, levelMarks[level], fmt.Sprintf(format, args...))
}

func (l *logger) SetLevel(level int) {
	l.mu.Lock()
	l.level = level
	l.mu.Unlock()
}
