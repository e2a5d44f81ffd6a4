package rdb

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

// ErrCorrupt wraps every error about the content of a stream (as opposed
// to the reader's I/O errors).
var ErrCorrupt = errors.New("corrupt RDB")

func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}

// readChunk bounds what a claimed length allocates before the bytes are
// there: a string grows by at most this much per read.
const readChunk = 1 << 20

// Reader reads an RDB stream, checksumming what it consumes.
type Reader struct {
	r       *bufio.Reader
	crc     uint64
	version int
	scratch [8]byte
}

// NewReader reads the header of the stream on r and returns a Reader
// positioned after it.
func NewReader(r io.Reader) (*Reader, error) {
	rd := &Reader{r: bufio.NewReaderSize(r, 64<<10)}
	var hdr [9]byte
	if err := rd.full(hdr[:]); err != nil {
		return nil, err
	}
	if string(hdr[:5]) != "REDIS" {
		return nil, corrupt("wrong signature trying to load DB from file")
	}
	v, err := strconv.Atoi(string(hdr[5:]))
	if err != nil || v < 1 || v > maxReadVersion {
		return nil, corrupt("can't handle RDB format version %s", hdr[5:])
	}
	rd.version = v
	return rd, nil
}

// NewValueReader returns a Reader of one value outside a file (a DUMP
// payload, without its footer), read as RDB version version.
func NewValueReader(r io.Reader, version int) *Reader {
	return &Reader{r: bufio.NewReaderSize(r, 4<<10), version: version}
}

// Version is the stream's RDB version.
func (r *Reader) Version() int { return r.version }

// full fills p from the stream; a stream ending early is corrupt.
func (r *Reader) full(p []byte) error {
	if _, err := io.ReadFull(r.r, p); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return corrupt("unexpected end of file")
		}
		return err
	}
	r.crc = CRC64(r.crc, p)
	return nil
}

// Byte reads one byte.
func (r *Reader) Byte() (byte, error) {
	if err := r.full(r.scratch[:1]); err != nil {
		return 0, err
	}
	return r.scratch[0], nil
}

// length reads a length; enc reports a special string encoding, whose
// number is then returned as the length.
func (r *Reader) length() (n uint64, enc bool, err error) {
	b, err := r.Byte()
	if err != nil {
		return 0, false, err
	}
	switch b >> 6 {
	case len6Bit:
		return uint64(b & 0x3f), false, nil
	case len14Bit:
		b2, err := r.Byte()
		return uint64(b&0x3f)<<8 | uint64(b2), false, err
	case lenEnc:
		return uint64(b & 0x3f), true, nil
	}
	switch b {
	case len32Bit:
		if err := r.full(r.scratch[:4]); err != nil {
			return 0, false, err
		}
		return uint64(binary.BigEndian.Uint32(r.scratch[:4])), false, nil
	case len64Bit:
		if err := r.full(r.scratch[:8]); err != nil {
			return 0, false, err
		}
		return binary.BigEndian.Uint64(r.scratch[:8]), false, nil
	}
	return 0, false, corrupt("unknown length encoding %d", b)
}

// Len reads a length (never a string encoding).
func (r *Reader) Len() (uint64, error) {
	n, enc, err := r.length()
	if err == nil && enc {
		err = corrupt("string encoding where a length belongs")
	}
	return n, err
}

// String reads a string in any of its encodings; integers come back in
// decimal.
func (r *Reader) String() ([]byte, error) {
	n, enc, err := r.length()
	if err != nil {
		return nil, err
	}
	if !enc {
		return r.bytes(n)
	}
	switch n {
	case encInt8:
		b, err := r.Byte()
		return strconv.AppendInt(nil, int64(int8(b)), 10), err
	case encInt16:
		if err := r.full(r.scratch[:2]); err != nil {
			return nil, err
		}
		return strconv.AppendInt(nil, int64(int16(binary.LittleEndian.Uint16(r.scratch[:2]))), 10), nil
	case encInt32:
		if err := r.full(r.scratch[:4]); err != nil {
			return nil, err
		}
		return strconv.AppendInt(nil, int64(int32(binary.LittleEndian.Uint32(r.scratch[:4]))), 10), nil
	case encLZF:
		clen, err := r.Len()
		if err != nil {
			return nil, err
		}
		ulen, err := r.Len()
		if err != nil {
			return nil, err
		}
		// A back reference yields at most 264 bytes from 2 or 3.
		if clen == 0 || ulen > clen*lzfMaxMatch/2+lzfMaxMatch {
			return nil, corrupt("LZF lengths %d and %d don't match", clen, ulen)
		}
		c, err := r.bytes(clen)
		if err != nil {
			return nil, err
		}
		out, err := lzfDecompress(c, int(ulen))
		if err != nil {
			return nil, corrupt("%v", err)
		}
		return out, nil
	}
	return nil, corrupt("unknown string encoding %d", n)
}

// bytes reads n bytes, allocating as they arrive rather than as claimed.
func (r *Reader) bytes(n uint64) ([]byte, error) {
	if n > math.MaxInt32*4 {
		return nil, corrupt("string of %d bytes", n)
	}
	out := make([]byte, 0, min(n, readChunk))
	for uint64(len(out)) < n {
		k := min(n-uint64(len(out)), readChunk)
		start := len(out)
		out = append(out, make([]byte, k)...)
		if err := r.full(out[start:]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Double reads a binary double (TypeZSet2).
func (r *Reader) Double() (float64, error) {
	if err := r.full(r.scratch[:8]); err != nil {
		return 0, err
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(r.scratch[:8])), nil
}

// TextDouble reads a double in the text form of the old TypeZSet: a length
// byte (253 NaN, 254 +inf, 255 -inf) and that many ASCII bytes.
func (r *Reader) TextDouble() (float64, error) {
	n, err := r.Byte()
	if err != nil {
		return 0, err
	}
	switch n {
	case 253:
		return math.NaN(), nil
	case 254:
		return math.Inf(1), nil
	case 255:
		return math.Inf(-1), nil
	}
	b := make([]byte, n)
	if err := r.full(b); err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return 0, corrupt("bad double %q", b)
	}
	return f, nil
}

// Millis reads the 8-byte expiry of OpExpireTimeMs.
func (r *Reader) Millis() (int64, error) {
	if err := r.full(r.scratch[:8]); err != nil {
		return 0, err
	}
	return int64(binary.LittleEndian.Uint64(r.scratch[:8])), nil
}

// Seconds reads the 4-byte expiry of OpExpireTime.
func (r *Reader) Seconds() (int64, error) {
	if err := r.full(r.scratch[:4]); err != nil {
		return 0, err
	}
	return int64(int32(binary.LittleEndian.Uint32(r.scratch[:4]))), nil
}

// Checksum reads the trailer after OpEOF and checks it against what was
// read; a zero trailer means the writer did not checksum (as Redis
// accepts), and versions before 5 have none.
func (r *Reader) Checksum() error {
	if r.version < 5 {
		return nil
	}
	want := r.crc
	if err := r.full(r.scratch[:8]); err != nil {
		return err
	}
	got := binary.LittleEndian.Uint64(r.scratch[:8])
	if got != 0 && got != want {
		return corrupt("wrong RDB checksum expected: (%x) got: (%x)", got, want)
	}
	return nil
}

// Raw reads exactly len(p) bytes into p.
func (r *Reader) Raw(p []byte) error { return r.full(p) }
