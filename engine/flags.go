package engine

// Flag is a command's flag set, mirroring Redis's CMD_* flags. The order of the
// constants is the order COMMAND INFO prints them in.
type Flag uint64

// Command flags. MayReplicate is kept for gates but, as in Redis, COMMAND INFO
// does not print it.
const (
	Write Flag = 1 << iota
	ReadOnly
	DenyOOM
	Module
	Admin
	PubSub
	NoScript
	Blocking
	Loading
	Stale
	SkipMonitor
	SkipSlowlog
	Asking
	Fast
	NoAuth
	NoMandatoryKeys
	NoAsyncLoading
	NoMulti
	MovableKeys
	AllowBusy
	MayReplicate
	// Protected commands (DEBUG, MODULE) run only when enable-debug-command
	// (or enable-module-command) allows them. Not printed, as in Redis.
	Protected
	// TxnControl marks the commands that run at once inside MULTI instead of
	// being queued (MULTI, EXEC, DISCARD, WATCH, QUIT, RESET). Internal.
	TxnControl
	// SubscribedOK marks the commands a RESP2 client may send while
	// subscribed ((P|S)(UN)SUBSCRIBE, PING, QUIT, RESET). Internal.
	SubscribedOK
	// EndsMulti marks the commands that end a transaction or the
	// connection (EXEC, DISCARD, QUIT, RESET): over maxmemory they still
	// run inside MULTI, since ending it frees memory. Internal.
	EndsMulti
	// HealthCheck marks PING, which Redis refuses along with the writes
	// while it cannot persist (MISCONF), so that health checks notice.
	// Internal.
	HealthCheck
)

// flagNames are the names COMMAND INFO prints, indexed by bit position.
var flagNames = [...]string{
	"write", "readonly", "denyoom", "module", "admin", "pubsub", "noscript",
	"blocking", "loading", "stale", "skip_monitor", "skip_slowlog", "asking",
	"fast", "no_auth", "no_mandatory_keys", "no_async_loading", "no_multi",
	"movablekeys", "allow_busy",
}

// Names returns the printable flag names in COMMAND INFO order.
func (f Flag) Names() []string {
	var out []string
	for i, n := range flagNames {
		if f&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// ACL is a command's set of ACL categories.
type ACL uint64

// ACL categories in the order Redis declares them (ACLCommandCategories).
const (
	ACLKeyspace ACL = 1 << iota
	ACLRead
	ACLWrite
	ACLSet
	ACLSortedSet
	ACLList
	ACLHash
	ACLString
	ACLBitmap
	ACLHyperLogLog
	ACLGeo
	ACLStream
	ACLPubSub
	ACLAdmin
	ACLFast
	ACLSlow
	ACLBlocking
	ACLDangerous
	ACLConnection
	ACLTransaction
	ACLScripting
)

var aclNames = [...]string{
	"keyspace", "read", "write", "set", "sortedset", "list", "hash", "string",
	"bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow",
	"blocking", "dangerous", "connection", "transaction", "scripting",
}

// Names returns the categories with their leading '@', in Redis's order.
func (a ACL) Names() []string {
	var out []string
	for i, n := range aclNames {
		if a&(1<<i) != 0 {
			out = append(out, "@"+n)
		}
	}
	return out
}

// ACLCategoryNames lists every category name without '@' (ACL CAT).
func ACLCategoryNames() []string { return aclNames[:] }

// Group is a command's documentation group (COMMAND DOCS "group").
type Group uint8

// Command groups, as COMMAND DOCS names them.
const (
	GroupGeneric Group = iota
	GroupString
	GroupList
	GroupSet
	GroupSortedSet
	GroupHash
	GroupPubSub
	GroupTransactions
	GroupConnection
	GroupServer
	GroupScripting
	GroupHyperLogLog
	GroupCluster
	GroupSentinel
	GroupGeo
	GroupStream
	GroupBitmap
)

var groupNames = [...]string{
	"generic", "string", "list", "set", "sorted-set", "hash", "pubsub",
	"transactions", "connection", "server", "scripting", "hyperloglog",
	"cluster", "sentinel", "geo", "stream", "bitmap",
}

func (g Group) String() string { return groupNames[g] }

// KeyFlag describes how a key spec's keys are used (RO, RW, access ...).
type KeyFlag uint16

// Key spec flags in COMMAND INFO order.
const (
	KeyRO KeyFlag = 1 << iota
	KeyRW
	KeyOW
	KeyRM
	KeyAccess
	KeyUpdate
	KeyInsert
	KeyDelete
	KeyNotKey
	KeyIncomplete
	KeyVariableFlags
)

var keyFlagNames = [...]string{
	"RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key",
	"incomplete", "variable_flags",
}

// Names returns the key flag names in COMMAND INFO order.
func (f KeyFlag) Names() []string {
	var out []string
	for i, n := range keyFlagNames {
		if f&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}
