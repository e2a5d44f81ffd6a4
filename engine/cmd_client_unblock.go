package engine

// CLIENT UNBLOCK id [TIMEOUT|ERROR]: ends another client's parked blocking
// command with its timeout reply, or with the UNBLOCKED error. Replies 1 if
// the client was parked, else 0.
func cmdClientUnblock(c *Ctx) {
	if len(c.Args) > 4 {
		c.Err(ErrUnknownSubcommandOrArgs(c.Args[1], c.Args[0]))
		return
	}
	var err Error
	if len(c.Args) == 4 {
		switch {
		case EqualFold(c.Args[3], "timeout"):
		case EqualFold(c.Args[3], "error"):
			err = ErrUnblocked
		default:
			c.Err(ErrUnblockReason)
			return
		}
	}
	id, ok := parseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	if target := c.E.lookupClient(id); target != nil && c.E.UnblockClient(target, err) {
		c.WriteInt(1)
		return
	}
	c.WriteInt(0)
}
