package redistest

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// The canonical notation writes one reply on one line, readably and
// exactly: Parse(Format(raw)) == raw for every well-formed reply.
//
//	status:OK            +OK\r\n
//	error:ERR syntax     -ERR syntax\r\n
//	int:1                :1\r\n
//	bulk:v               $1\r\nv\r\n
//	null                 $-1\r\n            (RESP2 null bulk)
//	null-array           *-1\r\n            (RESP2 null array)
//	nil                  _\r\n              (RESP3 null)
//	double:1.5           ,1.5\r\n
//	bool:t               #t\r\n
//	big:123              (123\r\n
//	verbatim:txt:hello   =9\r\ntxt:hello\r\n
//	blob-error:ERR x     !5\r\nERR x\r\n
//	array[int:1, bulk:a] *2\r\n:1\r\n$1\r\na\r\n   (also set[...], map[...], push[...])
//	raw:"+OK\r\n"        any bytes, Go-quoted
//
// A text is written bare when that is unambiguous and Go-quoted otherwise
// (non-printable bytes, leading or trailing blanks, a leading quote, and
// inside brackets a comma or a bracket). A bare text at the top level runs to
// the end of the line.

var scalarPrefix = map[byte]string{
	'+': "status", '-': "error", ':': "int", '$': "bulk", ',': "double",
	'#': "bool", '(': "big", '=': "verbatim", '!': "blob-error",
}

var aggPrefix = map[byte]string{'*': "array", '~': "set", '%': "map", '>': "push"}

// Format renders one raw reply in the canonical notation. Bytes that are not
// one well-formed reply are rendered as raw:"...".
func Format(raw []byte) string {
	if Valid(raw) != nil {
		return "raw:" + strconv.Quote(string(raw))
	}
	var sb strings.Builder
	br := bufio.NewReader(bytes.NewReader(raw))
	if !formatOne(&sb, br, true) {
		return "raw:" + strconv.Quote(string(raw))
	}
	return sb.String()
}

func formatOne(sb *strings.Builder, br *bufio.Reader, top bool) bool {
	line, err := br.ReadString('\n')
	if err != nil || len(line) < 3 {
		return false
	}
	typ, head := line[0], line[1:len(line)-2]
	switch typ {
	case '_':
		sb.WriteString("nil")
		return true
	case '+', '-', ':', ',', '#', '(':
		sb.WriteString(scalarPrefix[typ])
		sb.WriteByte(':')
		sb.WriteString(text(head, top))
		return true
	case '$', '=', '!':
		n, _ := strconv.Atoi(head)
		if n < 0 {
			sb.WriteString("null")
			return true
		}
		body := make([]byte, n+2)
		if _, err := ioReadFull(br, body); err != nil {
			return false
		}
		sb.WriteString(scalarPrefix[typ])
		sb.WriteByte(':')
		sb.WriteString(text(string(body[:n]), top))
		return true
	case '*', '~', '%', '>':
		n, _ := strconv.Atoi(head)
		if n < 0 {
			sb.WriteString("null-array")
			return true
		}
		if typ == '%' {
			n *= 2
		}
		sb.WriteString(aggPrefix[typ])
		sb.WriteByte('[')
		for i := 0; i < n; i++ {
			if i > 0 {
				sb.WriteString(", ")
			}
			if !formatOne(sb, br, false) {
				return false
			}
		}
		sb.WriteByte(']')
		return true
	}
	return false // attributes and anything else stay raw
}

func ioReadFull(br *bufio.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := br.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// text renders s bare when it reads back unchanged, else Go-quoted.
func text(s string, top bool) string {
	if s == "" {
		if top {
			return ""
		}
		return `""`
	}
	quote := s[0] == '"' || s[0] == ' ' || s[len(s)-1] == ' '
	for i := 0; i < len(s) && !quote; i++ {
		c := s[i]
		switch {
		case c < 0x20 || c >= 0x7f:
			quote = true
		case !top && (c == ',' || c == '[' || c == ']'):
			quote = true
		}
	}
	if quote {
		return strconv.Quote(s)
	}
	return s
}

// Parse turns the canonical notation of one reply into its raw bytes.
func Parse(s string) ([]byte, error) {
	p := &notationParser{s: strings.TrimSpace(s)}
	out, err := p.value(true)
	if err != nil {
		return nil, fmt.Errorf("reply notation %q: %w", s, err)
	}
	if p.i != len(p.s) {
		return nil, fmt.Errorf("reply notation %q: trailing text at %d", s, p.i)
	}
	return out, nil
}

type notationParser struct {
	s string
	i int
}

func (p *notationParser) skipBlanks() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *notationParser) word() string {
	j := p.i
	for j < len(p.s) && (p.s[j] >= 'a' && p.s[j] <= 'z' || p.s[j] == '-') {
		j++
	}
	w := p.s[p.i:j]
	p.i = j
	return w
}

func (p *notationParser) value(top bool) ([]byte, error) {
	p.skipBlanks()
	w := p.word()
	switch w {
	case "nil":
		return []byte("_\r\n"), nil
	case "null":
		return []byte("$-1\r\n"), nil
	case "null-array":
		return []byte("*-1\r\n"), nil
	case "raw":
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, fmt.Errorf("raw needs ':\"...\"'")
		}
		p.i++
		t, err := p.quoted()
		return []byte(t), err
	}
	for typ, name := range aggPrefix {
		if w != name {
			continue
		}
		if p.i >= len(p.s) || p.s[p.i] != '[' {
			return nil, fmt.Errorf("%s needs '['", name)
		}
		p.i++
		var elems [][]byte
		p.skipBlanks()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
		} else {
			for {
				e, err := p.value(false)
				if err != nil {
					return nil, err
				}
				elems = append(elems, e)
				p.skipBlanks()
				if p.i >= len(p.s) {
					return nil, fmt.Errorf("unclosed %s[", name)
				}
				c := p.s[p.i]
				p.i++
				if c == ']' {
					break
				}
				if c != ',' {
					return nil, fmt.Errorf("expected ',' or ']' at %d", p.i-1)
				}
			}
		}
		n := len(elems)
		if typ == '%' {
			if n%2 != 0 {
				return nil, fmt.Errorf("map with an odd number of elements")
			}
			n /= 2
		}
		out := appendHeader(nil, typ, n)
		for _, e := range elems {
			out = append(out, e...)
		}
		return out, nil
	}
	for typ, name := range scalarPrefix {
		if w != name {
			continue
		}
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, fmt.Errorf("%s needs ':'", name)
		}
		p.i++
		t, err := p.text(top)
		if err != nil {
			return nil, err
		}
		switch typ {
		case '$', '=', '!':
			out := appendHeader(nil, typ, len(t))
			return append(append(out, t...), '\r', '\n'), nil
		default:
			if strings.ContainsAny(t, "\r\n") {
				return nil, fmt.Errorf("%s text may not hold CR or LF", name)
			}
			return append(append([]byte{typ}, t...), '\r', '\n'), nil
		}
	}
	return nil, fmt.Errorf("unknown reply type %q", w)
}

func (p *notationParser) text(top bool) (string, error) {
	if p.i < len(p.s) && p.s[p.i] == '"' {
		return p.quoted()
	}
	if top {
		t := p.s[p.i:]
		p.i = len(p.s)
		return t, nil
	}
	j := p.i
	for j < len(p.s) && p.s[j] != ',' && p.s[j] != ']' {
		j++
	}
	t := strings.TrimRight(p.s[p.i:j], " ")
	p.i = j
	return t, nil
}

func (p *notationParser) quoted() (string, error) {
	if p.i >= len(p.s) || p.s[p.i] != '"' {
		return "", fmt.Errorf("expected a quoted string at %d", p.i)
	}
	// A Go-quoted string holds no bare quote, so the first closing quote
	// that makes the prefix unquote is the real one.
	for j := p.i + 1; j < len(p.s); j++ {
		if p.s[j] != '"' {
			continue
		}
		if t, err := strconv.Unquote(p.s[p.i : j+1]); err == nil {
			p.i = j + 1
			return t, nil
		}
	}
	return "", fmt.Errorf("unterminated quoted string at %d", p.i)
}

func appendHeader(b []byte, typ byte, n int) []byte {
	b = append(b, typ)
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, '\r', '\n')
}
