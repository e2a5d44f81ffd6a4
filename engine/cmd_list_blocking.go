package engine

import (
	"math"
	"math/big"
	"strconv"
	"time"
)

// Blocking list commands: BLPOP, BRPOP, BLMPOP, BLMOVE and BRPOPLPUSH.
// Each serves at once when a list has data, exactly as its non-blocking
// form (replies, events, and propagation as LPOP/RPOP/LMOVE/RPOPLPUSH, as
// Redis rewrites them); otherwise it parks the client (blocking.go). Where
// blocking is not allowed (MULTI/EXEC, scripts) the timeout reply comes at
// once. A retried command never replies WRONGTYPE for a key it waits on: a
// key that became another type just doesn't serve it, and it stays parked,
// as in Redis (a BLMOVE destination of another type does answer WRONGTYPE).

// parseBlockTimeout parses a timeout in seconds (fractions allowed, 0 for
// ever) the way Redis's getTimeoutFromObjectOrReply does: milliseconds are
// rounded up.
func parseBlockTimeout(c *Ctx, arg []byte) (time.Duration, bool) {
	v, ok := parseLongDouble(arg)
	if !ok {
		c.Err(ErrTimeoutFloat)
		return 0, false
	}
	// Redis converts the long double count of milliseconds to a long long;
	// values past its range (infinities too) come out as its minimum, hence
	// negative.
	if v.inf != 0 {
		c.Err(ErrTimeoutNegative)
		return 0, false
	}
	f := new(big.Float).SetPrec(128).SetInt(&v.mant)
	f.SetMantExp(f, v.exp)
	f.Mul(f, big.NewFloat(1000))
	msInt, acc := f.Int(nil)
	if acc == big.Below {
		msInt.Add(msInt, big.NewInt(1)) // rounded up, as ceill
	}
	if msInt.Sign() < 0 || !msInt.IsInt64() {
		c.Err(ErrTimeoutNegative)
		return 0, false
	}
	ms := min(msInt.Int64(), math.MaxInt64/int64(time.Millisecond))
	return time.Duration(ms) * time.Millisecond, true
}

// blockLookup looks key up for a blocking command: a non-empty list, or
// nil when there is none. On a first call another type replies WRONGTYPE
// (ok false); on a retry it counts as no list, and only the key that
// became ready is looked at.
func blockLookup(c *Ctx, key []byte) (en *Entry, l *List, ok bool) {
	if c.Retrying() {
		if string(key) != c.retryKey() {
			return nil, nil, true // served from the key that became ready
		}
		en = c.DB.LookupWrite(key)
		if en == nil {
			return nil, nil, true
		}
		if l, isList := asList(en); isList && l.Len() > 0 {
			return en, l, true
		}
		return nil, nil, true
	}
	en, l, ok = listLookup(c, key, true)
	if !ok || en == nil || l.Len() == 0 {
		return nil, nil, ok
	}
	return en, l, true
}

// bpopGeneric implements BLPOP and BRPOP: key [key ...] timeout.
func bpopGeneric(c *Ctx, left bool) {
	timeout, ok := parseBlockTimeout(c, c.Args[len(c.Args)-1])
	if !ok {
		return
	}
	keys := c.Args[1 : len(c.Args)-1]
	for _, key := range keys {
		en, l, ok := blockLookup(c, key)
		if !ok {
			return
		}
		if en == nil {
			continue
		}
		c.WriteArray(2)
		c.WriteBulk(key)
		listPopReply(c, key, en, l, left)
		c.PropagateAs([][]byte{[]byte(listPopCmd(left)), key})
		return
	}
	if !c.CanBlock() && !c.Retrying() {
		c.WriteNullArray()
		return
	}
	c.Block(keys, timeout, writeNullArray)
}

func writeNullArray(w Writer) { w.WriteNullArray() }

func writeNullBulk(w Writer) { w.WriteNull() }

// listPopCmd is the non-blocking pop a served blocking pop propagates as.
func listPopCmd(left bool) string {
	if left {
		return "LPOP"
	}
	return "RPOP"
}

// BLPOP key [key ...] timeout
func cmdBLPop(c *Ctx) { bpopGeneric(c, true) }

// BRPOP key [key ...] timeout
func cmdBRPop(c *Ctx) { bpopGeneric(c, false) }

// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
func cmdBLMPop(c *Ctx) {
	keys, left, count, ok := parseMPopArgs(c, 2)
	if !ok {
		return
	}
	timeout, ok := parseBlockTimeout(c, c.Args[1])
	if !ok {
		return
	}
	for _, key := range keys {
		en, l, ok := blockLookup(c, key)
		if !ok {
			return
		}
		if en == nil {
			continue
		}
		n := min(count, int64(l.Len()))
		listMPopReply(c, key, en, l, left, count)
		c.PropagateAs([][]byte{[]byte(listPopCmd(left)), key, strconv.AppendInt(nil, n, 10)})
		return
	}
	if !c.CanBlock() && !c.Retrying() {
		c.WriteNullArray()
		return
	}
	c.Block(keys, timeout, writeNullArray)
}

// blmoveGeneric implements BLMOVE and BRPOPLPUSH once the ends and the
// timeout are known.
func blmoveGeneric(c *Ctx, fromLeft, toLeft bool, timeout time.Duration, brpoplpush bool) {
	src, dst := c.Args[1], c.Args[2]
	en, l, ok := blockLookup(c, src)
	if !ok {
		return
	}
	// A destination of another type answers WRONGTYPE even to a parked
	// client, which is then released (Redis does the same).
	if en != nil {
		if listMoveReply(c, src, en, l, dst, fromLeft, toLeft) {
			if brpoplpush {
				c.PropagateAs([][]byte{[]byte("RPOPLPUSH"), src, dst})
			} else {
				c.PropagateAs([][]byte{[]byte("LMOVE"), src, dst, []byte(listEndWord(fromLeft)), []byte(listEndWord(toLeft))})
			}
		}
		return
	}
	if !c.CanBlock() && !c.Retrying() {
		c.WriteNull()
		return
	}
	c.Block(c.Args[1:2], timeout, writeNullBulk)
}

// listEndWord is LEFT or RIGHT, as LMOVE propagates them.
func listEndWord(left bool) string {
	if left {
		return "LEFT"
	}
	return "RIGHT"
}

// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
func cmdBLMove(c *Ctx) {
	from, to, ok := parseMoveEnds(c)
	if !ok {
		return
	}
	timeout, ok := parseBlockTimeout(c, c.Args[5])
	if !ok {
		return
	}
	blmoveGeneric(c, from, to, timeout, false)
}

// BRPOPLPUSH source destination timeout
func cmdBRPopLPush(c *Ctx) {
	timeout, ok := parseBlockTimeout(c, c.Args[3])
	if !ok {
		return
	}
	blmoveGeneric(c, false, true, timeout, true)
}
