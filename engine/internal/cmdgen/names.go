package main

// The generator does not import the engine package: when it emits Proc
// fields for handlers that do not exist yet, the engine stops compiling, and
// the generator must still run. These tables name the engine's identifiers;
// TestIdentifiersMatchEngine checks them against the engine.

// flagIdents are the engine's Flag constants in bit order. The first twenty
// are the flags COMMAND INFO prints, in the order it prints them.
var flagIdents = []string{
	"Write", "ReadOnly", "DenyOOM", "Module", "Admin", "PubSub", "NoScript",
	"Blocking", "Loading", "Stale", "SkipMonitor", "SkipSlowlog", "Asking",
	"Fast", "NoAuth", "NoMandatoryKeys", "NoAsyncLoading", "NoMulti",
	"MovableKeys", "AllowBusy",
	"MayReplicate", "Protected", "TxnControl", "SubscribedOK", "EndsMulti",
	"HealthCheck",
}

// flagNames are the names COMMAND INFO prints for flagIdents[i].
var flagNames = []string{
	"write", "readonly", "denyoom", "module", "admin", "pubsub", "noscript",
	"blocking", "loading", "stale", "skip_monitor", "skip_slowlog", "asking",
	"fast", "no_auth", "no_mandatory_keys", "no_async_loading", "no_multi",
	"movablekeys", "allow_busy",
}

// hiddenFlags are the flags COMMAND INFO does not print: Redis's own hidden
// MAY_REPLICATE and PROTECTED, and the engine's internal TxnControl (run at
// once inside MULTI: Redis's processCommand exempts exactly these commands
// from queueing) and SubscribedOK (allowed in RESP2 subscribed mode).
// Only names that have a row in the table are used.
var hiddenFlags = map[string][]string{
	"debug":         {"Protected"},
	"module|load":   {"Protected"},
	"module|loadex": {"Protected"},
	"module|unload": {"Protected"},

	"eval":     {"MayReplicate"},
	"evalsha":  {"MayReplicate"},
	"fcall":    {"MayReplicate"},
	"pfcount":  {"MayReplicate"},
	"publish":  {"MayReplicate"},
	"spublish": {"MayReplicate"},

	"multi":   {"TxnControl"},
	"exec":    {"TxnControl", "EndsMulti"},
	"discard": {"TxnControl", "EndsMulti"},
	"watch":   {"TxnControl"},
	"quit":    {"TxnControl", "SubscribedOK", "EndsMulti"},
	"reset":   {"TxnControl", "SubscribedOK", "EndsMulti"},

	"ping":         {"SubscribedOK", "HealthCheck"},
	"subscribe":    {"SubscribedOK"},
	"unsubscribe":  {"SubscribedOK"},
	"psubscribe":   {"SubscribedOK"},
	"punsubscribe": {"SubscribedOK"},
	"ssubscribe":   {"SubscribedOK"},
	"sunsubscribe": {"SubscribedOK"},
}

// getKeysProcs name the engine's getkeys procedures (keys.go), Redis's
// getkeys_proc, for the commands whose key specs cannot always find the
// keys: variable flags (SET, BITFIELD), unknown or incomplete specs (SORT),
// or a key count the spec parser refuses but atoi accepts. Redis's
// commands.c pairs the same commands with its procs. Only names that have a
// row in the table are used; migrate and georadius(bymember) get theirs when
// the engine has them.
var getKeysProcs = map[string]string{
	"set":      "setKeys",
	"bitfield": "bitfieldKeys",
	"sort":     "sortKeys",
	"sort_ro":  "sortROKeys",

	"eval":       "evalKeys",
	"evalsha":    "evalKeys",
	"eval_ro":    "evalKeys",
	"evalsha_ro": "evalKeys",
	"fcall":      "functionKeys",
	"fcall_ro":   "functionKeys",

	"lmpop":      "lmpopKeys",
	"blmpop":     "blmpopKeys",
	"bzmpop":     "blmpopKeys",
	"zmpop":      "zmpopKeys",
	"sintercard": "sintercardKeys",

	"zunion":      "zunionInterDiffKeys",
	"zinter":      "zunionInterDiffKeys",
	"zdiff":       "zunionInterDiffKeys",
	"zintercard":  "zunionInterDiffKeys",
	"zunionstore": "zunionInterDiffStoreKeys",
	"zinterstore": "zunionInterDiffStoreKeys",
	"zdiffstore":  "zunionInterDiffStoreKeys",

	"xread":      "xreadKeys",
	"xreadgroup": "xreadKeys",
}

// aclIdents are the engine's ACL constants in bit order; aclNames are the
// category names COMMAND INFO prints (with '@') for them.
var aclIdents = []string{
	"ACLKeyspace", "ACLRead", "ACLWrite", "ACLSet", "ACLSortedSet", "ACLList",
	"ACLHash", "ACLString", "ACLBitmap", "ACLHyperLogLog", "ACLGeo",
	"ACLStream", "ACLPubSub", "ACLAdmin", "ACLFast", "ACLSlow", "ACLBlocking",
	"ACLDangerous", "ACLConnection", "ACLTransaction", "ACLScripting",
}

var aclNames = []string{
	"keyspace", "read", "write", "set", "sortedset", "list", "hash", "string",
	"bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow",
	"blocking", "dangerous", "connection", "transaction", "scripting",
}

// keyFlagIdents are the engine's KeyFlag constants in bit order, printed by
// Redis as keyFlagNames.
var keyFlagIdents = []string{
	"KeyRO", "KeyRW", "KeyOW", "KeyRM", "KeyAccess", "KeyUpdate", "KeyInsert",
	"KeyDelete", "KeyNotKey", "KeyIncomplete", "KeyVariableFlags",
}

var keyFlagNames = []string{
	"RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key",
	"incomplete", "variable_flags",
}

// groupIdents maps COMMAND DOCS groups to the engine's Group constants.
var groupIdents = map[string]string{
	"generic":      "GroupGeneric",
	"string":       "GroupString",
	"list":         "GroupList",
	"set":          "GroupSet",
	"sorted-set":   "GroupSortedSet",
	"hash":         "GroupHash",
	"pubsub":       "GroupPubSub",
	"transactions": "GroupTransactions",
	"connection":   "GroupConnection",
	"server":       "GroupServer",
	"scripting":    "GroupScripting",
	"hyperloglog":  "GroupHyperLogLog",
	"cluster":      "GroupCluster",
	"sentinel":     "GroupSentinel",
	"geo":          "GroupGeo",
	"stream":       "GroupStream",
	"bitmap":       "GroupBitmap",
}

// argTypeIdents maps COMMAND DOCS argument types to the engine's ArgType
// constants.
var argTypeIdents = map[string]string{
	"string":     "ArgString",
	"integer":    "ArgInteger",
	"double":     "ArgDouble",
	"key":        "ArgKey",
	"pattern":    "ArgPattern",
	"unix-time":  "ArgUnixTime",
	"pure-token": "ArgPureToken",
	"oneof":      "ArgOneOf",
	"block":      "ArgBlock",
}

// argFlagIdents and docFlagIdents map COMMAND DOCS flag names to the
// engine's ArgFlag and DocFlag constants, in the order Redis prints them.
var argFlagIdents = [][2]string{
	{"optional", "ArgOptional"},
	{"multiple", "ArgMultiple"},
	{"multiple_token", "ArgMultipleToken"},
}

var docFlagIdents = [][2]string{
	{"deprecated", "DocDeprecated"},
	{"syscmd", "DocSyscmd"},
}
