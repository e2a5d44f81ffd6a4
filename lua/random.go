package lua

// rand48 is the 48-bit linear congruential generator of POSIX lrand48, the
// one Redis uses for math.random (redisLrand48) so that every platform gives
// scripts the same sequence for the same seed. The state carries from one
// script to the next, as in Redis; math.randomseed resets it.
type rand48 struct{ x uint64 }

const (
	rand48Mul  = 0x5DEECE66D
	rand48Add  = 0xB
	rand48Mask = 1<<48 - 1
	// rand48Init is Redis's initial state (X2 X1 X0 = 0x1234 0xABCD 0x330E).
	rand48Init = 0x1234ABCD330E
	// rand48Max is REDIS_LRAND48_MAX (INT32_MAX).
	rand48Max = 1<<31 - 1
)

func newRand48() rand48 { return rand48{x: rand48Init} }

// next advances the state and returns the top 31 bits.
func (r *rand48) next() int32 {
	r.x = (r.x*rand48Mul + rand48Add) & rand48Mask
	return int32(r.x >> 17)
}

// seed sets the state as srand48 does: the seed in the high 32 bits, 0x330E
// in the low 16.
func (r *rand48) seed(s int32) {
	r.x = uint64(uint32(s))<<16 | 0x330E
}

// float returns a number in [0, 1), as Redis's math.random computes it.
func (r *rand48) float() float64 {
	return float64(r.next()%rand48Max) / float64(rand48Max)
}
