package serve

import (
	"luakv/engine"
	"luakv/engine/config"
	"luakv/lua"
	"luakv/txn"
)

// NewEngine builds the engine with every layer installed: the one place the
// server binary and the tests' in-process server share, so that the tests
// exercise the server users run. reg (optional) is the config registry
// behind CONFIG GET/SET; host applies the parameters the binary owns.
func NewEngine(st engine.Settings, reg *config.Registry, host engine.HostApply) *engine.Engine {
	e := engine.New(engine.Commands, st)
	txn.Install(e)
	lua.Install(e)
	if reg != nil {
		e.SetConfig(reg, host)
	}
	return e
}
