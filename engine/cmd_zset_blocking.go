package engine

// Blocking sorted set pops: BZPOPMIN, BZPOPMAX and BZMPOP. Like the
// blocking list pops (cmd_list_blocking.go) they serve at once when a key
// holds a sorted set, answer with the timeout reply where blocking is not
// allowed (MULTI/EXEC, scripts), and otherwise park the client; a retried
// pop is served only from the key that became ready, and a key that became
// another type leaves it parked.

// bzServe pops for a blocking sorted set command and reports whether it
// replied (a pop, or WRONGTYPE on a first call).
func bzServe(c *Ctx, keys [][]byte, max bool, count int64, shape ZPopShape) bool {
	if !c.Retrying() {
		return ZSetPopFirst(c, keys, max, count, shape)
	}
	key := []byte(c.retryKey())
	en := c.DB.LookupWrite(key)
	if en == nil || !en.IsZSet() {
		return false
	}
	ZSetPop(c, key, en, max, count, shape)
	return true
}

// bzpopGeneric implements BZPOPMIN and BZPOPMAX: key [key ...] timeout.
func bzpopGeneric(c *Ctx, max bool) {
	timeout, ok := parseBlockTimeout(c, c.Args[len(c.Args)-1])
	if !ok {
		return
	}
	keys := c.Args[1 : len(c.Args)-1]
	if bzServe(c, keys, max, -1, ZPopShape{EmitKey: true}) {
		return
	}
	if !c.CanBlock() && !c.Retrying() {
		c.WriteNullArray()
		return
	}
	c.Block(keys, timeout, writeNullArray)
}

// BZPOPMIN key [key ...] timeout
func cmdBZPopMin(c *Ctx) { bzpopGeneric(c, false) }

// BZPOPMAX key [key ...] timeout
func cmdBZPopMax(c *Ctx) { bzpopGeneric(c, true) }

// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]. The other
// arguments are checked before the timeout, as Redis does.
func cmdBZMPop(c *Ctx) {
	keys, max, count, ok := ParseZMPop(c, 2)
	if !ok {
		return
	}
	timeout, ok := parseBlockTimeout(c, c.Args[1])
	if !ok {
		return
	}
	if bzServe(c, keys, max, count, ZPopShape{EmitKey: true, Nested: true}) {
		return
	}
	if !c.CanBlock() && !c.Retrying() {
		c.WriteNullArray()
		return
	}
	c.Block(keys, timeout, writeNullArray)
}
