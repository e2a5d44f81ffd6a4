package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	rt "luakv/internal/redistest"
)

// dirOf is the directory a server saves into.
func dirOf(t *testing.T, s *rt.Server) string {
	t.Helper()
	if s.Engine != nil {
		return filepath.Dir(s.Engine.DumpPath())
	}
	c := s.MustDial(t)
	defer c.Close()
	reply := string(c.MustDo(t, "CONFIG", "GET", "dir"))
	lines := strings.Split(reply, "\r\n")
	return lines[4]
}

// TestDiffSaveCommands compares SAVE, BGSAVE and LASTSAVE, and the MISCONF
// refusals after a failed background save (a directory stands where the
// dump would be renamed to) with save points configured.
func TestDiffSaveCommands(t *testing.T) {
	p := rt.NewPair(t)
	for _, s := range []*rt.Server{p.Redis, p.Luakv} {
		if err := os.Mkdir(filepath.Join(dirOf(t, s), "blocked.rdb"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	wait := rt.Sleep(300 * time.Millisecond) // a small background save ends
	p.Both(t, "save and bgsave",
		"SET k v", "SAVE", "SAVE x", "BGSAVE x", "BGSAVE SCHEDULE x", "LASTSAVE x",
		rt.S("LASTSAVE").Re(`^:\d+\r\n$`), "BGSAVE", wait, "SET k2 v", "BGSAVE SCHEDULE", wait,
		"CONFIG SET save \"\"", "MULTI", "BGSAVE", "SAVE", "EXEC")
	p.Both(t, "debug reload",
		"FLUSHALL", "SET k v", "RPUSH l a 1", "ZADD z 1.5 m", "PEXPIRE z 100000000", "DEBUG RELOAD", "DEBUG DIGEST",
		"MGET k nokey", "SET k changed", "DEBUG RELOAD NOSAVE", "GET k", "SET k changed", "SET other x",
		"DEBUG RELOAD NOSAVE NOFLUSH MERGE", "MGET k other", "DEBUG RELOAD FOO", "DEBUG RELOAD MERGE FOO",
		"DEBUG DIGEST", "FLUSHALL")
	p.Both(t, "writes refused after a failed background save",
		"CONFIG SET dbfilename blocked.rdb", "BGSAVE", wait,
		// Without save points nothing is refused.
		"SET k v", "PING",
		"CONFIG SET save \"3600 1\"", "SET k v", "PING", "GET k", "INCR n", "MULTI", "SET k v2", "EXEC",
		"MULTI", "GET k", "EXEC",
		"EVAL \"return redis.call('SET', 'k', 'v3')\" 0",
		"EVAL \"return redis.call('GET', 'k')\" 0",
		"EVAL \"#!lua\nreturn redis.call('SET', 'k', 'v3')\" 0",
		"EVAL \"#!lua flags=no-writes\nreturn redis.call('GET', 'k')\" 0",
		"CONFIG SET stop-writes-on-bgsave-error no", "SET k v4", "PING",
		"CONFIG SET stop-writes-on-bgsave-error yes", "SET k v5",
		// A background save that works lifts the refusal.
		"CONFIG SET dbfilename dump.rdb", "BGSAVE", wait, "SET k v6", "GET k", "CONFIG SET save \"\"")
}
