package engine

import (
	"net"

	"luakv/engine/config"
)

// registry returns the engine's config registry, binding one at the
// defaults when the server binary did not (tests, embedded engines).
func (e *Engine) registry() *config.Registry {
	if e.conf.reg == nil {
		e.SetConfig(NewConfig(), nil)
	}
	return e.conf.reg
}

// CONFIG GET parameter [parameter ...]: a map of the matching parameters
// (a flat array in RESP2).
func cmdConfigGet(c *Ctx) {
	patterns := make([]string, len(c.Args)-2)
	for i, a := range c.Args[2:] {
		patterns[i] = string(a)
	}
	pairs := c.E.registry().Match(patterns)
	c.WriteMap(len(pairs))
	for _, p := range pairs {
		c.WriteBulkString(p.Name)
		c.WriteBulkString(p.Value)
	}
}

// CONFIG SET parameter value [parameter value ...]: all or nothing.
func cmdConfigSet(c *Ctx) {
	if len(c.Args)%2 != 0 {
		c.Err(ErrSyntax)
		return
	}
	r := c.E.registry()
	n := (len(c.Args) - 2) / 2
	names, values := make([]string, n), make([]string, n)
	for i := 0; i < n; i++ {
		names[i], values[i] = string(c.Args[2+2*i]), string(c.Args[3+2*i])
	}
	protectedOK := false
	switch r.Int("enable-protected-configs") {
	case allowYes:
		protectedOK = true
	case allowLocal:
		protectedOK = IsLocalClient(c.Client)
	}
	if err := r.SetMany(names, values, protectedOK); err != nil {
		c.Err(ErrConfigSet(err))
		return
	}
	c.OK()
}

// CONFIG RESETSTAT.
func cmdConfigResetStat(c *Ctx) {
	c.E.ResetStats()
	c.OK()
}

// CONFIG REWRITE: write the current values into the config file the server
// started from.
func cmdConfigRewrite(c *Ctx) {
	r := c.E.registry()
	if r.File == "" {
		c.Err(ErrNoConfigFile)
		return
	}
	if err := r.Rewrite(r.File); err != nil {
		reason := config.Strerror(err)
		c.E.Log.Logf(LogWarning, "CONFIG REWRITE failed: %s", reason)
		c.Err(ErrConfigRewrite(reason))
		return
	}
	c.E.Log.Logf(LogWarning, "CONFIG REWRITE executed with success.")
	c.OK()
}

// configHelp is CONFIG HELP's text.
var configHelp = []string{
	"CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
	"GET <pattern>",
	"    Return parameters matching the glob-like <pattern> and their values.",
	"SET <directive> <value>",
	"    Set the configuration <directive> to <value>.",
	"RESETSTAT",
	"    Reset statistics reported by the INFO command.",
	"REWRITE",
	"    Rewrite the configuration file.",
	"HELP",
	"    Prints this help.",
}

// CONFIG HELP.
func cmdConfigHelp(c *Ctx) {
	c.WriteArray(len(configHelp))
	for _, l := range configHelp {
		c.WriteStatus(l)
	}
}

// IsLocalClient reports whether cl is connected through a Unix socket or
// from a loopback address (127.0.0.1 or ::1), as Redis's islocalClient
// decides for the "local" settings of enable-debug-command and
// enable-protected-configs.
func IsLocalClient(cl *Client) bool {
	host, _, err := net.SplitHostPort(cl.Addr)
	if err != nil {
		return true // no ip:port: a Unix socket peer
	}
	return host == "127.0.0.1" || host == "::1"
}
