package engine

import (
	"slices"
	"strconv"
	"time"

	"luakv/engine/config"
)

// MONITOR: from now on, this client receives a line for every command the
// server runs (status replies, through its Outbox), as Redis's monitors
// do. Inside EXEC it is refused (the transaction wants one reply per
// command); a second MONITOR is ignored without a reply, as in Redis.
func cmdMonitor(c *Ctx) {
	cl := c.Client
	if cl.InExec {
		c.Err(ErrMonitorDenyBlocking)
		return
	}
	if cl.monitor {
		return
	}
	cl.monitor = true
	c.E.monitors = append(c.E.monitors, cl)
	c.E.EnableOutbox(cl)
	c.OK()
}

// stopMonitor takes cl off the monitors (RESET, disconnection).
func (e *Engine) stopMonitor(cl *Client) {
	if !cl.monitor {
		return
	}
	cl.monitor = false
	e.monitors = slices.DeleteFunc(e.monitors, func(m *Client) bool { return m == cl })
}

// feedMonitors sends the command cl just ran to every monitor, as Redis's
// replicationFeedMonitors does after call(): a time stamp, the database the
// client is in now and where the command came from ("lua" for a script),
// then each argument quoted. A monitor that ran the command itself gets the
// line through w, after the command's reply, as Redis appends both to its
// output in that order. Call only when there are monitors.
func (e *Engine) feedMonitors(cl *Client, w Writer, args [][]byte) {
	now := time.Now()
	b := e.monitorBuf[:0]
	b = append(b, '+')
	b = strconv.AppendInt(b, now.Unix(), 10)
	b = append(b, '.')
	usec := now.Nanosecond() / 1000
	for d := 100000; d > 1 && usec < d; d /= 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(usec), 10)
	b = append(b, " ["...)
	b = strconv.AppendInt(b, int64(cl.DB), 10)
	b = append(b, ' ')
	if cl.ScriptClient {
		b = append(b, "lua"...)
	} else {
		b = append(b, cl.Addr...)
	}
	b = append(b, "] "...)
	for i, a := range args {
		if i > 0 {
			b = append(b, ' ')
		}
		b = config.AppendRepr(b, a)
	}
	b = append(b, "\r\n"...)
	for _, m := range e.monitors {
		if m.killed {
			continue
		}
		if m == cl {
			w.WriteStatus(string(b[1 : len(b)-2]))
			continue
		}
		m.Out.Append(b)
		// Redis counts a monitor as a replica: the replica class of
		// client-output-buffer-limit bounds what a slow one queues.
		e.checkObuf(m, ObufReplica, &m.monitorSoftSince, false)
	}
	e.monitorBuf = b
}

// monitorCron re-checks the monitors' output buffer limits, so that one over
// the soft limit is closed once its time is up even when no command runs.
func (e *Engine) monitorCron() {
	for _, m := range e.monitors {
		if !m.killed {
			e.checkObuf(m, ObufReplica, &m.monitorSoftSince, true)
		}
	}
}

// FeedMonitors sends the running command to the monitors now, for a
// command whose row skips them after the call because it shows itself
// first (EVAL, before the commands its script runs).
func (c *Ctx) FeedMonitors() {
	if len(c.E.monitors) > 0 {
		c.E.feedMonitors(c.Client, c.Writer, c.Args)
	}
}
