package cjson

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// tokenType is a lexical token of the JSON text; the names are part of
// the error messages ("Expected value but found T_END ...").
type tokenType int

const (
	tObjBegin tokenType = iota
	tObjEnd
	tArrBegin
	tArrEnd
	tString
	tNumber
	tBoolean
	tNull
	tColon
	tComma
	tEnd
	tError
)

var tokenNames = [...]string{
	tObjBegin: "T_OBJ_BEGIN",
	tObjEnd:   "T_OBJ_END",
	tArrBegin: "T_ARR_BEGIN",
	tArrEnd:   "T_ARR_END",
	tString:   "T_STRING",
	tNumber:   "T_NUMBER",
	tBoolean:  "T_BOOLEAN",
	tNull:     "T_NULL",
	tColon:    "T_COLON",
	tComma:    "T_COMMA",
	tEnd:      "T_END",
	tError:    "T_ERROR",
}

// token is one token: its type, where it starts (0-based; for an error,
// where the error is) and its value. For tError, str is the reason.
type token struct {
	typ   tokenType
	index int
	str   string
	num   float64
	b     bool
}

// decoder parses one JSON text. The C parser reads a NUL-terminated
// string, so a NUL byte anywhere ends the text for it; at() reproduces
// that by reading past the end as NUL.
type decoder struct {
	L     *lua.LState
	cfg   *config
	data  string
	pos   int
	depth int
	null  *lua.LUserData
	tmp   []byte
}

// decode is cjson.decode(text).
func decode(L *lua.LState, cfg *config) int {
	if L.GetTop() != 1 {
		argError(L, 1, "expected 1 argument")
	}
	s := checkString(L, 1)
	// Only the first character of a JSON text is sure to be ASCII, which
	// is enough to see UTF-16 or UTF-32.
	if len(s) >= 2 && (s[0] == 0 || s[1] == 0) {
		raise(L, "JSON parser does not support UTF-16 or UTF-32")
	}
	d := decoder{L: L, cfg: cfg, data: s, null: Null(L)}
	var tok token
	d.next(&tok)
	// One stack slot holds the argument.
	v := d.value(&tok, 1)
	d.next(&tok)
	if tok.typ != tEnd {
		d.fail("the end", &tok)
	}
	L.Push(v)
	return 1
}

func (d *decoder) at(i int) byte {
	if i < len(d.data) {
		return d.data[i]
	}
	return 0
}

// fail raises the syntax error for finding tok where exp was expected.
func (d *decoder) fail(exp string, tok *token) {
	found := tokenNames[tok.typ]
	if tok.typ == tError {
		found = tok.str
	}
	raise(d.L, "Expected %s but found %s at character %d", exp, found, tok.index+1)
}

// setError turns tok into an error at the current position.
func (d *decoder) setError(tok *token, reason string) {
	tok.typ = tError
	tok.index = d.pos
	tok.str = reason
}

// descend enters a nested array or object, which needs the given number
// of Lua stack slots on top of the slots in use; see luaMaxCStack.
func (d *decoder) descend(slots, need int) {
	d.depth++
	if d.depth > d.cfg.decodeMaxDepth || slots+need > luaMaxCStack {
		raise(d.L, "Found too many nested data structures (%d) at character %d", d.depth, d.pos)
	}
}

// value converts the value starting with tok; slots is the number of Lua
// stack slots the C parser would be using.
func (d *decoder) value(tok *token, slots int) lua.LValue {
	switch tok.typ {
	case tString:
		return lua.LString(tok.str)
	case tNumber:
		return lua.LNumber(tok.num)
	case tBoolean:
		return lua.LBool(tok.b)
	case tObjBegin:
		return d.object(slots)
	case tArrBegin:
		return d.array(slots)
	case tNull:
		return d.null
	}
	d.fail("value", tok)
	return nil
}

// object parses the members after '{'. The table and the key take two
// slots while a member's value is parsed.
func (d *decoder) object(slots int) *lua.LTable {
	d.descend(slots, 3)
	t := d.L.NewTable()
	var tok token
	d.next(&tok)
	if tok.typ == tObjEnd {
		d.depth--
		return t
	}
	for {
		if tok.typ != tString {
			d.fail("object key string", &tok)
		}
		key := tok.str
		d.next(&tok)
		if tok.typ != tColon {
			d.fail("colon", &tok)
		}
		d.next(&tok)
		t.RawSetString(key, d.value(&tok, slots+2))
		d.next(&tok)
		if tok.typ == tObjEnd {
			d.depth--
			return t
		}
		if tok.typ != tComma {
			d.fail("comma or object end", &tok)
		}
		d.next(&tok)
	}
}

// array parses the elements after '['. The table takes one slot while an
// element is parsed.
func (d *decoder) array(slots int) *lua.LTable {
	d.descend(slots, 2)
	t := d.L.NewTable()
	var tok token
	d.next(&tok)
	if tok.typ == tArrEnd {
		d.depth--
		return t
	}
	for i := 1; ; i++ {
		t.RawSetInt(i, d.value(&tok, slots+1))
		d.next(&tok)
		if tok.typ == tArrEnd {
			d.depth--
			return t
		}
		if tok.typ != tComma {
			d.fail("comma or array end", &tok)
		}
		d.next(&tok)
	}
}

// next reads the token at the current position into tok. An error or the
// end leaves the position where it is.
func (d *decoder) next(tok *token) {
	for {
		c := d.at(d.pos)
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			break
		}
		d.pos++
	}
	tok.index = d.pos
	c := d.at(d.pos)
	switch c {
	case '{', '}', '[', ']', ',', ':':
		tok.typ = singleTokens[c]
		d.pos++
		return
	case 0:
		tok.typ = tEnd
		return
	case '"':
		d.stringToken(tok)
		return
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if !d.cfg.decodeInvalidNumbers && d.invalidNumber() {
			d.setError(tok, "invalid number")
			return
		}
		d.numberToken(tok)
		return
	case 't', 'f', 'n', 'i', 'I', 'N', '+':
	default:
		d.setError(tok, "invalid token")
		return
	}
	rest := d.data[d.pos:]
	switch {
	case strings.HasPrefix(rest, "true"):
		tok.typ, tok.b = tBoolean, true
		d.pos += 4
	case strings.HasPrefix(rest, "false"):
		tok.typ, tok.b = tBoolean, false
		d.pos += 5
	case strings.HasPrefix(rest, "null"):
		tok.typ = tNull
		d.pos += 4
	case d.cfg.decodeInvalidNumbers && d.invalidNumber():
		// Only forms that are numbers for strtod but not for JSON
		// (Inf, NaN, '+') are tried here, so that other bad words
		// are reported as invalid tokens.
		d.numberToken(tok)
	default:
		d.setError(tok, "invalid token")
	}
}

var singleTokens = [256]tokenType{
	'{': tObjBegin, '}': tObjEnd, '[': tArrBegin, ']': tArrEnd,
	',': tComma, ':': tColon,
}

// invalidNumber reports whether the number at the current position is
// one strict JSON refuses although strtod reads it: a leading '+', a hex
// number, a leading zero, Inf or NaN.
func (d *decoder) invalidNumber() bool {
	p := d.pos
	if d.at(p) == '+' {
		return true
	}
	if d.at(p) == '-' {
		p++
	}
	c := d.at(p)
	if c == '0' {
		c2 := d.at(p + 1)
		return c2|0x20 == 'x' || isDigit(c2)
	}
	// The C compares a signed char, so bytes from 0x80 count as below '9'.
	if int8(c) <= '9' {
		return false
	}
	rest := d.data[p:]
	return hasPrefixFold(rest, "inf") || hasPrefixFold(rest, "nan")
}

// numberToken reads a number with strtod's rules.
func (d *decoder) numberToken(tok *token) {
	v, end := strtod(d.data, d.pos)
	if end == d.pos {
		d.setError(tok, "invalid number")
		return
	}
	tok.typ = tNumber
	tok.num = v
	d.pos = end
}

// stringToken reads a string starting at its opening quote, translating
// escapes. Raw control characters and invalid UTF-8 pass through.
func (d *decoder) stringToken(tok *token) {
	d.pos++
	start := d.pos
	// Fast path: no escape, the value is a piece of the input.
	i := start
	for i < len(d.data) {
		c := d.data[i]
		if c == '"' || c == '\\' || c == 0 {
			break
		}
		i++
	}
	if i < len(d.data) && d.data[i] == '"' {
		tok.typ = tString
		tok.str = d.data[start:i]
		d.pos = i + 1
		return
	}
	d.tmp = append(d.tmp[:0], d.data[start:i]...)
	d.pos = i
	for {
		c := d.at(d.pos)
		switch c {
		case '"':
			d.pos++
			tok.typ = tString
			tok.str = string(d.tmp)
			return
		case 0:
			d.setError(tok, "unexpected end of string")
			return
		case '\\':
			esc := unescapes[d.at(d.pos+1)]
			if esc == 'u' {
				if !d.unicodeEscape() {
					d.setError(tok, "invalid unicode escape code")
					return
				}
				continue
			}
			if esc == 0 {
				d.setError(tok, "invalid escape code")
				return
			}
			d.tmp = append(d.tmp, esc)
			d.pos += 2
		default:
			d.tmp = append(d.tmp, c)
			d.pos++
		}
	}
}

// unescapes maps the character after a backslash to what it stands for;
// 'u' asks for a \uXXXX escape, 0 marks an invalid escape.
var unescapes = [256]byte{
	'"': '"', '\\': '\\', '/': '/', 'b': '\b', 't': '\t', 'n': '\n',
	'f': '\f', 'r': '\r', 'u': 'u',
}

// unicodeEscape translates the \uXXXX escape (or surrogate pair of them)
// at the current position to UTF-8 and moves past it.
func (d *decoder) unicodeEscape() bool {
	cp := d.hex4(d.pos + 2)
	if cp < 0 {
		return false
	}
	n := 6
	if cp&0xF800 == 0xD800 {
		// A surrogate: it must be a high one followed by a low one.
		if cp&0x400 != 0 || d.at(d.pos+6) != '\\' || d.at(d.pos+7) != 'u' {
			return false
		}
		lo := d.hex4(d.pos + 8)
		if lo < 0 || lo&0xFC00 != 0xDC00 {
			return false
		}
		cp = ((cp&0x3FF)<<10 | lo&0x3FF) + 0x10000
		n = 12
	}
	d.tmp = appendUTF8(d.tmp, cp)
	d.pos += n
	return true
}

// hex4 reads four hex digits at i, or returns -1.
func (d *decoder) hex4(i int) int {
	v := 0
	for j := i; j < i+4; j++ {
		c := d.at(j)
		switch {
		case isDigit(c):
			v = v<<4 | int(c-'0')
		case 'a' <= c|0x20 && c|0x20 <= 'f':
			v = v<<4 | int(c|0x20-'a'+10)
		default:
			return -1
		}
	}
	return v
}

// appendUTF8 appends the UTF-8 bytes of code point cp (at most 0x10FFFF
// here, surrogates excluded by the caller).
func appendUTF8(b []byte, cp int) []byte {
	switch {
	case cp <= 0x7F:
		return append(b, byte(cp))
	case cp <= 0x7FF:
		return append(b, byte(0xC0|cp>>6), byte(0x80|cp&0x3F))
	case cp <= 0xFFFF:
		return append(b, byte(0xE0|cp>>12), byte(0x80|cp>>6&0x3F), byte(0x80|cp&0x3F))
	}
	return append(b, byte(0xF0|cp>>18), byte(0x80|cp>>12&0x3F), byte(0x80|cp>>6&0x3F), byte(0x80|cp&0x3F))
}
