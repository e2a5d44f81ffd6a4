package engine

import "unsafe"

// DB is one numbered database: a dict of keys and, for keys with a time to
// live, their absolute expiry in Unix milliseconds.
//
// Every mutation goes through a DB method that calls the engine's key-modified
// hook, so WATCH, blocked clients and keyspace events see all of them.
type DB struct {
	ID      int
	keys    *dict
	expires map[string]int64 // key -> unix ms; keys share the entry's bytes
	e       *Engine
	// avgTTL is an estimate kept by the active expire cycle for INFO keyspace.
	avgTTL int64
}

func newDB(e *Engine, id int) *DB {
	return &DB{ID: id, keys: newDict(), expires: map[string]int64{}, e: e}
}

// bstr views b as a string without copying, for lookups that do not retain it.
func bstr(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// Len is the number of keys, expired-but-not-reclaimed ones included.
func (db *DB) Len() int { return db.keys.Len() }

// ExpiresLen is the number of keys with a time to live.
func (db *DB) ExpiresLen() int { return len(db.expires) }

// expiredAt reports whether key has a TTL that is due at now (ms). As in
// Redis's keyIsExpired, a key expires once now is past its expiry time: at
// exactly its expiry millisecond it is still live.
func (db *DB) expiredAt(key string, now int64) bool {
	if len(db.expires) == 0 {
		return false
	}
	t, ok := db.expires[key]
	return ok && now > t
}

// expireIfNeeded reclaims key if its TTL is due, the way Redis's lazy expiry
// does, and reports whether it did.
func (db *DB) expireIfNeeded(key string) bool {
	if len(db.expires) == 0 || !db.e.expireEnabled() {
		return false
	}
	now := db.e.Now()
	if !db.expiredAt(key, now) {
		return false
	}
	db.reclaimExpired(key)
	return true
}

// reclaimExpired deletes an expired key and reports it as Redis does: the
// key-modified hook, the "expired" event and the expired_keys counter.
func (db *DB) reclaimExpired(key string) {
	en := db.keys.Delete(key)
	delete(db.expires, key)
	if en == nil {
		return
	}
	db.e.stats.ExpiredKeys++
	// Reclaiming is not a change Redis counts (rdb_changes_since_last_save),
	// but it is one WATCH sees and an effect persistence records.
	dirty := db.e.stats.Dirty
	db.e.touch(db, en.key)
	db.e.stats.Dirty = dirty
	db.e.notify(db, NotifyExpired, "expired", en.key)
	db.e.propagateDeletion(db, en.key)
}

// Lookup returns the live entry of key for reading (updating its access
// time), or nil if it is missing or expired.
func (db *DB) Lookup(key []byte) *Entry {
	k := bstr(key)
	if db.expireIfNeeded(k) {
		db.keyMiss(k)
		return nil
	}
	en := db.keys.Find(k)
	if en == nil {
		db.keyMiss(k)
		return nil
	}
	db.e.stats.KeyspaceHits++
	db.access(en)
	return en
}

// access records a read or write access to en in its access field: the LRU
// clock, or under an LFU policy a counted access (lfu.go).
func (db *DB) access(en *Entry) {
	if db.e.Config.lfu {
		db.e.lfuAccess(en)
		return
	}
	en.lru = db.e.cachedLRU
}

// LookupWrite returns the live entry of key for writing, or nil. It does not
// count as a keyspace hit or miss, as in Redis.
func (db *DB) LookupWrite(key []byte) *Entry {
	k := bstr(key)
	if db.expireIfNeeded(k) {
		return nil
	}
	en := db.keys.Find(k)
	if en != nil {
		db.access(en)
	}
	return en
}

// Peek returns the live entry of key without touching stats or access time
// (EXISTS-like uses that Redis flags LOOKUP_NOTOUCH still count; see Exists).
func (db *DB) Peek(key []byte) *Entry {
	k := bstr(key)
	if db.expireIfNeeded(k) {
		return nil
	}
	return db.keys.Find(k)
}

// Exists reports whether key is live; it updates stats as Redis's EXISTS does.
func (db *DB) Exists(key []byte) bool {
	k := bstr(key)
	if db.expireIfNeeded(k) {
		db.keyMiss(k)
		return false
	}
	if db.keys.Find(k) == nil {
		db.keyMiss(k)
		return false
	}
	db.e.stats.KeyspaceHits++
	return true
}

// SetString stores a plain string value under key, replacing any value, and
// drops the TTL unless keepTTL. It calls the key-modified hook.
func (db *DB) SetString(key []byte, val []byte, keepTTL bool) {
	db.setString(key, val, keepTTL, false)
}

func (db *DB) setString(key []byte, val []byte, keepTTL, counted bool) {
	en := db.setEntry(key, keepTTL, counted)
	en.Str = string(val)
	en.Obj = nil
	db.e.touch(db, en.key)
}

// SetObject stores a non-string (or raw string) value under key, replacing
// any value and its TTL unless keepTTL. It calls the key-modified hook.
func (db *DB) SetObject(key []byte, obj any, keepTTL bool) *Entry {
	return db.setObject(key, obj, keepTTL, false)
}

func (db *DB) setObject(key []byte, obj any, keepTTL, counted bool) *Entry {
	en := db.setEntry(key, keepTTL, counted)
	en.Str = ""
	en.Obj = obj
	db.e.touch(db, en.key)
	return en
}

// setEntry returns key's entry for overwriting, creating it (with the "new"
// event, as Redis's dbAdd) when the key is missing or expired, and dropping
// its TTL unless keepTTL.
//
// Overwriting an existing key is an access to it, as in Redis, whose setKey
// looks the key up for writing and gives the new value the old one's LFU
// field; counted says the command already made that lookup itself
// (SETKEY_ALREADY_EXIST), so it is not counted twice. A new key starts with
// a fresh access field.
func (db *DB) setEntry(key []byte, keepTTL, counted bool) *Entry {
	k := bstr(key)
	en := db.keys.Find(k)
	if en != nil && db.expiredAt(k, db.e.Now()) {
		// An expired key being overwritten: Redis reclaims it first.
		db.reclaimExpired(k)
		en = nil
	}
	if en == nil {
		en = newKeyEntry(key)
		en.lru = db.e.newAccess()
		db.keys.Add(en)
		db.e.notify(db, NotifyNew, "new", en.key)
	} else {
		if !keepTTL && len(db.expires) > 0 {
			delete(db.expires, k)
		}
		if !counted {
			db.access(en)
		}
	}
	en.Raw = false
	return en
}

// Modified reports an in-place change of en's value to the key-modified hook.
// Handlers that mutate a value they looked up must call it.
func (db *DB) Modified(en *Entry) { db.e.touch(db, en.key) }

// Delete removes key and reports whether it was live.
func (db *DB) Delete(key []byte) bool {
	k := bstr(key)
	if db.expireIfNeeded(k) {
		return false
	}
	en := db.keys.Delete(k)
	if en == nil {
		return false
	}
	if len(db.expires) > 0 {
		delete(db.expires, k)
	}
	db.e.touch(db, en.key)
	return true
}

// Expire returns key's absolute expiry in ms, or -1 if it has none.
func (db *DB) Expire(key []byte) int64 {
	if t, ok := db.expires[bstr(key)]; ok {
		return t
	}
	return -1
}

// SetExpire sets the absolute expiry (unix ms) of the live key en.
func (db *DB) SetExpire(en *Entry, at int64) {
	db.expires[en.key] = at
	db.e.touch(db, en.key)
}

// Persist removes en's TTL and reports whether it had one.
func (db *DB) Persist(en *Entry) bool {
	if _, ok := db.expires[en.key]; !ok {
		return false
	}
	delete(db.expires, en.key)
	db.e.touch(db, en.key)
	return true
}

// Flush deletes every key and returns how many there were. The flush hook
// runs first, while the keys still exist, so watchers can tell which of
// their keys the flush changes.
func (db *DB) Flush() int {
	n := db.keys.Len()
	if n == 0 {
		return 0
	}
	db.e.touchAll(db)
	db.e.signalStreamsGone(db, nil)
	db.keys = newDict()
	db.expires = map[string]int64{}
	db.avgTTL = 0
	return n
}

// Scan runs one SCAN step from cursor and returns the next cursor.
func (db *DB) Scan(cursor uint64, fn func(*Entry)) uint64 { return db.keys.Scan(cursor, fn) }

// Random returns a random live key's entry, or nil when the database is empty.
// Expired keys it meets are reclaimed and it tries again. Only when expired
// keys cannot be reclaimed (expiry disabled) and every key has a TTL does it
// give up after a bounded number of tries and return a possibly expired key,
// as Redis does on replicas, to avoid looping forever.
func (db *DB) Random() *Entry {
	allVolatile := len(db.expires) == db.keys.Len()
	for tries := 1; ; tries++ {
		en := db.keys.Random()
		if en == nil {
			return nil
		}
		if _, ok := db.expires[en.key]; !ok {
			return en
		}
		if !db.e.expireEnabled() {
			if allVolatile && tries >= 100 || !db.IsExpired(en) {
				return en
			}
			continue
		}
		if !db.expireIfNeeded(en.key) {
			return en
		}
	}
}

// Each calls fn for every entry, expired ones included, until fn returns
// false. fn must not modify the database.
func (db *DB) Each(fn func(*Entry) bool) { db.keys.Each(fn) }

// IsExpired reports whether en's TTL is due (a key not yet reclaimed).
func (db *DB) IsExpired(en *Entry) bool { return db.expiredAt(en.key, db.e.Now()) }

// Rename moves the live entry of src to dst (replacing dst), keeping its TTL,
// and calls the hook for both keys.
func (db *DB) Rename(src, dst []byte) {
	s := bstr(src)
	en := db.keys.Delete(s)
	if en == nil {
		return
	}
	ttl, hasTTL := db.expires[s]
	delete(db.expires, s)
	db.e.touch(db, en.key)
	d := bstr(dst)
	if old := db.keys.Delete(d); old != nil {
		delete(db.expires, d)
	}
	en.key = string(dst)
	db.keys.Add(en)
	db.e.notify(db, NotifyNew, "new", en.key)
	if hasTTL {
		db.expires[en.key] = ttl
	}
	db.e.touch(db, en.key)
}

// MoveTo moves the live entry of key into other (where key must be absent),
// keeping its TTL, and calls the hook in both databases.
func (db *DB) MoveTo(other *DB, key []byte) bool {
	k := bstr(key)
	en := db.keys.Delete(k)
	if en == nil {
		return false
	}
	ttl, hasTTL := db.expires[k]
	delete(db.expires, k)
	db.e.touch(db, en.key)
	other.keys.Add(en)
	db.e.notify(other, NotifyNew, "new", en.key)
	if hasTTL {
		other.expires[en.key] = ttl
	}
	db.e.touch(other, en.key)
	return true
}

// AddEntry inserts a new entry for key (which must be absent) holding the
// given value, with an optional expiry (0 for none), and calls the hook and
// raises the "new" event, as Redis's dbAdd.
func (db *DB) AddEntry(key []byte, str string, obj any, expireAt int64) *Entry {
	en := newKeyEntry(key)
	en.Str, en.Obj, en.lru = str, obj, db.e.newAccess()
	db.keys.Add(en)
	db.e.notify(db, NotifyNew, "new", en.key)
	if expireAt > 0 {
		db.expires[en.key] = expireAt
	}
	db.e.touch(db, en.key)
	return en
}

// SwapDB exchanges the contents (keys, TTLs and the average TTL estimate) of
// databases a and b, as SWAPDB does; each DB keeps its ID, so clients stay on
// the index they selected. The flush hook runs for both first, while the old
// contents are still in place, because every key in both databases changes.
// a and b must be in range; swapping a database with itself does nothing.
func (e *Engine) SwapDB(a, b int) {
	if a == b {
		return
	}
	da, db := e.dbs[a], e.dbs[b]
	e.swapping = [2]*DB{da, db}
	e.touchAll(da)
	e.touchAll(db)
	e.swapping = [2]*DB{}
	e.signalStreamsGone(da, db)
	e.signalStreamsGone(db, da)
	da.keys, db.keys = db.keys, da.keys
	da.expires, db.expires = db.expires, da.expires
	da.avgTTL, db.avgTTL = db.avgTTL, da.avgTTL
	e.signalSwapped(da)
	e.signalSwapped(db)
}

// LookupNoTouch returns the live entry of key for reading without updating
// its access time, as Redis's LOOKUP_NOTOUCH lookups do (EXISTS, TYPE, TTL,
// SCAN's TYPE filter): it still reclaims an expired key, counts a keyspace
// hit or miss and raises "keymiss" on a miss.
func (db *DB) LookupNoTouch(key []byte) *Entry {
	k := bstr(key)
	if db.expireIfNeeded(k) {
		db.keyMiss(k)
		return nil
	}
	en := db.keys.Find(k)
	if en == nil {
		db.keyMiss(k)
		return nil
	}
	db.e.stats.KeyspaceHits++
	return en
}

// keyMiss accounts a read lookup that found nothing: the keyspace_misses
// counter and the "keymiss" event, as Redis's lookupKey does for reads.
func (db *DB) keyMiss(key string) {
	db.e.stats.KeyspaceMisses++
	db.e.notify(db, NotifyKeyMiss, "keymiss", key)
}

// LookupNoNotify is LookupNoTouch without the "keymiss" event on a miss
// (the hit and miss counters still move): OBJECT's lookup, as Redis's
// LOOKUP_NOTOUCH|LOOKUP_NONOTIFY.
func (db *DB) LookupNoNotify(key []byte) *Entry {
	k := bstr(key)
	var en *Entry
	if !db.expireIfNeeded(k) {
		en = db.keys.Find(k)
	}
	if en == nil {
		db.e.stats.KeyspaceMisses++
		return nil
	}
	db.e.stats.KeyspaceHits++
	return en
}

// Contains reports whether key is stored, expired or not, without reclaiming
// it or counting a hit or miss (Redis's dictFind on the keys: WATCH's
// bookkeeping of keys that were already expired when watched needs it).
func (db *DB) Contains(key string) bool { return db.keys.Find(key) != nil }

// KeyExpired reports whether key has a TTL that is due at the executor's
// clock, reclaimed or not yet (Redis's keyIsExpired).
func (db *DB) KeyExpired(key string) bool { return db.expiredAt(key, db.e.Now()) }

// SwapPeer returns, while the flush hook runs for a SWAPDB, the database
// whose contents replace db's; nil for FLUSHDB and FLUSHALL.
func (e *Engine) SwapPeer(db *DB) *DB {
	switch db {
	case nil:
		return nil
	case e.swapping[0]:
		return e.swapping[1]
	case e.swapping[1]:
		return e.swapping[0]
	}
	return nil
}

// SetStringFound is SetString for a key the command has just found with
// LookupWrite (Redis's setKey with SETKEY_ALREADY_EXIST): that lookup
// counted the access, so under an LFU policy the overwrite does not count
// it again. If the key is gone after all it is created as SetString would.
func (db *DB) SetStringFound(key []byte, val []byte, keepTTL bool) {
	db.setString(key, val, keepTTL, true)
}

// SetObjectFound is SetObject for a key the command has just found with
// LookupWrite; see SetStringFound.
func (db *DB) SetObjectFound(key []byte, obj any, keepTTL bool) *Entry {
	return db.setObject(key, obj, keepTTL, true)
}
