package redistest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// maxFrameLen bounds a bulk payload the reader accepts, so a server that
// announces a bogus length fails the test instead of exhausting memory.
const maxFrameLen = 512 << 20

// maxDepth bounds aggregate nesting for the same reason.
const maxDepth = 64

// ErrMalformed reports a reply that is not well-formed RESP2/RESP3.
var ErrMalformed = errors.New("malformed RESP reply")

// ReadReply reads exactly one reply from br and returns its raw bytes. It
// knows every RESP2 and RESP3 frame type so it can tell where a reply ends:
// simple (+ - : _ , # ( ), length-prefixed ($ ! =) and aggregate (* ~ > % |).
// An attribute (|) is returned together with the reply it annotates.
func ReadReply(br *bufio.Reader) ([]byte, error) {
	var out []byte
	if err := readFrame(br, &out, 0); err != nil {
		return out, err
	}
	return out, nil
}

// readLine appends one CRLF-terminated line, terminator included, to out
// and returns the line without its terminator.
func readLine(br *bufio.Reader, out *[]byte) ([]byte, error) {
	start := len(*out)
	for {
		chunk, err := br.ReadSlice('\n')
		*out = append(*out, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) { // a long simple string
			continue
		}
		if err != nil {
			if err == io.EOF && len(*out) > start {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		break
	}
	l := (*out)[start:]
	if len(l) < 2 || l[len(l)-2] != '\r' {
		return nil, fmt.Errorf("%w: line not terminated by CRLF: %q", ErrMalformed, l)
	}
	return l[:len(l)-2], nil
}

func readFrame(br *bufio.Reader, out *[]byte, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%w: nested deeper than %d", ErrMalformed, maxDepth)
	}
	line, err := readLine(br, out)
	if err != nil {
		if err == io.EOF && depth > 0 {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	if len(line) == 0 {
		return fmt.Errorf("%w: empty line", ErrMalformed)
	}
	typ, rest := line[0], line[1:]
	switch typ {
	case '+', '-', ':', '_', ',', '#', '(':
		if bytes.IndexByte(rest, '\r') >= 0 {
			return fmt.Errorf("%w: CR inside a %q line", ErrMalformed, typ)
		}
		return nil
	case '$', '!', '=':
		n, err := strconv.ParseInt(string(rest), 10, 64)
		if err != nil || n < -1 || n > maxFrameLen || (n == -1 && typ != '$') {
			return fmt.Errorf("%w: bad length %q", ErrMalformed, line)
		}
		if n == -1 {
			return nil
		}
		start := len(*out)
		*out = append(*out, make([]byte, n+2)...)
		if _, err := io.ReadFull(br, (*out)[start:]); err != nil {
			*out = (*out)[:start]
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		if t := (*out)[len(*out)-2:]; t[0] != '\r' || t[1] != '\n' {
			return fmt.Errorf("%w: payload of %q not followed by CRLF", ErrMalformed, line)
		}
		return nil
	case '*', '~', '>', '%', '|':
		n, err := strconv.ParseInt(string(rest), 10, 64)
		if err != nil || n < -1 || n > maxFrameLen || (n == -1 && typ != '*') {
			return fmt.Errorf("%w: bad count %q", ErrMalformed, line)
		}
		if typ == '%' || typ == '|' {
			n *= 2
		}
		for i := int64(0); i < n; i++ {
			if err := readFrame(br, out, depth+1); err != nil {
				return err
			}
		}
		if typ == '|' { // an attribute precedes the reply it annotates
			return readFrame(br, out, depth+1)
		}
		return nil
	}
	return fmt.Errorf("%w: unknown type byte %q", ErrMalformed, typ)
}

// SplitReplies splits raw into whole replies. It reports an error if raw
// does not end on a reply boundary.
func SplitReplies(raw []byte) ([][]byte, error) {
	br := bufio.NewReader(bytes.NewReader(raw))
	var out [][]byte
	for {
		if _, err := br.Peek(1); err == io.EOF {
			return out, nil
		}
		r, err := ReadReply(br)
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
}

// Valid reports whether raw is exactly one well-formed reply.
func Valid(raw []byte) error {
	rs, err := SplitReplies(raw)
	if err != nil {
		return err
	}
	if len(rs) != 1 {
		return fmt.Errorf("%w: %d replies where one was expected", ErrMalformed, len(rs))
	}
	return nil
}
