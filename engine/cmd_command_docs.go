package engine

// CommandDoc is what COMMAND DOCS prints about a command apart from its
// group and subcommands, which come from the command table. The data lives
// in commanddocs.go, generated from redis-server by engine/internal/cmdgen.
type CommandDoc struct {
	Summary         string
	Since           string
	Complexity      string
	DocFlags        DocFlag
	DeprecatedSince string
	ReplacedBy      string
	History         []DocHistory
	Args            []DocArg
}

// DocHistory is one entry of a command's history: a version and what
// changed in it.
type DocHistory struct{ Since, Changes string }

// DocFlag is a COMMAND DOCS doc_flags set.
type DocFlag uint8

// Doc flags in the order Redis prints them.
const (
	DocDeprecated DocFlag = 1 << iota
	DocSyscmd
)

var docFlagNames = [...]string{"deprecated", "syscmd"}

// DocArg describes one argument of a command, as COMMAND DOCS prints it.
type DocArg struct {
	Name string
	Type ArgType
	// KeySpec names the key spec of an argument that is a key (or, like
	// SORT's BY pattern, leads to keys); zero for none.
	KeySpec         KeySpecRef
	Token           string
	Summary         string
	Since           string
	DeprecatedSince string
	Flags           ArgFlag
	Args            []DocArg // the alternatives or parts of ArgOneOf and ArgBlock
}

// KeySpecRef refers to one of a command's key specs; the zero value refers
// to none.
type KeySpecRef uint8

// KeySpecAt refers to the key spec at index i of the command's Specs.
func KeySpecAt(i int) KeySpecRef { return KeySpecRef(i + 1) }

// Index returns the referred key spec's index, and false for none.
func (r KeySpecRef) Index() (int, bool) { return int(r) - 1, r != 0 }

// ArgType is an argument's COMMAND DOCS type.
type ArgType uint8

// Argument types.
const (
	ArgString ArgType = iota
	ArgInteger
	ArgDouble
	ArgKey
	ArgPattern
	ArgUnixTime
	ArgPureToken
	ArgOneOf
	ArgBlock
)

var argTypeNames = [...]string{
	"string", "integer", "double", "key", "pattern", "unix-time", "pure-token",
	"oneof", "block",
}

// ArgFlag is an argument's COMMAND DOCS flag set.
type ArgFlag uint8

// Argument flags in the order Redis prints them.
const (
	ArgOptional ArgFlag = 1 << iota
	ArgMultiple
	ArgMultipleToken
)

var argFlagNames = [...]string{"optional", "multiple", "multiple_token"}

// Doc returns cmd's COMMAND DOCS data (an empty doc for rows without any).
func (cmd *Command) Doc() *CommandDoc {
	if d := commandDocs[cmd.Name]; d != nil {
		return d
	}
	return &CommandDoc{}
}

// writeCommandDocs writes cmd's docs map, with the fields Redis prints in
// Redis's order: the group always, the others when set.
func writeCommandDocs(w Writer, cmd *Command) {
	d := cmd.Doc()
	n := 1 // group
	for _, set := range []bool{d.Summary != "", d.Since != "", d.Complexity != "",
		d.DocFlags != 0, d.DeprecatedSince != "", d.ReplacedBy != "",
		d.History != nil, d.Args != nil, cmd.SubCmd != nil} {
		if set {
			n++
		}
	}
	w.WriteMap(n)
	writeField(w, "summary", d.Summary)
	writeField(w, "since", d.Since)
	w.WriteBulkString("group")
	w.WriteBulkString(cmd.Group.String())
	writeField(w, "complexity", d.Complexity)
	if d.DocFlags != 0 {
		w.WriteBulkString("doc_flags")
		writeFlagSet(w, uint64(d.DocFlags), docFlagNames[:])
	}
	writeField(w, "deprecated_since", d.DeprecatedSince)
	writeField(w, "replaced_by", d.ReplacedBy)
	if d.History != nil {
		w.WriteBulkString("history")
		w.WriteSet(len(d.History))
		for _, h := range d.History {
			w.WriteArray(2)
			w.WriteBulkString(h.Since)
			w.WriteBulkString(h.Changes)
		}
	}
	if d.Args != nil {
		w.WriteBulkString("arguments")
		writeDocArgs(w, d.Args)
	}
	if cmd.SubCmd != nil {
		w.WriteBulkString("subcommands")
		w.WriteMap(len(cmd.SubCmd))
		for _, sub := range cmd.SubCmd {
			w.WriteBulkString(sub.Name)
			writeCommandDocs(w, sub)
		}
	}
}

func writeDocArgs(w Writer, args []DocArg) {
	w.WriteArray(len(args))
	for i := range args {
		a := &args[i]
		nested := a.Type == ArgOneOf || a.Type == ArgBlock
		n := 2 // name, type
		for _, set := range []bool{a.KeySpec != 0, a.Token != "", a.Summary != "",
			a.Since != "", a.DeprecatedSince != "", a.Flags != 0, nested} {
			if set {
				n++
			}
		}
		w.WriteMap(n)
		writeField(w, "name", a.Name)
		writeField(w, "type", argTypeNames[a.Type])
		if i, ok := a.KeySpec.Index(); ok {
			w.WriteBulkString("key_spec_index")
			w.WriteInt(int64(i))
		}
		writeField(w, "token", a.Token)
		writeField(w, "summary", a.Summary)
		writeField(w, "since", a.Since)
		writeField(w, "deprecated_since", a.DeprecatedSince)
		if a.Flags != 0 {
			w.WriteBulkString("flags")
			writeFlagSet(w, uint64(a.Flags), argFlagNames[:])
		}
		if nested {
			w.WriteBulkString("arguments")
			writeDocArgs(w, a.Args)
		}
	}
}

// writeField writes a key and its string value, unless the value is empty.
func writeField(w Writer, key, val string) {
	if val == "" {
		return
	}
	w.WriteBulkString(key)
	w.WriteBulkString(val)
}

// writeFlagSet writes the names of the bits set in f as a set of statuses,
// the way Redis prints every flag set.
func writeFlagSet(w Writer, f uint64, names []string) {
	n := 0
	for i := range names {
		if f&(1<<i) != 0 {
			n++
		}
	}
	w.WriteSet(n)
	for i, name := range names {
		if f&(1<<i) != 0 {
			w.WriteStatus(name)
		}
	}
}
