package engine

import "strings"

// OBJECT ENCODING|REFCOUNT|IDLETIME|FREQ|HELP. The dispatcher resolves the
// subcommand and checks its arity; the lookups below neither update the
// key's access time nor fire a keymiss event, but count keyspace stats.

// sharedIntegers is how many small integers (0 up to this, exclusive) Redis
// stores as shared objects (OBJ_SHARED_INTEGERS).
const sharedIntegers = 10000

// objectHelp is OBJECT HELP's text, as Redis 7.0 prints it.
var objectHelp = []string{
	"OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
	"ENCODING <key>",
	"    Return the kind of internal representation used in order to store the value",
	"    associated with a <key>.",
	"FREQ <key>",
	"    Return the access frequency index of the <key>. The returned integer is",
	"    proportional to the logarithm of the recent access frequency of the key.",
	"IDLETIME <key>",
	"    Return the idle time of the <key>, that is the approximated number of",
	"    seconds elapsed since the last access to the key.",
	"REFCOUNT <key>",
	"    Return the number of references of the value associated with the specified",
	"    <key>.",
	"HELP",
	"    Prints this help.",
}

// lfuPolicy reports whether an LFU maxmemory-policy is selected: then
// OBJECT FREQ answers and OBJECT IDLETIME is refused, and the other way
// round otherwise (see lfu.go).
func (e *Engine) lfuPolicy() bool { return e.Config.lfu }

// objectLookup is OBJECT's key lookup; it writes the null reply for a
// missing key.
func objectLookup(c *Ctx) *Entry {
	en := c.DB.LookupNoNotify(c.Args[2])
	if en == nil {
		c.WriteNull()
	}
	return en
}

// OBJECT ENCODING key.
func cmdObjectEncoding(c *Ctx) {
	if en := objectLookup(c); en != nil {
		c.WriteBulkString(en.Encoding())
	}
}

// OBJECT REFCOUNT key. Values are never shared here, so the count is 1,
// except that Redis stores small integers (0..9999) as shared objects and
// reports INT_MAX for them; a value with that encoding reports the same.
func cmdObjectRefcount(c *Ctx) {
	en := objectLookup(c)
	if en == nil {
		return
	}
	if c.E.sharedInteger(en) {
		c.WriteInt(sharedIntRefcount)
		return
	}
	c.WriteInt(1)
}

// sharedInteger reports whether Redis would hold en's value in one of its
// shared integer objects (0 to 9999), whose refcount OBJECT REFCOUNT shows
// as INT_MAX: a string of encoding "int" in that range (set, or produced
// by INCR and its family), unless maxmemory evicts by LRU or LFU, which
// needs an access clock in every object. Redis decides when it creates the
// value; this asks under the policy in force now, which differs only for a
// value kept across a change of policy.
func (e *Engine) sharedInteger(en *Entry) bool {
	if en.Encoding() != "int" {
		return false
	}
	if p := e.Config.MaxMemoryPolicy; e.Config.MaxMemory != 0 && (isLFUPolicy(p) || strings.HasSuffix(p, "-lru")) {
		return false
	}
	v, ok := parseInt(en.StringBytes())
	return ok && v >= 0 && v < sharedIntegers
}

// OBJECT IDLETIME key: seconds since the key was last accessed, from the
// entry's LRU clock (which wraps like Redis's 24-bit clock).
func cmdObjectIdletime(c *Ctx) {
	en := objectLookup(c)
	if en == nil {
		return
	}
	if c.E.lfuPolicy() {
		c.Err(ErrLFUSelected)
		return
	}
	c.WriteInt(int64(idleSeconds(c.E.lruClock(), en.lru)))
}

// idleSeconds is the time between an LRU stamp and the clock now, allowing
// for one wrap of the clock.
func idleSeconds(now, stamp uint32) uint32 {
	if now >= stamp {
		return now - stamp
	}
	return now + (lruClockMax - stamp)
}

// OBJECT FREQ key: the key's LFU counter, decayed for the time since its
// last access (without storing the decay: reading is not an access). Only
// meaningful under an LFU maxmemory-policy.
func cmdObjectFreq(c *Ctx) {
	en := objectLookup(c)
	if en == nil {
		return
	}
	if !c.E.lfuPolicy() {
		c.Err(ErrLFUNotSelected)
		return
	}
	c.WriteInt(int64(c.E.lfuDecayed(en.lru)))
}

// OBJECT HELP.
func cmdObjectHelp(c *Ctx) {
	c.WriteArray(len(objectHelp))
	for _, line := range objectHelp {
		c.WriteStatus(line)
	}
}
