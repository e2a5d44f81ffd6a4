package pm

// luakv: interruptible matching. The backtracking matcher can run for hours
// on a hostile pattern (string.find(('a'):rep(3000), '.-.-.-b')); FindStop
// lets the caller stop it.

// ErrStopped is the error of a match that FindStop's stop function ended.
var ErrStopped = &Error{Pos: _UNKNOWN, Message: "pattern matching stopped"}

// stopPollInterval is how many matcher steps run between two stop calls.
const stopPollInterval = 1024

// vmEnv is the per-Find state of the matcher.
type vmEnv struct {
	stop  func() bool
	steps uint32
}

func (env *vmEnv) poll() {
	if env.stop == nil {
		return
	}
	env.steps++
	if env.steps%stopPollInterval == 0 && env.stop() {
		panic(ErrStopped)
	}
}
