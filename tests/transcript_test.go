// Package tests holds luakv's black-box tests: transcripts replayed over
// loopback (testdata/*.txt) and differential tests that compare luakv's raw
// replies with a real redis-server's (diff_*_test.go).
package tests

import (
	"testing"

	"luakv/internal/redistest"
)

// TestTranscript replays testdata/*.txt against luakv. Record expectations
// from redis-server with: go test ./tests -run Transcript -update
func TestTranscript(t *testing.T) {
	redistest.RunTranscripts(t, "testdata/*.txt")
}
