package engine

import "math"

// The expire family: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL,
// EXPIRETIME, PEXPIRETIME and PERSIST.

// Conditions EXPIRE and friends accept after the time.
const (
	expireNX = 1 << iota // only if the key has no TTL
	expireXX             // only if the key has a TTL
	expireGT             // only if the new expiry is later (no TTL counts as infinite)
	expireLT             // only if the new expiry is earlier
)

// EXPIRE key seconds [NX|XX|GT|LT].
func cmdExpire(c *Ctx) { expireKey(c, c.E.Now(), 1000) }

// PEXPIRE key milliseconds [NX|XX|GT|LT].
func cmdPExpire(c *Ctx) { expireKey(c, c.E.Now(), 1) }

// EXPIREAT key unix-time-seconds [NX|XX|GT|LT].
func cmdExpireAt(c *Ctx) { expireKey(c, 0, 1000) }

// PEXPIREAT key unix-time-milliseconds [NX|XX|GT|LT].
func cmdPExpireAt(c *Ctx) { expireKey(c, 0, 1) }

// parseExpireFlags reads the NX/XX/GT/LT words after the time, writing the
// error reply and returning false when they are unknown or conflict.
func parseExpireFlags(c *Ctx) (int, bool) {
	flags := 0
	for _, opt := range c.Args[3:] {
		switch {
		case EqualFold(opt, "nx"):
			flags |= expireNX
		case EqualFold(opt, "xx"):
			flags |= expireXX
		case EqualFold(opt, "gt"):
			flags |= expireGT
		case EqualFold(opt, "lt"):
			flags |= expireLT
		default:
			c.Err(ErrUnsupportedOption(opt))
			return 0, false
		}
	}
	if flags&expireNX != 0 && flags&(expireXX|expireGT|expireLT) != 0 {
		c.Err(ErrExpireNXConflict)
		return 0, false
	}
	if flags&expireGT != 0 && flags&expireLT != 0 {
		c.Err(ErrExpireGTLT)
		return 0, false
	}
	return flags, true
}

// expireKey sets key's expiry to base + time*unit milliseconds. An expiry
// that is already due deletes the key (and still replies 1), as Redis does on
// a master.
func expireKey(c *Ctx, base, unit int64) {
	flags, ok := parseExpireFlags(c)
	if !ok {
		return
	}
	when, ok := parseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	// Negative times are allowed; only overflow is an error.
	if unit != 1 {
		if when > math.MaxInt64/unit || when < math.MinInt64/unit {
			c.Err(ErrInvalidExpireIn(c.Cmd.Name))
			return
		}
		when *= unit
	}
	if when > math.MaxInt64-base {
		c.Err(ErrInvalidExpireIn(c.Cmd.Name))
		return
	}
	when += base

	key := c.Args[1]
	en := c.DB.LookupWrite(key)
	if en == nil || !expireAllowed(flags, c.DB.Expire(key), when) {
		c.WriteInt(0)
		return
	}
	if when <= c.E.Now() {
		c.DB.Delete(key)
		c.E.Notify(c.DB, NotifyGeneric, "del", key)
		c.WriteInt(1)
		return
	}
	c.DB.SetExpire(en, when)
	c.E.Notify(c.DB, NotifyGeneric, "expire", key)
	c.WriteInt(1)
}

// expireAllowed applies the NX/XX/GT/LT conditions to a key whose current
// expiry is cur (-1 for none). No TTL counts as an infinite one: GT always
// fails on it and LT always passes.
func expireAllowed(flags int, cur, when int64) bool {
	switch {
	case flags&expireNX != 0 && cur != -1:
		return false
	case flags&expireXX != 0 && cur == -1:
		return false
	case flags&expireGT != 0 && (cur == -1 || when <= cur):
		return false
	case flags&expireLT != 0 && cur != -1 && when >= cur:
		return false
	}
	return true
}

// TTL key: seconds to live, rounded; -1 without a TTL, -2 when missing.
func cmdTTL(c *Ctx) { replyTTL(c, false, false) }

// PTTL key: milliseconds to live; -1 without a TTL, -2 when missing.
func cmdPTTL(c *Ctx) { replyTTL(c, true, false) }

// EXPIRETIME key: the absolute expiry in Unix seconds, rounded.
func cmdExpireTime(c *Ctx) { replyTTL(c, false, true) }

// PEXPIRETIME key: the absolute expiry in Unix milliseconds.
func cmdPExpireTime(c *Ctx) { replyTTL(c, true, true) }

func replyTTL(c *Ctx, ms, abs bool) {
	key := c.Args[1]
	if c.DB.LookupNoTouch(key) == nil {
		c.WriteInt(-2)
		return
	}
	at := c.DB.Expire(key)
	if at == -1 {
		c.WriteInt(-1)
		return
	}
	ttl := at
	if !abs {
		ttl = at - c.E.Now()
	}
	ttl = max(ttl, 0)
	if ms {
		c.WriteInt(ttl)
		return
	}
	// Round to the nearest second. ttl is not negative, so the sum is taken
	// unsigned: it cannot overflow even for the largest expiry.
	c.WriteInt(int64((uint64(ttl) + 500) / 1000))
}

// PERSIST key: removes the TTL; 1 if there was one.
func cmdPersist(c *Ctx) {
	key := c.Args[1]
	en := c.DB.LookupWrite(key)
	if en == nil || !c.DB.Persist(en) {
		c.WriteInt(0)
		return
	}
	c.E.Notify(c.DB, NotifyGeneric, "persist", key)
	c.WriteInt(1)
}
