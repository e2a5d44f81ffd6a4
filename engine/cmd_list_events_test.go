package engine

import (
	"slices"
	"strings"
	"testing"
)

// listEventCases run in order; the events are those redis-server 7.0.15
// published (notify-keyspace-events KEAn) for the same commands, in order.
var listEventCases = []struct {
	cmd  string
	want []string
}{
	{"lpush l a b c", []string{"new:l", "lpush:l"}},
	{"rpush l d", []string{"rpush:l"}},
	{"lpushx nokey a", nil},
	{"rpushx l e", []string{"rpush:l"}},
	{"linsert l before a x", []string{"linsert:l"}},
	{"linsert l before zz x", nil},
	{"lset l 0 y", []string{"lset:l"}},
	{"lpop l", []string{"lpop:l"}},
	{"rpop l 2", []string{"rpop:l"}},
	{"lpop l 0", nil},
	{"lrem l 1 nothing", nil},
	{"lrem l 0 b", []string{"lrem:l"}},
	{"ltrim l 0 -1", []string{"ltrim:l"}},
	{"ltrim l 5 10", []string{"ltrim:l", "del:l"}},
	{"rpush m 1 2", []string{"new:m", "rpush:m"}},
	{"lmove m dst left right", []string{"new:dst", "rpush:dst", "lpop:m"}},
	{"lmove m m right left", []string{"lpush:m", "rpop:m"}},
	{"lmove m dst right left", []string{"lpush:dst", "rpop:m", "del:m"}},
	{"rpoplpush dst dst", []string{"lpush:dst", "rpop:dst"}},
	{"rpoplpush dst other", []string{"new:other", "lpush:other", "rpop:dst"}},
	{"lmpop 2 none other right count 5", []string{"rpop:other", "del:other"}},
	{"lmpop 1 dst left", []string{"lpop:dst", "del:dst"}},
	{"rpush t 1", []string{"new:t", "rpush:t"}},
	{"lrem t 0 1", []string{"lrem:t", "del:t"}},
	{"set s v", []string{"new:s", "set:s"}},
	{"lmove dst s left left", nil},
}

// TestListEvents checks the keyspace events of the list commands and that
// exactly the keys Redis signals as modified reach the key-modified hook.
func TestListEvents(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	var events, touched []string
	e.OnNotify(func(db *DB, class NotifyClass, event, key string) {
		events = append(events, event+":"+key)
	})
	e.OnTouch(func(db *DB, key string) { touched = append(touched, key) })
	for _, c := range listEventCases {
		events, touched = events[:0], touched[:0]
		do(e, cl, strings.Fields(c.cmd)...)
		if !slices.Equal(events, c.want) {
			t.Errorf("%s: events %q, want %q", c.cmd, events, c.want)
		}
		// Every event but "del" (whose deletion touches the key anyway)
		// comes with a modification of its key, and nothing else is
		// touched.
		var want []string
		for _, ev := range c.want {
			want = append(want, ev[strings.IndexByte(ev, ':')+1:])
		}
		slices.Sort(want)
		want = slices.Compact(want)
		slices.Sort(touched)
		touched = slices.Compact(touched)
		if !slices.Equal(touched, want) {
			t.Errorf("%s: touched %q, want %q", c.cmd, touched, want)
		}
	}
}
