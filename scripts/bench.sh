#!/usr/bin/env bash
# bench.sh: luakv against Debian's redis-server, side by side on this machine.
#
# Both servers run on free loopback ports with persistence off, pinned to
# CPU 0; redis-benchmark runs pinned to CPU 1. Each round runs A B B A
# (A = redis-server, B = luakv) so that drift (thermal, noisy neighbours)
# hits both alike; the report gives per test the median ops/s of each and
# the median of the pairwise ratios luakv/redis. Then, for the memory rows,
# both are restarted fresh before each fill and their RSS growth per key is
# compared.
#
# The tests come in groups; BENCH_ONLY (a comma- or space-separated list)
# runs only some of them, e.g. `BENCH_ONLY=types,typemem make bench`:
#
#   strings  SET and GET (redis-benchmark -t set,get), -P 1 and -P 16.
#   txn      transactions, measured by cmd/txnbench (redis-benchmark cannot
#            send a MULTI block): MULTI, INCR a, INCR b, EXEC in one write,
#            1 and 16 blocks per round trip, and WATCH-CAS commits/s on 4
#            and on 1000 hot keys (each client loops WATCH k, GET k, MULTI,
#            SET k v+1, EXEC; a run whose counters do not sum to its commits
#            aborts the bench).
#   types    the data types, -P 1 and -P 16: LPUSH, LPOP, SADD, HSET, ZADD
#            (redis-benchmark -t lpush,lpop,sadd,hset,zadd: one list, set,
#            hash and sorted set of up to 100000 random members),
#            LRANGE_100 (-t lrange_100, which first LPUSHes as many
#            elements as it then runs LRANGE mylist 0 99) and
#            ZRANGEBYSCORE_100 (ZRANGEBYSCORE of 100 members out of a
#            sorted set of 1000, filled before each run). The two range
#            tests run RANGE_N requests instead of N.
#   lua      scripting, -P 1 and -P 16: EVALSHA of
#            "return redis.call('INCR', KEYS[1])" on random keys
#            (EVALSHA-INCR), the rate limiter of scripts/token_bucket.lua
#            (HMGET, arithmetic, HSET, PEXPIRE on 2 random keys:
#            EVALSHA-BUCKET) and EVALSHA of "INCR a; INCR b" (EVALSHA-INCR2),
#            to read beside the txn group's MULTI rows, which send the same
#            two INCRs as a MULTI block.
#   streams  XADD on random streams (each entry two field-value pairs) and
#            XRANGE_100 (XRANGE of 100 entries from a stream of 1000,
#            filled before each run; RANGE_N requests), -P 1 and -P 16.
#   luamem   RSS of each server after 10000, 100000 and 1000000 distinct
#            EVAL scripts (EVAL "return 'N'" 0 with random N): luakv bounds
#            its EVAL script cache (lua-eval-cache-size, 500), so its RSS
#            stays flat once the cache is full; Redis 7.0 keeps every script.
#   mem      RSS per key after DEBUG POPULATE KEYS (short strings).
#   typemem  RSS per key of 100000 hashes of 10 small fields (HSET) and of
#            100000 sorted sets of 10 members (ZADD), each loaded with
#            redis-cli --pipe into fresh servers. A Go server's RSS includes
#            the garbage its collector has not reclaimed yet.
#
# Besides ops/s, the report gives each server's CPU time (user + system,
# from /proc) per operation: with one request per round trip the client
# saturates its core, so ops/s measure the client as much as the server,
# while the servers' CPU per operation does not depend on it.
#
# Environment: BENCH_ONLY (all groups), ROUNDS (3), N (requests per run with
# -P 1, 100000; -P 16 runs use 5 N), RANGE_N (N / 5), KEYS (1000000),
# CLIENTS (50), TXN_SECS (seconds per transaction run, 3). Measured with the
# defaults on a two-core machine, per round: types about 3.5 minutes, txn 2.5,
# strings 1.5, lua 1, streams 1; luamem 2 and mem with typemem about 1 once;
# all groups with 3 rounds about 33 minutes.
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
N=${N:-100000}
KEYS=${KEYS:-1000000}
CLIENTS=${CLIENTS:-50}
TXN_SECS=${TXN_SECS:-3}
RANGE_N=${RANGE_N:-$((N / 5))}
BENCH_ONLY=${BENCH_ONLY:-strings,txn,types,lua,streams,luamem,mem,typemem}
GROUPS_SELECTED=" ${BENCH_ONLY//,/ } "
for group in $GROUPS_SELECTED; do
	case $group in
	strings | txn | types | lua | streams | luamem | mem | typemem) ;;
	*)
		echo "bench: unknown group '$group' in BENCH_ONLY (strings, txn, types, lua, streams, luamem, mem, typemem)" >&2
		exit 2
		;;
	esac
done
# want group: succeeds when BENCH_ONLY selects the group.
want() { [[ $GROUPS_SELECTED == *" $1 "* ]]; }
BIN=bin/luakv-server
CLK_TCK=$(getconf CLK_TCK)
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

# port_of server: the port of redis or luakv.
port_of() {
	if [ "$1" = luakv ]; then echo "$LUAKV_PORT"; else echo "$REDIS_PORT"; fi
}

# cpu_ticks server: the server process's user + system CPU time so far, in
# clock ticks.
cpu_ticks() {
	local pid=$REDIS_PID
	[ "$1" = luakv ] && pid=$LUAKV_PID
	awk '{ print $14 + $15 }' "/proc/$pid/stat"
}

# per_op_us ticks ops: CPU microseconds per operation.
per_op_us() { awk -v t="$1" -v n="$2" -v hz="$CLK_TCK" 'BEGIN { if (n > 0) printf "%.2f\n", t * 1e6 / hz / n; else print "n/a" }'; }

# benchmark server pipeline requests args...: runs redis-benchmark for one
# test and prints "<test title>\t<rps>\t<server CPU µs per request>" from its
# CSV output and the server's CPU time over the run.
benchmark() {
	local server=$1 pipeline=$2 n=$3 t0 out
	shift 3
	t0=$(cpu_ticks "$server")
	out=$(timeout "$RUN_TIMEOUT" "${BENCH_CPU[@]}" redis-benchmark -h 127.0.0.1 -p "$(port_of "$server")" -c "$CLIENTS" \
		-r 100000 -n "$n" -P "$pipeline" --csv "$@" 2>/dev/null |
		awk -F'"' 'NR > 1 && NF >= 4 { print $2 "\t" $4 }' || true)
	if [ -n "$out" ]; then
		printf '%s\t%s\n' "$out" "$(per_op_us $(($(cpu_ticks "$server") - t0)) "$n")"
	fi
}

# keep server test rps cpu: appends a run's figures to $TMP/<server> and
# $TMP/<server>.cpu.
keep() {
	echo "$2 $3" >>"$TMP/$1"
	echo "$2 $4" >>"$TMP/$1.cpu"
}

# record server pipeline: SET and GET (keep).
record() {
	local n=$N
	[ "$2" = 16 ] && n=$((N * 5))
	for t in set get; do benchmark "$1" "$2" "$n" -t "$t"; done | while IFS=$'\t' read -r test rps cpu; do
		keep "$1" "$test-P$2" "$rps" "$cpu"
	done
}

# zbench_fill port: (re)creates the sorted set ZRANGEBYSCORE_100 reads:
# members m0..m999 with scores 0..999.
zbench_fill() {
	local args=()
	for i in $(seq 0 999); do args+=("$i" "m$i"); done
	redis-cli -p "$1" DEL zbench >/dev/null
	[ "$(redis-cli -p "$1" ZADD zbench "${args[@]}")" = 1000 ] || { echo "bench: cannot fill zbench on port $1" >&2; exit 1; }
}

# record_types server pipeline: the data type tests (keep).
record_types() {
	local n=$N rn=$RANGE_N
	[ "$2" = 16 ] && n=$((N * 5)) rn=$((RANGE_N * 5))
	{
		for t in lpush lpop sadd hset zadd; do benchmark "$1" "$2" "$n" -t "$t"; done
		benchmark "$1" "$2" "$rn" -t lrange_100
		zbench_fill "$(port_of "$1")"
		benchmark "$1" "$2" "$rn" ZRANGEBYSCORE zbench 100 199
	} | while IFS=$'\t' read -r test rps cpu; do
		case $test in
		"LPUSH (needed"*) continue ;; # lrange_100's fill
		"LRANGE_100 "*) test=LRANGE_100 ;;
		"ZRANGEBYSCORE "*) test=ZRANGEBYSCORE_100 ;;
		esac
		keep "$1" "$test-P$2" "$rps" "$cpu"
	done
}

# record_lua server pipeline: the scripting tests (keep).
record_lua() {
	local port n=$N incr incr2 bucket
	port=$(port_of "$1")
	[ "$2" = 16 ] && n=$((N * 5))
	incr=$(redis-cli -p "$port" SCRIPT LOAD "return redis.call('INCR', KEYS[1])")
	incr2=$(redis-cli -p "$port" SCRIPT LOAD "redis.call('INCR', KEYS[1]) return redis.call('INCR', KEYS[2])")
	bucket=$(redis-cli -p "$port" SCRIPT LOAD "$(cat scripts/token_bucket.lua)")
	{
		benchmark "$1" "$2" "$n" EVALSHA "$incr" 1 "key:__rand_int__"
		benchmark "$1" "$2" "$n" EVALSHA "$bucket" 2 "bucket:__rand_int__" "refused:__rand_int__" 100 50 1
		benchmark "$1" "$2" "$n" EVALSHA "$incr2" 2 a b
	} | while IFS=$'\t' read -r test rps cpu; do
		case $test in
		"EVALSHA $incr "*) test=EVALSHA-INCR ;;
		"EVALSHA $bucket "*) test=EVALSHA-BUCKET ;;
		"EVALSHA $incr2 "*) test=EVALSHA-INCR2 ;;
		esac
		keep "$1" "$test-P$2" "$rps" "$cpu"
	done
}

# xbench_fill port: (re)creates the stream XRANGE_100 reads: entries 1-0
# to 1000-0, each "sensor <i> temp 21.5".
xbench_fill() {
	redis-cli -p "$1" DEL xbench >/dev/null
	for i in $(seq 1 1000); do echo "XADD xbench $i-0 sensor $i temp 21.5"; done | redis-cli -p "$1" >/dev/null
	[ "$(redis-cli -p "$1" XLEN xbench)" = 1000 ] || { echo "bench: cannot fill xbench on port $1" >&2; exit 1; }
}

# record_streams server pipeline: the stream tests (keep).
record_streams() {
	local n=$N rn=$RANGE_N
	[ "$2" = 16 ] && n=$((N * 5)) rn=$((RANGE_N * 5))
	{
		benchmark "$1" "$2" "$n" XADD "stream:__rand_int__" "*" sensor 42 temp 21.5
		xbench_fill "$(port_of "$1")"
		benchmark "$1" "$2" "$rn" XRANGE xbench - + COUNT 100
	} | while IFS=$'\t' read -r test rps cpu; do
		case $test in
		"XADD "*) test=XADD ;;
		"XRANGE "*) test=XRANGE_100 ;;
		esac
		keep "$1" "$test-P$2" "$rps" "$cpu"
	done
}

# record_txn server test txnbench-args...: one transaction run (keep; the
# CPU is per transaction, for CAS per commit). txnbench's report of the
# attempts goes to $TMP/txnbench.log.
record_txn() {
	local rps t0
	t0=$(cpu_ticks "$1")
	rps=$(timeout "$RUN_TIMEOUT" "${BENCH_CPU[@]}" bin/txnbench -port "$(port_of "$1")" -clients "$CLIENTS" \
		-duration "${TXN_SECS}s" "${@:3}" 2>>"$TMP/txnbench.log") || { echo "bench: txnbench $2 failed on $1" >&2; exit 1; }
	keep "$1" "$2" "$rps" "$(per_op_us $(($(cpu_ticks "$1") - t0)) "$(awk -v r="$rps" -v s="$TXN_SECS" 'BEGIN { printf "%d", r * s }')")"
}

# abba_pipelines fn: runs "fn server pipeline" for -P 1 then -P 16, each in
# the order redis luakv luakv redis.
abba_pipelines() {
	for P in 1 16; do
		for server in redis luakv luakv redis; do
			"$1" "$server" "$P"
		done
	done
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } m = int((NR + 1) / 2); if (NR % 2) print v[m]; else printf "%.2f\n", (v[m] + v[m + 1]) / 2 }'; }

TESTS=()
want strings && TESTS+=(SET-P1 GET-P1 SET-P16 GET-P16)
want txn && TESTS+=(MULTI-P1 MULTI-P16 CAS-4keys CAS-1000keys)
want lua && TESTS+=(EVALSHA-INCR-P1 EVALSHA-INCR-P16 EVALSHA-BUCKET-P1 EVALSHA-BUCKET-P16 EVALSHA-INCR2-P1 EVALSHA-INCR2-P16)
want streams && TESTS+=(XADD-P1 XRANGE_100-P1 XADD-P16 XRANGE_100-P16)
if want types; then
	for P in 1 16; do
		for t in LPUSH LPOP SADD HSET ZADD LRANGE_100 ZRANGEBYSCORE_100; do TESTS+=("$t-P$P"); done
	done
fi

echo "luakv $(git describe --always --dirty 2>/dev/null || echo '(no git)') vs redis-server $(redis-server --version | awk '{print $3}'),"
echo "groups: ${BENCH_ONLY}; $CLIENTS clients, random keys of 100000, $ROUNDS rounds of A B B A"
if [ ${#TESTS[@]} -gt 0 ]; then
	start_servers
	: >"$TMP/redis"
	: >"$TMP/luakv"
	: >"$TMP/redis.cpu"
	: >"$TMP/luakv.cpu"
	for round in $(seq "$ROUNDS"); do
		want strings && abba_pipelines record
		if want txn; then
			for server in redis luakv luakv redis; do
				record_txn "$server" MULTI-P1 -mode multi -pipeline 1
				record_txn "$server" MULTI-P16 -mode multi -pipeline 16
				record_txn "$server" CAS-4keys -mode cas -keys 4
				record_txn "$server" CAS-1000keys -mode cas -keys 1000
			done
		fi
		want types && abba_pipelines record_types
		want lua && abba_pipelines record_lua
		want streams && abba_pipelines record_streams
		echo "round $round of $ROUNDS done" >&2
	done
	stop_servers
fi

# report suffix: per test, the median of each server's figures in
# $TMP/<server><suffix> and the median of the pairwise ratios luakv/redis
# (runs pair up in order: the k-th luakv run with the k-th redis run).
report() {
	local r l ratio
	for test in "${TESTS[@]}"; do
		r=$(awk -v t="$test" '$1 == t { print $2 }' "$TMP/redis$1" | median)
		l=$(awk -v t="$test" '$1 == t { print $2 }' "$TMP/luakv$1" | median)
		ratio=$(paste <(awk -v t="$test" '$1 == t { print $2 }' "$TMP/redis$1") <(awk -v t="$test" '$1 == t { print $2 }' "$TMP/luakv$1") |
			awk 'NF == 2 && $1 > 0 { printf "%.4f\n", $2 / $1 }' | median)
		printf '%-20s %14s %14s %14s\n' "$test" "$r" "$l" "$ratio"
	done
}
if [ ${#TESTS[@]} -gt 0 ]; then
	printf '\n%-20s %14s %14s %14s\n' test redis_ops/s luakv_ops/s luakv/redis
	report ""
	# Where the client saturates its core (one request per round trip), ops/s
	# measure the client as much as the server; each server's own CPU per
	# operation does not depend on the client (lower is better).
	printf '\nserver CPU per operation in microseconds (lower is better)\n'
	printf '%-20s %14s %14s %14s\n' test redis_us/op luakv_us/op luakv/redis
	report .cpu
fi

# Memory: fresh servers for each fill, RSS before and after it.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# fill_rss pid port keys command...: runs the fill command (a function
# given the port last, which prints OK once it succeeded) and prints the RSS
# growth per key, or n/a.
fill_rss() {
	local pid=$1 port=$2 keys=$3 before after reply
	shift 3
	before=$(rss_kb "$pid")
	reply=$("$@" "$port" 2>&1 || true)
	sleep 1
	after=$(rss_kb "$pid")
	if [ "$reply" != OK ]; then
		echo "bench: filling port $port failed: $reply" >&2
		echo n/a
		return
	fi
	awk -v a="$after" -v b="$before" -v k="$keys" 'BEGIN { printf "%.1fB\n", (a - b) * 1024 / k }'
}

# memory_row label keys command...: restarts both servers, fills each with
# the command and prints the row.
memory_row() {
	local label=$1 keys=$2 rm lm mr
	shift 2
	stop_servers
	start_servers
	rm=$(fill_rss "$REDIS_PID" "$REDIS_PORT" "$keys" "$@")
	lm=$(fill_rss "$LUAKV_PID" "$LUAKV_PORT" "$keys" "$@")
	mr=n/a
	if [ "$rm" != n/a ] && [ "$lm" != n/a ]; then
		mr=$(awk -v l="${lm%B}" -v r="${rm%B}" 'BEGIN { if (r > 0) printf "%.2f\n", l / r; else print "n/a" }')
	fi
	printf '%-20s %14s %14s %14s\n' "$label" "$rm" "$lm" "$mr"
}

populate() { timeout "$RUN_TIMEOUT" redis-cli -p "$1" DEBUG POPULATE "$KEYS"; }

# pipe_fill file port: sends a RESP file with redis-cli --pipe; prints OK
# when every reply came back without an error.
pipe_fill() {
	local out
	out=$(timeout "$RUN_TIMEOUT" redis-cli -p "$2" --pipe <"$1" 2>&1)
	if [[ $out == *"errors: 0, replies: $TYPE_KEYS"* ]]; then echo OK; else echo "$out" | tail -1; fi
}

# resp_fill kind: writes the RESP commands for TYPE_KEYS hashes of 10
# fields (HSET h:<i> f0 <v> ... f9 <v>) or sorted sets of 10 members
# (ZADD z:<i> <score> m0 ... <score> m9).
TYPE_KEYS=100000
resp_fill() {
	awk -v n="$TYPE_KEYS" -v kind="$1" 'function bulk(s) { printf "$%d\r\n%s\r\n", length(s), s }
	BEGIN {
		for (i = 0; i < n; i++) {
			printf "*22\r\n"
			if (kind == "hash") { bulk("HSET"); bulk("h:" i) } else { bulk("ZADD"); bulk("z:" i) }
			for (j = 0; j < 10; j++) {
				if (kind == "hash") { bulk("f" j); bulk("value:" (i * 10 + j) % 9973) }
				else { bulk((i * 7 + j * 13) % 1000); bulk("member:" j) }
			}
		}
	}'
}

if want mem || want typemem; then
	printf '\n%-20s %14s %14s %14s\n' memory redis_RSS/key luakv_RSS/key luakv/redis
fi
want mem && memory_row "strings(POPULATE)" "$KEYS" populate
if want typemem; then
	resp_fill hash >"$TMP/hashes.resp"
	resp_fill zset >"$TMP/zsets.resp"
	memory_row "hash10" "$TYPE_KEYS" pipe_fill "$TMP/hashes.resp"
	memory_row "zset10" "$TYPE_KEYS" pipe_fill "$TMP/zsets.resp"
fi

# eval_flood port n: sends n EVALs of scripts that differ by a random
# number, 16 per round trip.
eval_flood() {
	timeout "$RUN_TIMEOUT" "${BENCH_CPU[@]}" redis-benchmark -h 127.0.0.1 -p "$1" -c "$CLIENTS" -r 1000000000 \
		-n "$2" -P 16 -q EVAL "return '__rand_int__'" 0 >/dev/null 2>&1 || true
}

if want luamem; then
	stop_servers
	start_servers
	printf '\n%-20s %14s %14s\n' "distinct EVALs" redis_RSS_MB luakv_RSS_MB
	sent=0
	for total in 10000 100000 1000000; do
		eval_flood "$REDIS_PORT" $((total - sent))
		eval_flood "$LUAKV_PORT" $((total - sent))
		sent=$total
		printf '%-20s %14s %14s\n' "$total" \
			"$(awk -v k="$(rss_kb "$REDIS_PID")" 'BEGIN { printf "%.1f", k / 1024 }')" \
			"$(awk -v k="$(rss_kb "$LUAKV_PID")" 'BEGIN { printf "%.1f", k / 1024 }')"
	done
	echo "scripts cached: redis $(redis-cli -p "$REDIS_PORT" INFO memory | awk -F: '/^number_of_cached_scripts/ { print $2 }' | tr -d '\r')," \
		"luakv $(redis-cli -p "$LUAKV_PORT" INFO memory | awk -F: '/^number_of_cached_scripts/ { print $2 }' | tr -d '\r')"
	stop_servers
fi
