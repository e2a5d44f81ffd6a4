// Package lauxlib gives the Go ports of Redis's bundled C libraries (bit,
// struct, cmsgpack) and the redis.* API (package lua) the behaviour of the
// Lua 5.1 C API they were written against, where gopher-lua's own helpers
// differ in ways scripts can see:
//
//   - errors raised from a C function carry the position of the calling Lua
//     function only (none when the caller is itself a C function such as
//     pcall), and argument errors name the function as Lua 5.1 does
//     ("bad argument #1 to 'band' (number expected, got no value)", with '?'
//     when the name is unknown);
//   - strings convert to numbers with C's strtod (hex floats, "inf", "nan",
//     trailing blanks) and numbers to strings with "%.14g";
//   - doubles convert to C integer types the way x86-64 does (cvttsd2si),
//     so out-of-range values give the same bytes as in Redis;
//   - a C function may hold at most 8000 stack slots (LUAI_MAXCSTACK), so
//     the libraries count the slots the C code would use and fail with the
//     same "stack overflow (...)" messages at the same points;
//   - results the libraries build are bounded (MaxResult, 512 MB), past
//     which they raise Lua's memory error instead of allocating.
//
// It is internal to the library ports: the interpreter itself has its own
// rules.
package lauxlib
