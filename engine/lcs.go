package engine

import "math"

// lcsMatch is one matching range of LCS IDX: a[aStart..aEnd] equals
// b[bStart..bEnd].
type lcsMatch struct {
	aStart, aEnd, bStart, bEnd uint32
}

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest
// common subsequence of two strings (missing keys read as empty), by the
// classic dynamic programming table, which like Redis is refused when it
// would need more than proto-max-bulk-len bytes.
func cmdLcs(c *Ctx) {
	ea, eb := c.DB.Lookup(c.Args[1]), c.DB.Lookup(c.Args[2])
	if (ea != nil && !ea.IsString()) || (eb != nil && !eb.IsString()) {
		c.Err(ErrLCSNotString)
		return
	}
	var a, b []byte
	if ea != nil {
		a = ea.StringBytes()
	}
	if eb != nil {
		b = eb.StringBytes()
	}
	var getLen, getIdx, withMatchLen bool
	var minMatchLen int64
	for j := 3; j < len(c.Args); j++ {
		opt := c.Args[j]
		switch {
		case strOpt(opt, "idx"):
			getIdx = true
		case strOpt(opt, "len"):
			getLen = true
		case strOpt(opt, "withmatchlen"):
			withMatchLen = true
		case strOpt(opt, "minmatchlen") && j+1 < len(c.Args):
			n, ok := parseInt(c.Args[j+1])
			if !ok {
				c.Err(ErrNotInteger)
				return
			}
			minMatchLen = max(n, 0)
			j++
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	if getLen && getIdx {
		c.Err(ErrLCSLenAndIdx)
		return
	}
	if len(a) >= math.MaxUint32-1 || len(b) >= math.MaxUint32-1 {
		c.Err(ErrLCSTooLong)
		return
	}
	alen, blen := len(a), len(b)
	cells := uint64(alen+1) * uint64(blen+1)
	if cells*4 > uint64(c.E.Config.ProtoMaxBulkLen) {
		c.Err(ErrLCSMemoryLimit)
		return
	}

	// t[i*(blen+1)+j] is the LCS length of a[:i] and b[:j].
	w := blen + 1
	t := make([]uint32, cells)
	for i := 1; i <= alen; i++ {
		row, prev := t[i*w:(i+1)*w], t[(i-1)*w:i*w]
		for j := 1; j <= blen; j++ {
			switch {
			case a[i-1] == b[j-1]:
				row[j] = prev[j-1] + 1
			case prev[j] > row[j-1]:
				row[j] = prev[j]
			default:
				row[j] = row[j-1]
			}
		}
	}
	total := t[alen*w+blen]
	if getLen {
		c.WriteInt(int64(total))
		return
	}

	// Walk back from the end, collecting the subsequence and, for IDX, the
	// ranges where it is contiguous in both strings (last range first).
	result := make([]byte, total)
	var matches []lcsMatch
	idx := total
	unset := uint32(alen) // aStart == alen: no range open
	cur := lcsMatch{aStart: unset}
	i, j := uint32(alen), uint32(blen)
	for i > 0 && j > 0 {
		emit := false
		if a[i-1] == b[j-1] {
			result[idx-1] = a[i-1]
			switch {
			case cur.aStart == unset:
				cur = lcsMatch{aStart: i - 1, aEnd: i - 1, bStart: j - 1, bEnd: j - 1}
			case cur.aStart == i && cur.bStart == j:
				cur.aStart--
				cur.bStart--
			default:
				emit = true
			}
			if cur.aStart == 0 || cur.bStart == 0 {
				emit = true
			}
			idx--
			i--
			j--
		} else {
			if t[int(i-1)*w+int(j)] > t[int(i)*w+int(j)-1] {
				i--
			} else {
				j--
			}
			if cur.aStart != unset {
				emit = true
			}
		}
		if emit {
			n := cur.aEnd - cur.aStart + 1
			if getIdx && (minMatchLen == 0 || int64(n) >= minMatchLen) {
				matches = append(matches, cur)
			}
			cur.aStart = unset
		}
	}
	if !getIdx {
		c.WriteBulk(result)
		return
	}
	c.WriteMap(2)
	c.WriteBulkString("matches")
	c.WriteArray(len(matches))
	for _, m := range matches {
		if withMatchLen {
			c.WriteArray(3)
		} else {
			c.WriteArray(2)
		}
		c.WriteArray(2)
		c.WriteInt(int64(m.aStart))
		c.WriteInt(int64(m.aEnd))
		c.WriteArray(2)
		c.WriteInt(int64(m.bStart))
		c.WriteInt(int64(m.bEnd))
		if withMatchLen {
			c.WriteInt(int64(m.aEnd - m.aStart + 1))
		}
	}
	c.WriteBulkString("len")
	c.WriteInt(int64(total))
}
