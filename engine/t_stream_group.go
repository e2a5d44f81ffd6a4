package engine

import (
	"sort"

	"github.com/tidwall/btree"
)

// Consumer groups. A group has a last delivered ID, a read counter (for
// the lag), the pending entries list (PEL: delivered, not yet acknowledged
// IDs, in ID order) and its consumers, each with its own PEL; an entry of
// the group's PEL and of its consumer's PEL is the same streamNACK, as in
// Redis.
//
// The PELs are B-trees (tidwall/btree, already a dependency of redcon):
// entries are delivered in ID order but acknowledged, claimed and
// redelivered anywhere, and XPENDING and XAUTOCLAIM walk ranges of them.

// streamGroup is a consumer group.
type streamGroup struct {
	name        string
	lastID      StreamID
	entriesRead int64 // streamInvalidRead when unknown
	pel         *pel
	consumers   map[string]*streamConsumer
}

// streamInvalidRead marks a group's read counter unknown
// (SCG_INVALID_ENTRIES_READ).
const streamInvalidRead = -1

// streamConsumer is a consumer of a group.
type streamConsumer struct {
	name     string
	seenTime int64 // ms
	pel      *pel
}

// streamNACK is a pending entry.
type streamNACK struct {
	id            StreamID
	deliveryTime  int64 // ms
	deliveryCount int64
	consumer      *streamConsumer
}

// pel is a pending entries list ordered by ID.
type pel struct{ t *btree.BTreeG[*streamNACK] }

func newPEL() *pel {
	return &pel{btree.NewBTreeGOptions(func(a, b *streamNACK) bool { return a.id.Less(b.id) },
		btree.Options{NoLocks: true})}
}

func (p *pel) Len() int { return p.t.Len() }

func (p *pel) get(id StreamID) *streamNACK {
	n, _ := p.t.Get(&streamNACK{id: id})
	return n
}

func (p *pel) set(n *streamNACK) { p.t.Set(n) }

func (p *pel) delete(id StreamID) { p.t.Delete(&streamNACK{id: id}) }

// ascend calls fn on the entries from id on, in order, until it returns
// false.
func (p *pel) ascend(from StreamID, fn func(*streamNACK) bool) {
	p.t.Ascend(&streamNACK{id: from}, fn)
}

// bounds are the smallest and the largest pending IDs; ok is false when
// the list is empty.
func (p *pel) bounds() (first, last StreamID, ok bool) {
	lo, ok := p.t.Min()
	if !ok {
		return first, last, false
	}
	hi, _ := p.t.Max()
	return lo.id, hi.id, true
}

func newStreamGroup(name string, last StreamID, entriesRead int64) *streamGroup {
	return &streamGroup{name: name, lastID: last, entriesRead: entriesRead, pel: newPEL(),
		consumers: map[string]*streamConsumer{}}
}

// group returns the consumer group name, or nil.
func (s *Stream) group(name []byte) *streamGroup {
	if s.groups == nil {
		return nil
	}
	return s.groups[string(name)]
}

// createGroup adds a group; it returns nil when one of that name exists.
func (s *Stream) createGroup(name []byte, last StreamID, entriesRead int64) *streamGroup {
	if s.group(name) != nil {
		return nil
	}
	if s.groups == nil {
		s.groups = map[string]*streamGroup{}
	}
	g := newStreamGroup(string(name), last, entriesRead)
	s.groups[g.name] = g
	return g
}

// sortedGroups are the groups in name order, as Redis's radix tree keeps
// them.
func (s *Stream) sortedGroups() []*streamGroup {
	gs := make([]*streamGroup, 0, len(s.groups))
	for _, g := range s.groups {
		gs = append(gs, g)
	}
	sort.Slice(gs, func(i, j int) bool { return gs[i].name < gs[j].name })
	return gs
}

// sortedConsumers are g's consumers in name order.
func (g *streamGroup) sortedConsumers() []*streamConsumer {
	cs := make([]*streamConsumer, 0, len(g.consumers))
	for _, c := range g.consumers {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	return cs
}

// consumer returns the consumer name, or nil; a found consumer's seen time
// becomes now unless now is negative (SLC_NO_REFRESH).
func (g *streamGroup) consumer(name []byte, now int64) *streamConsumer {
	c := g.consumers[string(name)]
	if c != nil && now >= 0 {
		c.seenTime = now
	}
	return c
}

// addConsumer creates consumer name; nil when it exists.
func (g *streamGroup) addConsumer(name []byte, now int64) *streamConsumer {
	if g.consumers[string(name)] != nil {
		return nil
	}
	c := &streamConsumer{name: string(name), seenTime: now, pel: newPEL()}
	g.consumers[c.name] = c
	return c
}

// deleteConsumer removes c and its pending entries from the group's PEL,
// returning how many were pending.
func (g *streamGroup) deleteConsumer(c *streamConsumer) int64 {
	n := int64(c.pel.Len())
	c.pel.ascend(minStreamID, func(nack *streamNACK) bool {
		g.pel.delete(nack.id)
		return true
	})
	delete(g.consumers, c.name)
	return n
}

// copy is a deep copy of g: its NACKs and consumers are its own.
func (g *streamGroup) copy() *streamGroup {
	c := newStreamGroup(g.name, g.lastID, g.entriesRead)
	for name, sc := range g.consumers {
		c.consumers[name] = &streamConsumer{name: sc.name, seenTime: sc.seenTime, pel: newPEL()}
	}
	g.pel.ascend(minStreamID, func(n *streamNACK) bool {
		cn := *n
		cn.consumer = c.consumers[n.consumer.name]
		c.pel.set(&cn)
		cn.consumer.pel.set(&cn)
		return true
	})
	return c
}
