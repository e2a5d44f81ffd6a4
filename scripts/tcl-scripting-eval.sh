#!/usr/bin/env bash
# tcl-scripting-eval.sh: runs the EVAL half of Redis 7.0.15's unit/scripting
# against luakv. The unit runs its tests twice, for FUNCTION (is_eval 0) and
# for EVAL (is_eval 1); luakv has no FUNCTION LOAD yet, so this copies the
# suite tree and keeps only the EVAL pass.
#
# Usage: scripts/tcl-scripting-eval.sh [suite-tree] [port]
#   suite-tree  a tree made by ../shared/tools/redis-tests-tree.sh (/tmp/redis-tests)
#   port        the port luakv listens on for the run (7390)
set -euo pipefail
cd "$(dirname "$0")/.."
tree=${1:-/tmp/redis-tests}
port=${2:-7390}
shared=$(cd .. && pwd)/shared
[ -d "$tree" ] || "$shared/tools/redis-tests-tree.sh" "$tree"
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp -r "$tree/." "$copy"
sed -i '1s/^foreach is_eval {0 1} {/foreach is_eval {1} {/' "$copy/tests/unit/scripting.tcl"
grep -q '^foreach is_eval {1} {' "$copy/tests/unit/scripting.tcl" || { echo "unit/scripting.tcl changed shape" >&2; exit 1; }
make build >/dev/null
SERVER_CMD="$PWD/bin/luakv-server --port $port --enable-debug-command yes" \
	EXTRA_ARGS="--baseport 28100 --portcount 100" \
	"$shared/tools/redis-suite.sh" "$copy" 127.0.0.1 "$port" unit/scripting
