package lua

// luakv: a cheap check for tables a host refills in place (Redis's KEYS and
// ARGV): whether the table holds nothing but its array part's first n
// slots, so the host can reuse it instead of allocating a new one per call.

// IsArrayOf reports whether tb has no metatable, no hash part and an array
// part of at most n slots (some of which may be nil).
func (tb *LTable) IsArrayOf(n int) bool {
	return tb.Metatable == LNil && len(tb.array) <= n && len(tb.dict) == 0 && len(tb.strdict) == 0
}

// TruncateArray drops the array part's slots from n on (a host refilling a
// table with fewer elements than before).
func (tb *LTable) TruncateArray(n int) {
	if n < len(tb.array) {
		clear(tb.array[n:])
		tb.array = tb.array[:n]
	}
}
