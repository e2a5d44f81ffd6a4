package txn

// Test access to the watch registry (for the external tests, which build
// the engine the way the server does).

// WatchCount is the number of watches in all.
func (t *Txn) WatchCount() int { return t.reg.count }

// Watchers is the number of clients watching key in database db.
func (t *Txn) Watchers(db int, key string) int { return len(t.reg.dbs[db][key]) }

// WatchedKeys is the number of distinct keys watched in database db.
func (t *Txn) WatchedKeys(db int) int { return len(t.reg.dbs[db]) }
