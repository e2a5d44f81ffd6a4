package tests

import (
	"testing"

	rt "luakv/internal/redistest"
)

// DEBUG DIGEST and DIGEST-VALUE hash the dataset as Redis does, so the
// same data gives the same signature on both servers: a check of every
// value's bytes (and of which keys expire) through one reply.
func TestDiffDebugDigest(t *testing.T) {
	p := rt.NewPair(t)
	p.Both(t, "empty and strings",
		"DEBUG DIGEST", rt.S("DEBUG DIGEST-VALUE nokey").Re(`^\*1\r\n\+0{40}\r\n$`), "DEBUG DIGEST-VALUE",
		"SET s hello", "SET n 12345", "SET neg -7", "SET f 1.5", "SET e ''", "SETRANGE r 3 x",
		"DEBUG DIGEST", "DEBUG DIGEST-VALUE s n neg f e r nokey", "INCR n", "DEBUG DIGEST-VALUE n",
		"EXPIRE s 1000", "DEBUG DIGEST-VALUE s", "DEBUG DIGEST", "DEBUG DIGEST x")
	p.Both(t, "collections in every encoding",
		"RPUSH l a 1 -2 b", "SADD si 3 -1 2", "SADD ss a b 1", "HSET h f v n 1", "ZADD z 1 a 2.5 b -inf c inf d 0.1 e 1e20 f 12 13",
		"DEBUG DIGEST-VALUE l si ss h z", "DEBUG DIGEST",
		"CONFIG SET zset-max-listpack-entries 0", "CONFIG SET hash-max-listpack-entries 0",
		"CONFIG SET set-max-intset-entries 0", "CONFIG SET list-max-listpack-size 1",
		"RPUSH l2 a 1 -2 b", "SADD si2 3 -1 2", "HSET h2 f v n 1", "ZADD z2 1 a 2.5 b -inf c inf d 0.1 e 1e20 f 12 13",
		"DEBUG DIGEST-VALUE l2 si2 h2 z2", "DEBUG DIGEST",
		"SELECT 5", "SET other db", "DEBUG DIGEST", "SELECT 0", "MOVE other 0", "DEBUG DIGEST",
		"CONFIG SET zset-max-listpack-entries 128", "CONFIG SET hash-max-listpack-entries 128",
		"CONFIG SET set-max-intset-entries 512", "CONFIG SET list-max-listpack-size -2")
	p.Both(t, "quicklist packed threshold",
		"DEBUG QUICKLIST-PACKED-THRESHOLD 5gb", "DEBUG QUICKLIST-PACKED-THRESHOLD abc",
		"DEBUG QUICKLIST-PACKED-THRESHOLD -1", "DEBUG QUICKLIST-PACKED-THRESHOLD 10",
		"RPUSH big 123456789012345 x", "LRANGE big 0 -1", "DEBUG DIGEST-VALUE big",
		"DEBUG QUICKLIST-PACKED-THRESHOLD 0", "DEBUG QUICKLIST-PACKED-THRESHOLD")
}
