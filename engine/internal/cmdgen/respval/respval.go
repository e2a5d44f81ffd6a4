// Package respval parses RESP2 and RESP3 replies into values that keep their
// exact bytes. The command table generator uses it to read redis-server's
// COMMAND INFO and COMMAND DOCS, and the engine's tests use it to compare
// luakv's replies with the captured ones element by element.
package respval

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
)

// Value is one RESP value.
type Value struct {
	// Kind is the type byte: '+' status, '-' error, ':' integer, '$' bulk,
	// '*' array, '%' map, '~' set, '_' null, ',' double, '#' boolean,
	// '=' verbatim, '(' big number, '>' push.
	Kind byte
	// Str is the text of strings, errors, doubles, big numbers and booleans
	// ("t"/"f"), and the digits of integers.
	Str string
	// Int is an integer's value.
	Int int64
	// Null is set for '_', "$-1" and "*-1".
	Null bool
	// Elems holds aggregate elements; a map's are key, value, key, value...
	Elems []Value
	// Raw is the value's exact encoding.
	Raw []byte
}

// ErrProtocol reports malformed input.
var ErrProtocol = errors.New("respval: protocol error")

// Read reads one value from r.
func Read(r *bufio.Reader) (Value, error) {
	var raw []byte
	v, err := read(r, &raw)
	if err != nil {
		return Value{}, err
	}
	v.Raw = raw
	return v, nil
}

// Parse parses the value at the start of b and returns it with the number of
// bytes it used.
func Parse(b []byte) (Value, int, error) {
	br := bufio.NewReader(bytes.NewReader(b))
	v, err := Read(br)
	if err != nil {
		return Value{}, 0, err
	}
	return v, len(v.Raw), nil
}

// ParseAll parses b, which must hold exactly one value.
func ParseAll(b []byte) (Value, error) {
	v, n, err := Parse(b)
	if err != nil {
		return Value{}, err
	}
	if n != len(b) {
		return Value{}, ErrProtocol
	}
	return v, nil
}

func read(r *bufio.Reader, raw *[]byte) (Value, error) {
	line, err := r.ReadBytes('\n')
	if err != nil {
		if err == io.EOF && len(line) > 0 {
			err = io.ErrUnexpectedEOF
		}
		return Value{}, err
	}
	*raw = append(*raw, line...)
	if len(line) < 3 || line[len(line)-2] != '\r' {
		return Value{}, ErrProtocol
	}
	kind, body := line[0], string(line[1:len(line)-2])
	v := Value{Kind: kind}
	switch kind {
	case '+', '-', ',', '(':
		v.Str = body
	case '#':
		if body != "t" && body != "f" {
			return Value{}, ErrProtocol
		}
		v.Str = body
	case '_':
		v.Null = true
	case ':':
		n, err := strconv.ParseInt(body, 10, 64)
		if err != nil {
			return Value{}, ErrProtocol
		}
		v.Str, v.Int = body, n
	case '$', '=':
		n, err := strconv.Atoi(body)
		if err != nil || n < -1 {
			return Value{}, ErrProtocol
		}
		if n == -1 {
			v.Null = true
			break
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return Value{}, err
		}
		if buf[n] != '\r' || buf[n+1] != '\n' {
			return Value{}, ErrProtocol
		}
		*raw = append(*raw, buf...)
		v.Str = string(buf[:n])
	case '*', '%', '~', '>':
		n, err := strconv.Atoi(body)
		if err != nil || n < -1 {
			return Value{}, ErrProtocol
		}
		if n == -1 {
			v.Null = true
			break
		}
		if kind == '%' {
			n *= 2
		}
		v.Elems = make([]Value, n)
		for i := range v.Elems {
			sub := len(*raw)
			e, err := read(r, raw)
			if err != nil {
				return Value{}, err
			}
			v.Elems[i] = e
			v.Elems[i].Raw = (*raw)[sub:len(*raw):len(*raw)]
		}
	default:
		return Value{}, ErrProtocol
	}
	return v, nil
}

// Pairs returns a map's (or a RESP2 flat array's) key/value pairs.
func (v Value) Pairs() [][2]Value {
	out := make([][2]Value, 0, len(v.Elems)/2)
	for i := 0; i+1 < len(v.Elems); i += 2 {
		out = append(out, [2]Value{v.Elems[i], v.Elems[i+1]})
	}
	return out
}

// Get returns the value under a string key of a map (or flat array) and
// whether it was there.
func (v Value) Get(key string) (Value, bool) {
	for i := 0; i+1 < len(v.Elems); i += 2 {
		if v.Elems[i].Str == key {
			return v.Elems[i+1], true
		}
	}
	return Value{}, false
}

// Strings returns the texts of an aggregate's elements.
func (v Value) Strings() []string {
	out := make([]string, len(v.Elems))
	for i, e := range v.Elems {
		out[i] = e.Str
	}
	return out
}

// Encode writes a command as a RESP array of bulk strings.
func Encode(dst []byte, args ...string) []byte {
	dst = append(dst, '*')
	dst = strconv.AppendInt(dst, int64(len(args)), 10)
	dst = append(dst, '\r', '\n')
	for _, a := range args {
		dst = append(dst, '$')
		dst = strconv.AppendInt(dst, int64(len(a)), 10)
		dst = append(dst, '\r', '\n')
		dst = append(dst, a...)
		dst = append(dst, '\r', '\n')
	}
	return dst
}
