package engine

import (
	"math"
	"strconv"
)

// ParseScanCursor parses a SCAN-family cursor as Redis does with strtoul:
// an optional sign and decimal digits, no surrounding space, within 64
// bits. A negative cursor wraps around as in C, and an empty cursor is 0.
// Like a C string, the argument ends at its first NUL byte.
func ParseScanCursor(b []byte) (uint64, bool) {
	for i, ch := range b {
		if ch == 0 {
			b = b[:i]
			break
		}
	}
	if len(b) == 0 {
		return 0, true
	}
	neg := false
	switch b[0] {
	case '-':
		neg = true
		b = b[1:]
	case '+':
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	var v uint64
	for _, ch := range b {
		if ch < '0' || ch > '9' {
			return 0, false
		}
		d := uint64(ch - '0')
		if v > (math.MaxUint64-d)/10 {
			return 0, false
		}
		v = v*10 + d
	}
	if neg {
		v = -v
	}
	return v, true
}

// ScanOptions are the options shared by the SCAN family.
type ScanOptions struct {
	Count int64 // COUNT, 10 by default
	// Pattern is the MATCH pattern when UsePattern is set; MATCH "*" is
	// the same as no pattern. An empty pattern matches only "".
	Pattern    []byte
	UsePattern bool
	// Type is the TYPE filter (SCAN only) when UseType is set.
	Type    []byte
	UseType bool
}

// Match reports whether key passes the MATCH option.
func (o *ScanOptions) Match(key []byte) bool {
	return !o.UsePattern || Match(o.Pattern, key, false)
}

// ParseScanOptions reads the COUNT, MATCH and (when allowType) TYPE options
// from args, writing the error reply and returning false on a bad one.
func ParseScanOptions(c *Ctx, args [][]byte, allowType bool) (ScanOptions, bool) {
	opts := ScanOptions{Count: 10}
	for i := 0; i < len(args); i += 2 {
		if i+1 >= len(args) {
			c.Err(ErrSyntax)
			return opts, false
		}
		val := args[i+1]
		switch {
		case EqualFold(args[i], "count"):
			n, ok := parseInt(val)
			if !ok {
				c.Err(ErrNotInteger)
				return opts, false
			}
			if n < 1 {
				c.Err(ErrSyntax)
				return opts, false
			}
			opts.Count = n
		case EqualFold(args[i], "match"):
			// "*" matches everything, so it is the same as no pattern.
			opts.Pattern = val
			opts.UsePattern = !(len(val) == 1 && val[0] == '*')
		case allowType && EqualFold(args[i], "type"):
			opts.Type, opts.UseType = val, true
		default:
			c.Err(ErrSyntax)
			return opts, false
		}
	}
	return opts, true
}

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]: one step of an
// iteration over the database's keys. A key present for the whole
// iteration is returned at least once, whatever the table does meanwhile.
func cmdScan(c *Ctx) {
	cursor, ok := ParseScanCursor(c.Args[1])
	if !ok {
		c.Err(ErrInvalidCursor)
		return
	}
	opts, ok := ParseScanOptions(c, c.Args[2:], true)
	if !ok {
		return
	}
	db := c.DB
	// Collect first and filter afterwards: filtering may reclaim expired
	// keys, which must not happen while the table is being walked.
	var keys []string
	collect := func(en *Entry) { keys = append(keys, en.key) }
	// Visit at most ten buckets per key asked for, so a sparse table
	// cannot make one call slow.
	maxIter := opts.Count
	if maxIter <= math.MaxInt64/10 {
		maxIter *= 10
	} else {
		maxIter = math.MaxInt64
	}
	for {
		cursor = db.Scan(cursor, collect)
		if cursor == 0 || maxIter == 0 {
			break
		}
		maxIter--
		if int64(len(keys)) >= opts.Count {
			break
		}
	}
	n := 0
	for _, k := range keys {
		if scanKeep(db, k, &opts) {
			keys[n] = k
			n++
		}
	}
	keys = keys[:n]

	var buf [20]byte
	c.WriteArray(2)
	c.WriteBulk(strconv.AppendUint(buf[:0], cursor, 10))
	c.WriteArray(len(keys))
	for _, k := range keys {
		c.WriteBulkString(k)
	}
}

// scanKeep applies SCAN's filters to one collected key in Redis's order:
// the pattern, then the type (a lookup that counts keyspace stats), then
// expiry, which reclaims the key if it is due.
func scanKeep(db *DB, key string, opts *ScanOptions) bool {
	if !opts.Match(keyView(key)) {
		return false
	}
	if opts.UseType {
		typ := "none"
		if en := db.LookupNoTouch(keyView(key)); en != nil {
			typ = en.TypeName()
		}
		if !EqualFold(opts.Type, typ) {
			return false
		}
	}
	return !db.expireIfNeeded(key)
}
