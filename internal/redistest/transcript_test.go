package redistest

import "testing"

// TestTranscript lets `go test ./internal/... -run Transcript -update`
// re-record the project's transcripts (tests/testdata) from redis-server.
// Replaying them against luakv is the job of tests.TestTranscript, so
// without -update this test has nothing to do.
func TestTranscript(t *testing.T) {
	if !*Update {
		t.Skip("transcripts are replayed by ./tests; this test only records them (-update)")
	}
	RunTranscripts(t, "../../tests/testdata/*.txt")
}
