package engine

// Log levels, as redis.conf's loglevel names them.
const (
	LogDebug = iota
	LogVerbose
	LogNotice
	LogWarning
)

// Logger writes server log lines at a level.
type Logger interface {
	Logf(level int, format string, args ...any)
}

type discardLogger struct{}

func (discardLogger) Logf(int, string, ...any) {}
