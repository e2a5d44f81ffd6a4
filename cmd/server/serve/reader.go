package serve

import (
	"io"
	"math"

	"luakv/engine"
)

// inlineMax is Redis's PROTO_INLINE_MAX_SIZE: the longest inline request,
// multibulk count line or bulk length line accepted without its terminator.
const inlineMax = 64 * 1024

// protoError is a request that breaks the protocol. Text is Redis's reply;
// the connection is closed after it is sent.
type protoError struct{ text string }

func (e *protoError) Error() string { return e.text }

// Redis's protocol error replies.
var (
	errTooBigInline     = &protoError{"ERR Protocol error: too big inline request"}
	errUnbalancedQuotes = &protoError{"ERR Protocol error: unbalanced quotes in request"}
	errTooBigMbulk      = &protoError{"ERR Protocol error: too big mbulk count string"}
	errInvalidMbulk     = &protoError{"ERR Protocol error: invalid multibulk length"}
	errUnauthMbulk      = &protoError{"ERR Protocol error: unauthenticated multibulk length"}
	errTooBigBulk       = &protoError{"ERR Protocol error: too big bulk count string"}
	errInvalidBulk      = &protoError{"ERR Protocol error: invalid bulk length"}
	errUnauthBulk       = &protoError{"ERR Protocol error: unauthenticated bulk length"}
)

func errExpectedDollar(got byte) *protoError {
	return &protoError{"ERR Protocol error: expected '$', got '" + string([]byte{got}) + "'"}
}

// errQueryBufLimit closes a client whose unparsed input passed
// client-query-buffer-limit; Redis sends no reply.
var errQueryBufLimit = &protoError{}

// Limits are the reader's protocol limits, read before each parse so CONFIG
// SET applies at once.
type Limits struct {
	MaxBulkLen  int64 // proto-max-bulk-len
	MaxQueryBuf int64 // client-query-buffer-limit
	// AuthRequired applies Redis's tighter limits to unauthenticated
	// clients (10 arguments, 16 KB per argument).
	AuthRequired bool
}

// Reader parses requests as Redis's processInputBuffer does, multibulk or
// inline, into argument slices that point into its buffer. A batch stays
// valid until the next call to Read. It never allocates an announced length
// ahead of the data: the buffer grows only with bytes actually received.
type Reader struct {
	rd    io.Reader
	buf   []byte
	start int // first unparsed byte
	end   int // end of received data

	// Reused storage so a steady pipeline allocates nothing per command.
	batch [][][]byte
	argv  [][]byte

	// A multibulk command that has not fully arrived: arguments still
	// expected (0 when none is in progress), the offset of the next header
	// from the command's start, and the arguments parsed so far.
	mbLeft int64
	mbPos  int
	refs   []argRef
	scan   lineScan // progress searching for the current line's end
}

// NewReader returns a reader over rd.
func NewReader(rd io.Reader) *Reader {
	return &Reader{rd: rd, buf: make([]byte, 16*1024)}
}

// Buffered returns how many received bytes are not yet parsed.
func (r *Reader) Buffered() int { return r.end - r.start }

// BufSize returns the capacity of the query buffer.
func (r *Reader) BufSize() int { return len(r.buf) }

// Read blocks until at least one whole command has arrived and returns all
// whole commands buffered, with the number of bytes read from the network.
// After a protocol error, the commands before it are returned with the
// error so they run before the error reply, as in Redis.
func (r *Reader) Read(lim func() Limits) ([][][]byte, int64, error) {
	r.batch = r.batch[:0]
	r.argv = r.argv[:0]
	var nread int64
	for {
		l := lim()
		err := r.parse(l)
		if len(r.batch) > 0 || err != nil {
			return r.batch, nread, err
		}
		if int64(r.end-r.start) > l.MaxQueryBuf {
			return nil, nread, errQueryBufLimit
		}
		r.makeRoom()
		n, err := r.rd.Read(r.buf[r.end:])
		r.end += n
		nread += int64(n)
		if err != nil && n == 0 {
			return nil, nread, err
		}
	}
}

// makeRoom ensures free space after end: it first drops parsed bytes, then
// doubles the buffer.
func (r *Reader) makeRoom() {
	if r.start == r.end {
		r.start, r.end = 0, 0
		if len(r.buf) > 1<<20 { // give back a buffer a big request grew
			r.buf = make([]byte, 16*1024)
		}
		return
	}
	if r.end < len(r.buf) {
		return
	}
	if r.start > 0 {
		copy(r.buf, r.buf[r.start:r.end])
		r.end -= r.start
		r.start = 0
		if r.end < len(r.buf) {
			return
		}
	}
	nb := make([]byte, 2*len(r.buf))
	copy(nb, r.buf[:r.end])
	r.buf = nb
}

// parse appends every whole command in buf[start:end] to the batch.
func (r *Reader) parse(l Limits) error {
	for r.start < r.end {
		var ok bool
		var err error
		if r.buf[r.start] == '*' {
			ok, err = r.parseMultibulk(l)
		} else {
			ok, err = r.parseInline()
		}
		if err != nil || !ok {
			return err
		}
	}
	return nil
}

// find returns the index, relative to hdr, of the first c in the unparsed
// bytes from hdr on (hdr itself relative to start), stopping at a NUL byte
// as C's strchr does, or -1. It remembers how far it has looked, so a line
// that arrives a byte at a time is scanned once, not once per byte.
func (r *Reader) find(hdr int, c byte) int {
	s := &r.scan
	if !s.valid || s.hdr != hdr || s.c != c {
		*s = lineScan{valid: true, hdr: hdr, c: c}
	}
	if s.nul {
		return -1
	}
	data := r.buf[r.start+hdr : r.end]
	for i := s.done; i < len(data); i++ {
		switch data[i] {
		case c:
			s.done = i
			return i
		case 0:
			s.nul = true
			return -1
		}
	}
	s.done = len(data)
	return -1
}

// lineScan is find's progress on the line it last searched.
type lineScan struct {
	valid bool
	hdr   int  // where the line starts, relative to start
	c     byte // the terminator searched for
	done  int  // bytes of the line already searched
	nul   bool // a NUL byte ends the search
}

// consume marks n more bytes as parsed.
func (r *Reader) consume(n int) {
	r.start += n
	r.scan.valid = false
}

func (r *Reader) parseInline() (bool, error) {
	data := r.buf[r.start:r.end]
	nl := r.find(0, '\n')
	if nl < 0 {
		if len(data) > inlineMax {
			return false, errTooBigInline
		}
		return false, nil
	}
	line := data[:nl]
	if nl > 0 && line[nl-1] == '\r' {
		line = line[:nl-1]
	}
	args, ok := engine.SplitArgs(line)
	if !ok {
		return false, errUnbalancedQuotes
	}
	r.consume(nl + 1)
	if len(args) > 0 {
		r.batch = append(r.batch, args)
	}
	return true, nil
}

// parseMultibulk parses one "*N\r\n$len\r\n...". A command that has not
// fully arrived keeps its progress in the reader (arguments still expected,
// where the next header starts, the arguments found so far as offsets from
// the command's start), so each byte is parsed once however the command is
// segmented: a client trickling a million-argument command costs linear
// time, as in Redis. Offsets survive makeRoom, which moves the unparsed
// bytes but keeps them together.
func (r *Reader) parseMultibulk(l Limits) (bool, error) {
	if r.mbLeft == 0 {
		data := r.buf[r.start:r.end]
		cr := r.find(0, '\r')
		if cr < 0 {
			if len(data) > inlineMax {
				return false, errTooBigMbulk
			}
			return false, nil
		}
		if cr > len(data)-2 {
			return false, nil
		}
		n, ok := engine.ParseInt(data[1:cr])
		if !ok || n > math.MaxInt32 {
			return false, errInvalidMbulk
		}
		if n > 10 && l.AuthRequired {
			return false, errUnauthMbulk
		}
		if n <= 0 {
			r.consume(cr + 2)
			return true, nil
		}
		r.mbLeft, r.mbPos, r.refs = n, cr+2, r.refs[:0]
	}
	data := r.buf[r.start:r.end]
	for r.mbLeft > 0 {
		rest := data[r.mbPos:]
		cr := r.find(r.mbPos, '\r')
		if cr < 0 {
			if len(rest) > inlineMax {
				return false, errTooBigBulk
			}
			return false, nil
		}
		if cr > len(rest)-2 {
			return false, nil
		}
		if rest[0] != '$' {
			return false, errExpectedDollar(rest[0])
		}
		size, ok := engine.ParseInt(rest[1:cr])
		if !ok || size < 0 || size > l.MaxBulkLen {
			return false, errInvalidBulk
		}
		if size > 16384 && l.AuthRequired {
			return false, errUnauthBulk
		}
		body := r.mbPos + cr + 2
		if int64(len(data)-body) < size+2 {
			return false, nil
		}
		// Like Redis, the two bytes after the payload are skipped unchecked.
		r.refs = append(r.refs, argRef{off: body, n: int(size)})
		r.mbPos = body + int(size) + 2
		r.mbLeft--
	}
	first := len(r.argv)
	for _, a := range r.refs {
		r.argv = append(r.argv, data[a.off:a.off+a.n:a.off+a.n])
	}
	r.consume(r.mbPos)
	r.mbPos = 0
	r.batch = append(r.batch, r.argv[first:len(r.argv):len(r.argv)])
	return true, nil
}

// argRef locates an argument of the multibulk command being parsed,
// relative to the command's first byte.
type argRef struct{ off, n int }

// isProtoError reports whether err is a protocol error with a reply.
func isProtoError(err error) (*protoError, bool) {
	pe, ok := err.(*protoError)
	return pe, ok
}
