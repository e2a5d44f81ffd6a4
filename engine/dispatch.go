package engine

// Reject is why the dispatcher refused a command. Callers word it for their
// context, because Redis's texts differ between the network and scripts.
type Reject uint8

// Rejections.
const (
	RejectNone Reject = iota
	RejectUnknown
	RejectUnknownSub
	RejectArity
	RejectNoAuth
	RejectProtected
	RejectPubSubContext
	RejectNoMulti
	RejectOOM
	RejectNoReplicas
	RejectDiskError
	RejectReplicaKeyspace
)

// Resolve looks up args's command (and subcommand) without allocating and
// checks its arity. The command is returned whenever it was found, so that
// rejected_calls can be counted against it.
func (e *Engine) Resolve(args [][]byte) (*Command, Reject) {
	cmd := e.table.Lookup(args[0])
	if cmd == nil || cmd.Proc == nil && cmd.Sub == nil {
		// A row without a handler is a command luakv does not serve yet.
		return nil, RejectUnknown
	}
	if cmd.Sub != nil && len(args) >= 2 {
		sub := e.table.LookupSub(cmd, args[1])
		if sub == nil || sub.Proc == nil {
			return cmd, RejectUnknownSub
		}
		cmd = sub
	}
	if !arityOK(cmd.Arity, len(args)) {
		return cmd, RejectArity
	}
	return cmd, RejectNone
}

func arityOK(arity, argc int) bool {
	if arity >= 0 {
		return argc == arity
	}
	return argc >= -arity
}

// gate applies the flag-driven checks of Redis's processCommand, in its
// order, to a command that resolved.
func (e *Engine) gate(cl *Client, cmd *Command, args [][]byte) Reject {
	if cmd.Flags&Protected != 0 && !e.Config.EnableDebugCommand {
		return RejectProtected
	}
	if !cl.Authed.Load() && e.passRequired.Load() && cmd.Flags&NoAuth == 0 {
		return RejectNoAuth
	}
	// no-multi commands are refused while the client queues a transaction
	// (the refusal also flags it, so EXEC aborts).
	if cmd.Flags&NoMulti != 0 && e.Txn != nil && e.Txn.InMulti(cl) {
		return RejectNoMulti
	}
	// Over maxmemory, what may grow memory is refused (maxmemory.go).
	// Without a limit this costs one comparison.
	if e.Config.MaxMemory != 0 && e.oomRefuses(cl, cmd, args) {
		return RejectOOM
	}
	// While the last background save failed, with save points and
	// stop-writes-on-bgsave-error, writes and PING are refused
	// (rdb_bgsave.go).
	if e.DiskErrorDeniesWrites() &&
		(cmd.Flags&HealthCheck != 0 || e.callFlags(cl, cmd, args)&Write != 0) {
		return RejectDiskError
	}
	// Writes need min-replicas-to-write good replicas (replicas.go).
	if e.Config.MinReplicasToWrite != 0 && e.noReplicasRefuses(cl, cmd, args) {
		return RejectNoReplicas
	}
	if cl.Proto == 2 && cl.Subscriptions > 0 && cmd.Flags&SubscribedOK == 0 {
		return RejectPubSubContext
	}
	// A monitor is a replica to Redis, and replicas may not touch the
	// keyspace.
	if cl.monitor && e.callFlags(cl, cmd, args)&(ReadOnly|Write|MayReplicate) != 0 {
		return RejectReplicaKeyspace
	}
	return RejectNone
}

// NetworkError words a rejection as Redis replies to a network client.
func (e *Engine) NetworkError(rej Reject, cmd *Command, args [][]byte) Error {
	switch rej {
	case RejectUnknown:
		return ErrUnknownCommand(args)
	case RejectUnknownSub:
		return ErrUnknownSubcommand(args[1], args[0])
	case RejectArity:
		return ErrWrongArgs(cmd.Name)
	case RejectNoAuth:
		return ErrNoAuth
	case RejectProtected:
		return ErrProtectedCommand(cmd.Name)
	case RejectPubSubContext:
		return ErrPubSubContext(cmd.Name)
	case RejectNoMulti:
		return ErrNotAllowedInMulti
	case RejectNoReplicas:
		return ErrNoReplicas
	case RejectDiskError:
		return ErrMisconf
	case RejectReplicaKeyspace:
		return ErrReplicaKeyspace
	case RejectOOM:
		return ErrOOM
	}
	return ErrInternal
}
