package tests

import (
	"strings"
	"testing"

	"luakv/cmd/server/serve"
	"luakv/engine"
)

// TestEveryRowHasHandler fails if a row of the command table has no handler
// once every layer (transactions, ...) has installed its own: a command
// luakv lists in COMMAND must be one it serves. Containers need a handler
// only when they run without a subcommand (COMMAND).
func TestEveryRowHasHandler(t *testing.T) {
	e := serve.NewEngine(engine.DefaultSettings(), nil, nil)
	var missing []string
	for _, cmd := range e.Table().Commands() {
		bare := cmd.Arity == 1 || cmd.Arity == -1
		if cmd.Proc == nil && (cmd.SubCmd == nil || bare) {
			missing = append(missing, cmd.Name)
		}
		for _, sub := range cmd.SubCmd {
			if sub.Proc == nil {
				missing = append(missing, sub.Name)
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d rows have no handler: %s", len(missing), strings.Join(missing, " "))
	}
}
