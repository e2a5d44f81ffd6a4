package engine

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"luakv/engine/rdb"
)

// writeRDB writes every database to w in Redis 7.0's RDB format, as
// rdbcompression and rdbchecksum ask. It runs inside the executor (SAVE);
// BGSAVE writes a snapshot instead (rdb_bgsave.go).
func (e *Engine) writeRDB(w io.Writer) error {
	return e.dataset(false).write(w)
}

// rdbDataset is what a save writes: the settings and, per non-empty
// database, either the live keys (read inside the executor) or copies
// taken at one instant (a background save's snapshot).
type rdbDataset struct {
	stop               *atomic.Bool // set: the save was dropped, give up
	keyDelay           int64        // rdb-key-save-delay
	compress, checksum bool
	usedMem            int64
	dbs                []rdbDB
}

type rdbDB struct {
	id, keys, expires int
	live              *DB      // read in place, or
	snap              []rdbKey // copied
}

// rdbKey is one key of a snapshot: its name, its value (str for a plain
// string, else obj, a copy) and its expiry (0 for none).
type rdbKey struct {
	key, str string
	obj      any
	expireAt int64
}

// dataset prepares a save of every database: copies of every value when
// snapshot is set (the copies are the background writer's alone), the
// live databases otherwise.
func (e *Engine) dataset(snapshot bool) *rdbDataset {
	r := e.registry()
	d := &rdbDataset{compress: r.Bool("rdbcompression"), checksum: r.Bool("rdbchecksum"), usedMem: readGoMem().heapUsed,
		keyDelay: e.Config.RDBKeySaveDelay}
	for _, db := range e.dbs {
		if db.Len() == 0 {
			continue
		}
		rd := rdbDB{id: db.ID, keys: db.Len(), expires: db.ExpiresLen()}
		if !snapshot {
			rd.live = db
		} else {
			rd.snap = make([]rdbKey, 0, db.Len())
			expires := len(db.expires) > 0
			db.Each(func(en *Entry) bool {
				str, obj, ok := copyValue(en)
				if !ok {
					panic(fmt.Sprintf("rdb: cannot copy a %T value", en.Obj))
				}
				k := rdbKey{key: en.key, str: str, obj: obj}
				if expires {
					k.expireAt = db.expires[en.key]
				}
				rd.snap = append(rd.snap, k)
				return true
			})
		}
		d.dbs = append(d.dbs, rd)
	}
	return d
}

// write writes the dataset as an RDB stream. Collections use the plain
// encodings (a length, then elements; scores as binary doubles), which
// every Redis since 2.8 loads into whatever encoding its own limits
// choose. Keys are written with their expiry even when it has passed, as
// Redis does: the loader drops them.
func (d *rdbDataset) write(w io.Writer) error {
	wr := rdb.NewWriter(w, d.compress, d.checksum)
	wr.Aux("redis-ver", RedisVersion)
	wr.Aux("redis-bits", "64")
	wr.Aux("ctime", strconv.FormatInt(time.Now().Unix(), 10))
	wr.Aux("used-mem", strconv.FormatInt(d.usedMem, 10))
	wr.Aux("aof-base", "0")
	for _, db := range d.dbs {
		wr.SelectDB(db.id, db.keys, db.expires)
		put := func(key, str string, obj any, expireAt int64) bool {
			if expireAt != 0 {
				wr.ExpireMs(expireAt)
			}
			writeRDBValue(wr, keyView(key), str, obj)
			if d.keyDelay != 0 {
				debugDelay(d.keyDelay)
			}
			if d.stop != nil && d.stop.Load() {
				return false
			}
			return wr.Err() == nil
		}
		if db.live != nil {
			expires := db.live.expires
			db.live.Each(func(en *Entry) bool {
				var at int64
				if len(expires) > 0 {
					at = expires[en.key]
				}
				return put(en.key, en.Str, en.Obj, at)
			})
		}
		for _, k := range db.snap {
			if !put(k.key, k.str, k.obj, k.expireAt) {
				break
			}
		}
		if wr.Err() != nil || d.stop != nil && d.stop.Load() {
			break
		}
	}
	if d.stop != nil && d.stop.Load() {
		return errBGSaveDropped
	}
	return wr.Close()
}

// writeRDBValue writes one key: type, name and value (str for a plain
// string, else obj).
func writeRDBValue(w *rdb.Writer, key []byte, str string, obj any) {
	w.Byte(rdbType(obj))
	w.String(key)
	writeRDBObject(w, str, obj)
}

// rdbType is the type byte a value is written with.
func rdbType(obj any) byte {
	switch obj.(type) {
	case nil, *RawString:
		return rdb.TypeString
	case *List:
		return rdb.TypeList
	case *Set:
		return rdb.TypeSet
	case *hashPacked, *hashTable:
		return rdb.TypeHash
	case *ZSet:
		return rdb.TypeZSet2
	case *Stream:
		return rdb.TypeStreamListpack2
	}
	panic(fmt.Sprintf("rdb: no encoding for a %T value", obj))
}

// writeRDBObject writes a value (str for a plain string, else obj) in the
// form rdbType names.
func writeRDBObject(w *rdb.Writer, str string, obj any) {
	switch v := obj.(type) {
	case nil:
		w.String(keyView(str))
	case *RawString:
		w.String(v.B)
	case *List:
		w.Len(uint64(v.Len()))
		v.Each(func(el []byte) bool { w.String(el); return true })
	case *Set:
		w.Len(uint64(v.Len()))
		v.Each(func(m []byte) bool { w.String(m); return true })
	case *hashPacked, *hashTable:
		w.Len(uint64(hashLen(v)))
		hashEach(v, func(f, val []byte) bool {
			w.String(f)
			w.String(val)
			return true
		})
	case *ZSet:
		w.Len(uint64(v.Len()))
		// Highest score first, as Redis writes: its loader then inserts
		// each member at the head of its skiplist.
		var it zIter
		v.iterRank(&it, 0, true)
		for m, s, ok := it.next(); ok; m, s, ok = it.next() {
			w.String(m)
			w.Double(s)
		}
	case *Stream:
		writeRDBStream(w, v)
	}
}

// persistState is what INFO's persistence section reports about saving
// and loading, and the background save (rdb_bgsave.go).
type persistState struct {
	lastSaveFailed bool  // the last background save failed (rdb_last_bgsave_status)
	saves          int64 // SAVE and BGSAVE runs since start (rdb_saves)
	loadedKeys     int64 // keys the last load added
	expiredKeys    int64 // keys the last load dropped as expired
	bg             bgsaveState
}

// saveRDB writes the dataset to path in the foreground, as SAVE does: into
// a temporary file in the same directory, synced, then renamed over path,
// so a crash leaves either the old file or the new one. On success the
// change counter restarts and LASTSAVE moves; a failure is logged and
// returned.
func (e *Engine) saveRDB(path string) error {
	tmp := filepath.Join(filepath.Dir(path), "temp-"+strconv.Itoa(os.Getpid())+".rdb")
	err := writeFileSynced(tmp, e.writeRDB)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		e.Log.Logf(LogWarning, "Write error saving DB on disk: %v", err)
		return err
	}
	e.Log.Logf(LogNotice, "DB saved on disk")
	e.stats.Dirty = 0
	e.lastSave = time.Now().Unix()
	e.persist.lastSaveFailed = false
	return nil
}

// writeFileSynced creates path, fills it with write and syncs it to disk.
func writeFileSynced(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
