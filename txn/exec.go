package txn

import "luakv/engine"

// EXEC: run the queued commands, unless a refusal doomed the transaction
// (EXECABORT) or a watched key changed (null array). The executor is held
// by the EXEC itself, so the queue runs with nothing in between.
func (t *Txn) cmdExec(c *engine.Ctx) {
	cl := c.Client
	st := t.stateOf(cl)
	if st == nil || !st.multi {
		c.Err(engine.ErrExecWithoutMulti)
		return
	}
	if !st.dirtyCAS && t.watchedKeyExpired(st) {
		st.dirtyCAS = true
	}
	if st.dirtyExec || st.dirtyCAS {
		if st.dirtyExec {
			c.Err(engine.ErrExecAbort)
		} else {
			c.WriteNullArray()
		}
		t.discard(st)
		return
	}
	// The queued commands are the effects, not EXEC.
	c.PreventPropagation()
	t.unwatchAll(st) // nothing can touch them any more: spare the hook
	noBlock := cl.NoBlock
	cl.NoBlock, cl.InExec = true, true
	q := st.queue
	c.WriteArray(len(q))
	for i := range q {
		// Each command writes its own reply, RESP3 types and errors
		// included, into its slot; an error does not stop the rest.
		c.E.Call(cl, c.Writer, q[i].cmd, q[i].args)
	}
	cl.NoBlock, cl.InExec = noBlock, false
	t.discard(st)
}
