package engine

import "math"

// MEMORY USAGE key [SAMPLES count]: the estimated bytes key and its value
// take (see memsize.go for the model), or null for a missing key. As in
// Redis the options are checked before the key is looked up, and the lookup
// neither expires the key nor counts as a hit or miss.
func cmdMemoryUsage(c *Ctx) {
	samples := int64(5)
	for j := 3; j < len(c.Args); j++ {
		if !EqualFold(c.Args[j], "samples") || j+1 >= len(c.Args) {
			c.Err(ErrSyntax)
			return
		}
		n, ok := parseInt(c.Args[j+1])
		if !ok {
			c.Err(ErrNotInteger)
			return
		}
		if n < 0 {
			c.Err(ErrSyntax)
			return
		}
		if n == 0 {
			n = math.MaxInt64 // 0 means measure every element
		}
		samples = n
		j++
	}
	en := c.DB.keys.Find(bstr(c.Args[2]))
	if en == nil {
		c.WriteNull()
		return
	}
	c.WriteInt(entryMemoryUsage(en, samples))
}

// memoryHelp lists the MEMORY subcommands luakv implements, worded as
// Redis 7.0 words them. DOCTOR, MALLOC-STATS, PURGE and STATS are not
// implemented and so not listed.
var memoryHelp = []string{
	"USAGE <key> [SAMPLES <count>]",
	"    Return memory in bytes used by <key> and its value. Nested values are",
	"    sampled up to <count> times (default: 5, 0 means sample all).",
}

// MEMORY HELP.
func cmdMemoryHelp(c *Ctx) { writeHelp(c, memoryHelp) }

// writeHelp writes a subcommand help reply as Redis's addReplyHelp does: a
// header naming the command, the lines, then HELP itself, all as status
// replies.
func writeHelp(c *Ctx, lines []string) {
	c.WriteArray(len(lines) + 3)
	name := c.Args[0] // the command as typed; it resolved, so it's a plain word
	hdr := make([]byte, 0, len(name)+48)
	for _, b := range cstrBytes(name) {
		if 'a' <= b && b <= 'z' {
			b -= 'a' - 'A'
		}
		hdr = append(hdr, b)
	}
	hdr = append(hdr, " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"...)
	c.WriteStatus(string(hdr))
	for _, l := range lines {
		c.WriteStatus(l)
	}
	c.WriteStatus("HELP")
	c.WriteStatus("    Prints this help.")
}
