package lua

import (
	"crypto/sha1"
	"encoding/hex"
	"math"
	"strings"

	glua "github.com/yuin/gopher-lua"

	"luakv/engine"
	"luakv/lua/internal/lauxlib"
)

// Redis's log levels (LL_DEBUG ... LL_WARNING) and replication flags
// (PROPAGATE_AOF, PROPAGATE_REPL), as scripts see them.
const (
	replNone    = 0
	replAOF     = 1
	replReplica = 2
	replAll     = replAOF | replReplica
)

// registerAPI creates the redis table, replaces pcall with Redis's (which
// hands back the message of an error table), and math.random and
// math.randomseed with Redis's deterministic ones.
func (s *Scripting) registerAPI(v *vm) {
	L := v.L
	r := L.NewTable()
	fns := map[string]glua.LGFunction{
		"call":               s.redisCall,
		"pcall":              s.redisPCall,
		"log":                s.redisLog,
		"setresp":            s.redisSetResp,
		"sha1hex":            redisSha1hex,
		"error_reply":        redisErrorReply,
		"status_reply":       redisStatusReply,
		"set_repl":           s.redisSetRepl,
		"replicate_commands": func(L *glua.LState) int { L.Push(glua.LTrue); return 1 },
		"breakpoint":         func(L *glua.LState) int { L.Push(glua.LFalse); return 1 },
		"debug":              func(L *glua.LState) int { return 0 },
		"acl_check_cmd":      s.redisACLCheckCmd,
	}
	for name, fn := range fns {
		r.RawSetString(name, L.NewFunction(fn))
	}
	for name, n := range map[string]int{
		"LOG_DEBUG": engine.LogDebug, "LOG_VERBOSE": engine.LogVerbose,
		"LOG_NOTICE": engine.LogNotice, "LOG_WARNING": engine.LogWarning,
		"REPL_NONE": replNone, "REPL_AOF": replAOF, "REPL_SLAVE": replReplica,
		"REPL_REPLICA": replReplica, "REPL_ALL": replAll,
		"REDIS_VERSION_NUM": engine.RedisVersionNum,
	} {
		r.RawSetString(name, glua.LNumber(n))
	}
	r.RawSetString("REDIS_VERSION", glua.LString(engine.RedisVersion))
	L.SetGlobal("redis", r)
	L.SetGlobal("pcall", L.NewFunction(luaPCall))
	if m, ok := L.GetGlobal("math").(*glua.LTable); ok {
		m.RawSetString("random", L.NewFunction(s.mathRandom))
		m.RawSetString("randomseed", L.NewFunction(s.mathRandomSeed))
	}
}

// raiseErrorTable raises {err="ERR msg"} (luaPushError + lua_error).
func raiseErrorTable(L *glua.LState, msg string) {
	L.Error(errorTable(L, "ERR "+msg), 0)
}

// errorTable builds Redis's error table {err=text}.
func errorTable(L *glua.LState, text string) *glua.LTable {
	t := L.CreateTable(0, 1)
	t.RawSetString("err", glua.LString(text))
	return t
}

// luaPCall is Redis's pcall: as Lua's, except that an error table with a
// string err field comes back as that string, as scripts written before
// Redis 7 expect.
func luaPCall(L *glua.LState) int {
	n := L.GetTop()
	if n == 0 {
		L.ArgError(1, "value expected")
	}
	base := L.GetTop() - n
	err := L.PCall(n-1, glua.MultRet, nil)
	if err == nil {
		L.Insert(glua.LTrue, base+1)
		return L.GetTop() - base
	}
	obj := glua.LValue(glua.LString(err.Error()))
	if ae, ok := err.(*glua.ApiError); ok {
		obj = ae.Object
	}
	if t, ok := obj.(*glua.LTable); ok {
		if s, ok := t.RawGetString("err").(glua.LString); ok {
			obj = s
		}
	}
	L.SetTop(base)
	L.Push(glua.LFalse)
	L.Push(obj)
	return 2
}

// redis.sha1hex(s)
func redisSha1hex(L *glua.LState) int {
	if L.GetTop() != 1 {
		raiseErrorTable(L, errWrongNumber)
	}
	sum := sha1.Sum([]byte(luaToString(L.Get(1))))
	L.Push(glua.LString(hex.EncodeToString(sum[:])))
	return 1
}

// luaToString is lua_tolstring: strings as they are, numbers formatted as
// Lua formats them ("%.14g"), anything else as "" (C's NULL).
func luaToString(v glua.LValue) string {
	switch v := v.(type) {
	case glua.LString:
		return string(v)
	case glua.LNumber:
		return v.String()
	}
	return ""
}

// redis.error_reply(msg): {err=msg}, with a code added when msg has none.
func redisErrorReply(L *glua.LState) int {
	s, ok := L.Get(1).(glua.LString)
	if L.GetTop() != 1 || !ok {
		L.Push(errorTable(L, "ERR "+errWrongNumberType))
		return 1
	}
	msg := string(s)
	if strings.HasPrefix(msg, "-") {
		msg = msg[1:]
	}
	L.Push(errorTable(L, errorTableText(msg)))
	return 1
}

// redis.status_reply(msg): {ok=msg}.
func redisStatusReply(L *glua.LState) int {
	s, ok := L.Get(1).(glua.LString)
	if L.GetTop() != 1 || !ok {
		L.Push(errorTable(L, "ERR "+errWrongNumberType))
		return 1
	}
	t := L.CreateTable(0, 1)
	t.RawSetString("ok", s)
	L.Push(t)
	return 1
}

// redis.log(level, ...): the arguments joined by spaces, to the server log
// when level passes the loglevel.
func (s *Scripting) redisLog(L *glua.LState) int {
	n := L.GetTop()
	if n < 2 {
		raiseErrorTable(L, errLogArgs)
	}
	lv, ok := lauxlib.ToNumber(L.Get(1))
	if !ok {
		raiseErrorTable(L, errLogLevelType)
	}
	level := int(lauxlib.DoubleToInt32(lv))
	if level < engine.LogDebug || level > engine.LogWarning {
		raiseErrorTable(L, errLogLevel)
	}
	var sb strings.Builder
	for i := 2; i <= n; i++ {
		v := L.Get(i)
		if _, isStr := v.(glua.LString); !isStr {
			if _, isNum := v.(glua.LNumber); !isNum {
				continue
			}
		}
		if i != 2 {
			sb.WriteByte(' ')
		}
		sb.WriteString(luaToString(v))
	}
	s.e.Log.Logf(level, "%s", sb.String())
	return 0
}

// redis.setresp(2|3): the protocol the script's commands reply in.
func (s *Scripting) redisSetResp(L *glua.LState) int {
	if L.GetTop() != 1 {
		raiseErrorTable(L, errSetRespArgs)
	}
	n, _ := lauxlib.ToNumber(L.Get(1))
	resp := int(lauxlib.DoubleToInt32(n))
	if resp != 2 && resp != 3 {
		raiseErrorTable(L, errSetRespVersion)
	}
	s.client.Proto = resp
	return 0
}

// redis.set_repl(flags): accepted and validated; luakv propagates a
// script's effects as one block whatever the flags (no replicas yet).
func (s *Scripting) redisSetRepl(L *glua.LState) int {
	if L.GetTop() != 1 {
		raiseErrorTable(L, errSetReplArgs)
	}
	n, _ := lauxlib.ToNumber(L.Get(1))
	if flags := int(lauxlib.DoubleToInt32(n)); flags&^replAll != 0 {
		raiseErrorTable(L, errSetReplFlags)
	}
	return 0
}

// redis.acl_check_cmd(cmd, ...): whether the caller may run the command.
// Every user may run every command until ACLs exist.
func (s *Scripting) redisACLCheckCmd(L *glua.LState) int {
	args, errText := s.collectArgs(L)
	if errText != "" {
		raiseErrorTable(L, errText)
	}
	if s.e.LookupScriptCommand(args) == nil {
		raiseErrorTable(L, errACLCheckCommand)
	}
	L.Push(glua.LTrue)
	return 1
}

// math.random([m [, n]]) on Redis's rand48 sequence.
func (s *Scripting) mathRandom(L *glua.LState) int {
	r := s.rand.float()
	switch L.GetTop() {
	case 0:
		L.Push(glua.LNumber(r))
	case 1:
		u := checkInt(L, 1)
		if u < 1 {
			L.ArgError(1, "interval is empty")
		}
		L.Push(glua.LNumber(math.Floor(r*float64(u)) + 1))
	case 2:
		l, u := checkInt(L, 1), checkInt(L, 2)
		if l > u {
			L.ArgError(2, "interval is empty")
		}
		L.Push(glua.LNumber(math.Floor(r*float64(u-l+1)) + float64(l)))
	default:
		L.RaiseError(errWrongNumber)
	}
	return 1
}

// math.randomseed(n)
func (s *Scripting) mathRandomSeed(L *glua.LState) int {
	s.rand.seed(int32(checkInt(L, 1)))
	return 0
}

// checkInt is luaL_checkint: a number truncated to a C int.
func checkInt(L *glua.LState, i int) int {
	return int(lauxlib.DoubleToInt32(lauxlib.CheckNumber(L, i)))
}
