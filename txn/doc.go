// Package txn implements Redis 7.0's transactions: MULTI, EXEC, DISCARD,
// WATCH and UNWATCH, on the engine's shared executor.
//
// Install binds the handlers to the engine's command table and plugs the
// MULTI queue into the dispatcher (engine.Engine.Txn). The dispatcher keeps
// doing everything that is not the queue itself: lookup, arity and the
// flag-driven gates (no-multi commands included) run before a command is
// queued, and a refusal marks the transaction failed (Reject), so that EXEC
// answers EXECABORT, as Redis's rejectCommand does.
//
// # Semantics kept from Redis
//
//   - Queued commands are copied and answered +QUEUED; once the transaction
//     is doomed (a refusal, or a watched key changed) they are still
//     answered +QUEUED but no longer stored.
//   - EXEC runs the queue with Engine.Call while it holds the executor, so
//     nothing interleaves. Each command's reply, errors included, fills its
//     slot of the EXEC array; nothing is rolled back. Blocking commands act
//     as their non-blocking forms (Client.NoBlock). The queued commands are
//     counted in commandstats when they run; their effects propagate as one
//     MULTI ... EXEC unit (engine/propagate.go).
//   - WATCH marks (database, key) pairs. Any modification of a watched key
//     (by anyone, this client included, expiry, FLUSHDB, FLUSHALL, SWAPDB,
//     MOVE, RENAME, scripts ...) makes the next EXEC reply a null array. A
//     key that was already expired when watched is the exception, as in
//     Redis 7.0: its reclaiming, or a flush that drops it, is no change. A
//     watched key that expires (logically) between WATCH and EXEC also
//     fails EXEC. EXEC, DISCARD, UNWATCH, RESET and disconnecting unwatch.
//
// # Cost
//
// The watch registry maps each database's watched keys to their watchers,
// in WATCH order, so a key modification costs a counter test when nothing
// is watched and a map lookup plus the key's watchers otherwise. A client's
// queue keeps its argument storage from one transaction to the next, so a
// steady MULTI/EXEC loop does not allocate per queued command.
package txn
