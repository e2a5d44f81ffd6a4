package main

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"luakv/engine/internal/cmdgen/respval"
)

// A row line of engine/commands.go: one tab, the composite literal, a comma.
var (
	rowRe  = regexp.MustCompile(`^\t\{Name: "([^"]+)"(.*)\},$`)
	procRe = regexp.MustCompile(`, Proc: ([A-Za-z0-9_]+)$`)
)

// tableFile is engine/commands.go split into row lines and everything else
// (header, grouping comments, blank lines), which is kept verbatim.
type tableFile struct {
	lines []string // the file's lines without their '\n'
	rows  []row
}

type row struct {
	line int    // index into lines
	name string // "parent|sub" for subcommands
	proc string // the Proc the row has now, "" for none
}

func parseTable(src []byte) (*tableFile, error) {
	if !bytes.HasSuffix(src, []byte("\n")) {
		return nil, fmt.Errorf("commands.go does not end with a newline")
	}
	t := &tableFile{lines: strings.Split(string(src[:len(src)-1]), "\n")}
	seen := map[string]bool{}
	for i, l := range t.lines {
		m := rowRe.FindStringSubmatch(l)
		if m == nil {
			if strings.Contains(l, "{Name:") {
				return nil, fmt.Errorf("commands.go:%d: a row must be one line: \\t{Name: \"...\", ...},", i+1)
			}
			continue
		}
		r := row{line: i, name: m[1]}
		if p := procRe.FindStringSubmatch(m[2]); p != nil {
			r.proc = p[1]
		}
		if seen[r.name] {
			return nil, fmt.Errorf("commands.go:%d: duplicate row %q", i+1, r.name)
		}
		if parent, _, ok := strings.Cut(r.name, "|"); ok && !seen[parent] {
			return nil, fmt.Errorf("commands.go:%d: subcommand %q before its parent", i+1, r.name)
		}
		seen[r.name] = true
		t.rows = append(t.rows, r)
	}
	if len(t.rows) == 0 {
		return nil, fmt.Errorf("commands.go: no rows found")
	}
	return t, nil
}

// names returns the rows' names in table order.
func (t *tableFile) names() []string {
	out := make([]string, len(t.rows))
	for i, r := range t.rows {
		out[i] = r.name
	}
	return out
}

// isContainer reports whether the table has subcommand rows under name.
func (t *tableFile) isContainer(name string) bool {
	for _, r := range t.rows {
		if strings.HasPrefix(r.name, name+"|") {
			return true
		}
	}
	return false
}

// render returns the file with every row regenerated from src.
func (t *tableFile) render(src *source, keepProcs bool) ([]byte, error) {
	lines := append([]string(nil), t.lines...)
	for _, r := range t.rows {
		proc := r.proc
		if !keepProcs {
			proc = ""
			if arity, ok := src.arity(r.name); ok && (!t.isContainer(r.name) || arity == 1 || arity == -1) {
				// Containers are dispatched to their subcommands; only one
				// whose arity admits the bare name (COMMAND) runs itself.
				proc = procName(r.name)
			}
		}
		l, err := renderRow(r.name, src, proc)
		if err != nil {
			return nil, err
		}
		lines[r.line] = l
	}
	return []byte(strings.Join(lines, "\n") + "\n"), nil
}

// procName names a row's handler by convention: "cmd" and the name's words
// capitalized, e.g. cmdConfigGet, cmdClientNoEvict, cmdBitfieldRo.
func procName(name string) string {
	var b strings.Builder
	b.WriteString("cmd")
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == '|' || r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(w[:1]))
		b.WriteString(w[1:])
	}
	return b.String()
}

// renderRow writes one table row from the command's COMMAND INFO entry and
// its COMMAND DOCS group, in the table's field order.
func renderRow(name string, src *source, proc string) (string, error) {
	info, ok := src.info[name]
	if !ok {
		return "", fmt.Errorf("%s: redis-server has no COMMAND INFO entry", name)
	}
	if info.Kind != '*' || len(info.Elems) != 10 {
		return "", fmt.Errorf("%s: COMMAND INFO entry is not a 10-element array", name)
	}
	e := info.Elems
	if e[0].Str != name {
		return "", fmt.Errorf("%s: COMMAND INFO names it %q", name, e[0].Str)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\t{Name: %s, Arity: %d", strconv.Quote(name), e[1].Int)

	flags, err := bitsOf(e[2].Strings(), flagNames, flagIdents, name, "flag")
	if err != nil {
		return "", err
	}
	flags = orderLike(append(flags, hiddenFlags[name]...), flagIdents)
	if len(flags) > 0 {
		b.WriteString(", Flags: " + strings.Join(flags, " | "))
	}

	cats := make([]string, len(e[6].Elems))
	for i, c := range e[6].Elems {
		cats[i] = strings.TrimPrefix(c.Str, "@")
	}
	acl, err := bitsOf(cats, aclNames, aclIdents, name, "ACL category")
	if err != nil {
		return "", err
	}
	if len(acl) > 0 {
		b.WriteString(", ACL: " + strings.Join(acl, " | "))
	}

	if first, last, step := e[3].Int, e[4].Int, e[5].Int; first != 0 || last != 0 || step != 0 {
		fmt.Fprintf(&b, ", Keys: Range(%d, %d, %d)", first, last, step)
	}

	if tips := e[7].Strings(); len(tips) > 0 {
		q := make([]string, len(tips))
		for i, t := range tips {
			q[i] = strconv.Quote(t)
		}
		b.WriteString(", Tips: []string{" + strings.Join(q, ", ") + "}")
	}

	if len(e[8].Elems) > 0 {
		specs := make([]string, len(e[8].Elems))
		for i, s := range e[8].Elems {
			if specs[i], err = renderSpec(name, s); err != nil {
				return "", err
			}
		}
		b.WriteString(", Specs: []KeySpec{" + strings.Join(specs, ", ") + "}")
	}
	if proc, ok := getKeysProcs[name]; ok {
		b.WriteString(", GetKeysProc: " + proc)
	}

	group, err := src.group(name)
	if err != nil {
		return "", err
	}
	b.WriteString(", Group: " + group)
	if proc != "" {
		b.WriteString(", Proc: " + proc)
	}
	b.WriteString("},")
	return b.String(), nil
}

func renderSpec(name string, s respval.Value) (string, error) {
	var parts []string
	if notes, ok := s.Get("notes"); ok {
		parts = append(parts, "Notes: "+strconv.Quote(notes.Str))
	}
	fv, _ := s.Get("flags")
	kf, err := bitsOf(fv.Strings(), keyFlagNames, keyFlagIdents, name, "key spec flag")
	if err != nil {
		return "", err
	}
	if len(kf) > 0 {
		parts = append([]string{"Flags: " + strings.Join(kf, " | ")}, parts...)
	}

	bs, _ := s.Get("begin_search")
	bt, _ := bs.Get("type")
	bspec, _ := bs.Get("spec")
	switch bt.Str {
	case "index":
		i, _ := bspec.Get("index")
		parts = append(parts, fmt.Sprintf("Begin: Index(%d)", i.Int))
	case "keyword":
		kw, _ := bspec.Get("keyword")
		from, _ := bspec.Get("startfrom")
		parts = append(parts, fmt.Sprintf("Begin: Keyword(%s, %d)", strconv.Quote(kw.Str), from.Int))
	case "unknown":
		parts = append(parts, "Begin: BeginSearch{Unknown: true}")
	default:
		return "", fmt.Errorf("%s: unknown begin_search type %q", name, bt.Str)
	}

	fk, _ := s.Get("find_keys")
	ft, _ := fk.Get("type")
	fspec, _ := fk.Get("spec")
	num := func(k string) int64 { v, _ := fspec.Get(k); return v.Int }
	switch ft.Str {
	case "range":
		parts = append(parts, fmt.Sprintf("Find: KeyRange(%d, %d, %d)", num("lastkey"), num("keystep"), num("limit")))
	case "keynum":
		parts = append(parts, fmt.Sprintf("Find: KeyCount(%d, %d, %d)", num("keynumidx"), num("firstkey"), num("keystep")))
	case "unknown":
		parts = append(parts, "Find: FindKeys{Unknown: true}")
	default:
		return "", fmt.Errorf("%s: unknown find_keys type %q", name, ft.Str)
	}
	return "{" + strings.Join(parts, ", ") + "}", nil
}

// bitsOf maps printed names to identifiers, failing on names the engine does
// not know, and returns them in identifier (bit) order.
func bitsOf(got, names, idents []string, cmd, what string) ([]string, error) {
	var out []string
	for _, g := range got {
		i := indexOf(names, g)
		if i < 0 {
			return nil, fmt.Errorf("%s: unknown %s %q", cmd, what, g)
		}
		out = append(out, idents[i])
	}
	return orderLike(out, idents), nil
}

// orderLike sorts idents by their position in order, dropping duplicates.
func orderLike(idents, order []string) []string {
	var out []string
	for _, o := range order {
		if indexOf(idents, o) >= 0 {
			out = append(out, o)
		}
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
