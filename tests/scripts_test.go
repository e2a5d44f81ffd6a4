package tests

import (
	"os"
	"testing"

	rt "luakv/internal/redistest"
)

// The scripts shipped in scripts/ run on luakv as on Redis.
func TestDiffShippedScripts(t *testing.T) {
	body, err := os.ReadFile("../scripts/token_bucket.lua")
	if err != nil {
		t.Fatal(err)
	}
	bucket := func() rt.Step {
		// Capacity 3, a refill too slow to matter during the test.
		return rt.C("EVAL", string(body), "2", "bucket", "refused", "3", "0.001", "1")
	}
	p := rt.NewPair(t)
	p.Run(t, "token bucket",
		"DEL bucket refused", bucket(), bucket(), bucket(), bucket(), bucket(),
		"GET refused", "HEXISTS bucket tokens", "TTL bucket")
}
