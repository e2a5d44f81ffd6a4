package cjson

import (
	"fmt"
	"math"

	lua "github.com/yuin/gopher-lua"
)

// The configuration functions: each takes optional new settings, applies
// them in argument order (an error part way keeps the earlier ones, as in
// C) and returns the settings now in force.

const cIntMax = math.MaxInt32

var (
	boolOptions    = []string{"off", "on"}
	invalidOptions = []string{"off", "on", "null"}
)

// cfgEncodeSparseArray is encode_sparse_array([convert[, ratio[, safe]]]).
func cfgEncodeSparseArray(L *lua.LState, cfg *config) int {
	argsAtMost(L, 3)
	convert := boolToInt(cfg.sparseConvert)
	enumOption(L, 1, &convert, nil, 1)
	cfg.sparseConvert = convert != 0
	integerOption(L, 2, &cfg.sparseRatio, 0, cIntMax)
	integerOption(L, 3, &cfg.sparseSafe, 0, cIntMax)
	return 3
}

// cfgEncodeMaxDepth is encode_max_depth([depth]).
func cfgEncodeMaxDepth(L *lua.LState, cfg *config) int {
	argsAtMost(L, 1)
	integerOption(L, 1, &cfg.encodeMaxDepth, 1, cIntMax)
	return 1
}

// cfgDecodeMaxDepth is decode_max_depth([depth]).
func cfgDecodeMaxDepth(L *lua.LState, cfg *config) int {
	argsAtMost(L, 1)
	integerOption(L, 1, &cfg.decodeMaxDepth, 1, cIntMax)
	return 1
}

// cfgEncodeNumberPrecision is encode_number_precision([digits]).
func cfgEncodeNumberPrecision(L *lua.LState, cfg *config) int {
	argsAtMost(L, 1)
	integerOption(L, 1, &cfg.numberPrecision, 1, 14)
	return 1
}

// cfgEncodeKeepBuffer is encode_keep_buffer([keep]). Turning it off
// releases the kept buffer.
func cfgEncodeKeepBuffer(L *lua.LState, cfg *config) int {
	argsAtMost(L, 1)
	keep := boolToInt(cfg.keepBuffer)
	enumOption(L, 1, &keep, nil, 1)
	cfg.keepBuffer = keep != 0
	if !cfg.keepBuffer {
		cfg.buf = nil
	}
	return 1
}

// cfgEncodeInvalidNumbers is encode_invalid_numbers([setting]): false or
// "off", true or "on", or "null".
func cfgEncodeInvalidNumbers(L *lua.LState, cfg *config) int {
	argsAtMost(L, 1)
	enumOption(L, 1, &cfg.encodeInvalidNumbers, invalidOptions, 1)
	return 1
}

// cfgDecodeInvalidNumbers is decode_invalid_numbers([allow]).
func cfgDecodeInvalidNumbers(L *lua.LState, cfg *config) int {
	argsAtMost(L, 1)
	allow := boolToInt(cfg.decodeInvalidNumbers)
	enumOption(L, 1, &allow, nil, 1)
	cfg.decodeInvalidNumbers = allow != 0
	return 1
}

// argsAtMost refuses more than n arguments, naming the first extra one,
// and pads the arguments with nils to n: results are pushed after them.
func argsAtMost(L *lua.LState, n int) {
	if L.GetTop() > n {
		argError(L, n+1, "found too many arguments")
	}
	for L.GetTop() < n {
		L.Push(lua.LNil)
	}
}

// integerOption sets *setting from argument idx unless it is nil, within
// [min, max], and pushes the resulting setting. The range error names
// argument #1 whatever idx is: lua-cjson words it that way.
func integerOption(L *lua.LState, idx int, setting *int, min, max int) {
	if L.Get(idx) != lua.LNil {
		v := checkInteger(L, idx)
		if v < min || v > max {
			argError(L, 1, fmt.Sprintf("expected integer between %d and %d", min, max))
		}
		*setting = v
	}
	L.Push(lua.LNumber(*setting))
}

// enumOption sets *setting from argument idx unless it is nil: a boolean
// gives 0 or trueValue, a string is looked up in options (off/on when nil).
// It pushes the setting back as a boolean when it is 0 or trueValue, as
// its option name otherwise.
func enumOption(L *lua.LState, idx int, setting *int, options []string, trueValue int) {
	if options == nil {
		options = boolOptions
		trueValue = 1
	}
	switch v := L.Get(idx).(type) {
	case *lua.LNilType:
	case lua.LBool:
		*setting = 0
		if v {
			*setting = trueValue
		}
	default:
		*setting = checkOption(L, idx, options)
	}
	if *setting == 0 || *setting == trueValue {
		L.Push(lua.LBool(*setting != 0))
	} else {
		L.Push(lua.LString(options[*setting]))
	}
}

// checkOption is luaL_checkoption without a default.
func checkOption(L *lua.LState, idx int, options []string) int {
	name := checkString(L, idx)
	for i, o := range options {
		if o == name {
			return i
		}
	}
	argError(L, idx, fmt.Sprintf("invalid option '%s'", cString(name)))
	return 0
}

// checkString is luaL_checkstring: a string, or a number converted to
// its Lua text.
func checkString(L *lua.LState, idx int) string {
	switch v := L.Get(idx).(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return string(appendG(nil, float64(v), 14))
	}
	typeError(L, idx, "string")
	return ""
}

// checkInteger is luaL_checkinteger as lua-cjson stores it, in a C int:
// numbers (and numeric strings) are truncated toward zero to a 64-bit
// integer and then to 32 bits, out-of-range values becoming the minimum
// integer as x86-64 conversions make them.
func checkInteger(L *lua.LState, idx int) int {
	var f float64
	switch v := L.Get(idx).(type) {
	case lua.LNumber:
		f = float64(v)
	case lua.LString:
		n, ok := str2number(string(v))
		if !ok {
			typeError(L, idx, "number")
		}
		f = n
	default:
		typeError(L, idx, "number")
	}
	var i64 int64 = math.MinInt64
	if f >= -(1<<63) && f < 1<<63 {
		i64 = int64(f)
	}
	return int(int32(i64))
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
