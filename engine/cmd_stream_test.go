package engine

import (
	"regexp"
	"strings"
	"testing"
)

// Streams propagate as Redis makes them propagate: XADD with the ID it
// generated, approximate trims made exact, and the reads and claims of a
// group as the XCLAIM (or XGROUP SETID, XGROUP CREATECONSUMER) that
// reproduce their effect on a replica, wrapped in MULTI/EXEC when there
// are several.
func TestStreamPropagation(t *testing.T) {
	e := testEngine(t)
	rec := &propRecorder{}
	e.SetPropagator(rec)
	a, w := testClient(e), testClient(e)
	do(e, w, "CONFIG", "SET", "stream-node-max-entries", "2")
	for _, id := range []string{"1-0", "2-0", "3-0", "4-0", "5-0"} {
		do(e, w, "XADD", "s", id, "f", "v")
	}
	do(e, w, "XADD", "s", "MAXLEN", "~", "2", "6-*", "f", "v")
	do(e, w, "XTRIM", "s", "MINID", "~", "6") // nothing to trim: no effect
	do(e, w, "XTRIM", "s", "MAXLEN", "100")   // nor here
	do(e, w, "XGROUP", "CREATE", "s", "g", "0")
	do(e, w, "XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">")
	do(e, w, "XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">")
	do(e, w, "XADD", "s", "7-0", "f", "v")
	do(e, w, "XREADGROUP", "GROUP", "g", "carol", "NOACK", "STREAMS", "s", ">")
	do(e, w, "XCLAIM", "s", "g", "bob", "0", "5-0", "JUSTID")
	do(e, w, "XACK", "s", "g", "5-0")
	pa := park(t, e, a, "XREADGROUP GROUP g dan BLOCK 0 STREAMS s >")
	do(e, w, "XADD", "s", "8-0", "f", "v")
	waitDone(t, pa)
	do(e, w, "XTRIM", "s", "MINID", "~", "8")
	got := regexp.MustCompile(`TIME \d+`).ReplaceAllString(strings.Join(rec.got, "|"), "TIME t")
	want := strings.Join([]string{
		"0:XADD s 1-0 f v", "0:XADD s 2-0 f v", "0:XADD s 3-0 f v", "0:XADD s 4-0 f v", "0:XADD s 5-0 f v",
		"0:XADD s MAXLEN = 2 6-0 f v",
		"0:XGROUP CREATE s g 0",
		"0:MULTI", "0:XCLAIM s g alice 0 5-0 TIME t RETRYCOUNT 1 FORCE JUSTID LASTID 5-0",
		"0:XCLAIM s g alice 0 6-0 TIME t RETRYCOUNT 1 FORCE JUSTID LASTID 6-0", "0:EXEC",
		"0:XADD s 7-0 f v",
		"0:MULTI", "0:XGROUP CREATECONSUMER s g carol", "0:XGROUP SETID s g 7-0 ENTRIESREAD 7", "0:EXEC",
		"0:XCLAIM s g bob 0 5-0 TIME t RETRYCOUNT 1 FORCE JUSTID LASTID 7-0",
		"0:XACK s g 5-0",
		"0:XADD s 8-0 f v",
		"0:XCLAIM s g dan 0 8-0 TIME t RETRYCOUNT 1 FORCE JUSTID LASTID 8-0",
		"0:XTRIM s MINID = 7-0",
	}, "|")
	if got != want {
		t.Fatalf("propagated\n%s\nwant\n%s", strings.ReplaceAll(got, "|", "\n"), strings.ReplaceAll(want, "|", "\n"))
	}
}

// FuzzStreamNode feeds node listpacks (as a dump holds them) to the
// loader's check; whatever it accepts must then serve every stream
// operation without a panic.
func FuzzStreamNode(f *testing.F) {
	e := testEngine(f)
	cl := testClient(e)
	do(e, cl, "XADD", "s", "1-0", "f", "1", "g", "v")
	do(e, cl, "XADD", "s", "2-5", "f", "-70000", "g", strings.Repeat("x", 70))
	do(e, cl, "XADD", "s", "9-0", "other", "5")
	do(e, cl, "XDEL", "s", "2-5")
	n := e.dbs[0].keys.Find("s").Obj.(*Stream).nodes[0]
	f.Add(n.lp)
	f.Fuzz(func(t *testing.T, blob []byte) {
		node, err := parseStreamNode(StreamID{1, 0}, blob)
		if err != nil {
			return
		}
		s := &Stream{nodes: []*streamNode{node}, length: node.live, lastID: node.last}
		w := NewRespWriter(2)
		s.ascend(minStreamID, maxStreamID, func(e streamEntry) bool { writeStreamEntry(w, e); return true })
		s.descend(minStreamID, maxStreamID, func(e streamEntry) bool { writeStreamEntry(w, e); return true })
		var d digest
		e.dbs[0].valueDigest(&d, &Entry{Obj: s})
		s.Copy()
		s.MemoryUsage(5)
		s.append(maxStreamID, [][]byte{[]byte("f"), []byte("v")}, streamLimits{4096, 100})
		s.trim(trimArgs{maxLen: 1})
		s.remove(StreamID{1, 0})
	})
}
