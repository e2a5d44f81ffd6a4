package engine

import (
	"bufio"
	"bytes"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"luakv/engine/internal/cmdgen/respval"
)

// Replies taken from redis-server 7.0.15 (TestCommandRepliesLive checks them
// against a live one). Every command line here is one luakv has.
var commandCases = []struct{ cmd, want string }{
	{"COMMAND HELP", "*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+(no subcommand)\r\n+    Return details about all Redis commands.\r\n+COUNT\r\n+    Return the total number of commands in this Redis server.\r\n+LIST\r\n+    Return a list of all commands in this Redis server.\r\n+INFO [<command-name> ...]\r\n+    Return details about multiple Redis commands.\r\n+    If no command names are given, documentation details for all\r\n+    commands are returned.\r\n+DOCS [<command-name> ...]\r\n+    Return documentation details about multiple Redis commands.\r\n+    If no command names are given, documentation details for all\r\n+    commands are returned.\r\n+GETKEYS <full-command>\r\n+    Return the keys from a full Redis command.\r\n+GETKEYSANDFLAGS <full-command>\r\n+    Return the keys and the access flags from a full Redis command.\r\n+HELP\r\n+    Prints this help.\r\n"},
	{"command help", "*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+(no subcommand)\r\n+    Return details about all Redis commands.\r\n+COUNT\r\n+    Return the total number of commands in this Redis server.\r\n+LIST\r\n+    Return a list of all commands in this Redis server.\r\n+INFO [<command-name> ...]\r\n+    Return details about multiple Redis commands.\r\n+    If no command names are given, documentation details for all\r\n+    commands are returned.\r\n+DOCS [<command-name> ...]\r\n+    Return documentation details about multiple Redis commands.\r\n+    If no command names are given, documentation details for all\r\n+    commands are returned.\r\n+GETKEYS <full-command>\r\n+    Return the keys from a full Redis command.\r\n+GETKEYSANDFLAGS <full-command>\r\n+    Return the keys and the access flags from a full Redis command.\r\n+HELP\r\n+    Prints this help.\r\n"},
	{"COMMAND INFO nosuch get|x config|get|x config| |get", "*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n"},
	{"COMMAND INFO GET CONFIG|GET Config|Help", "*3\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n*10\r\n$11\r\nconfig|help\r\n:2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*1\r\n+@slow\r\n*0\r\n*0\r\n*0\r\n"},
	{"COMMAND DOCS nosuch", "*0\r\n"},
	{"COMMAND DOCS get nosuch echo", "*4\r\n$3\r\nget\r\n*10\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n$4\r\necho\r\n*10\r\n$7\r\nsummary\r\n$21\r\nEcho the given string\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n*4\r\n$4\r\nname\r\n$7\r\nmessage\r\n$4\r\ntype\r\n$6\r\nstring\r\n"},
	{"COMMAND LIST FILTERBY aclcat nosuch", "*0\r\n"},
	{"COMMAND LIST FILTERBY module x", "*0\r\n"},
	{"COMMAND LIST FILTERBY pattern x y", "-ERR syntax error\r\n"},
	{"COMMAND LIST FILTERBY", "-ERR syntax error\r\n"},
	{"COMMAND LIST x", "-ERR syntax error\r\n"},
	{"COMMAND LIST FILTERBY x y", "-ERR syntax error\r\n"},
	{"COMMAND COUNT x", "-ERR wrong number of arguments for 'command|count' command\r\n"},
	{"COMMAND HELP x", "-ERR wrong number of arguments for 'command|help' command\r\n"},
	{"COMMAND nosuch", "-ERR unknown subcommand 'nosuch'. Try COMMAND HELP.\r\n"},
	{"COMMAND GETKEYS GET", "-ERR wrong number of arguments for 'command|getkeys' command\r\n"},
}

// Replies whose elements Redis lists in its dictionary's (random) order:
// compared as sets.
var commandUnorderedCases = []struct{ cmd, want string }{
	{"COMMAND LIST FILTERBY pattern bitfield*", "*2\r\n$11\r\nbitfield_ro\r\n$8\r\nbitfield\r\n"},
	{"COMMAND LIST FILTERBY PATTERN command|g*", "*2\r\n$23\r\ncommand|getkeysandflags\r\n$15\r\ncommand|getkeys\r\n"},
}

// COMMAND GETKEYS and GETKEYSANDFLAGS replies from redis-server 7.0.15. The
// EVAL, XREAD, ZUNIONSTORE and GEORADIUS lines run against keysTestRows,
// copies of Redis's rows for commands luakv does not have (yet), which cover
// key counts, keyword searches, limits and the getkeys fallbacks.
var getKeysCases = []struct{ cmd, want string }{
	{"COMMAND GETKEYS SET k v", "*1\r\n$1\r\nk\r\n"},
	{"COMMAND GETKEYSANDFLAGS SET k v", "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+OW\r\n+update\r\n"},
	{"COMMAND GETKEYSANDFLAGS SET k v get", "*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n"},
	{"COMMAND GETKEYSANDFLAGS SET k v EX 10 GET", "*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n"},
	{"COMMAND GETKEYSANDFLAGS SET k v EX GETX", "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+OW\r\n+update\r\n"},
	{"COMMAND getkeys set K v", "*1\r\n$1\r\nK\r\n"},
	{"COMMAND GETKEYS MSET a 1 b 2", "*2\r\n$1\r\na\r\n$1\r\nb\r\n"},
	{"COMMAND GETKEYS MSET a 1 b", "*2\r\n$1\r\na\r\n$1\r\nb\r\n"},
	{"COMMAND GETKEYSANDFLAGS MSETNX a 1 b 2", "*2\r\n*2\r\n$1\r\na\r\n*2\r\n+OW\r\n+insert\r\n*2\r\n$1\r\nb\r\n*2\r\n+OW\r\n+insert\r\n"},
	{"COMMAND GETKEYS GET k", "*1\r\n$1\r\nk\r\n"},
	{"COMMAND GETKEYS GET k x", "-ERR Invalid number of arguments specified for command\r\n"},
	{"COMMAND GETKEYS LCS a b", "*2\r\n$1\r\na\r\n$1\r\nb\r\n"},
	{"COMMAND GETKEYSANDFLAGS LCS a b IDX", "*2\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n"},
	{"COMMAND GETKEYS LCS a", "-ERR Invalid number of arguments specified for command\r\n"},
	{"COMMAND GETKEYS BITOP AND d a b", "*3\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n"},
	{"COMMAND GETKEYSANDFLAGS BITOP AND d a b", "*3\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n"},
	{"COMMAND GETKEYS BITOP AND d", "-ERR Invalid number of arguments specified for command\r\n"},
	{"COMMAND GETKEYS DEL a b c", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"},
	{"COMMAND GETKEYSANDFLAGS RENAME a b", "*2\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n*2\r\n$1\r\nb\r\n*2\r\n+OW\r\n+update\r\n"},
	{"COMMAND GETKEYS PING x", "-ERR The command has no key arguments\r\n"},
	{"COMMAND GETKEYS nosuch x", "-ERR Invalid command specified\r\n"},
	{"COMMAND GETKEYS CONFIG GET x", "-ERR The command has no key arguments\r\n"},
	{"COMMAND GETKEYS CONFIG nosuch x", "-ERR Invalid command specified\r\n"},
	{"COMMAND GETKEYS COMMAND INFO", "-ERR The command has no key arguments\r\n"},
	{"COMMAND GETKEYS MEMORY USAGE k", "*1\r\n$1\r\nk\r\n"},
	{"COMMAND GETKEYSANDFLAGS MEMORY USAGE k SAMPLES 5", "*1\r\n*2\r\n$1\r\nk\r\n*1\r\n+RO\r\n"},
	{"COMMAND GETKEYS OBJECT ENCODING k", "*1\r\n$1\r\nk\r\n"},
	{"COMMAND GETKEYS OBJECT ENCODING k x", "-ERR Invalid number of arguments specified for command\r\n"},
	{"COMMAND GETKEYSANDFLAGS BITFIELD k GET u8 0", "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n"},
	{"COMMAND GETKEYSANDFLAGS BITFIELD k GET u8 0 SET u8 0 1", "*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n"},
	{"COMMAND GETKEYSANDFLAGS BITFIELD k INCRBY", "*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n"},
	{"COMMAND GETKEYSANDFLAGS BITFIELD k OVERFLOW WRAP GET u8 0", "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n"},
	{"COMMAND GETKEYSANDFLAGS BITFIELD k GET u8", "*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n"},
	{"COMMAND GETKEYSANDFLAGS BITFIELD_RO k GET u8 0", "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n"},
	{"COMMAND GETKEYS KEYS *", "-ERR The command has no key arguments\r\n"},
	{"COMMAND GETKEYS GETEX k PERSIST", "*1\r\n$1\r\nk\r\n"},
	{"COMMAND GETKEYSANDFLAGS GETDEL k", "*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n"},
	{"COMMAND GETKEYS EVAL s 2 a b c", "*2\r\n$1\r\na\r\n$1\r\nb\r\n"},
	{"COMMAND GETKEYSANDFLAGS EVAL s 1 a", "*1\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+update\r\n"},
	{"COMMAND GETKEYS EVAL s 0", "*0\r\n"},
	{"COMMAND GETKEYS EVAL s 3 a b", "*0\r\n"},
	{"COMMAND GETKEYS EVAL s -1 a", "*0\r\n"},
	{"COMMAND GETKEYS EVAL s 1x a", "*1\r\n$1\r\na\r\n"},
	{"COMMAND GETKEYSANDFLAGS EVAL s 1x a", "*1\r\n*2\r\n$1\r\na\r\n*0\r\n"},
	{"COMMAND GETKEYS EVAL s 4294967297 a", "*1\r\n$1\r\na\r\n"},
	{"COMMAND GETKEYS EVAL s x a", "*0\r\n"},
	{"COMMAND GETKEYS XREAD COUNT 2 STREAMS a b 0 0", "*2\r\n$1\r\na\r\n$1\r\nb\r\n"},
	{"COMMAND GETKEYS XREAD STREAMS a b c 0 0 0", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"},
	{"COMMAND GETKEYS XREAD STREAMS a b 0", "*1\r\n$1\r\na\r\n"},
	{"COMMAND GETKEYS XREAD COUNT 1 BLOCK 0", "-ERR Invalid arguments specified for command\r\n"},
	{"COMMAND GETKEYS XREAD COUNT 1 STREAMS", "-ERR Invalid arguments specified for command\r\n"},
	{"COMMAND GETKEYS ZUNIONSTORE d 2 a b", "*3\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n"},
	{"COMMAND GETKEYSANDFLAGS ZUNIONSTORE d 2 a b WEIGHTS 1 2", "*3\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n"},
	{"COMMAND GETKEYS ZUNIONSTORE d 2x a b", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nd\r\n"},
	{"COMMAND GETKEYSANDFLAGS ZUNIONSTORE d 2x a b", "*3\r\n*2\r\n$1\r\na\r\n*0\r\n*2\r\n$1\r\nb\r\n*0\r\n*2\r\n$1\r\nd\r\n*0\r\n"},
	{"COMMAND GETKEYS ZUNIONSTORE d 3 a b", "-ERR Invalid arguments specified for command\r\n"},
	{"COMMAND GETKEYS ZUNIONSTORE d 0 a", "-ERR Invalid arguments specified for command\r\n"},
	{"COMMAND GETKEYS GEORADIUS k 0 0 1 km STORE d", "*2\r\n$1\r\nk\r\n$1\r\nd\r\n"},
	{"COMMAND GETKEYSANDFLAGS GEORADIUS k 0 0 1 km STOREDIST d STORE e", "*3\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\ne\r\n*2\r\n+OW\r\n+update\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n"},
	{"COMMAND GETKEYS GEORADIUS k 0 0 1 km STORE", "*1\r\n$1\r\nk\r\n"},
	{"COMMAND GETKEYS GEORADIUS k 0 0 1 km store d COUNT 3", "*2\r\n$1\r\nk\r\n$1\r\nd\r\n"},
	{"COMMAND GETKEYS FCALL f 2 a b", "*2\r\n$1\r\na\r\n$1\r\nb\r\n"},
	{"COMMAND GETKEYS FCALL_RO f 1x a b", "*1\r\n$1\r\na\r\n"},
	{"COMMAND GETKEYS FCALL f 3 a b", "*0\r\n"},
	// SORT's STORE spec is incomplete: its getkeys procedure decides.
	{"COMMAND GETKEYS SORT k", "*1\r\n$1\r\nk\r\n"},
	{"COMMAND GETKEYSANDFLAGS SORT k STORE d", "*2\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n"},
	{"COMMAND GETKEYS SORT k BY x GET y STORE d STORE e", "*2\r\n$1\r\nk\r\n$1\r\ne\r\n"},
	{"COMMAND GETKEYS SORT k LIMIT 1 STORE d", "*1\r\n$1\r\nk\r\n"},
	{"COMMAND GETKEYS SORT k LIMIT 0 1 store d", "*2\r\n$1\r\nk\r\n$1\r\nd\r\n"},
	{"COMMAND GETKEYS SORT k STORE", "*1\r\n$1\r\nk\r\n"},
	{"COMMAND GETKEYS SORT k get store d", "*1\r\n$1\r\nk\r\n"},
	{"COMMAND GETKEYS SORT k STORE GET d", "*2\r\n$1\r\nk\r\n$3\r\nGET\r\n"},
	{"COMMAND GETKEYSANDFLAGS SORT_RO k BY x GET y", "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n"},
	{"COMMAND GETKEYS SORT_RO k STORE d", "*1\r\n$1\r\nk\r\n"},
	{"COMMAND GETKEYS SORT", "-ERR wrong number of arguments for 'command|getkeys' command\r\n"},
}

// keysTestRows are Redis 7.0.15's rows (as cmdgen renders them) for
// commands whose key specs the table does not exercise yet.
var keysTestRows = []Command{
	{Name: "eval", Arity: -3, Flags: NoScript | Stale | SkipMonitor | NoMandatoryKeys | MovableKeys | MayReplicate, ACL: ACLSlow | ACLScripting, Specs: []KeySpec{{Flags: KeyRW | KeyAccess | KeyUpdate, Notes: "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE", Begin: Index(2), Find: KeyCount(0, 1, 1)}}, GetKeysProc: evalKeys, Group: GroupScripting},
	{Name: "fcall", Arity: -3, Flags: NoScript | Stale | SkipMonitor | NoMandatoryKeys | MovableKeys | MayReplicate, ACL: ACLSlow | ACLScripting, Specs: []KeySpec{{Flags: KeyRW | KeyAccess | KeyUpdate, Notes: "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE", Begin: Index(2), Find: KeyCount(0, 1, 1)}}, GetKeysProc: functionKeys, Group: GroupScripting},
	{Name: "fcall_ro", Arity: -3, Flags: ReadOnly | NoScript | Stale | SkipMonitor | NoMandatoryKeys | MovableKeys, ACL: ACLSlow | ACLScripting, Specs: []KeySpec{{Flags: KeyRO | KeyAccess, Notes: "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS", Begin: Index(2), Find: KeyCount(0, 1, 1)}}, GetKeysProc: functionKeys, Group: GroupScripting},
	{Name: "xread", Arity: -4, Flags: ReadOnly | Blocking | MovableKeys, ACL: ACLRead | ACLStream | ACLSlow | ACLBlocking, Specs: []KeySpec{{Flags: KeyRO | KeyAccess, Begin: Keyword("STREAMS", 1), Find: KeyRange(-1, 1, 2)}}, Group: GroupStream},
	{Name: "zunionstore", Arity: -4, Flags: Write | DenyOOM | MovableKeys, ACL: ACLWrite | ACLSortedSet | ACLSlow, Keys: Range(1, 1, 1), Specs: []KeySpec{{Flags: KeyOW | KeyUpdate, Begin: Index(1), Find: KeyRange(0, 1, 0)}, {Flags: KeyRO | KeyAccess, Begin: Index(2), Find: KeyCount(0, 1, 1)}}, Group: GroupSortedSet},
	{Name: "georadius", Arity: -6, Flags: Write | DenyOOM | MovableKeys, ACL: ACLWrite | ACLGeo | ACLSlow, Keys: Range(1, 1, 1), Specs: []KeySpec{{Flags: KeyRO | KeyAccess, Begin: Index(1), Find: KeyRange(0, 1, 0)}, {Flags: KeyOW | KeyUpdate, Begin: Keyword("STORE", 6), Find: KeyRange(0, 1, 0)}, {Flags: KeyOW | KeyUpdate, Begin: Keyword("STOREDIST", 6), Find: KeyRange(0, 1, 0)}}, Group: GroupGeo},
}

// keysTestEngine is an engine with the table plus keysTestRows.
func keysTestEngine(t testing.TB) *Engine {
	t.Helper()
	rows := slices.Clone(Commands)
	for _, r := range keysTestRows {
		if !slices.ContainsFunc(rows, func(c Command) bool { return c.Name == r.Name }) {
			rows = append(rows, r)
		}
	}
	return New(rows, Settings{Databases: 16, MaxClients: 10000})
}

func TestCommandReplies(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	for _, tc := range commandCases {
		expect(t, e, cl, tc.cmd, tc.want)
	}
	for _, tc := range commandUnorderedCases {
		if got := do(e, cl, strings.Fields(tc.cmd)...); !sameElements(t, got, tc.want) {
			t.Errorf("%s\n got: %q\nwant (any order): %q", tc.cmd, got, tc.want)
		}
	}
}

func TestGetKeys(t *testing.T) {
	e := keysTestEngine(t)
	cl := testClient(e)
	for _, tc := range getKeysCases {
		expect(t, e, cl, tc.cmd, tc.want)
	}
}

// TestCommandListsTheTable checks the replies that list the whole table,
// which Redis orders by its dictionary and luakv by the table.
func TestCommandListsTheTable(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	top := e.table.Commands()
	expect(t, e, cl, "COMMAND COUNT", ":"+strconv.Itoa(len(top))+"\r\n")

	all := parseReply(t, do(e, cl, "COMMAND"))
	info := parseReply(t, do(e, cl, "COMMAND", "INFO"))
	if len(all.Elems) != len(top) || !bytes.Equal(all.Raw, info.Raw) {
		t.Fatalf("COMMAND: %d entries, COMMAND INFO: %d; want %d each, equal", len(all.Elems), len(info.Elems), len(top))
	}
	var names []string
	for i, cmd := range top {
		if got := all.Elems[i].Elems[0].Str; got != cmd.Name {
			t.Errorf("COMMAND entry %d is %q, want %q", i, got, cmd.Name)
		}
		names = append(names, cmd.Name)
		for _, sub := range cmd.SubCmd {
			names = append(names, sub.Name)
		}
	}
	if got := parseReply(t, do(e, cl, "COMMAND", "LIST")).Strings(); !slices.Equal(got, names) {
		t.Errorf("COMMAND LIST = %v\nwant %v", got, names)
	}
	docs := parseReply(t, do(e, cl, "COMMAND", "DOCS"))
	if len(docs.Elems) != 2*len(top) {
		t.Errorf("COMMAND DOCS has %d entries, want %d", len(docs.Elems)/2, len(top))
	}

	var fast []string
	for _, n := range names {
		if e.table.lookupName(n).ACL&ACLFast != 0 {
			fast = append(fast, n)
		}
	}
	if got := parseReply(t, do(e, cl, "COMMAND", "LIST", "FILTERBY", "ACLCAT", "FAST")).Strings(); !slices.Equal(got, fast) {
		t.Errorf("COMMAND LIST FILTERBY ACLCAT FAST = %v\nwant %v", got, fast)
	}
}

// lookupName finds a row by its full name, for tests.
func (t *Table) lookupName(name string) *Command { return lookupFullName(t, []byte(name)) }

// TestCommandTableMatchesRedis compares COMMAND INFO of every row, in both
// protocols, with redis-server's reply captured in testdata (by
// engine/internal/cmdgen -w).
func TestCommandTableMatchesRedis(t *testing.T) {
	for _, proto := range []int{2, 3} {
		want := loadGolden(t, goldenName("command_info", proto))
		compareAllInfo(t, testEngine(t), proto, infoByName(t, want))
	}
}

// TestCommandDocsMatchRedis does the same for COMMAND DOCS.
func TestCommandDocsMatchRedis(t *testing.T) {
	for _, proto := range []int{2, 3} {
		want := loadGolden(t, goldenName("command_docs", proto))
		compareAllDocs(t, testEngine(t), proto, docsByName(want))
	}
}

// TestCommandRepliesLive runs the comparisons above against a live
// redis-server: COMMAND INFO and DOCS of every row, and the reply cases.
func TestCommandRepliesLive(t *testing.T) {
	addr := startRedis(t)
	// keysTestRows are included: they must stay copies of Redis's rows.
	names := append(tableNames(Commands), tableNames(keysTestRows)...)
	for _, proto := range []int{2, 3} {
		rc := dialRedis(t, addr, proto)
		info := rc.do(t, append([]string{"COMMAND", "INFO"}, names...)...)
		compareAllInfo(t, keysTestEngine(t), proto, infoByName(t, info))
		docs := rc.do(t, append([]string{"COMMAND", "DOCS"}, names...)...)
		compareAllDocs(t, testEngine(t), proto, docsByName(docs))
	}
	rc := dialRedis(t, addr, 2)
	for _, tc := range append(slices.Clone(commandCases), getKeysCases...) {
		if got := rc.do(t, strings.Fields(tc.cmd)...); string(got.Raw) != tc.want {
			t.Errorf("redis-server: %s\n got: %q\nwant: %q", tc.cmd, got.Raw, tc.want)
		}
	}
	for _, tc := range commandUnorderedCases {
		if got := rc.do(t, strings.Fields(tc.cmd)...); !sameElements(t, string(got.Raw), tc.want) {
			t.Errorf("redis-server: %s\n got: %q\nwant (any order): %q", tc.cmd, got.Raw, tc.want)
		}
	}
}

// compareAllInfo compares the engine's COMMAND INFO entry of every row of
// want with Redis's.
func compareAllInfo(t *testing.T, e *Engine, proto int, want map[string]respval.Value) {
	t.Helper()
	cl := testClient(e)
	cl.Proto = proto
	for _, cmd := range e.table.Commands() {
		for _, c := range append([]*Command{cmd}, cmd.SubCmd...) {
			w, ok := want[c.Name]
			if !ok {
				t.Errorf("RESP%d: redis-server has no COMMAND INFO entry for %q", proto, c.Name)
				continue
			}
			got := parseReply(t, do(e, cl, "COMMAND", "INFO", c.Name))
			compareInfoEntry(t, proto, c.Name, got.Elems[0], w)
		}
	}
}

// compareInfoEntry compares two COMMAND INFO entries byte for byte, except
// that a container's subcommands are matched by name (Redis lists them in
// random order) and Redis's subcommands luakv does not have are skipped.
func compareInfoEntry(t *testing.T, proto int, name string, got, want respval.Value) {
	t.Helper()
	if len(got.Elems) != 10 || len(want.Elems) != 10 {
		t.Errorf("RESP%d %s: entries of %d and %d elements, want 10", proto, name, len(got.Elems), len(want.Elems))
		return
	}
	if len(want.Elems[9].Elems) == 0 {
		if !bytes.Equal(got.Raw, want.Raw) {
			t.Errorf("RESP%d COMMAND INFO %s\n got: %q\nwant: %q", proto, name, got.Raw, want.Raw)
		}
		return
	}
	for i := range 9 {
		if !bytes.Equal(got.Elems[i].Raw, want.Elems[i].Raw) {
			t.Errorf("RESP%d COMMAND INFO %s element %d\n got: %q\nwant: %q", proto, name, i, got.Elems[i].Raw, want.Elems[i].Raw)
		}
	}
	subs := map[string]respval.Value{}
	for _, s := range want.Elems[9].Elems {
		subs[s.Elems[0].Str] = s
	}
	if got.Elems[9].Kind != want.Elems[9].Kind {
		t.Errorf("RESP%d COMMAND INFO %s: subcommands are %q, want %q", proto, name, got.Elems[9].Kind, want.Elems[9].Kind)
	}
	for _, s := range got.Elems[9].Elems {
		sn := s.Elems[0].Str
		if w, ok := subs[sn]; !ok {
			t.Errorf("RESP%d COMMAND INFO %s: redis-server has no subcommand %s", proto, name, sn)
		} else if !bytes.Equal(s.Raw, w.Raw) {
			t.Errorf("RESP%d COMMAND INFO %s: %s\n got: %q\nwant: %q", proto, name, sn, s.Raw, w.Raw)
		}
	}
}

func compareAllDocs(t *testing.T, e *Engine, proto int, want map[string]respval.Value) {
	t.Helper()
	cl := testClient(e)
	cl.Proto = proto
	for _, cmd := range e.table.Commands() {
		for _, c := range append([]*Command{cmd}, cmd.SubCmd...) {
			w, ok := want[c.Name]
			if !ok {
				t.Errorf("RESP%d: redis-server has no COMMAND DOCS entry for %q", proto, c.Name)
				continue
			}
			got := parseReply(t, do(e, cl, "COMMAND", "DOCS", c.Name))
			if len(got.Elems) != 2 || got.Elems[0].Str != c.Name {
				t.Errorf("RESP%d COMMAND DOCS %s: %q", proto, c.Name, got.Raw)
				continue
			}
			compareDocsEntry(t, proto, c.Name, got.Elems[1], w)
		}
	}
}

// compareDocsEntry compares two COMMAND DOCS entries the way
// compareInfoEntry compares COMMAND INFO entries.
func compareDocsEntry(t *testing.T, proto int, name string, got, want respval.Value) {
	t.Helper()
	wantSubs, isContainer := want.Get("subcommands")
	if !isContainer {
		if !bytes.Equal(got.Raw, want.Raw) {
			t.Errorf("RESP%d COMMAND DOCS %s\n got: %q\nwant: %q", proto, name, got.Raw, want.Raw)
		}
		return
	}
	gp, wp := got.Pairs(), want.Pairs()
	if got.Kind != want.Kind || len(gp) != len(wp) {
		t.Errorf("RESP%d COMMAND DOCS %s: %d fields of kind %q, want %d of %q", proto, name, len(gp), got.Kind, len(wp), want.Kind)
		return
	}
	for i := range gp {
		if gp[i][0].Str != wp[i][0].Str {
			t.Errorf("RESP%d COMMAND DOCS %s: field %d is %q, want %q", proto, name, i, gp[i][0].Str, wp[i][0].Str)
			continue
		}
		if gp[i][0].Str == "subcommands" {
			continue
		}
		if !bytes.Equal(gp[i][1].Raw, wp[i][1].Raw) {
			t.Errorf("RESP%d COMMAND DOCS %s %s\n got: %q\nwant: %q", proto, name, gp[i][0].Str, gp[i][1].Raw, wp[i][1].Raw)
		}
	}
	gotSubs, _ := got.Get("subcommands")
	if gotSubs.Kind != wantSubs.Kind {
		t.Errorf("RESP%d COMMAND DOCS %s: subcommands are %q, want %q", proto, name, gotSubs.Kind, wantSubs.Kind)
	}
	for _, p := range gotSubs.Pairs() {
		if w, ok := wantSubs.Get(p[0].Str); !ok {
			t.Errorf("RESP%d COMMAND DOCS %s: redis-server has no subcommand %s", proto, name, p[0].Str)
		} else if !bytes.Equal(p[1].Raw, w.Raw) {
			t.Errorf("RESP%d COMMAND DOCS %s: %s\n got: %q\nwant: %q", proto, name, p[0].Str, p[1].Raw, w.Raw)
		}
	}
}

func goldenName(base string, proto int) string {
	if proto == 3 {
		return "testdata/" + base + ".resp3.golden"
	}
	return "testdata/" + base + ".golden"
}

func loadGolden(t *testing.T, path string) respval.Value {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := respval.ParseAll(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

func parseReply(t *testing.T, s string) respval.Value {
	t.Helper()
	v, err := respval.ParseAll([]byte(s))
	if err != nil {
		t.Fatalf("unparsable reply %q: %v", s, err)
	}
	return v
}

// infoByName indexes a COMMAND INFO reply's entries by name.
func infoByName(t *testing.T, v respval.Value) map[string]respval.Value {
	t.Helper()
	out := map[string]respval.Value{}
	for _, e := range v.Elems {
		if e.Null || len(e.Elems) == 0 {
			t.Fatalf("COMMAND INFO reply has a null entry: %q", v.Raw)
		}
		out[e.Elems[0].Str] = e
	}
	return out
}

// docsByName indexes a COMMAND DOCS reply (a map, flat in RESP2) by name.
func docsByName(v respval.Value) map[string]respval.Value {
	out := map[string]respval.Value{}
	for _, p := range v.Pairs() {
		out[p[0].Str] = p[1]
	}
	return out
}

func tableNames(rows []Command) []string {
	out := make([]string, len(rows))
	for i := range rows {
		out[i] = rows[i].Name
	}
	return out
}

// sameElements reports whether two array replies hold the same elements in
// any order.
func sameElements(t *testing.T, a, b string) bool {
	t.Helper()
	va, vb := parseReply(t, a), parseReply(t, b)
	if va.Kind != vb.Kind || len(va.Elems) != len(vb.Elems) {
		return false
	}
	ra, rb := make([]string, len(va.Elems)), make([]string, len(vb.Elems))
	for i := range va.Elems {
		ra[i], rb[i] = string(va.Elems[i].Raw), string(vb.Elems[i].Raw)
	}
	slices.Sort(ra)
	slices.Sort(rb)
	return slices.Equal(ra, rb)
}

// startRedis starts a redis-server on a free loopback port for the test's
// duration, or skips the test when there is none on PATH.
func startRedis(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server not found on PATH; skipping live COMMAND INFO comparison")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	cmd := exec.Command(bin, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	addr := "127.0.0.1:" + port
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return addr
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server did not start on %s: %v", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type redisConn struct {
	c net.Conn
	r *bufio.Reader
}

func dialRedis(t *testing.T, addr string, proto int) *redisConn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	rc := &redisConn{c: c, r: bufio.NewReader(c)}
	if proto == 3 {
		rc.do(t, "HELLO", "3")
	}
	return rc
}

func (rc *redisConn) do(t *testing.T, args ...string) respval.Value {
	t.Helper()
	rc.c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := rc.c.Write(respval.Encode(nil, args...)); err != nil {
		t.Fatal(err)
	}
	v, err := respval.Read(rc.r)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
