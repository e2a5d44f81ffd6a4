package lua

// luakv: sparse arrays.
//
// gopher-lua stored every integer key below MaxArrayIndex (2^26) in the
// array part and filled the gap with nils, so t[67108863] = 1 allocated
// 1 GB. Now the array part only grows by appending at its end; other integer
// keys go to the hash part, and when the array reaches them they move over
// (adoptHashKeys), so #t and ipairs see a sequence however it was built.
// Invariant: the hash part holds no integer key k with 1 <= k <= len(array)+1.

// adoptHashKeys moves the keys len(array)+1, len(array)+2... from the hash
// part to the end of the array part.
func (tb *LTable) adoptHashKeys() {
	if len(tb.dict) == 0 {
		return
	}
	for {
		k := LNumber(len(tb.array) + 1)
		v, ok := tb.dict[k]
		if !ok {
			return
		}
		delete(tb.dict, k)
		tb.array = append(tb.array, v)
	}
}

// maxN is table.maxn as Lua 5.1 defines it: the largest positive numeric key
// (not only integers), 0 if none.
func (tb *LTable) maxN() LNumber {
	max := LNumber(0)
	for i := len(tb.array) - 1; i >= 0; i-- {
		if tb.array[i] != LNil {
			max = LNumber(i + 1)
			break
		}
	}
	for k, v := range tb.dict {
		if n, ok := k.(LNumber); ok && v != LNil && n > max {
			max = n
		}
	}
	return max
}

// tableInsert51 is table.insert as Lua 5.1's tinsert: t[#t+1] = v, or with
// a position, shift t[pos..#t] up by one and set t[pos] = v. A position past
// the end just sets that key (gopher-lua used to fill the array up to it).
func tableInsert51(L *LState) int {
	tbl := L.CheckTable(1)
	e := tbl.Len() + 1
	var pos int
	switch L.GetTop() {
	case 2:
		pos = e
	case 3:
		pos = L.CheckInt(2)
		L.checkWritable(tbl) // luakv: read-only tables
		if pos > e {
			e = pos
		}
		for i := e; i > pos && i > 1; i-- {
			tbl.RawSetInt(i, tbl.RawGetInt(i-1))
		}
		if pos < 1 {
			tbl.shiftNonPositive(pos)
		}
	default:
		L.RaiseError("wrong number of arguments to 'insert'")
	}
	L.checkWritable(tbl) // luakv: read-only tables
	tbl.RawSetInt(pos, L.Get(-1))
	return 0
}

// shiftNonPositive does, for the keys pos..0 of the hash part, what Lua's
// tinsert loop "for i = e, pos+1, -1 do t[i] = t[i-1] end" does, without
// iterating over the (possibly huge) range: every integer key k in
// [pos, 0] moves to k+1 (t[0] to t[1]) and t[pos] becomes free.
func (tb *LTable) shiftNonPositive(pos int) {
	moved := map[int]LValue{}
	for k, v := range tb.dict {
		if n, ok := k.(LNumber); ok && isInteger(n) && n <= 0 && int(n) >= pos && v != LNil {
			moved[int(n)] = v
		}
	}
	for k := range moved {
		delete(tb.dict, LNumber(k))
	}
	v0, ok := moved[0]
	if !ok {
		v0 = LNil
	}
	tb.RawSetInt(1, v0)
	for k, v := range moved {
		if k < 0 {
			tb.RawSetH(LNumber(k+1), v)
		}
	}
}

// tableRemove51 is table.remove as Lua 5.1's tremove: it removes t[pos]
// (default #t) when 1 <= pos <= #t, shifting the elements after it down, and
// returns it; otherwise it returns nothing.
func tableRemove51(L *LState) int {
	tbl := L.CheckTable(1)
	e := tbl.Len()
	pos := L.OptInt(2, e)
	if pos < 1 || pos > e {
		return 0
	}
	L.checkWritable(tbl) // luakv: read-only tables
	L.Push(tbl.RawGetInt(pos))
	for ; pos < e; pos++ {
		tbl.RawSetInt(pos, tbl.RawGetInt(pos+1))
	}
	tbl.RawSetInt(e, LNil)
	return 1
}

// setListInt stores a positional field of a table constructor (OP_SETLIST).
// Like Lua, which sizes the array part for all of them, it keeps nil fields
// as array slots, so #{1, nil, 3} is 3 as in Lua.
func (tb *LTable) setListInt(key int, value LValue) {
	if key == len(tb.array)+1 && key < MaxArrayIndex {
		if tb.array == nil {
			tb.array = make([]LValue, 0, defaultArrayCap)
		}
		tb.array = append(tb.array, value)
		tb.adoptHashKeys()
		return
	}
	tb.RawSetInt(key, value)
}
