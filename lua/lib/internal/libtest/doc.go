// Package libtest runs Lua snippets both in redis-server (EVAL) and in a
// gopher-lua state holding the Go ports of Redis's libraries, and compares
// the strings they return byte for byte. It serves the libraries'
// differential tests; a shared Prelude renders values identically in both
// interpreters.
package libtest
