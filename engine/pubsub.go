package engine

import (
	"slices"
	"sort"
	"strconv"

	"github.com/tidwall/redcon"
)

// pubsubState is the pub/sub registry: who listens to which channel and
// pattern, and what each subscribed client listens to. It lives in the
// engine (Engine.ps) and is only touched inside the executor.
//
// Subscribers of a channel or pattern are kept in subscription order, so a
// message reaches them in that order, as Redis's per-channel client lists
// do. Patterns are tried in the order they were first subscribed (Redis
// walks a hash table there, in an order nobody can rely on).
type pubsubState struct {
	channels map[string]*subscribers
	patterns map[string]*subscribers
	patOrder []*subscribers
	clients  map[*Client]*clientSubs

	// Scratch buffers: the frame being delivered and the name of a
	// keyspace event channel.
	frame   []byte
	chanBuf []byte
}

// subscribers are the clients of one channel or pattern, oldest first.
type subscribers struct {
	name    []byte
	clients []*Client
}

// clientSubs is what one client is subscribed to.
type clientSubs struct {
	// channels maps each channel to its subscription sequence number, which
	// orders UNSUBSCRIBE without arguments.
	channels map[string]uint64
	seq      uint64
	// patterns are in subscription order (PUNSUBSCRIBE without arguments
	// walks them so, as Redis walks its per-client pattern list).
	patterns []string

	// softSince is when (unix s) the output buffer went over the pubsub
	// soft limit, 0 while under it; closing is set once the client was
	// scheduled to close for overrunning its limits.
	softSince int64
	closing   bool
}

// pubsub returns the registry, creating it on first use together with the
// hooks that keep it current: disconnects and RESET drop a client's
// subscriptions, and keyspace events are published (notify.go).
func (e *Engine) pubsub() *pubsubState {
	if e.ps == nil {
		e.ps = &pubsubState{
			channels: map[string]*subscribers{},
			patterns: map[string]*subscribers{},
			clients:  map[*Client]*clientSubs{},
		}
		e.OnClientClose(e.unsubscribeAll)
		e.OnReset(e.unsubscribeAll)
		e.OnNotify(e.keyspaceEvent)
	}
	return e.ps
}

// PubSubCounts returns how many channels and patterns have subscribers
// (INFO's pubsub_channels and pubsub_patterns, PUBSUB NUMPAT).
func (e *Engine) PubSubCounts() (channels, patterns int) {
	if e.ps == nil {
		return 0, 0
	}
	return len(e.ps.channels), len(e.ps.patterns)
}

// subsOf returns cl's subscription record, creating it.
func (ps *pubsubState) subsOf(cl *Client) *clientSubs {
	cs := ps.clients[cl]
	if cs == nil {
		cs = &clientSubs{channels: map[string]uint64{}}
		ps.clients[cl] = cs
	}
	return cs
}

// syncCounts copies cl's subscription counts into the Client fields the
// dispatcher's gate and CLIENT LIST read, and forgets a client left with no
// subscriptions.
func (ps *pubsubState) syncCounts(cl *Client, cs *clientSubs) {
	cl.SubChannels = len(cs.channels)
	cl.SubPatterns = len(cs.patterns)
	cl.Subscriptions = cl.SubChannels + cl.SubPatterns + cl.SubShard
	if cl.Subscriptions == 0 && !cs.closing {
		delete(ps.clients, cl)
	}
}

// subscribeChannel adds cl to channel and reports whether it was new.
func (ps *pubsubState) subscribeChannel(cl *Client, cs *clientSubs, channel []byte) bool {
	if _, ok := cs.channels[bstr(channel)]; ok {
		return false
	}
	name := string(channel)
	cs.seq++
	cs.channels[name] = cs.seq
	subs := ps.channels[name]
	if subs == nil {
		subs = &subscribers{name: []byte(name)}
		ps.channels[name] = subs
	}
	subs.clients = append(subs.clients, cl)
	return true
}

// unsubscribeChannel removes cl from channel and reports whether it was
// subscribed. A channel left without subscribers is dropped.
func (ps *pubsubState) unsubscribeChannel(cl *Client, cs *clientSubs, channel []byte) bool {
	if _, ok := cs.channels[bstr(channel)]; !ok {
		return false
	}
	delete(cs.channels, bstr(channel))
	subs := ps.channels[bstr(channel)]
	subs.remove(cl)
	if len(subs.clients) == 0 {
		delete(ps.channels, bstr(channel))
	}
	return true
}

// subscribePattern adds cl to pattern and reports whether it was new.
func (ps *pubsubState) subscribePattern(cl *Client, cs *clientSubs, pattern []byte) bool {
	if slices.Contains(cs.patterns, bstr(pattern)) {
		return false
	}
	name := string(pattern)
	cs.patterns = append(cs.patterns, name)
	subs := ps.patterns[name]
	if subs == nil {
		subs = &subscribers{name: []byte(name)}
		ps.patterns[name] = subs
		ps.patOrder = append(ps.patOrder, subs)
	}
	subs.clients = append(subs.clients, cl)
	return true
}

// unsubscribePattern removes cl from pattern and reports whether it was
// subscribed. A pattern left without subscribers is dropped.
func (ps *pubsubState) unsubscribePattern(cl *Client, cs *clientSubs, pattern []byte) bool {
	i := slices.Index(cs.patterns, bstr(pattern))
	if i < 0 {
		return false
	}
	cs.patterns = slices.Delete(cs.patterns, i, i+1)
	subs := ps.patterns[bstr(pattern)]
	subs.remove(cl)
	if len(subs.clients) == 0 {
		delete(ps.patterns, bstr(pattern))
		ps.patOrder = slices.DeleteFunc(ps.patOrder, func(s *subscribers) bool { return s == subs })
	}
	return true
}

func (s *subscribers) remove(cl *Client) {
	if i := slices.Index(s.clients, cl); i >= 0 {
		s.clients = slices.Delete(s.clients, i, i+1)
	}
}

// channelsInOrder returns cs's channels in subscription order.
func (cs *clientSubs) channelsInOrder() []string {
	out := make([]string, 0, len(cs.channels))
	for ch := range cs.channels {
		out = append(out, ch)
	}
	sort.Slice(out, func(i, j int) bool { return cs.channels[out[i]] < cs.channels[out[j]] })
	return out
}

// unsubscribeAll drops every subscription of cl without replying: the
// client disconnected or sent RESET. (Run as a close and reset hook.)
func (e *Engine) unsubscribeAll(cl *Client) {
	ps := e.ps
	cs := ps.clients[cl]
	if cs == nil {
		return
	}
	for _, ch := range cs.channelsInOrder() {
		ps.unsubscribeChannel(cl, cs, []byte(ch))
	}
	for len(cs.patterns) > 0 {
		ps.unsubscribePattern(cl, cs, []byte(cs.patterns[0]))
	}
	cs.closing = false
	ps.syncCounts(cl, cs)
}

// publish delivers message to the subscribers of channel, then to those of
// each matching pattern, and returns how many deliveries it made (PUBLISH's
// reply, which counts a client once per matching subscription).
func (e *Engine) publish(channel, message []byte) int {
	ps := e.ps
	if ps == nil {
		return 0
	}
	n := 0
	if subs := ps.channels[bstr(channel)]; subs != nil {
		ps.frame = appendMessage(ps.frame[:0], nil, channel, message)
		for _, cl := range subs.clients {
			e.deliver(cl, ps.frame)
			n++
		}
	}
	for _, subs := range ps.patOrder {
		if !Match(subs.name, channel, false) {
			continue
		}
		ps.frame = appendMessage(ps.frame[:0], subs.name, channel, message)
		for _, cl := range subs.clients {
			e.deliver(cl, ps.frame)
			n++
		}
	}
	return n
}

// appendMessage appends a message frame (a pmessage one when pattern is
// not nil) with a RESP2 array header; deliver turns it into a RESP3 push by
// its first byte.
func appendMessage(b, pattern, channel, message []byte) []byte {
	if pattern == nil {
		b = append(b, "*3\r\n$7\r\nmessage\r\n"...)
	} else {
		b = append(b, "*4\r\n$8\r\npmessage\r\n"...)
		b = redcon.AppendBulk(b, pattern)
	}
	b = redcon.AppendBulk(b, channel)
	return redcon.AppendBulk(b, message)
}

// deliver sends one message frame (built by appendMessage) to cl in its
// protocol. A client running a command right now (the publisher itself, or
// the client whose command raised a keyspace event) gets it in the reply
// being written, where Redis would put it: before the command's own reply.
// Anyone else gets it through its outbox, subject to the pubsub
// client-output-buffer-limit.
func (e *Engine) deliver(cl *Client, frame []byte) {
	if cl.Proto == 3 {
		frame[0] = '>'
	} else {
		frame[0] = '*'
	}
	if cl.out != nil {
		cl.writePush(frame)
		return
	}
	cs := e.ps.clients[cl]
	if cs != nil && cs.closing {
		return // scheduled to close: Redis queues nothing more for it
	}
	if cl.Out == nil {
		e.EnableOutbox(cl)
	}
	cl.Out.Append(frame)
	if cs != nil {
		e.checkPubSubObuf(cl, cs, false)
	}
}

// writePush appends a push frame to the reply cl is writing now. Push
// frames get through CLIENT REPLY OFF and SKIP (as Redis's CLIENT_PUSHING
// writes do), so while replies are being dropped the frame goes in just
// before the dropped part.
func (cl *Client) writePush(frame []byte) {
	w := cl.out
	if cl.cut < 0 {
		w.Buf = append(w.Buf, frame...)
		return
	}
	w.Buf = slices.Insert(w.Buf, cl.cut, frame...)
	cl.cut += len(frame)
}

// checkPubSubObuf applies client-output-buffer-limit pubsub to cl's queued
// output (checkObuf).
func (e *Engine) checkPubSubObuf(cl *Client, cs *clientSubs, fromCron bool) {
	if !cs.closing && e.checkObuf(cl, ObufPubSub, &cs.softSince, fromCron) {
		cs.closing = true
	}
}

// checkObuf applies client-output-buffer-limit class to cl's queued
// output, as Redis does after each write to a client and from its client
// cron: over the hard limit, or over the soft limit for longer than its
// seconds (softSince keeps when it went over), the client is closed at
// once (its connection dropped; the network layer then unregisters it)
// and true is returned: nothing more should be queued for it.
func (e *Engine) checkObuf(cl *Client, class int, softSince *int64, fromCron bool) bool {
	lim := e.Config.ObufLimits[class]
	if lim.Hard == 0 && lim.Soft == 0 || cl.Out == nil {
		return false
	}
	used := uint64(cl.Out.Len())
	if used == 0 {
		return false
	}
	hard := lim.Hard > 0 && used >= lim.Hard
	soft := lim.Soft > 0 && used >= lim.Soft
	if soft {
		now := e.Now() / 1000
		if *softSince == 0 {
			*softSince, soft = now, false
		} else if now-*softSince <= lim.SoftSeconds {
			soft = false
		}
	} else {
		*softSince = 0
	}
	if !hard && !soft {
		return false
	}
	info := (&Ctx{E: e}).appendClientInfo(nil, cl)
	if fromCron {
		e.Log.Logf(LogWarning, "Client %s closed for overcoming of output buffer limits.", info)
	} else {
		e.Log.Logf(LogWarning, "Client %s scheduled to be closed ASAP for overcoming of output buffer limits.", info)
	}
	// Like Redis's freeClientAsync: commands the client already sent are
	// not run, and the client stays registered until its connection is
	// torn down.
	cl.killed = true
	if cl.Kill != nil {
		cl.Kill()
	}
	return true
}

// pubsubCron re-checks the subscribers' output buffer limits (the cron
// calls it), so that a client over the soft limit is closed once its time
// is up even when nothing more is published to it.
func (e *Engine) pubsubCron() {
	if e.ps == nil {
		return
	}
	for cl, cs := range e.ps.clients {
		e.checkPubSubObuf(cl, cs, true)
	}
}

// pushWriter writes subscribe/unsubscribe confirmations for the running
// command. They are push frames: CLIENT REPLY OFF does not drop them.
type pushWriter struct {
	c   *Ctx
	tmp RespWriter
}

// confirm writes one confirmation: kind, the channel or pattern (null when
// there was nothing to unsubscribe from), and the client's subscription
// count (channels and patterns).
func (p *pushWriter) confirm(kind string, name []byte, count int) {
	c, cl := p.c, p.c.Client
	rw, direct := c.Writer.(*RespWriter)
	if !direct || rw != cl.out || cl.cut < 0 {
		writeConfirm(c.Writer, kind, name, count)
		return
	}
	p.tmp.proto = cl.Proto
	p.tmp.Buf = p.tmp.Buf[:0]
	writeConfirm(&p.tmp, kind, name, count)
	cl.writePush(p.tmp.Buf)
}

func writeConfirm(w Writer, kind string, name []byte, count int) {
	w.WritePush(3)
	w.WriteBulkString(kind)
	if name == nil {
		w.WriteNull()
	} else {
		w.WriteBulk(name)
	}
	w.WriteInt(int64(count))
}

// subscriptionCount is the count confirmations carry: channels and
// patterns (shard channels are counted apart, as in Redis).
func subscriptionCount(cl *Client) int { return cl.SubChannels + cl.SubPatterns }

// appendChannelName appends __keyspace@<db>__: or __keyevent@<db>__: and
// suffix (notify.go).
func appendChannelName(b []byte, prefix string, db int, suffix string) []byte {
	b = append(b, prefix...)
	b = strconv.AppendInt(b, int64(db), 10)
	b = append(b, "__:"...)
	return append(b, suffix...)
}
