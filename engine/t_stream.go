package engine

import (
	"sort"
)

// Stream is a stream value, laid out as Redis 7.0 lays it out: a sequence
// of nodes (Redis's radix tree keyed by each node's first ID), each a
// listpack that is Redis's byte for byte. A node opens with a "master
// entry" (live and deleted counts, field names) whose field names later
// entries may share (the SAMEFIELDS flag); each entry is its flags, its ID
// as differences from the node's first ID, its fields (or only values)
// and an element count for walking backwards. Entries are appended to the
// last node until it is full by stream-node-max-bytes or
// stream-node-max-entries; deleted entries stay as tombstones (a flag)
// until their whole node goes. The layout is observable: approximate
// trimming (MAXLEN ~, MINID ~) removes whole nodes only, and XINFO, MEMORY
// USAGE and the RDB file (which holds the listpacks as they are) report
// it. Memory is Redis's too: an entry costs its encoded bytes.
type Stream struct {
	nodes  []*streamNode
	length int64
	// lastID is the last ID ever added (or set by XSETID), firstID the
	// first live entry's, maxDeletedID the largest deleted entry's.
	lastID, firstID, maxDeletedID StreamID
	entriesAdded                  int64
	groups                        map[string]*streamGroup
	// wakeups counts the changes that wake parked readers: entries
	// added, a group destroyed (see cmd_stream_read.go).
	wakeups uint64
}

// streamNode is one listpack of the stream.
type streamNode struct {
	master StreamID // the first entry's ID, the node's key
	lp     []byte
	// masterFields are the master entry's field names, for the
	// SAMEFIELDS test of new entries.
	masterFields []string
	// entriesAt is where the first entry starts in lp.
	entriesAt int
	live      int64 // the master entry's counts, kept in lp as well
	deleted   int64
	last      StreamID // the last entry's ID, deleted or not
	// alloc is the listpack's allocation as Redis's would be (MEMORY
	// USAGE): preallocated when the node opens, grown to the size class
	// of what it holds when that outgrows it, trimmed to fit when the
	// node closes or shrinks.
	alloc int64
}

// streamEntry is a handle on one entry: its ID and where it starts in its
// node. It stays valid until the node changes.
type streamEntry struct {
	id  StreamID
	n   *streamNode
	pos int
}

// Entry flags as the listpack stores them.
const (
	streamFlagDeleted    = 1
	streamFlagSameFields = 2
)

// streamListpackMax is the largest listpack a stream node may be, and the
// most field and value bytes one entry may have (STREAM_LISTPACK_MAX_SIZE).
const streamListpackMax = 1 << 30

// streamPrealloc is the allocation a new node's listpack starts with
// (STREAM_LISTPACK_MAX_PRE_ALLOCATE).
const streamPrealloc = 4096

func newStream() *Stream { return &Stream{} }

// TypeName is what TYPE reports for a stream.
func (s *Stream) TypeName() string { return "stream" }

// Encoding is what OBJECT ENCODING reports for a stream.
func (s *Stream) Encoding() string { return "stream" }

// Len is the number of live entries.
func (s *Stream) Len() int64 { return s.length }

// lpBytes is the node's listpack size in bytes.
func (n *streamNode) lpBytes() int64 { return int64(len(n.lp)) }

// elements is the listpack's element count.
func (n *streamNode) elements() int { return lpCount(n.lp) }

// newStreamNode starts a node for the entry id with fields and values fv,
// its listpack allocated prealloc bytes.
func newStreamNode(id StreamID, fv [][]byte, prealloc int64) *streamNode {
	n := &streamNode{master: id, masterFields: make([]string, len(fv)/2), alloc: jemallocSize(prealloc)}
	b := lpNew(int(prealloc))[:lpHeaderSize]
	b = lpAppendInt(b, 0) // live, counted as the entry arrives
	b = lpAppendInt(b, 0) // deleted
	b = lpAppendInt(b, int64(len(n.masterFields)))
	for i := range n.masterFields {
		n.masterFields[i] = string(fv[2*i])
		b = lpAppendString(b, fv[2*i])
	}
	b = lpAppendInt(b, 0) // the master entry's terminator
	n.entriesAt = len(b)
	n.lp = append(b, lpEnd)
	lpSetHeader(n.lp, 4+len(n.masterFields))
	return n
}

// sameFields reports whether an entry with fields fv shares the master
// entry's field names.
func (n *streamNode) sameFields(fv [][]byte) bool {
	if len(fv)/2 != len(n.masterFields) {
		return false
	}
	for i, f := range n.masterFields {
		if string(fv[2*i]) != f {
			return false
		}
	}
	return true
}

// appendEntry adds a live entry at the end of n, as streamAppendItem
// encodes it.
func (n *streamNode) appendEntry(id StreamID, fv [][]byte) {
	same := n.sameFields(fv)
	flags := int64(0)
	if same {
		flags = streamFlagSameFields
	}
	count := n.elements()
	b := n.lp[:len(n.lp)-1] // without the terminator
	b = lpAppendInt(b, flags)
	b = lpAppendInt(b, int64(id.Ms-n.master.Ms))
	b = lpAppendInt(b, int64(id.Seq-n.master.Seq))
	nf := int64(len(fv) / 2)
	pieces := nf + 3
	if !same {
		b = lpAppendInt(b, nf)
		pieces += nf + 1
	}
	for i := 0; i < len(fv); i += 2 {
		if !same {
			b = lpAppendString(b, fv[i])
		}
		b = lpAppendString(b, fv[i+1])
	}
	b = lpAppendInt(b, pieces)
	n.lp = append(b, lpEnd)
	lpSetHeader(n.lp, count+int(pieces)+1)
	n.last = id
	n.setCounts(n.live+1, n.deleted)
	if int64(len(n.lp)) > n.alloc {
		n.alloc = jemallocSize(int64(len(n.lp)))
	}
}

// setCounts rewrites the master entry's counts, resizing the allocation
// as Redis's in-place rewrite would.
func (n *streamNode) setCounts(live, deleted int64) {
	before := len(n.lp)
	count := n.elements()
	if live != n.live {
		n.lp = lpReplaceInt(n.lp, lpHeaderSize, live)
	}
	if deleted != n.deleted {
		_, p := lpInt(n.lp, lpHeaderSize)
		n.lp = lpReplaceInt(n.lp, p, deleted)
	}
	n.live, n.deleted = live, deleted
	if d := len(n.lp) - before; d != 0 {
		n.entriesAt += d
		lpSetHeader(n.lp, count)
		if after := int64(len(n.lp)); after > n.alloc || d < 0 {
			n.alloc = jemallocSize(after)
		}
	}
}

// fit trims the listpack to its size (lpShrinkToFit, and what a listpack
// read from a file or copied is given).
func (n *streamNode) fit() {
	if cap(n.lp) > len(n.lp) {
		n.lp = append([]byte(nil), n.lp...)
	}
	n.alloc = jemallocSize(int64(len(n.lp)))
}

// entryAt decodes the ID and flags of the entry at p and returns where the
// next entry starts.
func (n *streamNode) entryAt(p int) (id StreamID, flags int64, next int) {
	lp := n.lp
	flags, q := lpInt(lp, p)
	msd, q := lpInt(lp, q)
	seqd, q := lpInt(lp, q)
	id = StreamID{n.master.Ms + uint64(msd), n.master.Seq + uint64(seqd)}
	skip := int64(len(n.masterFields))
	if flags&streamFlagSameFields == 0 {
		var nf int64
		nf, q = lpInt(lp, q)
		skip = 2 * nf
	}
	for ; skip > 0; skip-- {
		_, _, _, q = lpDecode(lp, q)
	}
	_, q = lpInt(lp, q) // the back count
	return id, flags, q
}

// positions lists where n's entries start, in order.
func (n *streamNode) positions(buf []int) []int {
	for p := n.entriesAt; n.lp[p] != lpEnd; {
		buf = append(buf, p)
		_, _, p = n.entryAt(p)
	}
	return buf
}

// body locates entry e's pairs: how many there are, whether their field
// names are the master entry's (then only the values are stored), and
// where the first stored element starts.
func (e streamEntry) body() (pairs int64, same bool, q int) {
	lp := e.n.lp
	flags, q := lpInt(lp, e.pos)
	_, q = lpInt(lp, q) // the ID's differences
	_, q = lpInt(lp, q)
	if flags&streamFlagSameFields != 0 {
		return int64(len(e.n.masterFields)), true, q
	}
	pairs, q = lpInt(lp, q)
	return pairs, false, q
}

// fields decodes entry e's field-value pairs into dst, integers formatted
// into num; the slices alias the node and num, valid until either changes.
func (e streamEntry) fields(dst [][]byte, num []byte) ([][]byte, []byte) {
	n, lp := e.n, e.n.lp
	nf, same, q := e.body()
	// num must not move while slices point into it.
	if need := int(2*nf) * 20; cap(num)-len(num) < need {
		num = make([]byte, 0, need)
	}
	var s []byte
	for i := int64(0); i < nf; i++ {
		if same {
			dst = append(dst, bytesView(n.masterFields[i]))
		} else {
			s, num, q = lpElementBytes(lp, q, num)
			dst = append(dst, s)
		}
		s, num, q = lpElementBytes(lp, q, num)
		dst = append(dst, s)
	}
	return dst, num
}

// lastNode is the node new entries go to, or nil.
func (s *Stream) lastNode() *streamNode {
	if len(s.nodes) == 0 {
		return nil
	}
	return s.nodes[len(s.nodes)-1]
}

// streamLimits are the node bounds in force (stream-node-max-bytes and
// stream-node-max-entries).
type streamLimits struct{ maxBytes, maxEntries int64 }

func streamLimitsOf(e *Engine) streamLimits {
	return streamLimits{e.Config.StreamNodeMaxBytes, e.Config.StreamNodeMaxEntries}
}

// append adds an entry with the given ID (already checked to be greater
// than lastID) and field-value pairs, as streamAppendItem does.
func (s *Stream) append(id StreamID, fv [][]byte, lim streamLimits) {
	var total int64
	for _, a := range fv {
		total += int64(len(a))
	}
	n := s.lastNode()
	if n != nil {
		maxBytes := lim.maxBytes
		if maxBytes == 0 || maxBytes > streamListpackMax {
			maxBytes = streamListpackMax
		}
		if n.lpBytes()+total >= maxBytes ||
			(lim.maxEntries != 0 && n.live+n.deleted >= lim.maxEntries) {
			n.fit()
			n = nil
		}
	}
	if n == nil {
		prealloc := int64(streamPrealloc)
		if lim.maxBytes > 0 && lim.maxBytes < prealloc {
			prealloc = lim.maxBytes
		}
		n = newStreamNode(id, fv, prealloc)
		s.nodes = append(s.nodes, n)
	}
	n.appendEntry(id, fv)
	s.length++
	s.entriesAdded++
	s.lastID = id
	if s.length == 1 {
		s.firstID = id
	}
}

// seekNode is the index of the node where a forward walk from id starts:
// the last node whose first ID is not after id, or the first node (Redis's
// raxSeek "<=", then "^").
func (s *Stream) seekNode(id StreamID) int {
	i := sort.Search(len(s.nodes), func(i int) bool { return id.Less(s.nodes[i].master) })
	return max(i-1, 0)
}

// ascend calls fn on each live entry from start to end inclusive, in
// order, until fn returns false.
func (s *Stream) ascend(start, end StreamID, fn func(streamEntry) bool) {
	for ni := s.seekNode(start); ni < len(s.nodes); ni++ {
		n := s.nodes[ni]
		if n.last.Less(start) {
			continue
		}
		for p := n.entriesAt; n.lp[p] != lpEnd; {
			id, flags, next := n.entryAt(p)
			if end.Less(id) {
				return
			}
			if flags&streamFlagDeleted == 0 && !id.Less(start) && !fn(streamEntry{id, n, p}) {
				return
			}
			p = next
		}
	}
}

// descend calls fn on each live entry from end down to start inclusive.
func (s *Stream) descend(start, end StreamID, fn func(streamEntry) bool) {
	var pos []int
	for ni := s.seekNode(end); ni >= 0 && len(s.nodes) > 0; ni-- {
		n := s.nodes[ni]
		pos = n.positions(pos[:0])
		for i := len(pos) - 1; i >= 0; i-- {
			id, flags, _ := n.entryAt(pos[i])
			if end.Less(id) {
				continue
			}
			if id.Less(start) {
				return
			}
			if flags&streamFlagDeleted == 0 && !fn(streamEntry{id, n, pos[i]}) {
				return
			}
		}
	}
}

// find returns the live entry with ID id; ok is false when there is none.
func (s *Stream) find(id StreamID) (e streamEntry, ok bool) {
	s.ascend(id, id, func(x streamEntry) bool { e, ok = x, true; return false })
	return e, ok
}

// lastValidID is the last live entry's ID (0-0 when there is none).
func (s *Stream) lastValidID() StreamID {
	var id StreamID
	s.descend(minStreamID, maxStreamID, func(e streamEntry) bool { id = e.id; return false })
	return id
}

// firstValidID is the first live entry's ID; ok is false when there is
// none.
func (s *Stream) firstValidID() (id StreamID, ok bool) {
	s.ascend(minStreamID, maxStreamID, func(e streamEntry) bool { id, ok = e.id, true; return false })
	return id, ok
}

// firstEntryID is the first entry's ID, tombstones included, or 0-0 when
// there is none (streamGetEdgeID(s,1,0,...)).
func (s *Stream) firstEntryID() StreamID {
	if len(s.nodes) == 0 {
		return minStreamID
	}
	id, _, _ := s.nodes[0].entryAt(s.nodes[0].entriesAt)
	return id
}

// markDeleted flags entry e a tombstone (its flags are a one-byte
// integer, 0 or 2, so the change is in place).
func (n *streamNode) markDeleted(p int) { n.lp[p] |= streamFlagDeleted }

// remove deletes the live entry id, reporting whether there was one; a
// node left without live entries goes (streamDeleteItem).
func (s *Stream) remove(id StreamID) bool {
	e, ok := s.find(id)
	if !ok {
		return false
	}
	n := e.n
	if n.live == 1 {
		ni := s.seekNode(id)
		s.nodes = append(s.nodes[:ni], s.nodes[ni+1:]...)
	} else {
		n.markDeleted(e.pos)
		n.setCounts(n.live-1, n.deleted)
		n.setCounts(n.live, n.deleted+1)
	}
	s.length--
	return true
}

// trimArgs is how XADD and XTRIM trim.
type trimArgs struct {
	byID   bool // MINID, else MAXLEN
	maxLen int64
	minID  StreamID
	approx bool
	limit  int64 // entries at most, 0 for no limit
}

// trim removes entries from the head as streamTrim does and returns how
// many went: whole nodes while they fit the bounds, then (unless approx)
// entries of the next node marked deleted.
func (s *Stream) trim(a trimArgs) int64 {
	var removed int64
	for len(s.nodes) > 0 {
		if !a.byID && s.length <= a.maxLen {
			break
		}
		n := s.nodes[0]
		if a.limit != 0 && removed+n.live > a.limit {
			break
		}
		var whole bool
		if a.byID {
			whole = n.last.Less(a.minID)
		} else {
			whole = s.length-n.live >= a.maxLen
		}
		if whole {
			s.nodes = s.nodes[1:]
			s.length -= n.live
			removed += n.live
			continue
		}
		if a.approx {
			break
		}
		var marked int64
		for p := n.entriesAt; n.lp[p] != lpEnd; {
			id, flags, next := n.entryAt(p)
			if a.byID && !id.Less(a.minID) || !a.byID && s.length <= a.maxLen {
				break
			}
			if flags&streamFlagDeleted == 0 {
				n.markDeleted(p)
				marked++
				s.length--
			}
			p = next
		}
		n.setCounts(n.live-marked, n.deleted)
		n.setCounts(n.live, n.deleted+marked)
		removed += marked
		break
	}
	if len(s.nodes) == 0 {
		s.nodes = nil
	}
	if s.length == 0 {
		s.firstID = minStreamID
	} else if removed > 0 {
		s.firstID, _ = s.firstValidID()
	}
	return removed
}

// rangeHasTombstones reports whether a deleted entry may lie between
// start and end (streamRangeHasTombstones).
func (s *Stream) rangeHasTombstones(start, end StreamID) bool {
	if s.length == 0 || s.maxDeletedID.IsZero() {
		return false
	}
	if s.maxDeletedID.Less(s.firstID) {
		return false
	}
	return !s.maxDeletedID.Less(start) && !end.Less(s.maxDeletedID)
}

// estimateDistance is id's logical read counter: the number of entries
// added up to it, when that can be known (streamEstimateDistanceFromFirstEverEntry);
// ok is false otherwise.
func (s *Stream) estimateDistance(id StreamID) (int64, bool) {
	if s.entriesAdded == 0 {
		return 0, true
	}
	if s.length == 0 && id.Cmp(s.lastID) < 1 {
		return s.entriesAdded, true
	}
	switch id.Cmp(s.lastID) {
	case 0:
		return s.entriesAdded, true
	case 1:
		return 0, false
	}
	if s.maxDeletedID.IsZero() || s.maxDeletedID.Less(s.firstID) {
		switch id.Cmp(s.firstID) {
		case -1:
			return s.entriesAdded - s.length, true
		case 0:
			return s.entriesAdded - s.length + 1, true
		}
	}
	return 0, false
}

// Copy is COPY's deep copy of s (consumer groups included).
func (s *Stream) Copy() any {
	c := *s
	c.nodes = make([]*streamNode, len(s.nodes))
	for i, n := range s.nodes {
		cn := *n
		cn.lp = append([]byte(nil), n.lp...)
		cn.fit()
		c.nodes[i] = &cn
	}
	c.groups = nil
	for name, g := range s.groups {
		if c.groups == nil {
			c.groups = make(map[string]*streamGroup, len(s.groups))
		}
		c.groups[name] = g.copy()
	}
	return &c
}

// Sizes of Redis's stream structures, for MEMORY USAGE.
const (
	streamStructSize   = 80  // sizeof(stream)
	streamGroupSize    = 40  // sizeof(streamCG)
	streamNACKSize     = 24  // sizeof(streamNACK)
	streamConsumerSize = 24  // sizeof(streamConsumer)
	raxNodeOverhead    = 244 // per node: sizeof(raxNode) and 30 longs
)

// raxMemory is Redis's estimate of a stream radix tree's memory
// (streamRadixTreeMemoryUsage).
func raxMemory(keys int, nodes int64) int64 { return int64(keys)*16 + nodes*raxNodeOverhead }

// pelRaxMemory is raxMemory of a pending entries list.
func pelRaxMemory(p *pel) int64 {
	keys := make([][16]byte, 0, p.Len())
	p.ascend(minStreamID, func(n *streamNACK) bool { keys = append(keys, idKey(n.id)); return true })
	return raxMemory(len(keys), raxNodeCount(keys))
}

// MemoryUsage is MEMORY USAGE's estimate, as Redis's objectComputeSize
// makes it: the structures, the nodes' listpack allocations (the first
// samples averaged over all but the last, which is measured), and the
// groups with their pending lists and consumers.
func (s *Stream) MemoryUsage(samples int64) int64 {
	size := robjSize + streamStructSize + raxMemory(len(s.nodes), s.raxNodes())
	var lp, n int64
	for _, node := range s.nodes {
		if n == samples {
			break
		}
		lp += node.alloc
		n++
	}
	if int64(len(s.nodes)) <= n {
		size += lp
	} else {
		if n > 0 {
			lp /= n
		}
		size += lp*int64(len(s.nodes)-1) + s.lastNode().alloc
	}
	for _, g := range s.groups {
		size += streamGroupSize + pelRaxMemory(g.pel) + streamNACKSize*int64(g.pel.Len())
		for _, c := range g.consumers {
			size += streamConsumerSize + int64(len(c.name)) + pelRaxMemory(c.pel)
		}
	}
	return size
}
