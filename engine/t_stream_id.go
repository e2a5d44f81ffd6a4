package engine

import (
	"math"
	"strconv"
)

// StreamID is a stream entry ID: a millisecond time and a sequence number,
// ordered as one 128-bit number.
type StreamID struct {
	Ms, Seq uint64
}

var (
	minStreamID = StreamID{}
	maxStreamID = StreamID{math.MaxUint64, math.MaxUint64}
)

// Cmp compares a and b: -1, 0 or 1.
func (a StreamID) Cmp(b StreamID) int {
	switch {
	case a.Ms > b.Ms:
		return 1
	case a.Ms < b.Ms:
		return -1
	case a.Seq > b.Seq:
		return 1
	case a.Seq < b.Seq:
		return -1
	}
	return 0
}

// Less reports whether a comes before b.
func (a StreamID) Less(b StreamID) bool { return a.Cmp(b) < 0 }

// IsZero reports whether id is 0-0.
func (id StreamID) IsZero() bool { return id.Ms == 0 && id.Seq == 0 }

// Next is the ID right after id; ok is false when id is the last possible
// one (Redis's streamIncrID).
func (id StreamID) Next() (next StreamID, ok bool) {
	switch {
	case id.Seq < math.MaxUint64:
		return StreamID{id.Ms, id.Seq + 1}, true
	case id.Ms < math.MaxUint64:
		return StreamID{id.Ms + 1, 0}, true
	}
	return id, false
}

// Prev is the ID right before id; ok is false for 0-0 (streamDecrID).
func (id StreamID) Prev() (prev StreamID, ok bool) {
	switch {
	case id.Seq > 0:
		return StreamID{id.Ms, id.Seq - 1}, true
	case id.Ms > 0:
		return StreamID{id.Ms - 1, math.MaxUint64}, true
	}
	return id, false
}

// AppendTo appends id as "<ms>-<seq>".
func (id StreamID) AppendTo(b []byte) []byte {
	b = strconv.AppendUint(b, id.Ms, 10)
	b = append(b, '-')
	return strconv.AppendUint(b, id.Seq, 10)
}

func (id StreamID) String() string { return string(id.AppendTo(nil)) }

// nextStreamID is the ID XADD * generates after last at time now (ms):
// now-0, or last's time with the next sequence when the clock has not
// moved past it (streamNextID).
func nextStreamID(last StreamID, now uint64) StreamID {
	if now > last.Ms {
		return StreamID{now, 0}
	}
	next, _ := last.Next()
	return next
}

// streamIDParse is how an ID argument is read.
type streamIDParse struct {
	// missingSeq is the sequence of an ID given as its time alone.
	missingSeq uint64
	// strict refuses "-" and "+".
	strict bool
	// seqAuto accepts "<ms>-*" (XADD): the sequence is to be generated.
	seqAuto bool
}

// parseStreamID reads an ID argument as Redis's streamGenericParseIDOrReply:
// "-" and "+" (unless strict), "<ms>-<seq>", "<ms>" (sequence missingSeq),
// and with seqAuto "<ms>-*", which reports seqGiven false.
func parseStreamID(b []byte, p streamIDParse) (id StreamID, seqGiven, ok bool) {
	if len(b) > 127 {
		return id, false, false
	}
	b = cstrBytes(b) // the C code reads up to a NUL
	if len(b) == 1 && (b[0] == '-' || b[0] == '+') {
		if p.strict {
			return id, false, false
		}
		if b[0] == '-' {
			return minStreamID, true, true
		}
		return maxStreamID, true, true
	}
	msPart, seqPart, hasSeq := b, []byte(nil), false
	for i, ch := range b {
		if ch == '-' {
			msPart, seqPart, hasSeq = b[:i], b[i+1:], true
			break
		}
	}
	ms, ok := string2ull(msPart)
	if !ok {
		return id, false, false
	}
	seq := p.missingSeq
	seqGiven = true
	if hasSeq {
		if p.seqAuto && len(seqPart) == 1 && seqPart[0] == '*' {
			seq, seqGiven = 0, false
		} else if seq, ok = string2ull(seqPart); !ok {
			return id, false, false
		}
	}
	return StreamID{ms, seq}, seqGiven, true
}

// streamIDArg parses an ID argument, replying Redis's "Invalid stream ID"
// error when it is not one.
func (c *Ctx) streamIDArg(b []byte, p streamIDParse) (StreamID, bool) {
	id, _, ok := parseStreamID(b, p)
	if !ok {
		c.Err(ErrStreamID)
	}
	return id, ok
}

// strictIDArgs parses a list of ID arguments ("-" and "+" refused), all
// before any is used, as XDEL and XACK do.
func (c *Ctx) strictIDArgs(args [][]byte) ([]StreamID, bool) {
	ids := make([]StreamID, len(args))
	for i, a := range args {
		var ok bool
		if ids[i], ok = c.streamIDArg(a, streamIDParse{strict: true}); !ok {
			return nil, false
		}
	}
	return ids, true
}

// string2ull reads an unsigned 64-bit decimal as Redis's string2ull: a
// string2ll integer that is not negative, or else whatever C's strtoull
// accepts whole (leading white space, a sign, values past int64; a minus
// sign wraps around, as strtoull's does).
func string2ull(b []byte) (uint64, bool) {
	if v, ok := parseInt(b); ok {
		return uint64(v), v >= 0
	}
	i := 0
	for i < len(b) && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	if i == len(b) {
		return 0, false
	}
	var v uint64
	for ; i < len(b); i++ {
		d := b[i] - '0'
		if d > 9 {
			return 0, false
		}
		if v > (math.MaxUint64-uint64(d))/10 {
			return 0, false // ERANGE
		}
		v = v*10 + uint64(d)
	}
	if neg {
		v = -v
	}
	return v, true
}

// writeStreamID replies id as a bulk string.
func writeStreamID(w Writer, id StreamID) {
	var buf [48]byte
	writeBulkDigits(w, id.AppendTo(buf[:0]))
}
