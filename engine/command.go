package engine

import (
	"slices"
	"strings"
)

// Proc is a command handler. It runs inside the executor and replies through
// c.
type Proc func(c *Ctx)

// Command is one row of the command table: what COMMAND INFO prints about a
// command, plus its handler.
type Command struct {
	Name  string // lowercase; "parent|sub" for a subcommand
	Arity int    // +N exactly N words with the name, -N at least N
	Flags Flag
	ACL   ACL
	Keys  Keys      // legacy first/last/step (or key-count) positions
	Specs []KeySpec // Redis 7 key specs
	Tips  []string  // command tips, e.g. "nondeterministic_output"
	// GetKeysProc is Redis's getkeys procedure: it finds the keys (argv
	// positions and flags) when the key specs cannot (see GetKeys).
	GetKeysProc func(args [][]byte) []KeyRef
	Group       Group
	Proc        Proc
	// BusyProc serves the command while a busy script holds the executor
	// (only allow-busy commands have one; see busy.go).
	BusyProc BusyProc
	// GateFlags, when set, gives the flags the dispatcher's gates judge a
	// call by instead of Flags (see FlagsFor), as Redis's getCommandFlags
	// lets a script's shebang decide whether EVAL is deny-oom or writes.
	// The maxmemory gate calls it only while used memory is over the
	// limit; the transaction layer calls it for every call it queues. It
	// runs inside the executor, must not keep args, and must not fail: a
	// malformed call gets Flags (its handler answers the error).
	GateFlags func(args [][]byte) Flag

	// Filled in by the table index.
	Sub    map[string]*Command // subcommands by lowercase name
	SubCmd []*Command          // subcommands in table order
	Parent *Command
	id     int // index into the engine's per-command statistics
}

// FullName returns "parent|sub" for subcommands and the name otherwise.
func (c *Command) FullName() string { return c.Name }

// BaseName returns the subcommand part of the name ("get" for "config|get").
func (c *Command) BaseName() string {
	if i := strings.IndexByte(c.Name, '|'); i >= 0 {
		return c.Name[i+1:]
	}
	return c.Name
}

// Keys holds Redis's legacy key positions, which COMMAND INFO prints; key
// finding uses the key specs and GetKeysProc.
type Keys struct {
	First, Last, Step int
}

// Range declares keys at argv[first..last] every step words; last -1 means
// up to the end.
func Range(first, last, step int) Keys { return Keys{First: first, Last: last, Step: step} }

// KeySpec is a Redis 7 key specification.
type KeySpec struct {
	Flags KeyFlag
	Notes string
	Begin BeginSearch
	Find  FindKeys
}

// BeginSearch says where a key spec's search starts: at a fixed index, or
// after a keyword searched from StartFrom (negative: from the end).
type BeginSearch struct {
	Index     int
	Keyword   string
	StartFrom int
	Unknown   bool
}

// FindKeys says which words after the begin point are keys: a range, or a
// count read from the arguments.
type FindKeys struct {
	KeyNum                    bool
	LastKey, KeyStep, Limit   int // range
	KeyNumIdx, FirstKey, Step int // keynum
	Unknown                   bool
}

// Index begins a key spec search at argv[i].
func Index(i int) BeginSearch { return BeginSearch{Index: i} }

// Keyword begins a key spec search after kw, searched from startFrom.
func Keyword(kw string, startFrom int) BeginSearch {
	return BeginSearch{Keyword: kw, StartFrom: startFrom}
}

// KeyRange finds keys up to lastKey (relative; negative from the end), every
// step, at most len/limit of the remaining words.
func KeyRange(lastKey, step, limit int) FindKeys {
	return FindKeys{LastKey: lastKey, KeyStep: step, Limit: limit}
}

// KeyCount finds keys by a count at keyNumIdx, the first key at firstKey.
func KeyCount(keyNumIdx, firstKey, step int) FindKeys {
	return FindKeys{KeyNum: true, KeyNumIdx: keyNumIdx, FirstKey: firstKey, Step: step}
}

// Table indexes commands by lowercase name.
type Table struct {
	byName map[string]*Command
	all    []*Command // top-level commands in table order
	count  int        // commands including subcommands
}

// NewTable indexes rows. Rows named "parent|sub" become subcommands of the
// row named "parent", which must come first.
func NewTable(rows []Command) *Table {
	rows = slices.Clone(rows) // each engine owns its rows' derived fields
	t := &Table{byName: make(map[string]*Command, len(rows))}
	for i := range rows {
		c := &rows[i]
		c.id = i
		if p, sub, ok := strings.Cut(c.Name, "|"); ok {
			parent := t.byName[p]
			if parent == nil {
				panic("engine: subcommand before its parent: " + c.Name)
			}
			if parent.Sub == nil {
				parent.Sub = map[string]*Command{}
			}
			parent.Sub[sub] = c
			parent.SubCmd = append(parent.SubCmd, c)
			c.Parent = parent
			t.count++
			continue
		}
		if t.byName[c.Name] != nil {
			panic("engine: duplicate command " + c.Name)
		}
		t.byName[c.Name] = c
		t.all = append(t.all, c)
		t.count++
	}
	return t
}

// Lookup finds a top-level command by name in any case without allocating.
func (t *Table) Lookup(name []byte) *Command {
	var buf [32]byte
	if len(name) > len(buf) {
		return nil
	}
	n := lowerInto(buf[:], name)
	return t.byName[string(buf[:n])]
}

// LookupSub finds a subcommand of parent in any case without allocating.
func (t *Table) LookupSub(parent *Command, name []byte) *Command {
	var buf [32]byte
	if len(name) > len(buf) || parent.Sub == nil {
		return nil
	}
	n := lowerInto(buf[:], name)
	return parent.Sub[string(buf[:n])]
}

// Get returns the top-level command named name (lowercase).
func (t *Table) Get(name string) *Command { return t.byName[name] }

// Commands returns top-level commands in table order.
func (t *Table) Commands() []*Command { return t.all }

// Count is the number of commands, subcommands included.
func (t *Table) Count() int { return t.count }

func lowerInto(dst, src []byte) int {
	for i, b := range src {
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		dst[i] = b
	}
	return len(src)
}
