package config

import (
	"slices"
	"strconv"
)

// Kind is a parameter's value type; it decides how values are parsed,
// printed by CONFIG GET and written by CONFIG REWRITE.
type Kind uint8

// Parameter kinds.
const (
	// Bool takes yes or no (any case).
	Bool Kind = iota
	// Int takes a decimal integer (Redis's string2ll rules) within
	// [Min, Max].
	Int
	// Memory takes a byte count with an optional unit (Redis's memtoull
	// rules: b, k, kb, m, mb, g, gb in any case) within [Min, Max].
	Memory
	// String takes any single word.
	String
	// Enum takes one of Enum's names (several with MultiArg, OR-ed).
	Enum
	// Special is parsed, printed and rewritten by the Param's own
	// functions.
	Special
)

// Flag modifies how a parameter is set, listed and rewritten.
type Flag uint16

// Parameter flags.
const (
	// Immutable parameters are set at startup only; CONFIG SET refuses them.
	Immutable Flag = 1 << iota
	// Protected parameters can be changed by CONFIG SET only when
	// enable-protected-configs allows it for the client.
	Protected
	// Sensitive values (passwords) must never be logged.
	Sensitive
	// Hidden parameters are left out of CONFIG GET patterns; only their
	// exact name finds them.
	Hidden
	// MultiArg parameters take any number of words. CONFIG SET splits its
	// value on single spaces; a config line with one non-empty value word
	// splits that word like a config line.
	MultiArg
	// Unsigned Int and Memory parameters compare bounds as unsigned 64-bit
	// numbers, as Redis does for its unsigned C types (so "-1" reports the
	// bounds rather than a parse error).
	Unsigned
	// NullIfEmpty String parameters treat "" as unset: CONFIG REWRITE
	// removes their lines instead of writing "".
	NullIfEmpty
	// Always makes CONFIG SET run Apply even when the value is unchanged.
	Always
	// Percent Memory parameters also take a percentage, "N%" with N a
	// non-negative string2ll integer, stored negated as Redis stores it (so
	// Min bounds the percentage) and printed back as "N%".
	Percent
)

// Value is a parameter's parsed value.
type Value struct {
	// Int holds Bool (0 or 1), Int, Memory (the unsigned bits for Unsigned
	// parameters) and Enum values.
	Int int64
	// Str holds String values, and whatever a Special parameter keeps.
	Str string
	// List holds multi-word Special values (save, bind).
	List []string
}

// Equal reports whether v and o are the same value.
func (v Value) Equal(o Value) bool {
	return v.Int == o.Int && v.Str == o.Str && slices.Equal(v.List, o.List)
}

// Bool reports whether a Bool value is yes.
func (v Value) Bool() bool { return v.Int != 0 }

// Param declares one configuration parameter.
type Param struct {
	// Name is the lowercase canonical name; Alias an optional second name
	// (Redis's old "ziplist" and "slave" names).
	Name, Alias string
	Kind        Kind
	Flags       Flag
	// Default is the value at startup, spelled as on a config line
	// ("512mb", "yes", "3600 1 300 100" for a MultiArg).
	Default string
	// Min and Max bound Int and Memory values, inclusive.
	Min, Max int64
	// Enum lists an Enum's names in Redis's order; EnumValues their values
	// (the index when nil). Several names may share a value; CONFIG GET
	// prints the first.
	Enum       []string
	EnumValues []int64

	// Check validates a parsed value further and returns the error text, or
	// "" when the value is acceptable.
	Check func(v Value) string
	// Adjust rewrites an accepted value before it is stored (hz clamps).
	Adjust func(v Value) Value
	// Apply pushes a value changed by CONFIG SET into the running server.
	// target is what Registry.Bind received; Apply is not called before
	// Bind (at startup the server reads the values it needs itself). A
	// non-nil error fails CONFIG SET and restores the previous values.
	Apply func(target any, v Value) error

	// Parse turns a Special parameter's words into a value. cur is the
	// current value; again is true when an earlier line of the same config
	// load set this parameter already (save lines accumulate). It returns
	// the error text on failure.
	Parse func(args []string, cur Value, again bool) (Value, string)
	// Format prints a Special value for CONFIG GET.
	Format func(v Value) string
	// Rewrite returns a Special parameter's config lines for CONFIG
	// REWRITE. No lines removes the parameter's lines from the file.
	Rewrite func(v Value, def Value) []Line
}

// Line is a config line CONFIG REWRITE writes for a parameter. Force asks
// to append it even where the file lacks the parameter (the value is not
// the default).
type Line struct {
	Text  string
	Force bool
}

// enumValue returns the value of Enum name i.
func (p *Param) enumValue(i int) int64 {
	if p.EnumValues == nil {
		return int64(i)
	}
	return p.EnumValues[i]
}

// enumName prints an Enum value as Redis's configEnumGetName does: the first
// name with exactly that value, else (MultiArg) the names whose bits it
// holds, else "unknown".
func (p *Param) enumName(v int64) string {
	for i, n := range p.Enum {
		if p.enumValue(i) == v {
			return n
		}
	}
	if p.Flags&MultiArg == 0 {
		return "unknown"
	}
	out, rest := "", v
	for i, n := range p.Enum {
		bit := p.enumValue(i)
		if bit != 0 && rest&bit == bit {
			if out != "" {
				out += " "
			}
			out += n
			rest &^= bit
		}
	}
	if out == "" || rest != 0 {
		return "unknown"
	}
	return out
}

// format prints v as CONFIG GET shows it.
func (p *Param) format(v Value) string {
	switch p.Kind {
	case Bool:
		if v.Int != 0 {
			return "yes"
		}
		return "no"
	case Int:
		return strconv.FormatInt(v.Int, 10)
	case Memory:
		if p.Flags&Percent != 0 && v.Int < 0 {
			return formatPercent(v.Int)
		}
		return strconv.FormatUint(uint64(v.Int), 10)
	case Enum:
		return p.enumName(v.Int)
	case Special:
		return p.Format(v)
	}
	return v.Str
}

// parse turns the words of a config line or of CONFIG SET into a value.
func (p *Param) parse(args []string, cur Value, again bool) (Value, string) {
	var v Value
	switch p.Kind {
	case Special:
		return p.Parse(args, cur, again)
	case Enum:
		var ok bool
		if v.Int, ok = p.parseEnum(args); !ok {
			return v, p.enumError()
		}
	case Bool:
		switch {
		case equalFold(args[0], "yes"):
			v.Int = 1
		case equalFold(args[0], "no"):
		default:
			return v, "argument must be 'yes' or 'no'"
		}
	case Int, Memory:
		var msg string
		if v.Int, msg = p.parseNumber(args[0]); msg != "" {
			return v, msg
		}
	case String:
		v.Str = args[0]
	}
	if p.Check != nil {
		if msg := p.Check(v); msg != "" {
			return v, msg
		}
	}
	return v, ""
}

func (p *Param) parseEnum(args []string) (int64, bool) {
	if len(args) == 0 || p.Flags&MultiArg == 0 && len(args) != 1 {
		return 0, false
	}
	var out int64
	for _, a := range args {
		matched := false
		for i, n := range p.Enum {
			if equalFold(a, n) {
				out |= p.enumValue(i)
				matched = true
			}
		}
		if !matched {
			return 0, false
		}
	}
	return out, true
}

// enumError lists the accepted names, cut at 255 bytes as Redis's static
// error buffer cuts it.
func (p *Param) enumError() string {
	s := "argument(s) must be one of the following: "
	for i, n := range p.Enum {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	if len(s) > 255 {
		s = s[:255]
	}
	return s
}

func (p *Param) parseNumber(s string) (int64, string) {
	var n int64
	if p.Kind == Memory {
		u, ok := ParseMemory(s)
		switch {
		case ok:
			n = int64(u)
		case p.Flags&Percent == 0:
			return 0, "argument must be a memory value"
		default:
			pct, isPct := parsePercent(s)
			if !isPct {
				return 0, "argument must be a memory or percent value"
			}
			n = -pct
		}
	} else {
		var ok bool
		if n, ok = parseInt(s); !ok {
			return 0, "argument couldn't be parsed into an integer"
		}
	}
	if p.Flags&Unsigned != 0 {
		if uint64(n) < uint64(p.Min) || uint64(n) > uint64(p.Max) {
			return 0, "argument must be between " + strconv.FormatUint(uint64(p.Min), 10) +
				" and " + strconv.FormatUint(uint64(p.Max), 10) + " inclusive"
		}
	} else if p.Flags&Percent != 0 && n < 0 {
		// A percentage, or a byte count past int64 that Redis reads as one
		// (as it stores both in one signed number).
		if n < p.Min {
			return 0, "percentage argument must be less or equal to " + strconv.FormatInt(-p.Min, 10)
		}
	} else if n < p.Min || n > p.Max {
		return 0, "argument must be between " + strconv.FormatInt(p.Min, 10) +
			" and " + strconv.FormatInt(p.Max, 10) + " inclusive"
	}
	return n, ""
}

// parsePercent parses "N%" with N a non-negative integer by string2ll's
// rules, as Redis's numericParseString does.
func parsePercent(s string) (int64, bool) {
	if len(s) < 2 || s[len(s)-1] != '%' {
		return 0, false
	}
	n, ok := parseInt(s[:len(s)-1])
	return n, ok && n >= 0
}

// formatPercent prints a stored (negated) percentage as "N%".
func formatPercent(v int64) string { return strconv.FormatInt(-v, 10) + "%" }

// parseInt parses s as Redis's string2ll does: optional '-', no '+', no
// leading zeros or spaces, within int64.
func parseInt(s string) (int64, bool) {
	if s == "" || len(s) > 20 || s[0] == '+' || s == "-" {
		return 0, false
	}
	digits := s
	if s[0] == '-' {
		digits = s[1:]
	}
	if digits[0] == '0' && s != "0" {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func toLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = lower(b[j])
			}
			return string(b)
		}
	}
	return s
}
