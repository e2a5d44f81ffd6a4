package serve

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// chunkReader hands out data in pieces of the given sizes (cycling), then
// io.EOF, the way a socket delivers a byte stream in arbitrary segments.
type chunkReader struct {
	data  []byte
	sizes []int
	i     int
	reads int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	c.reads++
	n := c.sizes[c.i%len(c.sizes)]
	c.i++
	n = max(1, min(n, len(p), len(c.data)))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

// parsed is what a reader made of a stream: every command (copied, since
// a batch is only valid until the next Read) and the error that ended it.
type parsed struct {
	cmds   [][][]byte
	err    error
	reads  int
	maxBuf int
}

// parseAll drains a Reader over data split into chunks of sizes, checking
// the invariants every Read must keep.
func parseAll(t *testing.T, data []byte, sizes []int, lim Limits) parsed {
	t.Helper()
	src := &chunkReader{data: data, sizes: sizes}
	r := NewReader(src)
	var out parsed
	var received int64
	for {
		out.reads++
		// Every Read that returns without an error returns at least one
		// command, and every command consumes at least one byte, so a
		// stream of n bytes ends within n+1 Reads: no hang, no spin.
		if out.reads > len(data)+2 {
			t.Fatalf("Read called %d times for %d bytes without ending", out.reads, len(data))
		}
		batch, n, err := r.Read(func() Limits { return lim })
		received += n
		if n < 0 || received > int64(len(data)) {
			t.Fatalf("reported %d bytes read in total, only %d exist", received, len(data))
		}
		if err == nil && len(batch) == 0 {
			t.Fatalf("Read returned neither a command nor an error")
		}
		// The buffer grows only by doubling when full of unparsed bytes, so
		// it never exceeds twice what arrived (or its initial size): an
		// announced length allocates nothing ahead of the data.
		if b := r.BufSize(); b > 16*1024 && int64(b) > 2*received {
			t.Fatalf("buffer is %d bytes after receiving %d", b, received)
		}
		out.maxBuf = max(out.maxBuf, r.BufSize())
		if r.Buffered() < 0 || r.Buffered() > r.BufSize() {
			t.Fatalf("Buffered() = %d with a buffer of %d", r.Buffered(), r.BufSize())
		}
		for _, argv := range batch {
			if len(argv) == 0 {
				t.Fatalf("empty command in a batch")
			}
			cp := make([][]byte, len(argv))
			for i, a := range argv {
				cp[i] = bytes.Clone(a)
			}
			out.cmds = append(out.cmds, cp)
		}
		if err != nil {
			out.err = err
			return out
		}
	}
}

func encodeBatch(cmds [][][]byte) []byte {
	var b []byte
	for _, argv := range cmds {
		b = append(b, '*')
		b = strconv.AppendInt(b, int64(len(argv)), 10)
		b = append(b, "\r\n"...)
		for _, a := range argv {
			b = append(b, '$')
			b = strconv.AppendInt(b, int64(len(a)), 10)
			b = append(b, "\r\n"...)
			b = append(b, a...)
			b = append(b, "\r\n"...)
		}
	}
	return b
}

func sameCmds(a, b [][][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if !bytes.Equal(a[i][j], b[i][j]) {
				return false
			}
		}
	}
	return true
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// FuzzReader feeds random bytes through Reader, whole and in pieces, and
// checks that it never panics or hangs, that its batches are consistent
// whatever the segmentation (for streams under the 64 KB header limit,
// where Redis's result does not depend on segmentation either), that
// commands survive a round trip through the multibulk encoding, and that
// the buffer never grows ahead of the data received.
func FuzzReader(f *testing.F) {
	for _, s := range readerSeeds {
		f.Add([]byte(s), uint16(3), uint32(512<<20), false)
	}
	f.Add([]byte("*1\r\n$536870912\r\nabc"), uint16(1), uint32(512<<20), false)
	f.Add([]byte("*2\r\n$4\r\nECHO\r\n$20\r\n01234567890123456789\r\n"), uint16(7), uint32(10), false)
	f.Add([]byte("*11\r\n$1\r\na\r\n"), uint16(2), uint32(512<<20), true)
	f.Add([]byte("*1\r\n$16385\r\n"), uint16(5), uint32(512<<20), true)
	f.Fuzz(func(t *testing.T, data []byte, chunk uint16, maxBulk uint32, auth bool) {
		lim := Limits{MaxBulkLen: int64(maxBulk), MaxQueryBuf: 1 << 40, AuthRequired: auth}
		whole := parseAll(t, data, []int{1 << 30}, lim)
		sizes := []int{int(chunk%61) + 1, int(chunk>>6)%13 + 1, 1}
		pieces := parseAll(t, data, sizes, lim)
		if len(data) <= inlineMax {
			if !sameCmds(whole.cmds, pieces.cmds) || errText(whole.err) != errText(pieces.err) {
				t.Fatalf("segmentation changed the result:\n whole:  %q %v\n pieces: %q %v", whole.cmds, whole.err, pieces.cmds, pieces.err)
			}
			bytewise := parseAll(t, data, []int{1}, lim)
			if !sameCmds(whole.cmds, bytewise.cmds) || errText(whole.err) != errText(bytewise.err) {
				t.Fatalf("byte-by-byte changed the result:\n whole:    %q %v\n bytewise: %q %v", whole.cmds, whole.err, bytewise.cmds, bytewise.err)
			}
		}
		// A stream ends with EOF or a protocol error, never anything else.
		var pe *protoError
		if !errors.Is(whole.err, io.EOF) && !errors.As(whole.err, &pe) {
			t.Fatalf("stream ended with %v", whole.err)
		}
		// What was parsed, re-encoded as multibulk, parses back the same.
		if len(whole.cmds) > 0 {
			enc := encodeBatch(whole.cmds)
			big := Limits{MaxBulkLen: 1 << 40, MaxQueryBuf: 1 << 40}
			back := parseAll(t, enc, []int{int(chunk%1000) + 1}, big)
			if !sameCmds(whole.cmds, back.cmds) || !errors.Is(back.err, io.EOF) {
				t.Fatalf("round trip changed the commands:\n before: %q\n after:  %q %v", whole.cmds, back.cmds, back.err)
			}
		}
	})
}

var readerSeeds = []string{
	"PING\r\n",
	"*1\r\n$4\r\nPING\r\n",
	"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n",
	"PING\r\nECHO \"a b\" 'c d'\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n",
	"*0\r\n*-1\r\nPING\r\n",
	"*abc\r\n",
	"*1\r\n$x\r\n",
	"*1\r\n+PING\r\n",
	"ECHO \"abc\r\n",
	"PI\x00NG\r\n",
	"*1\r\n$4\r\nPI\x00G\r\n",
	"*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n",
	"\r\n\n  \r\nPING\n",
	"ECHO \"\\x41\\n\" '\\''\r\n",
	"*2147483648\r\n",
	"*1\r\n$-1\r\n",
	"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n",
	"PING\r\n*1\r\nPING\r\n",
}

// The reader must not allocate what a header announces before the data
// arrives: a client announcing a 512 MB argument and sending 1 MB costs
// about 1 MB, not 512.
func TestReaderDoesNotPreallocate(t *testing.T) {
	head := []byte("*2\r\n$4\r\nECHO\r\n$536870912\r\n")
	body := bytes.Repeat([]byte("x"), 1<<20)
	src := &chunkReader{data: append(head, body...), sizes: []int{4096}}
	r := NewReader(src)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	batch, n, err := r.Read(func() Limits { return Limits{MaxBulkLen: 512 << 20, MaxQueryBuf: 1 << 30} })
	runtime.ReadMemStats(&after)
	if len(batch) != 0 || !errors.Is(err, io.EOF) || n != int64(len(head)+len(body)) {
		t.Fatalf("batch %d, n %d, err %v", len(batch), n, err)
	}
	if r.BufSize() > 2*(len(head)+len(body)) {
		t.Fatalf("buffer %d bytes for %d received", r.BufSize(), len(head)+len(body))
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Fatalf("allocated %d bytes for %d received", alloc, len(head)+len(body))
	}
}

// A client whose unparsed input passes client-query-buffer-limit is cut off
// without a reply.
func TestReaderQueryBufLimit(t *testing.T) {
	data := append([]byte("*2\r\n$4\r\nECHO\r\n$3000000\r\n"), bytes.Repeat([]byte("q"), 2<<20)...)
	r := NewReader(&chunkReader{data: data, sizes: []int{65536}})
	_, _, err := r.Read(func() Limits { return Limits{MaxBulkLen: 512 << 20, MaxQueryBuf: 1 << 20} })
	if err != errQueryBufLimit {
		t.Fatalf("err %v, want the query buffer limit", err)
	}
	if r.BufSize() > 4<<20 {
		t.Fatalf("buffer grew to %d", r.BufSize())
	}
}

// A command with many arguments that arrives in small pieces is parsed in
// linear time: the reader resumes where it stopped instead of re-reading
// every argument header each time more bytes arrive (the quadratic version
// took about 10 s here).
func TestReaderManyArgsTrickled(t *testing.T) {
	const n = 50000
	data := append([]byte("*"+strconv.Itoa(n)+"\r\n"), bytes.Repeat([]byte("$1\r\na\r\n"), n)...)
	start := time.Now()
	r := NewReader(&chunkReader{data: data, sizes: []int{16}})
	batch, _, err := r.Read(func() Limits { return Limits{MaxBulkLen: 1 << 30, MaxQueryBuf: 1 << 40} })
	if err != nil || len(batch) != 1 || len(batch[0]) != n {
		t.Fatalf("got %d commands, err %v", len(batch), err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("parsing %d bytes in 16-byte pieces took %v", len(data), d)
	}
}

// A long inline request or header arriving a byte at a time is searched for
// its terminator once, not once per byte.
func TestReaderLongLineTrickled(t *testing.T) {
	for _, data := range [][]byte{
		append(append([]byte("ECHO "), bytes.Repeat([]byte("i"), 60000)...), "\r\n"...),
		append(append([]byte("*1\r\n$"), bytes.Repeat([]byte("0"), 60000)...), "1\r\nx\r\n"...),
	} {
		start := time.Now()
		r := NewReader(&chunkReader{data: data, sizes: []int{1}})
		batch, _, err := r.Read(func() Limits { return Limits{MaxBulkLen: 1 << 30, MaxQueryBuf: 1 << 40} })
		if len(batch) != 1 && err != errInvalidBulk { // 60000 digits are no valid length
			t.Fatalf("%.20q: got %d commands, err %v", data, len(batch), err)
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("%.20q: a %d-byte line a byte at a time took %v", data, len(data), d)
		}
	}
}
