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
		w.String(n.listpack())
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

// listpack encodes n as Redis's stream node listpack.
func (n *streamNode) listpack() []byte {
	lp := rdb.NewListpack()
	lp.AppendInt(n.live)
	lp.AppendInt(n.deleted)
	lp.AppendInt(int64(len(n.masterFields)))
	for _, f := range n.masterFields {
		lp.AppendString(bytesView(f))
	}
	lp.AppendInt(0)
	for i := range n.entries {
		e := &n.entries[i]
		same := n.sameFields(e.fv)
		flags := int64(0)
		if same {
			flags |= streamFlagSameFields
		}
		if e.deleted {
			flags |= streamFlagDeleted
		}
		lp.AppendInt(flags)
		lp.AppendInt(int64(e.id.Ms - n.master.Ms))
		lp.AppendInt(int64(e.id.Seq - n.master.Seq))
		nf := int64(len(e.fv) / 2)
		count := nf + 3
		if !same {
			lp.AppendInt(nf)
			count += nf + 1
		}
		for j := 0; j < len(e.fv); j += 2 {
			if !same {
				lp.AppendString(bytesView(e.fv[j]))
			}
			lp.AppendString(bytesView(e.fv[j+1]))
		}
		lp.AppendInt(count)
	}
	return lp.Bytes()
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
		if last := s.lastNode(); last != nil && !last.entries[len(last.entries)-1].id.Less(master) {
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
	if last := s.lastNode(); last != nil && s.lastID.Less(last.entries[len(last.entries)-1].id) {
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

// parseStreamNode decodes a node's listpack, checking that it holds
// together: the master entry, then entries in ID order whose element
// counts match their back counts.
func parseStreamNode(master StreamID, blob []byte) (*streamNode, error) {
	var els []string
	if err := rdb.Listpack(blob, func(v []byte) error { els = append(els, string(v)); return nil }); err != nil {
		return nil, err
	}
	p := 0
	next := func() (string, bool) {
		if p >= len(els) {
			return "", false
		}
		p++
		return els[p-1], true
	}
	num := func() (int64, bool) {
		v, ok := next()
		if !ok {
			return 0, false
		}
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	}
	bad := errStreamCorrupt("node listpack malformed")
	live, ok1 := num()
	deleted, ok2 := num()
	nmaster, ok3 := num()
	if !ok1 || !ok2 || !ok3 || live < 0 || deleted < 0 || nmaster < 0 || nmaster > int64(len(els)) {
		return nil, bad
	}
	fields := make([]string, 2*nmaster)
	for i := range nmaster {
		f, ok := next()
		if !ok {
			return nil, bad
		}
		fields[2*i] = f
	}
	n := newStreamNode(master, fields, 0)
	if zero, ok := num(); !ok || zero != 0 {
		return nil, bad
	}
	var seenLive, seenDeleted int64
	prev := StreamID{}
	for p < len(els) {
		flags, ok1 := num()
		msd, ok2 := num()
		seqd, ok3 := num()
		if !ok1 || !ok2 || !ok3 || flags&^(streamFlagDeleted|streamFlagSameFields) != 0 {
			return nil, bad
		}
		e := streamEntry{id: StreamID{master.Ms + uint64(msd), master.Seq + uint64(seqd)}, deleted: flags&streamFlagDeleted != 0}
		count := int64(3)
		if flags&streamFlagSameFields != 0 {
			e.fv = make([]string, 2*nmaster)
			for i := range nmaster {
				v, ok := next()
				if !ok {
					return nil, bad
				}
				e.fv[2*i], e.fv[2*i+1] = fields[2*i], v
			}
			count += nmaster
		} else {
			nf, ok := num()
			if !ok || nf < 0 || nf > int64(len(els)) {
				return nil, bad
			}
			e.fv = make([]string, 2*nf)
			for i := range e.fv {
				if e.fv[i], ok = next(); !ok {
					return nil, bad
				}
			}
			count += 2*nf + 1
		}
		if back, ok := num(); !ok || back != count {
			return nil, bad
		}
		if len(n.entries) > 0 && !prev.Less(e.id) || len(n.entries) == 0 && e.id.Less(master) {
			return nil, bad
		}
		prev = e.id
		deletedEntry := e.deleted
		e.deleted = false
		n.appendEntry(e)
		if deletedEntry {
			n.entries[len(n.entries)-1].deleted = true
			n.live--
			n.deleted++
			seenDeleted++
		} else {
			seenLive++
		}
	}
	n.fit()
	if len(n.entries) == 0 {
		return nil, errStreamCorrupt("node listpack empty")
	}
	if seenLive != live || seenDeleted != deleted || live == 0 {
		return nil, bad
	}
	return n, nil
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
