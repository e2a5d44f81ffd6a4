package engine

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// INFO [section ...]: the server report, a verbatim "txt" string (a bulk
// string in RESP2). Sections, field names and their order are Redis 7.0's,
// so tools that parse INFO find what they expect; fields for machinery
// luakv does not have (persistence, replication, allocator internals) hold
// the values an idle Redis without that machinery shows. luakv_version ends
// the server section.
//
// Section names are matched in any case; "default" (or no argument) selects
// Redis's default sections, "all" every section, "everything" every section
// plus module sections (there are none), and any mix of these and section
// names is allowed.
func cmdInfo(c *Ctx) {
	sel := parseInfoSections(c.Args[1:])
	c.WriteVerbatim("txt", c.E.infoString(sel))
}

// infoDefault are the sections plain INFO prints, in Redis's order.
var infoDefault = []string{"server", "clients", "memory", "persistence", "stats",
	"replication", "cpu", "module_list", "errorstats", "cluster", "keyspace"}

// infoSelection is a parsed INFO argument list.
type infoSelection struct {
	all   bool
	names map[string]bool // lowercase section names
}

func parseInfoSections(args [][]byte) infoSelection {
	sel := infoSelection{names: map[string]bool{}}
	add := func(name string) { sel.names[name] = true }
	if len(args) == 0 {
		for _, s := range infoDefault {
			add(s)
		}
		return sel
	}
	for _, a := range args {
		switch {
		case EqualFold(a, "default"):
			for _, s := range infoDefault {
				add(s)
			}
		case EqualFold(a, "all"), EqualFold(a, "everything"):
			sel.all = true
		default:
			add(strings.ToLower(string(a)))
		}
	}
	return sel
}

func (s infoSelection) has(names ...string) bool {
	if s.all {
		return true
	}
	for _, n := range names {
		if s.names[n] {
			return true
		}
	}
	return false
}

// infoBuf builds the report: "name:value\r\n" lines, sections separated by
// an empty line.
type infoBuf struct {
	b        []byte
	sections int
}

func (w *infoBuf) section(title string) {
	if w.sections > 0 {
		w.b = append(w.b, "\r\n"...)
	}
	w.sections++
	w.b = append(w.b, "# "...)
	w.b = append(w.b, title...)
	w.b = append(w.b, "\r\n"...)
}

func (w *infoBuf) str(k, v string) {
	w.b = append(w.b, k...)
	w.b = append(w.b, ':')
	w.b = append(w.b, v...)
	w.b = append(w.b, "\r\n"...)
}

func (w *infoBuf) int(k string, v int64) {
	w.b = append(w.b, k...)
	w.b = append(w.b, ':')
	w.b = strconv.AppendInt(w.b, v, 10)
	w.b = append(w.b, "\r\n"...)
}

// float writes v with prec decimals, as C's "%.<prec>f".
func (w *infoBuf) float(k string, v float64, prec int) {
	w.b = append(w.b, k...)
	w.b = append(w.b, ':')
	w.b = strconv.AppendFloat(w.b, v, 'f', prec, 64)
	w.b = append(w.b, "\r\n"...)
}

func (w *infoBuf) human(k string, v int64) {
	w.b = append(w.b, k...)
	w.b = append(w.b, ':')
	w.b = appendHumanBytes(w.b, v)
	w.b = append(w.b, "\r\n"...)
}

// percent writes v with two decimals and a '%' sign ("%.2f%%").
func (w *infoBuf) percent(k string, v float64) {
	w.b = append(w.b, k...)
	w.b = append(w.b, ':')
	w.b = strconv.AppendFloat(w.b, v, 'f', 2, 64)
	w.b = append(w.b, "%\r\n"...)
}

// infoString renders the selected sections, in Redis's order. Call it
// inside the executor.
func (e *Engine) infoString(sel infoSelection) []byte {
	w := &infoBuf{b: make([]byte, 0, 4096)}
	if sel.has("server") {
		e.infoServer(w)
	}
	if sel.has("clients") {
		e.infoClients(w)
	}
	if sel.has("memory") {
		e.infoMemory(w)
	}
	if sel.has("persistence") {
		e.infoPersistence(w)
	}
	if sel.has("stats") {
		e.infoStats(w)
	}
	if sel.has("replication") {
		infoReplication(w)
	}
	if sel.has("cpu") {
		infoCPU(w)
	}
	if sel.has("module_list", "modules") {
		w.section("Modules")
	}
	if sel.has("commandstats") {
		e.infoCommandStats(w)
	}
	if sel.has("errorstats") {
		e.infoErrorStats(w)
	}
	if sel.has("latencystats") {
		// luakv keeps no latency histograms: the section is empty, as in
		// a Redis with latency-tracking disabled.
		w.section("Latencystats")
	}
	if sel.has("cluster") {
		w.section("Cluster")
		w.int("cluster_enabled", 0)
	}
	if sel.has("keyspace") {
		e.infoKeyspace(w)
	}
	return w.b
}

// processRunID is this process's random 40-hex-digit identity (run_id), and
// processRepID its replication ID; both change on every start, as in Redis.
var (
	processRunID = sync.OnceValue(func() string { return randomHex40() })
	processRepID = sync.OnceValue(func() string { return randomHex40() })
)

func randomHex40() string {
	var b [20]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// buildInfo is what INFO server says about the binary: the VCS revision
// and whether the tree was modified, from the Go build information, and a
// build id derived from them.
var buildInfo = sync.OnceValue(func() (bi struct{ sha1, dirty, id, exe, os string }) {
	bi.sha1, bi.dirty = "00000000", "0"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if len(s.Value) >= 8 {
					bi.sha1 = s.Value[:8]
				}
			case "vcs.modified":
				if s.Value == "true" {
					bi.dirty = "1"
				}
			}
		}
	}
	bi.id = hex.EncodeToString([]byte(bi.sha1 + bi.dirty))[:16]
	if exe, err := os.Executable(); err == nil {
		bi.exe = exe
	}
	bi.os = osString()
	return bi
})

// osString is "sysname release machine" as uname reports them (read from
// /proc on Linux), or the Go OS and architecture elsewhere.
func osString() string {
	read := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(b))
	}
	sys, rel := read("/proc/sys/kernel/ostype"), read("/proc/sys/kernel/osrelease")
	machine := map[string]string{"amd64": "x86_64", "386": "i686", "arm64": "aarch64"}[runtime.GOARCH]
	if machine == "" {
		machine = runtime.GOARCH
	}
	if sys == "" {
		return runtime.GOOS + " " + runtime.GOARCH
	}
	return sys + " " + rel + " " + machine
}

// multiplexingAPI names the poller Go's network runtime uses here.
func multiplexingAPI() string {
	switch runtime.GOOS {
	case "linux", "android":
		return "epoll"
	case "darwin", "freebsd", "netbsd", "openbsd", "dragonfly":
		return "kqueue"
	case "solaris", "illumos":
		return "evport"
	}
	return "unknown"
}

func (e *Engine) infoServer(w *infoBuf) {
	bi := buildInfo()
	now := time.Now()
	uptime := int64(now.Sub(e.started) / time.Second)
	hz := e.Config.Hz
	if hz <= 0 {
		hz = 10
	}
	w.section("Server")
	w.str("redis_version", RedisVersion)
	w.str("redis_git_sha1", bi.sha1)
	w.str("redis_git_dirty", bi.dirty)
	w.str("redis_build_id", bi.id)
	w.str("redis_mode", "standalone")
	w.str("os", bi.os)
	w.int("arch_bits", strconv.IntSize)
	w.str("monotonic_clock", "POSIX clock_gettime")
	w.str("multiplexing_api", multiplexingAPI())
	w.str("atomicvar_api", "sync-atomic") // Go's sync/atomic
	w.str("gcc_version", "0.0.0")         // not built with gcc
	w.int("process_id", int64(os.Getpid()))
	w.str("process_supervised", "no")
	w.str("run_id", processRunID())
	port, confFile := int64(e.Config.Port), e.Config.ConfigFile
	if r := e.ConfigRegistry(); r != nil {
		port, confFile = r.Int("port"), r.File
	}
	w.int("tcp_port", port)
	w.int("server_time_usec", now.UnixMicro())
	w.int("uptime_in_seconds", uptime)
	w.int("uptime_in_days", uptime/(3600*24))
	w.int("hz", int64(hz))
	w.int("configured_hz", int64(hz))
	w.int("lru_clock", int64(e.lruClock()))
	w.str("executable", bi.exe)
	w.str("config_file", confFile)
	w.int("io_threads_active", 0)
	w.str("luakv_version", Version)
}

func (e *Engine) infoClients(w *infoBuf) {
	var maxIn, maxOut int
	for _, cl := range e.clients {
		maxIn = max(maxIn, cl.QueryBuf)
		maxOut = max(maxOut, cl.OutputBuf)
	}
	w.section("Clients")
	w.int("connected_clients", int64(len(e.clients)))
	w.int("cluster_connections", 0)
	w.int("maxclients", int64(e.Config.MaxClients))
	w.int("client_recent_max_input_buffer", int64(maxIn))
	w.int("client_recent_max_output_buffer", int64(maxOut))
	w.int("blocked_clients", int64(e.BlockedClients()))
	w.int("tracking_clients", 0)
	w.int("clients_in_timeout_table", 0)
}

// memoryOverview is INFO memory's figures. used_memory is the Go heap in
// use; the "allocator" figures are the Go runtime's (objects, heap spans in
// use, all memory mapped and not released) and the RSS is the kernel's.
type memoryOverview struct {
	used, peak, startup, overhead, dataset, rss int64
	mem                                         goMem
	clientsNormal                               int64
}

func (e *Engine) memoryOverview() memoryOverview {
	m := memoryOverview{mem: readGoMem()}
	m.used = m.mem.heapUsed
	e.noteUsedMemory(m.used) // the maxmemory gate's figure too
	st := &e.srv
	if st.startupMem == 0 {
		st.startupMem = m.used
	}
	st.peakMem = max(st.peakMem, m.used)
	if st.rss == 0 {
		st.rss = readRSS()
	}
	m.peak, m.startup, m.rss = st.peakMem, st.startupMem, st.rss
	for _, cl := range e.clients {
		m.clientsNormal += int64(cl.QueryBuf + cl.OutputBuf)
	}
	// The databases' structure (bucket arrays and TTL tables) is the
	// overhead Redis counts besides startup memory and client buffers.
	var dbOverhead int64
	for _, db := range e.dbs {
		if db.Len() == 0 && db.ExpiresLen() == 0 {
			continue
		}
		dbOverhead += int64(len(db.keys.ht[0].buckets)+len(db.keys.ht[1].buckets)) * 8
		dbOverhead += int64(db.ExpiresLen()) * (dictEntrySize + 8)
	}
	m.overhead = m.startup + m.clientsNormal + dbOverhead
	m.dataset = max(m.used-m.overhead, 0)
	return m
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (e *Engine) infoMemory(w *infoBuf) {
	m := e.memoryOverview()
	sys := systemMemory()
	w.section("Memory")
	w.int("used_memory", m.used)
	w.human("used_memory_human", m.used)
	w.int("used_memory_rss", m.rss)
	w.human("used_memory_rss_human", m.rss)
	w.int("used_memory_peak", m.peak)
	w.human("used_memory_peak_human", m.peak)
	w.percent("used_memory_peak_perc", ratio(m.used, m.peak)*100)
	w.int("used_memory_overhead", m.overhead)
	w.int("used_memory_startup", m.startup)
	w.int("used_memory_dataset", m.dataset)
	w.percent("used_memory_dataset_perc", ratio(m.dataset, max(m.used-m.startup, 0))*100)
	w.int("allocator_allocated", m.mem.objects)
	w.int("allocator_active", m.mem.heapUsed)
	w.int("allocator_resident", m.mem.resident)
	w.int("total_system_memory", sys)
	w.human("total_system_memory_human", sys)
	var evalMem, vmMem int64
	var scripts int
	if e.Scripts != nil {
		evalMem, scripts, _, vmMem = e.Scripts.ScriptMemory()
	}
	w.int("used_memory_lua", vmMem)
	w.int("used_memory_vm_eval", vmMem)
	w.human("used_memory_lua_human", vmMem)
	w.int("used_memory_scripts_eval", evalMem)
	w.int("number_of_cached_scripts", int64(scripts))
	w.int("number_of_functions", 0)
	w.int("number_of_libraries", 0)
	w.int("used_memory_vm_functions", 0)
	w.int("used_memory_vm_total", vmMem)
	w.human("used_memory_vm_total_human", vmMem)
	w.int("used_memory_functions", 0)
	w.int("used_memory_scripts", evalMem)
	w.human("used_memory_scripts_human", evalMem)
	e.infoMaxMemory(w)
	w.float("allocator_frag_ratio", ratio(m.mem.heapUsed, m.mem.objects), 2)
	w.int("allocator_frag_bytes", m.mem.heapUsed-m.mem.objects)
	w.float("allocator_rss_ratio", ratio(m.mem.resident, m.mem.heapUsed), 2)
	w.int("allocator_rss_bytes", m.mem.resident-m.mem.heapUsed)
	w.float("rss_overhead_ratio", ratio(m.rss, m.mem.resident), 2)
	w.int("rss_overhead_bytes", m.rss-m.mem.resident)
	w.float("mem_fragmentation_ratio", ratio(m.rss, m.used), 2)
	w.int("mem_fragmentation_bytes", m.rss-m.used)
	w.int("mem_not_counted_for_evict", 0)
	w.int("mem_replication_backlog", 0)
	w.int("mem_total_replication_buffers", 0)
	w.int("mem_clients_slaves", 0)
	w.int("mem_clients_normal", m.clientsNormal)
	w.int("mem_cluster_links", 0)
	w.int("mem_aof_buffer", 0)
	w.str("mem_allocator", "go-"+strings.TrimPrefix(runtime.Version(), "go"))
	w.int("active_defrag_running", 0)
	w.int("lazyfree_pending_objects", 0)
	w.int("lazyfreed_objects", 0)
}

// infoPersistence reports the RDB saves (SAVE, BGSAVE) and the last load;
// no AOF.
func (e *Engine) infoPersistence(w *infoBuf) {
	w.section("Persistence")
	w.int("loading", 0)
	w.int("async_loading", 0)
	w.int("current_cow_peak", 0)
	w.int("current_cow_size", 0)
	w.int("current_cow_size_age", 0)
	w.float("current_fork_perc", 0, 2)
	w.int("current_save_keys_processed", 0)
	w.int("current_save_keys_total", 0)
	w.int("rdb_changes_since_last_save", e.stats.Dirty)
	bg := &e.persist.bg
	w.int("rdb_bgsave_in_progress", boolInt(bg.running))
	w.int("rdb_last_save_time", e.lastSave)
	w.str("rdb_last_bgsave_status", okOrErr(!e.persist.lastSaveFailed))
	w.int("rdb_last_bgsave_time_sec", bg.lastSecs)
	current := int64(-1)
	if bg.running {
		current = int64(time.Since(bg.started).Seconds())
	}
	w.int("rdb_current_bgsave_time_sec", current)
	w.int("rdb_saves", e.persist.saves)
	w.int("rdb_last_cow_size", 0)
	w.int("rdb_last_load_keys_expired", e.persist.expiredKeys)
	w.int("rdb_last_load_keys_loaded", e.persist.loadedKeys)
	w.int("aof_enabled", 0)
	w.int("aof_rewrite_in_progress", 0)
	w.int("aof_rewrite_scheduled", 0)
	w.int("aof_last_rewrite_time_sec", -1)
	w.int("aof_current_rewrite_time_sec", -1)
	w.str("aof_last_bgrewrite_status", "ok")
	w.int("aof_rewrites", 0)
	w.int("aof_rewrites_consecutive_failures", 0)
	w.str("aof_last_write_status", "ok")
	w.int("aof_last_cow_size", 0)
	w.int("module_fork_in_progress", 0)
	w.int("module_fork_last_cow_size", 0)
}

func (e *Engine) infoStats(w *infoBuf) {
	s := &e.stats
	st := &e.srv
	w.section("Stats")
	w.int("total_connections_received", s.ConnectionsReceived)
	w.int("total_commands_processed", s.CommandsProcessed)
	w.int("instantaneous_ops_per_sec", st.instantaneous(metricOps))
	w.int("total_net_input_bytes", s.NetInputBytes)
	w.int("total_net_output_bytes", s.NetOutputBytes)
	w.int("total_net_repl_input_bytes", 0)
	w.int("total_net_repl_output_bytes", 0)
	w.float("instantaneous_input_kbps", float64(float32(st.instantaneous(metricNetIn))/1024), 2)
	w.float("instantaneous_output_kbps", float64(float32(st.instantaneous(metricNetOut))/1024), 2)
	w.float("instantaneous_input_repl_kbps", 0, 2)
	w.float("instantaneous_output_repl_kbps", 0, 2)
	w.int("rejected_connections", s.RejectedConnections)
	w.int("sync_full", 0)
	w.int("sync_partial_ok", 0)
	w.int("sync_partial_err", 0)
	w.int("expired_keys", s.ExpiredKeys)
	// Stats.ExpiredStalePerc is a fraction (0..1), as Redis keeps it.
	w.float("expired_stale_perc", s.ExpiredStalePerc*100, 2)
	w.int("expired_time_cap_reached_count", s.ExpiredTimeCapReached)
	w.int("expire_cycle_cpu_milliseconds", 0)
	w.int("evicted_keys", s.EvictedKeys)
	w.int("evicted_clients", 0)
	// evicted_scripts is Redis 7.4's: EVAL scripts dropped by the bounded
	// script cache (luakv bounds it as 7.4 does).
	var evictedScripts int64
	if e.Scripts != nil {
		_, _, evictedScripts, _ = e.Scripts.ScriptMemory()
	}
	w.int("evicted_scripts", evictedScripts)
	exceededTotal, exceededCur := e.evictionExceeded()
	w.int("total_eviction_exceeded_time", exceededTotal)
	w.int("current_eviction_exceeded_time", exceededCur)
	w.int("keyspace_hits", s.KeyspaceHits)
	w.int("keyspace_misses", s.KeyspaceMisses)
	psChannels, psPatterns := e.PubSubCounts()
	w.int("pubsub_channels", int64(psChannels))
	w.int("pubsub_patterns", int64(psPatterns))
	w.int("pubsubshard_channels", 0)
	w.int("latest_fork_usec", 0)
	w.int("total_forks", 0)
	w.int("migrate_cached_sockets", 0)
	w.int("slave_expires_tracked_keys", 0)
	w.int("active_defrag_hits", 0)
	w.int("active_defrag_misses", 0)
	w.int("active_defrag_key_hits", 0)
	w.int("active_defrag_key_misses", 0)
	w.int("total_active_defrag_time", 0)
	w.int("current_active_defrag_time", 0)
	w.int("tracking_total_keys", 0)
	w.int("tracking_total_items", 0)
	w.int("tracking_total_prefixes", 0)
	w.int("unexpected_error_replies", 0)
	w.int("total_error_replies", s.ErrorReplies)
	w.int("dump_payload_sanitizations", 0)
	w.int("total_reads_processed", 0)
	w.int("total_writes_processed", 0)
	w.int("io_threaded_reads_processed", 0)
	w.int("io_threaded_writes_processed", 0)
	w.int("reply_buffer_shrinks", 0)
	w.int("reply_buffer_expands", 0)
}

// infoReplication describes a master without replicas or backlog.
func infoReplication(w *infoBuf) {
	w.section("Replication")
	w.str("role", "master")
	w.int("connected_slaves", 0)
	w.str("master_failover_state", "no-failover")
	w.str("master_replid", processRepID())
	w.str("master_replid2", "0000000000000000000000000000000000000000")
	w.int("master_repl_offset", 0)
	w.int("second_repl_offset", -1)
	w.int("repl_backlog_active", 0)
	w.int("repl_backlog_size", 1048576)
	w.int("repl_backlog_first_byte_offset", 0)
	w.int("repl_backlog_histlen", 0)
}

// infoCPU reports the process's CPU time. Redis adds the main thread's
// own times; luakv's executor is not a thread, so those lines are left out.
func infoCPU(w *infoBuf) {
	var self, children syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	w.section("CPU")
	w.str("used_cpu_sys", timevalString(self.Stime))
	w.str("used_cpu_user", timevalString(self.Utime))
	w.str("used_cpu_sys_children", timevalString(children.Stime))
	w.str("used_cpu_user_children", timevalString(children.Utime))
}

// timevalString formats tv as "%ld.%06ld".
func timevalString(tv syscall.Timeval) string {
	us := strconv.FormatInt(int64(tv.Usec), 10)
	return strconv.FormatInt(int64(tv.Sec), 10) + "." + strings.Repeat("0", max(6-len(us), 0)) + us
}

// infoCommandStats lists every command (then its subcommands) that was
// called, failed or rejected, in table order.
func (e *Engine) infoCommandStats(w *infoBuf) {
	w.section("Commandstats")
	var line func(cmd *Command)
	line = func(cmd *Command) {
		st := e.cmdStats[cmd.id]
		if st.Calls != 0 || st.FailedCalls != 0 || st.RejectedCalls != 0 {
			w.b = append(w.b, "cmdstat_"...)
			w.b = append(w.b, safeInfoString(cmd.Name)...)
			w.b = append(w.b, ":calls="...)
			w.b = strconv.AppendInt(w.b, st.Calls, 10)
			w.b = append(w.b, ",usec="...)
			w.b = strconv.AppendInt(w.b, st.Usec, 10)
			w.b = append(w.b, ",usec_per_call="...)
			var per float32 // Redis divides in single precision
			if st.Calls != 0 {
				per = float32(st.Usec) / float32(st.Calls)
			}
			w.b = strconv.AppendFloat(w.b, float64(per), 'f', 2, 64)
			w.b = append(w.b, ",rejected_calls="...)
			w.b = strconv.AppendInt(w.b, st.RejectedCalls, 10)
			w.b = append(w.b, ",failed_calls="...)
			w.b = strconv.AppendInt(w.b, st.FailedCalls, 10)
			w.b = append(w.b, "\r\n"...)
		}
		for _, sub := range cmd.SubCmd {
			line(sub)
		}
	}
	for _, cmd := range e.table.Commands() {
		line(cmd)
	}
}

// infoErrorStats lists error reply counts by error code, sorted by code as
// Redis's radix tree orders them.
func (e *Engine) infoErrorStats(w *infoBuf) {
	w.section("Errorstats")
	codes := make([]string, 0, len(e.stats.ErrorCodes))
	for code := range e.stats.ErrorCodes {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		w.b = append(w.b, "errorstat_"...)
		w.b = append(w.b, safeInfoString(code)...)
		w.b = append(w.b, ":count="...)
		w.b = strconv.AppendInt(w.b, e.stats.ErrorCodes[code], 10)
		w.b = append(w.b, "\r\n"...)
	}
}

func (e *Engine) infoKeyspace(w *infoBuf) {
	w.section("Keyspace")
	for _, db := range e.dbs {
		keys, vkeys := db.Len(), db.ExpiresLen()
		if keys == 0 && vkeys == 0 {
			continue
		}
		w.b = append(w.b, "db"...)
		w.b = strconv.AppendInt(w.b, int64(db.ID), 10)
		w.b = append(w.b, ":keys="...)
		w.b = strconv.AppendInt(w.b, int64(keys), 10)
		w.b = append(w.b, ",expires="...)
		w.b = strconv.AppendInt(w.b, int64(vkeys), 10)
		w.b = append(w.b, ",avg_ttl="...)
		w.b = strconv.AppendInt(w.b, db.avgTTL, 10)
		w.b = append(w.b, "\r\n"...)
	}
}

// safeInfoString replaces the characters that would break INFO's line
// format ('#', ':', CR, LF) with '_', as Redis does for names it echoes.
func safeInfoString(s string) string {
	if !strings.ContainsAny(s, "#:\r\n") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '#', ':', '\r', '\n':
			return '_'
		}
		return r
	}, s)
}

// Instantaneous metrics, sampled by SampleStats.
const (
	metricOps = iota
	metricNetIn
	metricNetOut
	metricCount

	statSamples = 16 // samples averaged, as Redis's STATS_METRIC_SAMPLES
)

// serverState is what INFO keeps between calls: the instantaneous metric
// samples, the memory peak, startup memory and the last RSS reading.
type serverState struct {
	samples    [metricCount][statSamples]int64
	idx        [metricCount]int
	last       [metricCount]int64
	lastMs     int64
	peakMem    int64
	startupMem int64
	rss        int64
}

// instantaneous is the mean of a metric's per-second rates over the last
// samples (slots not yet sampled count as zero, as in Redis).
func (st *serverState) instantaneous(m int) int64 {
	var sum int64
	for _, v := range st.samples[m] {
		sum += v
	}
	return sum / statSamples
}

// SampleStats records one sample of the instantaneous metrics (commands
// per second, network input and output per second), the memory peak and
// the process RSS. The server cron calls it every 100ms, as Redis's cron
// samples, and must hold the executor (call it inside Engine.Run).
func (e *Engine) SampleStats() {
	st := &e.srv
	nowMs := time.Now().UnixMilli()
	cur := [metricCount]int64{e.stats.CommandsProcessed, e.stats.NetInputBytes, e.stats.NetOutputBytes}
	if st.lastMs != 0 {
		dt := nowMs - st.lastMs
		for m := range cur {
			var rate int64
			if dt > 0 {
				rate = (cur[m] - st.last[m]) * 1000 / dt
			}
			st.samples[m][st.idx[m]] = rate
			st.idx[m] = (st.idx[m] + 1) % statSamples
		}
	}
	st.last, st.lastMs = cur, nowMs
	used := readGoMem().heapUsed
	e.noteUsedMemory(used) // the cron's refresh of the maxmemory gate's figure
	if st.startupMem == 0 {
		st.startupMem = used
	}
	st.peakMem = max(st.peakMem, used)
	st.rss = readRSS()
}

// okOrErr is how INFO reports a status: "ok" or "err".
func okOrErr(ok bool) string {
	if ok {
		return "ok"
	}
	return "err"
}
