package engine

import "math/rand/v2"

// Access tracking. Every entry has one 24-bit access field (Entry.lru) that
// means what the maxmemory-policy says, as in Redis 7.0:
//
//   - under an LRU or any non-LFU policy it is the LRU clock (Unix seconds,
//     24 bits) of the last access, which OBJECT IDLETIME reads;
//   - under an LFU policy (allkeys-lfu, volatile-lfu) it is the time of the
//     last decrement in minutes (16 bits) shifted left by 8, or'ed with an
//     8-bit logarithmic access counter, which OBJECT FREQ reads.
//
// Switching policy at run time does not convert the fields: each is
// reinterpreted and corrects itself on the key's next access, which is what
// Redis's OBJECT errors warn about.

// lfuInitVal is the counter of a new key under LFU (Redis's LFU_INIT_VAL):
// new keys start above zero so they can gather accesses before an LFU
// eviction would pick them.
const lfuInitVal = 5

// lfuMinutesMax is the mask of the 16-bit minutes clock.
const lfuMinutesMax = 1<<16 - 1

// isLFUPolicy reports whether a maxmemory-policy name selects LFU.
func isLFUPolicy(policy string) bool {
	return policy == "allkeys-lfu" || policy == "volatile-lfu"
}

// lfuMinutes is the executor's clock in minutes, 16 bits.
func (e *Engine) lfuMinutes() uint32 { return uint32(e.now/60000) & lfuMinutesMax }

// newAccess is the access field of a new entry: the LRU clock now, or
// under LFU the minutes clock with the initial counter.
func (e *Engine) newAccess() uint32 {
	if e.Config.lfu {
		return e.lfuMinutes()<<8 | lfuInitVal
	}
	return e.cachedLRU
}

// lfuAccess counts an access to en under LFU: the counter first decays for
// the time since its last decrement, then is incremented with probability
// falling with its value, and the field is stamped with the minutes clock.
func (e *Engine) lfuAccess(en *Entry) {
	counter := lfuLogIncr(e.lfuDecayed(en.lru), e.Config.LFULogFactor)
	en.lru = e.lfuMinutes()<<8 | counter
}

// lfuDecayed returns the counter of an LFU access field after decay: one
// less for every lfu-decay-time minutes since its stamp (never below zero,
// and none when lfu-decay-time is 0). It does not change the field, so
// reading a key's frequency is not an access.
func (e *Engine) lfuDecayed(field uint32) uint32 {
	counter := field & 0xff
	if e.Config.LFUDecayTime <= 0 {
		return counter
	}
	periods := lfuElapsed(e.lfuMinutes(), field>>8) / uint32(e.Config.LFUDecayTime)
	if periods >= counter {
		return 0
	}
	return counter - periods
}

// lfuElapsed is the minutes from stamp to now on the 16-bit clock, allowing
// for one wrap. Like Redis it counts a wrap as 65535 minutes, not 65536.
func lfuElapsed(now, stamp uint32) uint32 {
	if now >= stamp {
		return now - stamp
	}
	return lfuMinutesMax - stamp + now
}

// lfuLogIncr increments counter with probability 1/((counter-5)*factor+1)
// (certainly at or below the initial value), saturating at 255, so that
// the counter grows roughly with the logarithm of the number of accesses.
func lfuLogIncr(counter uint32, factor int) uint32 {
	if counter >= 255 {
		return 255
	}
	base := float64(counter) - lfuInitVal
	if base < 0 {
		base = 0
	}
	if rand.Float64() < 1/(base*float64(factor)+1) {
		counter++
	}
	return counter
}
