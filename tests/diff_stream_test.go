package tests

import (
	"strconv"
	"testing"
	"time"

	rt "luakv/internal/redistest"
)

// Streams against redis-server: IDs and their parsing, ranges, deletion
// and trimming (whose approximate forms depend on the node layout, which
// XINFO STREAM shows), consumer groups, and XREAD/XREADGROUP served at
// once, from blocking, and inside MULTI. Replies that carry times (idle,
// delivery and seen times, generated IDs) are compared in shape.
func TestDiffStreamBasics(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "add and range",
		"XADD s 1-1 a 1 b 2", "XADD s 1-* a 3", "XADD s 1 c 3", "XADD s 5-0 a 1 b 2 c 3", "XADD s 5-* a 1",
		"XLEN s", "XRANGE s - +", "XREVRANGE s + -", "XRANGE s 1 1", "XRANGE s (1-1 +", "XRANGE s - (5-0",
		"XRANGE s 1-2 5 COUNT 2", "XRANGE s - + COUNT 0", "XRANGE s - + COUNT -3", "XREVRANGE s 5 1 COUNT 1",
		"XRANGE s 5 1", "XRANGE nokey - +", "XRANGE s - + COUNT", "XRANGE s - + LIMIT 1", "XRANGE s - + COUNT x",
		"XRANGE s (- +", "XRANGE s - (+", "XRANGE s (18446744073709551615-18446744073709551615 +", "XRANGE s - (0-0",
		"XRANGE s x +", "XRANGE s - 1-x", "XRANGE s ' 1' +", "XRANGE s +1 +", "XRANGE s -0 +",
		"XRANGE s 18446744073709551616 +", "XRANGE s 1-18446744073709551615 +", "XLEN nokey")
	p.Both(t, "add errors",
		"XADD s 0-0 a b", "XADD s 0 a b", "XADD s 0-* a b", "XADD s 1-0 a", "XADD s 1-0 a b c", "XADD s",
		"XADD s 2-0 a b", "XADD s 1-0 a b", "XADD s 2-0 a b", "XADD s 2-x a b", "XADD s - a b", "XADD s + a b",
		"XADD s NOMKSTREAM 3-0 a b", "XADD new NOMKSTREAM 3-0 a b", "EXISTS new", "XADD s MAXLEN -1 4-0 a b",
		"XADD s MAXLEN x 4-0 a b", "XADD s MAXLEN 1 MINID 1 4-0 a b", "XADD s LIMIT 5 4-0 a b",
		"XADD s MAXLEN 5 LIMIT 5 4-0 a b", "XADD s MAXLEN ~ 5 LIMIT -1 4-0 a b", "XADD s MAXLEN", "XADD s MAXLEN 5",
		"SET str x", "XADD str 1-0 a b", "XLEN str", "XRANGE str - +",
		"XADD m 18446744073709551615-18446744073709551615 a b", "XADD m * a b", "XADD m 18446744073709551615-* a b",
		"XADD o 1-18446744073709551615 a b", "XADD o 1-* a b", "XADD o 2-* a b")
	p.Both(t, "delete",
		"XADD s 1-0 a 1", "XADD s 2-0 a 2", "XADD s 3-0 a 3", "XDEL s 2-0 9-0 2-0", "XDEL s x", "XDEL nokey 1-0",
		"XRANGE s - +", "XINFO STREAM s", "XDEL s 1-0", "XINFO STREAM s", "XDEL s 3-0", "XLEN s", "EXISTS s",
		"XINFO STREAM s", "XADD s 3-0 a b", "XADD s 4-0 a b")
	p.Run(t, "generated IDs",
		rt.S("XADD s * a 1").ShapeOnly(), rt.S("XADD s * a 2").ShapeOnly(), "XLEN s",
		rt.S("XADD s MAXLEN 1 * a 3").ShapeOnly(), "XLEN s")
}

func TestDiffStreamLayout(t *testing.T) {
	p := rt.NewPair(t)
	fill := func(key string, n int) []any {
		var out []any
		for i := 1; i <= n; i++ {
			out = append(out, rt.C("XADD", key, strconv.Itoa(i)+"-"+strconv.Itoa(i%3), "f", strconv.Itoa(i), "g", "v"+strconv.Itoa(i)))
		}
		return out
	}
	items := []any{"CONFIG SET stream-node-max-entries 4"}
	items = append(items, fill("s", 23)...)
	items = append(items, "XINFO STREAM s", "XTRIM s MAXLEN ~ 18", "XINFO STREAM s", "XTRIM s MAXLEN ~ 2",
		"XINFO STREAM s", "XTRIM s MINID ~ 19", "XINFO STREAM s", "XTRIM s MAXLEN = 5", "XINFO STREAM s",
		"XTRIM s MINID 21", "XINFO STREAM s FULL", "XTRIM s MAXLEN ~ 0 LIMIT 1", "XTRIM s MAXLEN ~ 0 LIMIT 3",
		"XINFO STREAM s", "XTRIM s MAXLEN 1 LIMIT 1", "XTRIM s", "XTRIM s FOO 1", "XTRIM nokey MAXLEN 0",
		"XTRIM s NOMKSTREAM MAXLEN 1")
	items = append(items, fill("t", 30)...)
	items = append(items, "XDEL t 5-2 6-0 7-1 8-2", "XINFO STREAM t", "XDEL t 1-1 2-2 3-0 4-1", "XINFO STREAM t",
		"XADD t MAXLEN ~ 10 31-0 f x", "XINFO STREAM t", "DEBUG DIGEST-VALUE t s", "DEBUG DIGEST", "MEMORY USAGE t", "MEMORY USAGE s", "MEMORY USAGE t SAMPLES 2", "XADD t MINID ~ 25 32-0 f x", "XINFO STREAM t",
		"CONFIG SET stream-node-max-bytes 60", "XADD b 1-0 field1 value1", "XADD b 2-0 field1 value2",
		"XADD b 3-0 other 123456789", "XADD b 4-0 field1 abcdefghijklmnopqrstuvwxyz",
		"XADD b 5-0 field1 x", "XADD b 1000000000000-0 f 1", "XADD b 1000000000000-7 f 1", "XINFO STREAM b",
		"CONFIG SET stream-node-max-bytes 0", "CONFIG SET stream-node-max-entries 0")
	items = append(items, fill("u", 12)...)
	items = append(items, "XINFO STREAM u", "CONFIG SET stream-node-max-bytes 4096", "CONFIG SET stream-node-max-entries 100")
	p.Run(t, "nodes", items...)

	var many []any
	for i := 1; i <= 300; i++ {
		many = append(many, rt.C("XADD", "big", strconv.Itoa(i*1000+i%7)+"-"+strconv.Itoa(i%5), "k", strconv.Itoa(i)))
	}
	many = append(many, "XINFO STREAM big", "MEMORY USAGE big", "MEMORY USAGE big SAMPLES 0", "XTRIM big MAXLEN ~ 150", "XINFO STREAM big",
		"COPY big big2", "MEMORY USAGE big2", "MEMORY USAGE big", "DEBUG RELOAD", "MEMORY USAGE big", "XINFO STREAM big FULL", "XDEL big 250007-0",
		"XTRIM big MINID ~ 260000", "XINFO STREAM big", "XRANGE big 290000 +", "XREVRANGE big + 295000")
	p.Run(t, "many nodes", many...)
}

func TestDiffStreamSetID(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "xsetid",
		"XSETID nokey 1-0", "XADD s 5-0 a b", "XSETID s 4-0", "XSETID s 5-0", "XSETID s 10-0", "XINFO STREAM s",
		"XADD s 7-0 a b", "XSETID s 20 ENTRIESADDED 0", "XSETID s 20 ENTRIESADDED -1", "XSETID s 20 ENTRIESADDED 7",
		"XSETID s 20 MAXDELETEDID 30", "XSETID s 20 MAXDELETEDID 15-3", "XSETID s 20 FOO 1", "XSETID s x",
		"XSETID s + ", "XINFO STREAM s", "XDEL s 5-0", "XSETID s 1-0", "XSETID s 1-0 ENTRIESADDED 0",
		"SET str x", "XSETID str 1-0")
}

func TestDiffStreamGroups(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "create and read",
		"XGROUP CREATE s g $", "XGROUP CREATE s g $ MKSTREAM", "XGROUP CREATE s g $ MKSTREAM", "XINFO GROUPS s",
		"XADD s 1-0 a 1", "XADD s 2-0 a 2", "XADD s 3-0 a 3", "XGROUP CREATE s g2 0 ENTRIESREAD 1",
		"XGROUP CREATE s g3 1-0 ENTRIESREAD -2", "XGROUP CREATE s g3 x", "XGROUP CREATE s g3 0 FOO",
		"XGROUP CREATE s g3 0 MKSTREAM ENTRIESREAD", "XINFO GROUPS s",
		"XREADGROUP GROUP g alice STREAMS s >", "XREADGROUP GROUP g2 bob COUNT 1 STREAMS s >",
		"XREADGROUP GROUP g2 bob STREAMS s 0", "XREADGROUP GROUP g2 carol STREAMS s >", "XREADGROUP GROUP g2 bob STREAMS s 0",
		"XREADGROUP GROUP g2 bob STREAMS s 2", "XINFO GROUPS s", "XPENDING s g2",
		rt.S("XPENDING s g2 - + 10").ShapeOnly(), rt.S("XPENDING s g2 - + 10 bob").ShapeOnly(),
		"XPENDING s g2 - + 10 nobody", rt.S("XPENDING s g2 IDLE 0 - + 10").ShapeOnly(), "XPENDING s g2 IDLE 100000 - + 10",
		"XPENDING s g2 - + 0", rt.S("XPENDING s g2 (1-0 (3-0 5").ShapeOnly(), "XPENDING s g2 - +", "XPENDING s g2 IDLE 5 - +",
		"XPENDING s nog", "XPENDING nokey g", "XPENDING s g2 x + 1", "XPENDING s g2 - + x",
		"XACK s g2 1-0 1-0 9-0", "XACK s g2 x", "XACK s nog 1-0", "XACK nokey g 1-0", "XPENDING s g2",
		"XREADGROUP GROUP g2 bob STREAMS s 0", "XREADGROUP GROUP nog bob STREAMS s >",
		"XREADGROUP GROUP g2 bob STREAMS s $", "XREADGROUP GROUP g2 bob STREAMS nokey >",
		"XREADGROUP GROUP g2 STREAMS s >", "XREADGROUP STREAMS s >", "XREAD GROUP g c STREAMS s 0", "XREAD NOACK STREAMS s 0",
		"XREAD STREAMS s >")
	p.Both(t, "noack, setid, consumers, destroy",
		"XADD s 1-0 a 1", "XADD s 2-0 a 2", "XGROUP CREATE s g 0",
		"XREADGROUP GROUP g c1 NOACK STREAMS s >", "XPENDING s g", "XINFO GROUPS s",
		"XGROUP SETID s g 0", "XGROUP SETID s g 1-0 ENTRIESREAD 1", "XINFO GROUPS s", "XGROUP SETID s g $",
		"XGROUP SETID s nog 0", "XGROUP SETID nokey g 0", "XGROUP SETID s g x", "XGROUP SETID s g 0 MKSTREAM",
		"XGROUP SETID s g 0 ENTRIESREAD 5 X",
		"XGROUP CREATECONSUMER s g c2", "XGROUP CREATECONSUMER s g c2", "XGROUP CREATECONSUMER s nog c",
		"XGROUP SETID s g 0", "XREADGROUP GROUP g c2 STREAMS s >", "XGROUP DELCONSUMER s g c2",
		"XGROUP DELCONSUMER s g c2", "XPENDING s g", "XGROUP DESTROY s g", "XGROUP DESTROY s g",
		"XGROUP DESTROY nokey g", "XGROUP FOO s g", "XGROUP CREATE s", "XGROUP HELP", "XINFO HELP", "XGROUP HELP x",
		"SET str x", "XGROUP CREATE str g 0", "XINFO GROUPS str", "XINFO STREAM nokey")
	p.Both(t, "claims",
		"XADD s 1-0 a 1", "XADD s 2-0 a 2", "XADD s 3-0 a 3", "XADD s 4-0 a 4", "XGROUP CREATE s g 0",
		"XREADGROUP GROUP g c1 STREAMS s >", "XDEL s 2-0",
		"XCLAIM s g c2 0 1-0 2-0 JUSTID", "XPENDING s g", "XCLAIM s g c2 0 3-0", "XCLAIM s g c3 1000000 4-0",
		"XCLAIM s g c3 0 4-0 RETRYCOUNT 7 JUSTID", rt.S("XPENDING s g - + 10").ShapeOnly(),
		"XCLAIM s g c3 0 9-0 FORCE", "XDEL s 4-0", "XCLAIM s g c4 0 4-0 FORCE", "XADD s 5-0 a 5",
		"XCLAIM s g c4 0 5-0 FORCE JUSTID LASTID 7-0", "XINFO GROUPS s", "XCLAIM s g c4 0 5-0 BADOPT",
		"XCLAIM s g c4 x 5-0", "XCLAIM s g c4 0 5-0 IDLE x", "XCLAIM s g c4 0 5-0 TIME x",
		"XCLAIM s g c4 0 5-0 RETRYCOUNT x", "XCLAIM s g c4 0 5-0 LASTID x", "XCLAIM s nog c 0 1-0", "XCLAIM nokey g c 0 1-0",
		"XCLAIM s g c5 0 x 1-0", "XPENDING s g",
		"XAUTOCLAIM s g c9 0 0", "XPENDING s g", "XAUTOCLAIM s g c9 0 0 COUNT 1 JUSTID", "XAUTOCLAIM s g c9 0 (1-0 COUNT 1",
		"XAUTOCLAIM s g c9 0 0 COUNT 0", "XAUTOCLAIM s g c9 0 0 COUNT x", "XAUTOCLAIM s g c9 0 0 COUNT 1152921504606846976",
		"XAUTOCLAIM s g c9 0 0 COUNT 576460752303423487", "XAUTOCLAIM s g c9 x 0", "XAUTOCLAIM s g c9 0 x",
		"XAUTOCLAIM s g c9 0 0 FOO", "XAUTOCLAIM s nog c 0 0", "XAUTOCLAIM s g c9 10000000 0",
		rt.S("XINFO CONSUMERS s g").ShapeOnly(), "XINFO CONSUMERS s nog", rt.S("XINFO STREAM s FULL").ShapeOnly(),
		rt.S("XINFO STREAM s FULL COUNT 1").ShapeOnly(), "XINFO STREAM s FULL COUNT x", "XINFO STREAM s FOO",
		"XINFO STREAM s FULL FOO 1", "XINFO FOO s")
	var autoclaim []any
	autoclaim = append(autoclaim, "XGROUP CREATE a g $ MKSTREAM")
	for i := 1; i <= 25; i++ {
		autoclaim = append(autoclaim, rt.C("XADD", "a", strconv.Itoa(i)+"-0", "f", strconv.Itoa(i)))
	}
	autoclaim = append(autoclaim, "XREADGROUP GROUP g c STREAMS a >", "XDEL a 3-0 4-0 5-0 6-0 7-0 8-0 9-0 10-0 11-0 12-0 13-0",
		"XAUTOCLAIM a g d 0 0 COUNT 1 JUSTID", "XAUTOCLAIM a g d 0 0 COUNT 2", "XAUTOCLAIM a g d 100000 0 COUNT 2",
		"XAUTOCLAIM a g d 0 0 COUNT 20 JUSTID", "XPENDING a g")
	p.Run(t, "autoclaim cursor", autoclaim...)
	p.Both(t, "lag",
		"XADD s 1-0 a 1", "XADD s 2-0 a 2", "XADD s 3-0 a 3", "XGROUP CREATE s g 0", "XGROUP CREATE s h $",
		"XINFO GROUPS s", "XREADGROUP GROUP g c COUNT 1 STREAMS s >", "XINFO GROUPS s", "XDEL s 2-0",
		"XINFO GROUPS s", "XREADGROUP GROUP g c STREAMS s >", "XINFO GROUPS s", "XADD s 4-0 a 4", "XINFO GROUPS s",
		"XGROUP SETID s h 0", "XINFO GROUPS s", "XTRIM s MAXLEN 0", "XINFO GROUPS s", "XGROUP CREATE e g $ MKSTREAM",
		"XINFO GROUPS e")
}

func TestDiffStreamRead(t *testing.T) {
	p := rt.NewPair(t)
	// park lets a blocking command sent on another connection arrive
	// before the next step's command.
	park := rt.Sleep(50 * time.Millisecond)
	p.Both(t, "xread",
		"XADD s 1-0 a 1", "XADD s 2-0 a 2", "XADD t 5-0 b 1", "XREAD STREAMS s 0", "XREAD COUNT 1 STREAMS s t 0 0",
		"XREAD STREAMS s t $ $", "XREAD STREAMS s nokey 1-0 0", "XREAD STREAMS s t 2-0 4", "XREAD STREAMS s",
		"XREAD STREAMS s t 0", "XREAD COUNT x STREAMS s 0", "XREAD COUNT -1 STREAMS s 0", "XREAD BLOCK x STREAMS s 0",
		"XREAD BLOCK -1 STREAMS s 0", "XREAD FOO STREAMS s 0", "XREAD STREAMS s x", "XREAD s 0", "XREAD COUNT 1",
		"XREAD BLOCK 10 STREAMS s 2-0", "XREAD STREAMS streams 0", "SET str x", "XREAD STREAMS s str 0 0",
		"MULTI", "XREAD BLOCK 0 STREAMS s $", "XADD s 3-0 a 3", "XREAD BLOCK 0 STREAMS s 2-0", "EXEC",
		"XDEL s 3-0", "XREAD STREAMS s 2-0",
		rt.C("EVAL", "return redis.call('xread','block','0','streams','s','0')", "0"),
		rt.C("EVAL", "return redis.call('xread','streams','s','0')", "0"))
	p.Run(t, "blocked xread",
		rt.S("XREAD BLOCK 0 STREAMS s t $ $").On(1).NoReply(), park, "XADD t 1-0 f v", rt.Raw("").On(1),
		rt.S("XREAD BLOCK 0 STREAMS s $").On(1).NoReply(), park, "XADD s 1-0 x y", "XDEL s 1-0", rt.Raw("").On(1),
		"XADD s 2-0 a b", rt.S("XREAD BLOCK 0 COUNT 1 STREAMS s 0-5").On(1).NoReply(), park, "XADD s 3-0 a b", rt.Raw("").On(1),
		rt.S("XREAD BLOCK 0 STREAMS s 100-0").On(1).NoReply(), park, "XADD s 4-0 a b", "XDEL s 2-0", "XADD s 101-0 c d",
		rt.Raw("").On(1), rt.S("XREAD BLOCK 50 STREAMS s $").On(1),
		rt.S("XREAD BLOCK 0 STREAMS s $").On(1).NoReply(), park, "DEL s", "XADD s 1-0 a b", "XADD s 200-0 a b", rt.Raw("").On(1))
	p.Run(t, "blocked xreadgroup",
		"XGROUP CREATE s g $ MKSTREAM", rt.S("XREADGROUP GROUP g c1 BLOCK 0 STREAMS s >").On(1).NoReply(), park,
		rt.S("XREADGROUP GROUP g c2 BLOCK 0 STREAMS s >").On(2).NoReply(), park, "XADD s 1-0 a 1", rt.Raw("").On(1),
		"XADD s 2-0 a 2", rt.Raw("").On(2), "XPENDING s g",
		rt.S("XREADGROUP GROUP g c1 BLOCK 0 STREAMS s >").On(1).NoReply(), park, "XGROUP DESTROY s g", rt.Raw("").On(1),
		"XGROUP CREATE s g $", rt.S("XREADGROUP GROUP g c1 BLOCK 0 STREAMS s >").On(1).NoReply(), park, "DEL s",
		rt.Raw("").On(1), "XGROUP CREATE s g $ MKSTREAM",
		rt.S("XREADGROUP GROUP g c1 BLOCK 0 NOACK STREAMS s >").On(1).NoReply(), park, "SET s x", rt.Raw("").On(1),
		"DEL s", "XGROUP CREATE s g $ MKSTREAM", rt.S("XREADGROUP GROUP g c1 BLOCK 0 STREAMS s >").On(1).NoReply(), park,
		"XADD s 1-0 a 1", "XGROUP SETID s g 0", "XDEL s 1-0", rt.Raw("").On(1), "XPENDING s g",
		rt.S("XREADGROUP GROUP g c1 BLOCK 0 STREAMS s >").On(1).NoReply(), park, "MULTI", "XGROUP DESTROY s g",
		"XGROUP CREATE s g 0", "XADD s 5-0 a 5", "EXEC", rt.Raw("").On(1))
}

// The keyspace events stream commands raise, in order.
func TestDiffStreamEvents(t *testing.T) {
	p := rt.NewPair(t)
	p.Run(t, "events",
		"CONFIG SET notify-keyspace-events KEA", rt.S("PSUBSCRIBE __keyevent@0__:*").On(1),
		"XADD s 1-0 f v", "XADD s MAXLEN 1 2-0 f v", "XDEL s 2-0", "XGROUP CREATE s g $",
		"XGROUP CREATECONSUMER s g c", "XREADGROUP GROUP g c2 STREAMS s >", "XSETID s 5-0",
		"XGROUP SETID s g 0", "XGROUP DELCONSUMER s g c", "XGROUP DESTROY s g", "XADD s 6-0 f v",
		"XTRIM s MAXLEN 0", rt.Raw("").On(1).Replies(12), "CONFIG SET notify-keyspace-events ''")
}

// Generic commands on a stream key.
func TestDiffStreamGeneric(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "generic",
		"XADD s 1-0 f v", "XGROUP CREATE s g 0", "TYPE s", "OBJECT ENCODING s", "SORT s", "SORT_RO s",
		"SCAN 0 TYPE stream", "SCAN 0 TYPE string", "COPY s s2", "XINFO GROUPS s2", "RENAME s2 s3", "MOVE s3 5",
		"SELECT 5", "XLEN s3", "SELECT 0", "EXISTS s s2 s3", "LPUSH s x", "GET s", "SET s x", "TYPE s",
		"XADD e MAXLEN 0 1-0 f v", "EXISTS e", "XLEN e", "TYPE e", "DEL e", "XGROUP CREATE m g $ MKSTREAM",
		"XLEN m", "OBJECT ENCODING m", "XINFO STREAM m")
}
