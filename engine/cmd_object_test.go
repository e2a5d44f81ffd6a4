package engine

import "testing"

// Expected replies captured from redis-server 7.0.15.

// TestObject covers OBJECT's subcommands in RESP2 and RESP3.
func TestObject(t *testing.T) {
	runKeyspaceCases(t, ksEngine(t), []ksCase{
		{"flushall", "+OK\r\n"},
		{"object help", "*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+ENCODING <key>\r\n+    Return the kind of internal representation used in order to store the value\r\n+    associated with a <key>.\r\n+FREQ <key>\r\n+    Return the access frequency index of the <key>. The returned integer is\r\n+    proportional to the logarithm of the recent access frequency of the key.\r\n+IDLETIME <key>\r\n+    Return the idle time of the <key>, that is the approximated number of\r\n+    seconds elapsed since the last access to the key.\r\n+REFCOUNT <key>\r\n+    Return the number of references of the value associated with the specified\r\n+    <key>.\r\n+HELP\r\n+    Prints this help.\r\n"},
		{"OBJECT HELP", "*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+ENCODING <key>\r\n+    Return the kind of internal representation used in order to store the value\r\n+    associated with a <key>.\r\n+FREQ <key>\r\n+    Return the access frequency index of the <key>. The returned integer is\r\n+    proportional to the logarithm of the recent access frequency of the key.\r\n+IDLETIME <key>\r\n+    Return the idle time of the <key>, that is the approximated number of\r\n+    seconds elapsed since the last access to the key.\r\n+REFCOUNT <key>\r\n+    Return the number of references of the value associated with the specified\r\n+    <key>.\r\n+HELP\r\n+    Prints this help.\r\n"},
		{"object help x", "-ERR wrong number of arguments for 'object|help' command\r\n"},
		{"object", "-ERR wrong number of arguments for 'object' command\r\n"},
		{"object foo", "-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n"},
		{"object foo bar", "-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n"},
		{"object encoding", "-ERR wrong number of arguments for 'object|encoding' command\r\n"},
		{"object encoding a b", "-ERR wrong number of arguments for 'object|encoding' command\r\n"},
		{"object encoding nokey", "$-1\r\n"},
		{"object refcount nokey", "$-1\r\n"},
		{"object idletime nokey", "$-1\r\n"},
		{"object freq nokey", "$-1\r\n"},
		// encodings of strings
		{"set i 12345", "+OK\r\n"},
		{"object encoding i", "$3\r\nint\r\n"},
		{"set i -9223372036854775808", "+OK\r\n"},
		{"object encoding i", "$3\r\nint\r\n"},
		{"set i 9223372036854775808", "+OK\r\n"},
		{"object encoding i", "$6\r\nembstr\r\n"},
		{"set i 0123", "+OK\r\n"},
		{"object encoding i", "$6\r\nembstr\r\n"},
		{"set s \"forty-four bytes forty-four bytes forty-four\"", "+OK\r\n"},
		{"object encoding s", "$6\r\nembstr\r\n"},
		{"set s \"forty-five bytes forty-five bytes forty-five!\"", "+OK\r\n"},
		{"object encoding s", "$3\r\nraw\r\n"},
		{"set s \"\"", "+OK\r\n"},
		{"object encoding s", "$6\r\nembstr\r\n"},
		{"append s x", ":1\r\n"},
		{"object encoding s", "$3\r\nraw\r\n"},
		// refcount: small integers are shared objects
		{"set i 0", "+OK\r\n"},
		{"object refcount i", ":2147483647\r\n"},
		{"set i 9999", "+OK\r\n"},
		{"object refcount i", ":2147483647\r\n"},
		{"set i 10000", "+OK\r\n"},
		{"object refcount i", ":1\r\n"},
		{"set i -1", "+OK\r\n"},
		{"object refcount i", ":1\r\n"},
		{"set s foo", "+OK\r\n"},
		{"object refcount s", ":1\r\n"},
		{"append s 1", ":4\r\n"},
		{"object refcount s", ":1\r\n"},
		// idletime of a fresh key; freq needs an LFU policy
		{"set k v", "+OK\r\n"},
		{"object idletime k", ":0\r\n"},
		{"object freq k", "-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n"},
		{"!resp3", ""},
		{"object encoding nokey", "_\r\n"},
		{"object refcount nokey", "_\r\n"},
		{"object idletime nokey", "_\r\n"},
		{"object freq nokey", "_\r\n"},
		{"object encoding k", "$6\r\nembstr\r\n"},
		{"object help", "*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+ENCODING <key>\r\n+    Return the kind of internal representation used in order to store the value\r\n+    associated with a <key>.\r\n+FREQ <key>\r\n+    Return the access frequency index of the <key>. The returned integer is\r\n+    proportional to the logarithm of the recent access frequency of the key.\r\n+IDLETIME <key>\r\n+    Return the idle time of the <key>, that is the approximated number of\r\n+    seconds elapsed since the last access to the key.\r\n+REFCOUNT <key>\r\n+    Return the number of references of the value associated with the specified\r\n+    <key>.\r\n+HELP\r\n+    Prints this help.\r\n"},
		{"!resp2", ""},
	})
}
