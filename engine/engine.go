package engine

import (
	"sync/atomic"
	"time"
)

// Engine is the server's state: the command table, the databases, the
// connected clients and the statistics, guarded by the executor's one mutex.
type Engine struct {
	mu    execLock
	busy  busyState
	table *Table
	dbs   []*DB

	// Config holds the settings the hot path reads; the config registry keeps
	// it current.
	Config Settings

	clients  map[int64]*Client
	nextID   atomic.Int64
	stats    Stats
	cmdStats []CommandStats // indexed by Command.id
	srv      serverState    // INFO's samples and caches (cmd_info.go)
	mem      memState       // used memory against maxmemory (maxmemory.go)

	started time.Time
	// now is the executor's clock in Unix ms, refreshed before each command so
	// a command (or a whole script) sees one consistent time, as in Redis.
	now          int64
	wallBase     int64         // unix ms at started, by the wall clock
	lastMono     time.Duration // the last monotonic reading (see Call)
	cachedLRU    uint32
	activeExpire bool
	lastSave     int64
	// monitors are the clients that ran MONITOR; monitorBuf is the line
	// being fed to them (cmd_monitor.go).
	monitors   []*Client
	monitorBuf []byte
	persist    persistState // saves and loads (rdb_save.go)

	touchHooks []func(db *DB, key string)
	flushHooks []func(db *DB)
	closeHooks []func(cl *Client)
	resetHooks []func(cl *Client)
	notifyHook func(db *DB, class NotifyClass, event, key string)

	// ps is the pub/sub registry (pubsub.go), created on first subscribe.
	ps *pubsubState

	// Log receives the server log lines; cmd/server sets it.
	Log Logger

	// DumpDir, when set, is where the RDB file lives instead of the
	// working directory: for engines that share a process (tests), which
	// must not change its directory as the dir parameter does.
	DumpDir string

	// ShutdownHook is called (outside handlers' control flow) when SHUTDOWN
	// succeeds; cmd/server stops the process.
	ShutdownHook func(opts ShutdownOptions) error

	// Parked blocking commands (blocking.go).
	blocked        map[blockKey][]*Client
	ready          []blockKey
	servingReady   bool
	blockedClients int

	// Functions is FUNCTION's library registry (nil until scripting
	// installs one).
	Functions FunctionStore

	// Killer stops a busy script for SCRIPT KILL (nil until the lua
	// package is installed).
	Killer BusyKiller

	// Scripts reports scripting's memory and cache to INFO (nil until the
	// lua package is installed).
	Scripts ScriptInfo

	// Txn is the MULTI queue the transaction layer installs (nil without it).
	Txn TxnQueue

	// Read by connection goroutines outside the executor; the config
	// registry stores them.
	protoMaxBulkLen atomic.Int64
	queryBufLimit   atomic.Int64
	passRequired    atomic.Bool

	ctxStack []*Ctx // reusable contexts by nesting depth
	depth    int
	// errMark is the error reply count at the end of the last command (or
	// the start of the running one): see Call.
	errMark int64

	prop     propState // effects for persistence (propagate.go)
	swapping [2]*DB    // the databases SWAPDB is exchanging (see SwapPeer)

	conf     configState   // the config registry (config_params.go)
	shutdown shutdownState // SHUTDOWN and signals (cmd_shutdown.go)
}

// Settings are the configuration values read on hot paths. The config
// registry (config_params.go) fills them at startup (SettingsFrom) and
// keeps them current on CONFIG SET; each field is named after its
// parameter. Settings written by hand get the defaults for their zero
// fields in New.
type Settings struct {
	Databases       int
	RequirePass     string
	ProtoMaxBulkLen int64
	QueryBufLimit   int64
	MaxClients      int
	LogLevel        int
	Hz              int
	// EnableDebugCommand allows the Protected commands (DEBUG).
	EnableDebugCommand bool
	// Port and ConfigFile are only reported (INFO server's tcp_port and
	// config_file); the network layer and the config loader own them.
	Port       int
	ConfigFile string

	// DebugCommandLocal is enable-debug-command local: DEBUG only from
	// loopback and Unix socket clients.
	DebugCommandLocal bool

	Timeout            int // seconds a client may idle; 0 for ever
	DynamicHz          bool
	ActiveRehashing    bool
	ActiveExpireEffort int // 1..10

	// Keyspace notifications: the classes published, and to which of the
	// __keyspace@ and __keyevent@ channels.
	NotifyEvents   NotifyClass
	NotifyKeyspace bool
	NotifyKeyevent bool

	MaxMemory                 uint64 // bytes; 0 for no limit
	MaxMemoryPolicy           string // maxmemory-policy's name
	MaxMemorySamples          int
	MaxMemoryEvictionTenacity int
	LFULogFactor              int
	LFUDecayTime              int // minutes
	// lfu is set when MaxMemoryPolicy is an LFU policy: keys' access fields
	// then hold LFU counters instead of LRU clocks (lfu.go).
	lfu bool

	// Encoding thresholds (OBJECT ENCODING).
	HashMaxListpackEntries int64
	HashMaxListpackValue   int64
	ListMaxListpackSize    int
	ListCompressDepth      int
	SetMaxIntsetEntries    int64
	ZSetMaxListpackEntries int64
	ZSetMaxListpackValue   int64
	HLLSparseMaxBytes      int64
	StreamNodeMaxBytes     int64
	StreamNodeMaxEntries   int64

	BusyReplyThreshold int64 // ms (lua-time-limit)
	// RDBKeySaveDelay and KeyLoadDelay pause each key a save writes or a
	// load reads, in microseconds (debugDelay); tests use them.
	RDBKeySaveDelay, KeyLoadDelay int64
	ScriptCacheSize               int64 // EVAL scripts kept (lua-eval-cache-size)
	MinReplicasToWrite            int64 // min-replicas-to-write
	MinReplicasMaxLag             int64 // min-replicas-max-lag (s)
	SlowlogLogSlowerThan          int64 // µs; -1 disables, 0 logs everything
	SlowlogMaxLen                 int64

	// ObufLimits are client-output-buffer-limit by class (ObufNormal,
	// ObufReplica, ObufPubSub).
	ObufLimits [3]ObufLimit

	complete bool // built by SettingsFrom: zero fields are real values
}

// New returns an engine serving the given command table with the given
// settings (see SettingsFrom).
func New(rows []Command, settings Settings) *Engine {
	settings = settings.withDefaults()
	settings.lfu = isLFUPolicy(settings.MaxMemoryPolicy)
	e := &Engine{
		table:        NewTable(rows),
		Config:       settings,
		clients:      map[int64]*Client{},
		started:      time.Now(),
		activeExpire: true,
		Log:          discardLogger{},
		mu:           newExecLock(),
	}
	e.busy.init()
	e.bindBusyProcs()
	if e.Config.Databases <= 0 {
		e.Config.Databases = 16
	}
	e.dbs = make([]*DB, e.Config.Databases)
	for i := range e.dbs {
		e.dbs[i] = newDB(e, i)
	}
	e.cmdStats = make([]CommandStats, len(rows))
	e.SetNetLimits(settings.ProtoMaxBulkLen, settings.QueryBufLimit)
	e.passRequired.Store(settings.RequirePass != "")
	e.lastSave = time.Now().Unix()
	e.persist.bg.lastSecs = -1
	e.SyncWallClock()
	e.refreshClock()
	if e.Config.MaxMemory != 0 {
		// A limit from the configuration holds from the first command.
		e.noteUsedMemory(readGoMem().heapUsed)
	}
	return e
}

// Table returns the command table.
func (e *Engine) Table() *Table { return e.table }

// DB returns database i (which must be in range).
func (e *Engine) DB(i int) *DB { return e.dbs[i] }

// DBCount is the number of databases.
func (e *Engine) DBCount() int { return len(e.dbs) }

// Now returns the executor's current time in Unix milliseconds.
func (e *Engine) Now() int64 { return e.now }

// mono returns the time since the engine started on the monotonic clock,
// which is cheaper to read than the wall clock.
func (e *Engine) mono() time.Duration { return time.Since(e.started) }

// refreshClock sets the executor's clock from a monotonic reading: wall time
// is the wall time at start plus the monotonic time elapsed. SyncWallClock
// re-anchors it so wall clock steps are followed.
func (e *Engine) refreshClock() {
	e.lastMono = e.mono()
	e.setClock(e.lastMono)
}

func (e *Engine) setClock(m time.Duration) {
	e.now = e.wallBase + int64(m/time.Millisecond)
	e.cachedLRU = uint32(e.now/1000) & lruClockMax
}

// SyncWallClock re-reads the wall clock (the cron calls it) so that the
// executor's clock follows adjustments of the system time.
func (e *Engine) SyncWallClock() {
	e.wallBase = time.Now().UnixMilli() - int64(e.mono()/time.Millisecond)
}

const lruClockMax = 1<<24 - 1

func (e *Engine) lruClock() uint32 { return e.cachedLRU }

func (e *Engine) expireEnabled() bool { return true }

// OnTouch registers fn to run for every modified key (the key-modified hook:
// writes, deletes, expiry, RENAME, MOVE, ...). It runs inside the executor.
func (e *Engine) OnTouch(fn func(db *DB, key string)) { e.touchHooks = append(e.touchHooks, fn) }

// OnFlush registers fn to run before all keys of db are removed or replaced
// (FLUSHDB, FLUSHALL, SWAPDB), while they still exist.
func (e *Engine) OnFlush(fn func(db *DB)) { e.flushHooks = append(e.flushHooks, fn) }

// OnNotify sets the keyspace-event sink. The key it receives may view a
// request's bytes: a sink that keeps it must copy it. The pub/sub layer
// installs its own sink (notify.go) when a client first subscribes.
func (e *Engine) OnNotify(fn func(db *DB, class NotifyClass, event, key string)) { e.notifyHook = fn }

func (e *Engine) touch(db *DB, key string) {
	e.stats.Dirty++
	if e.blocked != nil {
		e.signalReady(db, key)
	}
	for _, fn := range e.touchHooks {
		fn(db, key)
	}
}

func (e *Engine) touchAll(db *DB) {
	for _, fn := range e.flushHooks {
		fn(db)
	}
}

func (e *Engine) notify(db *DB, class NotifyClass, event, key string) {
	if e.notifyHook != nil {
		e.notifyHook(db, class, event, key)
	}
}

// NotifyClass is a keyspace event class, as notify-keyspace-events selects.
type NotifyClass uint16

// Keyspace event classes.
const (
	NotifyGeneric NotifyClass = 1 << iota
	NotifyString
	NotifyList
	NotifySet
	NotifyHash
	NotifyZSet
	NotifyExpired
	NotifyEvicted
	NotifyStream
	NotifyKeyMiss
	NotifyModule
	NotifyNew
)

// Notify publishes a keyspace event for key (no-op unless a sink is set).
// The sink sees key without a copy (so that a disabled event costs no
// allocation): it is valid only during the call.
func (e *Engine) Notify(db *DB, class NotifyClass, event string, key []byte) {
	if e.notifyHook != nil {
		e.notifyHook(db, class, event, bstr(key))
	}
}

// ShutdownOptions are SHUTDOWN's modifiers.
type ShutdownOptions struct {
	NoSave, Save, Now, Force, Abort bool
}

// SetNetLimits updates proto-max-bulk-len and client-query-buffer-limit.
func (e *Engine) SetNetLimits(maxBulkLen, maxQueryBuf int64) {
	if maxBulkLen <= 0 {
		maxBulkLen = 512 << 20
	}
	if maxQueryBuf <= 0 {
		maxQueryBuf = 1 << 30
	}
	e.Config.ProtoMaxBulkLen, e.Config.QueryBufLimit = maxBulkLen, maxQueryBuf
	e.protoMaxBulkLen.Store(maxBulkLen)
	e.queryBufLimit.Store(maxQueryBuf)
}

// SetRequirePass changes the default user's password ("" for none).
func (e *Engine) SetRequirePass(pass string) {
	e.Config.RequirePass = pass
	e.passRequired.Store(pass != "")
}

// ActiveExpireEnabled reports whether the active expire cycle may run.
func (e *Engine) ActiveExpireEnabled() bool { return e.activeExpire }
