package engine

import "testing"

// Replies captured from redis-server 7.0.15.
func TestFunctionFlush(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	for _, c := range []struct{ cmd, want string }{
		{"function flush", "+OK\r\n"},
		{"function flush async", "+OK\r\n"},
		{"function flush SYNC", "+OK\r\n"},
		{"function flush x", "-ERR FUNCTION FLUSH only supports SYNC|ASYNC option\r\n"},
		{"function flush a b", "-ERR unknown subcommand or wrong number of arguments for 'flush'. Try FUNCTION HELP.\r\n"},
		{"function", "-ERR wrong number of arguments for 'function' command\r\n"},
		{"function foo", "-ERR unknown subcommand 'foo'. Try FUNCTION HELP.\r\n"},
	} {
		expect(t, e, cl, c.cmd, c.want)
	}
}
