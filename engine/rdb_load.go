package engine

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"time"

	"luakv/engine/rdb"
)

// errDuplicate is a collection member the file holds twice.
var errDuplicate = fmt.Errorf("%w: duplicate member", rdb.ErrCorrupt)

// LoadRDB adds the keys of the RDB file at path to the databases, as Redis
// loads its dump at startup and in DEBUG RELOAD. A key that already exists
// is an error unless merge is set (DEBUG RELOAD MERGE), when the file's
// value replaces it. Keys whose expiry has passed are dropped. A missing
// file is reported as such (os.ErrNotExist) with nothing loaded.
func (e *Engine) LoadRDB(path string, merge bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	start := time.Now()
	if err := e.readRDB(f, merge); err != nil {
		return err
	}
	e.Log.Logf(LogNotice, "Done loading RDB, keys loaded: %d, keys expired: %d.",
		e.persist.loadedKeys, e.persist.expiredKeys)
	e.Log.Logf(LogNotice, "DB loaded from disk: %.3f seconds", time.Since(start).Seconds())
	return nil
}

// readRDB adds the keys of the RDB stream r to the databases (see LoadRDB).
func (e *Engine) readRDB(r io.Reader, merge bool) error {
	rd, err := rdb.NewReader(r)
	if err != nil {
		return err
	}
	l := rdbLoader{e: e, r: rd, db: e.dbs[0], merge: merge, now: time.Now().UnixMilli()}
	err = l.run()
	e.persist.loadedKeys, e.persist.expiredKeys = l.loaded, l.expired
	return err
}

// debugDelay pauses usec microseconds (rdb-key-save-delay, key-load-delay);
// a negative value pauses one microsecond with a chance of one in -usec,
// as Redis's debugDelay makes pauses shorter than a sleep can be.
func debugDelay(usec int64) {
	if usec < 0 {
		if rand.Int64N(-usec) != 0 {
			return
		}
		usec = 1
	}
	time.Sleep(time.Duration(usec) * time.Microsecond)
}

// rdbLoader is one load in progress.
type rdbLoader struct {
	e               *Engine
	r               *rdb.Reader
	db              *DB
	merge           bool
	now             int64
	loaded, expired int64
}

func (l *rdbLoader) run() error {
	expireAt := int64(-1)
	for {
		t, err := l.r.Byte()
		if err != nil {
			return err
		}
		switch t {
		case rdb.OpEOF:
			return l.r.Checksum()
		case rdb.OpExpireTimeMs:
			if expireAt, err = l.r.Millis(); err != nil {
				return err
			}
			continue
		case rdb.OpExpireTime:
			s, err := l.r.Seconds()
			if err != nil {
				return err
			}
			expireAt = s * 1000
			continue
		case rdb.OpIdle: // LRU idle time: luakv's clock starts afresh
			if _, err := l.r.Len(); err != nil {
				return err
			}
			continue
		case rdb.OpFreq: // LFU counter: likewise
			if _, err := l.r.Byte(); err != nil {
				return err
			}
			continue
		case rdb.OpSelectDB:
			id, err := l.r.Len()
			if err != nil {
				return err
			}
			if id >= uint64(len(l.e.dbs)) {
				return fmt.Errorf("data file was created with a server configured to handle more than %d databases", len(l.e.dbs))
			}
			l.db = l.e.dbs[id]
			continue
		case rdb.OpResizeDB:
			if _, err := l.r.Len(); err != nil {
				return err
			}
			if _, err := l.r.Len(); err != nil {
				return err
			}
			continue
		case rdb.OpAux:
			if _, err := l.r.String(); err != nil {
				return err
			}
			if _, err := l.r.String(); err != nil {
				return err
			}
			continue
		case rdb.OpModuleAux:
			return errors.New("the file holds module data, and luakv has no modules")
		case rdb.OpFunction, rdb.OpFunction2:
			return errors.New("the file holds function libraries, which luakv cannot load yet")
		}
		if err := l.key(t, expireAt); err != nil {
			return err
		}
		if d := l.e.Config.KeyLoadDelay; d != 0 {
			debugDelay(d)
		}
		expireAt = -1
	}
}

// key reads one key of value type t and adds it.
func (l *rdbLoader) key(t byte, expireAt int64) error {
	key, err := l.r.String()
	if err != nil {
		return err
	}
	str, obj, err := l.value(t)
	if err != nil {
		return fmt.Errorf("key %q: %w", key, err)
	}
	// An empty stream is a value (its IDs and groups remain); an empty
	// collection is not.
	if _, isStream := obj.(*Stream); obj != nil && !isStream && collectionLen(obj) == 0 {
		l.e.Log.Logf(LogNotice, "rdbLoadObject skipping empty key: %s", key)
		return nil
	}
	if expireAt != -1 && expireAt < l.now {
		l.expired++
		return nil
	}
	if l.db.keys.Find(bstr(key)) != nil {
		if !l.merge {
			return fmt.Errorf("%w: duplicate key '%s' found in RDB file", rdb.ErrCorrupt, key)
		}
		l.db.Delete(key)
	}
	en := newKeyEntry(key)
	en.Str, en.Obj, en.lru = str, obj, l.e.newAccess()
	l.db.keys.Add(en)
	if expireAt != -1 {
		l.db.expires[en.key] = expireAt
	}
	l.loaded++
	return nil
}

// collectionLen is the number of elements of a loaded collection.
func collectionLen(obj any) int {
	switch v := obj.(type) {
	case *List:
		return v.Len()
	case *Set:
		return v.Len()
	case *ZSet:
		return v.Len()
	}
	return hashLen(obj)
}

// value reads a value of type t: a string's bytes, or a collection built
// in the encoding luakv's own limits choose.
func (l *rdbLoader) value(t byte) (string, any, error) {
	switch t {
	case rdb.TypeString:
		s, err := l.r.String()
		return string(s), nil, err
	case rdb.TypeList, rdb.TypeListZiplist, rdb.TypeListQuicklist, rdb.TypeListQuicklist2:
		v, err := l.list(t)
		return "", v, err
	case rdb.TypeSet, rdb.TypeSetIntset, rdb.TypeSetListpack:
		v, err := l.set(t)
		return "", v, err
	case rdb.TypeZSet, rdb.TypeZSet2, rdb.TypeZSetZiplist, rdb.TypeZSetListpack:
		v, err := l.zset(t)
		return "", v, err
	case rdb.TypeHash, rdb.TypeHashZiplist, rdb.TypeHashListpack:
		v, err := l.hash(t)
		return "", v, err
	case rdb.TypeStreamListpacks, rdb.TypeStreamListpack2, rdb.TypeStreamListpack3:
		v, err := l.stream(t)
		return "", v, err
	case rdb.TypeModule, rdb.TypeModule2:
		return "", nil, errors.New("a module value, and luakv has no modules")
	case rdb.TypeHashZipmap:
		return "", nil, errors.New("a zipmap hash (Redis before 2.6), which luakv does not read")
	}
	return "", nil, fmt.Errorf("%w: unknown value type %d", rdb.ErrCorrupt, t)
}

// elements calls fn for each of n strings read one after another.
func (l *rdbLoader) elements(fn func(v []byte) error) error {
	n, err := l.r.Len()
	if err != nil {
		return err
	}
	for ; n > 0; n-- {
		v, err := l.r.String()
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}

// blob reads a packed blob (ziplist, listpack or intset) and walks it with
// walk.
func (l *rdbLoader) blob(walk func([]byte, func([]byte) error) error, fn func(v []byte) error) error {
	b, err := l.r.String()
	if err != nil {
		return err
	}
	return walk(b, fn)
}

func (l *rdbLoader) list(t byte) (*List, error) {
	cfg := &l.e.Config
	list := newList(cfg.ListMaxListpackSize, cfg.ListCompressDepth)
	push := func(v []byte) error { list.PushBack(v); return nil }
	var err error
	switch t {
	case rdb.TypeList:
		err = l.elements(push)
	case rdb.TypeListZiplist:
		err = l.blob(rdb.Ziplist, push)
	default: // quicklists: a count of nodes, each a blob
		var n uint64
		if n, err = l.r.Len(); err != nil {
			return nil, err
		}
		for ; n > 0 && err == nil; n-- {
			container := uint64(2) // packed
			if t == rdb.TypeListQuicklist2 {
				if container, err = l.r.Len(); err != nil {
					return nil, err
				}
			}
			switch {
			case t == rdb.TypeListQuicklist:
				err = l.blob(rdb.Ziplist, push)
			case container == 1: // a plain node: one large element
				var v []byte
				if v, err = l.r.String(); err == nil {
					list.PushBack(v)
				}
			case container == 2:
				err = l.blob(rdb.Listpack, push)
			default:
				err = fmt.Errorf("%w: quicklist container %d", rdb.ErrCorrupt, container)
			}
		}
	}
	return list, err
}

func (l *rdbLoader) set(t byte) (*Set, error) {
	s := newSet()
	maxInts := setMaxIntset(l.e)
	add := func(m []byte) error {
		if !s.Add(m, maxInts) {
			return errDuplicate
		}
		return nil
	}
	var err error
	switch t {
	case rdb.TypeSet:
		err = l.elements(add)
	case rdb.TypeSetListpack:
		err = l.blob(rdb.Listpack, add)
	default: // an intset
		var b, num []byte
		if b, err = l.r.String(); err != nil {
			return nil, err
		}
		err = rdb.Intset(b, func(v int64) error {
			num = strconv.AppendInt(num[:0], v, 10)
			return add(num)
		})
	}
	return s, err
}

func (l *rdbLoader) zset(t byte) (*ZSet, error) {
	lim := zlimits(l.e)
	z := newZSetSized(lim, 0)
	add := func(m []byte, score float64) error {
		if math.IsNaN(score) {
			return fmt.Errorf("%w: zset score is NaN", rdb.ErrCorrupt)
		}
		if out, _ := z.add(lim, score, m, 0); out != zaddOutAdded {
			return errDuplicate
		}
		return nil
	}
	if t == rdb.TypeZSet || t == rdb.TypeZSet2 {
		n, err := l.r.Len()
		if err != nil {
			return nil, err
		}
		z = newZSetSized(lim, int(min(n, math.MaxInt32)))
		for ; n > 0; n-- {
			m, err := l.r.String()
			if err != nil {
				return nil, err
			}
			var score float64
			if t == rdb.TypeZSet2 {
				score, err = l.r.Double()
			} else {
				score, err = l.r.TextDouble()
			}
			if err != nil {
				return nil, err
			}
			if err := add(m, score); err != nil {
				return nil, err
			}
		}
		return z, nil
	}
	err := l.pairs(t == rdb.TypeZSetZiplist, func(member, v []byte) error {
		score, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return fmt.Errorf("%w: zset score %q", rdb.ErrCorrupt, v)
		}
		return add(member, score)
	})
	return z, err
}

func (l *rdbLoader) hash(t byte) (any, error) {
	lim := hashLimitsOf(l.e)
	var h any = newHashFor(nil, lim)
	set := func(f, v []byte) error {
		var existed bool
		if h, existed = hashSet(h, f, v, lim); existed {
			return errDuplicate
		}
		return nil
	}
	if t == rdb.TypeHash {
		n, err := l.r.Len()
		if err != nil {
			return nil, err
		}
		if n > uint64(lim.maxEntries) {
			h = newHashTable(int(min(n, 1<<20)))
		}
		for ; n > 0; n-- {
			f, err := l.r.String()
			if err != nil {
				return nil, err
			}
			v, err := l.r.String()
			if err != nil {
				return nil, err
			}
			if err := set(f, v); err != nil {
				return nil, err
			}
		}
		return h, nil
	}
	return h, l.pairs(t == rdb.TypeHashZiplist, set)
}

// pairs reads a packed blob (a ziplist, or else a listpack) whose elements
// alternate member and score, or field and value, calling fn per pair.
func (l *rdbLoader) pairs(ziplist bool, fn func(a, b []byte) error) error {
	walk := rdb.Listpack
	if ziplist {
		walk = rdb.Ziplist
	}
	var first []byte
	odd := false
	err := l.blob(walk, func(v []byte) error {
		if odd = !odd; odd {
			first = append(first[:0], v...)
			return nil
		}
		return fn(first, v)
	})
	if err == nil && odd {
		err = fmt.Errorf("%w: an odd number of elements in a blob of pairs", rdb.ErrCorrupt)
	}
	return err
}
