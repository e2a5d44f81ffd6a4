package lua

// luakv: builtins that return many values follow Lua 5.1's rule for the C
// stack (lua_checkstack: at most LUAI_MAXCSTACK slots, counting the
// function's own arguments) and fail before pushing anything. gopher-lua
// pushed whatever was asked: unpack({}, 1, 1e8) grew the registry step by
// step for minutes, or failed with "registry overflow" for legitimate sizes.

// luaMaxCStack is Lua 5.1's LUAI_MAXCSTACK.
const luaMaxCStack = 8000

// checkStack is lua_checkstack(L, n) for a Go function: n more values on top
// of its arguments must fit in LUAI_MAXCSTACK.
func (ls *LState) checkStack(n int) bool {
	return n <= luaMaxCStack && ls.GetTop()+n <= luaMaxCStack
}

// baseUnpack51 is Lua 5.1's unpack(t [, i [, j]]) (C ints, as in Redis).
func baseUnpack51(L *LState) int {
	tb := L.CheckTable(1)
	i := 1
	if L.Get(2) != LNil {
		i = luaCInt(L.CheckNumber(2))
	}
	var e int
	if L.Get(3) == LNil {
		e = tb.Len()
	} else {
		e = luaCInt(L.CheckNumber(3))
	}
	if i > e {
		return 0
	}
	n := int(int32(e) - int32(i) + 1) // wraps like C's int
	if n <= 0 || !L.checkStack(n) {
		L.RaiseError("too many results to unpack")
	}
	for k := i; k <= e; k++ {
		L.Push(tb.RawGetInt(k))
	}
	return n
}

// baseSelect51 is Lua 5.1's select(n, ...): '#' (any string starting with
// it) counts, a C-int index returns the values from there.
func baseSelect51(L *LState) int {
	n := L.GetTop()
	if s, ok := L.Get(1).(LString); ok && len(s) > 0 && s[0] == '#' {
		L.Push(LNumber(n - 1))
		return 1
	}
	i := luaCInt(L.CheckNumber(1))
	if i < 0 {
		i = n + i
	} else if i > n {
		i = n
	}
	if i < 1 {
		L.ArgError(1, "index out of range")
	}
	return n - i
}

// strByte51 is Lua 5.1's string.byte(s [, i [, j]]): j defaults to i.
func strByte51(L *LState) int {
	str := L.CheckString(1)
	l := int64(len(str))
	posrelat := func(pos int64) int64 {
		if pos < 0 {
			pos += l + 1
		}
		if pos < 0 {
			return 0
		}
		return pos
	}
	posi := int64(1)
	if L.Get(2) != LNil {
		posi = cLong(float64(L.CheckNumber(2)))
	}
	posi = posrelat(posi)
	pose := posi
	if L.Get(3) != LNil {
		pose = posrelat(cLong(float64(L.CheckNumber(3))))
	}
	if posi <= 0 {
		posi = 1
	}
	if pose > l {
		pose = l
	}
	if posi > pose {
		return 0
	}
	n := int(int32(pose - posi + 1))
	if posi+int64(n) <= pose {
		L.RaiseError("string slice too long")
	}
	if n < 0 || !L.checkStack(n) {
		L.RaiseError("stack overflow (string slice too long)")
	}
	for k := int64(0); k < int64(n); k++ {
		L.Push(LNumber(str[posi+k-1]))
	}
	return n
}
