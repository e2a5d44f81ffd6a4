package engine

import "math"

// KeyRef is one key argument found by Command.GetKeys: its argv index and
// how the command uses it.
type KeyRef struct {
	Pos   int
	Flags KeyFlag
}

// GetKeys finds the keys in args (a full command line, args[0] being the
// command name) the way Redis 7's COMMAND GETKEYS does, errors included:
//
//   - ErrCommandNoKeys when cmd has no key spec that names real keys and no
//     key-finding fallback;
//   - ErrGetKeysArity when args does not fit cmd's arity;
//   - ErrGetKeysInvalidArgs when no key can be found, unless cmd has the
//     NoMandatoryKeys flag (then the result is empty).
//
// The key specs decide, unless one has variable flags or the specs cannot be
// evaluated for these arguments; then, as in Redis, the command's
// GetKeysProc decides. It never indexes outside args.
func (cmd *Command) GetKeys(args [][]byte) ([]KeyRef, error) {
	fallback := cmd.GetKeysProc
	if !cmd.hasRealKeySpec() && fallback == nil {
		return nil, ErrCommandNoKeys
	}
	if !arityOK(cmd.Arity, len(args)) {
		return nil, ErrGetKeysArity
	}
	keys := cmd.findKeys(args, fallback)
	if len(keys) == 0 {
		if cmd.Flags&NoMandatoryKeys != 0 {
			return []KeyRef{}, nil
		}
		return nil, ErrGetKeysInvalidArgs
	}
	return keys, nil
}

// findKeys is Redis's getKeysFromCommandWithSpecs: the key specs when they
// are reliable and valid for args, else the fallback, else no keys.
func (cmd *Command) findKeys(args [][]byte, fallback func([][]byte) []KeyRef) []KeyRef {
	var varFlags bool
	for i := range cmd.Specs {
		varFlags = varFlags || cmd.Specs[i].Flags&KeyVariableFlags != 0
	}
	if cmd.hasRealKeySpec() && !varFlags {
		if keys, ok := cmd.keysFromSpecs(args); ok {
			return keys
		}
	}
	if fallback != nil {
		return fallback(args)
	}
	return nil
}

// hasRealKeySpec reports whether a key spec names real keys (not not_key).
func (cmd *Command) hasRealKeySpec() bool {
	for i := range cmd.Specs {
		if cmd.Specs[i].Flags&KeyNotKey == 0 {
			return true
		}
	}
	return false
}

// keysFromSpecs evaluates every key spec against args. It reports false when
// a spec is unknown, incomplete or doesn't fit args, as Redis's
// getKeysUsingKeySpecs returns -1.
func (cmd *Command) keysFromSpecs(args [][]byte) ([]KeyRef, bool) {
	var keys []KeyRef
	argc := len(args)
	for si := range cmd.Specs {
		spec := &cmd.Specs[si]
		if spec.Flags&KeyNotKey != 0 {
			continue
		}
		first, found := spec.Begin.first(args)
		if !found {
			if spec.Begin.Unknown {
				return nil, false
			}
			continue // keyword absent: this spec has no keys here
		}
		last, step := 0, 1
		f := &spec.Find
		switch {
		case f.Unknown:
			return nil, false
		case f.KeyNum:
			step = f.Step
			at := first + f.KeyNumIdx
			if f.KeyNumIdx >= argc || at < 0 || at >= argc {
				return nil, false
			}
			n, ok := parseInt(args[at])
			if !ok || n < 0 {
				return nil, false
			}
			// Redis keeps the count in a C int.
			first += f.FirstKey
			last = first + int(int32(n)) - 1
		default:
			step = f.KeyStep
			switch {
			case f.LastKey >= 0:
				last = first + f.LastKey
			case f.Limit == 0:
				last = argc + f.LastKey
			default:
				last = first + ((argc-first)/f.Limit + f.LastKey)
			}
		}
		if last >= argc || last < first || first >= argc {
			return nil, false
		}
		if step < 1 {
			step = 1
		}
		for i := first; i <= last; i += step {
			keys = append(keys, KeyRef{Pos: i, Flags: spec.Flags})
		}
		if spec.Flags&KeyIncomplete != 0 {
			return nil, false
		}
	}
	return keys, true
}

// first returns the argv index a key spec's search begins at, and false when
// a keyword search finds nothing. Keyword searches run from StartFrom (from
// the end when negative) and, as in Redis, never look at the last word they
// could reach: a keyword there would have no key after it.
func (b *BeginSearch) first(args [][]byte) (int, bool) {
	switch {
	case b.Unknown:
		return 0, false
	case b.Keyword == "":
		return b.Index, true
	}
	argc := len(args)
	start, end := argc+b.StartFrom, 1
	if b.StartFrom > 0 {
		start, end = b.StartFrom, argc-1
	}
	for i := start; i != end; {
		if i >= argc || i < 1 {
			break
		}
		if equalFoldBoth(cstrBytes(args[i]), b.Keyword) {
			return i + 1, true
		}
		if start <= end {
			i++
		} else {
			i--
		}
	}
	return 0, false
}

// equalFoldBoth compares ASCII letters of both a and s in any case
// (EqualFold wants s in lowercase; key spec keywords are uppercase).
func equalFoldBoth(a []byte, s string) bool {
	if len(a) != len(s) {
		return false
	}
	for i := range a {
		if lower(a[i]) != lower(s[i]) {
			return false
		}
	}
	return true
}

// Redis's getkeys procedures, for the commands whose key specs are
// unreliable (variable flags), unknown or incomplete (SORT's), or may not fit
// the arguments (a key count Redis's spec parser refuses but atoi accepts).
// The command table names them in its rows' GetKeysProc fields; cmdgen's
// names.go says which command gets which. Redis's migrate and georadius
// procedures come with those commands.

// setKeys: SET's key is read and written with GET, overwritten without.
func setKeys(args [][]byte) []KeyRef {
	flags := KeyOW | KeyUpdate
	for _, a := range args[min(3, len(args)):] {
		if len(a) >= 3 && lower(a[0]) == 'g' && lower(a[1]) == 'e' && lower(a[2]) == 't' && (len(a) == 3 || a[3] == 0) {
			flags = KeyRW | KeyAccess | KeyUpdate
			break
		}
	}
	return []KeyRef{{Pos: 1, Flags: flags}}
}

// bitfieldKeys: BITFIELD only reads its key when every operation is a GET
// (or OVERFLOW) with all its arguments.
func bitfieldKeys(args [][]byte) []KeyRef {
	readOnly := true
	for i := 2; i < len(args); i++ {
		rest := len(args) - i - 1
		a := cstrBytes(args[i])
		switch {
		case EqualFold(a, "get") && rest >= 2:
			i += 2
			continue
		case (EqualFold(a, "set") || EqualFold(a, "incrby")) && rest >= 3:
			readOnly = false
		case EqualFold(a, "overflow") && rest >= 1:
			i++
			continue
		default:
			readOnly = false // a syntax error: assume a write
		}
		break
	}
	if readOnly {
		return []KeyRef{{Pos: 1, Flags: KeyRO | KeyAccess}}
	}
	return []KeyRef{{Pos: 1, Flags: KeyRW | KeyAccess | KeyUpdate}}
}

// sortKeys: SORT reads its key and overwrites the key after the last STORE
// that has one. Like Redis it skips the arguments of LIMIT (two), GET and BY
// (one each) without checking they exist, so a STORE among them is not seen.
func sortKeys(args [][]byte) []KeyRef {
	keys := []KeyRef{{Pos: 1, Flags: KeyRO | KeyAccess}}
	store := 0
	for i := 2; i < len(args); i++ {
		a := cstrBytes(args[i])
		switch {
		case EqualFold(a, "limit"):
			i += 2
		case EqualFold(a, "store") && i+1 < len(args):
			store = i + 1
		case EqualFold(a, "get"), EqualFold(a, "by"):
			i++
		}
	}
	if store > 0 {
		keys = append(keys, KeyRef{Pos: store, Flags: KeyOW | KeyUpdate})
	}
	return keys
}

// sortROKeys: SORT_RO only reads its key.
func sortROKeys(args [][]byte) []KeyRef {
	return []KeyRef{{Pos: 1, Flags: KeyRO | KeyAccess}}
}

// evalKeys: EVAL, EVALSHA and their _RO forms (script numkeys key...).
func evalKeys(args [][]byte) []KeyRef { return countedKeys(args, 0, 2, 3) }

// functionKeys: FCALL and FCALL_RO (function numkeys key...).
func functionKeys(args [][]byte) []KeyRef { return countedKeys(args, 0, 2, 3) }

// lmpopKeys: LMPOP numkeys key... (ZMPOP and SINTERCARD likewise).
func lmpopKeys(args [][]byte) []KeyRef { return countedKeys(args, 0, 1, 2) }

// blmpopKeys: BLMPOP and BZMPOP timeout numkeys key....
func blmpopKeys(args [][]byte) []KeyRef { return countedKeys(args, 0, 2, 3) }

// zmpopKeys: ZMPOP numkeys key....
func zmpopKeys(args [][]byte) []KeyRef { return countedKeys(args, 0, 1, 2) }

// sintercardKeys: SINTERCARD numkeys key....
func sintercardKeys(args [][]byte) []KeyRef { return countedKeys(args, 0, 1, 2) }

// zunionInterDiffKeys: ZUNION, ZINTER, ZDIFF and ZINTERCARD numkeys key....
func zunionInterDiffKeys(args [][]byte) []KeyRef { return countedKeys(args, 0, 1, 2) }

// zunionInterDiffStoreKeys: ZUNIONSTORE, ZINTERSTORE and ZDIFFSTORE
// destination numkeys key....
func zunionInterDiffStoreKeys(args [][]byte) []KeyRef { return countedKeys(args, 1, 2, 3) }

// countedKeys is Redis's genericGetKeys: a key count at argv[countAt], read
// with C's atoi, keys from argv[firstAt] on, plus the destination key at
// argv[store] when store > 0. The keys carry no flags.
func countedKeys(args [][]byte, store, countAt, firstAt int) []KeyRef {
	if countAt >= len(args) {
		return nil
	}
	n := atoi(args[countAt])
	if n < 1 || n > (len(args)-firstAt) {
		return nil
	}
	keys := make([]KeyRef, 0, n+1)
	for i := 0; i < n; i++ {
		keys = append(keys, KeyRef{Pos: firstAt + i})
	}
	if store > 0 {
		keys = append(keys, KeyRef{Pos: store})
	}
	return keys
}

// atoi is C's atoi as glibc implements it: (int)strtol(s, NULL, 10), which
// skips leading white space, takes an optional sign and the digits that
// follow, saturates at the long range, then keeps the low 32 bits.
func atoi(b []byte) int {
	b = cstrBytes(b)
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	neg := false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	var v uint64
	over := false
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		if v > (math.MaxUint64-9)/10 {
			over = true
			continue
		}
		v = v*10 + uint64(b[i]-'0')
	}
	var l int64
	switch {
	case !neg && (over || v > math.MaxInt64):
		l = math.MaxInt64
	case neg && (over || v > 1<<63):
		l = math.MinInt64
	case neg:
		l = -int64(v)
	default:
		l = int64(v)
	}
	return int(int32(l))
}

// xreadKeys: XREAD and XREADGROUP, whose keys follow the first STREAMS that
// is not an option's value (a group, a key or a count may be "streams"),
// half of the arguments after it.
func xreadKeys(args [][]byte) []KeyRef {
	at := -1
scan:
	for i := 1; i < len(args); i++ {
		a := cstrBytes(args[i])
		switch {
		case EqualFold(a, "block"), EqualFold(a, "count"):
			i++
		case EqualFold(a, "group"):
			i += 2
		case EqualFold(a, "noack"):
		case EqualFold(a, "streams"):
			at = i
			break scan
		default:
			break scan
		}
	}
	if at < 0 {
		return nil
	}
	n := len(args) - at - 1
	if n == 0 || n%2 != 0 {
		return nil
	}
	keys := make([]KeyRef, n/2)
	for i := range keys {
		keys[i] = KeyRef{Pos: at + 1 + i}
	}
	return keys
}
