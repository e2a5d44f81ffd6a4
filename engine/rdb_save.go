package engine

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"luakv/engine/rdb"
)

// WriteRDB writes every database to w in Redis 7.0's RDB format, as
// rdbcompression and rdbchecksum ask. Collections use the plain encodings
// (a length, then elements; scores as binary doubles), which every Redis
// since 2.8 loads into whatever encoding its own limits choose. Keys are
// written with their expiry even when it has passed, as Redis does: the
// loader drops them.
func (e *Engine) WriteRDB(w io.Writer) error {
	r := e.registry()
	wr := rdb.NewWriter(w, r.Bool("rdbcompression"), r.Bool("rdbchecksum"))
	wr.Aux("redis-ver", RedisVersion)
	wr.Aux("redis-bits", "64")
	wr.Aux("ctime", strconv.FormatInt(time.Now().Unix(), 10))
	wr.Aux("used-mem", strconv.FormatInt(readGoMem().heapUsed, 10))
	wr.Aux("aof-base", "0")
	for _, db := range e.dbs {
		if db.Len() == 0 {
			continue
		}
		wr.SelectDB(db.ID, db.Len(), db.ExpiresLen())
		db.Each(func(en *Entry) bool {
			if at, ok := db.expires[en.key]; ok {
				wr.ExpireMs(at)
			}
			writeRDBValue(wr, en)
			return wr.Err() == nil
		})
		if wr.Err() != nil {
			break
		}
	}
	return wr.Close()
}

// writeRDBValue writes en's type, key and value.
func writeRDBValue(w *rdb.Writer, en *Entry) {
	key := keyView(en.key)
	switch v := en.Obj.(type) {
	case nil, *RawString:
		w.Byte(rdb.TypeString)
		w.String(key)
		w.String(en.StringBytes())
	case *List:
		w.Byte(rdb.TypeList)
		w.String(key)
		w.Len(uint64(v.Len()))
		v.Each(func(el []byte) bool { w.String(el); return true })
	case *Set:
		w.Byte(rdb.TypeSet)
		w.String(key)
		w.Len(uint64(v.Len()))
		v.Each(func(m []byte) bool { w.String(m); return true })
	case *hashPacked, *hashTable:
		w.Byte(rdb.TypeHash)
		w.String(key)
		w.Len(uint64(hashLen(v)))
		hashEach(v, func(f, val []byte) bool {
			w.String(f)
			w.String(val)
			return true
		})
	case *ZSet:
		w.Byte(rdb.TypeZSet2)
		w.String(key)
		w.Len(uint64(v.Len()))
		// Highest score first, as Redis writes: its loader then inserts
		// each member at the head of its skiplist.
		var it zIter
		v.iterRank(&it, 0, true)
		for m, s, ok := it.next(); ok; m, s, ok = it.next() {
			w.String(m)
			w.Double(s)
		}
	default:
		panic(fmt.Sprintf("rdb: no encoding for a %T value", en.Obj))
	}
}

// persistState is what INFO's persistence section reports about saving
// and loading.
type persistState struct {
	lastSaveFailed bool
	saves          int64 // successful saves since start
	loadedKeys     int64 // keys the last load added
	expiredKeys    int64 // keys the last load dropped as expired
}

// SaveRDB writes the dataset to path as SAVE does: into a temporary file
// in the same directory, synced, then renamed over path, so a crash leaves
// either the old file or the new one. On success the change counter
// restarts and LASTSAVE moves.
func (e *Engine) SaveRDB(path string) error {
	start := time.Now()
	err := writeFileAtomic(path, e.WriteRDB)
	st := &e.persist
	if err != nil {
		st.lastSaveFailed = true
		e.Log.Logf(LogWarning, "Failed saving the DB: %v", err)
		return err
	}
	e.stats.Dirty = 0
	e.lastSave = time.Now().Unix()
	st.lastSaveFailed = false
	st.saves++
	e.Log.Logf(LogNotice, "DB saved on disk (%.3f seconds)", time.Since(start).Seconds())
	return nil
}

// writeFileAtomic writes path's new content with write through a
// temporary file renamed over it once complete and synced.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp := filepath.Join(filepath.Dir(path), "temp-"+strconv.Itoa(os.Getpid())+".rdb")
	f, err := os.Create(tmp)
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
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
