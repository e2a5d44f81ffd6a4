package tests

import (
	"fmt"
	"strings"
	"testing"
	"time"

	rt "luakv/internal/redistest"
)

// Far-future absolute times, so EXPIRETIME and friends are exact.
const (
	farSec = "4102444800"    // 2100-01-01
	farMs  = "4102444800123" // the same, with milliseconds
)

// pttlNear is PTTL k, matching any value in the second below sec seconds.
func pttlNear(sec int) rt.Step {
	return rt.S("PTTL k").Re(fmt.Sprintf(`^:(%d\d{3}|%d000)\r\n$`, sec-1, sec))
}

func TestDiffStringGetSet(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "get set basics",
		"GET k", "SET k v", "GET k", "SET k \"\"", "GET k", `SET k "a\x00b\r\n"`, "GET k",
		"SET k v2", "GET k", "set K upper", "GET K", "GET k", rt.C("SET", "big", strings.Repeat("b", 100000)),
		"STRLEN big", "SET k", "GET", "GET a b", "SET k v extra", "SET k v ex")
	p.Both(t, "set nx xx",
		"SET k v NX", "SET k w NX", "GET k", "SET k w XX", "GET k", "SET nope v XX", "EXISTS nope",
		"SET k v nx xx", "SET k v XX NX", "SET k v NX NX", "SET k v xx XX", "SET k v NX GET", "SET k2 v NX GET",
		"SET k v XX GET", "SET k3 v XX GET", "EXISTS k3")
	p.Both(t, "set get",
		"SET k v GET", "SET k w GET", "SET k x GET GET", "GET k", "SET k v GET EX 100", "TTL k",
		"SET k v GET KEEPTTL", "TTL k")
	p.Both(t, "set ex px",
		"SET k v EX 100", "TTL k", pttlNear(100), "SET k v PX 100000", "TTL k", pttlNear(100),
		"SET k v ex 50", "TTL k", "SET k v", "TTL k", "SET k v EX 0", "SET k v EX -1", "SET k v PX 0",
		"SET k v PX -5", "SET k v EX abc", "SET k v EX 1.5", `SET k v EX ""`, "SET k v EX 9223372036854775807",
		"SET k v PX 9223372036854775807", "SET k v EX 9223372036854775", "SET k v EX 9223372036854776",
		"SET k v EX 99999999999999999999", "SET k v EX", "SET k v PX", "SET k v EX 10 PX 10",
		"SET k v EX 10 EX 10", "SET k v EX 10 KEEPTTL", "SET k v KEEPTTL PX 10", "GET k", "TTL k")
	p.Both(t, "set exat pxat",
		"SET k v EXAT "+farSec, "EXPIRETIME k", "PEXPIRETIME k", "SET k v PXAT "+farMs, "EXPIRETIME k",
		"PEXPIRETIME k", "SET k v EXAT 0", "SET k v PXAT 0", "SET k v EXAT -1", "SET k v EXAT 1", "GET k",
		"EXISTS k", "SET k v PXAT 1", "GET k", "SET k v EXAT "+farSec+" PXAT "+farMs, "SET k v EXAT x",
		"SET k v PXAT 9223372036854775807", "SET k v EXAT 9223372036854775807", "SET k v EXAT 9223372036854775")
	p.Both(t, "set keepttl",
		"SET k v EX 100", "SET k w KEEPTTL", "TTL k", "GET k", "SET k x", "TTL k", "SET k v PXAT "+farMs,
		"SET k y KEEPTTL", "PEXPIRETIME k", "SET nokey v KEEPTTL", "TTL nokey", "SET k v KEEPTTL KEEPTTL")
	// The first key lives 500ms so that the GET right after SET still finds
	// it on both servers when the machine is loaded.
	p.Run(t, "set expiry takes effect",
		"SET k v PX 500", "GET k", rt.Sleep(600*time.Millisecond), "GET k", "EXISTS k", "TTL k",
		"SET k v PX 50", rt.Sleep(150*time.Millisecond), "SET k v NX", "GET k")
	p.Both(t, "setnx setex psetex",
		"SETNX k v", "SETNX k w", "GET k", "SETNX", "SETNX k", "SETEX k 100 v", "TTL k", "GET k",
		"SETEX k 0 v", "SETEX k -1 v", "SETEX k abc v", "SETEX k 9223372036854775807 v", "SETEX k 100",
		"PSETEX k 100000 v", "TTL k", "PSETEX k 0 v", "PSETEX k -10 v", "PSETEX k 1.5 v", "GET k",
		"PSETEX k 9223372036854775807 v", "SETEX k 10 v extra")
	p.Both(t, "mget mset msetnx",
		"MSET a 1 b 2 c 3", "MGET a b c d", "MGET d", "MSET a", "MSET a 1 b", "MSET a 1 a 2", "GET a",
		"MSETNX x 1 y 2", "MGET x y", "MSETNX y 3 z 4", "MGET y z", "MSETNX z 5 z 6", "GET z", "MSETNX a",
		"MSETNX a 1 b", "MGET", `MSET "" empty`, `MGET ""`, "SET k v EX 100", "MSET k w", "TTL k")
	p.Both(t, "getset getdel",
		"GETSET k v", "GETSET k w", "GET k", "SET k v EX 100", "GETSET k w", "TTL k", "GETDEL k",
		"GETDEL k", "EXISTS k", "GETSET", "GETDEL", "GETDEL a b")
	p.Both(t, "getex",
		"GETEX k", "SET k v", "GETEX k", "GETEX k EX 100", "TTL k", "GETEX k PX 200000", "TTL k",
		"GETEX k EXAT "+farSec, "EXPIRETIME k", "GETEX k PXAT "+farMs, "PEXPIRETIME k", "GETEX k PERSIST",
		"TTL k", "GETEX k PERSIST", "GETEX k EX 0", "GETEX k EX -1", "GETEX k PX 0", "GETEX k EXAT 0",
		"GETEX k EX abc", "GETEX k EX", "GETEX k EX 10 PX 10", "GETEX k EX 10 PERSIST", "GETEX k PERSIST EX 10",
		"GETEX k KEEPTTL", "GETEX k FOO", "GETEX k EX 9223372036854775807", "GETEX nokey EX 10", "EXISTS nokey",
		"GETEX k PXAT 1", "GET k", "EXISTS k")
}

func TestDiffStringCounters(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "incr decr",
		"INCR k", "INCR k", "GET k", "DECR k", "DECR k", "DECR k", "GET k", "INCR new", "DECR new2",
		"SET k 9223372036854775806", "INCR k", "INCR k", "GET k", "SET k -9223372036854775807", "DECR k",
		"DECR k", "SET k abc", "INCR k", "DECR k", "SET k 1.5", "INCR k", `SET k ""`, "INCR k", "SET k \" 1\"",
		"INCR k", "SET k 01", "INCR k", "SET k +1", "INCR k", "SET k -0", "INCR k", "SET k 99999999999999999999",
		"INCR k", "INCR", "INCR a b")
	p.Both(t, "incrby decrby",
		"INCRBY k 10", "INCRBY k -3", "DECRBY k 2", "DECRBY k -100", "GET k", "INCRBY k abc", "INCRBY k 1.5",
		"INCRBY k 9223372036854775807", "INCRBY k 99999999999999999999", "SET k 1", "INCRBY k 9223372036854775807",
		"SET k -2", "DECRBY k 9223372036854775807", "DECRBY k 9223372036854775807", "GET k",
		"SET k 0", "DECRBY k -9223372036854775808", "DECRBY k 9223372036854775808", "INCRBY k -9223372036854775808",
		"GET k", "INCRBY k", "DECRBY k", "INCRBY k 1 2")
	p.Both(t, "incrbyfloat",
		"INCRBYFLOAT k 1.5", "INCRBYFLOAT k 0.1", "INCRBYFLOAT k -1.6", "GET k", "INCRBYFLOAT k 5.0e3", "GET k",
		"INCRBYFLOAT k 1e300", "INCRBYFLOAT k 1e300", "SET k 10", "INCRBYFLOAT k 0.00000001", "SET k 3",
		"INCRBYFLOAT k -3", "GET k", "INCRBYFLOAT k abc", "INCRBYFLOAT k inf", "INCRBYFLOAT k -inf",
		"INCRBYFLOAT k nan", `INCRBYFLOAT k ""`, `INCRBYFLOAT k " 1"`, "INCRBYFLOAT k 1.0.0", "INCRBYFLOAT k 0x10",
		"SET k abc", "INCRBYFLOAT k 1", "SET k 1e400", "INCRBYFLOAT k 1", "SET k \"1 \"", "INCRBYFLOAT k 1",
		"SET k 17179869184", "INCRBYFLOAT k 1.5", "SET k 1.7976931348623157e308", "INCRBYFLOAT k 1.7976931348623157e308",
		"SET k 5", "INCRBYFLOAT k 1e-20", "INCRBYFLOAT k 3.0", "SET k 0.1", "INCRBYFLOAT k 0.2", "INCRBYFLOAT k -0",
		"SET k 1", "INCRBYFLOAT k -1.0e0", "INCRBYFLOAT", "INCRBYFLOAT k", "SET k v EX 100", "INCRBYFLOAT k 1")
	p.Both(t, "counters keep ttl",
		"SET k 1 EX 100", "INCR k", "TTL k", "INCRBY k 5", "TTL k", "INCRBYFLOAT k 1.5", "TTL k",
		"DECR k", "GET k")
	p.Both(t, "counter encodings",
		"SET k 1", "OBJECT ENCODING k", "INCR k", "OBJECT ENCODING k", "INCRBYFLOAT k 1", "OBJECT ENCODING k",
		"INCRBYFLOAT k 0.5", "OBJECT ENCODING k", "SET k 123456789012345678901", "OBJECT ENCODING k",
		"SET k 9223372036854775807", "OBJECT ENCODING k", "INCR k", "OBJECT ENCODING k")
}

func TestDiffStringRanges(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "append strlen",
		"APPEND k hello", "APPEND k \" world\"", "GET k", "STRLEN k", "STRLEN nokey", `APPEND k ""`, "STRLEN k",
		`APPEND e ""`, "EXISTS e", "GET e", "SET n 12", "APPEND n 34", "GET n", "OBJECT ENCODING n", "INCR n",
		"APPEND", "APPEND k", "STRLEN", "STRLEN a b", "SET k v EX 100", "APPEND k x", "TTL k",
		`APPEND b "\x00\xff"`, "STRLEN b", "SET i 12345", "STRLEN i", "SET i -1", "STRLEN i")
	p.Both(t, "getrange substr",
		"SET k \"Hello World\"", "GETRANGE k 0 4", "GETRANGE k -5 -1", "GETRANGE k 0 -1", "GETRANGE k 5 3",
		"GETRANGE k -100 100", "GETRANGE k 100 200", "GETRANGE k -1 -5", "GETRANGE k 0 0", "GETRANGE k -1 -1",
		"GETRANGE k 10 10", "GETRANGE k 11 11", "GETRANGE k 0 9223372036854775807", "GETRANGE k -9223372036854775808 2",
		"GETRANGE k a 1", "GETRANGE k 0 b", "GETRANGE k 0 1.5", "GETRANGE nokey 0 -1", "GETRANGE nokey 0 0",
		"SUBSTR k 0 4", "SUBSTR k -3 -1", "SUBSTR nokey 0 1", "SUBSTR k x y", "SET e \"\"", "GETRANGE e 0 -1",
		"GETRANGE e 0 0", "GETRANGE e -1 -1", "SET i 12345", "GETRANGE i 1 3", "GETRANGE i -2 -1",
		"GETRANGE k 0", "GETRANGE k 0 1 2", "SUBSTR k 0")
	// The size limit's edge is tested under a 1mb proto-max-bulk-len: at the
	// default 512mb both servers would build (and later free) a 512MB string,
	// which under load outlasts the harness's read timeout or the half
	// second a later TTL reply may drift.
	p.Both(t, "setrange",
		"SETRANGE k 0 hello", "GET k", "SETRANGE k 6 world", "GET k", "STRLEN k", "SETRANGE k 0 J", "GET k",
		"SETRANGE n 3 x", "GET n", `SETRANGE empty 0 ""`, "EXISTS empty", `SETRANGE empty 10 ""`, "EXISTS empty",
		`SETRANGE k 100 ""`, "STRLEN k", "SETRANGE k -1 x", "SETRANGE k abc x", "SETRANGE k 1.5 x",
		"CONFIG SET proto-max-bulk-len 1mb", "SETRANGE k 1048575 x", "STRLEN k", "SETRANGE k 1048576 x",
		"SETRANGE k 1048575 xy", "CONFIG SET proto-max-bulk-len 512mb",
		"SETRANGE k 536870912 x", "SETRANGE k 9223372036854775807 x",
		"SET i 12345", "SETRANGE i 1 x", "GET i", "OBJECT ENCODING i", "SET k v EX 100", "SETRANGE k 1 x",
		"TTL k", "SETRANGE", "SETRANGE k 0", `SETRANGE k 0 "\x00"`, "GET k")
	p.Both(t, "string encodings",
		"SET k 12345", "OBJECT ENCODING k", "SET k abc", "OBJECT ENCODING k",
		rt.C("SET", "k", strings.Repeat("x", 44)), "OBJECT ENCODING k",
		rt.C("SET", "k", strings.Repeat("x", 45)), "OBJECT ENCODING k",
		"SET k -0", "OBJECT ENCODING k", "SET k 007", "OBJECT ENCODING k", "SET k \" 1\"", "OBJECT ENCODING k",
		"SET k -9223372036854775808", "OBJECT ENCODING k", "SET k 9223372036854775808", "OBJECT ENCODING k",
		"SET k 1", "APPEND k 2", "OBJECT ENCODING k", "SET k ab", "SETRANGE k 0 x", "OBJECT ENCODING k",
		"SET k 5", "SETRANGE k 0 6", "OBJECT ENCODING k", "GETSET k 10", "OBJECT ENCODING k",
		"SET k 1.5", "OBJECT ENCODING k", "MSET a 1 b xyz", "OBJECT ENCODING a", "OBJECT ENCODING b",
		"SETEX k 100 42", "OBJECT ENCODING k", "SETNX z 42", "OBJECT ENCODING z", "OBJECT ENCODING nokey")
}

func TestDiffStringLCS(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "lcs",
		"MSET key1 ohmytext key2 mynewtext", "LCS key1 key2", "LCS key1 key2 LEN", "LCS key1 key2 IDX",
		"LCS key1 key2 IDX MINMATCHLEN 4", "LCS key1 key2 IDX WITHMATCHLEN", "LCS key1 key2 IDX MINMATCHLEN 4 WITHMATCHLEN",
		"LCS key1 key2 idx minmatchlen 2 withmatchlen", "LCS key1 key2 LEN IDX", "LCS key1 key2 IDX LEN",
		"LCS key1 key2 MINMATCHLEN x", "LCS key1 key2 MINMATCHLEN -1", "LCS key1 key2 IDX MINMATCHLEN 100",
		"LCS key1 key2 FOO", "LCS key1 key2 MINMATCHLEN", "LCS key1 nokey", "LCS nokey1 nokey2", "LCS nokey1 nokey2 LEN",
		"LCS nokey1 nokey2 IDX", "LCS key1 key1", "LCS key1 key1 IDX WITHMATCHLEN", "LCS key1", "LCS key1 key2 WITHMATCHLEN",
		"LCS key1 key2 LEN MINMATCHLEN 2")
	p.Both(t, "lcs edge strings",
		"MSET a \"\" b abc", "LCS a b", "LCS a b IDX", "LCS b a LEN", "MSET x ABCBDAB y BDCABA", "LCS x y",
		"LCS y x", "LCS x y IDX WITHMATCHLEN", "MSET n 1234 m 2345", "LCS n m", "LCS n m IDX",
		`MSET u "\x00\x01\x02" v "\x01\x02"`, "LCS u v", "LCS u v IDX")
}
