#!/usr/bin/env bash
# Ingest latency while a purge deletes 1,000,000 events: single-event POSTs (4 keep-alive
# connections) for BENCH_SECONDS without a purge, then again while `eye admin purge` runs.
# Figures for README (Retention and backup); not a test: it asserts nothing.
# Usage: bash tests/bench/purge.sh [BUILD_DIR]   (BENCH_EVENTS: events to purge, default 1000000)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build=$(realpath -m "${1:-$source_dir/build}")
seconds=${BENCH_SECONDS:-10}
events=${BENCH_EVENTS:-1000000}
BENCH_NAME=purge
# shellcheck source=tests/bench/bench_lib.sh
source "$here/bench_lib.sh"
cmake --build "$build" -j2 --target eyed eye bench_load >&2

tmp=$(mktemp -d)
eyed_pid=""
cleanup() { stop_gently "$eyed_pid"; rm -rf "$tmp"; }
trap cleanup EXIT

"$build/daemon/eyed" --listen 127.0.0.1:0 --socket "$tmp/eye.sock" --db "$tmp/eye.db" --no-auth \
  --durability process >"$tmp/eyed.log" 2>&1 &
eyed_pid=$!
port=$(port_of "$eyed_pid" "$tmp/eyed.log")
load=("$build/tests/bench/bench_load" --url "http://127.0.0.1:$port")

echo "filling: $events events in NDJSON batches of 1000" >&2
"${load[@]}" --mode ndjson --batch 1000 --connections 4 --requests $((events / 1000)) >&2
# The synthetic events are timestamped from 2021-01-01 00:00:00 on, a microsecond apart per
# client: all of them, and those posted while measuring, are before 2021-01-02.
echo "without a purge:" 
"${load[@]}" --mode single --connections 4 --duration "$seconds"
echo "while eye admin purge --before 2021-01-02 runs:"
EYE_SOCKET="$tmp/eye.sock" "$build/cli/eye" admin purge --before 2021-01-02T00:00:00Z --format json >"$tmp/purge.json" &
purge_pid=$!
"${load[@]}" --mode single --connections 4 --duration "$seconds"
wait "$purge_pid"
echo "the purge: $(cat "$tmp/purge.json")"
