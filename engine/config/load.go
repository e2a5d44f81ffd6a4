package config

import (
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Args is a parsed redis-server style command line.
type Args struct {
	// File is the config file's absolute path ("" for none).
	File string
	// Stdin asks to read config lines from standard input ("-" as the
	// first or last argument).
	Stdin bool
	// Options holds the --name value options as config lines, appended
	// after the file and stdin.
	Options string
}

// ParseArgs reads a command line as redis-server 7.0 does:
//
//	[/path/to/file.conf] [-] [--name value ...] [-]
//
// A first argument not starting with '-' is the config file. Each --name
// starts a config line; the words up to the next --name are its values
// (quoted, so they stay one word each). "--name value" in one argument is
// taken as is. A --name with no value takes the following "--x" as its
// value, except for --save, which then means save "".
func ParseArgs(argv []string, split func([]byte) ([][]byte, bool)) (Args, error) {
	var a Args
	j := 0
	if len(argv) > 0 && !strings.HasPrefix(argv[0], "-") {
		abs, err := filepath.Abs(argv[0])
		if err != nil {
			return a, err
		}
		a.File = abs
		j = 1
	}
	var opts strings.Builder
	lastHasValue := true
	for ; j < len(argv); j++ {
		arg := argv[j]
		last := j == len(argv)-1
		switch {
		case arg == "-" && (j == 0 || last):
			a.Stdin = true
		case lastHasValue && strings.HasPrefix(arg, "--"):
			if opts.Len() > 0 {
				opts.WriteByte('\n')
			}
			opts.WriteString(arg[2:])
			opts.WriteByte(' ')
			words, ok := split([]byte(arg))
			if ok && len(words) == 1 {
				lastHasValue = false
				next := !last && strings.HasPrefix(argv[j+1], "--")
				if equalFold(arg, "--save") && (next || last) {
					// Compatibility with generated command lines: an
					// empty --save means save "".
					opts.WriteString(`""`)
					lastHasValue = next
				}
			} else {
				lastHasValue = true
			}
		default:
			opts.WriteString(Quote(arg))
			opts.WriteByte(' ')
			lastHasValue = true
		}
	}
	a.Options = opts.String()
	return a, nil
}

// LoadError is a fatal problem found while loading the configuration.
type LoadError struct {
	// Line is the 1-based line number in the loaded text and Text the
	// trimmed line; Line is 0 for problems not tied to a line.
	Line int
	Text string
	// Reason says what is wrong.
	Reason string
}

// Error is the text redis-server prints on standard error before exiting
// with status 1.
func (e *LoadError) Error() string {
	s := "\n*** FATAL CONFIG FILE ERROR (Redis " + RedisVersion + ") ***\n"
	if e.Line > 0 {
		s += "Reading the configuration file, at line " + itoa(e.Line) + "\n>>> '" + e.Text + "'\n"
	}
	return s + e.Reason + "\n"
}

// OpenError is a config file (or include) that could not be read; Redis
// logs it as a warning and exits with status 1.
type OpenError struct {
	Path string
	Err  error
}

func (e *OpenError) Error() string {
	return "Fatal error, can't open config file '" + e.Path + "': " + Strerror(e.Err)
}

// RedisVersion is the version the fatal config error names.
var RedisVersion = "7.0.15"

// Load reads the configuration as redis-server does at startup: the file
// (if any), then stdin (if asked), then the command line options, as one
// text. It stores the values without Apply and returns a *LoadError or an
// *OpenError on failure. notify, when not nil, is told when stdin is read.
func (r *Registry) Load(a Args, stdin io.Reader, notify func(msg string)) error {
	var text strings.Builder
	if a.File != "" {
		if err := readConfig(&text, a.File); err != nil {
			return err
		}
		r.File = a.File
	}
	if a.Stdin {
		if notify != nil {
			notify("Reading config from stdin")
		}
		b, err := io.ReadAll(stdin)
		if err != nil {
			return &OpenError{Path: "-", Err: err}
		}
		text.Write(b)
	}
	if a.Options != "" {
		text.WriteByte('\n')
		text.WriteString(a.Options)
	}
	if err := r.loadString(text.String(), map[*entry]bool{}); err != nil {
		return err
	}
	if r.Validate != nil {
		if msg := r.Validate(r); msg != "" {
			return &LoadError{Reason: msg}
		}
	}
	return nil
}

// readConfig appends a config file, or the files an include glob names, to
// text.
func readConfig(text *strings.Builder, path string) error {
	paths := []string{path}
	if strings.ContainsAny(path, "*?[") {
		// As Redis: a pattern matching nothing is fine (an empty conf.d).
		paths, _ = filepath.Glob(path)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return &OpenError{Path: p, Err: err}
		}
		text.Write(b)
	}
	return nil
}

// LoadString applies config text (redis.conf syntax) line by line, storing
// the values without Apply. It returns a *LoadError or an *OpenError.
func (r *Registry) LoadString(text string) error { return r.loadString(text, map[*entry]bool{}) }

// loadString is LoadString; seen tracks the parameters set earlier in the
// same load, for the ones whose lines accumulate (save).
func (r *Registry) loadString(text string, seen map[*entry]bool) error {
	lines := strings.Split(text, "\n")
	for i, raw := range lines {
		line := strings.Trim(raw, " \t\r\n")
		if line == "" || line[0] == '#' {
			continue
		}
		fail := func(reason string) error { return &LoadError{Line: i + 1, Text: line, Reason: reason} }
		words, ok := r.SplitArgs([]byte(line))
		if !ok {
			return fail("Unbalanced quotes in configuration line")
		}
		if len(words) == 0 {
			continue
		}
		argv := make([]string, len(words))
		for k, w := range words {
			argv[k] = string(w)
		}
		name := toLower(argv[0])
		if b := r.byName[name]; b != nil {
			args := argv[1:]
			if b.Flags&MultiArg == 0 && len(argv) != 2 {
				return fail("wrong number of arguments")
			}
			if b.Flags&MultiArg != 0 && len(argv) == 2 && argv[1] != "" {
				// "--save '3600 1 300 100'" arrives as one word.
				args = r.splitWords(argv[1])
			}
			if msg := r.store(b.entry, args, seen[b.entry]); msg != "" {
				return fail(msg)
			}
			seen[b.entry] = true
			continue
		}
		if deprecated(name, len(argv)) {
			continue
		}
		if name == "include" && len(argv) == 2 {
			var inc strings.Builder
			if err := readConfig(&inc, argv[1]); err != nil {
				return err
			}
			if err := r.loadString(inc.String(), seen); err != nil {
				return err
			}
			continue
		}
		return fail("Bad directive or wrong number of arguments")
	}
	return nil
}

// deprecated reports the directives Redis 7.0 still accepts and ignores.
func deprecated(name string, argc int) bool {
	switch name {
	case "list-max-ziplist-entries", "list-max-ziplist-value", "lua-replicate-commands":
		return argc == 2
	}
	return false
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
