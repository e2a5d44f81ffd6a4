package lua

import (
	"bytes"
	"strings"

	"luakv/engine"
)

// scriptFlags are what a script's shebang declares (Redis's SCRIPT_FLAG_*).
type scriptFlags uint8

const (
	// flagCompat: no shebang; the script keeps the pre-7.0 behaviour
	// (it may write, whatever the command it was sent with allows).
	flagCompat scriptFlags = 1 << iota
	flagNoWrites
	flagAllowOOM
	flagAllowStale
	flagNoCluster
	flagAllowCrossSlot
)

var shebangFlags = map[string]scriptFlags{
	"no-writes":             flagNoWrites,
	"allow-oom":             flagAllowOOM,
	"allow-stale":           flagAllowStale,
	"no-cluster":            flagNoCluster,
	"allow-cross-slot-keys": flagAllowCrossSlot,
}

// parseShebang reads a "#!lua flags=a,b" first line. It returns the flags
// and the length of the line (without its newline, which stays so that
// line numbers are kept), as Redis's evalExtractShebangFlags.
func parseShebang(body []byte) (scriptFlags, int, engine.Error) {
	if !bytes.HasPrefix(body, []byte("#!")) {
		return flagCompat, 0, ""
	}
	end := bytes.IndexByte(body, '\n')
	if end < 0 {
		return 0, 0, engine.ErrShebangInvalid
	}
	parts, ok := engine.SplitArgs(body[:end])
	if !ok || len(parts) == 0 {
		return 0, 0, engine.ErrShebangNoEngine
	}
	if string(parts[0]) != "#!lua" {
		return 0, 0, engine.ErrShebangEngine(string(parts[0]))
	}
	var flags scriptFlags
	for _, p := range parts[1:] {
		opt, ok := strings.CutPrefix(string(p), "flags=")
		if !ok {
			return 0, 0, engine.ErrShebangOption(string(p))
		}
		if opt == "" {
			continue // "flags=" declares none
		}
		for _, name := range strings.Split(opt, ",") {
			f, known := shebangFlags[name]
			if !known {
				return 0, 0, engine.ErrShebangFlag(name)
			}
			flags |= f
		}
	}
	return flags, end, ""
}

// gateFlags returns cmd's GateFlags: the flags the dispatcher's gates judge
// an EVAL by, from the script's shebang (Redis's evalGetCommandFlags). A
// script without one, or one not found (EVALSHA of an unknown SHA, an EVAL
// whose shebang does not parse), is judged by the command's own flags.
func (s *Scripting) gateFlags(cmd *engine.Command, bySHA bool) func(args [][]byte) engine.Flag {
	return func(args [][]byte) engine.Flag {
		if len(args) < 2 {
			return cmd.Flags
		}
		var flags scriptFlags
		if bySHA {
			if len(args[1]) != 40 {
				return cmd.Flags
			}
			var sha [40]byte
			sc := s.cache.peekScript(lowerHex(&sha, args[1]))
			if sc == nil {
				return cmd.Flags
			}
			flags = sc.flags
		} else {
			sha := shaOf(args[1])
			if sc := s.cache.peekScript(sha[:]); sc != nil {
				flags = sc.flags
			} else {
				var err engine.Error
				if flags, _, err = parseShebang(args[1]); err != "" {
					return cmd.Flags
				}
			}
		}
		if flags&flagCompat != 0 {
			return cmd.Flags
		}
		return flagsForGates(cmd.Flags, flags)
	}
}

// flagsForGates is Redis's scriptFlagsToCmdFlags: a script that declared
// its flags writes unless no-writes, may grow memory unless allow-oom or
// no-writes, runs on a stale replica only if allow-stale; and it is known
// whether it replicates.
func flagsForGates(cmd engine.Flag, sf scriptFlags) engine.Flag {
	cmd &^= engine.Stale | engine.DenyOOM | engine.Write | engine.MayReplicate
	if sf&(flagAllowOOM|flagNoWrites) == 0 {
		cmd |= engine.DenyOOM
	}
	if sf&flagNoWrites == 0 {
		cmd |= engine.Write
	}
	if sf&flagAllowStale != 0 {
		cmd |= engine.Stale
	}
	return cmd
}
