// Command cmdgen regenerates the engine's command table from a live
// redis-server, so the table stays what Redis 7.0 really reports.
//
// It reads the row names from engine/commands.go (which rows exist, their
// order and the grouping comments are the file's to decide; a new row can be
// added as just `{Name: "lpush"},`), asks redis-server for COMMAND INFO and
// COMMAND DOCS of every row, and rewrites each row line in the table's
// format. Flags that Redis does not print (TxnControl, SubscribedOK,
// Protected, MayReplicate) and the getkeys procedures (GetKeysProc, which
// COMMAND INFO cannot show) come from the lists in names.go. Each row gets
// `Proc: cmdCamelName` by naming convention (containers only when their arity
// lets the bare name run, as COMMAND's does); -keep-procs keeps the Proc
// fields the rows have instead.
//
// Usage, from the repository root:
//
//	go run ./engine/internal/cmdgen -addr 127.0.0.1:6379 -w
//
// Without -w it prints the regenerated commands.go. With -w it writes
// engine/commands.go, engine/commanddocs.go (the COMMAND DOCS data) and the
// captured replies under engine/testdata that the engine's tests compare
// against. -offline regenerates from those captured replies instead of a
// server.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:6379", "redis-server `host:port` to read COMMAND INFO and COMMAND DOCS from")
	dir := flag.String("dir", "engine", "the engine package `directory`")
	write := flag.Bool("w", false, "write commands.go, commanddocs.go and testdata instead of printing commands.go")
	offline := flag.Bool("offline", false, "read the replies captured in <dir>/testdata instead of asking a server")
	keepProcs := flag.Bool("keep-procs", false, "keep each row's current Proc instead of naming every handler by convention")
	flag.Parse()
	if err := run(*addr, *dir, *write, *offline, *keepProcs); err != nil {
		fmt.Fprintln(os.Stderr, "cmdgen:", err)
		os.Exit(1)
	}
}

func run(addr, dir string, write, offline, keepProcs bool) error {
	tablePath := filepath.Join(dir, "commands.go")
	src, err := os.ReadFile(tablePath)
	if err != nil {
		return err
	}
	table, err := parseTable(src)
	if err != nil {
		return err
	}
	var s *source
	if offline {
		s, err = loadOffline(dir, table.names())
	} else {
		s, err = fetchLive(addr, table.names())
	}
	if err != nil {
		return err
	}
	out, docs, err := generate(table, s, keepProcs)
	if err != nil {
		return err
	}
	if !write {
		_, err = os.Stdout.Write(out)
		return err
	}
	files := map[string][]byte{"commands.go": out, "commanddocs.go": docs}
	for name, raw := range s.golden {
		files[name] = raw
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// generate renders commands.go and commanddocs.go.
func generate(table *tableFile, s *source, keepProcs bool) (commands, docs []byte, err error) {
	if commands, err = table.render(s, keepProcs); err != nil {
		return nil, nil, err
	}
	if docs, err = renderDocs(table.names(), s); err != nil {
		return nil, nil, err
	}
	return commands, docs, nil
}
