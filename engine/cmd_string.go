package engine

import (
	"math"
	"strconv"
)

// String commands: GET, SET and its variants, MGET, MSET, the counters,
// APPEND, STRLEN, GETRANGE, SETRANGE, GETSET, GETDEL and GETEX. LCS is in
// lcs.go, the bitmap commands in cmd_bitmap.go.

// strFlags are the options of SET and GETEX.
type strFlags uint16

const (
	strNX strFlags = 1 << iota
	strXX
	strEX
	strPX
	strKeepTTL
	strGet
	strEXAT
	strPXAT
	strPersist

	strAnyExpire = strEX | strPX | strEXAT | strPXAT
)

// parseStringOptions parses SET's (forSet) or GETEX's options from
// c.Args[from:]: the flags, and the expire argument if one was given. Like
// Redis it accepts a repeated option but no conflicting one (NX with XX, or
// two different expiry forms), answering ERR syntax error.
func parseStringOptions(c *Ctx, from int, forSet bool) (strFlags, []byte, bool) {
	var flags strFlags
	var expire []byte
	args := c.Args
	for j := from; j < len(args); j++ {
		opt := args[j]
		hasNext := j+1 < len(args)
		switch {
		case forSet && strOpt(opt, "nx") && flags&strXX == 0:
			flags |= strNX
		case forSet && strOpt(opt, "xx") && flags&strNX == 0:
			flags |= strXX
		case forSet && strOpt(opt, "get"):
			flags |= strGet
		case forSet && strOpt(opt, "keepttl") && flags&(strPersist|strAnyExpire) == 0:
			flags |= strKeepTTL
		case !forSet && strOpt(opt, "persist") && flags&(strAnyExpire|strKeepTTL) == 0:
			flags |= strPersist
		case strOpt(opt, "ex") && hasNext && flags&(strKeepTTL|strPersist|strAnyExpire&^strEX) == 0:
			flags |= strEX
			expire = args[j+1]
			j++
		case strOpt(opt, "px") && hasNext && flags&(strKeepTTL|strPersist|strAnyExpire&^strPX) == 0:
			flags |= strPX
			expire = args[j+1]
			j++
		case strOpt(opt, "exat") && hasNext && flags&(strKeepTTL|strPersist|strAnyExpire&^strEXAT) == 0:
			flags |= strEXAT
			expire = args[j+1]
			j++
		case strOpt(opt, "pxat") && hasNext && flags&(strKeepTTL|strPersist|strAnyExpire&^strPXAT) == 0:
			flags |= strPXAT
			expire = args[j+1]
			j++
		default:
			c.Err(ErrSyntax)
			return 0, nil, false
		}
	}
	return flags, expire, true
}

// strExpireAt turns an expire argument into an absolute Unix time in ms: EX
// and EXAT count seconds, EX and PX are relative to now. Non-positive
// values and overflows are refused with the command's invalid-expire error.
func strExpireAt(c *Ctx, arg []byte, flags strFlags) (int64, bool) {
	ms, ok := parseInt(arg)
	if !ok {
		c.Err(ErrNotInteger)
		return 0, false
	}
	seconds := flags&(strEX|strEXAT) != 0
	if ms <= 0 || (seconds && ms > math.MaxInt64/1000) {
		c.Err(ErrInvalidExpireIn(c.Cmd.Name))
		return 0, false
	}
	if seconds {
		ms *= 1000
	}
	if flags&(strEX|strPX) != 0 {
		ms += c.E.Now() // wraps negative on overflow, caught below as in Redis
	}
	if ms <= 0 {
		c.Err(ErrInvalidExpireIn(c.Cmd.Name))
		return 0, false
	}
	return ms, true
}

// getStringReply replies the string value of c.Args[1] (or null) and returns
// false after replying WRONGTYPE.
func getStringReply(c *Ctx) bool {
	en, ok := c.lookupReadString(c.Args[1])
	if !ok {
		return false
	}
	if en == nil {
		c.WriteNull()
		return true
	}
	c.WriteBulk(en.StringBytes())
	return true
}

// GET key
func cmdGet(c *Ctx) { getStringReply(c) }

// SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ms-ts|KEEPTTL]
func cmdSet(c *Ctx) {
	if len(c.Args) == 3 {
		// The common case, kept free of option handling.
		c.DB.SetString(c.Args[1], c.Args[2], false)
		c.E.Notify(c.DB, NotifyString, "set", c.Args[1])
		c.OK()
		return
	}
	flags, expire, ok := parseStringOptions(c, 3, true)
	if !ok {
		return
	}
	setStringGeneric(c, flags, c.Args[2], expire, false)
}

// setStringGeneric implements SET, SETNX, SETEX and PSETEX for c.Args[1]. intReply
// selects SETNX's :1/:0 replies instead of +OK and null.
func setStringGeneric(c *Ctx, flags strFlags, val, expire []byte, intReply bool) {
	key := c.Args[1]
	var at int64
	if expire != nil {
		var ok bool
		if at, ok = strExpireAt(c, expire, flags); !ok {
			return
		}
	}
	if flags&strGet != 0 && !getStringReply(c) {
		return
	}
	found := false
	if flags&(strNX|strXX) != 0 {
		found = c.DB.LookupWrite(key) != nil
		if (flags&strNX != 0 && found) || (flags&strXX != 0 && !found) {
			if flags&strGet == 0 {
				if intReply {
					c.WriteInt(0)
				} else {
					c.WriteNull()
				}
			}
			return
		}
	}
	if found {
		// The lookup above counted the access (LFU).
		c.DB.SetStringFound(key, val, flags&strKeepTTL != 0)
	} else {
		c.DB.SetString(key, val, flags&strKeepTTL != 0)
	}
	c.E.Notify(c.DB, NotifyString, "set", key)
	if expire != nil {
		c.DB.SetExpire(c.DB.Peek(key), at)
		c.E.Notify(c.DB, NotifyGeneric, "expire", key)
	}
	if flags&strGet == 0 {
		if intReply {
			c.WriteInt(1)
		} else {
			c.OK()
		}
	}
}

// SETNX key value
func cmdSetnx(c *Ctx) { setStringGeneric(c, strNX, c.Args[2], nil, true) }

// SETEX key seconds value
func cmdSetex(c *Ctx) { setStringGeneric(c, strEX, c.Args[3], c.Args[2], false) }

// PSETEX key milliseconds value
func cmdPsetex(c *Ctx) { setStringGeneric(c, strPX, c.Args[3], c.Args[2], false) }

// GETEX key [EX s|PX ms|EXAT ts|PXAT ms-ts|PERSIST]
func cmdGetex(c *Ctx) {
	flags, expire, ok := parseStringOptions(c, 2, false)
	if !ok {
		return
	}
	key := c.Args[1]
	en, ok := c.lookupReadString(key)
	if !ok {
		return
	}
	if en == nil {
		c.WriteNull()
		return
	}
	var at int64
	if expire != nil {
		if at, ok = strExpireAt(c, expire, flags); !ok {
			return
		}
	}
	c.WriteBulk(en.StringBytes())
	switch {
	case flags&(strEXAT|strPXAT) != 0 && at <= c.E.Now():
		// An absolute time already past deletes the key.
		c.DB.Delete(key)
		c.E.Notify(c.DB, NotifyGeneric, "del", key)
	case expire != nil:
		c.DB.SetExpire(en, at)
		c.E.Notify(c.DB, NotifyGeneric, "expire", key)
	case flags&strPersist != 0:
		if c.DB.Persist(en) {
			c.E.Notify(c.DB, NotifyGeneric, "persist", key)
		}
	}
}

// GETDEL key
func cmdGetdel(c *Ctx) {
	if !getStringReply(c) {
		return
	}
	if c.DB.Delete(c.Args[1]) {
		c.E.Notify(c.DB, NotifyGeneric, "del", c.Args[1])
	}
}

// GETSET key value
func cmdGetset(c *Ctx) {
	if !getStringReply(c) {
		return
	}
	c.DB.SetString(c.Args[1], c.Args[2], false)
	c.E.Notify(c.DB, NotifyString, "set", c.Args[1])
}

// MGET key [key ...]: non-string values read as null.
func cmdMget(c *Ctx) {
	c.WriteArray(len(c.Args) - 1)
	for _, key := range c.Args[1:] {
		en := c.DB.Lookup(key)
		if en == nil || !en.IsString() {
			c.WriteNull()
			continue
		}
		c.WriteBulk(en.StringBytes())
	}
}

// MSET key value [key value ...]
func cmdMset(c *Ctx) { msetGeneric(c, false) }

// MSETNX key value [key value ...]
func cmdMsetnx(c *Ctx) { msetGeneric(c, true) }

func msetGeneric(c *Ctx, nx bool) {
	if len(c.Args)%2 == 0 {
		c.Err(ErrWrongArgs(c.Cmd.Name))
		return
	}
	if nx {
		for j := 1; j < len(c.Args); j += 2 {
			if c.DB.LookupWrite(c.Args[j]) != nil {
				c.WriteInt(0)
				return
			}
		}
	}
	for j := 1; j < len(c.Args); j += 2 {
		c.DB.SetString(c.Args[j], c.Args[j+1], false)
		c.E.Notify(c.DB, NotifyString, "set", c.Args[j])
	}
	if nx {
		c.WriteInt(1)
	} else {
		c.OK()
	}
}

// INCR key
func cmdIncr(c *Ctx) { incrDecr(c, 1) }

// DECR key
func cmdDecr(c *Ctx) { incrDecr(c, -1) }

// INCRBY key increment
func cmdIncrby(c *Ctx) {
	incr, ok := parseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	incrDecr(c, incr)
}

// DECRBY key decrement
func cmdDecrby(c *Ctx) {
	incr, ok := parseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	if incr == math.MinInt64 {
		c.Err(ErrDecrOverflow)
		return
	}
	incrDecr(c, -incr)
}

// counterCap is the buffer a counter keeps: room for any int64 in decimal.
const counterCap = 20

// counter is a RawString allocated with its buffer: INCR reads and rewrites
// both, and in one allocation they share cache lines (one miss, not two).
type counter struct {
	r   RawString
	buf [counterCap]byte
}

// newCounter returns an empty RawString with room for any int64.
func newCounter() *RawString {
	c := new(counter)
	c.r.B = c.buf[:0]
	return &c.r
}

// incrDecr adds incr to the integer in c.Args[1]. The result is written into
// the key's mutable buffer in place, so a counter allocates only on its
// first increment. The TTL is kept.
func incrDecr(c *Ctx, incr int64) {
	key := c.Args[1]
	en, ok := c.lookupWriteString(key)
	if !ok {
		return
	}
	var old int64
	if en != nil {
		if old, ok = parseInt(en.StringBytes()); !ok {
			c.Err(ErrNotInteger)
			return
		}
	}
	if (incr < 0 && old < 0 && incr < math.MinInt64-old) ||
		(incr > 0 && old > 0 && incr > math.MaxInt64-old) {
		c.Err(ErrOverflow)
		return
	}
	v := old + incr
	if en == nil {
		r := newCounter()
		r.B, r.enc = strconv.AppendInt(r.B, v, 10), encInt
		c.DB.SetObject(key, r, false)
	} else {
		r, isRaw := en.Obj.(*RawString)
		if !isRaw || cap(r.B) < counterCap || cap(r.B) > 4*counterCap {
			r = newCounter()
			en.Obj, en.Str, en.Raw = r, "", false
		}
		r.B = strconv.AppendInt(r.B[:0], v, 10)
		r.enc = encInt
		c.DB.Modified(en)
	}
	c.E.Notify(c.DB, NotifyString, "incrby", key)
	c.WriteInt(v)
}

// INCRBYFLOAT key increment, computed in emulated x87 long double as Redis
// computes it. The TTL is kept.
func cmdIncrbyfloat(c *Ctx) {
	key := c.Args[1]
	en, ok := c.lookupWriteString(key)
	if !ok {
		return
	}
	var cur ldouble
	if en != nil {
		if cur, ok = parseLongDouble(en.StringBytes()); !ok {
			c.Err(ErrNotFloat)
			return
		}
	}
	incr, ok := parseLongDouble(c.Args[2])
	if !ok {
		c.Err(ErrNotFloat)
		return
	}
	sum, ok := addLD(cur, incr)
	if !ok {
		c.Err(ErrIncrNaNInf)
		return
	}
	out := appendHumanLD(nil, sum)
	// An existing key's access was counted by the lookup above (LFU).
	if _, isInt := parseInt(out); isInt && len(out) <= 20 {
		// Redis stores the printed result as a plain string, so it reports
		// embstr even when the result reads as an integer.
		r := &RawString{B: out, enc: encEmbstr}
		if en != nil {
			c.DB.SetObjectFound(key, r, true)
		} else {
			c.DB.SetObject(key, r, true)
		}
	} else if en != nil {
		c.DB.SetStringFound(key, out, true)
	} else {
		c.DB.SetString(key, out, true)
	}
	c.E.Notify(c.DB, NotifyString, "incrbyfloat", key)
	c.WriteBulk(out)
}

// APPEND key value
func cmdAppend(c *Ctx) {
	key, app := c.Args[1], c.Args[2]
	en, ok := c.lookupWriteString(key)
	if !ok {
		return
	}
	var n int
	if en == nil {
		c.DB.SetString(key, app, false)
		n = len(app)
	} else {
		cur := len(en.StringBytes())
		if !checkStringLength(c, int64(cur), int64(len(app))) {
			return
		}
		r := toRawString(en, len(app))
		r.enc = encRaw
		r.B = append(r.B, app...)
		n = len(r.B)
		c.DB.Modified(en)
	}
	c.E.Notify(c.DB, NotifyString, "append", key)
	c.WriteInt(int64(n))
}

// STRLEN key
func cmdStrlen(c *Ctx) {
	en, ok := c.lookupReadString(c.Args[1])
	if !ok {
		return
	}
	if en == nil {
		c.WriteInt(0)
		return
	}
	c.WriteInt(int64(len(en.StringBytes())))
}

// GETRANGE key start end (and its old name SUBSTR).
func cmdGetrange(c *Ctx) {
	start, ok := parseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	end, ok := parseInt(c.Args[3])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	en, ok := c.lookupReadString(c.Args[1])
	if !ok {
		return
	}
	if en == nil {
		c.WriteBulk(nil)
		return
	}
	s := en.StringBytes()
	n := int64(len(s))
	if start < 0 && end < 0 && start > end {
		c.WriteBulk(nil)
		return
	}
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	start, end = max(start, 0), max(end, 0)
	if end >= n {
		end = n - 1
	}
	if start > end || n == 0 {
		c.WriteBulk(nil)
		return
	}
	c.WriteBulk(s[start : end+1])
}

// SETRANGE key offset value
func cmdSetrange(c *Ctx) {
	key, val := c.Args[1], c.Args[3]
	offset, ok := parseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	if offset < 0 {
		c.Err(ErrOffsetOutOfRange)
		return
	}
	en, ok := c.lookupWriteString(key)
	if !ok {
		return
	}
	if en == nil {
		if len(val) == 0 {
			c.WriteInt(0)
			return
		}
		if !checkStringLength(c, offset, int64(len(val))) {
			return
		}
		b := make([]byte, int(offset)+len(val))
		copy(b[offset:], val)
		c.DB.SetObject(key, &RawString{B: b}, false)
		c.E.Notify(c.DB, NotifyString, "setrange", key)
		c.WriteInt(int64(len(b)))
		return
	}
	if len(val) == 0 {
		c.WriteInt(int64(len(en.StringBytes())))
		return
	}
	if !checkStringLength(c, offset, int64(len(val))) {
		return
	}
	r := toRawString(en, 0)
	r.enc = encRaw
	r.growZero(int(offset) + len(val))
	copy(r.B[offset:], val)
	c.DB.Modified(en)
	c.E.Notify(c.DB, NotifyString, "setrange", key)
	c.WriteInt(int64(len(r.B)))
}
