package engine

// min-replicas-to-write: Redis refuses writes while fewer than that many
// replicas are connected with a lag under min-replicas-max-lag. luakv has no
// replication, so it never has a good replica: a minimum above zero refuses
// every write, as a Redis master without replicas does.

// EnoughReplicas reports whether writes may proceed (Redis's
// checkGoodReplicasStatus).
func (e *Engine) EnoughReplicas() bool {
	return e.Config.MinReplicasToWrite == 0 || e.Config.MinReplicasMaxLag == 0
}

// noReplicasRefuses is the gate for a client's command: a write (by its
// gate flags, or an EXEC queueing one) while EnoughReplicas is false.
func (e *Engine) noReplicasRefuses(cl *Client, cmd *Command, args [][]byte) bool {
	if e.EnoughReplicas() {
		return false
	}
	return e.callFlags(cl, cmd, args)&Write != 0
}
