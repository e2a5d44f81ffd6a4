package cjson

import (
	lua "github.com/yuin/gopher-lua"
)

// Defaults of a fresh module table, as Redis builds lua-cjson.
const (
	defaultSparseConvert        = false
	defaultSparseRatio          = 2
	defaultSparseSafe           = 10
	defaultEncodeMaxDepth       = 1000
	defaultDecodeMaxDepth       = 1000
	defaultEncodeInvalidNumbers = invalidOff
	defaultDecodeInvalidNumbers = true
	defaultEncodeKeepBuffer     = true
	defaultNumberPrecision      = 14
)

// MaxEncodedLen bounds the length of an encode result: Redis's
// proto-max-bulk-len default (512 MB). A longer result is refused with an
// error instead of being built, so a script cannot make the server
// allocate without limit.
const MaxEncodedLen = 512 << 20

// keepBufferLimit is the largest encode buffer kept between calls when
// encode_keep_buffer is on; a bigger one is released so that one huge
// result does not stay allocated for the life of the state.
const keepBufferLimit = 1 << 20

// Values of encode_invalid_numbers: the option list index, as in C.
const (
	invalidOff  = 0 // refuse NaN and Inf
	invalidOn   = 1 // write nan, inf, -inf
	invalidNull = 2 // write null
)

// config is the state of one module table: every function of the table
// made by Loader or by new() shares it, and new() makes a fresh one.
type config struct {
	sparseConvert        bool
	sparseRatio          int
	sparseSafe           int
	encodeMaxDepth       int
	decodeMaxDepth       int
	encodeInvalidNumbers int
	decodeInvalidNumbers bool
	keepBuffer           bool
	numberPrecision      int

	// buf is the encode buffer reused while keepBuffer is on.
	buf []byte
	// maxLen is MaxEncodedLen; tests lower it.
	maxLen int
}

func newConfig() *config {
	return &config{
		sparseConvert:        defaultSparseConvert,
		sparseRatio:          defaultSparseRatio,
		sparseSafe:           defaultSparseSafe,
		encodeMaxDepth:       defaultEncodeMaxDepth,
		decodeMaxDepth:       defaultDecodeMaxDepth,
		encodeInvalidNumbers: defaultEncodeInvalidNumbers,
		decodeInvalidNumbers: defaultDecodeInvalidNumbers,
		keepBuffer:           defaultEncodeKeepBuffer,
		numberPrecision:      defaultNumberPrecision,
		maxLen:               MaxEncodedLen,
	}
}

// Loader pushes a new cjson module table, following gopher-lua's loader
// convention (usable with L.PreloadModule, or called directly and the
// result stored in the global cjson). It returns 1.
func Loader(L *lua.LState) int {
	L.Push(newModule(L))
	return 1
}

// newModule builds a module table with its own configuration.
func newModule(L *lua.LState) *lua.LTable {
	return buildModule(L, newConfig())
}

// buildModule builds the module table whose functions share cfg.
func buildModule(L *lua.LState, cfg *config) *lua.LTable {
	fns := map[string]lua.LGFunction{
		"encode":                  func(L *lua.LState) int { return encode(L, cfg) },
		"decode":                  func(L *lua.LState) int { return decode(L, cfg) },
		"encode_sparse_array":     func(L *lua.LState) int { return cfgEncodeSparseArray(L, cfg) },
		"encode_max_depth":        func(L *lua.LState) int { return cfgEncodeMaxDepth(L, cfg) },
		"decode_max_depth":        func(L *lua.LState) int { return cfgDecodeMaxDepth(L, cfg) },
		"encode_number_precision": func(L *lua.LState) int { return cfgEncodeNumberPrecision(L, cfg) },
		"encode_keep_buffer":      func(L *lua.LState) int { return cfgEncodeKeepBuffer(L, cfg) },
		"encode_invalid_numbers":  func(L *lua.LState) int { return cfgEncodeInvalidNumbers(L, cfg) },
		"decode_invalid_numbers":  func(L *lua.LState) int { return cfgDecodeInvalidNumbers(L, cfg) },
		"new":                     Loader,
	}
	t := L.CreateTable(0, len(fns)+3)
	for name, fn := range fns {
		t.RawSetString(name, L.NewFunction(fn))
	}
	t.RawSetString("null", Null(L))
	t.RawSetString("_NAME", lua.LString("cjson"))
	t.RawSetString("_VERSION", lua.LString("2.1.0"))
	return t
}

// nullKey is the registry field holding the state's null value.
const nullKey = "luakv.cjson.null"

// Null returns the value standing for JSON null in L: what cjson.null is,
// what decode gives for null, and what encode writes as null. In Redis it
// is a NULL light userdata, equal across every module table of a state;
// here it is one userdata per state (kept in the registry), so
// type(cjson.null) is "userdata" and comparisons with == hold. Its
// metatable only gives it the text Redis prints for it, "userdata: (nil)".
func Null(L *lua.LState) *lua.LUserData {
	if ud, ok := L.G.Registry.RawGetString(nullKey).(*lua.LUserData); ok {
		return ud
	}
	ud := L.NewUserData()
	mt := L.CreateTable(0, 1)
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString("userdata: (nil)"))
		return 1
	}))
	ud.Metatable = mt
	L.G.Registry.RawSetString(nullKey, ud)
	return ud
}

// IsNull reports whether v is L's JSON null value.
func IsNull(L *lua.LState, v lua.LValue) bool {
	ud, ok := v.(*lua.LUserData)
	return ok && ud == L.G.Registry.RawGetString(nullKey)
}
