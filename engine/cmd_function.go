package engine

// FunctionStore is the library registry of FUNCTION: the lua package
// installs it. Without one there are no libraries, so FUNCTION FLUSH has
// nothing to remove.
type FunctionStore interface {
	// Flush removes every library.
	Flush()
}

// FUNCTION FLUSH [ASYNC|SYNC]: remove every function library.
func cmdFunctionFlush(c *Ctx) {
	if len(c.Args) > 3 {
		c.Err(ErrUnknownSubcommandOrArgs(c.Args[1], c.Args[0]))
		return
	}
	if len(c.Args) == 3 && !EqualFold(c.Args[2], "async") && !EqualFold(c.Args[2], "sync") {
		c.Err(ErrFunctionFlushOption)
		return
	}
	if c.E.Functions != nil {
		c.E.Functions.Flush()
	}
	c.OK()
}
