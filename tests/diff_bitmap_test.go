package tests

import (
	"testing"

	rt "luakv/internal/redistest"
)

func TestDiffBitmapBits(t *testing.T) {
	p := rt.NewPair(t)
	// The offset limit's edge is tested under a 1mb proto-max-bulk-len: at
	// the default 512mb both servers would build a 512MB string, which
	// under load can outlast the harness's read timeout.
	p.Both(t, "setbit getbit",
		"SETBIT k 7 1", "SETBIT k 7 1", "SETBIT k 7 0", "GETBIT k 7", "SETBIT k 0 1", "GET k", "GETBIT k 0",
		"GETBIT k 1", "GETBIT k 100", "GETBIT nokey 0", "SETBIT k 100 1", "STRLEN k", "GET k",
		"SETBIT k -1 1", "CONFIG SET proto-max-bulk-len 1mb", "SETBIT k 8388607 0", "STRLEN k",
		"SETBIT k 8388608 1", "GETBIT k 8388608", "GETBIT k 8388607", "CONFIG SET proto-max-bulk-len 512mb",
		"SETBIT k 4294967296 1", "SETBIT k abc 1",
		"SETBIT k 1.5 1", "SETBIT k 0 2", "SETBIT k 0 -1", "SETBIT k 0 x", `SETBIT k 0 ""`, "GETBIT k -1",
		"GETBIT k 4294967296", "GETBIT k x", "SET s a", "SETBIT s 6 1", "GET s", "OBJECT ENCODING s",
		"SET i 1", "SETBIT i 7 0", "GET i", "SET t v EX 100", "SETBIT t 1 1", "TTL t", "SETBIT", "SETBIT k 1",
		"GETBIT k", "GETBIT k 1 2")
	p.Both(t, "bitcount",
		"SET k foobar", "BITCOUNT k", "BITCOUNT k 0 0", "BITCOUNT k 1 1", "BITCOUNT k 1 -2", "BITCOUNT k -2 -1",
		"BITCOUNT k 0 -1 BYTE", "BITCOUNT k 5 30 BIT", "BITCOUNT k 0 -1 bit", "BITCOUNT k -100 100",
		"BITCOUNT k 4 2", "BITCOUNT k 0", "BITCOUNT k 0 1 2", "BITCOUNT k 0 1 FOO", "BITCOUNT k a b",
		"BITCOUNT nokey", "BITCOUNT nokey 0 -1", "BITCOUNT nokey 0 1 BIT", "BITCOUNT k 0 -1 BYTE BYTE",
		"BITCOUNT k -9223372036854775808 9223372036854775807", "BITCOUNT k 0 -9223372036854775808",
		"BITCOUNT k -1 -1 BIT", "BITCOUNT k 47 47 BIT", "BITCOUNT k 48 100 BIT", "SET e \"\"", "BITCOUNT e",
		"BITCOUNT e 0 -1 BIT", "SET i 12", "BITCOUNT i", "BITCOUNT")
	p.Both(t, "bitpos",
		"SET k \"\\xff\\xf0\\x00\"", "BITPOS k 0", "BITPOS k 1", "BITPOS k 1 2", "BITPOS k 0 0 0",
		"BITPOS k 1 2 -1", "BITPOS k 0 1 1 BIT", "BITPOS k 1 7 15 BIT", "BITPOS k 0 0 -1 BIT", "BITPOS k 1 -1",
		"BITPOS k 0 -100 100", "BITPOS k 1 3", "BITPOS k 0 3", "SET f \"\\xff\\xff\"", "BITPOS f 0",
		"BITPOS f 0 0 -1", "BITPOS f 0 0 1 BIT", "BITPOS f 1 0 -1", "SET z \"\\x00\\x00\"", "BITPOS z 1", "BITPOS z 0",
		"BITPOS nokey 0", "BITPOS nokey 1", "BITPOS nokey 0 1 2 BIT", "BITPOS k 2", "BITPOS k -1", "BITPOS k x",
		"BITPOS k 1 a", "BITPOS k 1 0 b", "BITPOS k 1 0 1 FOO", "BITPOS k 1 0 1 BYTE BYTE", "BITPOS k 1 2 1",
		"BITPOS k", "SET e \"\"", "BITPOS e 0", "BITPOS e 1", "BITPOS k 0 0 1 BYTE",
		"BITPOS k 1 -9223372036854775808 9223372036854775807 BIT")
	p.Both(t, "bitop",
		"SET a \"\\xf0\\x0f\"", "SET b \"\\xff\"", "BITOP AND d a b", "GET d", "BITOP OR d a b", "GET d",
		"BITOP XOR d a b", "GET d", "BITOP NOT d a", "GET d", "BITOP not d b", "GET d", "BITOP AND d a nokey",
		"GET d", "BITOP OR d nokey1 nokey2", "EXISTS d", "BITOP NOT d a b", "BITOP FOO d a", "BITOP AND d",
		"BITOP NOT d nokey", "EXISTS d", "BITOP AND a a b", "GET a", "SET e \"\"", "BITOP OR d e", "EXISTS d",
		"SET d v EX 100", "BITOP OR d b", "TTL d", "BITOP XOR d a b a", "GET d", "OBJECT ENCODING d",
		"SET i 12", "BITOP OR d i", "GET d", "BITOP", "BITOP AND")
}

func TestDiffBitmapBitfield(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "bitfield get set",
		"BITFIELD k", "BITFIELD k GET u8 0", "BITFIELD k SET u8 0 255", "BITFIELD k GET u8 0", "BITFIELD k GET i8 0",
		"BITFIELD k SET i8 8 -1 GET u4 8 GET i4 12", "GET k", "BITFIELD k SET u8 #1 100 GET u8 #1 GET u8 8",
		"BITFIELD k GET i64 0", "BITFIELD k GET u63 0", "BITFIELD k GET u64 0", "BITFIELD k GET i65 0",
		"BITFIELD k GET u0 0", "BITFIELD k GET x8 0", "BITFIELD k GET u8 -1", "BITFIELD k GET u8 #-1",
		"BITFIELD k GET u8 4294967296", "BITFIELD k GET u8 4294967288", "BITFIELD k GET u8 abc",
		"BITFIELD k SET u8 0 abc", "BITFIELD k SET u8 0", "BITFIELD k GET u8", "BITFIELD k FOO",
		"BITFIELD nokey GET u8 0", "EXISTS nokey", "BITFIELD k SET i64 0 -9223372036854775808 GET i64 0",
		"BITFIELD k SET u63 0 9223372036854775807 GET u63 0", "BITFIELD k SET u8 0 256 GET u8 0",
		"BITFIELD k SET i8 0 128 GET i8 0", "BITFIELD k SET i8 0 -129 GET i8 0")
	p.Both(t, "bitfield incrby overflow",
		"BITFIELD k INCRBY u8 0 100", "BITFIELD k INCRBY u8 0 200", "BITFIELD k OVERFLOW SAT INCRBY u8 0 200",
		"BITFIELD k OVERFLOW FAIL INCRBY u8 0 1", "BITFIELD k OVERFLOW WRAP INCRBY u8 0 1",
		"BITFIELD k OVERFLOW SAT INCRBY i8 8 -200", "BITFIELD k OVERFLOW FAIL INCRBY i8 8 -1", "GET k",
		"BITFIELD k OVERFLOW SAT SET u4 0 100 GET u4 0", "BITFIELD k OVERFLOW FAIL SET u4 0 100 GET u4 0",
		"BITFIELD k OVERFLOW FOO INCRBY u8 0 1", "BITFIELD k OVERFLOW", "BITFIELD k OVERFLOW WRAP",
		"BITFIELD k INCRBY u8 0", "BITFIELD k INCRBY u8 0 x",
		"BITFIELD k OVERFLOW SAT INCRBY i64 0 9223372036854775807 INCRBY i64 0 9223372036854775807",
		"BITFIELD k OVERFLOW WRAP INCRBY i64 0 9223372036854775807 INCRBY i64 0 1",
		"BITFIELD k OVERFLOW FAIL INCRBY u63 0 9223372036854775807 INCRBY u63 0 1",
		"BITFIELD k overflow sat incrby u2 100 1 overflow wrap incrby u2 102 5 get u2 100 get u2 102",
		"BITFIELD k GET u8 0 SET u8 0 1 INCRBY u8 0 1 GET u8 0")
	p.Both(t, "bitfield_ro",
		"SET k \"\\x01\\x02\"", "BITFIELD_RO k GET u8 0 GET u8 8", "BITFIELD_RO k", "BITFIELD_RO nokey GET u8 0",
		"BITFIELD_RO k SET u8 0 1", "BITFIELD_RO k INCRBY u8 0 1", "BITFIELD_RO k OVERFLOW SAT",
		"BITFIELD_RO k GET i99 0", "BITFIELD_RO k GET u8 x", "BITFIELD_RO k GET", "GET k")
	p.Both(t, "bitfield keeps ttl and type",
		"SET k v EX 100", "BITFIELD k SET u8 0 65", "TTL k", "GET k", "OBJECT ENCODING k",
		"SET i 1", "BITFIELD i GET u8 0", "BITFIELD i SET u8 0 50", "GET i")
}
