package lua

import "luakv/engine"

// Texts scripts see from the redis.* API and the sandbox, as Redis 7.0
// words them (script_lua.c, eval.c). The command-level texts (NOSCRIPT,
// numkeys, shebang ...) live with the engine's in engine/errors.go.
const (
	errNoArgs          = "Please specify at least one argument for this redis lib call"
	errArgType         = "Lua redis lib command arguments must be strings or integers"
	errWrongNumber     = "wrong number of arguments"
	errWrongNumberType = "wrong number or type of arguments"
	errLogArgs         = "redis.log() requires two arguments or more."
	errLogLevelType    = "First argument must be a number (log level)."
	errLogLevel        = "Invalid debug level."
	errSetRespArgs     = "redis.setresp() requires one argument."
	errSetRespVersion  = "RESP version must be 2 or 3."
	errSetReplArgs     = "redis.set_repl() requires two arguments."
	errSetReplFlags    = "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE."
	errACLCheckCommand = "Invalid command passed to redis.acl_check_cmd()"
	errNonexistentVar  = "Script attempted to access nonexistent global variable '%s'"
	errKilled          = "Script killed by user with SCRIPT KILL..."
	errShutdown        = "Script stopped: the server is shutting down"
	// errUnknown replaces the message of an error object that carries
	// none (error({})): Redis 7.0 crashed on it; later versions answer so.
	errUnknown = "ERR unknown error"

	// fieldIgnoreStats marks an error table whose error was already counted
	// in errorstats (a command's own error reply), so the script's error
	// built from it is not counted twice.
	fieldIgnoreStats = "ignore_error_stats_update"
)

// errStackLimit ends a script reply nested deeper than Redis's Lua stack
// allows.
const errStackLimit engine.Error = "ERR reached lua stack limit"
