// Package rdb reads and writes Redis's RDB file format (version 10, what
// Redis 7.0 writes; versions 1 to 11 are read): the length and string
// encodings, LZF compression, the CRC-64 trailer, and the packed blobs
// (listpack, ziplist, intset) Redis stores small collections in; and one
// value alone, as DUMP and RESTORE carry it (NewValueWriter,
// NewValueReader).
//
// It knows the format only; the engine decides what each value becomes
// (engine/rdb_save.go, engine/rdb_load.go). Nothing here trusts its input:
// a corrupt or truncated file is an error, never a panic or an allocation
// the file's bytes cannot account for.
package rdb
