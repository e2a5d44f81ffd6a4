package engine

import (
	"sort"
)

// Stream is a stream value, laid out as Redis 7.0 lays it out: a sequence
// of nodes (Redis's listpacks in a radix tree keyed by the node's first ID),
// each opened by a "master entry" whose field names later entries of the
// node may share. Entries are appended to the last node until it is full
// by stream-node-max-bytes (measured as the listpack's byte size, computed
// here exactly) or stream-node-max-entries; deleted entries stay in their
// node as tombstones until the whole node goes. The layout is observable:
// approximate trimming (MAXLEN ~, MINID ~) removes whole nodes only, and
// XINFO, MEMORY USAGE and the RDB file report it.
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

// streamNode is one listpack of Redis's stream.
type streamNode struct {
	master       StreamID // the first entry's ID, the node's key
	masterFields []string
	entries      []streamEntry
	live         int64 // Redis's master "count"
	deleted      int64
	// lpBase is the listpack's size in bytes without the count and
	// deleted elements, which change size as they change value.
	lpBase int64
	// alloc is the listpack's allocation as Redis's would be (MEMORY
	// USAGE): preallocated when the node opens, grown to the size class
	// of what it holds when that outgrows it, trimmed to fit when the
	// node closes or shrinks.
	alloc int64
}

// streamEntry is one entry; fv holds field, value, field, value ...
type streamEntry struct {
	id      StreamID
	fv      []string
	deleted bool
}

// Entry flags as the listpack stores them.
const (
	streamFlagDeleted    = 1
	streamFlagSameFields = 2
)

// streamListpackMax is the largest listpack a stream node may be, and the
// most field and value bytes one entry may have (STREAM_LISTPACK_MAX_SIZE).
const streamListpackMax = 1 << 30

func newStream() *Stream { return &Stream{} }

// TypeName is what TYPE reports for a stream.
func (s *Stream) TypeName() string { return "stream" }

// Encoding is what OBJECT ENCODING reports for a stream.
func (s *Stream) Encoding() string { return "stream" }

// Len is the number of live entries.
func (s *Stream) Len() int64 { return s.length }

func lpStrSize(s string) int64 { return lpEntrySize(bytesView(s)) }

// lpBytes is the node's listpack size in bytes, as lpBytes reports it.
func (n *streamNode) lpBytes() int64 {
	return n.lpBase + lpIntSize(n.live) + lpIntSize(n.deleted)
}

// sameFields reports whether an entry with fields fv would share the
// master entry's field names (the SAMEFIELDS flag).
func (n *streamNode) sameFields(fv []string) bool {
	if len(fv)/2 != len(n.masterFields) {
		return false
	}
	for i, f := range n.masterFields {
		if fv[2*i] != f {
			return false
		}
	}
	return true
}

// entrySize is the listpack bytes entry e takes in n.
func (n *streamNode) entrySize(e *streamEntry) int64 {
	same := n.sameFields(e.fv)
	flags := int64(0)
	if same {
		flags = streamFlagSameFields
	}
	size := lpIntSize(flags) + lpIntSize(int64(e.id.Ms-n.master.Ms)) + lpIntSize(int64(e.id.Seq-n.master.Seq))
	nf := int64(len(e.fv) / 2)
	count := nf + 3
	if !same {
		size += lpIntSize(nf)
		count += nf + 1
	}
	for i := 0; i < len(e.fv); i += 2 {
		if !same {
			size += lpStrSize(e.fv[i])
		}
		size += lpStrSize(e.fv[i+1])
	}
	return size + lpIntSize(count)
}

// streamPrealloc is the allocation a new node's listpack starts with
// (STREAM_LISTPACK_MAX_PRE_ALLOCATE).
const streamPrealloc = 4096

// newStreamNode starts a node whose master entry takes fv's field names;
// its listpack is allocated prealloc bytes.
func newStreamNode(id StreamID, fv []string, prealloc int64) *streamNode {
	n := &streamNode{master: id, masterFields: make([]string, len(fv)/2), alloc: jemallocSize(prealloc)}
	n.lpBase = lpHeaderSize + 1 + lpIntSize(int64(len(n.masterFields))) + lpIntSize(0)
	for i := range n.masterFields {
		n.masterFields[i] = fv[2*i]
		n.lpBase += lpStrSize(fv[2*i])
	}
	return n
}

// appendEntry adds a live entry at the end of n.
func (n *streamNode) appendEntry(e streamEntry) {
	if n.sameFields(e.fv) {
		// Share the master's field strings.
		for i, f := range n.masterFields {
			e.fv[2*i] = f
		}
	}
	n.lpBase += n.entrySize(&e)
	n.entries = append(n.entries, e)
	n.setCounts(n.live+1, n.deleted)
}

// setCounts changes the master entry's counts, resizing the allocation
// as the listpack's rewrite would.
func (n *streamNode) setCounts(live, deleted int64) {
	before := n.lpBytes()
	n.live, n.deleted = live, deleted
	if after := n.lpBytes(); after > n.alloc || after < before {
		n.alloc = jemallocSize(after)
	}
}

// fit trims the allocation to the listpack (lpShrinkToFit, and what a
// listpack read from a file or copied is given).
func (n *streamNode) fit() { n.alloc = jemallocSize(n.lpBytes()) }

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

// append adds an entry with the given ID (already checked to be
// greater than lastID) and field-value pairs, as streamAppendItem does.
func (s *Stream) append(id StreamID, args [][]byte, lim streamLimits) {
	fv := make([]string, len(args))
	var total int64
	for i, a := range args {
		fv[i] = string(a)
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
	n.appendEntry(streamEntry{id: id, fv: fv})
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

// seekEntry is the index in n of the first entry not before id.
func (n *streamNode) seekEntry(id StreamID) int {
	return sort.Search(len(n.entries), func(i int) bool { return !n.entries[i].id.Less(id) })
}

// ascend calls fn on each live entry from start to end inclusive, in
// order, until fn returns false.
func (s *Stream) ascend(start, end StreamID, fn func(*streamEntry) bool) {
	for ni := s.seekNode(start); ni < len(s.nodes); ni++ {
		n := s.nodes[ni]
		for i := n.seekEntry(start); i < len(n.entries); i++ {
			e := &n.entries[i]
			if end.Less(e.id) {
				return
			}
			if !e.deleted && !fn(e) {
				return
			}
		}
	}
}

// descend calls fn on each live entry from end down to start inclusive.
func (s *Stream) descend(start, end StreamID, fn func(*streamEntry) bool) {
	for ni := s.seekNode(end); ni >= 0 && len(s.nodes) > 0; ni-- {
		n := s.nodes[ni]
		i := n.seekEntry(end)
		if i == len(n.entries) || end.Less(n.entries[i].id) {
			i--
		}
		for ; i >= 0; i-- {
			e := &n.entries[i]
			if e.id.Less(start) {
				return
			}
			if !e.deleted && !fn(e) {
				return
			}
		}
	}
}

// find returns the live entry with ID id, or nil.
func (s *Stream) find(id StreamID) *streamEntry {
	var found *streamEntry
	s.ascend(id, id, func(e *streamEntry) bool { found = e; return false })
	return found
}

// lastValidID is the last live entry's ID (0-0 when there is none).
func (s *Stream) lastValidID() StreamID {
	var id StreamID
	s.descend(minStreamID, maxStreamID, func(e *streamEntry) bool { id = e.id; return false })
	return id
}

// firstValidID is the first live entry's ID; ok is false when there is
// none.
func (s *Stream) firstValidID() (id StreamID, ok bool) {
	s.ascend(minStreamID, maxStreamID, func(e *streamEntry) bool { id, ok = e.id, true; return false })
	return id, ok
}

// firstEntryID is the first entry's ID, tombstones included, or 0-0 when
// there is none (streamGetEdgeID(s,1,0,...)).
func (s *Stream) firstEntryID() StreamID {
	if len(s.nodes) == 0 {
		return minStreamID
	}
	return s.nodes[0].entries[0].id
}

// remove deletes the live entry id, reporting whether there was one; a
// node left without live entries goes (streamDeleteItem).
func (s *Stream) remove(id StreamID) bool {
	ni := s.seekNode(id)
	if ni >= len(s.nodes) {
		return false
	}
	n := s.nodes[ni]
	i := n.seekEntry(id)
	if i == len(n.entries) || n.entries[i].id != id || n.entries[i].deleted {
		return false
	}
	if n.live == 1 {
		s.nodes = append(s.nodes[:ni], s.nodes[ni+1:]...)
	} else {
		n.entries[i].deleted = true
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
			whole = n.entries[len(n.entries)-1].id.Less(a.minID)
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
		for i := range n.entries {
			e := &n.entries[i]
			if a.byID && !e.id.Less(a.minID) || !a.byID && s.length <= a.maxLen {
				break
			}
			if !e.deleted {
				e.deleted = true
				marked++
				s.length--
			}
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
		cn.entries = append([]streamEntry(nil), n.entries...)
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
