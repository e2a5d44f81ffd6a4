package engine

import "testing"

// srvTestEngine is testEngine with minimal SET, GET, MGET and KEYS bound for
// rows that have no handler yet in this tree, so the server command tests
// can build and read keyspaces through the dispatcher. Handlers the table
// already binds are kept.
func srvTestEngine(t testing.TB) *Engine {
	e := testEngine(t)
	bind := func(name string, p Proc) {
		if cmd := e.table.Get(name); cmd.Proc == nil {
			cmd.Proc = p
		}
	}
	bind("set", func(c *Ctx) { c.DB.SetString(c.Args[1], c.Args[2], false); c.OK() })
	bind("get", func(c *Ctx) {
		if en := c.DB.Lookup(c.Args[1]); en != nil {
			c.WriteBulk(en.StringBytes())
			return
		}
		c.WriteNull()
	})
	bind("mget", func(c *Ctx) {
		c.WriteArray(len(c.Args) - 1)
		for _, k := range c.Args[1:] {
			if en := c.DB.Lookup(k); en != nil {
				c.WriteBulk(en.StringBytes())
			} else {
				c.WriteNull()
			}
		}
	})
	bind("keys", func(c *Ctx) {
		var out []string
		c.DB.Each(func(en *Entry) bool {
			if Match(c.Args[1], []byte(en.Key()), false) {
				out = append(out, en.Key())
			}
			return true
		})
		c.WriteArray(len(out))
		for _, k := range out {
			c.WriteBulkString(k)
		}
	})
	return e
}
