package engine

import "strings"

// The COMMAND family, rendered from the command table (and, for DOCS, the
// generated commanddocs.go). Redis lists commands in its dictionary's order,
// which changes from run to run; luakv uses the table's order.

// COMMAND: the COMMAND INFO entry of every top-level command.
func cmdCommand(c *Ctx) { writeAllCommandInfo(c) }

// COMMAND COUNT: the number of top-level commands (subcommands are not
// counted, as in Redis).
func cmdCommandCount(c *Ctx) { c.WriteInt(int64(len(c.E.table.Commands()))) }

// COMMAND INFO [name ...]: every command without names; otherwise one entry
// per name ("parent|sub" for a subcommand), nil for unknown names.
func cmdCommandInfo(c *Ctx) {
	if len(c.Args) == 2 {
		writeAllCommandInfo(c)
		return
	}
	c.WriteArray(len(c.Args) - 2)
	for _, name := range c.Args[2:] {
		writeCommandInfo(c, lookupFullName(c.E.table, name))
	}
}

// COMMAND DOCS [name ...]: a map from name to docs; unknown names are left
// out.
func cmdCommandDocs(c *Ctx) {
	var cmds []*Command
	if len(c.Args) == 2 {
		cmds = c.E.table.Commands()
	} else {
		for _, name := range c.Args[2:] {
			if cmd := lookupFullName(c.E.table, name); cmd != nil {
				cmds = append(cmds, cmd)
			}
		}
	}
	c.WriteMap(len(cmds))
	for _, cmd := range cmds {
		c.WriteBulkString(cmd.Name)
		writeCommandDocs(c, cmd)
	}
}

// COMMAND LIST [FILTERBY MODULE name|ACLCAT category|PATTERN pattern]:
// the names of all commands and subcommands that pass the filter.
func cmdCommandList(c *Ctx) {
	var keep func(cmd *Command) bool
	for i := 2; i < len(c.Args); i++ {
		if !EqualFold(cstrBytes(c.Args[i]), "filterby") || len(c.Args)-1-i != 2 {
			c.Err(ErrSyntax)
			return
		}
		kind, arg := cstrBytes(c.Args[i+1]), c.Args[i+2]
		switch {
		case EqualFold(kind, "module"):
			keep = func(*Command) bool { return false } // no modules
		case EqualFold(kind, "aclcat"):
			cat := aclCategory(cstrBytes(arg))
			keep = func(cmd *Command) bool { return cmd.ACL&cat != 0 }
		case EqualFold(kind, "pattern"):
			keep = func(cmd *Command) bool { return Match(arg, []byte(cmd.Name), true) }
		default:
			c.Err(ErrSyntax)
			return
		}
		i += 2
	}
	var names []string
	for _, cmd := range c.E.table.Commands() {
		if keep == nil || keep(cmd) {
			names = append(names, cmd.Name)
		}
		for _, sub := range cmd.SubCmd {
			if keep == nil || keep(sub) {
				names = append(names, sub.Name)
			}
		}
	}
	c.WriteArray(len(names))
	for _, n := range names {
		c.WriteBulkString(n)
	}
}

// COMMAND GETKEYS command [arg ...]: the keys of a full command line.
func cmdCommandGetkeys(c *Ctx) { writeGetKeys(c, false) }

// COMMAND GETKEYSANDFLAGS command [arg ...]: the keys with their key spec
// flags.
func cmdCommandGetkeysandflags(c *Ctx) { writeGetKeys(c, true) }

func writeGetKeys(c *Ctx, withFlags bool) {
	argv := c.Args[2:]
	cmd := c.E.table.Lookup(argv[0])
	if cmd != nil && cmd.Sub != nil && len(argv) >= 2 {
		cmd = c.E.table.LookupSub(cmd, argv[1])
	}
	if cmd == nil {
		c.Err(ErrInvalidCommandSpecified)
		return
	}
	keys, err := cmd.GetKeys(argv)
	if err != nil {
		c.Err(err.(Error))
		return
	}
	c.WriteArray(len(keys))
	for _, k := range keys {
		if withFlags {
			c.WriteArray(2)
			c.WriteBulk(argv[k.Pos])
			writeFlagSet(c, uint64(k.Flags), keyFlagNames[:])
			continue
		}
		c.WriteBulk(argv[k.Pos])
	}
}

// commandHelp is COMMAND HELP's text after its header line.
var commandHelp = []string{
	"(no subcommand)",
	"    Return details about all Redis commands.",
	"COUNT",
	"    Return the total number of commands in this Redis server.",
	"LIST",
	"    Return a list of all commands in this Redis server.",
	"INFO [<command-name> ...]",
	"    Return details about multiple Redis commands.",
	"    If no command names are given, documentation details for all",
	"    commands are returned.",
	"DOCS [<command-name> ...]",
	"    Return documentation details about multiple Redis commands.",
	"    If no command names are given, documentation details for all",
	"    commands are returned.",
	"GETKEYS <full-command>",
	"    Return the keys from a full Redis command.",
	"GETKEYSANDFLAGS <full-command>",
	"    Return the keys and the access flags from a full Redis command.",
	"HELP",
	"    Prints this help.",
}

// COMMAND HELP.
func cmdCommandHelp(c *Ctx) {
	c.WriteArray(1 + len(commandHelp))
	c.WriteStatus(strings.ToUpper(string(c.Args[0])) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
	for _, l := range commandHelp {
		c.WriteStatus(l)
	}
}

// lookupFullName finds a command by the name COMMAND INFO and DOCS take:
// "name" or "parent|sub", in any case. A name with more than one '|', or
// with a '|' after a command that has no subcommands, finds nothing.
func lookupFullName(t *Table, name []byte) *Command {
	for i, b := range name {
		if b != '|' {
			continue
		}
		parent := t.Lookup(name[:i])
		if parent == nil || parent.Sub == nil {
			return nil
		}
		return t.LookupSub(parent, name[i+1:]) // a second '|' matches no name
	}
	return t.Lookup(name)
}

// aclCategory returns the category named name (without '@', any case), or 0.
func aclCategory(name []byte) ACL {
	for i, n := range aclNames {
		if EqualFold(name, n) {
			return ACL(1) << i
		}
	}
	return 0
}

func writeAllCommandInfo(c *Ctx) {
	all := c.E.table.Commands()
	c.WriteArray(len(all))
	for _, cmd := range all {
		writeCommandInfo(c, cmd)
	}
}

// writeCommandInfo writes cmd's COMMAND INFO entry (nil: a null): name,
// arity, flags, legacy first/last/step, ACL categories, tips, key specs and
// subcommands, in Redis's shapes.
func writeCommandInfo(w Writer, cmd *Command) {
	if cmd == nil {
		w.WriteNull()
		return
	}
	w.WriteArray(10)
	w.WriteBulkString(cmd.Name)
	w.WriteInt(int64(cmd.Arity))
	writeFlagSet(w, uint64(cmd.Flags), flagNames[:])
	w.WriteInt(int64(cmd.Keys.First))
	w.WriteInt(int64(cmd.Keys.Last))
	w.WriteInt(int64(cmd.Keys.Step))
	n := 0
	for i := range aclNames {
		if cmd.ACL&(1<<i) != 0 {
			n++
		}
	}
	w.WriteSet(n)
	for i, name := range aclNames {
		if cmd.ACL&(1<<i) != 0 {
			w.WriteStatus("@" + name)
		}
	}
	w.WriteSet(len(cmd.Tips))
	for _, t := range cmd.Tips {
		w.WriteBulkString(t)
	}
	w.WriteSet(len(cmd.Specs))
	for i := range cmd.Specs {
		writeKeySpec(w, &cmd.Specs[i])
	}
	if cmd.SubCmd == nil {
		w.WriteSet(0)
		return
	}
	w.WriteArray(len(cmd.SubCmd))
	for _, sub := range cmd.SubCmd {
		writeCommandInfo(w, sub)
	}
}

func writeKeySpec(w Writer, s *KeySpec) {
	if s.Notes != "" {
		w.WriteMap(4)
		writeField(w, "notes", s.Notes)
	} else {
		w.WriteMap(3)
	}
	w.WriteBulkString("flags")
	writeFlagSet(w, uint64(s.Flags), keyFlagNames[:])

	w.WriteBulkString("begin_search")
	w.WriteMap(2)
	w.WriteBulkString("type")
	switch b := &s.Begin; {
	case b.Unknown:
		w.WriteBulkString("unknown")
		w.WriteBulkString("spec")
		w.WriteMap(0)
	case b.Keyword != "":
		w.WriteBulkString("keyword")
		w.WriteBulkString("spec")
		w.WriteMap(2)
		writeField(w, "keyword", b.Keyword)
		writeIntField(w, "startfrom", b.StartFrom)
	default:
		w.WriteBulkString("index")
		w.WriteBulkString("spec")
		w.WriteMap(1)
		writeIntField(w, "index", b.Index)
	}

	w.WriteBulkString("find_keys")
	w.WriteMap(2)
	w.WriteBulkString("type")
	switch f := &s.Find; {
	case f.Unknown:
		w.WriteBulkString("unknown")
		w.WriteBulkString("spec")
		w.WriteMap(0)
	case f.KeyNum:
		w.WriteBulkString("keynum")
		w.WriteBulkString("spec")
		w.WriteMap(3)
		writeIntField(w, "keynumidx", f.KeyNumIdx)
		writeIntField(w, "firstkey", f.FirstKey)
		writeIntField(w, "keystep", f.Step)
	default:
		w.WriteBulkString("range")
		w.WriteBulkString("spec")
		w.WriteMap(3)
		writeIntField(w, "lastkey", f.LastKey)
		writeIntField(w, "keystep", f.KeyStep)
		writeIntField(w, "limit", f.Limit)
	}
}

func writeIntField(w Writer, key string, v int) {
	w.WriteBulkString(key)
	w.WriteInt(int64(v))
}
