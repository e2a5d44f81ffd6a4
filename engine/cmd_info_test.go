package engine

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// redisInfoFields are the sections of redis-server 7.0.15's INFO
// EVERYTHING and their fixed fields, in order. luakv adds luakv_version at
// the end of Server and leaves out CPU's main-thread lines (its executor is
// not a thread).
var redisInfoFields = []struct{ section, fields string }{
	{"Server", `redis_version redis_git_sha1 redis_git_dirty redis_build_id redis_mode os arch_bits monotonic_clock multiplexing_api atomicvar_api gcc_version process_id process_supervised run_id tcp_port server_time_usec uptime_in_seconds uptime_in_days hz configured_hz lru_clock executable config_file io_threads_active`},
	{"Clients", `connected_clients cluster_connections maxclients client_recent_max_input_buffer client_recent_max_output_buffer blocked_clients tracking_clients clients_in_timeout_table`},
	{"Memory", `used_memory used_memory_human used_memory_rss used_memory_rss_human used_memory_peak used_memory_peak_human used_memory_peak_perc used_memory_overhead used_memory_startup used_memory_dataset used_memory_dataset_perc allocator_allocated allocator_active allocator_resident total_system_memory total_system_memory_human used_memory_lua used_memory_vm_eval used_memory_lua_human used_memory_scripts_eval number_of_cached_scripts number_of_functions number_of_libraries used_memory_vm_functions used_memory_vm_total used_memory_vm_total_human used_memory_functions used_memory_scripts used_memory_scripts_human maxmemory maxmemory_human maxmemory_policy allocator_frag_ratio allocator_frag_bytes allocator_rss_ratio allocator_rss_bytes rss_overhead_ratio rss_overhead_bytes mem_fragmentation_ratio mem_fragmentation_bytes mem_not_counted_for_evict mem_replication_backlog mem_total_replication_buffers mem_clients_slaves mem_clients_normal mem_cluster_links mem_aof_buffer mem_allocator active_defrag_running lazyfree_pending_objects lazyfreed_objects`},
	{"Persistence", `loading async_loading current_cow_peak current_cow_size current_cow_size_age current_fork_perc current_save_keys_processed current_save_keys_total rdb_changes_since_last_save rdb_bgsave_in_progress rdb_last_save_time rdb_last_bgsave_status rdb_last_bgsave_time_sec rdb_current_bgsave_time_sec rdb_saves rdb_last_cow_size rdb_last_load_keys_expired rdb_last_load_keys_loaded aof_enabled aof_rewrite_in_progress aof_rewrite_scheduled aof_last_rewrite_time_sec aof_current_rewrite_time_sec aof_last_bgrewrite_status aof_rewrites aof_rewrites_consecutive_failures aof_last_write_status aof_last_cow_size module_fork_in_progress module_fork_last_cow_size`},
	{"Stats", `total_connections_received total_commands_processed instantaneous_ops_per_sec total_net_input_bytes total_net_output_bytes total_net_repl_input_bytes total_net_repl_output_bytes instantaneous_input_kbps instantaneous_output_kbps instantaneous_input_repl_kbps instantaneous_output_repl_kbps rejected_connections sync_full sync_partial_ok sync_partial_err expired_keys expired_stale_perc expired_time_cap_reached_count expire_cycle_cpu_milliseconds evicted_keys evicted_clients total_eviction_exceeded_time current_eviction_exceeded_time keyspace_hits keyspace_misses pubsub_channels pubsub_patterns pubsubshard_channels latest_fork_usec total_forks migrate_cached_sockets slave_expires_tracked_keys active_defrag_hits active_defrag_misses active_defrag_key_hits active_defrag_key_misses total_active_defrag_time current_active_defrag_time tracking_total_keys tracking_total_items tracking_total_prefixes unexpected_error_replies total_error_replies dump_payload_sanitizations total_reads_processed total_writes_processed io_threaded_reads_processed io_threaded_writes_processed reply_buffer_shrinks reply_buffer_expands`},
	{"Replication", `role connected_slaves master_failover_state master_replid master_replid2 master_repl_offset second_repl_offset repl_backlog_active repl_backlog_size repl_backlog_first_byte_offset repl_backlog_histlen`},
	{"CPU", `used_cpu_sys used_cpu_user used_cpu_sys_children used_cpu_user_children used_cpu_sys_main_thread used_cpu_user_main_thread`},
	{"Modules", ``},
	{"Commandstats", ``},
	{"Errorstats", ``},
	{"Latencystats", ``},
	{"Cluster", `cluster_enabled`},
	{"Keyspace", ``},
}

// infoReply runs INFO with args and returns the report, checking the RESP
// framing: a bulk string in RESP2, a "txt" verbatim string in RESP3.
func infoReply(t *testing.T, e *Engine, cl *Client, args ...string) string {
	t.Helper()
	raw := do(e, cl, append([]string{"info"}, args...)...)
	head, body, ok := strings.Cut(raw, "\r\n")
	if !ok || !strings.HasSuffix(body, "\r\n") {
		t.Fatalf("info %v: bad reply %q", args, raw)
	}
	body = body[:len(body)-2]
	kind, n := head[0], head[1:]
	if cl.Proto == 3 {
		if kind != '=' || !strings.HasPrefix(body, "txt:") {
			t.Fatalf("info %v in RESP3: %q", args, raw[:min(len(raw), 40)])
		}
		body = body[4:]
		if n != strconv.Itoa(len(body)+4) {
			t.Fatalf("info %v: length %s for %d bytes", args, n, len(body)+4)
		}
		return body
	}
	if kind != '$' || n != strconv.Itoa(len(body)) {
		t.Fatalf("info %v: %q for %d bytes", args, head, len(body))
	}
	return body
}

// infoSections splits a report into section titles and their lines.
func infoSections(t *testing.T, report string) (titles []string, lines map[string][]string) {
	t.Helper()
	lines = map[string][]string{}
	if report == "" {
		return nil, lines
	}
	if !strings.HasSuffix(report, "\r\n") {
		t.Fatalf("report does not end with CRLF: %q", report[max(0, len(report)-20):])
	}
	for i, sec := range strings.Split(strings.TrimSuffix(report, "\r\n"), "\r\n\r\n") {
		ls := strings.Split(sec, "\r\n")
		title, ok := strings.CutPrefix(ls[0], "# ")
		if !ok {
			t.Fatalf("section %d starts with %q", i, ls[0])
		}
		titles = append(titles, title)
		lines[title] = ls[1:]
	}
	return titles, lines
}

func TestInfoSectionSelection(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	defaults := "Server Clients Memory Persistence Stats Replication CPU Modules Errorstats Cluster Keyspace"
	all := "Server Clients Memory Persistence Stats Replication CPU Modules Commandstats Errorstats Latencystats Cluster Keyspace"
	for _, c := range []struct{ args, want string }{
		{"", defaults},
		{"default", defaults},
		{"DEFAULT", defaults},
		{"all", all},
		{"everything", all},
		{"ALL default", all},
		{"default commandstats", "Server Clients Memory Persistence Stats Replication CPU Modules Commandstats Errorstats Cluster Keyspace"},
		{"server", "Server"},
		{"SERVER", "Server"},
		{"keyspace server server", "Server Keyspace"},
		{"cpu keyspace", "CPU Keyspace"},
		{"modules", "Modules"},
		{"module_list", "Modules"},
		{"commandstats errorstats latencystats", "Commandstats Errorstats Latencystats"},
		{"bogus", ""},
		{"bogus cluster", "Cluster"},
		{"everything cluster", all},
	} {
		for _, proto := range []int{2, 3} {
			cl.Proto = proto
			titles, _ := infoSections(t, infoReply(t, e, cl, words(c.args)...))
			if got := strings.Join(titles, " "); got != c.want {
				t.Errorf("RESP%d info %s: sections %q, want %q", proto, c.args, got, c.want)
			}
		}
	}
	// Raw replies from redis-server 7.0.15.
	cl.Proto = 2
	runCases(t, e, cl, []srvCase{
		{words("info bogus"), "$0\r\n\r\n"},
		{words("info cluster"), "$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n"},
		{words("info cluster keyspace"), "$44\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n# Keyspace\r\n\r\n"},
	})
	cl.Proto = 3
	runCases(t, e, cl, []srvCase{
		{words("info bogus"), "=4\r\ntxt:\r\n"},
		{words("info cluster"), "=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n"},
		{words("info cluster keyspace"), "=48\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n# Keyspace\r\n\r\n"},
	})
}

func TestInfoFieldsMatchRedis(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	do(e, cl, "set", "a", "1")
	do(e, cl, "get")
	titles, lines := infoSections(t, infoReply(t, e, cl, "everything"))
	if len(titles) != len(redisInfoFields) {
		t.Fatalf("sections %v", titles)
	}
	for i, want := range redisInfoFields {
		if titles[i] != want.section {
			t.Errorf("section %d is %q, want %q", i, titles[i], want.section)
			continue
		}
		var got []string
		for _, l := range lines[want.section] {
			k, _, ok := strings.Cut(l, ":")
			if !ok {
				t.Errorf("%s: line %q has no ':'", want.section, l)
			}
			switch {
			case strings.HasPrefix(k, "cmdstat_"), strings.HasPrefix(k, "errorstat_"), strings.HasPrefix(k, "db"):
				continue // variable lines, checked elsewhere
			}
			got = append(got, k)
		}
		wantFields := want.fields
		switch want.section {
		case "Server":
			wantFields += " luakv_version"
		case "CPU":
			wantFields = strings.TrimSuffix(wantFields, " used_cpu_sys_main_thread used_cpu_user_main_thread")
		case "Stats":
			// Redis 7.4's field for the bounded EVAL script cache.
			wantFields = strings.Replace(wantFields, "evicted_clients", "evicted_clients evicted_scripts", 1)
		}
		if g := strings.Join(got, " "); g != wantFields {
			t.Errorf("%s fields\n got: %s\nwant: %s", want.section, g, wantFields)
		}
	}
}

// TestInfoFormats checks each field's value format, as Redis prints it.
func TestInfoFormats(t *testing.T) {
	e := New(Commands, Settings{Databases: 16, MaxClients: 4321, Port: 6390, ConfigFile: "/etc/luakv.conf", Hz: 15})
	cl := testClient(e)
	_, lines := infoSections(t, infoReply(t, e, cl, "all"))
	fields := map[string]string{}
	for _, ls := range lines {
		for _, l := range ls {
			k, v, _ := strings.Cut(l, ":")
			fields[k] = v
		}
	}
	integer := `-?\d+`
	human := `(\d+B|\d+\.\d\d[KMGTP])`
	for k, re := range map[string]string{
		"redis_version":             `7\.0\.15`,
		"luakv_version":             regexp.QuoteMeta(Version),
		"redis_git_sha1":            `[0-9a-f]{8}`,
		"redis_git_dirty":           `[01]`,
		"redis_build_id":            `[0-9a-f]{16}`,
		"redis_mode":                `standalone`,
		"os":                        `\S+ \S+ \S+`,
		"arch_bits":                 `64|32`,
		"process_id":                integer,
		"run_id":                    `[0-9a-f]{40}`,
		"tcp_port":                  `6390`,
		"config_file":               `/etc/luakv\.conf`,
		"hz":                        `15`,
		"configured_hz":             `15`,
		"uptime_in_seconds":         integer,
		"uptime_in_days":            `0`,
		"server_time_usec":          `\d{16}`,
		"lru_clock":                 integer,
		"executable":                `/.+`,
		"connected_clients":         `1`,
		"maxclients":                `4321`,
		"used_memory":               `\d+`,
		"used_memory_human":         human,
		"used_memory_rss_human":     human,
		"used_memory_peak_human":    human,
		"total_system_memory_human": human,
		"maxmemory_human":           `0B`,
		"used_memory_peak_perc":     `\d+\.\d\d%`,
		"used_memory_dataset_perc":  `\d+\.\d\d%`,
		"allocator_frag_ratio":      `\d+\.\d\d`,
		"mem_fragmentation_ratio":   `\d+\.\d\d`,
		"mem_allocator":             `go-\S+`,
		"maxmemory_policy":          `noeviction`,
		"current_fork_perc":         `0\.00`,
		"rdb_last_bgsave_status":    `ok`,
		"rdb_last_save_time":        strconv.FormatInt(e.lastSave, 10),
		"instantaneous_input_kbps":  `\d+\.\d\d`,
		"expired_stale_perc":        `\d+\.\d\d`,
		"role":                      `master`,
		"master_replid":             `[0-9a-f]{40}`,
		"master_replid2":            `0{40}`,
		"second_repl_offset":        `-1`,
		"repl_backlog_size":         `1048576`,
		"used_cpu_sys":              `\d+\.\d{6}`,
		"used_cpu_user":             `\d+\.\d{6}`,
		"used_cpu_user_children":    `\d+\.\d{6}`,
		"cluster_enabled":           `0`,
	} {
		v, ok := fields[k]
		if !ok {
			t.Errorf("%s missing", k)
			continue
		}
		if !regexp.MustCompile(`^(` + re + `)$`).MatchString(v) {
			t.Errorf("%s:%s does not match %s", k, v, re)
		}
	}
	if fields["run_id"] == fields["master_replid"] {
		t.Errorf("run_id and master_replid are the same")
	}
	// run_id is per process: a second engine reports the same.
	_, l2 := infoSections(t, infoReply(t, srvTestEngine(t), cl, "server"))
	if !strings.Contains(strings.Join(l2["Server"], "\n"), "run_id:"+fields["run_id"]) {
		t.Errorf("run_id differs between engines of one process")
	}
}

func TestInfoHumanBytes(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0B", 1023: "1023B", 1024: "1.00K", 916264: "894.79K", 6664192: "6.36M",
		1 << 20: "1.00M", 25276063744: "23.54G", 1 << 40: "1.00T", 3 << 50: "3.00P",
		1<<60 + 5: "1152921504606846981B",
	} {
		if got := string(appendHumanBytes(nil, n)); got != want {
			t.Errorf("human(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestInfoCommandAndErrorStats(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	do(e, cl, "get")                   // rejected: arity
	do(e, cl, "swapdb", "a", "1")      // failed
	do(e, cl, "memory", "usage", "no") // subcommand
	do(e, cl, "set", "a", "1")
	_, lines := infoSections(t, infoReply(t, e, cl, "commandstats"))
	got := strings.Join(lines["Commandstats"], "\n")
	usec := regexp.MustCompile(`usec=\d+,usec_per_call=\d+\.\d\d`)
	got = usec.ReplaceAllString(got, "usec=U")
	// As redis-server 7.0.15 prints them (its order is its hash table's).
	for _, want := range []string{
		"cmdstat_get:calls=0,usec=U,rejected_calls=1,failed_calls=0",
		"cmdstat_swapdb:calls=1,usec=U,rejected_calls=0,failed_calls=1",
		"cmdstat_memory|usage:calls=1,usec=U,rejected_calls=0,failed_calls=0",
		"cmdstat_set:calls=1,usec=U,rejected_calls=0,failed_calls=0",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("commandstats lack %q:\n%s", want, got)
		}
	}
	if n := len(lines["Commandstats"]); n != 4 {
		t.Errorf("%d commandstats lines, want 4", n)
	}
	// usec_per_call is computed in single precision, as Redis does.
	e.cmdStats[e.table.Get("set").id] = CommandStats{Calls: 3, Usec: 10}
	_, lines = infoSections(t, infoReply(t, e, cl, "commandstats"))
	if !strings.Contains(strings.Join(lines["Commandstats"], "\n"), "cmdstat_set:calls=3,usec=10,usec_per_call=3.33,") {
		t.Errorf("usec_per_call: %v", lines["Commandstats"])
	}

	e.countError("WRONGTYPE")
	e.countError("BUSY")
	e.countError("ODD:CODE#")
	_, lines = infoSections(t, infoReply(t, e, cl, "errorstats"))
	want := "errorstat_BUSY:count=1 errorstat_ERR:count=2 errorstat_ODD_CODE_:count=1 errorstat_WRONGTYPE:count=1"
	if got := strings.Join(lines["Errorstats"], " "); got != want {
		t.Errorf("errorstats %q, want %q", got, want)
	}
	_, lines = infoSections(t, infoReply(t, e, cl, "stats"))
	if !slicesContain(lines["Stats"], "total_error_replies:5") {
		t.Errorf("total_error_replies: %v", lines["Stats"])
	}
}

func slicesContain(ls []string, s string) bool {
	for _, l := range ls {
		if l == s {
			return true
		}
	}
	return false
}

func TestInfoKeyspaceAndCounters(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	do(e, cl, "set", "a", "1")
	do(e, cl, "set", "b", "1")
	do(e, cl, "select", "3")
	do(e, cl, "set", "c", "1")
	e.Run(cl, NewRespWriter(2), func(c *Ctx) {
		c.DB.SetExpire(c.DB.Peek([]byte("c")), c.E.Now()+100000)
		c.DB.avgTTL = 99000
	})
	do(e, cl, "get", "c")
	do(e, cl, "get", "nope")
	runCases(t, e, cl, []srvCase{{words("info keyspace"),
		"$80\r\n# Keyspace\r\ndb0:keys=2,expires=0,avg_ttl=0\r\ndb3:keys=1,expires=1,avg_ttl=99000\r\n\r\n"}})
	_, lines := infoSections(t, infoReply(t, e, cl, "stats", "persistence"))
	for _, want := range []string{"keyspace_hits:1", "keyspace_misses:1", "total_connections_received:1"} {
		if !slicesContain(lines["Stats"], want) {
			t.Errorf("stats lack %q", want)
		}
	}
	// 3 SETs and the TTL change.
	if !slicesContain(lines["Persistence"], "rdb_changes_since_last_save:4") {
		t.Errorf("persistence: %v", lines["Persistence"])
	}
	// total_commands_processed counts this INFO's predecessors.
	before := e.stats.CommandsProcessed
	_, lines = infoSections(t, infoReply(t, e, cl, "stats"))
	if !slicesContain(lines["Stats"], "total_commands_processed:"+strconv.FormatInt(before, 10)) {
		t.Errorf("total_commands_processed: want %d", before)
	}
}

func TestSampleStatsInstantaneous(t *testing.T) {
	e := srvTestEngine(t)
	cl := testClient(e)
	w := NewRespWriter(2)
	sample := func() { e.Run(cl, w, func(*Ctx) { e.SampleStats() }) }
	sample()
	for i := 0; i < 200; i++ {
		do(e, cl, "ping")
	}
	e.AddNetIO(64*1024, 32*1024)
	time.Sleep(100 * time.Millisecond)
	sample()
	_, lines := infoSections(t, infoReply(t, e, cl, "stats", "memory"))
	get := func(sec, k string) string {
		for _, l := range lines[sec] {
			if v, ok := strings.CutPrefix(l, k+":"); ok {
				return v
			}
		}
		return ""
	}
	// 200 commands in ~0.1s is ~2000/s; averaged over 16 slots, ~125.
	if ops, _ := strconv.Atoi(get("Stats", "instantaneous_ops_per_sec")); ops < 20 || ops > 2000/16+1 {
		t.Errorf("instantaneous_ops_per_sec %d", ops)
	}
	if in := get("Stats", "instantaneous_input_kbps"); in == "0.00" {
		t.Errorf("instantaneous_input_kbps %s", in)
	}
	used, _ := strconv.ParseInt(get("Memory", "used_memory"), 10, 64)
	peak, _ := strconv.ParseInt(get("Memory", "used_memory_peak"), 10, 64)
	rss, _ := strconv.ParseInt(get("Memory", "used_memory_rss"), 10, 64)
	if used <= 0 || peak < used || rss <= 0 {
		t.Errorf("used_memory %d, peak %d, rss %d", used, peak, rss)
	}
}
