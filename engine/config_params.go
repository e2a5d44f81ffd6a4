package engine

import (
	"errors"
	"math"
	"os"
	"reflect"
	"time"

	"luakv/engine/config"
)

// This file declares luakv's configuration parameters: names, aliases,
// types, defaults, bounds and mutability as Redis 7.0.15 declares them
// (src/config.c), where each value lives in Settings, and what changing it
// at run time does. The registry is built before the engine (databases is
// needed by New), so the server binary does:
//
//	reg := engine.NewConfig()
//	args, _ := config.ParseArgs(os.Args[1:], engine.SplitArgs)
//	reg.Load(args, os.Stdin, nil)
//	e := engine.New(engine.Commands, engine.SettingsFrom(reg))
//	e.SetConfig(reg, hostApply)

// paramDef is one parameter: its declaration, the Settings field holding
// its hot value, and the side effects of changing it at run time.
type paramDef struct {
	config.Param
	// store copies the value into Settings (at startup and after CONFIG SET).
	store func(s *Settings, v config.Value)
	// apply runs after CONFIG SET changed the value, inside the executor.
	apply func(e *Engine, v config.Value) error
	// host marks parameters the server binary applies (listeners,
	// keep-alive, protected mode) through the HostApply given to SetConfig.
	host bool
}

// HostApply applies a parameter the server binary owns after CONFIG SET
// changed it (bind, port, tcp-keepalive, protected-mode). It runs inside the
// executor. An error fails CONFIG SET and restores the previous values.
type HostApply func(name string, v config.Value) error

// configState is the engine's link to its registry.
type configState struct {
	reg  *config.Registry
	host HostApply
}

// Bounds of the C types Redis stores parameters in.
const (
	cfgIntMax  = math.MaxInt32
	cfgIntMin  = math.MinInt32
	cfgUintMax = math.MaxUint32
	cfgLongMax = math.MaxInt64
	cfgULLMax  = -1 // all bits set: ULLONG_MAX as an Unsigned bound
	cfgMB      = 1024 * 1024
)

// Parameter flags, short.
const (
	pImm   = config.Immutable
	pProt  = config.Protected
	pSens  = config.Sensitive
	pMulti = config.MultiArg
	pUns   = config.Unsigned
	pNull  = config.NullIfEmpty
	pPct   = config.Percent
)

func boolParam(name, alias string, flags config.Flag, def string) paramDef {
	return paramDef{Param: config.Param{Name: name, Alias: alias, Kind: config.Bool, Flags: flags, Default: def}}
}

func intParam(name, alias string, flags config.Flag, min, max int64, def string) paramDef {
	return paramDef{Param: config.Param{Name: name, Alias: alias, Kind: config.Int, Flags: flags, Min: min, Max: max, Default: def}}
}

func memParam(name, alias string, flags config.Flag, min, max int64, def string) paramDef {
	return paramDef{Param: config.Param{Name: name, Alias: alias, Kind: config.Memory, Flags: flags, Min: min, Max: max, Default: def}}
}

func strParam(name string, flags config.Flag, def string) paramDef {
	return paramDef{Param: config.Param{Name: name, Kind: config.String, Flags: flags, Default: def}}
}

func enumParam(name string, flags config.Flag, def string, names ...string) paramDef {
	return paramDef{Param: config.Param{Name: name, Kind: config.Enum, Flags: flags, Default: def, Enum: names}}
}

// with returns d storing its value through store.
func (d paramDef) with(store func(s *Settings, v config.Value)) paramDef {
	d.store = store
	return d
}

// checked returns d validating values with check.
func (d paramDef) checked(check func(v config.Value) string) paramDef {
	d.Check = check
	return d
}

// onApply returns d running fn after CONFIG SET changed it.
func (d paramDef) onApply(fn func(e *Engine, v config.Value) error) paramDef {
	d.apply = fn
	return d
}

// hosted returns d applied by the server binary.
func (d paramDef) hosted() paramDef {
	d.host = true
	return d
}

// protectedValues are the names of enable-debug-command and
// enable-protected-configs, in Redis's order.
var protectedValues = []string{"no", "yes", "local"}

// Values of the enable-* enums.
const (
	allowNo = iota
	allowYes
	allowLocal
)

// Redis's SHUTDOWN flag bits, as shutdown-on-sigint/sigterm store them.
const (
	shutdownSave   = 1
	shutdownNoSave = 2
	shutdownNow    = 4
	shutdownForce  = 8
)

// paramDefs is luakv's parameter list, grouped as Redis's config.c groups
// it. Parameters marked inert are accepted and stored (so redis.conf files
// load and CONFIG GET answers) but luakv has no feature they tune yet; the
// package documentation of engine/config lists them.
func paramDefs() []paramDef {
	return []paramDef{
		// Network and clients.
		bindParam().hosted(),
		replicaofParam(),
		intParam("port", "", 0, 0, 65535, "6379").hosted(),
		unixSocketParam(),
		unixSocketPermParam(),
		boolParam("protected-mode", "", 0, "yes").hosted(),
		intParam("tcp-backlog", "", pImm, 0, cfgIntMax, "511"), // inert
		intParam("timeout", "", 0, 0, cfgIntMax, "0").with(func(s *Settings, v config.Value) { s.Timeout = int(v.Int) }),
		intParam("tcp-keepalive", "", 0, 0, cfgIntMax, "300").hosted(),
		intParam("maxclients", "", pUns, 1, cfgUintMax, "10000").with(func(s *Settings, v config.Value) { s.MaxClients = int(v.Int) }),
		memParam("proto-max-bulk-len", "", 0, cfgMB, cfgLongMax, "512mb").
			with(func(s *Settings, v config.Value) { s.ProtoMaxBulkLen = v.Int }).
			onApply(func(e *Engine, v config.Value) error { e.SetNetLimits(v.Int, e.Config.QueryBufLimit); return nil }),
		memParam("client-query-buffer-limit", "", pUns, cfgMB, cfgLongMax, "1gb").
			with(func(s *Settings, v config.Value) { s.QueryBufLimit = v.Int }).
			onApply(func(e *Engine, v config.Value) error { e.SetNetLimits(e.Config.ProtoMaxBulkLen, v.Int); return nil }),
		clientOutputBufferLimitParam(),
		strParam("requirepass", pSens|pNull, "").
			with(func(s *Settings, v config.Value) { s.RequirePass = v.Str }).
			onApply(func(e *Engine, v config.Value) error { e.SetRequirePass(v.Str); return nil }),
		enumParam("enable-protected-configs", pImm, "no", protectedValues...),
		enumParam("enable-debug-command", pImm, "no", protectedValues...).with(func(s *Settings, v config.Value) {
			s.EnableDebugCommand = v.Int == allowYes
			s.DebugCommandLocal = v.Int == allowLocal
		}),

		// Process and logging.
		boolParam("daemonize", "", pImm, "no").checked(func(v config.Value) string {
			if v.Bool() {
				return reasonDaemonize
			}
			return ""
		}),
		strParam("pidfile", pImm|pNull, ""),
		enumParam("loglevel", 0, "notice", "debug", "verbose", "notice", "warning").
			with(func(s *Settings, v config.Value) { s.LogLevel = int(v.Int) }).
			onApply(func(e *Engine, v config.Value) error {
				if l, ok := e.Log.(interface{ SetLevel(int) }); ok {
					l.SetLevel(int(v.Int))
				}
				return nil
			}),
		strParam("logfile", pImm, ""),
		boolParam("always-show-logo", "", pImm, "no"), // inert: no logo
		boolParam("set-proc-title", "", pImm, "yes"),  // inert
		procTitleParam(),
		enumParam("oom-score-adj", 0, "no", "no", "yes", "relative", "absolute").values(0, 1, 1, 2), // inert
		oomScoreAdjValuesParam(),                      // inert
		boolParam("disable-thp", "", pImm, "yes"),     // inert
		boolParam("jemalloc-bg-thread", "", 0, "yes"), // inert: no jemalloc
		shutdownOnSignalParam("shutdown-on-sigint"),
		shutdownOnSignalParam("shutdown-on-sigterm"),
		intParam("shutdown-timeout", "", 0, 0, cfgIntMax, "10"), // no replicas to wait for

		// Keyspace and server cron.
		intParam("databases", "", pImm, 1, cfgIntMax, "16").with(func(s *Settings, v config.Value) { s.Databases = int(v.Int) }),
		intParam("hz", "", 0, 0, cfgIntMax, "10").adjusted(clampHz).with(func(s *Settings, v config.Value) { s.Hz = int(v.Int) }),
		boolParam("dynamic-hz", "", 0, "yes").with(func(s *Settings, v config.Value) { s.DynamicHz = v.Bool() }),
		boolParam("activerehashing", "", 0, "yes").with(func(s *Settings, v config.Value) { s.ActiveRehashing = v.Bool() }),
		intParam("active-expire-effort", "", 0, 1, 10, "1").with(func(s *Settings, v config.Value) { s.ActiveExpireEffort = int(v.Int) }),
		notifyParam(),
		boolParam("lazyfree-lazy-eviction", "", 0, "no"),   // inert: frees are synchronous
		boolParam("lazyfree-lazy-expire", "", 0, "no"),     // inert
		boolParam("lazyfree-lazy-server-del", "", 0, "no"), // inert
		boolParam("lazyfree-lazy-user-del", "", 0, "no"),   // inert
		boolParam("lazyfree-lazy-user-flush", "", 0, "no"), // inert

		// Memory and eviction.
		memParam("maxmemory", "", pUns, 0, cfgULLMax, "0").with(func(s *Settings, v config.Value) { s.MaxMemory = uint64(v.Int) }).
			onApply(func(e *Engine, _ config.Value) error { e.maxMemoryChanged(); return nil }),
		enumParam("maxmemory-policy", 0, "noeviction", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
			"allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction").
			with(func(s *Settings, v config.Value) {
				s.MaxMemoryPolicy = maxMemoryPolicies[v.Int]
				s.lfu = isLFUPolicy(s.MaxMemoryPolicy)
			}),
		intParam("maxmemory-samples", "", 0, 1, cfgIntMax, "5").with(func(s *Settings, v config.Value) { s.MaxMemorySamples = int(v.Int) }),
		intParam("maxmemory-eviction-tenacity", "", 0, 0, 100, "10").with(func(s *Settings, v config.Value) { s.MaxMemoryEvictionTenacity = int(v.Int) }),
		memParam("maxmemory-clients", "", pPct, -100, cfgLongMax, "0"), // inert: no client eviction yet
		intParam("lfu-log-factor", "", 0, 0, cfgIntMax, "10").with(func(s *Settings, v config.Value) { s.LFULogFactor = int(v.Int) }),
		intParam("lfu-decay-time", "", 0, 0, cfgIntMax, "1").with(func(s *Settings, v config.Value) { s.LFUDecayTime = int(v.Int) }),

		// Encodings.
		intParam("hash-max-listpack-entries", "hash-max-ziplist-entries", pUns, 0, cfgLongMax, "512").with(func(s *Settings, v config.Value) { s.HashMaxListpackEntries = v.Int }),
		memParam("hash-max-listpack-value", "hash-max-ziplist-value", pUns, 0, cfgLongMax, "64").with(func(s *Settings, v config.Value) { s.HashMaxListpackValue = v.Int }),
		intParam("list-max-listpack-size", "list-max-ziplist-size", 0, cfgIntMin, cfgIntMax, "-2").with(func(s *Settings, v config.Value) { s.ListMaxListpackSize = int(v.Int) }),
		intParam("list-compress-depth", "", 0, 0, cfgIntMax, "0").with(func(s *Settings, v config.Value) { s.ListCompressDepth = int(v.Int) }),
		intParam("set-max-intset-entries", "", pUns, 0, cfgLongMax, "512").with(func(s *Settings, v config.Value) { s.SetMaxIntsetEntries = v.Int }),
		intParam("zset-max-listpack-entries", "zset-max-ziplist-entries", pUns, 0, cfgLongMax, "128").with(func(s *Settings, v config.Value) { s.ZSetMaxListpackEntries = v.Int }),
		memParam("zset-max-listpack-value", "zset-max-ziplist-value", pUns, 0, cfgLongMax, "64").with(func(s *Settings, v config.Value) { s.ZSetMaxListpackValue = v.Int }),
		memParam("hll-sparse-max-bytes", "", pUns, 0, cfgLongMax, "3000").with(func(s *Settings, v config.Value) { s.HLLSparseMaxBytes = v.Int }),
		memParam("stream-node-max-bytes", "", pUns, 0, cfgLongMax, "4096").with(func(s *Settings, v config.Value) { s.StreamNodeMaxBytes = v.Int }),
		intParam("stream-node-max-entries", "", 0, 0, cfgLongMax, "100").with(func(s *Settings, v config.Value) { s.StreamNodeMaxEntries = v.Int }),

		// Scripts and diagnostics.
		intParam("busy-reply-threshold", "lua-time-limit", 0, 0, cfgLongMax, "5000").with(func(s *Settings, v config.Value) { s.BusyReplyThreshold = v.Int }),
		// luakv's own: how many EVAL scripts the script cache keeps (Redis
		// 7.4 keeps 500, fixed).
		intParam("lua-eval-cache-size", "", 0, 1, cfgLongMax, "500").with(func(s *Settings, v config.Value) { s.ScriptCacheSize = v.Int }),
		intParam("slowlog-log-slower-than", "", 0, -1, cfgLongMax, "10000").with(func(s *Settings, v config.Value) { s.SlowlogLogSlowerThan = v.Int }),
		intParam("slowlog-max-len", "", pUns, 0, cfgLongMax, "128").with(func(s *Settings, v config.Value) { s.SlowlogMaxLen = v.Int }),
		intParam("latency-monitor-threshold", "", 0, 0, cfgLongMax, "0"), // inert: no LATENCY yet
		intParam("acllog-max-len", "", pUns, 0, cfgLongMax, "128"),       // inert: no ACL LOG yet

		// Persistence (all inert until luakv persists).
		saveParam(),
		dirParam(),
		strParam("dbfilename", pProt, "dump.rdb").checked(func(v config.Value) string {
			if !isBaseName(v.Str) {
				return reasonDBFilenamePath
			}
			return ""
		}),
		boolParam("rdbcompression", "", 0, "yes"),
		boolParam("rdbchecksum", "", pImm, "yes"),
		boolParam("rdb-del-sync-files", "", 0, "no"),
		boolParam("rdb-save-incremental-fsync", "", 0, "yes"),
		boolParam("stop-writes-on-bgsave-error", "", 0, "yes"),
		// Testing aids, hidden from CONFIG GET patterns as in Redis: a
		// pause per key saved or loaded (rdb_save.go, rdb_load.go).
		intParam("rdb-key-save-delay", "", config.Hidden, cfgIntMin, cfgIntMax, "0").with(func(s *Settings, v config.Value) { s.RDBKeySaveDelay = v.Int }),
		intParam("key-load-delay", "", config.Hidden, cfgIntMin, cfgIntMax, "0").with(func(s *Settings, v config.Value) { s.KeyLoadDelay = v.Int }),
		boolParam("appendonly", "", 0, "no").checked(func(v config.Value) string {
			if v.Bool() {
				return reasonAppendOnly
			}
			return ""
		}),
		strParam("appendfilename", pImm, "appendonly.aof").checked(func(v config.Value) string {
			switch {
			case v.Str == "":
				return reasonAOFNameEmpty
			case !isBaseName(v.Str):
				return reasonAOFNamePath
			}
			return ""
		}),
		strParam("appenddirname", pImm, "appendonlydir").checked(func(v config.Value) string {
			switch {
			case v.Str == "":
				return reasonAOFDirEmpty
			case !isBaseName(v.Str):
				return reasonAOFDirPath
			}
			return ""
		}),
		enumParam("appendfsync", 0, "everysec", "everysec", "always", "no"),
		boolParam("no-appendfsync-on-rewrite", "", 0, "no"),
		intParam("auto-aof-rewrite-percentage", "", 0, 0, cfgIntMax, "100"),
		memParam("auto-aof-rewrite-min-size", "", 0, 0, cfgLongMax, "64mb"),
		boolParam("aof-rewrite-incremental-fsync", "", 0, "yes"),
		boolParam("aof-load-truncated", "", 0, "yes"),
		boolParam("aof-use-rdb-preamble", "", 0, "yes"),
		boolParam("aof-timestamp-enabled", "", 0, "no"),

		// Replication (all inert: luakv has no replication).
		boolParam("replica-serve-stale-data", "slave-serve-stale-data", 0, "yes"),
		boolParam("replica-read-only", "slave-read-only", 0, "yes"),
		boolParam("replica-lazy-flush", "slave-lazy-flush", 0, "no"),
		boolParam("repl-diskless-sync", "", 0, "yes"),
		intParam("repl-diskless-sync-delay", "", 0, 0, cfgIntMax, "5"),
		intParam("repl-diskless-sync-max-replicas", "", 0, 0, cfgIntMax, "0"),
		enumParam("repl-diskless-load", 0, "disabled", "disabled", "on-empty-db", "swapdb"),
		boolParam("repl-disable-tcp-nodelay", "", 0, "no"),
		intParam("replica-priority", "slave-priority", 0, 0, cfgIntMax, "100"),
		boolParam("replica-ignore-maxmemory", "slave-ignore-maxmemory", 0, "yes"),
		boolParam("replica-announced", "", 0, "yes"),
		intParam("replica-announce-port", "slave-announce-port", 0, 0, 65535, "0"),
		intParam("repl-timeout", "", 0, 1, cfgIntMax, "60"),
		intParam("repl-ping-replica-period", "repl-ping-slave-period", 0, 1, cfgIntMax, "10"),
		memParam("repl-backlog-size", "", 0, 1, cfgLongMax, "1mb"),
		intParam("repl-backlog-ttl", "", 0, 0, cfgLongMax, "3600"),
		// Not inert: a server without replicas has no good replicas, so a
		// minimum above zero refuses writes, as in Redis (replicas.go).
		intParam("min-replicas-to-write", "min-slaves-to-write", 0, 0, cfgIntMax, "0").with(func(s *Settings, v config.Value) { s.MinReplicasToWrite = v.Int }),
		intParam("min-replicas-max-lag", "min-slaves-max-lag", 0, 0, cfgIntMax, "10").with(func(s *Settings, v config.Value) { s.MinReplicasMaxLag = v.Int }),
	}
}

// values returns d with Enum values other than the names' indexes.
func (d paramDef) values(v ...int64) paramDef {
	d.EnumValues = v
	return d
}

// adjusted returns d rewriting accepted values with fn.
func (d paramDef) adjusted(fn func(v config.Value) config.Value) paramDef {
	d.Adjust = fn
	return d
}

// maxMemoryPolicies are maxmemory-policy's names by value.
var maxMemoryPolicies = []string{"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
	"allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"}

// clampHz keeps hz within Redis's 1..500: a hint, so out of range values
// are accepted and clamped rather than refused.
func clampHz(v config.Value) config.Value {
	v.Int = min(max(v.Int, 1), 500)
	return v
}

// isBaseName reports whether path names a file without a directory, as
// Redis's pathIsBaseName checks.
func isBaseName(path string) bool {
	for i := 0; i < len(path); i++ {
		if path[i] == '/' || path[i] == '\\' {
			return false
		}
	}
	return true
}

// NewConfig returns a registry holding luakv's parameters at their
// defaults. They are Redis 7.0.15's, except: bind is 127.0.0.1 (Redis's is
// "* -::*": luakv listens on loopback only unless told otherwise) and save
// is "" (luakv cannot write snapshots yet, so none are scheduled).
func NewConfig() *config.Registry {
	defs := paramDefs()
	params := make([]config.Param, len(defs))
	for i := range defs {
		d := defs[i]
		p := d.Param
		if d.store != nil || d.apply != nil || d.host {
			p.Apply = func(target any, v config.Value) error {
				e := target.(*Engine)
				if d.store != nil {
					d.store(&e.Config, v)
				}
				if d.apply != nil {
					if err := d.apply(e, v); err != nil {
						return err
					}
				}
				if d.host && e.conf.host != nil {
					if err := e.conf.host(d.Name, v); err != nil {
						return errApply(hostReason(d.Name, err))
					}
				}
				return nil
			}
		}
		params[i] = p
	}
	r := config.New(params, SplitArgs, Match)
	r.Validate = validateConfig
	return r
}

// validateConfig checks a loaded configuration as a whole: the log file
// must be writable, as Redis checks before it starts.
func validateConfig(r *config.Registry) string {
	if path := r.String("logfile"); path != "" {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o666)
		if err != nil {
			return "Can't open the log file: " + config.Strerror(err)
		}
		f.Close()
	}
	return ""
}

// SettingsFrom returns the hot values of a loaded registry.
func SettingsFrom(r *config.Registry) Settings {
	s := Settings{complete: true}
	for _, d := range paramDefs() {
		if d.store != nil {
			d.store(&s, r.Value(d.Name))
		}
	}
	return s
}

// DefaultSettings returns the Settings of luakv's defaults.
func DefaultSettings() Settings { return SettingsFrom(NewConfig()) }

// withDefaults fills the zero fields of Settings written by hand (tests,
// tools) with the defaults; Settings from SettingsFrom are used as they are.
func (s Settings) withDefaults() Settings {
	if s.complete {
		return s
	}
	d := DefaultSettings()
	sv, dv := reflect.ValueOf(&s).Elem(), reflect.ValueOf(d)
	for i := 0; i < sv.NumField(); i++ {
		if f := sv.Field(i); f.CanSet() && f.IsZero() {
			f.Set(dv.Field(i))
		}
	}
	s.complete = true
	return s
}

// SetConfig binds the registry the engine was configured from: CONFIG
// GET/SET/REWRITE work on it and CONFIG SET applies changes to this
// engine. host applies the parameters the server binary owns (nil: they
// are only stored).
func (e *Engine) SetConfig(r *config.Registry, host HostApply) {
	e.conf = configState{reg: r, host: host}
	r.Bind(e)
	r.Warn = func(msg string) { e.Log.Logf(LogWarning, "%s", msg) }
}

// ConfigRegistry returns the registry bound by SetConfig (nil before).
// Read it only inside the executor once the server runs.
func (e *Engine) ConfigRegistry() *config.Registry { return e.conf.reg }

// PasswordRequired reports whether the default user has a password; it is
// safe outside the executor (protected mode checks it on accept).
func (e *Engine) PasswordRequired() bool { return e.passRequired.Load() }

// CountRejectedConnection counts a connection refused before it became a
// client (protected mode), in INFO's rejected_connections.
func (e *Engine) CountRejectedConnection() {
	e.mu.Lock()
	e.stats.RejectedConnections++
	e.mu.Unlock()
}

// errApply wraps an apply failure's client-visible reason.
func errApply(reason string) error { return errors.New(reason) }

// hostReason is the CONFIG SET reason for a failure of the server binary
// to apply name: Redis's texts for the listeners (the binary logs the
// details), the error itself otherwise.
func hostReason(name string, err error) string {
	switch name {
	case "port":
		return reasonPort
	case "bind":
		return reasonBind
	}
	return err.Error()
}

// CloseIdleClients closes the clients idle for more than timeout seconds,
// as Redis's client cron does; subscribers are exempt. The server binary
// calls it once a second. It returns how many it closed.
func (e *Engine) CloseIdleClients() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	limit := int64(e.Config.Timeout)
	if limit <= 0 {
		return 0
	}
	now := time.Now().UnixMilli() / 1000
	n := 0
	for _, cl := range e.clients {
		if cl.Subscriptions > 0 || cl.Kill == nil || now-cl.LastInteraction/1000 <= limit {
			continue
		}
		e.Log.Logf(LogVerbose, "Closing idle client")
		cl.Kill()
		n++
	}
	return n
}
