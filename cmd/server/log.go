package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"time"
)

// logger writes redis-server style lines:
//
//	pid:M 25 Nov 2026 17:36:05.123 * message
//
// The role letter is C until the server is initialized, then M; the mark
// is the level's (. debug, - verbose, * notice, # warning). With a log file
// every line opens it in append mode, as Redis does, so the file can be
// rotated by renaming it.
type logger struct {
	mu    sync.Mutex
	w     io.Writer // where lines go without a log file
	file  string    // logfile; "" for w
	level int
	pid   int
	role  byte
}

func newLogger(w io.Writer, level int) *logger {
	return &logger{w: w, level: level, pid: os.Getpid(), role: 'C'}
}

// levelMarks are redis-server's per-level marks: debug, verbose, notice, warning.
const levelMarks = ".-*#"

// Logf writes a line at level unless the level is below loglevel.
func (l *logger) Logf(level int, format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if level < l.level {
		return
	}
	now := time.Now()
	line := fmt.Sprintf("%d:%c %s.%03d %c %s\n", l.pid, l.role, now.Format("02 Jan 2006 15:04:05"),
		now.Nanosecond()/1e6, levelMarks[level], fmt.Sprintf(format, args...))
	l.write(line)
}

// Signalf writes a line the way Redis's signal handlers log:
// "pid:signal-handler (unix time) message".
func (l *logger) Signalf(level int, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if level < l.level {
		return
	}
	l.write(strconv.Itoa(l.pid) + ":signal-handler (" + strconv.FormatInt(time.Now().Unix(), 10) + ") " + msg + "\n")
}

func (l *logger) write(line string) {
	if l.file == "" {
		io.WriteString(l.w, line)
		return
	}
	f, err := os.OpenFile(l.file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return // nowhere to say it; Redis drops the line too
	}
	f.WriteString(line)
	f.Close()
}

// SetLevel changes loglevel (CONFIG SET loglevel calls it).
func (l *logger) SetLevel(level int) {
	l.mu.Lock()
	l.level = level
	l.mu.Unlock()
}

// setFile sends the lines to path ("" for the writer given at creation).
func (l *logger) setFile(path string) {
	l.mu.Lock()
	l.file = path
	l.mu.Unlock()
}

// setRole changes the role letter (C before initialization, M after).
func (l *logger) setRole(r byte) {
	l.mu.Lock()
	l.role = r
	l.mu.Unlock()
}
