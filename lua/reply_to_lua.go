package lua

import (
	"strings"

	glua "github.com/yuin/gopher-lua"

	"luakv/engine"
)

// luaReply is the engine.Writer redis.call hands to the command it runs: it
// builds the Lua value of the reply as the handler writes it, following
// Redis's conversion (script_lua.c redisProtocolToLuaType*):
//
//	integer → number, bulk → string, null bulk or null array → false
//	(RESP2) or nil (RESP3 null), array → table, status → {ok=s},
//	error → {err="CODE msg"}; with RESP3: map → {map={k=v}},
//	set → {set={m=true}}, double → {double=n}, boolean → boolean,
//	big number → {big_number=s}, verbatim → {verbatim_string={format=, string=}}.
//
// Under RESP2 the RESP3 shapes are written as Redis downgrades them on the
// wire (map as a flat array, double as a bulk string ...), so the script
// sees what it would after a RESP2 round trip.
type luaReply struct {
	L     *glua.LState
	proto int

	// frames are the aggregates being filled, innermost last.
	frames []frame
	// value is the finished top-level reply; isErr tells whether it is
	// an error (redis.call raises only a top-level error).
	value  glua.LValue
	done   bool
	isErr  bool
	errMsg string
}

type frameKind uint8

const (
	frameArray frameKind = iota
	frameMap
	frameSet
)

type frame struct {
	kind  frameKind
	tbl   *glua.LTable // the array, or the inner map/set table
	outer glua.LValue  // what the frame stands for once done
	left  int          // elements (map: keys and values) still to come
	idx   int          // next array index
	key   glua.LValue  // a map key waiting for its value
}

func (r *luaReply) reset(L *glua.LState, proto int) {
	r.L, r.proto = L, proto
	r.frames = r.frames[:0]
	r.value, r.done, r.isErr, r.errMsg = glua.LNil, false, false, ""
}

// put places a finished value: into the innermost open aggregate, or as the
// reply. Aggregates that become full close and are put in turn.
func (r *luaReply) put(v glua.LValue) {
	for {
		n := len(r.frames)
		if n == 0 {
			r.value, r.done = v, true
			return
		}
		f := &r.frames[n-1]
		switch f.kind {
		case frameArray:
			f.idx++
			if v != glua.LNil {
				f.tbl.RawSetInt(f.idx, v)
			}
		case frameMap:
			if f.key == nil {
				f.key = v
			} else {
				if f.key != glua.LNil {
					f.tbl.RawSet(f.key, v)
				}
				f.key = nil
			}
		case frameSet:
			if v != glua.LNil {
				f.tbl.RawSet(v, glua.LTrue)
			}
		}
		f.left--
		if f.left > 0 {
			return
		}
		v = f.outer
		r.frames = r.frames[:n-1]
	}
}

func (r *luaReply) open(kind frameKind, n int, tbl *glua.LTable, outer glua.LValue) {
	if n <= 0 {
		r.put(outer)
		return
	}
	r.frames = append(r.frames, frame{kind: kind, tbl: tbl, outer: outer, left: n})
}

// Proto is the script's RESP version (redis.setresp).
func (r *luaReply) Proto() int { return r.proto }

// WriteError builds {err="CODE msg"}, as luaPushErrorBuff normalises it.
func (r *luaReply) WriteError(msg string) {
	text := errorTableText(msg)
	if len(r.frames) == 0 {
		r.isErr, r.errMsg = true, text
	}
	t := r.L.CreateTable(0, 2)
	t.RawSetString("err", glua.LString(text))
	// The command's error was counted when it was replied; the script's
	// error built from it is not counted again.
	t.RawSetString(fieldIgnoreStats, glua.LTrue)
	r.put(t)
}

// errorTableText turns an error reply text ("CODE msg", no leading '-')
// into the err field of Redis's error table: a code is kept when the text
// has one, "ERR " is added when it has no space, trailing CR/LF trimmed.
func errorTableText(msg string) string {
	msg = strings.TrimRight(msg, "\r\n")
	if strings.IndexByte(msg, ' ') < 0 {
		return "ERR " + msg
	}
	return msg
}

// WriteStatus builds {ok=s}.
func (r *luaReply) WriteStatus(s string) {
	t := r.L.CreateTable(0, 1)
	t.RawSetString("ok", glua.LString(s))
	r.put(t)
}

// WriteBulk builds a string.
func (r *luaReply) WriteBulk(b []byte) { r.put(glua.LString(b)) }

// WriteBulkString builds a string.
func (r *luaReply) WriteBulkString(s string) { r.put(glua.LString(s)) }

// WriteInt builds a number.
func (r *luaReply) WriteInt(n int64) {
	if n >= 0 && n < int64(len(smallInts)) {
		r.put(smallInts[n]) // boxed once: no allocation per reply
		return
	}
	r.put(glua.LNumber(n))
}

// smallInts are the numbers 0..1023 already boxed as Lua values: integer
// replies (counters, HSET's and PEXPIRE's answers) are mostly small.
var smallInts = func() (v [1024]glua.LValue) {
	for i := range v {
		v[i] = glua.LNumber(i)
	}
	return v
}()

// WriteArray opens a table of n elements.
func (r *luaReply) WriteArray(n int) {
	t := r.L.CreateTable(max(n, 0), 0)
	r.open(frameArray, n, t, t)
}

// WritePush opens an array (scripts get no push messages).
func (r *luaReply) WritePush(n int) { r.WriteArray(n) }

// WriteNull builds false (RESP2's null bulk) or nil (RESP3's null).
func (r *luaReply) WriteNull() {
	if r.proto == 3 {
		r.put(glua.LNil)
		return
	}
	r.put(glua.LFalse)
}

// WriteNullArray builds false (RESP2's null array) or nil (RESP3's null).
func (r *luaReply) WriteNullArray() { r.WriteNull() }

// WriteMap opens {map={...}} of n pairs (a flat array under RESP2).
func (r *luaReply) WriteMap(n int) {
	if r.proto != 3 {
		r.WriteArray(2 * n)
		return
	}
	inner := r.L.CreateTable(0, max(n, 0))
	outer := r.L.CreateTable(0, 1)
	outer.RawSetString("map", inner)
	r.open(frameMap, 2*n, inner, outer)
}

// WriteSet opens {set={...}} of n members (an array under RESP2).
func (r *luaReply) WriteSet(n int) {
	if r.proto != 3 {
		r.WriteArray(n)
		return
	}
	inner := r.L.CreateTable(0, max(n, 0))
	outer := r.L.CreateTable(0, 1)
	outer.RawSetString("set", inner)
	r.open(frameSet, n, inner, outer)
}

// WriteDouble builds {double=f} (a string under RESP2, as the wire has it).
func (r *luaReply) WriteDouble(f float64) {
	if r.proto != 3 {
		var tmp [32]byte
		r.put(glua.LString(engine.AppendDouble(tmp[:0], f)))
		return
	}
	t := r.L.CreateTable(0, 1)
	t.RawSetString("double", glua.LNumber(f))
	r.put(t)
}

// WriteBool builds a boolean (the number 1 or 0 under RESP2).
func (r *luaReply) WriteBool(b bool) {
	if r.proto != 3 {
		if b {
			r.put(glua.LNumber(1))
		} else {
			r.put(glua.LNumber(0))
		}
		return
	}
	r.put(glua.LBool(b))
}

// WriteVerbatim builds {verbatim_string={format=, string=}} (a string under
// RESP2).
func (r *luaReply) WriteVerbatim(format string, s []byte) {
	if r.proto != 3 {
		r.put(glua.LString(s))
		return
	}
	inner := r.L.CreateTable(0, 2)
	inner.RawSetString("format", glua.LString(format))
	inner.RawSetString("string", glua.LString(s))
	t := r.L.CreateTable(0, 1)
	t.RawSetString("verbatim_string", inner)
	r.put(t)
}

// WriteBigNumber builds {big_number=s} (a string under RESP2).
func (r *luaReply) WriteBigNumber(s string) {
	if r.proto != 3 {
		r.put(glua.LString(s))
		return
	}
	t := r.L.CreateTable(0, 1)
	t.RawSetString("big_number", glua.LString(s))
	r.put(t)
}

// Mark and Truncate let the executor drop a reply a panicking handler left
// half built: the writer holds one reply, so any mark is its start.
func (r *luaReply) Mark() int { return 0 }

// Truncate forgets everything written.
func (r *luaReply) Truncate(int) { r.reset(r.L, r.proto) }
