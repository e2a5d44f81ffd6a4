// Command server is luakv-server: a Redis 7 compatible server whose reason
// to exist is Lua scripting. It takes redis-server's command line:
//
//	luakv-server [/path/to/luakv.conf] [--name value ...]
package main

import (
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"luakv/cmd/server/serve"
	"luakv/engine"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	port := 6379
	bind := "127.0.0.1"
	for i := 0; i+1 < len(args); i += 2 {
		switch args[i] {
		case "--port":
			port, _ = strconv.Atoi(args[i+1])
		case "--bind":
			bind = args[i+1]
		}
	}
	log := newLogger(os.Stdout, engine.LogNotice)
	e := engine.New(engine.Commands, engine.Settings{Databases: 16, MaxClients: 10000})
	e.Log = log
	ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
	if err != nil {
		log.Logf(engine.LogWarning, "Failed listening on port %d (tcp), aborting: %v", port, err)
		return 1
	}
	srv := serve.New(e, ln)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		sig := <-stop
		log.Logf(engine.LogWarning, "Received %s scheduling shutdown...", sigName(sig))
		srv.Close()
	}()
	log.Logf(engine.LogNotice, "luakv %s (Redis %s compatible), pid=%d, port=%d", engine.Version, engine.RedisVersion, os.Getpid(), port)
	log.Logf(engine.LogNotice, "Ready to accept connections tcp")
	if err := srv.Serve(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	srv.Close()
	log.Logf(engine.LogWarning, "luakv is now ready to exit, bye bye...")
	return 0
}

func sigName(s os.Signal) string {
	if s == syscall.SIGINT {
		return "SIGINT"
	}
	return "SIGTERM"
}
