package lua

import (
	lru "github.com/hashicorp/golang-lru/v2"
	glua "github.com/yuin/gopher-lua"
)

// DefaultCacheSize bounds the EVAL scripts kept compiled, as Redis 7.4
// bounds them (500), so a client that sends a new script text per call
// cannot grow the server's memory without limit.
const DefaultCacheSize = 500

// script is a compiled script and what its shebang declared.
type script struct {
	sha   string // 40 lowercase hex digits
	body  string
	flags scriptFlags
	// proto is the compiled chunk; fn its function in the VM of
	// generation gen (rebuilt from proto if the VM was replaced).
	proto *glua.FunctionProto
	fn    *glua.LFunction
	gen   uint64
	// pinned: added by SCRIPT LOAD, kept until SCRIPT FLUSH.
	pinned bool
}

// scriptOverhead approximates the bookkeeping bytes of one cached script
// (the entry, its SHA, the LRU node, the compiled function's headers),
// added to the body's length in used_memory_scripts_eval.
const scriptOverhead = 256

// cache holds the scripts: EVAL'd ones in an LRU, SCRIPT LOAD'ed ones
// pinned. A script is in exactly one of the two.
type cache struct {
	lru     *lru.Cache[string, *script]
	pinned  map[string]*script
	bytes   int64
	evicted int64
	size    int // the LRU's bound
}

func newCache(size int) *cache {
	c := &cache{pinned: map[string]*script{}}
	l, err := lru.NewWithEvict[string, *script](max(size, 1), c.onEvict)
	if err != nil {
		panic(err) // only for a size < 1, excluded above
	}
	c.lru, c.size = l, max(size, 1)
	return c
}

func (c *cache) onEvict(_ string, s *script) {
	c.bytes -= s.size()
	if !s.pinned {
		c.evicted++
	}
}

func (s *script) size() int64 { return int64(len(s.body)) + scriptOverhead }

// get finds a script by SHA (lowercase), marking an EVAL'd one recently
// used.
func (c *cache) get(sha string) *script {
	if s, ok := c.pinned[sha]; ok {
		return s
	}
	s, _ := c.lru.Get(sha)
	return s
}

// getBytes is get for a SHA still in argument bytes; a pinned script is
// found without allocating.
func (c *cache) getBytes(sha []byte) *script {
	if s, ok := c.pinned[string(sha)]; ok {
		return s
	}
	s, _ := c.lru.Get(string(sha))
	return s
}

// addEval caches a script sent with EVAL, evicting the least recently used
// one when full.
func (c *cache) addEval(s *script) {
	c.bytes += s.size()
	c.lru.Add(s.sha, s)
}

// pin keeps s until SCRIPT FLUSH (SCRIPT LOAD), moving it out of the LRU
// if EVAL had put it there.
func (c *cache) pin(s *script) {
	if s.pinned {
		return
	}
	if _, ok := c.lru.Peek(s.sha); ok {
		s.pinned = true // so the removal is not counted as an eviction
		c.lru.Remove(s.sha)
	}
	s.pinned = true
	c.pinned[s.sha] = s
	c.bytes += s.size()
}

// flush drops every script.
func (c *cache) flush() {
	c.pinned = map[string]*script{}
	for _, s := range c.lru.Values() {
		s.pinned = true // not an eviction
	}
	c.lru.Purge()
	c.bytes = 0
}

// resize changes the LRU bound (lua-script-cache-size), evicting the
// oldest scripts when it shrinks.
func (c *cache) resize(n int) {
	c.size = max(n, 1)
	c.lru.Resize(c.size)
}

func (c *cache) count() int { return len(c.pinned) + c.lru.Len() }

// peekBytes reports whether a script with this exact SHA is cached, without
// touching its recency.
func (c *cache) peekBytes(sha []byte) bool {
	if _, ok := c.pinned[string(sha)]; ok {
		return true
	}
	return c.lru.Contains(string(sha))
}

// peekScript finds a script by SHA without touching its recency (for the
// dispatcher's gates, before the command runs).
func (c *cache) peekScript(sha []byte) *script {
	if s, ok := c.pinned[string(sha)]; ok {
		return s
	}
	s, _ := c.lru.Peek(string(sha))
	return s
}
