# luakv: run `make` or `make help` for the targets.

BIN      := bin/luakv-server
PORT     ?= 6379
FUZZTIME ?= 60s

.DEFAULT_GOAL := help
.PHONY: help build run test bench bench-go fuzz lint update-transcripts clean

help: ## Show this help
	@awk 'BEGIN { FS = ":.*## " } /^[a-zA-Z_-]+:.*## / { printf "  %-20s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

build: ## Build the server into bin/luakv-server
	go build -o $(BIN) ./cmd/server

run: build ## Build and run the server on 127.0.0.1:6379 (PORT=n to change) with built-in defaults
	./$(BIN) --port $(PORT) --bind 127.0.0.1

test: ## Run every test with the race detector (differential tests need redis-server)
	go test -race ./...
	cd third_party/gopher-lua && go test -race ./...

bench: ## Compare throughput and memory with redis-server (scripts/bench.sh; BENCH_ONLY=types,... for some groups)
	scripts/bench.sh

bench-go: ## Run the Go benchmarks
	go test -run '^$$' -bench . -benchmem ./...

fuzz: ## Fuzz the request reader, the dispatcher, script replies, redis.call and random script texts, 60 s each (FUZZTIME=...)
	go test -run '^$$' -fuzz '^FuzzReader$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./cmd/server/serve
	go test -run '^$$' -fuzz '^FuzzDispatch$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./engine
	go test -run '^$$' -fuzz '^FuzzScriptReply$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./lua
	go test -run '^$$' -fuzz '^FuzzRedisCall$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./lua
	go test -run '^$$' -fuzz '^FuzzScriptSource$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./lua

lint: ## Check formatting (gofmt) and run go vet
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	go vet ./...

update-transcripts: ## Re-record tests/testdata/*.txt from a real redis-server
	go test ./tests -run Transcript -update

clean: ## Remove build output
	rm -rf bin
