package engine

import (
	"slices"
	"strings"
	"testing"
)

// State checks the reply-only scripts can't see: exact expiry times, the
// key-modified hook, keyspace events, and the cost of in-place writes.

func TestStringExpireTimes(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	cases := []struct {
		cmd  string
		rel  int64 // expected expiry relative to the command's clock, or
		abs  int64 // an absolute one
		none bool  // no TTL
	}{
		{cmd: "SET k v EX 100", rel: 100000},
		{cmd: "SET k v PX 1234", rel: 1234},
		{cmd: "SET k v EXAT 99999999999", abs: 99999999999000},
		{cmd: "SET k v PXAT 99999999999123", abs: 99999999999123},
		{cmd: "SET k v KEEPTTL", abs: 99999999999123},
		{cmd: "SET k v XX KEEPTTL GET", abs: 99999999999123},
		{cmd: "INCRBYFLOAT k 1", abs: 99999999999123}, // "v" is no float: unchanged
		{cmd: "SET k 1 KEEPTTL", abs: 99999999999123},
		{cmd: "INCR k", abs: 99999999999123},
		{cmd: "INCRBYFLOAT k 1.5", abs: 99999999999123},
		{cmd: "APPEND k x", abs: 99999999999123},
		{cmd: "SETRANGE k 0 y", abs: 99999999999123},
		{cmd: "SETBIT k 0 1", abs: 99999999999123},
		{cmd: "BITFIELD k SET u8 0 1", abs: 99999999999123},
		{cmd: "GETEX k", abs: 99999999999123},
		{cmd: "GETEX k PERSIST", none: true},
		{cmd: "GETEX k EX 50", rel: 50000},
		{cmd: "GETEX k PX 50", rel: 50},
		{cmd: "GETEX k EXAT 99999999998", abs: 99999999998000},
		{cmd: "GETEX k PXAT 99999999998001", abs: 99999999998001},
		{cmd: "SETEX k 7 v", rel: 7000},
		{cmd: "PSETEX k 7 v", rel: 7},
		{cmd: "GETSET k w", none: true},
		{cmd: "SETEX k 7 v", rel: 7000},
		{cmd: "MSET k w", none: true},
		{cmd: "SETEX k 7 v", rel: 7000},
		{cmd: "SET k w", none: true},
		{cmd: "SETEX k 7 v", rel: 7000},
		{cmd: "BITOP NOT k k", none: true},
	}
	for _, tc := range cases {
		do(e, cl, strings.Fields(tc.cmd)...)
		got := e.DB(0).Expire([]byte("k"))
		switch {
		case tc.none && got != -1:
			t.Errorf("%s: expiry %d, want none", tc.cmd, got)
		case tc.rel != 0 && got != e.Now()+tc.rel:
			t.Errorf("%s: expiry now%+d, want now%+d", tc.cmd, got-e.Now(), tc.rel)
		case tc.abs != 0 && got != tc.abs:
			t.Errorf("%s: expiry %d, want %d", tc.cmd, got, tc.abs)
		}
	}
}

// TestStringTouches checks which commands run the key-modified hook (what
// WATCH and client-side caching rely on): every change, and no no-op.
func TestStringTouches(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	touched := 0
	e.OnTouch(func(db *DB, key string) { touched++ })
	cases := []struct {
		cmd     string
		touches bool
	}{
		{"GET k", false},
		{"SET k hello", true},
		{"GET k", false},
		{"SET k x NX", false},
		{"SET nk x XX", false},
		{"SETNX k x", false},
		{"MSETNX k x nk y", false},
		{"APPEND k !", true},
		{"APPEND k ''", true}, // Redis signals even an empty append
		{"SETRANGE k 0 H", true},
		{"SETBIT k 0 0", false}, // 'H' starts with a 0 bit
		{"SETBIT k 0 1", true},
		{"SETBIT k 0 1", false},
		{"SETBIT k 100 0", true}, // grows the string
		{"BITFIELD k GET u8 0", false},
		{"BITFIELD k SET u8 0 201", true},
		{"BITFIELD k SET u8 0 201", false},
		{"BITFIELD k OVERFLOW FAIL INCRBY u8 0 100", false},
		{"BITFIELD k INCRBY u8 0 1", true},
		{"BITFIELD_RO k GET u8 0", false},
		{"GETRANGE k 0 -1", false},
		{"STRLEN k", false},
		{"BITCOUNT k", false},
		{"BITPOS k 1", false},
		{"LCS k k LEN", false},
		{"MGET k nk", false},
		{"SET n 1", true},
		{"INCR n", true},
		{"INCRBY n x", false},
		{"INCR k", false},
		{"INCRBYFLOAT n 1.5", true},
		{"GETEX n", false},
		{"GETEX n PERSIST", false},
		{"GETEX n EX 100", true},
		{"GETEX n PERSIST", true},
		{"GETSET n 2", true},
		{"GETDEL n", true},
		{"GETDEL n", false},
		{"BITOP AND dest nokey", false},
		{"BITOP OR dest k", true},
		{"BITOP AND dest nokey", true},
	}
	for _, tc := range cases {
		touched = 0
		args := strings.Fields(tc.cmd)
		for i, a := range args {
			if a == "''" {
				args[i] = ""
			}
		}
		do(e, cl, args...)
		if (touched > 0) != tc.touches {
			t.Errorf("%s: %d touches, want touched=%v", tc.cmd, touched, tc.touches)
		}
	}
}

// TestStringEvents checks the keyspace events each command publishes, as
// Redis's notifyKeyspaceEvent calls do.
func TestStringEvents(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	var events []string
	e.OnNotify(func(db *DB, class NotifyClass, event, key string) {
		events = append(events, event+":"+key)
	})
	cases := []struct {
		cmd  string
		want []string
	}{
		{"SET k 1", []string{"new:k", "set:k"}},
		{"SET k 1 EX 10", []string{"set:k", "expire:k"}},
		{"SET k 1 NX", nil},
		{"SETEX k 10 1", []string{"set:k", "expire:k"}},
		{"SETNX k 1", nil},
		{"SETNX j 1", []string{"new:j", "set:j"}},
		{"MSET a 1 b 2", []string{"new:a", "set:a", "new:b", "set:b"}},
		{"MSETNX c 1 d 2", []string{"new:c", "set:c", "new:d", "set:d"}},
		{"GETSET k 2", []string{"set:k"}},
		{"INCR k", []string{"incrby:k"}},
		{"DECRBY k 3", []string{"incrby:k"}},
		{"INCRBYFLOAT k 1.5", []string{"incrbyfloat:k"}},
		{"APPEND k x", []string{"append:k"}},
		{"SETRANGE k 0 y", []string{"setrange:k"}},
		{"SETBIT k 0 1", []string{"setbit:k"}},
		{"SETBIT k 0 1", nil},
		{"BITFIELD k SET u8 0 1", []string{"setbit:k"}},
		{"BITFIELD k GET u8 0", nil},
		{"BITOP NOT k2 k", []string{"new:k2", "set:k2"}},
		{"BITOP AND k2 nokey", []string{"keymiss:nokey", "del:k2"}},
		{"GETEX k EX 100", []string{"expire:k"}},
		{"GETEX k PERSIST", []string{"persist:k"}},
		{"GETEX k PERSIST", nil},
		{"GETEX k PXAT 1", []string{"del:k"}},
		{"GETDEL j", []string{"del:j"}},
		{"GET a", nil},
	}
	for _, tc := range cases {
		events = events[:0]
		do(e, cl, strings.Fields(tc.cmd)...)
		if !slices.Equal(events, tc.want) {
			t.Errorf("%s: events %q, want %q", tc.cmd, events, tc.want)
		}
	}
}

// TestStringRepresentation checks how values are held: inline after plain
// writes, a mutable buffer after in-place ones, and no aliasing between a
// key and the replies or arguments it came from.
func TestStringRepresentation(t *testing.T) {
	e := testEngine(t)
	cl := testClient(e)
	db := e.DB(0)
	rep := func(key string) string {
		en := db.Peek([]byte(key))
		switch {
		case en == nil:
			return "missing"
		case en.Obj == nil:
			return "inline"
		default:
			return "buffer"
		}
	}
	steps := []struct{ cmd, rep string }{
		{"SET k hello", "inline"},
		{"APPEND k !", "buffer"},
		{"SET k hello", "inline"},
		{"SETRANGE k 0 J", "buffer"},
		{"GETSET k x", "inline"},
		{"SETBIT k 0 1", "buffer"},
		{"MSET k 1", "inline"},
		{"INCR k", "buffer"},
		{"INCR k", "buffer"},
		{"SET k 1.5", "inline"},
		{"INCRBYFLOAT k 1", "inline"},   // "2.5"
		{"INCRBYFLOAT k 0.5", "buffer"}, // "3", which must report embstr
		{"APPEND n x", "inline"},
		{"BITOP NOT m n", "buffer"},
	}
	for _, st := range steps {
		do(e, cl, strings.Fields(st.cmd)...)
		key := strings.Fields(st.cmd)[1]
		if st.cmd == "BITOP NOT m n" {
			key = "m"
		}
		if got := rep(key); got != st.rep {
			t.Errorf("%s: %s value, want %s", st.cmd, got, st.rep)
		}
	}

	// An argument stored inline must not share memory with the caller's
	// buffer, which the network layer reuses.
	w := NewRespWriter(2)
	arg := []byte("original")
	e.RunBatch(cl, w, [][][]byte{{[]byte("SET"), []byte("a"), arg}}, 0)
	copy(arg, "XXXXXXXX")
	if got := do(e, cl, "GET", "a"); got != "$8\r\noriginal\r\n" {
		t.Errorf("stored value aliases its argument: %q", got)
	}
	// Nor may an in-place write change a reply already written.
	w.Buf = w.Buf[:0]
	do(e, cl, "APPEND", "a", "!")
	e.RunBatch(cl, w, [][][]byte{{[]byte("GET"), []byte("a")}}, 0)
	do(e, cl, "SETRANGE", "a", "0", "Z")
	if got := string(w.Buf); got != "$9\r\noriginal!\r\n" {
		t.Errorf("reply aliases the value: %q", got)
	}
	// A counter's buffer is rewritten in place; earlier replies stay.
	do(e, cl, "SET", "c", "9")
	w.Buf = w.Buf[:0]
	e.RunBatch(cl, w, [][][]byte{strArgs("INCR", "c"), strArgs("GET", "c"), strArgs("INCR", "c"), strArgs("GET", "c")}, 0)
	if got := string(w.Buf); got != ":10\r\n$2\r\n10\r\n:11\r\n$2\r\n11\r\n" {
		t.Errorf("counter replies: %q", got)
	}
}

// TestInPlaceWriteAllocations checks that small writes into a large value
// don't copy it.
func TestInPlaceWriteAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	h := newStrHotPath(t)
	big := strings.Repeat("x", 1<<20)
	h.run([][][]byte{strArgs("SET", "big", big)})
	h.run([][][]byte{strArgs("APPEND", "big", "!")}) // switches to a buffer
	cases := []struct {
		name  string
		batch [][][]byte
		max   float64
	}{
		{"SETRANGE", [][][]byte{strArgs("SETRANGE", "big", "1000", "abc")}, 0},
		{"SETBIT", [][][]byte{strArgs("SETBIT", "big", "8000", "1")}, 0},
		{"BITFIELD", [][][]byte{strArgs("BITFIELD", "big", "INCRBY", "u8", "16", "1", "GET", "i4", "3")}, 0},
		{"GETRANGE", [][][]byte{strArgs("GETRANGE", "big", "10", "20")}, 0},
		{"APPEND", [][][]byte{strArgs("APPEND", "big", "0123456789")}, 0.1}, // amortized growth
	}
	for _, tc := range cases {
		got := testing.AllocsPerRun(500, func() { h.runQuiet(tc.batch) })
		if got > tc.max {
			t.Errorf("%s: %.2f allocations per run, want <= %.1f", tc.name, got, tc.max)
		}
	}
}
