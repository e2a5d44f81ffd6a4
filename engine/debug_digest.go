package engine

import (
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"strconv"

	"luakv/engine/config"
)

// A digest is DEBUG DIGEST's 20-byte signature of data, computed exactly
// as Redis computes it, so that the same dataset gives the same hex string
// on both servers: unordered things (keys, set members, hash fields, zset
// members) are combined by xor, ordered ones (list elements, a key's
// parts) by feeding the running digest back into SHA-1.
type digest [20]byte

// xor folds SHA-1(p) into d.
func (d *digest) xor(p []byte) {
	h := sha1.Sum(p)
	for i := range d {
		d[i] ^= h[i]
	}
}

// mix folds p into d in an order-sensitive way: d = SHA-1(d xor SHA-1(p)).
func (d *digest) mix(p []byte) {
	d.xor(p)
	*d = sha1.Sum(d[:])
}

// Redis's object type numbers, which the digest of a value starts with.
const (
	digestString = 0
	digestList   = 1
	digestSet    = 2
	digestZSet   = 3
	digestHash   = 4
	digestStream = 6
)

// valueDigest folds en's value (and whether it expires) into d, as
// Redis's xorObjectDigest does.
func (db *DB) valueDigest(d *digest, en *Entry) {
	var typ [4]byte
	var buf []byte
	switch v := en.Obj.(type) {
	case nil, *RawString:
		binary.BigEndian.PutUint32(typ[:], digestString)
		d.mix(typ[:])
		d.mix(en.StringBytes())
	case *List:
		binary.BigEndian.PutUint32(typ[:], digestList)
		d.mix(typ[:])
		v.Each(func(el []byte) bool { d.mix(el); return true })
	case *Set:
		binary.BigEndian.PutUint32(typ[:], digestSet)
		d.mix(typ[:])
		v.Each(func(m []byte) bool { d.xor(m); return true })
	case *ZSet:
		binary.BigEndian.PutUint32(typ[:], digestZSet)
		d.mix(typ[:])
		var it zIter
		if v.Len() > 0 {
			v.iterRank(&it, 0, false)
		}
		for m, s, ok := it.next(); ok; m, s, ok = it.next() {
			var el digest
			el.mix(m)
			buf = AppendDouble(buf[:0], s) // printf("%.17g"): inf, -inf
			el.mix(buf)
			d.xor(el[:])
		}
	case *Stream:
		// Each live entry's "<ms>.<seq>", fields and values, in order;
		// groups are not part of the digest.
		binary.BigEndian.PutUint32(typ[:], digestStream)
		d.mix(typ[:])
		var fv [][]byte
		var num []byte
		v.ascend(minStreamID, maxStreamID, func(e streamEntry) bool {
			buf = strconv.AppendUint(buf[:0], e.id.Ms, 10)
			buf = append(buf, '.')
			buf = strconv.AppendUint(buf, e.id.Seq, 10)
			d.mix(buf)
			fv, num = e.fields(fv[:0], num[:0])
			for _, f := range fv {
				d.mix(f)
			}
			return true
		})
	case *hashPacked, *hashTable:
		binary.BigEndian.PutUint32(typ[:], digestHash)
		d.mix(typ[:])
		hashEach(v, func(f, val []byte) bool {
			var el digest
			el.mix(f)
			el.mix(val)
			d.xor(el[:])
			return true
		})
	}
	if _, ok := db.expires[en.key]; ok {
		d.xor([]byte("!!expire!!"))
	}
}

// datasetDigest is DEBUG DIGEST's signature of every database: all zeros
// when every database is empty.
func (e *Engine) datasetDigest() digest {
	var final digest
	for _, db := range e.dbs {
		if db.Len() == 0 {
			continue
		}
		var id [4]byte
		binary.BigEndian.PutUint32(id[:], uint32(db.ID))
		final.mix(id[:])
		db.Each(func(en *Entry) bool {
			var kd digest
			kd.mix(keyView(en.key))
			db.valueDigest(&kd, en)
			final.xor(kd[:])
			return true
		})
	}
	return final
}

// DEBUG DIGEST: the dataset's signature, as a status reply.
func debugDigest(c *Ctx) {
	d := c.E.datasetDigest()
	c.Writer.WriteStatus(hex.EncodeToString(d[:]))
}

// DEBUG DIGEST-VALUE key [key ...]: each key's value signature (all zeros
// for a missing key), looking at logically expired keys too, as Redis's
// does.
func debugDigestValue(c *Ctx) {
	c.Writer.WriteArray(len(c.Args) - 2)
	for _, k := range c.Args[2:] {
		var d digest
		if en := c.DB.keys.Find(bstr(k)); en != nil {
			c.DB.valueDigest(&d, en)
		}
		c.Writer.WriteStatus(hex.EncodeToString(d[:]))
	}
}

// DEBUG QUICKLIST-PACKED-THRESHOLD size: from which element size list
// elements get a node of their own (process-wide, as in Redis).
func debugListPackedThreshold(c *Ctx) {
	size, ok := config.ParseMemory(string(c.Args[2]))
	if !ok || !SetListPackedThreshold(size) {
		c.Err(ErrListPackedThreshold)
		return
	}
	c.OK()
}
