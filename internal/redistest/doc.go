// Package redistest is the harness luakv's black-box tests share. Redis is
// the specification: tests send the same requests to a real redis-server
// and to luakv and compare the raw reply bytes, or replay transcripts whose
// expected replies were recorded from redis-server.
//
//   - StartRedis runs Debian's redis-server on a free loopback port (tests
//     skip with SkipMessage when it is not installed); StartLuakv runs luakv
//     in process. Both stop at the test's cleanup.
//   - Conn is a raw RESP client: it sends argv or any bytes and reads exactly
//     one reply (ReadReply knows every RESP2 and RESP3 frame) as raw bytes.
//   - Pair and Diff run a sequence of Steps on both servers, connection by
//     connection, after FLUSHALL, and report every reply that differs with
//     both byte strings quoted. Steps whose reply is legitimately
//     nondeterministic are compared by type, shape, regexp or as sets.
//   - RunTranscripts replays tests/testdata/*.txt against luakv; with -update
//     it records them from redis-server (never from luakv). Format and Parse
//     convert between raw replies and the transcripts' notation.
//
// Set REDISTEST_SELFCHECK=1 to compare redis-server with a second
// redis-server instead of luakv: a differential test that fails then is
// nondeterministic and needs a looser step.
package redistest
