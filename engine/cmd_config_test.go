package engine

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"luakv/engine/config"
)

// doWords runs one command given as separate words (they may hold spaces).
func doWords(e *Engine, cl *Client, args []string) string { return do(e, cl, args...) }

// TestConfigAgainstRedis replays a session recorded on redis-server 7.0.15
// (RESP2) and compares every raw reply. Only the port differs (the
// recording's server ran on another port) and, for several names, the
// order (Redis's follows a randomly seeded hash table; the recorded order
// is the one luakv uses).
func TestConfigAgainstRedis(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"config", "get", "maxmemory"}, "*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n"},
		{[]string{"config", "get", "hash-max-ziplist-entries", "hash-max-listpack-entries"}, "*4\r\n$24\r\nhash-max-ziplist-entries\r\n$3\r\n512\r\n$25\r\nhash-max-listpack-entries\r\n$3\r\n512\r\n"},
		{[]string{"config", "get", "PORT", "port"}, "*2\r\n$4\r\nPORT\r\n$4\r\n6379\r\n"},
		{[]string{"config", "get", "nosuch"}, "*0\r\n"},
		{[]string{"config", "get", "busy-reply-threshold", "lua-time-limit"}, "*4\r\n$20\r\nbusy-reply-threshold\r\n$4\r\n5000\r\n$14\r\nlua-time-limit\r\n$4\r\n5000\r\n"},
		{[]string{"config", "set", "foo", "1"}, "-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n"},
		{[]string{"config", "set", "maxmemory", "1"}, "+OK\r\n"},
		{[]string{"config", "set", "maxmemory", "1", "maxmemory-policy"}, "-ERR syntax error\r\n"},
		{[]string{"config", "set", "databases", "1"}, "-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config\r\n"},
		{[]string{"config", "set", "DATABASES", "1"}, "-ERR CONFIG SET failed (possibly related to argument 'DATABASES') - can't set immutable config\r\n"},
		{[]string{"config", "set", "maxmemory", "1x"}, "-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value\r\n"},
		{[]string{"config", "set", "HASH-MAX-ZIPLIST-ENTRIES", "abc"}, "-ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - argument couldn't be parsed into an integer\r\n"},
		{[]string{"config", "set", "hz", "1", "HZ", "2"}, "-ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter\r\n"},
		{[]string{"config", "set", "hz", "x", "databases", "1"}, "-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config\r\n"},
		{[]string{"config", "set", "databases", "1", "foo", "2"}, "-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config\r\n"},
		{[]string{"config", "set", "foo", "1", "databases", "2"}, "-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n"},
		{[]string{"config", "set", "protected-mode", "maybe"}, "-ERR CONFIG SET failed (possibly related to argument 'protected-mode') - argument must be 'yes' or 'no'\r\n"},
		{[]string{"config", "set", "dir", "/tmp"}, "-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config\r\n"},
		{[]string{"config", "set", "dbfilename", "x"}, "-ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config\r\n"},
		{[]string{"config", "set", "timeout", "-1"}, "-ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive\r\n"},
		{[]string{"config", "set", "maxclients", "0"}, "-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive\r\n"},
		{[]string{"config", "set", "maxmemory-policy", "foo"}, "-ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction\r\n"},
		{[]string{"config", "set", "save", "1"}, "-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n"},
		{[]string{"config", "set", "notify-keyspace-events", "Q"}, "-ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.\r\n"},
		{[]string{"config", "set", "maxmemory", "-1"}, "-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value\r\n"},
		{[]string{"config", "set", "hash-max-listpack-entries", "-1"}, "-ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - argument must be between 0 and 9223372036854775807 inclusive\r\n"},
		{[]string{"config", "set", "loglevel", "debug notice"}, "-ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning\r\n"},
		{[]string{"config", "set", "shutdown-on-sigint", "save nosave"}, "-ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigint') - shutdown options SAVE and NOSAVE can't be used simultaneously\r\n"},
		{[]string{"config", "set", "client-output-buffer-limit", "normal 0 0"}, "-ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Wrong number of arguments in buffer limit configuration.\r\n"},
		{[]string{"config", "set", "client-output-buffer-limit", "master 0 0 0"}, "-ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Invalid client class specified in buffer limit configuration.\r\n"},
		{[]string{"config", "set", "oom-score-adj-values", "1 2 3000"}, "-ERR CONFIG SET failed (possibly related to argument 'oom-score-adj-values') - Invalid oom-score-adj-values, elements must be between -2000 and 2000.\r\n"},
		{[]string{"config", "set", "unixsocketperm", "700"}, "-ERR CONFIG SET failed (possibly related to argument 'unixsocketperm') - can't set immutable config\r\n"},
		{[]string{"config", "set", "proc-title-template", "{foo}"}, "-ERR CONFIG SET failed (possibly related to argument 'proc-title-template') - template format is invalid or contains unknown variables\r\n"},
		{[]string{"config", "set", "active-expire-effort", "11"}, "-ERR CONFIG SET failed (possibly related to argument 'active-expire-effort') - argument must be between 1 and 10 inclusive\r\n"},
		{[]string{"config", "set", "slowlog-max-len", "-1"}, "-ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - argument must be between 0 and 9223372036854775807 inclusive\r\n"},
		{[]string{"config", "set", "maxmemory", "1gb", "maxmemory-policy", "allkeys-lru", "notify-keyspace-events", "KEA", "hz", "1000", "save", "10 1 20 2", "list-max-ziplist-size", "5"}, "+OK\r\n"},
		{[]string{"config", "get", "maxmemory"}, "*2\r\n$9\r\nmaxmemory\r\n$10\r\n1073741824\r\n"},
		{[]string{"config", "get", "maxmemory-policy"}, "*2\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lru\r\n"},
		{[]string{"config", "get", "notify-keyspace-events"}, "*2\r\n$22\r\nnotify-keyspace-events\r\n$3\r\nAKE\r\n"},
		{[]string{"config", "get", "hz"}, "*2\r\n$2\r\nhz\r\n$3\r\n500\r\n"},
		{[]string{"config", "get", "save"}, "*2\r\n$4\r\nsave\r\n$9\r\n10 1 20 2\r\n"},
		{[]string{"config", "get", "list-max-listpack-size"}, "*2\r\n$22\r\nlist-max-listpack-size\r\n$1\r\n5\r\n"},
		{[]string{"config", "set", "hz", "20", "maxmemory", "1x"}, "-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value\r\n"},
		{[]string{"config", "get", "hz"}, "*2\r\n$2\r\nhz\r\n$3\r\n500\r\n"},
		{[]string{"config", "get", "maxmemory"}, "*2\r\n$9\r\nmaxmemory\r\n$10\r\n1073741824\r\n"},
		{[]string{"config", "set", "shutdown-on-sigterm", "NOW Force"}, "+OK\r\n"},
		{[]string{"config", "get", "shutdown-on-sigterm"}, "*2\r\n$19\r\nshutdown-on-sigterm\r\n$9\r\nnow force\r\n"},
		{[]string{"config", "set", "client-output-buffer-limit", "pubsub 1mb 2mb 3"}, "+OK\r\n"},
		{[]string{"config", "get", "client-output-buffer-limit"}, "*2\r\n$26\r\nclient-output-buffer-limit\r\n$65\r\nnormal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 2097152 3\r\n"},
		{[]string{"config", "set", "oom-score-adj", "relative"}, "+OK\r\n"},
		{[]string{"config", "get", "oom-score-adj"}, "*2\r\n$13\r\noom-score-adj\r\n$3\r\nyes\r\n"},
		{[]string{"config", "set", "maxmemory", "0", "maxmemory-policy", "noeviction", "notify-keyspace-events", "", "hz", "10", "save", "", "list-max-ziplist-size", "-2", "shutdown-on-sigterm", "default", "client-output-buffer-limit", "pubsub 32mb 8mb 60", "oom-score-adj", "no"}, "+OK\r\n"},
		{[]string{"config", "rewrite"}, "-ERR The server is running without a config file\r\n"},
		{[]string{"config", "resetstat"}, "+OK\r\n"},
		{[]string{"config", "help"}, "*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET <pattern>\r\n+    Return parameters matching the glob-like <pattern> and their values.\r\n+SET <directive> <value>\r\n+    Set the configuration <directive> to <value>.\r\n+RESETSTAT\r\n+    Reset statistics reported by the INFO command.\r\n+REWRITE\r\n+    Rewrite the configuration file.\r\n+HELP\r\n+    Prints this help.\r\n"},
		{[]string{"config", "foo"}, "-ERR unknown subcommand 'foo'. Try CONFIG HELP.\r\n"},
		{[]string{"config"}, "-ERR wrong number of arguments for 'config' command\r\n"},
		{[]string{"config", "get"}, "-ERR wrong number of arguments for 'config|get' command\r\n"},
		{[]string{"config", "set", "a"}, "-ERR wrong number of arguments for 'config|set' command\r\n"},
		{[]string{"config", "set", "a", "b", "c"}, "-ERR syntax error\r\n"},
	}
	for _, c := range cases {
		if got := doWords(e, cl, c.args); got != c.want {
			t.Errorf("%q\n got: %q\nwant: %q", c.args, got, c.want)
		}
	}
}

func TestConfigGetRESP3(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	cl.Proto = 3
	// Replies from redis-server 7.0.15 after HELLO 3.
	expect(t, e, cl, "CONFIG GET maxmemory", "%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n")
	expect(t, e, cl, "CONFIG GET nosuch", "%0\r\n")
	expect(t, e, cl, "CONFIG GET maxmemory-policy nosuch maxmemory", "%2\r\n$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n")
}

func TestConfigGetPatterns(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	// Same names and values as redis-server 7.0.15 answers, in luakv's
	// order: canonical name, then its alias, in declaration order.
	expect(t, e, cl, "CONFIG GET zset-max-*",
		"*8\r\n$25\r\nzset-max-listpack-entries\r\n$3\r\n128\r\n$24\r\nzset-max-ziplist-entries\r\n$3\r\n128\r\n"+
			"$23\r\nzset-max-listpack-value\r\n$2\r\n64\r\n$22\r\nzset-max-ziplist-value\r\n$2\r\n64\r\n")
	expect(t, e, cl, "CONFIG GET ZSET-MAX-LISTPACK-E* zset-max-listpack-entries", "*2\r\n$25\r\nzset-max-listpack-entries\r\n$3\r\n128\r\n")
	// 116 of Redis's parameters and aliases, and luakv's
	// lua-eval-cache-size.
	if got := do(e, cl, "CONFIG", "GET", "*"); !strings.HasPrefix(got, "*234\r\n") {
		t.Errorf("CONFIG GET * returned %.20q...: want 117 parameters and aliases", got)
	}
	// replicaof (and slaveof): a master's empty value, immutable.
	expect(t, e, cl, "CONFIG GET *of", "*4\r\n$9\r\nreplicaof\r\n$0\r\n\r\n$7\r\nslaveof\r\n$0\r\n\r\n")
	expect(t, e, cl, "CONFIG SET slaveof no", "-ERR CONFIG SET failed (possibly related to argument 'slaveof') - can't set immutable config\r\n")
}

// TestConfigMaxmemoryClients replays a redis-server 7.0.15 session: a size
// or a percentage, printed back as set.
func TestConfigMaxmemoryClients(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	bad := func(reason string) string {
		return "-ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - " + reason + "\r\n"
	}
	notValue, tooBig := bad("argument must be a memory or percent value"), bad("percentage argument must be less or equal to 100")
	get := func(v string) string {
		return "*2\r\n$17\r\nmaxmemory-clients\r\n$" + strconv.Itoa(len(v)) + "\r\n" + v + "\r\n"
	}
	for _, tc := range []struct{ set, want, get string }{
		{"", "", get("0")},
		{"10%", "+OK\r\n", get("10%")},
		{"0%", "+OK\r\n", get("0")},
		{"100%", "+OK\r\n", get("100%")},
		{"101%", tooBig, get("100%")},
		{"-5", notValue, get("100%")},
		{"-1%", notValue, get("100%")},
		{"1gb", "+OK\r\n", get("1073741824")},
		{"abc", notValue, get("1073741824")},
		{"5%%", notValue, ""},
		{"%", notValue, ""},
		{" 5%", notValue, ""},
		{"05%", notValue, ""},
		{"+5%", notValue, ""},
		{"1.5%", notValue, ""},
		{"-0%", notValue, ""},
		{"-0", notValue, ""},
		{"10%x", notValue, get("1073741824")},
		{"9223372036854775807", "+OK\r\n", get("9223372036854775807")},
		{"9223372036854775808", tooBig, get("9223372036854775807")},
		// Byte counts past int64 wrap to negative numbers, which Redis reads
		// as percentages.
		{"18446744073709551615", "+OK\r\n", get("1%")},
		{"18446744073709551516", "+OK\r\n", get("100%")},
		{"18446744073709551515", tooBig, get("100%")},
		{"", "+OK\r\n", get("0")},
		{"1k", "+OK\r\n", get("1000")},
		{"00", "+OK\r\n", get("0")},
	} {
		if tc.want != "" {
			if got := do(e, cl, "CONFIG", "SET", "maxmemory-clients", tc.set); got != tc.want {
				t.Errorf("CONFIG SET maxmemory-clients %q\n got: %q\nwant: %q", tc.set, got, tc.want)
			}
		}
		if tc.get != "" {
			if got := do(e, cl, "CONFIG", "GET", "maxmemory-clients"); got != tc.get {
				t.Errorf("after %q: CONFIG GET maxmemory-clients\n got: %q\nwant: %q", tc.set, got, tc.get)
			}
		}
	}
}

func TestConfigSetUpdatesEngine(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	expect(t, e, cl, "CONFIG SET maxclients 7 proto-max-bulk-len 2mb client-query-buffer-limit 3mb hz 1000 timeout 9 hash-max-ziplist-entries 3 notify-keyspace-events Eg$ enable-debug-command yes", "-ERR CONFIG SET failed (possibly related to argument 'enable-debug-command') - can't set immutable config\r\n")
	if e.Config.MaxClients != 10000 {
		t.Fatalf("refused CONFIG SET changed maxclients")
	}
	expect(t, e, cl, "CONFIG SET maxclients 7 proto-max-bulk-len 2mb client-query-buffer-limit 3mb hz 1000 timeout 9 hash-max-ziplist-entries 3 notify-keyspace-events Eg$", "+OK\r\n")
	c := e.Config
	if c.MaxClients != 7 || c.Hz != 500 || c.Timeout != 9 || c.HashMaxListpackEntries != 3 ||
		c.NotifyEvents != NotifyGeneric|NotifyString || c.NotifyKeyspace || !c.NotifyKeyevent {
		t.Errorf("settings not applied: %+v", c)
	}
	if bulk, query := e.NetLimits(); bulk != 2<<20 || query != 3<<20 {
		t.Errorf("net limits %d %d", bulk, query)
	}
	expect(t, e, cl, "CONFIG SET requirepass secret", "+OK\r\n")
	if !e.PasswordRequired() || e.Config.RequirePass != "secret" {
		t.Errorf("requirepass not applied")
	}
	expect(t, e, cl, "CONFIG SET requirepass", "-ERR wrong number of arguments for 'config|set' command\r\n")
	do(e, cl, "CONFIG", "SET", "requirepass", "")
	if e.PasswordRequired() {
		t.Errorf("empty requirepass still requires a password")
	}
}

type cfgTestLogger struct {
	level int
	lines []string
}

func (l *cfgTestLogger) Logf(level int, format string, args ...any) {
	l.lines = append(l.lines, format)
}
func (l *cfgTestLogger) SetLevel(level int) { l.level = level }

func TestConfigSetHostAndRollback(t *testing.T) {
	e := testEngine(t)
	log := &cfgTestLogger{level: -1}
	e.Log = log
	var calls []string
	failPort := true
	e.SetConfig(NewConfig(), func(name string, v config.Value) error {
		calls = append(calls, name+"="+e.ConfigRegistry().Get(name))
		if name == "port" && failPort && v.Int == 7777 {
			return errors.New("address in use")
		}
		return nil
	})
	cl := testClient(e)
	expect(t, e, cl, "CONFIG SET loglevel warning tcp-keepalive 5", "+OK\r\n")
	if log.level != LogWarning || e.Config.LogLevel != LogWarning {
		t.Errorf("loglevel not applied: %d", log.level)
	}
	calls = nil
	expect(t, e, cl, "CONFIG SET tcp-keepalive 6 port 7777 hz 20", "-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.\r\n")
	want := []string{"tcp-keepalive=6", "port=7777", "tcp-keepalive=5", "port=6379"}
	if strings.Join(calls, " ") != strings.Join(want, " ") {
		t.Errorf("host calls %v, want %v", calls, want)
	}
	expect(t, e, cl, "CONFIG GET tcp-keepalive port hz", "*6\r\n$13\r\ntcp-keepalive\r\n$1\r\n5\r\n$4\r\nport\r\n$4\r\n6379\r\n$2\r\nhz\r\n$2\r\n10\r\n")
	if e.Config.Hz != 10 {
		t.Errorf("hz not restored: %d", e.Config.Hz)
	}
}

func TestConfigProtected(t *testing.T) {
	r := NewConfig()
	r.Set("enable-protected-configs", "local") // as at startup
	e := New(Commands, SettingsFrom(r))
	e.SetConfig(r, nil)
	remote := e.NewClient("10.0.0.1:5000", "10.0.0.2:6379", 8)
	local := e.NewClient("127.0.0.1:5000", "127.0.0.1:6379", 9)
	expect(t, e, remote, "CONFIG SET dbfilename x.rdb", "-ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config\r\n")
	expect(t, e, local, "CONFIG SET dbfilename x.rdb", "+OK\r\n")
	expect(t, e, local, "CONFIG SET dbfilename a/b.rdb", "-ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename can't be a path, just a filename\r\n")
	expect(t, e, local, "CONFIG GET dbfilename", "*2\r\n$10\r\ndbfilename\r\n$5\r\nx.rdb\r\n")
}

func TestConfigRewriteCommand(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/luakv.conf"
	r := NewConfig()
	if err := r.Load(config.Args{File: path}, nil, nil); err == nil {
		t.Fatal("missing file loaded")
	}
	r.File = path
	e := New(Commands, SettingsFrom(r))
	e.SetConfig(r, nil)
	cl := testClient(e)
	expect(t, e, cl, "CONFIG SET maxmemory 2mb", "+OK\r\n")
	expect(t, e, cl, "CONFIG REWRITE", "+OK\r\n")
	r2 := NewConfig()
	if err := r2.Load(config.Args{File: path}, nil, nil); err != nil || r2.Get("maxmemory") != "2097152" {
		t.Errorf("reload: %v, maxmemory %s", err, r2.Get("maxmemory"))
	}
	r.File = dir + "/no/such/dir/luakv.conf"
	expect(t, e, cl, "CONFIG REWRITE", "-ERR Rewriting config file: No such file or directory\r\n")
}

func TestConfigResetStat(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	do(e, cl, "PING")
	do(e, cl, "NOSUCH")
	expect(t, e, cl, "CONFIG RESETSTAT", "+OK\r\n")
	if s := e.Stats(); s.CommandsProcessed != 1 || s.ErrorReplies != 0 {
		t.Errorf("stats after RESETSTAT: %+v", s)
	}
}

func TestSettings(t *testing.T) {
	d := DefaultSettings()
	if d.Databases != 16 || d.MaxClients != 10000 || d.Hz != 10 || d.HashMaxListpackEntries != 512 || d.SetMaxIntsetEntries != 512 ||
		d.ZSetMaxListpackEntries != 128 || d.ZSetMaxListpackValue != 64 || d.HashMaxListpackValue != 64 || d.ListMaxListpackSize != -2 ||
		d.BusyReplyThreshold != 5000 || d.LogLevel != LogNotice || d.MaxMemoryPolicy != "noeviction" || !d.ActiveRehashing ||
		d.ProtoMaxBulkLen != 512<<20 || d.QueryBufLimit != 1<<30 || d.ObufLimits[ObufPubSub] != (ObufLimit{32 << 20, 8 << 20, 60}) {
		t.Errorf("defaults: %+v", d)
	}
	// Hand-written Settings keep their values and get defaults elsewhere.
	s := Settings{Databases: 4, EnableDebugCommand: true}.withDefaults()
	if s.Databases != 4 || !s.EnableDebugCommand || s.HashMaxListpackEntries != 512 || s.MaxClients != 10000 {
		t.Errorf("withDefaults: %+v", s)
	}
	// Settings from a registry are taken as they are.
	r := NewConfig()
	r.Set("hash-max-listpack-entries", "0")
	if s := SettingsFrom(r).withDefaults(); s.HashMaxListpackEntries != 0 {
		t.Errorf("SettingsFrom zero overridden")
	}
}

func TestShutdownCommand(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	var hooked []ShutdownOptions
	e.ShutdownHook = func(o ShutdownOptions) error { hooked = append(hooked, o); return nil }
	// Replies from redis-server 7.0.15.
	expect(t, e, cl, "SHUTDOWN foo", "-ERR syntax error\r\n")
	expect(t, e, cl, "SHUTDOWN abort now", "-ERR syntax error\r\n")
	expect(t, e, cl, "SHUTDOWN save NOSAVE", "-ERR syntax error\r\n")
	expect(t, e, cl, "SHUTDOWN nosave nosave abort", "-ERR syntax error\r\n")
	expect(t, e, cl, "SHUTDOWN ABORT", "-ERR No shutdown in progress.\r\n")
	// A failed save (a full disk, say) fails SHUTDOWN as in Redis, unless
	// FORCE.
	e.SetSaveFunc(func() error { return errors.New("no space left on device") })
	expect(t, e, cl, "SHUTDOWN SAVE", "-ERR Errors trying to SHUTDOWN. Check logs.\r\n")
	do(e, cl, "CONFIG", "SET", "save", "60 1")
	expect(t, e, cl, "SHUTDOWN", "-ERR Errors trying to SHUTDOWN. Check logs.\r\n")
	if len(hooked) != 0 || cl.CloseAfterReply {
		t.Fatalf("failed SHUTDOWN stopped the server")
	}
	expect(t, e, cl, "SHUTDOWN SAVE FORCE", "")
	if len(hooked) != 1 || !hooked[0].Save || !hooked[0].Force || !cl.CloseAfterReply {
		t.Errorf("SHUTDOWN SAVE FORCE: hook %v close %v", hooked, cl.CloseAfterReply)
	}
	cl2 := testClient(e)
	expect(t, e, cl2, "SHUTDOWN NOSAVE NOW", "")
	if len(hooked) != 2 || !hooked[1].NoSave || !hooked[1].Now {
		t.Errorf("SHUTDOWN NOSAVE NOW: hook %v", hooked)
	}
	// With a save that works, SHUTDOWN writes the dump and stops.
	e.SetSaveFunc(nil)
	expect(t, e, testClient(e), "SHUTDOWN", "")
	if _, err := os.Stat(e.DumpPath()); err != nil || len(hooked) != 3 {
		t.Errorf("dump %v, hooked %d", err, len(hooked))
	}
}

func TestShutdownSignals(t *testing.T) {
	e := testEngine(t)
	e.SetConfig(NewConfig(), nil)
	var hooked []ShutdownOptions
	e.ShutdownHook = func(o ShutdownOptions) error { hooked = append(hooked, o); return nil }
	cl := testClient(e)
	if err := e.RunRequestedShutdown(); err != nil || len(hooked) != 0 {
		t.Fatalf("shutdown without a signal")
	}
	// SHUTDOWN ABORT cancels a signal's pending shutdown.
	if e.RequestShutdown(false) {
		t.Fatal("first SIGTERM asks to exit at once")
	}
	expect(t, e, cl, "SHUTDOWN ABORT", "+OK\r\n")
	if err := e.RunRequestedShutdown(); err != nil || len(hooked) != 0 {
		t.Fatalf("aborted shutdown ran")
	}
	// SIGINT uses shutdown-on-sigint; a second SIGINT while pending exits.
	do(e, cl, "CONFIG", "SET", "shutdown-on-sigint", "nosave now")
	e.RequestShutdown(true)
	if !e.RequestShutdown(true) {
		t.Error("second SIGINT does not insist")
	}
	if err := e.RunRequestedShutdown(); err != nil || len(hooked) != 1 || !hooked[0].NoSave || !hooked[0].Now {
		t.Errorf("SIGINT shutdown: %v %v", err, hooked)
	}
	// A failing save keeps the server up and clears the request.
	e.SetSaveFunc(func() error { return errors.New("no space left on device") })
	do(e, cl, "CONFIG", "SET", "save", "1 1")
	e.RequestShutdown(false)
	if err := e.RunRequestedShutdown(); err == nil || len(hooked) != 1 {
		t.Errorf("SIGTERM with a failing save: %v %v", err, hooked)
	}
	expect(t, e, cl, "SHUTDOWN ABORT", "-ERR No shutdown in progress.\r\n")
}

func TestCloseIdleClients(t *testing.T) {
	e := testEngine(t)
	idle, busy, sub := testClient(e), testClient(e), testClient(e)
	killed := map[*Client]bool{}
	for _, c := range []*Client{idle, busy, sub} {
		c.Kill = func() { killed[c] = true }
	}
	if n := e.CloseIdleClients(); n != 0 {
		t.Fatalf("timeout 0 closed %d", n)
	}
	do(e, busy, "CONFIG", "SET", "timeout", "1")
	idle.LastInteraction -= 5000
	sub.LastInteraction -= 5000
	sub.Subscriptions = 1
	if n := e.CloseIdleClients(); n != 1 || !killed[idle] || killed[busy] || killed[sub] {
		t.Errorf("closed %d: %v", n, killed)
	}
}

func TestIsLocalClient(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:1": true, "[::1]:1": true, "": true, "@": true, "127.0.0.2:1": false, "10.1.1.1:5": false, "[::2]:1": false} {
		if got := IsLocalClient(&Client{Addr: addr}); got != want {
			t.Errorf("IsLocalClient(%q) = %v", addr, got)
		}
	}
}
