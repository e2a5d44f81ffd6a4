// Package bit is Redis's bundled LuaBitOp 1.0.2 (the global "bit" in
// scripts) for gopher-lua: 32-bit operations on Lua numbers with the C
// library's exact results and error messages.
//
// Arguments are normalised as the C code does, by adding 2^52+2^51 to the
// double and keeping the low 32 bits of its representation: fractions
// round to nearest (ties to even), integers wrap modulo 2^32 (beyond 2^51
// the addition rounds them first), infinities and the usual NaNs give 0 (a
// NaN keeps the low bits of its payload, as on x86). Numeric strings count
// as numbers (C strtod rules); anything else is "number expected". Results
// are signed 32-bit numbers. The table has no _VERSION field, as in Redis.
package bit
