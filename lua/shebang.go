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
