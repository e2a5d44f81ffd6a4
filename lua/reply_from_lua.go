package lua

import (
	"strings"

	glua "github.com/yuin/gopher-lua"

	"luakv/engine"
)

// maxReplyDepth bounds the nesting of a script's reply, as the Lua stack
// bounds Redis's recursive luaReplyToRedisReply (LUAI_MAXCSTACK): deeper
// tables (a table that contains itself, say) end in an error element.
const maxReplyDepth = 7995

// writeReply converts a script's return value v to a reply on w's writer, as Redis's
// luaReplyToRedisReply does. scriptProto is the script's RESP version
// (redis.setresp), which decides how booleans go out; w's own protocol is
// the caller's. Tables are read with raw access, so metatables can't run
// code (or fail) while the reply is written.
func writeReply(w *engine.Ctx, v glua.LValue, scriptProto, depth int) {
	if depth > maxReplyDepth {
		w.Err(errStackLimit)
		return
	}
	switch v := v.(type) {
	case glua.LString:
		w.WriteBulkString(string(v))
	case glua.LBool:
		switch {
		case scriptProto == 3:
			w.WriteBool(bool(v))
		case bool(v):
			w.WriteInt(1)
		default:
			w.WriteNull()
		}
	case glua.LNumber:
		w.WriteInt(luaToInt64(float64(v)))
	case *glua.LTable:
		writeTable(w, v, scriptProto, depth)
	default:
		w.WriteNull()
	}
}

// luaToInt64 truncates a Lua number as C's (long long) cast does on amd64:
// NaN and values out of range give the minimum int64.
func luaToInt64(f float64) int64 {
	if f != f || f >= 9.223372036854775807e18 || f < -9.223372036854775808e18 {
		return -1 << 63
	}
	return int64(f)
}

func writeTable(w *engine.Ctx, t *glua.LTable, scriptProto, depth int) {
	if e, ok := t.RawGetString("err").(glua.LString); ok {
		msg := string(e)
		if t.RawGetString(fieldIgnoreStats) == glua.LTrue {
			w.ErrUncounted(msg)
		} else {
			w.ErrText(msg)
		}
		return
	}
	if s, ok := t.RawGetString("ok").(glua.LString); ok {
		w.WriteStatus(crlfToSpaces(string(s)))
		return
	}
	if d, ok := t.RawGetString("double").(glua.LNumber); ok {
		w.WriteDouble(float64(d))
		return
	}
	if s, ok := t.RawGetString("big_number").(glua.LString); ok {
		w.WriteBigNumber(crlfToSpaces(string(s)))
		return
	}
	if vt, ok := t.RawGetString("verbatim_string").(*glua.LTable); ok {
		f, okf := vt.RawGetString("format").(glua.LString)
		s, oks := vt.RawGetString("string").(glua.LString)
		if okf && oks {
			w.WriteVerbatim(verbatimFormat(string(f)), []byte(s))
			return
		}
	}
	if m, ok := t.RawGetString("map").(*glua.LTable); ok {
		w.WriteMap(countPairs(m))
		m.ForEach(func(k, v glua.LValue) {
			writeReply(w, k, scriptProto, depth+1)
			writeReply(w, v, scriptProto, depth+1)
		})
		return
	}
	if s, ok := t.RawGetString("set").(*glua.LTable); ok {
		w.WriteSet(countPairs(s))
		s.ForEach(func(k, _ glua.LValue) {
			writeReply(w, k, scriptProto, depth+1)
		})
		return
	}
	// An array: elements 1, 2, ... up to the first nil.
	n := 0
	for t.RawGetInt(n+1) != glua.LNil {
		n++
	}
	w.WriteArray(n)
	for i := 1; i <= n; i++ {
		writeReply(w, t.RawGetInt(i), scriptProto, depth+1)
	}
}

func countPairs(t *glua.LTable) int {
	n := 0
	t.ForEach(func(glua.LValue, glua.LValue) { n++ })
	return n
}

// verbatimFormat is the three-letter format of a verbatim reply (Redis copies
// three bytes whatever the string's length).
func verbatimFormat(f string) string {
	if len(f) >= 3 {
		return f[:3]
	}
	return f + strings.Repeat(" ", 3-len(f))
}

func crlfToSpaces(s string) string {
	if strings.IndexAny(s, "\r\n") < 0 {
		return s
	}
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}
