// Package lua is luakv's scripting layer: EVAL, EVALSHA, EVAL_RO,
// EVALSHA_RO and SCRIPT, running Lua 5.1 scripts on gopher-lua the way Redis
// 7.0 runs them.
//
// What it owns:
//   - The sandbox (vm.go): one *lua.LState, created once and reused, with
//     exactly the globals Redis exposes (base subset, string, table, math,
//     coroutine, cjson, cmsgpack, struct, bit, redis), global protection
//     (reading an undeclared global is an error, writing one is refused)
//     and library tables locked against changes.
//   - The redis.* API (api.go, call.go): redis.call and redis.pcall are
//     the engine's dispatcher in script mode (engine.ScriptCall); replies
//     reach Lua through a Writer that builds Lua values directly
//     (reply_to_lua.go), with no RESP encode and re-parse. A script's return
//     value goes back the other way (reply_from_lua.go).
//   - The script cache (cache.go): scripts sent with EVAL live in a bounded
//     LRU (hashicorp/golang-lru), those added by SCRIPT LOAD are pinned
//     until SCRIPT FLUSH. Each entry keeps the compiled function, so a call
//     compiles nothing.
//   - The commands (eval.go, script_cmd.go), bound to their rows of the
//     engine's command table by Install.
//
// Invariants: scripts run only inside the executor (a script is one command:
// nothing interleaves), so the LState is never used concurrently. KEYS and
// ARGV are rebuilt in place for each call. A Go panic inside a script is
// recovered at the executor boundary and the LState is replaced, never
// reused.
//
// It imports engine; engine does not import it.
package lua
