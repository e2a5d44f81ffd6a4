package engine

import "testing"

// Expected replies captured from redis-server 7.0.15.

// TestScanKeysReplies covers SCAN's cursor and option parsing and KEYS patterns.
func TestScanKeysReplies(t *testing.T) {
	runCases(t, ksEngine(t), []ksCase{
		{"flushall", "+OK\r\n"},
		{"set a 1", "+OK\r\n"},
		// cursor parsing follows strtoul
		{"scan 0", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan \"\"", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan -1", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan +0", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan 007", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan \" 0\"", "-ERR invalid cursor\r\n"},
		{"scan \"0 \"", "-ERR invalid cursor\r\n"},
		{"scan 18446744073709551615", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan 18446744073709551616", "-ERR invalid cursor\r\n"},
		{"scan -18446744073709551615", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan -18446744073709551616", "-ERR invalid cursor\r\n"},
		{"scan 0x1", "-ERR invalid cursor\r\n"},
		{"scan -", "-ERR invalid cursor\r\n"},
		{"scan +", "-ERR invalid cursor\r\n"},
		{"scan \"0\\x00junk\"", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan abc", "-ERR invalid cursor\r\n"},
		{"scan abc count 0", "-ERR invalid cursor\r\n"},
		// options
		{"scan 0 count 0", "-ERR syntax error\r\n"},
		{"scan 0 count -1", "-ERR syntax error\r\n"},
		{"scan 0 count x", "-ERR value is not an integer or out of range\r\n"},
		{"scan 0 count 9223372036854775807", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan 0 count 9223372036854775808", "-ERR value is not an integer or out of range\r\n"},
		{"scan 0 count", "-ERR syntax error\r\n"},
		{"scan 0 match", "-ERR syntax error\r\n"},
		{"scan 0 type", "-ERR syntax error\r\n"},
		{"scan 0 foo bar", "-ERR syntax error\r\n"},
		{"scan 0 count 1 foo", "-ERR syntax error\r\n"},
		{"scan 0 match a count 1 match b", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan 0 match * count 1", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan 0 MATCH ? COUNT 100 TYPE string", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan 0 match b", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan 0 type STRING", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"},
		{"scan 0 type hash", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan 0 type none", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"scan", "-ERR wrong number of arguments for 'scan' command\r\n"},
		// the empty key is matched by "*" only
		{"set \"\" x", "+OK\r\n"},
		{"del a", ":1\r\n"},
		{"scan 0", "*2\r\n$1\r\n0\r\n*1\r\n$0\r\n\r\n"},
		{"scan 0 match *", "*2\r\n$1\r\n0\r\n*1\r\n$0\r\n\r\n"},
		{"scan 0 match **", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"keys *", "*1\r\n$0\r\n\r\n"},
		{"keys **", "*0\r\n"},
		{"keys ?", "*0\r\n"},
		// KEYS
		{"flushall", "+OK\r\n"},
		{"set foo 1", "+OK\r\n"},
		{"keys f*", "*1\r\n$3\r\nfoo\r\n"},
		{"keys x*", "*0\r\n"},
		{"keys \"f\\\\oo\"", "*1\r\n$3\r\nfoo\r\n"},
		{"keys [f]oo", "*1\r\n$3\r\nfoo\r\n"},
		{"keys foo bar", "-ERR wrong number of arguments for 'keys' command\r\n"},
	})
}
