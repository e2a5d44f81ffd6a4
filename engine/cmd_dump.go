package engine

import (
	"bytes"
	"encoding/binary"
	"strconv"

	"luakv/engine/rdb"
)

// DUMP and RESTORE: a value serialized as in the RDB file (its type byte
// and body), followed by the RDB version (2 bytes) and a CRC-64 of all that
// (8 bytes), both little-endian. luakv writes collections in the plain RDB
// forms, which every Redis since 2.8 restores, and restores every form
// Redis 7.0 dumps.

// dumpPayload serializes en's value as DUMP does.
func (e *Engine) dumpPayload(en *Entry) []byte {
	var buf bytes.Buffer
	w := rdb.NewValueWriter(&buf, e.registry().Bool("rdbcompression"))
	w.Byte(rdbType(en.Obj))
	writeRDBObject(w, en.Str, en.Obj)
	w.Flush()
	b := binary.LittleEndian.AppendUint16(buf.Bytes(), rdb.Version)
	return binary.LittleEndian.AppendUint64(b, rdb.CRC64(0, b))
}

// DUMP key
func cmdDump(c *Ctx) {
	en := c.DB.Lookup(c.Args[1])
	if en == nil {
		c.WriteNull()
		return
	}
	c.WriteBulk(c.E.dumpPayload(en))
}

// checkDumpPayload verifies a payload's footer: a version this server
// reads and the checksum (verifyDumpPayload).
func checkDumpPayload(p []byte) bool {
	if len(p) < 10 {
		return false
	}
	footer := p[len(p)-10:]
	if binary.LittleEndian.Uint16(footer) > rdb.Version {
		return false
	}
	return rdb.CRC64(0, p[:len(p)-8]) == binary.LittleEndian.Uint64(footer[2:])
}

// RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
func cmdRestore(c *Ctx) {
	args := c.Args
	replace, absTTL := false, false
	freq, idle := int64(-1), int64(-1)
	for j := 4; j < len(args); j++ {
		more := len(args) - j - 1
		opt := cstrBytes(args[j])
		switch {
		case EqualFold(opt, "replace"):
			replace = true
		case EqualFold(opt, "absttl"):
			absTTL = true
		case EqualFold(opt, "idletime") && more >= 1 && freq == -1:
			n, ok := c.intArg(args[j+1])
			if !ok {
				return
			}
			if n < 0 {
				c.Err(ErrRestoreIdletime)
				return
			}
			idle = n
			j++
		case EqualFold(opt, "freq") && more >= 1 && idle == -1:
			n, ok := c.intArg(args[j+1])
			if !ok {
				return
			}
			if n < 0 || n > 255 {
				c.Err(ErrRestoreFreq)
				return
			}
			freq = n
			j++
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	key := args[1]
	if !replace && c.DB.LookupWrite(key) != nil {
		c.Err(ErrBusyKey)
		return
	}
	ttl, ok := c.intArg(args[2])
	if !ok {
		return
	}
	if ttl < 0 {
		c.Err(ErrRestoreTTL)
		return
	}
	payload := args[3]
	if !checkDumpPayload(payload) {
		c.Err(ErrRestorePayload)
		return
	}
	str, obj, ok := c.E.restoreValue(payload[:len(payload)-10])
	if !ok {
		c.Err(ErrRestoreBadData)
		return
	}
	deleted := replace && c.DB.Delete(key)
	now := c.E.Now()
	if ttl > 0 && !absTTL {
		ttl += now
	}
	if ttl > 0 && ttl <= now {
		// Already expired: nothing is added; a replaced key is gone.
		if deleted {
			c.PropagateAs([][]byte{[]byte("DEL"), key})
			c.E.Notify(c.DB, NotifyGeneric, "del", key)
		}
		c.OK()
		return
	}
	en := c.DB.AddEntry(key, str, obj, ttl)
	if ttl > 0 && !absTTL && c.E.propagating() {
		prop := append(append([][]byte(nil), args...), []byte("ABSTTL"))
		prop[2] = strconv.AppendInt(nil, ttl, 10)
		c.PropagateAs(prop)
	}
	c.E.setAccess(en, freq, idle)
	c.E.Notify(c.DB, NotifyGeneric, "restore", key)
	c.OK()
}

// restoreValue reads a payload's value (its footer removed): ok is false
// for a payload that does not hold one well-formed, non-empty value.
func (e *Engine) restoreValue(body []byte) (str string, obj any, ok bool) {
	if len(body) == 0 {
		return "", nil, false
	}
	l := &rdbLoader{e: e, r: rdb.NewValueReader(bytes.NewReader(body[1:]), rdb.Version)}
	str, obj, err := l.value(body[0])
	if err != nil {
		return "", nil, false
	}
	if _, isStream := obj.(*Stream); obj != nil && !isStream && collectionLen(obj) == 0 {
		return "", nil, false
	}
	return str, obj, true
}

// setAccess applies RESTORE's FREQ (under an LFU policy) or IDLETIME (under
// any other) to a restored key, as Redis's objectSetLRUOrLFU.
func (e *Engine) setAccess(en *Entry, freq, idle int64) {
	switch {
	case e.Config.lfu:
		if freq >= 0 {
			en.lru = e.lfuMinutes()<<8 | uint32(freq)
		}
	case idle >= 0:
		clock := int64(e.cachedLRU)
		abs := clock - idle
		if abs < 0 {
			abs = (clock + lruClockMax/2) % lruClockMax
		}
		en.lru = uint32(abs)
	}
}
