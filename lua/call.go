package lua

import (
	"strconv"

	glua "github.com/yuin/gopher-lua"

	"luakv/engine"
)

// redis.call(cmd, ...): run a command; its error reply is raised.
func (s *Scripting) redisCall(L *glua.LState) int { return s.callCommand(L, true) }

// redis.pcall(cmd, ...): run a command; its error reply is returned as an
// error table.
func (s *Scripting) redisPCall(L *glua.LState) int { return s.callCommand(L, false) }

func (s *Scripting) callCommand(L *glua.LState, raise bool) int {
	args, errText := s.collectArgs(L)
	if errText != "" {
		return s.failCall(L, errorTable(L, "ERR "+errText), raise)
	}
	r := &s.reply
	r.reset(L, s.client.Proto)
	if rej := s.e.ScriptCall(&s.run, r, args); rej != "" {
		t := errorTable(L, string(rej))
		t.RawSetString(fieldIgnoreStats, glua.LTrue)
		return s.failCall(L, t, raise)
	}
	if s.run.WriteDirty && !s.watch.dirty.Load() {
		s.watch.dirty.Store(true) // SCRIPT KILL reads it without the executor
	}
	v := r.value
	r.value = glua.LNil
	if raise && r.isErr {
		L.Error(v, 0)
	}
	L.Push(v)
	return 1
}

func (s *Scripting) failCall(L *glua.LState, errTable *glua.LTable, raise bool) int {
	if raise {
		L.Error(errTable, 0)
	}
	L.Push(errTable)
	return 1
}

// collectArgs reads a redis lib call's arguments: strings as they are,
// numbers as "%.17g" (Lua's own format would lose precision), anything else
// refused. They are copied into one reused buffer.
func (s *Scripting) collectArgs(L *glua.LState) ([][]byte, string) {
	n := L.GetTop()
	if n == 0 {
		return nil, errNoArgs
	}
	s.arena = s.arena[:0]
	ends := s.argEnds[:0]
	for i := 1; i <= n; i++ {
		switch v := L.Get(i).(type) {
		case glua.LString:
			s.arena = append(s.arena, v...)
		case glua.LNumber:
			s.arena = strconv.AppendFloat(s.arena, float64(v), 'g', 17, 64)
		default:
			return nil, errArgType
		}
		ends = append(ends, len(s.arena))
	}
	s.argEnds = ends
	argv := s.argv[:0]
	start := 0
	for _, end := range ends {
		argv = append(argv, s.arena[start:end:end])
		start = end
	}
	s.argv = argv
	return argv, ""
}

// errorHandler is the message handler of a script's protected call (Redis's
// __redis__err__handler): it turns the error into an error table, adding
// the source and line of the Lua code that raised it (the caller's, when a
// Go function such as error() raised it).
func (s *Scripting) errorHandler(L *glua.LState) int {
	errv := L.Get(1)
	t, ok := errv.(*glua.LTable)
	if !ok {
		t = errorTable(L, "ERR "+tostring(L, errv))
	}
	if t.IsReadOnly() {
		// A library table raised as an error: describe it, leave it alone.
		t = errorTable(L, errUnknown)
	}
	for level := 1; level <= 2; level++ {
		dbg, ok := L.GetStack(level)
		if !ok {
			break
		}
		if _, err := L.GetInfo("Sl", dbg, glua.LNil); err != nil {
			break
		}
		if dbg.What == "G" {
			continue
		}
		t.RawSetString("source", glua.LString(dbg.Source))
		t.RawSetString("line", glua.LNumber(dbg.CurrentLine))
		break
	}
	L.Push(t)
	return 1
}

// tostring is Lua's tostring without metamethods that could raise again
// inside the handler.
func tostring(L *glua.LState, v glua.LValue) string {
	switch v := v.(type) {
	case glua.LString:
		return string(v)
	case glua.LNumber:
		return v.String()
	}
	return v.String()
}

var _ engine.Writer = (*luaReply)(nil)
