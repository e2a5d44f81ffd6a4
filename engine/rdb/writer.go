package rdb

import (
	"bufio"
	"encoding/binary"
	"io"
	"math"
	"strconv"
)

// Writer writes an RDB stream. Errors are sticky: after the first one
// every call does nothing and Close reports it.
type Writer struct {
	w        io.Writer
	buf      *bufio.Writer
	crc      uint64
	checksum bool
	compress bool
	err      error
	scratch  [9]byte
}

// crcWriter updates the running checksum with everything written through
// it.
type crcWriter struct{ w *Writer }

func (c crcWriter) Write(p []byte) (int, error) {
	if c.w.checksum {
		c.w.crc = CRC64(c.w.crc, p)
	}
	return c.w.w.Write(p)
}

// NewWriter returns a Writer on w that compresses strings longer than 20
// bytes with LZF when compress is set and ends the stream with a CRC-64
// when checksum is set (zero otherwise), as rdbcompression and
// rdbchecksum ask. It writes the "REDIS0010" header.
func NewWriter(w io.Writer, compress, checksum bool) *Writer {
	wr := &Writer{w: w, compress: compress, checksum: checksum}
	wr.buf = bufio.NewWriterSize(crcWriter{wr}, 64<<10)
	wr.write([]byte("REDIS" + "00" + strconv.Itoa(Version)))
	return wr
}

// NewValueWriter returns a Writer on w for one value outside a file (a
// DUMP payload): no header, no checksum, Flush instead of Close.
func NewValueWriter(w io.Writer, compress bool) *Writer {
	wr := &Writer{w: w, compress: compress}
	wr.buf = bufio.NewWriterSize(crcWriter{wr}, 4<<10)
	return wr
}

// Flush writes out what is buffered and reports the first error.
func (w *Writer) Flush() error {
	if w.err == nil {
		w.err = w.buf.Flush()
	}
	return w.err
}

func (w *Writer) write(p []byte) {
	if w.err == nil {
		_, w.err = w.buf.Write(p)
	}
}

// Err returns the first error met so far.
func (w *Writer) Err() error { return w.err }

// Byte writes one byte: a value type or an opcode.
func (w *Writer) Byte(b byte) {
	if w.err == nil {
		w.err = w.buf.WriteByte(b)
	}
}

// Len writes a length in the smallest encoding that holds it.
func (w *Writer) Len(n uint64) {
	b := w.scratch[:0]
	switch {
	case n < 1<<6:
		b = append(b, byte(n))
	case n < 1<<14:
		b = append(b, byte(len14Bit<<6|n>>8), byte(n))
	case n <= math.MaxUint32:
		b = append(b, len32Bit)
		b = binary.BigEndian.AppendUint32(b, uint32(n))
	default:
		b = append(b, len64Bit)
		b = binary.BigEndian.AppendUint64(b, n)
	}
	w.write(b)
}

// String writes s: as an integer when it is the canonical decimal form of
// one that fits 32 bits, LZF-compressed when compression is on, s is longer
// than 20 bytes and shrinks, else as length and bytes.
func (w *Writer) String(s []byte) {
	if len(s) <= 11 && w.intString(s) {
		return
	}
	if w.compress && len(s) > 20 {
		if c := lzfCompress(s); c != nil {
			w.Byte(lenEnc<<6 | encLZF)
			w.Len(uint64(len(c)))
			w.Len(uint64(len(s)))
			w.write(c)
			return
		}
	}
	w.Len(uint64(len(s)))
	w.write(s)
}

// intString writes s in an integer encoding if it is one's canonical form.
func (w *Writer) intString(s []byte) bool {
	v, ok := canonicalInt(s)
	if !ok || v < math.MinInt32 || v > math.MaxInt32 {
		return false
	}
	b := w.scratch[:0]
	switch {
	case v >= math.MinInt8 && v <= math.MaxInt8:
		b = append(b, lenEnc<<6|encInt8, byte(v))
	case v >= math.MinInt16 && v <= math.MaxInt16:
		b = append(b, lenEnc<<6|encInt16)
		b = binary.LittleEndian.AppendUint16(b, uint16(v))
	default:
		b = append(b, lenEnc<<6|encInt32)
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	w.write(b)
	return true
}

// canonicalInt parses s (at most 11 bytes) if it is an integer written as
// Redis writes one: an optional minus, no leading zeros, no "-0".
func canonicalInt(s []byte) (int64, bool) {
	d := s
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || len(s) > 11 || d[0] == '0' && (len(d) > 1 || len(s) > 1) {
		return 0, false
	}
	var v int64
	for _, c := range d {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if len(d) < len(s) {
		v = -v
	}
	return v, true
}

// Double writes f as the 8 little-endian bytes of its IEEE 754 form (the
// score encoding of TypeZSet2).
func (w *Writer) Double(f float64) {
	w.write(binary.LittleEndian.AppendUint64(w.scratch[:0], math.Float64bits(f)))
}

// Aux writes an auxiliary field (OpAux): metadata such as redis-ver.
func (w *Writer) Aux(key, value string) {
	w.Byte(OpAux)
	w.String([]byte(key))
	w.String([]byte(value))
}

// SelectDB starts database id's keys, with its sizes as a hint for the
// reader's tables.
func (w *Writer) SelectDB(id, keys, expires int) {
	w.Byte(OpSelectDB)
	w.Len(uint64(id))
	w.Byte(OpResizeDB)
	w.Len(uint64(keys))
	w.Len(uint64(expires))
}

// ExpireMs gives the next key an expiry, in Unix milliseconds.
func (w *Writer) ExpireMs(ms int64) {
	w.Byte(OpExpireTimeMs)
	w.write(binary.LittleEndian.AppendUint64(w.scratch[:0], uint64(ms)))
}

// Close writes the end of the stream and its checksum, and flushes. It
// reports the first error of the whole stream.
func (w *Writer) Close() error {
	w.Byte(OpEOF)
	if w.err == nil {
		w.err = w.buf.Flush()
	}
	var sum [8]byte
	binary.LittleEndian.PutUint64(sum[:], w.crc)
	if w.err == nil {
		_, w.err = w.w.Write(sum[:])
	}
	return w.err
}

// Raw writes p as it is (a stream PEL entry's 16-byte ID).
func (w *Writer) Raw(p []byte) { w.write(p) }

// Millis writes a time in milliseconds as 8 little-endian bytes
// (rdbSaveMillisecondTime).
func (w *Writer) Millis(ms int64) {
	w.write(binary.LittleEndian.AppendUint64(w.scratch[:0], uint64(ms)))
}
