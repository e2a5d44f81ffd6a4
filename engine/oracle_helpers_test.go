package engine

import (
	"os"
	"strconv"
	"testing"
	"time"
)

// oracleParams reads the settings shared by the opt-in random tests that
// compare the engine with a live redis-server: its address
// (LUAKV_REDIS_ORACLE; the test skips without it), the number of commands
// (LUAKV_ORACLE_ROUNDS, else defaultRounds) and the seed
// (LUAKV_ORACLE_SEED, else the clock; logged so a failure can be replayed).
func oracleParams(t *testing.T, defaultRounds int) (addr string, rounds int, seed uint64) {
	t.Helper()
	addr = os.Getenv("LUAKV_REDIS_ORACLE")
	if addr == "" {
		t.Skip("LUAKV_REDIS_ORACLE not set")
	}
	rounds = defaultRounds
	if n, err := strconv.Atoi(os.Getenv("LUAKV_ORACLE_ROUNDS")); err == nil {
		rounds = n
	}
	seed = uint64(time.Now().UnixNano())
	if n, err := strconv.ParseUint(os.Getenv("LUAKV_ORACLE_SEED"), 10, 64); err == nil {
		seed = n
	}
	t.Logf("seed %d", seed)
	return addr, rounds, seed
}
