package engine

import (
	"os"
	"strconv"
	"strings"

	"luakv/engine/config"
)

// This file holds the parameters with their own syntax (Redis's "special"
// configs): bind, save, dir, notify-keyspace-events,
// client-output-buffer-limit, oom-score-adj-values, unixsocketperm, and the
// validation of proc-title-template and shutdown-on-sig*.

func specialParam(name string, flags config.Flag, def string,
	parse func(args []string, cur config.Value, again bool) (config.Value, string),
	format func(v config.Value) string,
	rewrite func(v, def config.Value) []config.Line) paramDef {
	return paramDef{Param: config.Param{Name: name, Kind: config.Special, Flags: flags, Default: def,
		Parse: parse, Format: format, Rewrite: rewrite}}
}

// bindParam: up to 16 addresses; a single "" means none. luakv's default is
// loopback only.
func bindParam() paramDef {
	const def = "127.0.0.1"
	return specialParam("bind", pMulti, def,
		func(args []string, _ config.Value, _ bool) (config.Value, string) {
			if len(args) > 16 {
				return config.Value{}, reasonTooManyBind
			}
			if len(args) == 1 && args[0] == "" {
				args = nil
			}
			return config.Value{List: args}, ""
		},
		func(v config.Value) string { return strings.Join(v.List, " ") },
		func(v, d config.Value) []config.Line {
			addrs := `""`
			if len(v.List) > 0 {
				addrs = strings.Join(v.List, " ")
			}
			// Redis drops bind lines holding its default; luakv's default
			// differs from Redis's, so an explicit line is kept (not added).
			return []config.Line{{Text: "bind " + addrs, Force: !v.Equal(d)}}
		})
}

// replicaofParam (alias slaveof): luakv has no replication, so the one value
// it takes is "no one" (a master); CONFIG GET shows "" as Redis does on a
// master, and CONFIG SET refuses it as immutable, as Redis does.
func replicaofParam() paramDef {
	p := specialParam("replicaof", pImm|pMulti, "",
		func(args []string, _ config.Value, _ bool) (config.Value, string) {
			if len(args) == 1 && args[0] == "" ||
				len(args) == 2 && strings.EqualFold(args[0], "no") && strings.EqualFold(args[1], "one") {
				return config.Value{}, ""
			}
			return config.Value{}, reasonReplicaof
		},
		func(config.Value) string { return "" },
		func(config.Value, config.Value) []config.Line { return nil })
	p.Alias = "slaveof"
	return p
}

// saveParam: pairs of seconds (>= 1) and changes (>= 0); "" means none.
// Lines of one config load accumulate, as in Redis.
func saveParam() paramDef {
	return specialParam("save", pMulti, "",
		func(args []string, cur config.Value, again bool) (config.Value, string) {
			reset := len(args) == 1 && args[0] == ""
			if reset {
				args = nil
			}
			if len(args)%2 != 0 {
				return config.Value{}, reasonSaveParams
			}
			out := make([]string, 0, len(args))
			if again && !reset {
				out = append(out, cur.List...)
			}
			for j, a := range args {
				n, rest, _ := cfgStrtoll(a, 10)
				if rest != "" || j%2 == 0 && n < 1 || j%2 == 1 && n < 0 {
					return config.Value{}, reasonSaveParams
				}
				if j%2 == 1 {
					n = int64(int32(n)) // Redis keeps changes in an int
				}
				out = append(out, strconv.FormatInt(n, 10))
			}
			return config.Value{List: out}, ""
		},
		func(v config.Value) string { return strings.Join(v.List, " ") },
		func(v, _ config.Value) []config.Line {
			if len(v.List) == 0 {
				return []config.Line{{Text: `save ""`, Force: true}}
			}
			var lines []config.Line
			for i := 0; i+1 < len(v.List); i += 2 {
				lines = append(lines, config.Line{Text: "save " + v.List[i] + " " + v.List[i+1], Force: true})
			}
			return lines
		})
}

// SaveParams returns the save points as (seconds, changes) pairs.
func SaveParams(r *config.Registry) [][2]int64 {
	l := r.Value("save").List
	out := make([][2]int64, 0, len(l)/2)
	for i := 0; i+1 < len(l); i += 2 {
		s, _ := strconv.ParseInt(l[i], 10, 64)
		c, _ := strconv.ParseInt(l[i+1], 10, 64)
		out = append(out, [2]int64{s, c})
	}
	return out
}

// dirParam is the working directory: setting it changes directory, getting
// it reads the current one, as in Redis.
func dirParam() paramDef {
	return specialParam("dir", pProt, ".",
		func(args []string, _ config.Value, _ bool) (config.Value, string) {
			if len(args) != 1 {
				return config.Value{}, reasonWrongArgs
			}
			if err := os.Chdir(args[0]); err != nil {
				return config.Value{}, config.Strerror(err)
			}
			return config.Value{}, ""
		},
		func(config.Value) string { return configDir() },
		func(config.Value, config.Value) []config.Line {
			d := configDir()
			if d == "" {
				return nil
			}
			return []config.Line{{Text: "dir " + config.Quote(d), Force: true}}
		})
}

func configDir() string {
	d, err := os.Getwd()
	if err != nil {
		return ""
	}
	return d
}

// Redis's notification flag bits, in the order of their letters.
const (
	kseKeyspace = 1 << 0  // K
	kseKeyevent = 1 << 1  // E
	kseGeneric  = 1 << 2  // g
	kseString   = 1 << 3  // $
	kseList     = 1 << 4  // l
	kseSet      = 1 << 5  // s
	kseHash     = 1 << 6  // h
	kseZSet     = 1 << 7  // z
	kseExpired  = 1 << 8  // x
	kseEvicted  = 1 << 9  // e
	kseStream   = 1 << 10 // t
	kseKeyMiss  = 1 << 11 // m
	kseModule   = 1 << 13 // d
	kseNew      = 1 << 14 // n
	kseAll      = kseGeneric | kseString | kseList | kseSet | kseHash | kseZSet |
		kseExpired | kseEvicted | kseStream | kseModule
)

// notifyClasses maps Redis's class bits to the engine's NotifyClass.
var notifyClasses = []struct {
	bit   int64
	class NotifyClass
	c     byte
}{
	{kseGeneric, NotifyGeneric, 'g'}, {kseString, NotifyString, '$'}, {kseList, NotifyList, 'l'},
	{kseSet, NotifySet, 's'}, {kseHash, NotifyHash, 'h'}, {kseZSet, NotifyZSet, 'z'},
	{kseExpired, NotifyExpired, 'x'}, {kseEvicted, NotifyEvicted, 'e'}, {kseStream, NotifyStream, 't'},
	{kseModule, NotifyModule, 'd'}, {kseNew, NotifyNew, 'n'},
	{kseKeyMiss, NotifyKeyMiss, 'm'},
}

func notifyParam() paramDef {
	d := specialParam("notify-keyspace-events", 0, "",
		func(args []string, _ config.Value, _ bool) (config.Value, string) {
			if len(args) != 1 {
				return config.Value{}, reasonWrongArgs
			}
			var flags int64
			for i := 0; i < len(args[0]); i++ {
				switch c := args[0][i]; c {
				case 'A':
					flags |= kseAll
				case 'K':
					flags |= kseKeyspace
				case 'E':
					flags |= kseKeyevent
				default:
					found := false
					for _, n := range notifyClasses {
						if n.c == c {
							flags |= n.bit
							found = true
						}
					}
					if !found {
						return config.Value{}, reasonNotifyClass
					}
				}
			}
			return config.Value{Int: flags}, ""
		},
		func(v config.Value) string { return keyspaceEventsString(v.Int) },
		func(v, _ config.Value) []config.Line {
			return []config.Line{{Text: "notify-keyspace-events " + config.Quote(keyspaceEventsString(v.Int)), Force: v.Int != 0}}
		})
	return d.with(func(s *Settings, v config.Value) {
		s.NotifyEvents = 0
		for _, n := range notifyClasses {
			if v.Int&n.bit != 0 {
				s.NotifyEvents |= n.class
			}
		}
		s.NotifyKeyspace = v.Int&kseKeyspace != 0
		s.NotifyKeyevent = v.Int&kseKeyevent != 0
	})
}

// keyspaceEventsString prints flags as Redis's keyspaceEventsFlagsToString does.
func keyspaceEventsString(flags int64) string {
	var b []byte
	if flags&kseAll == kseAll {
		b = append(b, 'A')
	} else {
		for _, n := range notifyClasses {
			if n.bit != kseKeyMiss && flags&n.bit != 0 {
				b = append(b, n.c)
			}
		}
	}
	if flags&kseKeyspace != 0 {
		b = append(b, 'K')
	}
	if flags&kseKeyevent != 0 {
		b = append(b, 'E')
	}
	if flags&kseKeyMiss != 0 {
		b = append(b, 'm')
	}
	return string(b)
}

// Output buffer limit classes, in Redis's order.
const (
	ObufNormal = iota
	ObufReplica
	ObufPubSub
)

// ObufLimit is one client class's client-output-buffer-limit.
type ObufLimit struct {
	Hard, Soft  uint64 // bytes; 0 is no limit
	SoftSeconds int64
}

var obufClassNames = []string{"normal", "slave", "pubsub"}

// clientOutputBufferLimitParam: "<class> <hard> <soft> <seconds>" groups;
// the classes given replace theirs, the others stay.
func clientOutputBufferLimitParam() paramDef {
	d := specialParam("client-output-buffer-limit", pMulti, "normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60",
		func(args []string, cur config.Value, _ bool) (config.Value, string) {
			if len(args)%4 != 0 {
				return config.Value{}, reasonObufArgs
			}
			out := append([]string(nil), cur.List...)
			if len(out) != 9 {
				out = make([]string, 9)
			}
			for j := 0; j < len(args); j += 4 {
				class := -1
				switch strings.ToLower(args[j]) {
				case "normal":
					class = ObufNormal
				case "slave", "replica":
					class = ObufReplica
				case "pubsub":
					class = ObufPubSub
				}
				if class < 0 {
					return config.Value{}, reasonObufClass
				}
				hard, ok1 := config.ParseMemory(args[j+1])
				soft, ok2 := config.ParseMemory(args[j+2])
				secs, rest, _ := cfgStrtoll(args[j+3], 10)
				if !ok1 || !ok2 || rest != "" || int32(secs) < 0 {
					return config.Value{}, reasonObufValues
				}
				out[class*3] = strconv.FormatUint(hard, 10)
				out[class*3+1] = strconv.FormatUint(soft, 10)
				out[class*3+2] = strconv.FormatInt(int64(int32(secs)), 10)
			}
			return config.Value{List: out}, ""
		},
		func(v config.Value) string {
			parts := make([]string, 0, 12)
			for c, name := range obufClassNames {
				parts = append(parts, name, v.List[c*3], v.List[c*3+1], v.List[c*3+2])
			}
			return strings.Join(parts, " ")
		},
		func(v, def config.Value) []config.Line {
			lines := make([]config.Line, 3)
			for c, name := range obufClassNames {
				if name == "slave" {
					name = "replica"
				}
				hard, _ := strconv.ParseInt(v.List[c*3], 10, 64)
				soft, _ := strconv.ParseInt(v.List[c*3+1], 10, 64)
				force := false
				for k := 0; k < 3; k++ {
					force = force || v.List[c*3+k] != def.List[c*3+k]
				}
				lines[c] = config.Line{Text: "client-output-buffer-limit " + name + " " + config.FormatMemory(hard) + " " +
					config.FormatMemory(soft) + " " + v.List[c*3+2], Force: force}
			}
			return lines
		})
	return d.with(func(s *Settings, v config.Value) {
		for c := range s.ObufLimits {
			hard, _ := strconv.ParseUint(v.List[c*3], 10, 64)
			soft, _ := strconv.ParseUint(v.List[c*3+1], 10, 64)
			secs, _ := strconv.ParseInt(v.List[c*3+2], 10, 64)
			s.ObufLimits[c] = ObufLimit{Hard: hard, Soft: soft, SoftSeconds: secs}
		}
	})
}

// oomScoreAdjValuesParam: three integers within -2000..2000 (inert).
func oomScoreAdjValuesParam() paramDef {
	return specialParam("oom-score-adj-values", pMulti, "0 200 800",
		func(args []string, _ config.Value, _ bool) (config.Value, string) {
			if len(args) != 3 {
				return config.Value{}, reasonWrongArgs
			}
			out := make([]string, 3)
			for i, a := range args {
				n, rest, _ := cfgStrtoll(a, 10)
				if rest != "" || n < -2000 || n > 2000 {
					return config.Value{}, reasonOOMValues
				}
				out[i] = strconv.FormatInt(n, 10)
			}
			return config.Value{List: out}, ""
		},
		func(v config.Value) string { return strings.Join(v.List, " ") },
		func(v, def config.Value) []config.Line {
			return []config.Line{{Text: "oom-score-adj-values " + strings.Join(v.List, " "), Force: !v.Equal(def)}}
		})
}

// unixSocketParam is the Unix socket path ("" for none).
func unixSocketParam() paramDef { return strParam("unixsocket", pImm|pNull, "") }

// unixSocketPermParam is the socket file's mode, in octal (0: leave it).
func unixSocketPermParam() paramDef {
	return specialParam("unixsocketperm", pImm, "0",
		func(args []string, _ config.Value, _ bool) (config.Value, string) {
			n, rest, overflow := cfgStrtoll(args[0], 8)
			if rest != "" || overflow {
				return config.Value{}, reasonOctal
			}
			if uint64(n) > 0o777 {
				return config.Value{}, reasonOctalBounds
			}
			return config.Value{Int: n}, ""
		},
		func(v config.Value) string { return strconv.FormatInt(v.Int, 8) },
		func(v, def config.Value) []config.Line {
			return []config.Line{{Text: "unixsocketperm " + strconv.FormatInt(v.Int, 8), Force: v.Int != def.Int}}
		})
}

// shutdownOnSignalParam: flags for the shutdown a signal triggers.
func shutdownOnSignalParam(name string) paramDef {
	d := enumParam(name, pMulti, "default", "default", "save", "nosave", "now", "force").values(0, shutdownSave, shutdownNoSave, shutdownNow, shutdownForce)
	return d.checked(func(v config.Value) string {
		if v.Int&shutdownSave != 0 && v.Int&shutdownNoSave != 0 {
			return reasonShutdownSaveNoSave
		}
		return ""
	})
}

// procTitleParam: the process title template (inert: luakv does not set
// its process title), validated as Redis validates it.
func procTitleParam() paramDef {
	return strParam("proc-title-template", 0, "{title} {listen-addr} {server-mode}").checked(func(v config.Value) string {
		if !validProcTitle(v.Str) {
			return reasonProcTitle
		}
		return ""
	})
}

// validProcTitle expands a template as Redis's sdstemplate does ("{name}"
// variables, "{{" for a brace) and requires a known variable set and a
// non-blank result. Variables that may be empty expand to "".
func validProcTitle(t string) bool {
	var out strings.Builder
	for t != "" {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			out.WriteString(t)
			break
		}
		out.WriteString(t[:i])
		t = t[i+1:]
		if t == "" {
			return false
		}
		if t[0] == '{' {
			out.WriteByte('{')
			t = t[1:]
			continue
		}
		end := strings.IndexByte(t, '}')
		if end < 0 {
			return false
		}
		switch t[:end] {
		case "title", "server-mode", "unixsocket":
		case "listen-addr", "config-file", "port", "tls-port":
			out.WriteString("x")
		default:
			return false
		}
		t = t[end+1:]
	}
	return strings.Trim(out.String(), " ") != ""
}

// cfgStrtoll parses s as C's strtoll(s, &end, base): leading blanks, a sign,
// then digits; rest is what end points to (all of s when there are no
// digits); overflow saturates.
func cfgStrtoll(s string, base int) (n int64, rest string, overflow bool) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	for ; i < len(s); i++ {
		d := int(s[i]) - '0'
		if d < 0 || d >= base || d > 9 {
			break
		}
		if v > (1<<63)/uint64(base) {
			overflow = true
		}
		v = v*uint64(base) + uint64(d)
	}
	if i == start {
		return 0, s, false
	}
	switch {
	case neg && (overflow || v > 1<<63):
		return -1 << 63, s[i:], true
	case !neg && (overflow || v > 1<<63-1):
		return 1<<63 - 1, s[i:], true
	case neg:
		return -int64(v), s[i:], false
	}
	return int64(v), s[i:], false
}
