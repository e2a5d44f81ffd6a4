package engine

// PING [message]: PONG, or the message as a bulk string. In RESP2
// subscribed mode Redis answers ["pong", message] instead.
func cmdPing(c *Ctx) {
	if len(c.Args) > 2 {
		c.Err(ErrWrongArgs("ping"))
		return
	}
	if c.Client.Proto == 2 && c.Client.Subscriptions > 0 {
		c.WriteArray(2)
		c.WriteBulkString("pong")
		if len(c.Args) == 2 {
			c.WriteBulk(c.Args[1])
		} else {
			c.WriteBulkString("")
		}
		return
	}
	if len(c.Args) == 2 {
		c.WriteBulk(c.Args[1])
		return
	}
	c.WriteStatus(StatusPong)
}

// ECHO message.
func cmdEcho(c *Ctx) { c.WriteBulk(c.Args[1]) }

// SELECT index.
func cmdSelect(c *Ctx) {
	n, ok := parseInt(c.Args[1])
	if !ok {
		c.Err(ErrInvalidDBIndex)
		return
	}
	if n < 0 || n >= int64(len(c.E.dbs)) {
		c.Err(ErrDBIndex)
		return
	}
	c.SelectDB(int(n))
	c.OK()
}

// QUIT: reply OK, then close once the reply is flushed.
func cmdQuit(c *Ctx) {
	c.OK()
	c.Client.CloseAfterReply = true
}
