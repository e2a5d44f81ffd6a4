package engine

import "encoding/binary"

// XINFO STREAM [FULL [COUNT count]], XINFO GROUPS, XINFO CONSUMERS and
// XINFO HELP.

var xinfoHelp = []string{
	"CONSUMERS <key> <groupname>",
	"    Show consumers of <groupname>.",
	"GROUPS <key>",
	"    Show the stream consumer groups.",
	"STREAM <key> [FULL [COUNT <count>]",
	"    Show information about the stream.",
}

// XINFO HELP
func cmdXinfoHelp(c *Ctx) { writeHelp(c, xinfoHelp) }

// xinfoLookup finds the stream XINFO's subcommands report on, replying
// "no such key" or WRONGTYPE otherwise.
func xinfoLookup(c *Ctx) *Stream {
	s, ok := streamRead(c, c.Args[2])
	if ok && s == nil {
		c.Err(ErrNoSuchKey)
	}
	return s
}

// writeGroupLag replies a group's lag (entries not yet delivered), or a
// null when tombstones make it unknowable (streamReplyWithCGLag).
func writeGroupLag(w Writer, s *Stream, g *streamGroup) {
	switch {
	case s.entriesAdded == 0:
		w.WriteInt(0)
	case g.entriesRead != streamInvalidRead && !s.rangeHasTombstones(g.lastID, maxStreamID):
		w.WriteInt(s.entriesAdded - g.entriesRead)
	default:
		if read, ok := s.estimateDistance(g.lastID); ok {
			w.WriteInt(s.entriesAdded - read)
		} else {
			w.WriteNull()
		}
	}
}

// writeGroupProgress replies a group's last-delivered-id, entries-read
// (null when unknown) and lag fields.
func writeGroupProgress(c *Ctx, s *Stream, g *streamGroup) {
	c.WriteBulkString("last-delivered-id")
	writeStreamID(c, g.lastID)
	c.WriteBulkString("entries-read")
	if g.entriesRead == streamInvalidRead {
		c.WriteNull()
	} else {
		c.WriteInt(g.entriesRead)
	}
	c.WriteBulkString("lag")
	writeGroupLag(c, s, g)
}

// XINFO CONSUMERS key group
func cmdXinfoConsumers(c *Ctx) {
	s := xinfoLookup(c)
	if s == nil {
		return
	}
	g := s.group(c.Args[3])
	if g == nil {
		errNoGroup(c, c.Args[3], c.Args[2])
		return
	}
	now := c.E.Now()
	cs := g.sortedConsumers()
	c.WriteArray(len(cs))
	for _, cons := range cs {
		c.WriteMap(3)
		c.WriteBulkString("name")
		c.WriteBulkString(cons.name)
		c.WriteBulkString("pending")
		c.WriteInt(int64(cons.pel.Len()))
		c.WriteBulkString("idle")
		c.WriteInt(max(now-cons.seenTime, 0))
	}
}

// XINFO GROUPS key
func cmdXinfoGroups(c *Ctx) {
	s := xinfoLookup(c)
	if s == nil {
		return
	}
	gs := s.sortedGroups()
	c.WriteArray(len(gs))
	for _, g := range gs {
		c.WriteMap(6)
		c.WriteBulkString("name")
		c.WriteBulkString(g.name)
		c.WriteBulkString("consumers")
		c.WriteInt(int64(len(g.consumers)))
		c.WriteBulkString("pending")
		c.WriteInt(int64(g.pel.Len()))
		writeGroupProgress(c, s, g)
	}
}

// XINFO STREAM key [FULL [COUNT count]]
func cmdXinfoStream(c *Ctx) {
	s := xinfoLookup(c)
	if s == nil {
		return
	}
	opts := c.Args[3:]
	full, count := len(opts) > 0, int64(10)
	if full {
		if len(opts) != 1 && len(opts) != 3 || !EqualFold(cstrBytes(opts[0]), "full") ||
			len(opts) == 3 && !EqualFold(cstrBytes(opts[1]), "count") {
			c.Err(ErrUnknownSubcommandOrArgs(c.Args[1], c.Args[0]))
			return
		}
		if len(opts) == 3 {
			n, ok := c.intArg(opts[2])
			if !ok {
				return
			}
			count = n
			if count < 0 {
				count = 10
			}
		}
	}
	if full {
		c.WriteMap(9)
	} else {
		c.WriteMap(10)
	}
	c.WriteBulkString("length")
	c.WriteInt(s.length)
	c.WriteBulkString("radix-tree-keys")
	c.WriteInt(int64(len(s.nodes)))
	c.WriteBulkString("radix-tree-nodes")
	c.WriteInt(s.raxNodes())
	c.WriteBulkString("last-generated-id")
	writeStreamID(c, s.lastID)
	c.WriteBulkString("max-deleted-entry-id")
	writeStreamID(c, s.maxDeletedID)
	c.WriteBulkString("entries-added")
	c.WriteInt(s.entriesAdded)
	c.WriteBulkString("recorded-first-entry-id")
	writeStreamID(c, s.firstID)
	if !full {
		c.WriteBulkString("groups")
		c.WriteInt(int64(len(s.groups)))
		c.WriteBulkString("first-entry")
		writeEdgeEntry(c, s, false)
		c.WriteBulkString("last-entry")
		writeEdgeEntry(c, s, true)
		return
	}
	c.WriteBulkString("entries")
	streamReplyRange(c, c, s, minStreamID, count)
	c.WriteBulkString("groups")
	gs := s.sortedGroups()
	c.WriteArray(len(gs))
	for _, g := range gs {
		c.WriteMap(7)
		c.WriteBulkString("name")
		c.WriteBulkString(g.name)
		writeGroupProgress(c, s, g)
		c.WriteBulkString("pel-count")
		c.WriteInt(int64(g.pel.Len()))
		c.WriteBulkString("pending")
		writePELFull(c, g.pel, count, true)
		c.WriteBulkString("consumers")
		cs := g.sortedConsumers()
		c.WriteArray(len(cs))
		for _, cons := range cs {
			c.WriteMap(4)
			c.WriteBulkString("name")
			c.WriteBulkString(cons.name)
			c.WriteBulkString("seen-time")
			c.WriteInt(cons.seenTime)
			c.WriteBulkString("pel-count")
			c.WriteInt(int64(cons.pel.Len()))
			c.WriteBulkString("pending")
			writePELFull(c, cons.pel, count, false)
		}
	}
}

// writeEdgeEntry replies the first (or last) live entry, or a null.
func writeEdgeEntry(c *Ctx, s *Stream, last bool) {
	var found streamEntry
	ok := false
	pick := func(e streamEntry) bool { found, ok = e, true; return false }
	if last {
		s.descend(minStreamID, maxStreamID, pick)
	} else {
		s.ascend(minStreamID, maxStreamID, pick)
	}
	if !ok {
		c.WriteNull()
		return
	}
	writeStreamEntry(c, found)
}

// writePELFull replies up to count (0: all) pending entries as XINFO
// STREAM FULL lists them, with the owner for a group's list.
func writePELFull(c *Ctx, p *pel, count int64, owner bool) {
	var rows []*streamNACK
	p.ascend(minStreamID, func(n *streamNACK) bool {
		rows = append(rows, n)
		return count == 0 || int64(len(rows)) < count
	})
	c.WriteArray(len(rows))
	for _, n := range rows {
		if owner {
			c.WriteArray(4)
		} else {
			c.WriteArray(3)
		}
		writeStreamID(c, n.id)
		if owner {
			c.WriteBulkString(n.consumer.name)
		}
		c.WriteInt(n.deliveryTime)
		c.WriteInt(n.deliveryCount)
	}
}

// raxNodes is the node count of the radix tree Redis keeps the stream's
// nodes in (keyed by the 128-bit big-endian first ID), as XINFO STREAM's
// radix-tree-nodes reports it.
func (s *Stream) raxNodes() int64 {
	keys := make([][16]byte, len(s.nodes))
	for i, n := range s.nodes {
		keys[i] = idKey(n.master)
	}
	return raxNodeCount(keys)
}

func idKey(id StreamID) (k [16]byte) {
	binary.BigEndian.PutUint64(k[:8], id.Ms)
	binary.BigEndian.PutUint64(k[8:], id.Seq)
	return k
}

// raxNodeCount is the node count of a Redis radix tree holding the sorted
// 16-byte keys. Redis's rax keeps its tree fully compressed through inserts
// and deletes, so the count follows from the keys alone: the root, every
// branching point, every key, and the node after a branch that opens a
// compressed run.
func raxNodeCount(keys [][16]byte) int64 {
	if len(keys) == 0 {
		return 1
	}
	return raxSubtree(keys, 0)
}

// raxSubtree counts the nodes of the subtree of the node at depth d whose
// keys (sorted, sharing their first d bytes) are keys.
func raxSubtree(keys [][16]byte, d int) int64 {
	if d == 16 {
		return 1 // a key's own node (the keys are all 16 bytes)
	}
	if len(keys) == 1 {
		return 2 // a compressed run to the key's node
	}
	first, last := keys[0], keys[len(keys)-1]
	p := d
	for p < 16 && first[p] == last[p] {
		p++
	}
	if p > d {
		return 1 + raxSubtree(keys, p) // a compressed run to the branch
	}
	var n int64 = 1
	for lo := 0; lo < len(keys); {
		hi := lo + 1
		for hi < len(keys) && keys[hi][d] == keys[lo][d] {
			hi++
		}
		n += raxSubtree(keys[lo:hi], d+1)
		lo = hi
	}
	return n
}
