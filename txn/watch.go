package txn

import "luakv/engine"

// watchedKey is one client's watch on a key of a database. It is listed
// both in the client's watched keys and in the registry under the key.
type watchedKey struct {
	db    int
	key   string
	owner *client
	// expired: the key was already expired when watched. Its reclaiming
	// (or a flush that drops it) is then no change, as in Redis 7.0.
	expired bool
}

// registry maps each database's watched keys to their watchers, in WATCH
// order (Redis's db->watched_keys). Databases are indexed by number, so a
// SWAPDB leaves the watches on the number, as Redis does.
type registry struct {
	dbs   []map[string][]*watchedKey
	count int // watches in all: a key modification costs nothing at zero
	// scratch collects the clients a touch makes dirty (reused).
	scratch []*client
}

func (r *registry) init(dbs int) { r.dbs = make([]map[string][]*watchedKey, dbs) }

// watch adds st's watch on key in db, unless it has it already.
func (t *Txn) watch(st *client, db *engine.DB, key []byte) {
	r := &t.reg
	m := r.dbs[db.ID]
	list := m[string(key)]
	// Look for an existing watch in the shorter of the two lists.
	if len(st.watched) < len(list) {
		for _, wk := range st.watched {
			if wk.db == db.ID && wk.key == string(key) {
				return
			}
		}
	} else {
		for _, wk := range list {
			if wk.owner == st {
				return
			}
		}
	}
	if m == nil {
		m = map[string][]*watchedKey{}
		r.dbs[db.ID] = m
	}
	var k string
	if len(list) > 0 {
		k = list[0].key // share the key's string with its other watchers
	} else {
		k = string(key)
	}
	wk := st.newWatchedKey()
	*wk = watchedKey{db: db.ID, key: k, owner: st, expired: db.KeyExpired(k)}
	m[k] = append(list, wk)
	st.watched = append(st.watched, wk)
	r.count++
}

// newWatchedKey returns a watch record, reusing one st gave up.
func (st *client) newWatchedKey() *watchedKey {
	if n := len(st.spare); n > 0 {
		wk := st.spare[n-1]
		st.spare = st.spare[:n-1]
		return wk
	}
	return new(watchedKey)
}

// unwatchAll drops all of st's watches (Redis's unwatchAllKeys; the dirty
// flag is the caller's business).
func (t *Txn) unwatchAll(st *client) {
	if len(st.watched) == 0 {
		return
	}
	r := &t.reg
	for _, wk := range st.watched {
		m := r.dbs[wk.db]
		list := m[wk.key]
		for i, x := range list {
			if x == wk {
				copy(list[i:], list[i+1:])
				list[len(list)-1] = nil
				list = list[:len(list)-1]
				break
			}
		}
		if len(list) == 0 {
			delete(m, wk.key)
		} else {
			m[wk.key] = list
		}
		r.count--
		if len(st.spare) < maxSpare {
			*wk = watchedKey{}
			st.spare = append(st.spare, wk)
		}
	}
	clear(st.watched)
	st.watched = st.watched[:0]
}

// maxSpare bounds the watch records a client keeps for reuse.
const maxSpare = 16

// watchedKeyExpired reports whether one of st's watched keys expired since
// it was watched, even if not reclaimed yet (Redis's isWatchedKeyExpired).
func (t *Txn) watchedKeyExpired(st *client) bool {
	for _, wk := range st.watched {
		if !wk.expired && t.e.DB(wk.db).KeyExpired(wk.key) {
			return true
		}
	}
	return false
}

// keyTouched is the key-modified hook (Redis's touchWatchedKey): every
// watcher of the key becomes dirty and stops watching, except watchers of a
// key that was expired when watched and is now gone, which merely forget
// that it was expired.
func (t *Txn) keyTouched(db *engine.DB, key string) {
	r := &t.reg
	if r.count == 0 {
		return
	}
	list := r.dbs[db.ID][key]
	if len(list) == 0 {
		return
	}
	dirty := r.scratch[:0]
	for _, wk := range list {
		if wk.expired {
			if !db.Contains(key) {
				wk.expired = false
				continue
			}
			// Redis 7.0 stops at a watcher of an expired key that still
			// exists, leaving it and the watchers after it untouched.
			break
		}
		dirty = append(dirty, wk.owner)
	}
	// Unwatching edits the list, so it waits until the walk is over.
	for i, st := range dirty {
		st.dirtyCAS = true
		t.unwatchAll(st)
		dirty[i] = nil
	}
	r.scratch = dirty[:0]
}

// dbFlushed is the flush hook, run before FLUSHDB, FLUSHALL or SWAPDB drops
// or replaces db's keys (Redis's touchAllWatchedKeysInDb). A watch is
// touched only if its key exists in db, or, for SWAPDB, in the database
// replacing it; expired keys count as described on watchedKey.
func (t *Txn) dbFlushed(db *engine.DB) {
	r := &t.reg
	if r.count == 0 || len(r.dbs[db.ID]) == 0 {
		return
	}
	with := t.e.SwapPeer(db)
	for key, list := range r.dbs[db.ID] {
		inDB := db.Contains(key)
		inWith := with != nil && with.Contains(key)
		if !inDB && !inWith {
			continue
		}
		for _, wk := range list {
			if wk.expired {
				if !inWith {
					// The expired key is dropped: no logical change.
					wk.expired = false
					continue
				}
				if with.KeyExpired(key) {
					continue // an expired key stays expired
				}
			} else if !inDB && with.KeyExpired(key) {
				// A missing key is replaced by an expired one.
				wk.expired = true
				continue
			}
			// Like Redis, the watches stay: the map is being walked.
			wk.owner.dirtyCAS = true
		}
	}
}

// WATCH key [key ...]: watch keys of the selected database for EXEC.
func (t *Txn) cmdWatch(c *engine.Ctx) {
	st := t.state(c.Client)
	if st.multi {
		c.Err(engine.ErrWatchInMulti)
		return
	}
	// A client already dirty fails EXEC anyway.
	if !st.dirtyCAS {
		for _, key := range c.Args[1:] {
			t.watch(st, c.DB, key)
		}
	}
	c.OK()
}

// UNWATCH: forget all watches and a changed watched key.
func (t *Txn) cmdUnwatch(c *engine.Ctx) {
	if st := t.stateOf(c.Client); st != nil {
		t.unwatchAll(st)
		st.dirtyCAS = false
	}
	c.OK()
}
