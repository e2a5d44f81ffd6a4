// Package luastruct is Redis's bundled struct library (Roberto
// Ierusalimschy's struct.c, "struct" in scripts) for gopher-lua: pack,
// unpack and size of binary records, with the C library's exact bytes,
// results and error messages.
//
// Formats: "<" ">" byte order (little by default, the x86-64 native order),
// "![n]" maximum alignment (default 1; "!" alone is 8), " " ignored,
// "b"/"B" char, "h"/"H" short, "l"/"L" long and "T" size_t (8 bytes),
// "i[n]"/"I[n]" n-byte ints (default 4, at most 32), "f" float, "d"
// double, "x" a zero byte, "c[n]" n chars (c0: the whole string when
// packing, the previous number's worth when unpacking) and "s" a
// zero-terminated string. "=" is not an option in this version.
//
// Conversions follow the C compiled for x86-64 Linux, including its
// corner cases: doubles are truncated to long or unsigned long as gcc's
// code does (NaN and out-of-range values give 0x8000000000000000 or 0),
// ints wider than 8 bytes keep only 8 significant bytes, and signed ones
// are sign-extended with the mask the C computes (shift counts taken
// modulo 64). pack refuses results over 512 MB.
package luastruct
