package tests

import (
	"strings"
	"testing"

	rt "luakv/internal/redistest"
)

// ev is EVAL of script with the given numkeys and arguments.
func ev(script string, rest ...string) rt.Step {
	if len(rest) == 0 {
		rest = []string{"0"}
	}
	return rt.C(append([]string{"EVAL", script}, rest...)...)
}

// EVAL's own arguments and the script cache commands.
func TestDiffEvalCommand(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "numkeys",
		ev("return 1", "-1"), ev("return 1", "2", "a"), ev("return 1", "x"), ev("return 1", ""),
		ev("return 1", "1.5", "a"), ev("return 1", "99999999999999999999"), ev("return {#KEYS, #ARGV}", "0", "a", "b"),
		ev("return {KEYS[1], ARGV[1], KEYS[2], ARGV[2]}", "2", "k1", "k2", "a1", "a2"),
		ev("return KEYS", "3", "a", "b", "c"), ev("return ARGV", "0", "", "x\x00y", "\r\n"),
		"EVAL", "EVAL x", "EVALSHA x", "EVAL_RO", "EVALSHA_RO a")
	p.Both(t, "evalsha and script load",
		"SCRIPT FLUSH",
		rt.C("SCRIPT", "LOAD", "return 'hello'"),
		"EVALSHA 1b936e3fe509bcbc9cd0664897bbe8fd0ac95a67 0",
		"EVALSHA 1B936E3FE509BCBC9CD0664897BBE8FD0AC95A67 0",
		"evalsha_ro 1b936e3fe509bcbc9cd0664897bbe8fd0ac95a67 0",
		"EVALSHA 1b936e3fe509bcbc9cd0664897bbe8fd0ac95a6 0",
		"EVALSHA 1b936e3fe509bcbc9cd0664897bbe8fd0ac95a677 0",
		"EVALSHA 0000000000000000000000000000000000000000 0",
		"EVALSHA 1b936e3fe509bcbc9cd0664897bbe8fd0ac95a67 x",
		"EVALSHA abc x",
		"SCRIPT EXISTS 1b936e3fe509bcbc9cd0664897bbe8fd0ac95a67 1B936E3FE509BCBC9CD0664897BBE8FD0AC95A67 nosuch",
		ev("return 'e'"),
		"SCRIPT EXISTS 2f0bb8a1ad1a11bfad5d7e5f8bae1e03d0aaf3a1",
		"SCRIPT FLUSH", "EVALSHA 1b936e3fe509bcbc9cd0664897bbe8fd0ac95a67 0",
		"SCRIPT FLUSH SYNC", "SCRIPT FLUSH ASYNC", "SCRIPT FLUSH x", "SCRIPT FLUSH SYNC x",
		"SCRIPT EXISTS", "SCRIPT LOAD", "SCRIPT LOAD a b", rt.C("SCRIPT", "LOAD", "foo("),
		"SCRIPT KILL", "SCRIPT KILL x", "SCRIPT NOSUCH", "SCRIPT")
	p.Both(t, "shebang",
		ev("#!lua\nreturn 1"), ev("#!lua flags=no-writes\nreturn redis.call('set','k','v')"),
		ev("#!lua flags=no-writes,allow-oom\nreturn redis.call('get','k')"),
		ev("#!lua flags=\nreturn 2"), ev("#!lua flags=foo\nreturn 1"), ev("#!lua flags=no-writes,,x\nreturn 1"),
		ev("#!lua"), ev("#!py\nreturn 1"), ev("#!lua x=y\nreturn 1"), ev("#! lua\nreturn 1"),
		ev("#!\nreturn 1"), ev("#!lua flags=allow-stale,no-cluster,allow-cross-slot-keys\nreturn 3"),
		ev("#!lua\nreturn x"), ev("#!lua\n\nerror('line three')"),
		rt.C("EVAL_RO", "#!lua\nreturn 1", "0"), rt.C("EVAL_RO", "#!lua flags=no-writes\nreturn 1", "0"),
		rt.C("EVAL_RO", "return redis.call('set','k','v')", "0"),
		rt.C("EVAL_RO", "return redis.call('get','k')", "0"),
		rt.C("EVAL_RO", "return redis.pcall('publish','c','m')", "0"))
}

// Conversions from Lua values to replies and from replies to Lua values.
func TestDiffEvalConversions(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "lua to reply",
		ev("return 1"), ev("return -1"), ev("return 3.99"), ev("return -3.99"), ev("return 0/0"), ev("return 1/0"),
		ev("return -1/0"), ev("return 2^63"), ev("return 2^53+1"), ev("return 'x'"), ev("return ''"),
		ev("return true"), ev("return false"), ev("return nil"), ev("return {}"), ev("return {1,2,nil,3}"),
		ev("return {1,{2,{3,{'x'}}}, 'a', true, false}"), ev("return {ok='fine'}"), ev("return {ok='a\\r\\nb'}"),
		ev("return {err='FOO bar'}"), ev("return {err='nospace'}"), ev("return {err='ERR x\\r\\ny'}"),
		ev("return {ok=1}"), ev("return {err=1}"), ev("return {err={}}"),
		ev("return {double=3.5}"), ev("return {double='x'}"), ev("return {big_number='123'}"),
		ev("return {big_number='1\\r\\n2'}"), ev("return {verbatim_string={format='txt', string='hi'}}"),
		ev("return {verbatim_string={format='txt'}}"), ev("return {map={a=1}}"), ev("return {set={a=true}}"),
		ev("return {map={}}"), ev("return {set={}}"), ev("return {map=1}"), ev("return {1, ok='x'}"),
		ev("return {1, err='x'}"), ev("return {a=1}"), ev("return function() end"), ev("return coroutine.create(function() end)"),
		ev("local t = {} t[1] = t return #tostring(t) > 0"), ev("return {1, 2, [4]=4}"),
		ev("return redis.error_reply('My Error')"), ev("return redis.error_reply('-My Error')"),
		ev("return redis.error_reply('')"), ev("return redis.status_reply('PONG')"),
		ev("return redis.error_reply(1)"), ev("return redis.status_reply()"), ev("return redis.error_reply('a', 'b')"),
		ev("return {redis.error_reply('E1 x'), redis.status_reply('S')}"),
		ev("redis.setresp(3) return true"), ev("redis.setresp(3) return false"), ev("redis.setresp(3) return nil"),
		ev("redis.setresp(3) return {double=1.5}"), ev("redis.setresp(3) return {map={k='v'}}"),
		ev("redis.setresp(3) return {set={m=true}}"), ev("redis.setresp(3) return {big_number='12345678901234567890'}"),
		ev("redis.setresp(3) return {verbatim_string={format='mkd', string='**x**'}}"),
		ev("redis.setresp(3) return {1, true, false, {double=0.1}}"))
	p.Both(t, "reply to lua",
		"DEL s l h z st", "SET s hello", "RPUSH l a b c", "HSET h f v", "ZADD z 1.5 m", "SADD st x",
		ev("return redis.call('get','s')"), ev("return redis.call('get','nokey')"),
		ev("return type(redis.call('get','nokey'))"), ev("return redis.call('incr','n')"),
		ev("return redis.call('set','x','y')"), ev("return redis.call('ping')"),
		ev("return type(redis.call('ping'))"), ev("return redis.call('ping').ok"),
		ev("return redis.call('lrange','l',0,-1)"), ev("return redis.call('hgetall','h')"),
		ev("return redis.call('zrange','z',0,-1,'withscores')"), ev("return redis.call('zscore','z','m')"),
		ev("return redis.call('smembers','st')"), ev("return redis.call('lpop','nolist')"),
		ev("return type(redis.call('lpop','nolist'))"), ev("return redis.call('lpop','nolist', 2)"),
		ev("return redis.pcall('incr','s')"), ev("return redis.pcall('incr','s').err"),
		ev("return type(redis.pcall('nosuch'))"), ev("return redis.pcall('nosuch')"),
		ev("redis.setresp(3) return redis.call('hgetall','h')"),
		ev("redis.setresp(3) local r = redis.call('hgetall','h') return r.map.f"),
		ev("redis.setresp(3) return type(redis.call('get','nokey'))"),
		ev("redis.setresp(3) return redis.call('zscore','z','m')"),
		ev("redis.setresp(3) local r = redis.call('zscore','z','m') return tostring(r.double)"),
		ev("redis.setresp(3) return redis.call('smembers','st')"),
		ev("redis.setresp(3) local r = redis.call('smembers','st') return tostring(r.set.x)"),
		ev("redis.setresp(3) return redis.call('zrange','z',0,-1,'withscores')"),
		ev("redis.setresp(3) return redis.call('lpop','nolist')"),
		ev("redis.setresp(2) return redis.call('hgetall','h')"),
		ev("redis.setresp(4)"), ev("redis.setresp()"), ev("redis.setresp('3') return redis.call('hgetall','h')"),
		ev("return redis.call('set','k', 1.5)"), ev("return redis.call('get','k')"),
		ev("redis.call('set','k', 1e20) return redis.call('get','k')"),
		ev("redis.call('set','k', 0.1) return redis.call('get','k')"),
		ev("redis.call('set','k', -0) return redis.call('get','k')"),
		ev("return redis.call('set','k', {})"), ev("return redis.call('set','k', nil)"),
		ev("return redis.call('set','k', true)"), ev("return redis.call()"), ev("return redis.pcall()"),
		ev("return redis.pcall('set','k', {})"))
}

// Errors: their texts, the script position suffix, and errorstats.
func TestDiffEvalErrors(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "errors",
		"SET str x",
		ev("error('x')"), ev("error({err='FOO bar'})"), ev("error('x', 0)"), ev("error('x', 2)"),
		ev("error(1)"), ev("error(true)"), ev("error(nil)"), ev("error()"),
		ev("return redis.call('incr','str')"), ev("return redis.call('nosuch')"), ev("return redis.call('incr')"),
		ev("return redis.call('get', 'a', 'b')"), ev("return redis.call('config')"),
		ev("return redis.call('config', 'nosuch')"), ev("return redis.call('multi')"),
		ev("return redis.call('eval', 'return 1', 0)"), ev("return redis.call('subscribe', 'c')"),
		ev("return redis.call('watch', 'k')"), ev("return redis.call('script', 'load', 'return 1')"),
		ev("\n\nreturn redis.call('incr','str')"), ev("local function f()\n  error('deep')\nend\nf()"),
		ev("local function f()\n  return redis.call('nosuch')\nend\nreturn f()"),
		ev("a = 1"), ev("return a"), ev("return nosuch()"),
		ev("foo("), ev("return 1 +"), ev("x = = 1"), ev("return 'unterminated"),
		ev("return {pcall(error, 'x')}"), ev("return {pcall(error, {err='T y'})}"),
		ev("return {pcall(redis.call, 'nosuch')}"), ev("return {pcall(redis.call, 'incr', 'str')}"),
		ev("local ok, e = pcall(error, 'x') return e"), ev("local ok, e = pcall(error) return tostring(e)"),
		ev("return {xpcall(function() error('x') end, function(e) return 'handled: ' .. e end)}"),
		ev("return redis.error_reply('MY code')"), ev("return redis.call('lpush', 'str', 'x')"),
		ev("return redis.pcall('lpush', 'str', 'x')"))
	p.Both(t, "errorstats",
		"CONFIG RESETSTAT",
		ev("return redis.call('incr','str')"), ev("return redis.pcall('incr','str')"),
		ev("return redis.call('nosuch')"), ev("error('x')"), ev("return {err='MINE x'}"),
		ev("redis.pcall('nosuch') return 1"),
		"INFO errorstats")
}

// The sandbox: globals, library inventory, protection.
func TestDiffEvalSandbox(t *testing.T) {
	p := rt.NewPair(t)
	keysOf := func(tbl string) rt.Step {
		return ev("local t={} for k,v in pairs(" + tbl + ") do t[#t+1]=k..':'..type(v) end table.sort(t) return table.concat(t,' ')")
	}
	p.Both(t, "inventory",
		ev("return 1"), // creates KEYS and ARGV in real Redis too
		keysOf("_G"), keysOf("string"), keysOf("table"), keysOf("math"), keysOf("coroutine"), keysOf("redis"),
		ev("return _VERSION"), ev("return type(getmetatable(''))"), ev("return getmetatable('').__index == string"),
		ev("return redis.REDIS_VERSION"), ev("return redis.REDIS_VERSION_NUM"),
		ev("return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}"),
		ev("return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}"),
		ev("return tostring(os)"), ev("return tostring(io)"), ev("return dofile"), ev("return loadfile"),
		ev("return print"), ev("return require"), ev("return module"), ev("return getfenv"), ev("return setfenv"),
		ev("return newproxy"), ev("return debug"), ev("return package"), ev("return string.gfind == string.gmatch"),
		ev("return math.mod == math.fmod"))
	p.Both(t, "protection",
		ev("a = 1"), ev("_G.a = 1"), ev("rawset(_G, 'a', 1)"), ev("KEYS = {}"), ev("redis.call = nil"),
		ev("string.upper = nil"), ev("cjson = nil"), ev("math.random = nil"), ev("table.x = 1"),
		ev("getmetatable('').__index = {}"), ev("getmetatable('').x = 1"), ev("setmetatable(_G, nil)"),
		ev("setmetatable(string, {})"), ev("rawset(string, 'x', 1)"), ev("table.insert(string, 1)"),
		ev("return ('x'):upper()"), ev("local t = {} t.x = 1 return t.x"),
		ev("KEYS[1] = 'z' KEYS.x = 1 return {KEYS[1], KEYS.x}", "1", "a"),
		ev("return {KEYS[1], KEYS.x, ARGV[1]}", "1", "b"), ev("return #KEYS"),
		ev("ARGV[5] = 'x' return #ARGV", "0", "a"), ev("return {#ARGV, ARGV[5]}", "0", "a", "b"),
		ev("return redis.sha1hex('')"), ev("return redis.sha1hex('abc')"), ev("return redis.sha1hex(1)"),
		ev("return redis.sha1hex()"), ev("return redis.sha1hex('a', 'b')"),
		ev("redis.log(redis.LOG_WARNING, 'from a test') return 1"), ev("redis.log(redis.LOG_WARNING)"),
		ev("redis.log('x', 'y')"), ev("redis.log(99, 'y')"), ev("redis.set_repl(redis.REPL_ALL) return 1"),
		ev("redis.set_repl(99)"), ev("redis.set_repl()"), ev("return redis.replicate_commands()"),
		ev("return redis.breakpoint()"), ev("return redis.debug('x')"),
		ev("return redis.acl_check_cmd('get', 'k')"), ev("return redis.acl_check_cmd('nosuch')"),
		ev("return redis.acl_check_cmd()"))
	p.Both(t, "math.random is rand48",
		"SCRIPT FLUSH", ev("math.randomseed(42) return {tostring(math.random()), math.random(10), math.random(5, 9)}"),
		ev("math.randomseed(-7) return tostring(math.random())"), ev("return math.random(0)"),
		ev("return math.random(3, 1)"), ev("return math.random(1, 2, 3)"))
	p.Both(t, "select and db",
		"SELECT 0", "SET k zero", "SELECT 1", "SET k one",
		ev("redis.call('select', 0) return redis.call('get', 'k')"), "GET k",
		ev("return redis.call('get', 'k')"))
	p.Both(t, "big values", ev("return string.rep('x', 100000)"), ev("local t = {} for i=1,10000 do t[i]=i end return t"),
		ev("return #table.concat({"+strings.Repeat("'ab',", 500)+"})"))
}

// Lua 5.1's runtime error texts, with the variable names (gopher-lua's own
// texts differ).
func TestDiffEvalLua51(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "lua 5.1", ev("local t = nil; return t.x"), ev("return x.y"), ev("local x = nil + 1"),
		ev("return nosuch()"), ev("local t = {} t.f()"), ev("return 'a' .. {}"), ev("return {} < 1"),
		ev("return #nil"), ev("local s = 'x' return s:nosuch()"), ev("return -{}"))
}

// Scripts and transactions: queued in MULTI, run by EXEC; a script's writes
// abort other clients' WATCH.
func TestDiffEvalTxn(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "eval in multi",
		"DEL x l", "MULTI", ev("return redis.call('incr','x')"), ev("return redis.call('incr','x')"),
		ev("error('in exec')"), rt.C("EVAL", "return 1", "x"), ev("return redis.call('blpop','l',0)"), "EXEC",
		"MULTI", ev("foo("), "EXEC", "MULTI", "EVAL", "EXEC", "GET x")
	p.Run(t, "a script's write aborts watch",
		"SET x 1", "WATCH x", rt.C("EVAL", "return redis.call('incr','x')", "0").On(1),
		"MULTI", "PING", "EXEC",
		"WATCH x", rt.C("EVAL", "return redis.call('get','x')", "0").On(1), "MULTI", "PING", "EXEC")
	p.Both(t, "blocking commands in scripts",
		"DEL l z", ev("return redis.call('blpop','l',0)"), ev("return redis.call('brpop','l',1)"),
		ev("return redis.call('blmove','l','l2','left','right',0)"), ev("return redis.call('bzpopmin','z',0)"),
		ev("redis.call('rpush','l','a') return redis.call('blpop','l',0)"))
	p.Both(t, "sort of a set is ordered for scripts",
		"DEL myset", "SADD myset a b c d e f g h i l m n o p q r s t u v z aa aaa azz",
		ev("return redis.call('sort',KEYS[1],'by','_')", "1", "myset"),
		ev("return redis.call('sort',KEYS[1],'by','_','get','#','get','_:*')", "1", "myset"),
		"SORT myset BY _ LIMIT 0 0")
}

// Scripts under maxmemory: deny-oom commands refused until the script
// wrote, shebang flags deciding at the gate, error and command stats.
func TestDiffEvalMaxmemory(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "oom",
		"CONFIG RESETSTAT", "CONFIG SET maxmemory 1",
		ev("return redis.call('set','x','y')", "1", "x"),
		ev("local t = redis.pcall('set','x','y') return t['err']", "1", "x"),
		ev("return redis.pcall('set','x','y')", "1", "x"),
		ev("return redis.call('get','x')", "1", "x"),
		ev("#!lua\nreturn 1"), ev("#!lua flags=no-writes\nreturn redis.call('get','x')"),
		ev("#!lua flags=allow-oom\nreturn redis.call('set','x','y')"),
		ev("#!lua flags=no-writes\nreturn redis.call('set','x','y')"),
		"INFO errorstats", "CONFIG SET maxmemory 0", ev("#!lua\nreturn 1"))
}

// min-replicas-to-write with no replicas: writes refused, at the gate and
// inside scripts, read-only scripts still run.
func TestDiffMinReplicas(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "no good replicas",
		"SET x v", "CONFIG SET min-replicas-to-write 1",
		"GET x", "SET x w", "INCR n", "MULTI", "SET x w", "EXEC", "MULTI", "GET x", "EXEC",
		ev("#!lua flags=no-writes\nreturn redis.call('get','x')", "1", "x"),
		ev("return redis.call('get','x')", "1", "x"),
		ev("#!lua\nreturn redis.call('get','x')", "1", "x"),
		ev("return redis.call('set','x', 1)", "1", "x"),
		ev("return redis.pcall('set','x', 1)", "1", "x"),
		"CONFIG SET min-replicas-max-lag 0", "SET x w", "CONFIG SET min-replicas-max-lag 10",
		"CONFIG GET min-slaves-to-write", "CONFIG SET min-replicas-to-write 0", "SET x w")
}

// Nesting limits of the parser, as Lua 5.1 counts them.
func TestDiffEvalSyntaxLevels(t *testing.T) {
	p := rt.NewPair(t)
	nest := func(open, close string, n int) rt.Step {
		return ev("local x = " + strings.Repeat(open, n) + "1" + strings.Repeat(close, n) + " return 1")
	}
	p.Both(t, "levels", nest("(", ")", 150), nest("(", ")", 198), nest("(", ")", 199), nest("(", ")", 200),
		nest("(", ")", 1000), nest("{", "}", 150), nest("{", "}", 250), nest("-", "", 150), nest("-", "", 300),
		ev("local f, e = loadstring('return ' .. ('('):rep(300) .. '1' .. (')'):rep(300)) return e"))
}
