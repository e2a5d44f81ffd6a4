// Package cmsgpack is Redis's bundled lua-cmsgpack 0.4.0 ("cmsgpack" in
// scripts) for gopher-lua: MessagePack pack, unpack, unpack_one and
// unpack_limit with the C library's exact bytes, values and errors, and
// its _NAME, _VERSION, _COPYRIGHT and _DESCRIPTION fields.
//
// Packing: numbers that are integral and fit an int64 use the smallest
// integer form (unsigned forms for non-negative values), other numbers
// float 32 when that is exact and float 64 otherwise; strings use fixstr,
// str8, str16 or str32; a table whose keys are exactly 1..n is an array,
// any other a map (an empty table is an empty array); tables nested more
// than 16 deep, functions and other values are nil. pack refuses results
// over 512 MB.
//
// Unpacking accepts what 0.4.0 accepts: no bin or ext types ("Bad data
// format in input."); uint 64 values of 2^63 and more wrap to negative
// numbers as the C's lua_Integer does. Like the C it fails with "stack
// overflow (...)" where its values would exceed Lua's 8000-slot limit for a
// C function.
//
// Map keys are written in the order the table iterates, so maps with more
// than one key pack as the interpreter's table order dictates.
package cmsgpack
