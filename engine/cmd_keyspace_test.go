package engine

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Expected replies captured from redis-server 7.0.15.

// TestKeyspaceBasics covers DEL, UNLINK, EXISTS, TOUCH, TYPE and RANDOMKEY.
func TestKeyspaceBasics(t *testing.T) {
	runKeyspaceCases(t, ksEngine(t), []ksCase{
		{"flushall", "+OK\r\n"},
		// DEL and UNLINK count only live keys, each once
		{"set foo bar", "+OK\r\n"},
		{"del foo", ":1\r\n"},
		{"del foo", ":0\r\n"},
		{"set a 1", "+OK\r\n"},
		{"set b 2", "+OK\r\n"},
		{"set c 3", "+OK\r\n"},
		{"del a b c d a", ":3\r\n"},
		{"set a 1", "+OK\r\n"},
		{"unlink a a nokey", ":1\r\n"},
		{"unlink a", ":0\r\n"},
		{"del", "-ERR wrong number of arguments for 'del' command\r\n"},
		{"unlink", "-ERR wrong number of arguments for 'unlink' command\r\n"},
		// EXISTS counts a repeated key each time; TOUCH likewise
		{"set x 1", "+OK\r\n"},
		{"exists x", ":1\r\n"},
		{"exists x x nokey", ":2\r\n"},
		{"exists nokey", ":0\r\n"},
		{"touch x x nokey", ":2\r\n"},
		{"touch nokey", ":0\r\n"},
		{"exists", "-ERR wrong number of arguments for 'exists' command\r\n"},
		{"touch", "-ERR wrong number of arguments for 'touch' command\r\n"},
		// TYPE
		{"type x", "+string\r\n"},
		{"type nokey", "+none\r\n"},
		{"set \"\" \"\"", "+OK\r\n"},
		{"type \"\"", "+string\r\n"},
		{"exists \"\"", ":1\r\n"},
		{"del \"\"", ":1\r\n"},
		{"type", "-ERR wrong number of arguments for 'type' command\r\n"},
		{"type a b", "-ERR wrong number of arguments for 'type' command\r\n"},
		// RANDOMKEY
		{"randomkey", "$1\r\nx\r\n"},
		{"flushdb", "+OK\r\n"},
		{"randomkey", "$-1\r\n"},
		{"randomkey x", "-ERR wrong number of arguments for 'randomkey' command\r\n"},
		{"!resp3", ""},
		{"randomkey", "_\r\n"},
		{"set k v", "+OK\r\n"},
		{"randomkey", "$1\r\nk\r\n"},
		{"!resp2", ""},
	})
}

// TestRename covers RENAME and RENAMENX, TTLs included.
func TestRename(t *testing.T) {
	runKeyspaceCases(t, ksEngine(t), []ksCase{
		{"flushall", "+OK\r\n"},
		// RENAME basics (keyspace.tcl)
		{"set mykey hello", "+OK\r\n"},
		{"rename mykey mykey1", "+OK\r\n"},
		{"get mykey", "$-1\r\n"},
		{"get mykey1", "$5\r\nhello\r\n"},
		{"rename mykey1 mykey2", "+OK\r\n"},
		{"get mykey1", "$-1\r\n"},
		{"get mykey2", "$5\r\nhello\r\n"},
		{"exists mykey", ":0\r\n"},
		{"exists mykey1", ":0\r\n"},
		{"set mykey a", "+OK\r\n"},
		{"set mykey2 b", "+OK\r\n"},
		{"rename mykey2 mykey", "+OK\r\n"},
		{"get mykey", "$1\r\nb\r\n"},
		{"exists mykey2", ":0\r\n"},
		// RENAMENX
		{"set mykey a", "+OK\r\n"},
		{"set mykey2 b", "+OK\r\n"},
		{"renamenx mykey mykey2", ":0\r\n"},
		{"get mykey2", "$1\r\nb\r\n"},
		{"renamenx mykey mykey3", ":1\r\n"},
		{"get mykey3", "$1\r\na\r\n"},
		{"exists mykey", ":0\r\n"},
		// RENAME errors and same-key cases
		{"rename nokey foobar", "-ERR no such key\r\n"},
		{"rename nokey nokey", "-ERR no such key\r\n"},
		{"renamenx nokey nokey", "-ERR no such key\r\n"},
		{"set mykey a", "+OK\r\n"},
		{"rename mykey mykey", "+OK\r\n"},
		{"renamenx mykey mykey", ":0\r\n"},
		{"get mykey", "$1\r\na\r\n"},
		{"rename mykey", "-ERR wrong number of arguments for 'rename' command\r\n"},
		{"rename a b c", "-ERR wrong number of arguments for 'rename' command\r\n"},
		// TTL travels with the key; the target's TTL does not stay
		{"del mykey mykey2", ":2\r\n"},
		{"set mykey foo", "+OK\r\n"},
		{"expire mykey 100", ":1\r\n"},
		{"ttl mykey", ":100\r\n"},
		{"rename mykey mykey2", "+OK\r\n"},
		{"ttl mykey2", ":100\r\n"},
		{"ttl mykey", ":-2\r\n"},
		{"set mykey foo", "+OK\r\n"},
		{"set mykey2 bar", "+OK\r\n"},
		{"expire mykey2 100", ":1\r\n"},
		{"ttl mykey", ":-1\r\n"},
		{"ttl mykey2", ":100\r\n"},
		{"rename mykey mykey2", "+OK\r\n"},
		{"ttl mykey2", ":-1\r\n"},
	})
}

// TestMoveCopy covers MOVE and COPY: database arguments, TTLs, encodings and independence of the copy.
func TestMoveCopy(t *testing.T) {
	runKeyspaceCases(t, ksEngine(t), []ksCase{
		{"flushall", "+OK\r\n"},
		// MOVE (keyspace.tcl)
		{"select 10", "+OK\r\n"},
		{"set mykey foobar", "+OK\r\n"},
		{"move mykey 9", ":1\r\n"},
		{"exists mykey", ":0\r\n"},
		{"select 9", "+OK\r\n"},
		{"get mykey", "$6\r\nfoobar\r\n"},
		{"select 10", "+OK\r\n"},
		{"set mykey hello", "+OK\r\n"},
		{"move mykey 9", ":0\r\n"},
		{"get mykey", "$5\r\nhello\r\n"},
		{"move mykey notanint", "-ERR value is not an integer or out of range\r\n"},
		{"move mykey 16", "-ERR DB index is out of range\r\n"},
		{"move mykey -1", "-ERR DB index is out of range\r\n"},
		{"move mykey 10", "-ERR source and destination objects are the same\r\n"},
		{"move mykey 2147483648", "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"},
		{"move mykey -2147483649", "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"},
		{"move mykey 4294967296", "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"},
		{"move nokey 9", ":0\r\n"},
		{"move mykey", "-ERR wrong number of arguments for 'move' command\r\n"},
		{"select 9", "+OK\r\n"},
		{"flushdb", "+OK\r\n"},
		{"select 10", "+OK\r\n"},
		{"flushdb", "+OK\r\n"},
		{"set mykey foo", "+OK\r\n"},
		{"expire mykey 100", ":1\r\n"},
		{"move mykey 9", ":1\r\n"},
		{"select 9", "+OK\r\n"},
		{"ttl mykey", ":100\r\n"},
		{"get mykey", "$3\r\nfoo\r\n"},
		{"select 10", "+OK\r\n"},
		{"set mykey foo", "+OK\r\n"},
		{"move mykey 11", ":1\r\n"},
		{"select 11", "+OK\r\n"},
		{"ttl mykey", ":-1\r\n"},
		{"flushall", "+OK\r\n"},
		{"select 0", "+OK\r\n"},
		// COPY (keyspace.tcl)
		{"set mykey foobar", "+OK\r\n"},
		{"copy mykey mynewkey", ":1\r\n"},
		{"get mynewkey", "$6\r\nfoobar\r\n"},
		{"dbsize", ":2\r\n"},
		{"select 9", "+OK\r\n"},
		{"dbsize", ":0\r\n"},
		{"select 0", "+OK\r\n"},
		{"copy mykey mynewkey db 9", ":1\r\n"},
		{"select 9", "+OK\r\n"},
		{"get mynewkey", "$6\r\nfoobar\r\n"},
		{"dbsize", ":1\r\n"},
		{"select 0", "+OK\r\n"},
		{"set mykey foobar", "+OK\r\n"},
		{"set mynewkey hoge", "+OK\r\n"},
		{"copy mykey mynewkey", ":0\r\n"},
		{"get mynewkey", "$4\r\nhoge\r\n"},
		{"copy mykey mynewkey replace", ":1\r\n"},
		{"get mynewkey", "$6\r\nfoobar\r\n"},
		{"copy mykey mynewkey db notanint", "-ERR value is not an integer or out of range\r\n"},
		{"copy mykey mynewkey db", "-ERR syntax error\r\n"},
		{"copy mykey mynewkey db 16", "-ERR DB index is out of range\r\n"},
		{"copy mykey mynewkey db 3000000000", "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"},
		{"copy mykey mynewkey foo", "-ERR syntax error\r\n"},
		{"copy mykey mynewkey replace foo", "-ERR syntax error\r\n"},
		{"copy mykey mynewkey db 0 replace db 1", ":1\r\n"},
		{"select 1", "+OK\r\n"},
		{"get mynewkey", "$6\r\nfoobar\r\n"},
		{"select 0", "+OK\r\n"},
		{"copy mykey mykey", "-ERR source and destination objects are the same\r\n"},
		{"copy mykey mykey db 0", "-ERR source and destination objects are the same\r\n"},
		{"copy mykey mykey db 1", ":1\r\n"},
		{"copy mykey mykey db 1 replace", ":1\r\n"},
		{"copy nokey x", ":0\r\n"},
		{"copy nokey x foo", "-ERR syntax error\r\n"},
		{"copy a", "-ERR wrong number of arguments for 'copy' command\r\n"},
		{"COPY mykey mynewkey2 REPLACE DB 2", ":1\r\n"},
		// the copy keeps the TTL, or has none
		{"flushall", "+OK\r\n"},
		{"set mykey foo", "+OK\r\n"},
		{"expire mykey 100", ":1\r\n"},
		{"copy mykey mynewkey", ":1\r\n"},
		{"ttl mynewkey", ":100\r\n"},
		{"get mynewkey", "$3\r\nfoo\r\n"},
		{"set mykey foo", "+OK\r\n"},
		{"copy mykey mynewkey2", ":1\r\n"},
		{"ttl mynewkey2", ":-1\r\n"},
		// copied data is independent (append on the copy)
		{"set mykey foobar", "+OK\r\n"},
		{"copy mykey mynewkey replace", ":1\r\n"},
		{"append mynewkey x", ":7\r\n"},
		{"get mykey", "$6\r\nfoobar\r\n"},
		{"get mynewkey", "$7\r\nfoobarx\r\n"},
		{"append mykey y", ":7\r\n"},
		{"copy mykey mynewkey3", ":1\r\n"},
		{"object encoding mynewkey3", "$3\r\nraw\r\n"},
		{"append mykey z", ":8\r\n"},
		{"get mynewkey3", "$7\r\nfoobary\r\n"},
		// encodings survive a copy
		{"set mykey 123", "+OK\r\n"},
		{"copy mykey copyint replace", ":1\r\n"},
		{"object encoding copyint", "$3\r\nint\r\n"},
		{"set mykey \"a value of more than forty-four bytes for sure ok\"", "+OK\r\n"},
		{"copy mykey copyraw", ":1\r\n"},
		{"object encoding copyraw", "$3\r\nraw\r\n"},
	})
}

// TestKeyspaceEvents checks that the commands fire the events Redis fires,
// in Redis's order (captured from redis-server 7.0.15 with
// notify-keyspace-events KEAn, less the keymiss events, which the lookups
// do not raise yet), and that each change reaches the key-modified hook.
func TestKeyspaceEvents(t *testing.T) {
	e := ksEngine(t)
	var events, touched []string
	e.OnNotify(func(db *DB, class NotifyClass, event, key string) {
		events = append(events, strconv.Itoa(db.ID)+":"+event+":"+key)
	})
	e.OnTouch(func(db *DB, key string) { touched = append(touched, strconv.Itoa(db.ID)+":"+key) })
	cl := testClient(e)
	for _, line := range []string{
		"set a 1", "set b 2", "del a b nokey", "set a 1", "expire a 100", "pexpire a 100 gt",
		"expire a 0", "set a 1", "expire a 10", "persist a", "rename a b", "set c 1",
		"renamenx b c", "rename b b", "move b 1", "set d 1 px 10", "!sleep", "move d 1", "set x 1",
		"copy x y", "copy x y db 2 replace", "copy x y replace", "unlink y",
	} {
		if line == "!sleep" {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		doLine(e, cl, line)
	}
	// Captured from redis-server 7.0.15 with notify-keyspace-events KEAn.
	want := "0:new:a 0:set:a 0:new:b 0:set:b 0:del:a 0:del:b 0:new:a 0:set:a 0:expire:a 0:del:a " +
		"0:new:a 0:set:a 0:expire:a 0:persist:a 0:new:b 0:rename_from:a 0:rename_to:b 0:new:c 0:set:c " +
		"1:new:b 0:move_from:b 1:move_to:b 0:new:d 0:set:d 0:expire:d 0:expired:d 0:new:x 0:set:x " +
		"0:new:y 0:copy_to:y 2:new:y 2:copy_to:y 0:new:y 0:copy_to:y 0:del:y"
	if got := strings.Join(events, " "); got != want {
		t.Errorf("events\n got: %s\nwant: %s", got, want)
	}
	// Every write reaches the hook: the SETs, the deletions, the expire
	// changes, both keys of RENAME and MOVE, the copies and the reclaimed
	// expired key. (Where Redis signals a key once, the hook may run twice:
	// the stand-in SET with PX, and COPY REPLACE deleting then adding.)
	wantTouched := "0:a 0:b 0:a 0:b 0:a 0:a 0:a 0:a 0:a 0:a 0:a 0:b 0:c 0:b 1:b 0:d 0:d 0:d 0:x 0:y 2:y 0:y 0:y 0:y"
	if got := strings.Join(touched, " "); got != wantTouched {
		t.Errorf("touched\n got: %s\nwant: %s", got, wantTouched)
	}
}

// listValue is a stand-in for a collection type, to test COPY's Copier hook.
type listValue struct{ items []string }

func (l *listValue) TypeName() string { return "list" }
func (l *listValue) Encoding() string { return "quicklist" }
func (l *listValue) Copy() any        { return &listValue{items: slices.Clone(l.items)} }

// opaqueValue is a value type without a Copy method.
type opaqueValue struct{}

func (opaqueValue) TypeName() string { return "opaque" }

func TestCopyUsesCopier(t *testing.T) {
	e := ksEngine(t)
	cl := testClient(e)
	orig := &listValue{items: []string{"a", "b"}}
	inExec(e, func(c *Ctx) {
		c.DB.SetObject([]byte("l"), orig, false)
		c.DB.SetObject([]byte("o"), opaqueValue{}, false)
	})
	for _, tc := range []ksCase{
		{"expire l 100", ":1\r\n"},
		{"copy l l2", ":1\r\n"},
		{"type l2", "+list\r\n"},
		{"object encoding l2", "$9\r\nquicklist\r\n"},
		{"ttl l2", ":100\r\n"},
		{"copy o o2", "-ERR unknown type object\r\n"},
		{"exists o2", ":0\r\n"},
		{"type o", "+opaque\r\n"},
	} {
		if got := doLine(e, cl, tc.cmd); got != tc.want {
			t.Errorf("%s\n got: %q\nwant: %q", tc.cmd, got, tc.want)
		}
	}
	inExec(e, func(c *Ctx) {
		cp := c.DB.Peek([]byte("l2")).Obj.(*listValue)
		if cp == orig {
			t.Fatal("COPY shared the value")
		}
		cp.items[0] = "changed"
		if orig.items[0] != "a" {
			t.Fatal("the copy is not independent")
		}
	})
}

// TestKeyspaceStats: which commands count keyspace hits and misses, as
// INFO stats showed on redis-server for the same commands (hits 8, misses 6).
func TestKeyspaceStats(t *testing.T) {
	e := ksEngine(t)
	cl := testClient(e)
	for _, line := range []string{
		"set a 1", "exists a nokey", "type a", "type nokey", "ttl a", "pttl nokey",
		"object encoding a", "object encoding nokey", "touch a nokey", "del a nokey",
		"set a 1", "expire a 100", "persist a", "rename a b", "move b 1", "copy nokey x",
		"set a 1", "copy a x", "scan 0 type string", "randomkey", "keys *",
	} {
		doLine(e, cl, line)
	}
	st := e.Stats()
	if st.KeyspaceHits != 8 || st.KeyspaceMisses != 6 {
		t.Errorf("hits %d misses %d, want 8 and 6", st.KeyspaceHits, st.KeyspaceMisses)
	}
}

// TestObjectIdletime: IDLETIME counts seconds since the last access from
// the entry's LRU stamp, survives the clock's wrap, and reading it does not
// reset it; TOUCH does.
func TestObjectIdletime(t *testing.T) {
	e := ksEngine(t)
	cl := testClient(e)
	doLine(e, cl, "set k v")
	age := func(secs uint32) {
		inExec(e, func(c *Ctx) {
			en := c.DB.Peek([]byte("k"))
			en.lru = (c.E.lruClock() - secs) & lruClockMax
		})
	}
	age(42)
	for _, tc := range []ksCase{
		{"object idletime k", ":42\r\n"},
		{"type k", "+string\r\n"},
		{"exists k", ":1\r\n"},
		{"ttl k", ":-1\r\n"},
		{"object encoding k", "$6\r\nembstr\r\n"},
		{"object idletime k", ":42\r\n"},
		{"touch k", ":1\r\n"},
		{"object idletime k", ":0\r\n"},
	} {
		if got := doLine(e, cl, tc.cmd); got != tc.want {
			t.Errorf("%s\n got: %q\nwant: %q", tc.cmd, got, tc.want)
		}
	}
	if got := idleSeconds(5, lruClockMax-10); got != 15 {
		t.Errorf("idle across the wrap = %d, want 15", got)
	}
}

// TestRandomKeySkipsExpired: RANDOMKEY reclaims the expired keys it draws
// and returns a live one, or null once only expired keys were left.
func TestRandomKeySkipsExpired(t *testing.T) {
	e := ksEngine(t)
	cl := testClient(e)
	doLine(e, cl, "debug set-active-expire 0")
	for i := 0; i < 300; i++ {
		doLine(e, cl, "set "+keyN("gone", i)+" v px 1")
	}
	time.Sleep(10 * time.Millisecond)
	doLine(e, cl, "set live v px 100000")
	for i := 0; i < 5; i++ {
		if got := doLine(e, cl, "randomkey"); got != "$4\r\nlive\r\n" {
			t.Fatalf("randomkey = %q", got)
		}
	}
	doLine(e, cl, "del live")
	for i := 0; i < 300; i++ {
		doLine(e, cl, "set "+keyN("gone", i)+" v px 1")
	}
	time.Sleep(10 * time.Millisecond)
	if got := doLine(e, cl, "randomkey"); got != "$-1\r\n" {
		t.Fatalf("randomkey over expired keys = %q", got)
	}
	if got := doLine(e, cl, "dbsize"); got != ":0\r\n" {
		t.Fatalf("dbsize = %q", got)
	}
}

// TestKeysSorted follows keyspace.tcl's KEYS tests over several keys.
func TestKeysSorted(t *testing.T) {
	e := ksEngine(t)
	cl := testClient(e)
	for _, k := range []string{"key_x", "key_y", "key_z", "foo_a", "foo_b", "foo_c"} {
		doLine(e, cl, "set "+k+" hello")
	}
	if got := sortedKeys(t, doLine(e, cl, "keys foo*")); !slices.Equal(got, []string{"foo_a", "foo_b", "foo_c"}) {
		t.Errorf("keys foo* = %v", got)
	}
	if got := sortedKeys(t, doLine(e, cl, "keys *")); len(got) != 6 {
		t.Errorf("keys * = %v", got)
	}
	if got := sortedKeys(t, doLine(e, cl, "keys *_[xz]")); !slices.Equal(got, []string{"key_x", "key_z"}) {
		t.Errorf("keys *_[xz] = %v", got)
	}
	// A long key twice (keyspace.tcl, issue #1208).
	long := strings.Repeat("x", 200)
	doLine(e, cl, "set "+long+" 1")
	doLine(e, cl, "keys *")
	if got := sortedKeys(t, doLine(e, cl, "keys *")); len(got) != 7 {
		t.Errorf("keys * with a long key = %d keys", len(got))
	}
	// Pathological patterns stay fast (keyspace.tcl).
	start := time.Now()
	doLine(e, cl, "keys a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b")
	if d := time.Since(start); d > time.Second {
		t.Errorf("nested * pattern took %v", d)
	}
}

// TestExpiryBoundary: a key is live up to and including its expiry
// millisecond, as in Redis (keyIsExpired: now > when).
func TestExpiryBoundary(t *testing.T) {
	e := ksEngine(t)
	inExec(e, func(c *Ctx) {
		k := []byte("k")
		c.DB.SetString(k, []byte("v"), false)
		c.DB.SetExpire(c.DB.Peek(k), c.E.Now())
		if c.DB.Lookup(k) == nil {
			t.Fatal("key expired at its expiry millisecond")
		}
		c.DB.SetExpire(c.DB.Peek(k), c.E.Now()-1)
		if c.DB.Lookup(k) != nil {
			t.Fatal("key live after its expiry millisecond")
		}
	})
}
