package lua

import (
	"luakv/engine"
)

// SCRIPT LOAD script: compile and pin it; reply its SHA.
func (s *Scripting) cmdScriptLoad(c *engine.Ctx) {
	sc, err := s.lookupOrCompile(c.Args[2], true)
	if err != "" {
		c.Err(err)
		return
	}
	c.WriteBulkString(sc.sha)
}

// SCRIPT EXISTS sha...: 1 or 0 each. Only lowercase SHAs match, as in
// Redis (EVALSHA lowercases, SCRIPT EXISTS does not).
func (s *Scripting) cmdScriptExists(c *engine.Ctx) {
	shas := c.Args[2:]
	c.WriteArray(len(shas))
	for _, sha := range shas {
		if s.cache.peekBytes(sha) {
			c.WriteInt(1)
		} else {
			c.WriteInt(0)
		}
	}
}

// SCRIPT FLUSH [ASYNC|SYNC]: drop every script and start a fresh VM.
func (s *Scripting) cmdScriptFlush(c *engine.Ctx) {
	if len(c.Args) > 3 || len(c.Args) == 3 &&
		!engine.EqualFold(c.Args[2], "sync") && !engine.EqualFold(c.Args[2], "async") {
		c.Err(engine.ErrScriptFlushOption)
		return
	}
	s.cache.flush()
	s.resetVM()
	c.OK()
}

// SCRIPT KILL: a script holds the executor while it runs, so a SCRIPT
// KILL that reaches a handler finds none running. (While a script is busy,
// SCRIPT KILL is served beside it: KillScript.)
func (s *Scripting) cmdScriptKill(c *engine.Ctx) { c.Err(engine.ErrNotBusy) }

var scriptHelp = []string{
	"SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
	"EXISTS <sha1> [<sha1> ...]",
	"    Return information about the existence of the scripts in the script cache.",
	"FLUSH [ASYNC|SYNC]",
	"    Flush the Lua scripts cache. Very dangerous on replicas.",
	"    When called without the optional mode argument, the behavior is determined by the",
	"    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
	"    * ASYNC: Asynchronously flush the scripts cache.",
	"    * SYNC: Synchronously flush the scripts cache.",
	"KILL",
	"    Kill the currently executing Lua script.",
	"LOAD <script>",
	"    Load a script into the scripts cache without executing it.",
	"HELP",
	"    Prints this help.",
}

// SCRIPT HELP. (SCRIPT DEBUG, Redis's Lua debugger, is not in luakv, so
// its lines are left out.)
func cmdScriptHelp(c *engine.Ctx) {
	c.WriteArray(len(scriptHelp))
	for _, l := range scriptHelp {
		c.WriteStatus(l)
	}
}
