#!/usr/bin/env bash
# bench.sh: luakv against Debian's redis-server, side by side on this machine.
#
# Both servers run on free loopback ports with persistence off, pinned to
# CPU 0; redis-benchmark runs pinned to CPU 1. Each round runs A B B A
# (A = redis-server, B = luakv) so that drift (thermal, noisy neighbours)
# hits both alike; the report gives per test the median ops/s of each and
# the median of the pairwise ratios luakv/redis. Then both are restarted
# fresh, filled with DEBUG POPULATE 1000000, and their RSS growth per key is
# compared.
#
# Transactions are measured by cmd/txnbench (redis-benchmark cannot send a
# MULTI block): MULTI, INCR a, INCR b, EXEC in one write, 1 and 16 blocks
# per round trip, and WATCH-CAS commits/s on 4 and on 1000 hot keys (each
# client loops WATCH k, GET k, MULTI, SET k v+1, EXEC; a run whose counters
# do not sum to its commits aborts the bench).
#
# Environment: ROUNDS (3), N (requests per run with -P 1, 100000; -P 16 runs
# use 5 N), KEYS (1000000), CLIENTS (50), TXN_SECS (seconds per transaction
# run, 3). The defaults take about 4 minutes.
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
N=${N:-100000}
KEYS=${KEYS:-1000000}
CLIENTS=${CLIENTS:-50}
TXN_SECS=${TXN_SECS:-3}
BIN=bin/luakv-server
RUN_TIMEOUT=120

for tool in redis-server redis-cli redis-benchmark; do
	command -v "$tool" >/dev/null || { echo "bench: $tool not found (apt-get install redis-server redis-tools)" >&2; exit 1; }
done

SERVER_CPU=() BENCH_CPU=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
	SERVER_CPU=(taskset -c 0) BENCH_CPU=(taskset -c 1)
else
	echo "bench: taskset or a second CPU is missing; running unpinned" >&2
fi

go build -o "$BIN" ./cmd/server
go build -o bin/txnbench ./cmd/txnbench

TMP=$(mktemp -d)
REDIS_PID="" LUAKV_PID=""
stop_servers() {
	for pid in $REDIS_PID $LUAKV_PID; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in $REDIS_PID $LUAKV_PID; do
		wait "$pid" 2>/dev/null || true
	done
	REDIS_PID="" LUAKV_PID=""
}
cleanup() {
	stop_servers
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port prints a loopback port nothing listens on, below the ephemeral
# range so that no outgoing connection holds it either.
free_port() {
	local low p
	low=$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
	for _ in $(seq 100); do
		p=$((10000 + RANDOM % (low - 10000)))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	echo "bench: no free port found" >&2
	exit 1
}

# wait_ready pid port: succeeds once the server answers PING, fails if it
# exits or stays silent for 10 s.
wait_ready() {
	for _ in $(seq 100); do
		kill -0 "$1" 2>/dev/null || return 1
		if [ "$(redis-cli -p "$2" ping 2>/dev/null)" = PONG ]; then return 0; fi
		sleep 0.1
	done
	return 1
}

# start name command...: starts a server (retrying on another port if the
# chosen one was taken meanwhile) and sets <NAME>_PID and <NAME>_PORT.
start() {
	local name=$1 port pid
	shift
	for _ in 1 2 3 4 5; do
		port=$(free_port)
		"${SERVER_CPU[@]}" "$@" --port "$port" >"$TMP/$name.out" 2>&1 &
		pid=$!
		if wait_ready "$pid" "$port"; then
			printf -v "${name^^}_PID" %s "$pid"
			printf -v "${name^^}_PORT" %s "$port"
			return
		fi
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	echo "bench: $name did not start; its output:" >&2
	cat "$TMP/$name.out" "$TMP/$name.log" 2>/dev/null >&2 || true
	exit 1
}

start_servers() {
	start redis redis-server --bind 127.0.0.1 --save "" --appendonly no --enable-debug-command yes \
		--daemonize no --dir "$TMP" --logfile "$TMP/redis.log"
	start luakv "$BIN" --bind 127.0.0.1 --save "" --appendonly no --enable-debug-command yes
}

# run_bench port pipeline requests: prints "SET <rps>" and "GET <rps>".
run_bench() {
	timeout "$RUN_TIMEOUT" "${BENCH_CPU[@]}" redis-benchmark -h 127.0.0.1 -p "$1" -c "$CLIENTS" -r 100000 \
		-n "$3" -t set,get -P "$2" --csv 2>/dev/null |
		awk -F'"' '$2 == "SET" || $2 == "GET" { print $2, $4 }' || true
}

# record server pipeline: appends "<test> <rps>" lines to $TMP/<server>.
record() {
	local port=$REDIS_PORT
	[ "$1" = luakv ] && port=$LUAKV_PORT
	local n=$N
	[ "$2" = 16 ] && n=$((N * 5))
	run_bench "$port" "$2" "$n" | while read -r test rps; do
		echo "$test-P$2 $rps" >>"$TMP/$1"
	done
}

# record_txn server test txnbench-args...: appends "<test> <rps>" to
# $TMP/<server>.
record_txn() {
	local port=$REDIS_PORT rps
	[ "$1" = luakv ] && port=$LUAKV_PORT
	rps=$(timeout "$RUN_TIMEOUT" "${BENCH_CPU[@]}" bin/txnbench -port "$port" -clients "$CLIENTS" \
		-duration "${TXN_SECS}s" "${@:3}") || { echo "bench: txnbench $2 failed on $1" >&2; exit 1; }
	echo "$2 $rps" >>"$TMP/$1"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } m = int((NR + 1) / 2); if (NR % 2) print v[m]; else printf "%.2f\n", (v[m] + v[m + 1]) / 2 }'; }

start_servers
echo "luakv $(git describe --always --dirty 2>/dev/null || echo '(no git)') vs redis-server $(redis-server --version | awk '{print $3}'),"
echo "$CLIENTS clients, random keys of 100000, $ROUNDS rounds of A B B A"
: >"$TMP/redis"
: >"$TMP/luakv"
for round in $(seq "$ROUNDS"); do
	for P in 1 16; do
		for server in redis luakv luakv redis; do
			record "$server" "$P"
		done
	done
	for server in redis luakv luakv redis; do
		record_txn "$server" MULTI-P1 -mode multi -pipeline 1
		record_txn "$server" MULTI-P16 -mode multi -pipeline 16
		record_txn "$server" CAS-4keys -mode cas -keys 4
		record_txn "$server" CAS-1000keys -mode cas -keys 1000
	done
	echo "round $round of $ROUNDS done" >&2
done

printf '\n%-12s %14s %14s %14s\n' test redis_ops/s luakv_ops/s luakv/redis
for test in SET-P1 GET-P1 SET-P16 GET-P16 MULTI-P1 MULTI-P16 CAS-4keys CAS-1000keys; do
	r=$(awk -v t="$test" '$1 == t { print $2 }' "$TMP/redis" | median)
	l=$(awk -v t="$test" '$1 == t { print $2 }' "$TMP/luakv" | median)
	# Runs pair up in order: the k-th luakv run with the k-th redis run.
	ratio=$(paste <(awk -v t="$test" '$1 == t { print $2 }' "$TMP/redis") <(awk -v t="$test" '$1 == t { print $2 }' "$TMP/luakv") |
		awk 'NF == 2 && $1 > 0 { printf "%.4f\n", $2 / $1 }' | median)
	printf '%-12s %14s %14s %14s\n' "$test" "$r" "$l" "$ratio"
done

# Memory: fresh servers, RSS before and after DEBUG POPULATE.
stop_servers
start_servers
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
populate() { # pid port -> bytes per key, or n/a
	local before after reply
	before=$(rss_kb "$1")
	reply=$(timeout "$RUN_TIMEOUT" redis-cli -p "$2" DEBUG POPULATE "$KEYS" 2>&1 || true)
	sleep 1
	after=$(rss_kb "$1")
	if [ "$reply" != OK ]; then
		echo "bench: DEBUG POPULATE on port $2 answered: $reply" >&2
		echo n/a
		return
	fi
	awk -v a="$after" -v b="$before" -v k="$KEYS" 'BEGIN { printf "%.1fB\n", (a - b) * 1024 / k }'
}
rm=$(populate "$REDIS_PID" "$REDIS_PORT")
lm=$(populate "$LUAKV_PID" "$LUAKV_PORT")
mr=n/a
if [ "$rm" != n/a ] && [ "$lm" != n/a ]; then
	mr=$(awk -v l="${lm%B}" -v r="${rm%B}" 'BEGIN { if (r > 0) printf "%.2f\n", l / r; else print "n/a" }')
fi
printf '%-12s %14s %14s %14s\n' "RSS/key" "$rm" "$lm" "$mr"
