// Package serve is luakv's network layer: it accepts connections, parses
// RESP requests (Reader) into batches that run under one acquisition of the
// engine's executor, and sends the replies.
//
// On Linux one goroutine serves every connection in plain request/reply
// use from an epoll set (netLoop, loop_linux.go), as Redis's event loop
// does: one read per readiness event, one write per batch of replies. A
// connection that must wait on something else than its socket (a blocking
// command parked it, it subscribed and has an outbox, or a busy script
// holds the executor) moves to a goroutine of its own (conn.serveDetached)
// and stays there. Elsewhere every connection has its own goroutine.
package serve
