package engine_test

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"luakv/engine"
	"luakv/internal/redistest"
)

// argGen turns fuzz bytes into commands: names drawn from the command table
// (only rows with a handler, so unimplemented rows add no noise), words
// from a dictionary of options and edge-case numbers, and raw bytes.
type argGen struct {
	data []byte
	i    int
}

func (g *argGen) next() byte {
	if g.i >= len(g.data) {
		return 0
	}
	b := g.data[g.i]
	g.i++
	return b
}

func (g *argGen) done() bool { return g.i >= len(g.data) }

var fuzzWords = strings.Fields(`k k2 k3 {k} EX PX EXAT PXAT NX XX GT LT GET KEEPTTL PERSIST REPLACE DB MATCH COUNT
TYPE IDX LEN MINMATCHLEN WITHMATCHLEN BIT BYTE AND OR XOR NOT OVERFLOW WRAP SAT FAIL INCRBY SET u8 i8 i16 u16 i64
u63 u64 i65 #1 #-1 SAMPLES ID ADDR LADDR USER SKIPME yes no ON OFF SKIP ASYNC SYNC SETNAME AUTH default string
list * h?llo [a-z]* \ help HELP ENCODING REFCOUNT IDLETIME FREQ USAGE INFO LIST NO-EVICT REPLY KILL GETNAME all
everything keyspace server stats commandstats errorstats NOSAVE NOW FORCE ABORT FILTERBY PATTERN ACLCAT MODULE`)

var fuzzNumbers = strings.Fields(`0 1 -1 2 3 7 8 10 15 16 100 -100 1000 9223372036854775807 -9223372036854775808
9223372036854775808 4294967295 4294967296 536870911 536870912 2147483647 2147483648 1.5 -1.5 inf -inf +inf nan
1e10 1e308 1e309 0x10 01 +1 -0 3.0 .5 5.`)

func (g *argGen) word() string {
	switch k := g.next() % 8; k {
	case 0, 1, 2:
		return fuzzWords[int(g.next())%len(fuzzWords)]
	case 3, 4:
		return fuzzNumbers[int(g.next())%len(fuzzNumbers)]
	case 5:
		return strconv.Itoa(int(int8(g.next())))
	case 6:
		n := int(g.next() % 16)
		b := make([]byte, 0, n)
		for j := 0; j < n && !g.done(); j++ {
			b = append(b, g.next())
		}
		return string(b)
	default:
		return " " + string(rune('a'+g.next()%3)) // a space-padded word
	}
}

// names lists the commands the fuzzer may call: every row with a handler,
// as "name" or "container sub".
func fuzzNames(t *engine.Table) [][]string {
	var out [][]string
	for _, c := range t.Commands() {
		if c.Proc != nil {
			out = append(out, []string{c.Name})
		}
		for _, s := range c.SubCmd {
			if s.Proc != nil {
				out = append(out, []string{c.Name, s.BaseName()})
			}
		}
	}
	return out
}

func (g *argGen) command(t *engine.Table, names [][]string) []string {
	var argv []string
	if b := g.next(); b%16 == 15 || len(names) == 0 {
		argv = []string{g.word()} // most likely an unknown name
		if c := t.Lookup([]byte(argv[0])); c != nil && c.Proc == nil {
			argv[0] = "no-" + argv[0] // a row without a handler yet
		}
	} else {
		argv = append(argv, names[int(g.next())%len(names)]...)
		if b%4 == 0 {
			argv[0] = strings.ToUpper(argv[0])
		}
	}
	for n := int(g.next() % 7); n > 0; n-- {
		argv = append(argv, g.word())
	}
	if c := t.Lookup([]byte(argv[0])); c != nil && c.Sub != nil && len(argv) > 1 {
		if s := t.LookupSub(c, []byte(argv[1])); s != nil && s.Proc == nil {
			argv[1] = "no-" + argv[1]
		}
	}
	return tame(argv)
}

// tame rewrites the few commands that would make one fuzz run slow or touch
// the machine: BGSAVE becomes LASTSAVE, DEBUG SLEEP sleeps 0, DEBUG
// POPULATE makes few small keys, and CONFIG SET/REWRITE (which could raise
// limits or write files) becomes CONFIG GET. Other DEBUG subcommands than
// the supported ones are renamed.
func tame(argv []string) []string {
	if strings.EqualFold(argv[0], "bgsave") {
		// A writer outliving the run would race the cleanup of its
		// directory.
		argv[0] = "lastsave"
	}
	if len(argv) < 2 {
		return argv
	}
	name, sub := strings.ToLower(argv[0]), strings.ToLower(argv[1])
	switch {
	case name == "debug" && sub == "sleep":
		argv = append(argv[:2], "0")
	case name == "debug" && sub == "populate":
		for i := 2; i < len(argv); i++ {
			if i != 3 {
				n, _ := strconv.Atoi(argv[i])
				argv[i] = strconv.Itoa(n % 100)
			}
		}
	case name == "debug" && sub != "object" && sub != "log" && sub != "set-active-expire" && sub != "help":
		argv[1] = "nosuch-subcommand"
	case name == "config" && (sub == "set" || sub == "rewrite"):
		argv[1] = "get"
	}
	return argv
}

// batchDeadline bounds one batch: handlers never block, and the fuzzer's
// inputs are small, so a batch that takes longer has hung.
const batchDeadline = 10 * time.Second

// panicLog records handler panics the executor recovered.
type panicLog struct {
	mu     sync.Mutex
	panics []string
}

func (l *panicLog) Logf(level int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if strings.Contains(msg, "panic") {
		l.mu.Lock()
		l.panics = append(l.panics, msg)
		l.mu.Unlock()
	}
}

// FuzzDispatch runs random batches of commands through RunBatch, as the
// network layer does, on two clients. No panic may escape, no handler may
// panic (the executor recovers it, but it is a bug), every reply must be
// well-formed RESP, and a batch gets one reply per command unless it uses
// CLIENT (REPLY OFF/SKIP, KILL) or QUIT, which may drop replies.
func FuzzDispatch(f *testing.F) {
	for _, s := range []string{
		"", "\x00", "\x01\x02\x03\x04\x05\x06\x07\x08", "set k v get k incr k append k x",
		"\x10\x20\x30\x40\x50\x60\x70\x80\x90\xa0\xb0\xc0\xd0\xe0\xf0\xff",
		"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4\xf3\xf2\xf1\xf0\xef\xee\xed",
		strings.Repeat("\x07\x03\x01", 20), strings.Repeat("\x00\x11\x22\x33\x44\x55\x66", 10),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		logs := &panicLog{}
		e := engine.New(engine.Commands, engine.Settings{
			Databases: 16, MaxClients: 100, EnableDebugCommand: true,
			// Small limits keep strings (and so LCS and BITOP) small.
			ProtoMaxBulkLen: 4096, QueryBufLimit: 1 << 20,
		})
		e.Log = logs
		e.DumpDir = t.TempDir()
		e.ShutdownHook = func(engine.ShutdownOptions) error { return nil }
		names := fuzzNames(e.Table())
		type client struct {
			cl *engine.Client
			w  *engine.RespWriter
		}
		newClient := func(i int) *client {
			cl := e.NewClient("127.0.0.1:"+strconv.Itoa(40000+i), "127.0.0.1:6379", 10+i)
			cl.Kill = func() {}
			return &client{cl: cl, w: engine.NewRespWriter(2)}
		}
		clients := []*client{newClient(0), newClient(1)}
		g := &argGen{data: data}
		for round := 0; round < 8 && !g.done(); round++ {
			c := clients[int(g.next())%len(clients)]
			if c.cl.CloseAfterReply {
				e.RemoveClient(c.cl)
				*c = *newClient(round + 2)
			}
			var batch [][][]byte
			var text []string
			mayDrop, pubsub := false, false
			for n := int(g.next()%8) + 1; n > 0 && !g.done(); n-- {
				argv := g.command(e.Table(), names)
				name := strings.ToLower(argv[0])
				mayDrop = mayDrop || name == "client" || name == "quit" || name == "shutdown"
				// (UN)SUBSCRIBE answer once per channel.
				if cmd := e.Table().Get(name); cmd != nil && cmd.Flags&engine.PubSub != 0 {
					pubsub = true
				}
				args := make([][]byte, len(argv))
				for i, a := range argv {
					args[i] = []byte(a)
				}
				batch = append(batch, args)
				text = append(text, fmt.Sprintf("%q", argv))
			}
			if len(batch) == 0 {
				break
			}
			c.w.Buf = c.w.Buf[:0]
			done := make(chan any, 1)
			go func() {
				defer func() {
					r := recover()
					if r != nil {
						r = fmt.Sprintf("%v\n%s", r, debug.Stack())
					}
					done <- r
				}()
				e.RunBatch(c.cl, c.w, batch, 0)
			}()
			select {
			case r := <-done:
				if r != nil {
					t.Fatalf("panic escaped RunBatch on batch %s: %v", strings.Join(text, " "), r)
				}
			case <-time.After(batchDeadline):
				t.Fatalf("batch still running after %v: %s", batchDeadline, strings.Join(text, " "))
			}
			if len(logs.panics) > 0 {
				t.Fatalf("a handler panicked on batch %s:\n%s", strings.Join(text, " "), logs.panics[0])
			}
			// A subscribed client's output goes through its outbox; its
			// (un)subscribe commands answer once per channel and it may get
			// messages, so it can receive more replies than commands.
			if c.cl.Parked() != nil {
				// A blocking command parked the client: the batch stopped
				// there. Release it with its timeout reply.
				mayDrop = true
				e.Run(c.cl, engine.NewRespWriter(2), func(x *engine.Ctx) { x.E.UnblockClient(c.cl, "") })
			}
			mayAdd := c.cl.Out != nil || pubsub
			if c.cl.Out != nil {
				c.w.Buf = append(c.w.Buf, c.cl.Out.Take(nil)...)
			}
			replies, err := redistest.SplitReplies(c.w.Buf)
			if err != nil {
				t.Fatalf("malformed reply to %s: %v\n%q", strings.Join(text, " "), err, c.w.Buf)
			}
			if (!mayAdd && len(replies) > len(batch)) || (!mayDrop && len(replies) < len(batch)) {
				t.Fatalf("%d replies to %d commands %s:\n%q", len(replies), len(batch), strings.Join(text, " "), c.w.Buf)
			}
		}
	})
}
