package lua

import (
	"math"
	"strconv"
	"strings"

	"github.com/yuin/gopher-lua/pm"
)

// luakv: strings built by builtins, bounded by Options.MaxStringSize and
// following Lua 5.1.

// stringOverflowMsg is the error of a string over Options.MaxStringSize
// (Lua 5.1's text for a concatenation too long for size_t).
const stringOverflowMsg = "string length overflow"

// checkStringSize raises "string length overflow" when a string of n bytes
// would exceed Options.MaxStringSize.
func (ls *LState) checkStringSize(n int) {
	if max := ls.Options.MaxStringSize; max > 0 && n > max {
		ls.raiseStringSize()
	}
}

func (ls *LState) raiseStringSize() { ls.RaiseError(stringOverflowMsg) }

// checkRepSize is checkStringSize for n copies of a piece of size l.
func (ls *LState) checkRepSize(l, n int) {
	if n > 0 && l > math.MaxInt/n {
		ls.raiseStringSize()
	}
	ls.checkStringSize(l * n)
}

// luaCInt converts a Lua number the way Lua 5.1's luaL_checkint does on
// x86-64: to a 64-bit integer (out of range and NaN give the minimum), then
// truncated to a C int.
func luaCInt(n LNumber) int {
	f := float64(n)
	var i int64 = math.MinInt64
	if f >= -9223372036854775808.0 && f < 9223372036854775808.0 {
		i = int64(f)
	}
	return int(int32(i))
}

// stringBuilder accumulates a result and refuses to grow past the limit.
type stringBuilder struct {
	ls  *LState
	max int
	b   strings.Builder
}

func (ls *LState) newStringBuilder() *stringBuilder {
	return &stringBuilder{ls: ls, max: ls.Options.MaxStringSize}
}

func (sb *stringBuilder) grow(n int) {
	if sb.max > 0 && sb.b.Len()+n > sb.max {
		sb.ls.raiseStringSize()
	}
}

func (sb *stringBuilder) addString(s string) {
	sb.grow(len(s))
	sb.b.WriteString(s)
}

func (sb *stringBuilder) addByte(c byte) {
	sb.grow(1)
	sb.b.WriteByte(c)
}

func (sb *stringBuilder) String() string { return sb.b.String() }

// tableConcat51 is Lua 5.1's table.concat(t [, sep [, i [, j]]]): the
// elements t[i..j] (default 1..#t) must be strings or numbers.
func tableConcat51(L *LState) int {
	tbl := L.CheckTable(1)
	sep := L.OptString(2, "")
	i := L.OptInt(3, 1)
	var j int
	if L.Get(4) == LNil {
		j = tbl.Len()
	} else {
		j = L.CheckInt(4)
	}
	if i > j {
		L.Push(emptyLString)
		return 1
	}
	// First the size, so nothing is allocated for a result over the limit.
	size := 0
	for k := i; ; k++ {
		v := tbl.RawGetInt(k)
		if !LVCanConvToString(v) {
			L.RaiseError("invalid value (%s) at index %d in table for 'concat'", v.Type().String(), k)
		}
		size += len(LVAsString(v))
		if k == j {
			break
		}
		size += len(sep)
		if max := L.Options.MaxStringSize; max > 0 && size > max {
			L.raiseStringSize()
		}
	}
	L.checkStringSize(size)
	var b strings.Builder
	b.Grow(size)
	for k := i; ; k++ {
		b.WriteString(LVAsString(tbl.RawGetInt(k)))
		if k == j {
			break
		}
		b.WriteString(sep)
	}
	L.Push(LString(b.String()))
	return 1
}

// strGsub51 is Lua 5.1's string.gsub(s, pattern, repl [, n]).
func strGsub51(L *LState) int {
	str := L.CheckString(1)
	pat := L.CheckString(2)
	repl := L.Get(3)
	switch repl.Type() {
	case LTNumber, LTString, LTTable, LTFunction:
	default:
		L.ArgError(3, "string/function/table expected")
	}
	limit := L.OptInt(4, -1)
	mds, err := L.findPattern(pat, unsafeFastStringToReadOnlyBytes(str), 0, limit)
	if err != nil {
		L.RaiseError(err.Error())
	}
	if len(mds) == 0 {
		L.SetTop(1)
		L.Push(LNumber(0))
		return 2
	}
	b := L.newStringBuilder()
	last := 0
	for _, m := range mds {
		start, end := m.Capture(0), m.Capture(1)
		b.addString(str[last:start])
		last = end
		switch rv := repl.(type) {
		case LString, LNumber:
			gsubExpand(L, b, LVAsString(rv), m, str)
			continue
		case *LTable:
			idx := 0
			if m.CaptureLength() > 2 { // the first capture, else the match
				idx = 2
			}
			var key LValue
			if m.IsPosCapture(idx) {
				key = LNumber(m.Capture(idx))
			} else {
				key = LString(str[m.Capture(idx):m.Capture(idx+1)])
			}
			repl := L.GetTable(rv, key)
			gsubAddValue(L, b, repl, str[start:end])
		case *LFunction:
			L.Push(rv)
			nargs := 0
			if m.CaptureLength() > 2 {
				for i := 2; i < m.CaptureLength(); i += 2 {
					if m.IsPosCapture(i) {
						L.Push(LNumber(m.Capture(i)))
					} else {
						L.Push(LString(capturedString(L, m, str, i)))
					}
					nargs++
				}
			} else {
				L.Push(LString(str[start:end]))
				nargs++
			}
			L.Call(nargs, 1)
			gsubAddValue(L, b, L.reg.Pop(), str[start:end])
		}
	}
	b.addString(str[last:])
	L.Push(LString(b.String()))
	L.Push(LNumber(len(mds)))
	return 2
}

// gsubAddValue adds the value a table or function replacement gave: false
// or nil keep the match, strings and numbers replace it.
func gsubAddValue(L *LState, b *stringBuilder, v LValue, match string) {
	switch {
	case LVIsFalse(v):
		b.addString(match)
	case LVCanConvToString(v):
		b.addString(LVAsString(v))
	default:
		L.RaiseError("invalid replacement value (a %s)", v.Type().String())
	}
}

// gsubExpand adds a string replacement: %0 is the match, %1-%9 captures, %
// followed by anything else is that character (a final % adds a NUL byte, as
// in Lua 5.1).
func gsubExpand(L *LState, b *stringBuilder, repl string, m *pm.MatchData, str string) {
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		if c != '%' {
			b.addByte(c)
			continue
		}
		i++
		if i == len(repl) {
			b.addByte(0)
			break
		}
		c = repl[i]
		switch {
		case c == '0':
			b.addString(str[m.Capture(0):m.Capture(1)])
		case c >= '1' && c <= '9':
			idx := 2 * int(c-'0')
			if idx == 2 && m.CaptureLength() <= 2 {
				b.addString(str[m.Capture(0):m.Capture(1)]) // %1 without captures: the match
			} else if idx >= m.CaptureLength() {
				L.RaiseError("invalid capture index")
			} else if m.IsPosCapture(idx) {
				b.addString(strconv.Itoa(m.Capture(idx)))
			} else {
				b.addString(str[m.Capture(idx):m.Capture(idx+1)])
			}
		default:
			b.addByte(c)
		}
	}
}
