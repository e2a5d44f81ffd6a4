package main

import (
	"os"
	"runtime/pprof"

	"luakv/engine"
)

// cpuProfileEnv names the environment variable that makes the server write
// a CPU profile (go tool pprof) from start to shutdown: profiling under a
// real load, before optimising, without a network endpoint to protect.
const cpuProfileEnv = "LUAKV_CPUPROFILE"

// startProfile starts the CPU profile if asked for and returns the function
// that ends it (a no-op otherwise).
func startProfile(log *logger) func() {
	path := os.Getenv(cpuProfileEnv)
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		log.Logf(engine.LogWarning, "Can't write the CPU profile to %s: %v", path, err)
		return func() {}
	}
	log.Logf(engine.LogNotice, "Writing a CPU profile to %s until shutdown.", path)
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
