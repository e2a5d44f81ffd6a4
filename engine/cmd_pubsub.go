package engine

import (
	"slices"
	"sort"
)

// The pub/sub commands. A client that subscribes gets an outbox (see
// Outbox): from then on its replies and the messages published to it leave
// through one ordered queue.

// SUBSCRIBE channel [channel ...]: one confirmation per argument, repeats
// included, each with the client's subscription count after it.
func cmdSubscribe(c *Ctx) {
	cl := c.Client
	ps := c.E.pubsub()
	c.E.EnableOutbox(cl)
	cs := ps.subsOf(cl)
	p := pushWriter{c: c}
	for _, ch := range c.Args[1:] {
		ps.subscribeChannel(cl, cs, ch)
		ps.syncCounts(cl, cs)
		p.confirm("subscribe", ch, subscriptionCount(cl))
	}
}

// PSUBSCRIBE pattern [pattern ...].
func cmdPSubscribe(c *Ctx) {
	cl := c.Client
	ps := c.E.pubsub()
	c.E.EnableOutbox(cl)
	cs := ps.subsOf(cl)
	p := pushWriter{c: c}
	for _, pat := range c.Args[1:] {
		ps.subscribePattern(cl, cs, pat)
		ps.syncCounts(cl, cs)
		p.confirm("psubscribe", pat, subscriptionCount(cl))
	}
}

// UNSUBSCRIBE [channel ...]: one confirmation per argument, subscribed or
// not. Without arguments, one per channel the client had (in subscription
// order), or a single one with a null channel when it had none.
func cmdUnsubscribe(c *Ctx) {
	unsubscribeGeneric(c, "unsubscribe", (*pubsubState).unsubscribeChannel, (*clientSubs).channelsInOrder)
}

// PUNSUBSCRIBE [pattern ...]: as UNSUBSCRIBE, for patterns.
func cmdPUnsubscribe(c *Ctx) {
	unsubscribeGeneric(c, "punsubscribe", (*pubsubState).unsubscribePattern, func(cs *clientSubs) []string {
		return slices.Clone(cs.patterns)
	})
}

// unsubscribeGeneric drops the named subscriptions of one kind (all of
// them without arguments, in the order current lists them) and confirms
// each, as Redis's (p)unsubscribeCommand.
func unsubscribeGeneric(c *Ctx, kind string, drop func(ps *pubsubState, cl *Client, cs *clientSubs, name []byte) bool, current func(cs *clientSubs) []string) {
	cl := c.Client
	p := pushWriter{c: c}
	ps := c.E.ps
	var cs *clientSubs
	if ps != nil {
		cs = ps.clients[cl]
	}
	var names [][]byte
	if len(c.Args) > 1 {
		names = c.Args[1:]
	} else if cs != nil {
		for _, n := range current(cs) {
			names = append(names, []byte(n))
		}
	}
	if len(names) == 0 {
		p.confirm(kind, nil, subscriptionCount(cl))
		return
	}
	for _, n := range names {
		if cs != nil {
			drop(ps, cl, cs, n)
			ps.syncCounts(cl, cs)
		}
		p.confirm(kind, n, subscriptionCount(cl))
	}
}

// PUBLISH channel message: the number of deliveries.
func cmdPublish(c *Ctx) {
	c.WriteInt(int64(c.E.publish(c.Args[1], c.Args[2])))
}

// PUBSUB CHANNELS [pattern]: the channels with subscribers (sorted, where
// Redis lists them in hash order), optionally filtered by a glob.
func cmdPubSubChannels(c *Ctx) {
	if len(c.Args) > 3 {
		c.Err(ErrUnknownSubcommandOrArgs(c.Args[1], c.Args[0]))
		return
	}
	var names []string
	if ps := c.E.ps; ps != nil {
		for name, subs := range ps.channels {
			if len(c.Args) == 3 && !Match(c.Args[2], subs.name, false) {
				continue
			}
			names = append(names, name)
		}
	}
	sort.Strings(names)
	c.WriteArray(len(names))
	for _, n := range names {
		c.WriteBulkString(n)
	}
}

// PUBSUB NUMSUB [channel ...]: channel, count pairs (pattern subscriptions
// are not counted).
func cmdPubSubNumSub(c *Ctx) {
	c.WriteArray(2 * (len(c.Args) - 2))
	for _, ch := range c.Args[2:] {
		n := 0
		if ps := c.E.ps; ps != nil {
			if subs := ps.channels[bstr(ch)]; subs != nil {
				n = len(subs.clients)
			}
		}
		c.WriteBulk(ch)
		c.WriteInt(int64(n))
	}
}

// PUBSUB NUMPAT: the number of distinct patterns with subscribers.
func cmdPubSubNumPat(c *Ctx) {
	_, n := c.E.PubSubCounts()
	c.WriteInt(int64(n))
}

// pubsubHelp is PUBSUB HELP's text after its header line (Redis 7.0
// lists the shard subcommands too).
var pubsubHelp = []string{
	"CHANNELS [<pattern>]",
	"    Return the currently active channels matching a <pattern> (default: '*').",
	"NUMPAT",
	"    Return number of subscriptions to patterns.",
	"NUMSUB [<channel> ...]",
	"    Return the number of subscribers for the specified channels, excluding",
	"    pattern subscriptions(default: no channels).",
	"SHARDCHANNELS [<pattern>]",
	"    Return the currently active shard level channels matching a <pattern> (default: '*').",
	"SHARDNUMSUB [<shardchannel> ...]",
	"    Return the number of subscribers for the specified shard level channel(s)",
	"HELP",
	"    Prints this help.",
}

// PUBSUB HELP.
func cmdPubSubHelp(c *Ctx) {
	c.WriteArray(len(pubsubHelp) + 1)
	c.WriteStatus(upperASCII(c.Args[0]) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
	for _, l := range pubsubHelp {
		c.WriteStatus(l)
	}
}
