package engine

import (
	"bytes"
	"math/bits"
	"os"
	"runtime/metrics"
	"strconv"
	"sync"
)

// Memory estimates.
//
// MEMORY USAGE reports what a key would cost in Redis 7.0 built with
// jemalloc, computed from luakv's own data, rather than what it costs in the
// Go heap. Clients and tools compare the figure with Redis's, and Redis's is
// well defined for strings:
//
//	usage = key + dict entry + value
//	key   = alloc(sds header + len(key) + 1)      (header: 1 byte under 32 bytes)
//	entry = 24                                     (dictEntry)
//	value = 16                                     "int" (the robj; the number lives in it)
//	      = alloc(16 + 3 + len + 1)                "embstr" (robj and sds in one block)
//	      = 16 + alloc(sds header + size + 1)      "raw"
//
// where alloc rounds up to jemalloc's size classes and the sds header is
// 3, 5, 9 or 17 bytes as the length needs 8, 16, 32 or 64 bits. A value of
// 32KB or more is costed as Redis keeps a big network argument (in the query
// buffer's sds, with room for the CRLF unless trimmed; see bigArgAlloc). For
// a raw string modified in place, size is the capacity luakv holds (Redis
// also counts an sds's spare room). This matches redis-server byte for byte
// for strings set by SET from the network; for strings grown by APPEND the
// spare room follows Go's growth policy instead of sds's, so the figures may
// differ.
//
// Other types report their own estimate through MemorySizer; one that does
// not is counted as a bare robj.

// MemorySizer is implemented by non-string values that can estimate their
// Redis-equivalent size for MEMORY USAGE. samples bounds how many elements
// are measured (the rest extrapolated), as Redis does; it is at least 1,
// math.MaxInt64 meaning all.
type MemorySizer interface {
	MemoryUsage(samples int64) int64
}

// SerializedSizer is implemented by non-string values that can estimate
// the length of their RDB serialization (DEBUG OBJECT's serializedlength).
type SerializedSizer interface {
	SerializedLen() int64
}

const (
	robjSize      = 16 // Redis's object header (type, encoding, lru, refcount, ptr)
	dictEntrySize = 24 // key, value and next pointers
	embstrMaxLen  = 44 // longest string Redis stores as embstr
)

// jemallocSize rounds n up to jemalloc's size classes: 8, then multiples of
// 16 up to 128, then four classes per doubling.
func jemallocSize(n int64) int64 {
	switch {
	case n <= 8:
		return 8
	case n <= 128:
		return (n + 15) &^ 15
	}
	step := int64(1) << (bits.Len64(uint64(n-1)) - 3)
	return (n + step - 1) &^ (step - 1)
}

// sdsHeader is the header size of an sds string of length n. Keys under 32
// bytes get the 1-byte header; values never do, because Redis creates or
// grows them through paths that skip that type.
func sdsHeader(n int64, allowTiny bool) int64 {
	switch {
	case n < 32 && allowTiny:
		return 1
	case n < 1<<8:
		return 3
	case n < 1<<16:
		return 5
	case n < 1<<32:
		return 9
	}
	return 17
}

// entryMemoryUsage is MEMORY USAGE's figure for en.
func entryMemoryUsage(en *Entry, samples int64) int64 {
	k := int64(len(en.key))
	return jemallocSize(sdsHeader(k, true)+k+1) + dictEntrySize + valueMemoryUsage(en, samples)
}

func valueMemoryUsage(en *Entry, samples int64) int64 {
	if !en.IsString() {
		if m, ok := en.Obj.(MemorySizer); ok {
			return m.MemoryUsage(samples)
		}
		return robjSize
	}
	switch en.Encoding() {
	case "int":
		return robjSize
	case "embstr":
		return jemallocSize(robjSize + 3 + int64(len(en.Str)) + 1)
	}
	if r, ok := en.Obj.(*RawString); ok {
		size := int64(cap(r.B))
		return robjSize + jemallocSize(sdsHeader(size, false)+size+1)
	}
	size := int64(len(en.Str))
	if size >= bigArgLen {
		return robjSize + bigArgAlloc(size)
	}
	return robjSize + jemallocSize(sdsHeader(size, false)+size+1)
}

// bigArgLen is Redis's PROTO_MBULK_BIG_ARG: a bulk argument at least this
// long becomes the stored value without a copy, in the query buffer's own
// sds, which was sized for the argument plus its trailing CRLF.
const bigArgLen = 32 << 10

// bigArgAlloc is the allocation of such an sds holding n bytes: sized for
// n+2, then trimmed to n only if that frees more than a tenth of n (Redis's
// trimStringObjectIfNeeded), keeping its header type either way.
func bigArgAlloc(n int64) int64 {
	req := n + 2
	hdr := sdsHeader(req, false)
	alloc := jemallocSize(hdr + req + 1)
	if usable := min(alloc-hdr-1, sdsMaxLen(hdr)); usable-n > n/10 {
		return jemallocSize(hdr + n + 1)
	}
	return alloc
}

// sdsMaxLen is the largest length an sds header of size hdr can record.
func sdsMaxLen(hdr int64) int64 {
	switch hdr {
	case 1:
		return 1<<5 - 1
	case 3:
		return 1<<8 - 1
	case 5:
		return 1<<16 - 1
	case 9:
		return 1<<32 - 1
	}
	return 1<<63 - 1
}

// serializedLen estimates the RDB length of en's value for DEBUG OBJECT.
// For strings it is exact except that Redis LZF-compresses values longer
// than 20 bytes when that saves space; luakv does not model compression, so
// for compressible values it reports the uncompressed length (more than
// Redis would).
func serializedLen(en *Entry) int64 {
	if !en.IsString() {
		if s, ok := en.Obj.(SerializedSizer); ok {
			return s.SerializedLen()
		}
		return 0
	}
	b := en.StringBytes()
	// Redis saves short integer strings as 8, 16 or 32-bit integers; an
	// "int"-encoded value of any length is tried the same way.
	if len(b) <= 11 || en.Encoding() == "int" {
		if v, ok := parseInt(b); ok {
			switch {
			case v >= -1<<7 && v < 1<<7:
				return 2
			case v >= -1<<15 && v < 1<<15:
				return 3
			case v >= -1<<31 && v < 1<<31:
				return 5
			}
		}
	}
	return rdbLenSize(int64(len(b))) + int64(len(b))
}

// rdbLenSize is the size of an RDB length prefix for n.
func rdbLenSize(n int64) int64 {
	switch {
	case n < 1<<6:
		return 1
	case n < 1<<14:
		return 2
	case n <= 1<<32-1:
		return 5
	}
	return 9
}

// goMem is the Go runtime's view of the process memory, the counterpart of
// Redis's allocator statistics.
type goMem struct {
	objects  int64 // bytes in live (and not yet swept) heap objects
	heapUsed int64 // heap spans in use: objects plus their unused slots
	resident int64 // all memory the runtime mapped and has not released
}

var goMemMetrics = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
}

// readGoMem reads the runtime's memory metrics. runtime/metrics does not
// stop the world, so INFO can call it freely.
func readGoMem() goMem {
	s := make([]metrics.Sample, len(goMemMetrics))
	for i, name := range goMemMetrics {
		s[i].Name = name
	}
	metrics.Read(s)
	v := func(i int) int64 {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return int64(s[i].Value.Uint64())
	}
	return goMem{
		objects:  v(0),
		heapUsed: v(0) + v(1),
		resident: v(2) - v(3),
	}
}

// readRSS returns the process's resident set size from /proc/self/statm, or
// 0 where that file does not exist.
func readRSS() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := bytes.Fields(b)
	if len(f) < 2 {
		return 0
	}
	pages, err := strconv.ParseInt(string(f[1]), 10, 64)
	if err != nil {
		return 0
	}
	return pages * int64(os.Getpagesize())
}

var systemMemory = sync.OnceValue(func() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range bytes.Split(b, []byte{'\n'}) {
		if rest, ok := bytes.CutPrefix(line, []byte("MemTotal:")); ok {
			f := bytes.Fields(rest)
			if len(f) >= 1 {
				kb, err := strconv.ParseInt(string(f[0]), 10, 64)
				if err == nil {
					return kb * 1024
				}
			}
		}
	}
	return 0
})

// appendHumanBytes formats n as Redis's bytesToHuman: "123B", "1.23K",
// "4.56M" ... with two decimals from a kilobyte up.
func appendHumanBytes(b []byte, n int64) []byte {
	if n >= 1024 {
		d := float64(n)
		for _, unit := range []byte("KMGTP") {
			d /= 1024
			if d < 1024 {
				b = strconv.AppendFloat(b, d, 'f', 2, 64)
				return append(b, unit)
			}
		}
	}
	// Under a kilobyte, and (as in Redis) from 1024 petabytes up.
	b = strconv.AppendInt(b, n, 10)
	return append(b, 'B')
}

// rdbStringLen is the RDB size of a string: short integers are saved as 8,
// 16 or 32-bit integers, anything else as a length and its bytes.
func rdbStringLen(b []byte) int64 {
	if len(b) <= 11 {
		if v, ok := parseInt(b); ok {
			switch {
			case v >= -1<<7 && v < 1<<7:
				return 2
			case v >= -1<<15 && v < 1<<15:
				return 3
			case v >= -1<<31 && v < 1<<31:
				return 5
			}
		}
	}
	return rdbLenSize(int64(len(b))) + int64(len(b))
}
