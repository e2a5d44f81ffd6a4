package rdb

import "errors"

// LZF, the compression RDB strings use: a stream of literal runs (a control
// byte below 32 gives the run's length minus one) and back references (the
// top three bits give the length minus two, 7 meaning "plus the next
// byte"; the low five bits and the byte after the length give the distance
// minus one).
const (
	lzfMaxLiteral  = 1 << 5
	lzfMaxDistance = 1 << 13
	lzfMaxMatch    = (1 << 8) + (1 << 3) // 264: 7 + 255 + 2
	lzfHashBits    = 14
)

var errLZF = errors.New("invalid LZF compressed string")

// lzfCompress compresses in into a buffer smaller than in and returns it,
// or nil when the result would not be smaller.
func lzfCompress(in []byte) []byte {
	if len(in) < 4 {
		return nil
	}
	limit := len(in) - 1
	out := make([]byte, 0, limit)
	var table [1 << lzfHashBits]int32 // position + 1 of the last occurrence
	hash := func(i int) uint32 {
		v := uint32(in[i])<<16 | uint32(in[i+1])<<8 | uint32(in[i+2])
		return (v * 2654435761) >> (32 - lzfHashBits)
	}
	lit := 0 // start of the literals not yet written
	flush := func(end int) {
		for lit < end {
			n := min(end-lit, lzfMaxLiteral)
			out = append(out, byte(n-1))
			out = append(out, in[lit:lit+n]...)
			lit += n
		}
	}
	for ip := 0; ip+2 < len(in); {
		h := hash(ip)
		ref := int(table[h]) - 1
		table[h] = int32(ip + 1)
		if ref < 0 || ip-ref > lzfMaxDistance || in[ref] != in[ip] || in[ref+1] != in[ip+1] || in[ref+2] != in[ip+2] {
			ip++
			continue
		}
		n, max := 3, min(len(in)-ip, lzfMaxMatch)
		for n < max && in[ref+n] == in[ip+n] {
			n++
		}
		flush(ip)
		d := ip - ref - 1
		if l := n - 2; l < 7 {
			out = append(out, byte(l<<5|d>>8), byte(d))
		} else {
			out = append(out, byte(7<<5|d>>8), byte(l-7), byte(d))
		}
		if len(out) >= limit {
			return nil
		}
		for end := ip + n; ip < end; ip++ {
			if ip+2 < len(in) {
				table[hash(ip)] = int32(ip + 1)
			}
		}
		lit = ip
	}
	flush(len(in))
	if len(out) >= limit {
		return nil
	}
	return out
}

// lzfDecompress expands in, which must decode to exactly n bytes.
func lzfDecompress(in []byte, n int) ([]byte, error) {
	out := make([]byte, 0, n)
	for i := 0; i < len(in); {
		ctrl := int(in[i])
		i++
		if ctrl < lzfMaxLiteral {
			l := ctrl + 1
			if i+l > len(in) || len(out)+l > n {
				return nil, errLZF
			}
			out = append(out, in[i:i+l]...)
			i += l
			continue
		}
		l := ctrl >> 5
		if l == 7 {
			if i >= len(in) {
				return nil, errLZF
			}
			l += int(in[i])
			i++
		}
		if i >= len(in) {
			return nil, errLZF
		}
		ref := len(out) - (ctrl&0x1f<<8 | int(in[i])) - 1
		i++
		l += 2
		if ref < 0 || len(out)+l > n {
			return nil, errLZF
		}
		for k := 0; k < l; k++ { // overlapping copies repeat bytes
			out = append(out, out[ref+k])
		}
	}
	if len(out) != n {
		return nil, errLZF
	}
	return out, nil
}
