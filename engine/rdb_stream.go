package engine

import (
	"encoding/binary"
	"fmt"
	"strconv"

	"luakv/engine/rdb"
)

// Streams in the RDB file, as Redis 7.0 writes them (RDB_TYPE_STREAM_LISTPACKS_2):
// each node as its 16-byte key and its listpack, the length, the last, first
// and largest deleted IDs and the entries ever added, then the consumer
// groups: name, last delivered ID, read counter, the pending entries (ID,
// delivery time and count) and the consumers (name, seen time, the IDs
// pending for them). The loader also reads Redis 5's form (type 15) and
// 7.2's (type 21, whose consumers have an active time too).

// writeRDBStream writes s after its type byte and key.
func writeRDBStream(w *rdb.Writer, s *Stream) {
	w.Len(uint64(len(s.nodes)))
	for _, n := range s.nodes {
		w.String(streamNodeKey(n.master))
		w.String(n.lp)
	}
	w.Len(uint64(s.length))
	w.Len(s.lastID.Ms)
	w.Len(s.lastID.Seq)
	w.Len(s.firstID.Ms)
	w.Len(s.firstID.Seq)
	w.Len(s.maxDeletedID.Ms)
	w.Len(s.maxDeletedID.Seq)
	w.Len(uint64(s.entriesAdded))
	groups := s.sortedGroups()
	w.Len(uint64(len(groups)))
	for _, g := range groups {
		w.String([]byte(g.name))
		w.Len(g.lastID.Ms)
		w.Len(g.lastID.Seq)
		w.Len(uint64(g.entriesRead))
		w.Len(uint64(g.pel.Len()))
		g.pel.ascend(minStreamID, func(n *streamNACK) bool {
			w.Raw(streamNodeKey(n.id))
			w.Millis(n.deliveryTime)
			w.Len(uint64(n.deliveryCount))
			return true
		})
		consumers := g.sortedConsumers()
		w.Len(uint64(len(consumers)))
		for _, c := range consumers {
			w.String([]byte(c.name))
			w.Millis(c.seenTime)
			w.Len(uint64(c.pel.Len()))
			c.pel.ascend(minStreamID, func(n *streamNACK) bool {
				w.Raw(streamNodeKey(n.id))
				return true
			})
		}
	}
}

// streamNodeKey is id as 128 bits big-endian, the radix tree key.
func streamNodeKey(id StreamID) []byte {
	var k [16]byte
	binary.BigEndian.PutUint64(k[:8], id.Ms)
	binary.BigEndian.PutUint64(k[8:], id.Seq)
	return k[:]
}

func streamIDFromKey(k []byte) StreamID {
	return StreamID{binary.BigEndian.Uint64(k[:8]), binary.BigEndian.Uint64(k[8:])}
}

// errStreamCorrupt reports a stream that does not hold together.
func errStreamCorrupt(what string) error {
	return fmt.Errorf("%w: stream %s", rdb.ErrCorrupt, what)
}

// stream reads a stream value of type t.
func (l *rdbLoader) stream(t byte) (*Stream, error) {
	r := l.r
	s := newStream()
	nodes, err := r.Len()
	if err != nil {
		return nil, err
	}
	var live int64
	for ; nodes > 0; nodes-- {
		key, err := r.String()
		if err != nil {
			return nil, err
		}
		if len(key) != 16 {
			return nil, errStreamCorrupt("node key is not the size of an ID")
		}
		master := streamIDFromKey(key)
		blob, err := r.String()
		if err != nil {
			return nil, err
		}
		n, err := parseStreamNode(master, blob)
		if err != nil {
			return nil, err
		}
		if last := s.lastNode(); last != nil && !last.last.Less(master) {
			return nil, errStreamCorrupt("nodes out of order")
		}
		s.nodes = append(s.nodes, n)
		live += n.live
	}
	var f [8]uint64
	nf := 3
	if t != rdb.TypeStreamListpacks {
		nf = 8
	}
	for i := range nf {
		if f[i], err = r.Len(); err != nil {
			return nil, err
		}
	}
	s.length = int64(f[0])
	if s.length != live {
		return nil, errStreamCorrupt("length inconsistent with its entries")
	}
	s.lastID = StreamID{f[1], f[2]}
	if t == rdb.TypeStreamListpacks {
		s.entriesAdded = s.length
		s.firstID, _ = s.firstValidID()
	} else {
		s.firstID = StreamID{f[3], f[4]}
		s.maxDeletedID = StreamID{f[5], f[6]}
		s.entriesAdded = int64(f[7])
	}
	if last := s.lastNode(); last != nil && s.lastID.Less(last.last) {
		return nil, errStreamCorrupt("last ID before its last entry")
	}
	groups, err := r.Len()
	if err != nil {
		return nil, err
	}
	for ; groups > 0; groups-- {
		if err := l.streamGroup(t, s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// streamGroup reads one consumer group of s.
func (l *rdbLoader) streamGroup(t byte, s *Stream) error {
	r := l.r
	name, err := r.String()
	if err != nil {
		return err
	}
	var ms, seq uint64
	if ms, err = r.Len(); err != nil {
		return err
	}
	if seq, err = r.Len(); err != nil {
		return err
	}
	last := StreamID{ms, seq}
	read := int64(streamInvalidRead)
	if t == rdb.TypeStreamListpacks {
		if n, ok := s.estimateDistance(last); ok {
			read = n
		}
	} else {
		n, err := r.Len()
		if err != nil {
			return err
		}
		read = int64(n)
	}
	g := s.createGroup(name, last, read)
	if g == nil {
		return errStreamCorrupt("group name repeated")
	}
	pending, err := r.Len()
	if err != nil {
		return err
	}
	var raw [16]byte
	for ; pending > 0; pending-- {
		if err := r.Raw(raw[:]); err != nil {
			return err
		}
		nack := &streamNACK{id: streamIDFromKey(raw[:])}
		if nack.deliveryTime, err = r.Millis(); err != nil {
			return err
		}
		count, err := r.Len()
		if err != nil {
			return err
		}
		nack.deliveryCount = int64(count)
		if g.pel.get(nack.id) != nil {
			return errStreamCorrupt("pending entry repeated")
		}
		g.pel.set(nack)
	}
	consumers, err := r.Len()
	if err != nil {
		return err
	}
	for ; consumers > 0; consumers-- {
		cname, err := r.String()
		if err != nil {
			return err
		}
		seen, err := r.Millis()
		if err != nil {
			return err
		}
		if t == rdb.TypeStreamListpack3 {
			if _, err := r.Millis(); err != nil { // active time: 7.2 only
				return err
			}
		}
		c := g.addConsumer(cname, seen)
		if c == nil {
			return errStreamCorrupt("consumer repeated")
		}
		owned, err := r.Len()
		if err != nil {
			return err
		}
		for ; owned > 0; owned-- {
			if err := r.Raw(raw[:]); err != nil {
				return err
			}
			nack := g.pel.get(streamIDFromKey(raw[:]))
			if nack == nil || nack.consumer != nil {
				return errStreamCorrupt("consumer's pending entry not in its group's")
			}
			nack.consumer = c
			c.pel.set(nack)
		}
	}
	var orphan bool
	g.pel.ascend(minStreamID, func(n *streamNACK) bool { orphan = n.consumer == nil; return !orphan })
	if orphan {
		return errStreamCorrupt("pending entry without a consumer")
	}
	return nil
}

// parseStreamNode checks a node's listpack from a file and makes it a
// node: a well-formed listpack holding the master entry, then entries in
// ID order whose element counts match their back counts, with live and
// deleted counts that match the entries.
func parseStreamNode(master StreamID, blob []byte) (*streamNode, error) {
	n := 0
	if err := rdb.Listpack(blob, func([]byte) error { n++; return nil }); err != nil {
		return nil, err
	}
	bad := errStreamCorrupt("node listpack malformed")
	if c := lpCount(blob); c != lpCountMax && c != n {
		return nil, bad
	}
	// The listpack is well formed: its elements can be decoded unchecked.
	type elem struct {
		v     int64
		isInt bool
		pos   int
		s     []byte
	}
	els := make([]elem, 0, n)
	for p := lpHeaderSize; blob[p] != lpEnd; {
		v, s, isInt, next := lpDecode(blob, p)
		els = append(els, elem{v, isInt, p, s})
		p = next
	}
	i := 0
	num := func() (int64, bool) {
		if i >= len(els) || !els[i].isInt {
			return 0, false
		}
		i++
		return els[i-1].v, true
	}
	str := func() ([]byte, bool) {
		if i >= len(els) {
			return nil, false
		}
		i++
		if e := els[i-1]; !e.isInt {
			return e.s, true
		}
		return strconv.AppendInt(nil, els[i-1].v, 10), true
	}
	live, ok1 := num()
	deleted, ok2 := num()
	nmaster, ok3 := num()
	if !ok1 || !ok2 || !ok3 || live <= 0 || deleted < 0 || nmaster < 0 || nmaster > int64(len(els)) {
		return nil, bad
	}
	node := &streamNode{master: master, masterFields: make([]string, nmaster), live: live, deleted: deleted}
	for k := range node.masterFields {
		f, ok := str()
		if !ok {
			return nil, bad
		}
		node.masterFields[k] = string(f)
	}
	if zero, ok := num(); !ok || zero != 0 || i >= len(els) {
		return nil, bad
	}
	node.entriesAt = els[i].pos
	var seenLive, seenDeleted int64
	for first := true; i < len(els); first = false {
		flags, ok1 := num()
		msd, ok2 := num()
		seqd, ok3 := num()
		if !ok1 || !ok2 || !ok3 || flags&^(streamFlagDeleted|streamFlagSameFields) != 0 {
			return nil, bad
		}
		id := StreamID{master.Ms + uint64(msd), master.Seq + uint64(seqd)}
		if first && id != master || !first && !node.last.Less(id) {
			return nil, bad
		}
		node.last = id
		values := nmaster // SAMEFIELDS: the values alone
		if flags&streamFlagSameFields == 0 {
			nf, ok := num()
			if !ok || nf < 0 || nf > int64(len(els)) {
				return nil, bad
			}
			values = 1 + 2*nf // the field count, fields and values
		}
		pieces := 3 + values
		if flags&streamFlagSameFields == 0 {
			values-- // the field count was read
		}
		for ; values > 0; values-- {
			if _, ok := str(); !ok {
				return nil, bad
			}
		}
		if back, ok := num(); !ok || back != pieces {
			return nil, bad
		}
		if flags&streamFlagDeleted != 0 {
			seenDeleted++
		} else {
			seenLive++
		}
	}
	if seenLive != live || seenDeleted != deleted {
		return nil, bad
	}
	node.lp = append([]byte(nil), blob...)
	node.fit()
	return node, nil
}

// SerializedLen is the length of s in the RDB file (DEBUG OBJECT's
// serializedlength), listpacks LZF-compressed as rdbcompression's default
// has them. The listpacks are Redis's byte for byte; LZF output may differ
// from Redis's compressor by a few bytes.
func (s *Stream) SerializedLen() int64 {
	var n countingWriter
	w := rdb.NewValueWriter(&n, true)
	writeRDBStream(w, s)
	w.Flush()
	return int64(n)
}

// countingWriter counts the bytes written to it.
type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
