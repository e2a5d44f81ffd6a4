package engine

// Propagation hands the effects of commands to persistence (the AOF), the
// way Redis 7.0's call() and propagatePendingCommands do:
//
//   - After each command (top-level, queued in EXEC, or called by a script)
//     that changed the dataset (it raised the change counter, Stats.Dirty),
//     its arguments become an effect on the client's database, unless the
//     command prevented it (EXEC, scripts: their inner commands are what
//     propagates) or replaced them (PropagateAs). ForcePropagation makes a
//     command an effect even when nothing changed.
//   - Deleting an expired key is an effect of its own, DEL key, as Redis's
//     propagateDeletion.
//   - Effects collect until the outermost command ends; then they go to the
//     Propagator in order. More than one is wrapped in MULTI ... EXEC, so the
//     unit replays atomically; one alone goes as is. A transaction (or
//     script) that changed nothing propagates nothing.
//   - Outside any command (the active expire cycle) each effect goes at once.
//
// With no Propagator set, none of this costs more than a nil check.

// Propagator receives the effects of commands, in execution order. db is the
// database the effect applies to: the sink emits SELECT when it differs from
// the previous one. args are valid only during the call and must not be
// modified. It runs inside the executor and must not call the engine.
type Propagator interface {
	Propagate(db int, args [][]byte)
}

// SetPropagator installs the effects sink (nil: none).
func (e *Engine) SetPropagator(p Propagator) {
	e.prop.sink = p
	e.prop.reset()
}

// propFlags say what propagation does with one call.
type propFlags uint8

const (
	propPrevent propFlags = 1 << iota // not an effect itself
	propForce                         // an effect even if nothing changed
)

// PreventPropagation keeps the running command from being an effect itself
// (Redis's preventCommandPropagation); effects of the commands it runs, and
// AlsoPropagate's, still go. EXEC and the script commands call it.
func (c *Ctx) PreventPropagation() { c.prop |= propPrevent }

// ForcePropagation makes the running command an effect even if it changed
// nothing (FLUSHDB on an empty database, as Redis's forceCommandPropagation).
func (c *Ctx) ForcePropagation() { c.prop |= propForce }

// PropagateAs replaces the arguments the running command propagates with
// (Redis's rewriteClientCommandVector: EXPIRE as PEXPIREAT, SET EX as SET
// PXAT ...). The slices are copied when the command ends.
func (c *Ctx) PropagateAs(args [][]byte) { c.propArgs = args }

// AlsoPropagate adds an effect on database db, after those collected so far
// (Redis's alsoPropagate: SPOP's SREM, XREADGROUP's XCLAIM ...). args are
// copied.
func (e *Engine) AlsoPropagate(db int, args [][]byte) {
	if e.prop.sink == nil {
		return
	}
	e.prop.add(db, args...)
	if e.depth == 0 {
		e.flushPropagation()
	}
}

// propagating reports whether effects go anywhere, so a command can skip
// building effects nobody receives.
func (e *Engine) propagating() bool { return e.prop.sink != nil }

// propagateDeletion makes the reclaiming of an expired key an effect.
func (e *Engine) propagateDeletion(db *DB, key string) {
	if e.prop.sink == nil {
		return
	}
	e.prop.addStrings(db.ID, "DEL", key)
	if e.depth == 0 {
		e.flushPropagation()
	}
}

// propagateCall records the command c ran as an effect if it changed the
// dataset (or forced it), unless it prevented that.
func (e *Engine) propagateCall(c *Ctx, changed bool) {
	if c.prop&propPrevent != 0 || !changed && c.prop&propForce == 0 {
		return
	}
	args := c.Args
	if c.propArgs != nil {
		args = c.propArgs
	}
	e.prop.add(c.DB.ID, args...)
}

var (
	propMulti = [][]byte{[]byte("MULTI")}
	propExec  = [][]byte{[]byte("EXEC")}
)

// flushPropagation hands the collected effects to the sink, wrapping more
// than one in MULTI ... EXEC (MULTI on the first effect's database, EXEC on
// the last's, so that the sink adds no SELECT around them).
func (e *Engine) flushPropagation() {
	p := &e.prop
	ops := p.ops
	if p.sink == nil || len(ops) == 0 {
		p.reset()
		return
	}
	wrap := len(ops) > 1
	if wrap {
		p.sink.Propagate(ops[0].db, propMulti)
	}
	for _, op := range ops {
		p.sink.Propagate(op.db, p.argv[op.from:op.to])
	}
	if wrap {
		p.sink.Propagate(ops[len(ops)-1].db, propExec)
	}
	p.reset()
}

// propState holds the effects collected during the running command. Their
// arguments are copied into buffers reused from one command to the next,
// because the originals (network buffers, an EXEC queue) do not outlive it.
type propState struct {
	sink Propagator
	ops  []propOp
	argv [][]byte
	buf  []byte
}

type propOp struct {
	db       int
	from, to int // argv[from:to]
}

func (p *propState) add(db int, args ...[]byte) {
	from := len(p.argv)
	for _, a := range args {
		p.argv = append(p.argv, p.copyBytes(a))
	}
	p.ops = append(p.ops, propOp{db: db, from: from, to: len(p.argv)})
}

func (p *propState) addStrings(db int, args ...string) {
	from := len(p.argv)
	for _, a := range args {
		p.argv = append(p.argv, p.copyBytes(keyView(a)))
	}
	p.ops = append(p.ops, propOp{db: db, from: from, to: len(p.argv)})
}

// copyBytes copies b into buf. A growing buf moves to a new array; the
// slices taken from the old one stay valid, which is all they need.
func (p *propState) copyBytes(b []byte) []byte {
	start := len(p.buf)
	p.buf = append(p.buf, b...)
	return p.buf[start:len(p.buf):len(p.buf)]
}

func (p *propState) reset() {
	p.ops = p.ops[:0]
	clear(p.argv)
	p.argv = p.argv[:0]
	if cap(p.buf) > 1<<20 { // let a huge effect's copy go
		p.buf = nil
	} else {
		p.buf = p.buf[:0]
	}
}

// PropagationLog is a Propagator that records every effect, for tests and
// debugging.
type PropagationLog struct {
	Ops []PropagatedOp
}

// PropagatedOp is one effect a PropagationLog recorded.
type PropagatedOp struct {
	DB   int
	Args []string
}

// Propagate records a copy of the effect.
func (l *PropagationLog) Propagate(db int, args [][]byte) {
	op := PropagatedOp{DB: db, Args: make([]string, len(args))}
	for i, a := range args {
		op.Args[i] = string(a)
	}
	l.Ops = append(l.Ops, op)
}
