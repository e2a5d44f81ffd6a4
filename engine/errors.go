package engine

import "strings"

// Error is a client-visible error: the full text with its code, exactly as
// Redis 7 writes it (without the leading '-').
type Error string

func (e Error) Error() string { return string(e) }

// Code is the error's first word (ERR, WRONGTYPE, ...), as errorstats counts
// it: Redis looks for the space within the first 32 bytes and falls back to
// ERR.
func (e Error) Code() string { return ErrorCode(string(e)) }

// ErrorCode returns the errorstats code of an error text.
func ErrorCode(s string) string {
	n := min(len(s), 31)
	if i := strings.IndexByte(s[:n], ' '); i > 0 {
		return s[:i]
	}
	return "ERR"
}

// Persistence errors.
const (
	// ErrSaveFailed is SAVE's reply when writing the file fails: Redis's
	// bare "-ERR" (the reason goes to the log).
	ErrSaveFailed          Error = "ERR"
	ErrLoadDump            Error = "ERR Error trying to load the RDB dump"
	ErrMonitorDenyBlocking Error = "ERR MONITOR isn't allowed for DENY BLOCKING client"
	ErrReplicaKeyspace     Error = "ERR Replica can't interact with the keyspace"
	ErrBGSaveInProgress    Error = "ERR Background save already in progress"
	ErrDebugReloadOption   Error = "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."
)

// General errors.
const (
	ErrSyntax           Error = "ERR syntax error"
	ErrNotInteger       Error = "ERR value is not an integer or out of range"
	ErrNotFloat         Error = "ERR value is not a valid float"
	ErrWrongType        Error = "WRONGTYPE Operation against a key holding the wrong kind of value"
	ErrNoSuchKey        Error = "ERR no such key"
	ErrOverflow         Error = "ERR increment or decrement would overflow"
	ErrIncrNaNInf       Error = "ERR increment would produce NaN or Infinity"
	ErrDBIndex          Error = "ERR DB index is out of range"
	ErrInvalidDBIndex   Error = "ERR invalid DB index"
	ErrNoAuth           Error = "NOAUTH Authentication required."
	ErrWrongPass        Error = "WRONGPASS invalid username-password pair or user is disabled."
	ErrAuthNoPassword   Error = "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"
	ErrMaxClients       Error = "ERR max number of clients reached"
	ErrStringTooLong    Error = "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
	ErrOffsetOutOfRange Error = "ERR offset is out of range"
	ErrBitOffset        Error = "ERR bit offset is not an integer or out of range"
	ErrBitValue         Error = "ERR bit is not an integer or out of range"
	ErrTimeout          Error = "ERR timeout is not an integer or out of range"
	ErrInternal         Error = "ERR internal error while executing the command"
	ErrSameObject       Error = "ERR source and destination objects are the same"
	ErrNoProto          Error = "NOPROTO unsupported protocol version"
	ErrProtoVersion     Error = "ERR Protocol version is not an integer or out of range"
	ErrPositiveInteger  Error = "ERR value is out of range, must be positive"
)

// ErrUnknownCommand is Redis's reply to an unknown command name. Like Redis's
// "%.128s" formatting, each echoed argument stops at a NUL byte, and the
// argument list stops once it reaches 128 bytes.
func ErrUnknownCommand(args [][]byte) Error {
	var list strings.Builder
	for i := 1; i < len(args) && list.Len() < 128; i++ {
		room := 128 - list.Len() // measured before the quote, as Redis does
		list.WriteByte('\'')
		list.WriteString(cstr(args[i], room))
		list.WriteString("' ")
	}
	return Error(sanitize("ERR unknown command '" + cstr(args[0], 128) + "', with args beginning with: " + list.String()))
}

// ErrUnknownSubcommand is the reply to an unknown subcommand of a container
// command; parent is the container's name as the client typed it.
func ErrUnknownSubcommand(sub, parent []byte) Error {
	return Error(sanitize("ERR unknown subcommand '" + cstr(sub, 128) + "'. Try " + strings.ToUpper(cstr(parent, 1<<20)) + " HELP."))
}

// ErrWrongArgs is the reply to a command called with the wrong arity.
func ErrWrongArgs(name string) Error {
	return Error("ERR wrong number of arguments for '" + name + "' command")
}

// ErrInvalidExpireIn is the invalid-expire error for the named command.
func ErrInvalidExpireIn(name string) Error {
	return Error("ERR invalid expire time in '" + name + "' command")
}

// cstr returns b as C's "%.*s" would print it: up to the first NUL byte, at
// most n bytes.
func cstr(b []byte, n int) string {
	for i, c := range b {
		if c == 0 {
			b = b[:i]
			break
		}
	}
	if len(b) > n {
		b = b[:n]
	}
	return string(b)
}

// sanitize replaces CR and LF so echoed input can't break the reply framing.
func sanitize(s string) string {
	if strings.IndexAny(s, "\r\n") < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
}

// ErrPanic answers a command whose handler panicked; the stack is in the log.
func ErrPanic(name string) Error {
	return Error("ERR internal error while running '" + name + "' (see the server log)")
}

// ErrProtectedCommand refuses DEBUG (or MODULE) while enable-debug-command
// does not allow it.
func ErrProtectedCommand(name string) Error {
	up := strings.ToUpper(name)
	return Error("ERR " + up + " command not allowed. If the enable-" + name + "-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.")
}

// ErrPubSubContext refuses a command in RESP2 subscribed mode.
func ErrPubSubContext(name string) Error {
	return Error("ERR Can't execute '" + name + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context")
}

// COMMAND (cmd_command.go, keys.go).
const (
	ErrInvalidCommandSpecified Error = "ERR Invalid command specified"
	ErrCommandNoKeys           Error = "ERR The command has no key arguments"
	ErrGetKeysArity            Error = "ERR Invalid number of arguments specified for command"
	ErrGetKeysInvalidArgs      Error = "ERR Invalid arguments specified for command"
)

// Connection errors.
const (
	ErrClientName        Error = "ERR Client names cannot contain spaces, newlines or special characters."
	ErrHelloNoAuth       Error = "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"
	ErrNoSuchClient      Error = "ERR No such client"
	ErrInvalidClientID   Error = "ERR Invalid client ID"
	ErrClientIDPositive  Error = "ERR client-id should be greater than 0"
	ErrValueNotInt32Span Error = "ERR value is out of range, value must between -2147483648 and 2147483647"
)

// ErrHelloOption rejects an unknown (or incomplete) HELLO option.
func ErrHelloOption(opt []byte) Error {
	return Error(sanitize("ERR Syntax error in HELLO option '" + cstr(opt, len(opt)) + "'"))
}

// ErrUnknownClientType rejects CLIENT LIST/KILL TYPE with a bad name.
func ErrUnknownClientType(name []byte) Error {
	return Error(sanitize("ERR Unknown client type '" + cstr(name, len(name)) + "'"))
}

// ErrNoSuchUser rejects CLIENT KILL USER naming an unknown user.
func ErrNoSuchUser(name []byte) Error {
	return Error(sanitize("ERR No such user '" + cstr(name, len(name)) + "'"))
}

// Server command errors.
const (
	ErrInvalidFirstDBIndex  Error = "ERR invalid first DB index"
	ErrInvalidSecondDBIndex Error = "ERR invalid second DB index"
)

// ErrUnknownSubcommandOrArgs is Redis's reply to a subcommand that a
// command without a subcommand table (DEBUG) does not know, or that got the
// wrong number of arguments. As Redis's "%.128s", the echoed subcommand
// stops at a NUL byte and at 128 bytes.
func ErrUnknownSubcommandOrArgs(sub, cmd []byte) Error {
	return Error(sanitize("ERR unknown subcommand or wrong number of arguments for '" + cstr(sub, 128) + "'. Try " + strings.ToUpper(cstr(cmd, 1<<20)) + " HELP."))
}

// String and bitmap errors.
const (
	ErrDecrOverflow      Error = "ERR decrement would overflow"
	ErrLCSNotString      Error = "ERR The specified keys must contain string values"
	ErrLCSLenAndIdx      Error = "ERR If you want both the length and indexes, please just use IDX."
	ErrLCSTooLong        Error = "ERR String too long for LCS"
	ErrLCSMemoryLimit    Error = "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"
	ErrBitopNotSingle    Error = "ERR BITOP NOT must be called with a single source key."
	ErrBitArgument       Error = "ERR The bit argument must be 1 or 0."
	ErrBitfieldType      Error = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."
	ErrBitfieldOverflow  Error = "ERR Invalid OVERFLOW type specified"
	ErrBitfieldROGetOnly Error = "ERR BITFIELD_RO only supports the GET subcommand"
)

// Keyspace errors.
const (
	ErrInvalidCursor     Error = "ERR invalid cursor"
	ErrExpireNXConflict  Error = "ERR NX and XX, GT or LT options at the same time are not compatible"
	ErrExpireGTLT        Error = "ERR GT and LT options at the same time are not compatible"
	ErrIntRange32        Error = "ERR value is out of range, value must between -2147483648 and 2147483647"
	ErrUnknownTypeObject Error = "ERR unknown type object"
	ErrLFUNotSelected    Error = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
	ErrLFUSelected       Error = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
)

// ErrUnsupportedOption rejects an unknown EXPIRE-family option, echoing it
// as C's "%s" would (up to a NUL byte).
func ErrUnsupportedOption(opt []byte) Error {
	return Error(sanitize("ERR Unsupported option " + cstr(opt, len(opt))))
}

// Configuration (CONFIG, SHUTDOWN).
const (
	ErrNoConfigFile   Error = "ERR The server is running without a config file"
	ErrShutdownFailed Error = "ERR Errors trying to SHUTDOWN. Check logs."
	ErrNoShutdown     Error = "ERR No shutdown in progress."
)

// ErrConfigSet is CONFIG SET's failure reply.
func ErrConfigSet(e error) Error { return Error(sanitize("ERR " + e.Error())) }

// ErrConfigRewrite is CONFIG REWRITE's failure reply; reason is strerror's.
func ErrConfigRewrite(reason string) Error { return Error("ERR Rewriting config file: " + reason) }

// Reasons CONFIG SET and the config file loader give after "CONFIG SET
// failed (possibly related to argument 'x') - " or under the fatal config
// error banner. The generic ones (bounds, yes/no, enums) are in
// engine/config.
const (
	reasonWrongArgs          = "wrong number of arguments"
	reasonTooManyBind        = "Too many bind addresses specified."
	reasonReplicaof          = "luakv has no replication: replicaof must be 'no one'"
	reasonSaveParams         = "Invalid save parameters"
	reasonNotifyClass        = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."
	reasonObufArgs           = "Wrong number of arguments in buffer limit configuration."
	reasonObufClass          = "Invalid client class specified in buffer limit configuration."
	reasonObufValues         = "Error in hard, soft or soft_seconds setting in buffer limit configuration."
	reasonOOMValues          = "Invalid oom-score-adj-values, elements must be between -2000 and 2000."
	reasonOctal              = "argument couldn't be parsed as an octal number"
	reasonOctalBounds        = "argument must be between 0 and 777 inclusive"
	reasonShutdownSaveNoSave = "shutdown options SAVE and NOSAVE can't be used simultaneously"
	reasonProcTitle          = "template format is invalid or contains unknown variables"
	reasonDBFilenamePath     = "dbfilename can't be a path, just a filename"
	reasonAOFNameEmpty       = "appendfilename can't be empty"
	reasonAOFNamePath        = "appendfilename can't be a path, just a filename"
	reasonAOFDirEmpty        = "appenddirname can't be empty"
	reasonAOFDirPath         = "appenddirname can't be a path, just a dirname"
	reasonPort               = "Unable to listen on this port. Check server logs."
	reasonBind               = "Failed to bind to specified addresses."
	// luakv's own: features it lacks, refused rather than ignored.
	reasonDaemonize  = "luakv does not fork: daemonize must be 'no' (run it under a supervisor instead)"
	reasonAppendOnly = "luakv has no append only file yet: appendonly must be 'no'"
)

// Scripting errors.
const (
	ErrFunctionFlushOption Error = "ERR FUNCTION FLUSH only supports SYNC|ASYNC option"
)

// Hash errors (cmd_hash.go).
const (
	ErrHashValueNotInteger Error = "ERR hash value is not an integer"
	ErrHashValueNotFloat   Error = "ERR hash value is not a float"
	ErrIncrNaNOrInfinity   Error = "ERR value is NaN or Infinity"
	ErrValueOutOfRange     Error = "ERR value is out of range"
	ErrLongOutOfRange      Error = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
)

// Key-count and LIMIT errors of SINTERCARD (and, in Redis, ZINTERCARD and
// the other numkeys commands).
const (
	ErrNumkeysPositive Error = "ERR numkeys should be greater than 0"
	ErrNumkeysTooMany  Error = "ERR Number of keys can't be greater than number of args"
	ErrLimitNegative   Error = "ERR LIMIT can't be negative"
)

// Transactions (MULTI, EXEC, DISCARD, WATCH; package txn and the no-multi
// gate).
const (
	ErrMultiNested         Error = "ERR MULTI calls can not be nested"
	ErrExecWithoutMulti    Error = "ERR EXEC without MULTI"
	ErrDiscardWithoutMulti Error = "ERR DISCARD without MULTI"
	ErrWatchInMulti        Error = "ERR WATCH inside MULTI is not allowed"
	ErrNotAllowedInMulti   Error = "ERR Command not allowed inside a transaction"
	ErrExecAbort           Error = "EXECABORT Transaction discarded because of previous errors."
)

// ErrExecAbortBecause is the reply to an EXEC the dispatcher refused: the
// transaction is discarded and the refusal is quoted. Redis quotes the
// texts its gates build without a code (arity, pub/sub context ...), so
// their "ERR " is dropped, while coded ones (NOAUTH, OOM ...) keep theirs.
func ErrExecAbortBecause(err Error) Error {
	return "EXECABORT Transaction discarded because of: " + Error(strings.TrimPrefix(string(err), "ERR "))
}

// List errors (cmd_list.go). The numkeys and count texts are the ones
// Redis's other multi-key pops (ZMPOP, BLMPOP, BZMPOP) give too.
const (
	ErrIndexOutOfRange    Error = "ERR index out of range"
	ErrLPosRankZero       Error = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"
	ErrLPosCountNegative  Error = "ERR COUNT can't be negative"
	ErrLPosMaxlenNegative Error = "ERR MAXLEN can't be negative"
	ErrCountPositive      Error = "ERR count should be greater than 0"
	// ErrListPackedThreshold is DEBUG QUICKLIST-PACKED-THRESHOLD's reply
	// to a bad size (see SetListPackedThreshold).
	ErrListPackedThreshold Error = "ERR argument must be a memory value bigger than 1 and smaller than 4gb"
)

// Sorted set errors (cmd_zset*.go).
const (
	ErrZAddXXNX            Error = "ERR XX and NX options at the same time are not compatible"
	ErrZAddGTLTNX          Error = "ERR GT, LT, and/or NX options at the same time are not compatible"
	ErrZAddIncrPair        Error = "ERR INCR option supports a single increment-element pair"
	ErrZScoreNaN           Error = "ERR resulting score is not a number (NaN)"
	ErrZMinMaxNotFloat     Error = "ERR min or max is not a float"
	ErrZMinMaxNotLex       Error = "ERR min or max not valid string range item"
	ErrZRangeLimit         Error = "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"
	ErrZRangeLexWithScores Error = "ERR syntax error, WITHSCORES not supported in combination with BYLEX"
	ErrWeightNotFloat      Error = "ERR weight value is not a float"
)

// ErrAtLeastOneKey refuses a set-algebra command (ZUNION, SINTERCARD...)
// given no input key.
func ErrAtLeastOneKey(name string) Error {
	return Error("ERR at least 1 input key is needed for '" + name + "' command")
}

// Blocking list commands and CLIENT UNBLOCK (cmd_list_blocking.go,
// cmd_client_unblock.go).
const (
	ErrTimeoutFloat    Error = "ERR timeout is not a float or out of range"
	ErrTimeoutNegative Error = "ERR timeout is negative"
	ErrUnblockReason   Error = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"
	// ErrUnblocked is what a parked command replies when CLIENT UNBLOCK
	// ... ERROR ends it.
	ErrUnblocked Error = "UNBLOCKED client unblocked via CLIENT UNBLOCK"
)

// Scripting: the dispatcher in script mode (script.go) and the EVAL and
// SCRIPT commands (package lua).
const (
	ErrScriptWrongArgs      Error = "ERR Wrong number of args calling Redis command from script"
	ErrScriptUnknownCommand Error = "ERR Unknown Redis command called from script"
	ErrScriptNotAllowed     Error = "ERR This Redis command is not allowed from script"
	ErrScriptReadOnly       Error = "ERR Write commands are not allowed from read-only scripts."
	ErrNoScript             Error = "NOSCRIPT No matching script. Please use EVAL."
	ErrNumKeysTooMany       Error = "ERR Number of keys can't be greater than number of args"
	ErrNumKeysNegative      Error = "ERR Number of keys can't be negative"
	ErrScriptFlushOption    Error = "ERR SCRIPT FLUSH only support SYNC|ASYNC option"
	ErrNotBusy              Error = "NOTBUSY No scripts in execution right now."
	ErrUnkillable           Error = "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command."
	ErrBusy                 Error = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."
	ErrScriptWriteInRO      Error = "ERR Can not execute a script with write flag using *_ro command."
	ErrShebangInvalid       Error = "ERR Invalid script shebang"
	ErrShebangNoEngine      Error = "ERR Invalid engine in script shebang"
)

// ErrShebangEngine refuses a shebang naming an engine other than lua.
func ErrShebangEngine(engine string) Error {
	return Error(sanitize("ERR Unexpected engine in script shebang: " + engine))
}

// ErrShebangFlag refuses an unknown flag in a script's shebang.
func ErrShebangFlag(flag string) Error {
	return Error(sanitize("ERR Unexpected flag in script shebang: " + flag))
}

// ErrShebangOption refuses a shebang option other than flags=.
func ErrShebangOption(opt string) Error {
	return Error(sanitize("ERR Unknown lua shebang option: " + opt))
}

// ErrScriptCompile reports a script that does not compile; msg is Lua's.
func ErrScriptCompile(msg string) Error {
	return Error(sanitize("ERR Error compiling script (new function): " + msg))
}

// SORT
const (
	// ErrSortNotDouble refuses a numeric SORT whose weights do not all
	// parse as doubles.
	ErrSortNotDouble Error = "ERR One or more scores can't be converted into double"
)

// maxmemory
const (
	// ErrOOM refuses a command that may grow memory while used memory is
	// over maxmemory (from a client, or a script's first write).
	ErrOOM Error = "OOM command not allowed when used memory > 'maxmemory'."
	// ErrScriptNoAllowOOM refuses to start a script whose shebang lacks
	// allow-oom (and no-writes) while used memory is over maxmemory.
	ErrScriptNoAllowOOM Error = "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'"
)

// min-replicas-to-write (replicas.go).
const (
	ErrNoReplicas Error = "NOREPLICAS Not enough good replicas to write."
	// ErrMisconf refuses writes while the last background save failed
	// (stop-writes-on-bgsave-error); ErrMisconfScript refuses a script
	// that declares it may write.
	ErrMisconf       Error = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error."
	ErrMisconfScript Error = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Writable scripts are blocked. Use 'no-writes' flag for read only scripts."
)

// Stream errors.
const (
	ErrStreamID                   Error = "ERR Invalid stream ID specified as stream command argument"
	ErrStreamTrimBoth             Error = "ERR syntax error, MAXLEN and MINID options at the same time are not compatible"
	ErrStreamMaxlenNegative       Error = "ERR The MAXLEN argument must be >= 0."
	ErrStreamLimitNegative        Error = "ERR The LIMIT argument must be >= 0."
	ErrStreamLimitNoTrim          Error = "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy"
	ErrStreamXtrimNoStrategy      Error = "ERR syntax error, XTRIM must be called with a trimming strategy"
	ErrStreamLimitNoApprox        Error = "ERR syntax error, LIMIT cannot be used without the special ~ option"
	ErrStreamXaddZero             Error = "ERR The ID specified in XADD must be greater than 0-0"
	ErrStreamExhausted            Error = "ERR The stream has exhausted the last possible ID, unable to add more items"
	ErrStreamXaddSmaller          Error = "ERR The ID specified in XADD is equal or smaller than the target stream top item"
	ErrStreamTooLarge             Error = "ERR Elements are too large to be stored"
	ErrStreamStartInterval        Error = "ERR invalid start ID for the interval"
	ErrStreamEndInterval          Error = "ERR invalid end ID for the interval"
	ErrStreamEntriesAddedNegative Error = "ERR entries_added must be positive"
	ErrStreamSetidBelowMaxDeleted Error = "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id"
	ErrStreamSetidSmaller         Error = "ERR The ID specified in XSETID is smaller than the target stream top item"
	ErrStreamSetidEntriesAdded    Error = "ERR The entries_added specified in XSETID is smaller than the target stream length"
	ErrStreamEntriesRead          Error = "ERR value for ENTRIESREAD must be positive or -1"
	ErrXgroupNoKey                Error = "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."
	ErrBusyGroup                  Error = "BUSYGROUP Consumer Group name already exists"
	ErrXreadUnbalanced            Error = "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified."
	ErrXreadGroupOption           Error = "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead."
	ErrXreadNoackOption           Error = "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead."
	ErrXreadgroupMissingGroup     Error = "ERR Missing GROUP option for XREADGROUP"
	ErrXreadgroupDollar           Error = "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set."
	ErrXreadGreaterID             Error = "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option."
	ErrXreadgroupKeyGone          Error = "UNBLOCKED the stream key no longer exists"
	ErrXreadgroupGroupGone        Error = "NOGROUP the consumer group this client was blocked on no longer exists"
	ErrXclaimMinIdle              Error = "ERR Invalid min-idle-time argument for XCLAIM"
	ErrXclaimIdle                 Error = "ERR Invalid IDLE option argument for XCLAIM"
	ErrXclaimTime                 Error = "ERR Invalid TIME option argument for XCLAIM"
	ErrXclaimRetryCount           Error = "ERR Invalid RETRYCOUNT option argument for XCLAIM"
	ErrXautoclaimMinIdle          Error = "ERR Invalid min-idle-time argument for XAUTOCLAIM"
	ErrXautoclaimCount            Error = "ERR COUNT must be > 0"
	ErrXautoclaimMemory           Error = "ERR Insufficient memory, failed allocating transient memory, COUNT too high."
)

// DUMP and RESTORE errors.
const (
	ErrBusyKey         Error = "BUSYKEY Target key name already exists."
	ErrRestoreTTL      Error = "ERR Invalid TTL value, must be >= 0"
	ErrRestoreIdletime Error = "ERR Invalid IDLETIME value, must be >= 0"
	ErrRestoreFreq     Error = "ERR Invalid FREQ value, must be >= 0 and <= 255"
	ErrRestorePayload  Error = "ERR DUMP payload version or checksum are wrong"
	ErrRestoreBadData  Error = "ERR Bad data format"
)
