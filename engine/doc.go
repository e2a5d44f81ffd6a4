// Package engine holds Redis semantics shared by every front end: the command
// table, the dispatcher, the serialized executor, the keyspace and the command
// handlers.
//
// # The one idea
//
// Every command, whether it arrives from a socket, from an EXEC queue or from
// redis.call inside a script, goes through Dispatch: lookup in the command
// table, arity, gates that read the command's flags, then the handler, run
// while the executor's single mutex is held. Only the executor creates a *Ctx,
// so holding one proves the caller is inside the critical section.
//
// # Invariants
//
//   - The command table (commands.go) is the one source of truth for names,
//     arity, flags, key positions and ACL categories. No gate switches on a
//     command name.
//   - Every mutation of the keyspace goes through DB methods that call the
//     key-modified hook (Engine.OnTouch), including expiry, FLUSHDB, FLUSHALL,
//     SWAPDB, MOVE and RENAME. The exceptions are Redis's own: loading an RDB
//     file (rdb_load.go) adds keys silently, and a stream's consumer-group
//     bookkeeping and XSETID change the value without touching the key
//     (cmd_stream.go), so they do not fail a WATCH.
//   - Every client-visible text lives once in errors.go.
//   - Handlers never lock, never block and never do I/O; they write replies
//     through the Writer held by their Ctx. SAVE, DEBUG RELOAD and a
//     SHUTDOWN or FLUSHALL that saves are the exceptions Redis makes too:
//     they write or read the RDB file (package rdb has the format) while
//     every client waits.
//
// # Values
//
// Strings are stored inline in the key's dict entry (no boxing), so a string
// key costs one entry allocation plus its key and value bytes. OBJECT ENCODING
// is derived the way Redis 7 derives it: "int" for strings that round-trip as
// a 64-bit integer, "embstr" up to 44 bytes, "raw" otherwise or after an
// in-place modification (APPEND, SETRANGE, SETBIT). Streams keep Redis's
// own layout, listpacks byte for byte (t_stream.go, listpack.go), because
// it is observable (approximate trimming, XINFO, MEMORY USAGE, the dump).
//
// # Imports
//
// engine imports neither txn, lua, nor any network package; those plug in
// through the hooks on Engine and the Command table's Proc fields.
package engine
