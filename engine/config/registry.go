package config

import (
	"strings"
)

// Registry holds the parameters and their current values. It is not safe
// for concurrent use: the server reads and changes it at startup and then
// only inside its executor.
type Registry struct {
	params []*entry            // declaration order (primaries only)
	byName map[string]*binding // lowercase name or alias -> parameter

	// SplitArgs splits a config line into words (Redis's sdssplitargs
	// rules), reporting false on unbalanced quotes.
	SplitArgs func(line []byte) ([][]byte, bool)
	// Glob is the glob matcher for CONFIG GET patterns.
	Glob func(pattern, s []byte, nocase bool) bool
	// Validate runs after a config load succeeded and returns a fatal
	// error text, or "" (logfile must be writable, say).
	Validate func(r *Registry) string
	// Warn logs a warning (failed CONFIG SET rollbacks); may be nil.
	Warn func(msg string)

	// File is the absolute path of the config file the server started
	// from, "" without one; CONFIG REWRITE writes it.
	File string

	target any // what Apply callbacks receive, set by Bind
}

// entry is a parameter with its current and default values.
type entry struct {
	Param
	val, def Value
}

// binding is one name of an entry: its canonical name or its alias.
type binding struct {
	*entry
	name  string
	alias bool
}

// New returns a registry of params at their defaults. split and match are
// the engine's SplitArgs and Match (this package cannot import the engine).
// It panics on a malformed declaration: the list is part of the program.
func New(params []Param, split func([]byte) ([][]byte, bool), match func(p, s []byte, nocase bool) bool) *Registry {
	r := &Registry{byName: map[string]*binding{}, SplitArgs: split, Glob: match}
	for _, p := range params {
		e := &entry{Param: p}
		def, msg := e.parse(r.defaultWords(&e.Param), Value{}, false)
		if msg != "" {
			panic("config: bad default for " + p.Name + ": " + msg)
		}
		if e.Adjust != nil {
			def = e.Adjust(def)
		}
		e.val, e.def = def, def
		r.params = append(r.params, e)
		r.add(p.Name, &binding{entry: e, name: p.Name})
		if p.Alias != "" {
			r.add(p.Alias, &binding{entry: e, name: p.Alias, alias: true})
		}
	}
	return r
}

func (r *Registry) add(name string, b *binding) {
	if name != toLower(name) || r.byName[name] != nil {
		panic("config: bad or duplicate parameter name " + name)
	}
	r.byName[name] = b
}

// defaultWords splits a declared default the way a config line's value is
// split.
func (r *Registry) defaultWords(p *Param) []string {
	if p.Flags&MultiArg == 0 {
		return []string{p.Default}
	}
	if p.Default == "" {
		return []string{""}
	}
	return r.splitWords(p.Default)
}

func (r *Registry) splitWords(s string) []string {
	words, ok := r.SplitArgs([]byte(s))
	if !ok {
		return []string{s}
	}
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = string(w)
	}
	return out
}

// Bind makes CONFIG SET call the Apply callbacks with target.
func (r *Registry) Bind(target any) { r.target = target }

func (r *Registry) lookup(name string) *binding { return r.byName[toLower(name)] }

// Has reports whether name (any case) is a parameter or an alias.
func (r *Registry) Has(name string) bool { return r.lookup(name) != nil }

// Value returns the current value of the parameter called name (the
// canonical name or the alias, any case). It panics on an unknown name:
// callers name parameters the program declared.
func (r *Registry) Value(name string) Value {
	b := r.lookup(name)
	if b == nil {
		panic("config: unknown parameter " + name)
	}
	return b.val
}

// Int returns an Int, Memory, Bool or Enum parameter's value.
func (r *Registry) Int(name string) int64 { return r.Value(name).Int }

// Bool returns a Bool parameter's value.
func (r *Registry) Bool(name string) bool { return r.Value(name).Int != 0 }

// String returns a String parameter's value.
func (r *Registry) String(name string) string { return r.Value(name).Str }

// Get returns the value of name as CONFIG GET prints it.
func (r *Registry) Get(name string) string {
	b := r.lookup(name)
	if b == nil {
		panic("config: unknown parameter " + name)
	}
	return b.format(b.val)
}

// Set parses value as CONFIG SET would and stores it, without Apply. It
// serves startup code and tests; it returns the error text on failure.
func (r *Registry) Set(name, value string) string {
	b := r.lookup(name)
	if b == nil {
		return "Unknown option"
	}
	return r.store(b.entry, r.setWords(b.entry, value), false)
}

// setWords splits a CONFIG SET value: a MultiArg one on single spaces ("" is
// no words), others not at all.
func (r *Registry) setWords(e *entry, value string) []string {
	if e.Flags&MultiArg == 0 {
		return []string{value}
	}
	if value == "" {
		return nil
	}
	return strings.Split(value, " ")
}

// store parses args into e's value. It reports an error text.
func (r *Registry) store(e *entry, args []string, again bool) string {
	v, msg := e.parse(args, e.val, again)
	if msg != "" {
		return msg
	}
	if e.Adjust != nil {
		v = e.Adjust(v)
	}
	e.val = v
	return ""
}

// Pair is one name and value of a CONFIG GET reply.
type Pair struct{ Name, Value string }

// Match returns the parameters CONFIG GET patterns selects, as Redis 7
// does: a pattern without glob characters names one parameter or alias
// (any case, echoed as typed); a glob pattern matches every canonical name
// and alias that is not Hidden, without case. A name is returned once.
// Redis's reply order follows a randomly seeded hash table; this one is the
// order of the patterns, then of declaration.
func (r *Registry) Match(patterns []string) []Pair {
	var out []Pair
	seen := map[string]bool{}
	for _, pat := range patterns {
		if !strings.ContainsAny(pat, "[*?") {
			key := toLower(pat)
			if seen[key] {
				continue
			}
			if b := r.byName[key]; b != nil {
				seen[key] = true
				out = append(out, Pair{pat, b.format(b.val)})
			}
			continue
		}
		for _, e := range r.params {
			if e.Flags&Hidden != 0 {
				continue
			}
			for _, name := range [2]string{e.Name, e.Alias} {
				if name == "" || seen[name] || !r.Glob([]byte(pat), []byte(name), true) {
					continue
				}
				seen[name] = true
				out = append(out, Pair{name, e.format(e.val)})
			}
		}
	}
	return out
}

// SetError is why CONFIG SET failed.
type SetError struct {
	// Unknown is set when Name is not a parameter.
	Unknown bool
	// Name is the argument the error is about; Reason the text ("" for
	// none).
	Name, Reason string
}

func (e *SetError) Error() string {
	if e.Unknown {
		return "Unknown option or number of arguments for CONFIG SET - '" + e.Name + "'"
	}
	if e.Reason == "" {
		return "CONFIG SET failed (possibly related to argument '" + e.Name + "')"
	}
	return "CONFIG SET failed (possibly related to argument '" + e.Name + "') - " + e.Reason
}

// SetMany is CONFIG SET name value [name value ...]: all or nothing, as in
// Redis 7. Every name is checked first (unknown, immutable, protected
// unless protectedOK, duplicate), then every value is parsed and stored, and
// only then are the changed parameters applied. A failed parse restores the
// values stored so far; a failed Apply restores them all and applies them
// again. The first problem found is the one reported.
func (r *Registry) SetMany(names, values []string, protectedOK bool) *SetError {
	var fail *SetError
	set := make([]*binding, len(names))
	for i, name := range names {
		b := r.lookup(name)
		if b == nil {
			if fail == nil {
				fail = &SetError{Unknown: true, Name: name}
			}
			continue
		}
		if fail != nil {
			continue
		}
		switch {
		case b.Flags&Immutable != 0:
			fail = &SetError{Name: name, Reason: "can't set immutable config"}
		case b.Flags&Protected != 0 && !protectedOK:
			fail = &SetError{Name: name, Reason: "can't set protected config"}
		}
		// Like Redis, a parameter and its alias are different names here.
		for j := 0; j < i && fail == nil; j++ {
			if set[j] == b {
				fail = &SetError{Name: name, Reason: "duplicate parameter"}
			}
		}
		set[i] = b
	}
	if fail != nil {
		return fail
	}

	old := make([]string, len(set))
	for i, b := range set {
		old[i] = b.format(b.val)
	}
	var applies []int // indexes of the parameters to apply, in order
	for i, b := range set {
		before := b.val
		if msg := r.store(b.entry, r.setWords(b.entry, values[i]), false); msg != "" {
			r.restore(set[:i+1], old)
			return &SetError{Name: b.name, Reason: msg}
		}
		changed := !b.val.Equal(before) || b.Kind == Special || b.Flags&Always != 0
		if changed && b.Apply != nil {
			applies = append(applies, i)
		}
	}
	if r.target == nil {
		return nil
	}
	for _, i := range applies {
		if err := set[i].Apply(r.target, set[i].val); err != nil {
			r.warn("Failed applying new configuration. Possibly related to new " + set[i].name + " setting. Restoring previous settings.")
			r.restore(set, old)
			for _, j := range applies {
				if err := set[j].Apply(r.target, set[j].val); err != nil {
					r.warn("Failed applying restored failed CONFIG SET command: " + err.Error())
				}
			}
			return &SetError{Name: set[i].name, Reason: err.Error()}
		}
	}
	return nil
}

// restore sets each parameter back to its old printed value, the way Redis
// restores a failed CONFIG SET (so a dir change is undone by a chdir).
func (r *Registry) restore(set []*binding, old []string) {
	for i, b := range set {
		if msg := r.store(b.entry, r.setWords(b.entry, old[i]), false); msg != "" {
			r.warn("Failed restoring failed CONFIG SET command. Error setting " + b.name + " to '" + old[i] + "': " + msg)
		}
	}
}

func (r *Registry) warn(msg string) {
	if r.Warn != nil {
		r.Warn(msg)
	}
}
