package engine

// Stats are the server-wide counters INFO stats reports.
type Stats struct {
	CommandsProcessed     int64
	ConnectionsReceived   int64
	RejectedConnections   int64
	ExpiredKeys           int64
	ExpiredStalePerc      float64
	ExpiredTimeCapReached int64
	EvictedKeys           int64
	KeyspaceHits          int64
	KeyspaceMisses        int64
	ErrorReplies          int64
	NetInputBytes         int64
	NetOutputBytes        int64
	Dirty                 int64 // changes since the last save
	ErrorCodes            map[string]int64
}

// CommandStats are one command's counters (INFO commandstats).
type CommandStats struct {
	Calls, Usec, RejectedCalls, FailedCalls int64
}

// maxErrorCodes bounds distinct errorstats entries, as Redis's
// ERRORSTATS_LIMIT does, so clients can't grow the table without limit.
const maxErrorCodes = 128

// countError records an error reply in errorstats.
func (e *Engine) countError(code string) {
	e.stats.ErrorReplies++
	if e.stats.ErrorCodes == nil {
		e.stats.ErrorCodes = map[string]int64{}
	}
	if _, ok := e.stats.ErrorCodes[code]; !ok && len(e.stats.ErrorCodes) >= maxErrorCodes {
		return
	}
	e.stats.ErrorCodes[code]++
}

// Stats returns a copy of the server counters. Call inside the executor.
func (e *Engine) Stats() Stats { return e.stats }

// CommandStatsOf returns cmd's counters.
func (e *Engine) CommandStatsOf(cmd *Command) CommandStats { return e.cmdStats[cmd.id] }

// ResetStats clears the counters CONFIG RESETSTAT clears.
func (e *Engine) ResetStats() {
	keep := e.stats.Dirty
	e.stats = Stats{Dirty: keep}
	for i := range e.cmdStats {
		e.cmdStats[i] = CommandStats{}
	}
	e.resetEvictionExceeded()
}

// AddNetIO adds network byte counts (the network layer calls it).
func (e *Engine) AddNetIO(in, out int64) {
	e.stats.NetInputBytes += in
	e.stats.NetOutputBytes += out
}
