// Package cjson is the cjson library of luakv's Lua scripts: a Go
// implementation, for gopher-lua, of the lua-cjson 2.1.0 that Redis 7.0
// bundles and exposes to scripts as the global cjson.
//
// Scripts written for Redis depend on this library's exact output and
// error texts, so it reproduces Redis's build rather than JSON in
// general: numbers are written with C's %.14g (or the configured
// precision), strings escape '/' and DEL, tables become arrays only when
// all keys are positive integers and the array is not too sparse, the
// parser accepts what C's strtod accepts for numbers (hex, Inf, NaN while
// decode_invalid_numbers is on), and every error reads as Redis's does,
// including the Lua 5.1 "bad argument" wording and positions.
//
// The package owns the module table (Loader, one configuration per
// table as cjson.new() makes), the JSON null value of a state (Null), the
// encoder, the decoder, C-compatible number formatting and parsing, and
// the Lua 5.1 error wording those need. It does not own where the table
// is installed or made read-only; the script engine does that.
//
// One difference is deliberate: an encode result longer than
// MaxEncodedLen is refused with an error instead of being built.
package cjson
