#!/usr/bin/env bash
# The soak: eyed under steady load for SOAK_SECONDS (600) — bench_load posting SOAK_RATE (2000)
# single events a second over 8 keep-alive connections, a reader paging /events/ and /sessions/,
# a follower on /events/stream — sampling eyed's RSS and open descriptors every SOAK_EVERY (10)
# seconds. Prints the curve as Markdown; memory and descriptors should stay flat.
# Usage: bash tests/bench/soak.sh [BUILD_DIR]   (not in CI: it takes its whole duration)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build=$(realpath -m "${1:-$source_dir/build}")
seconds=${SOAK_SECONDS:-600}
rate=${SOAK_RATE:-2000}
every=${SOAK_EVERY:-10}
BENCH_NAME=soak
# shellcheck source=tests/bench/bench_lib.sh
source "$here/bench_lib.sh"

[ -f "$build/CMakeCache.txt" ] || cmake -S "$source_dir" -B "$build" >&2
cmake --build "$build" -j2 --target eyed bench_load >&2
eyed="$build/daemon/eyed"

tmp=$(mktemp -d)
pids=()
eyed_pid=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_gently "$eyed_pid"
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$eyed" --listen 127.0.0.1:0 --no-auth --socket "$tmp/eye.sock" --db "$tmp/eye.db" >/dev/null 2>"$tmp/eyed.log" &
eyed_pid=$!
port=$(port_of "$eyed_pid" "$tmp/eyed.log")
base="http://127.0.0.1:$port"

# The follower: every event as NDJSON, counted as it arrives.
curl -sN -H 'Accept: application/x-ndjson' "$base/events/stream" >"$tmp/followed" 2>/dev/null &
pids+=($!)
# The reader: the newest page of events, a filtered page and the sessions list, over and over.
( while :; do
    curl -s -o /dev/null "$base/events/?page_size=100"
    curl -s -o /dev/null "$base/events/?category=bench&page_size=100"
    curl -s -o /dev/null "$base/sessions/"
    sleep 0.2
  done ) &
pids+=($!)
reader_pid=$!
# The writer.
"$build/tests/bench/bench_load" --url "$base" --connections 8 --rate "$rate" --duration "$seconds" \
  >"$tmp/load.out" 2>"$tmp/load.err" &
load_pid=$!
pids+=("$load_pid")

sample() {  # ELAPSED: one row of the curve
  local status rss hwm fds health
  status=$(cat "/proc/$eyed_pid/status")
  rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' <<<"$status")
  hwm=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' <<<"$status")
  fds=$(find "/proc/$eyed_pid/fd" -mindepth 1 -maxdepth 1 | wc -l)
  health=$(curl -s -m 5 --unix-socket "$tmp/eye.sock" http://eye/healthz)
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$rss" "$hwm" "$fds" \
    "$(jq -r .connections <<<"$health")" "$(jq -r .events <<<"$health")" "$(wc -l <"$tmp/followed")"
}

say "eyed on port $port; $seconds s at $rate events/s, a sample every $every s"
start=$SECONDS
{
  echo "| s | RSS MiB | peak RSS MiB | open fds | connections | events stored | events followed |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  sample 0
  while kill -0 "$load_pid" 2>/dev/null; do
    sleep "$every"
    sample $((SECONDS - start))
  done
} | tee "$tmp/curve" >&2
wait "$load_pid" || true
kill "$reader_pid" 2>/dev/null || true

echo
echo "## Soak, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "$seconds s: bench_load at $rate single-event POSTs a second over 8 keep-alive connections, a reader"
echo "(/events/ pages, a filtered page, /sessions/, every 0.2 s) and a follower (/events/stream as NDJSON);"
echo "$("$eyed" --version), --durability power, $(nproc) CPUs shared with other work; a sample every $every s."
echo
cat "$tmp/curve"
echo
echo "- bench_load: $(cat "$tmp/load.out")"
[ -s "$tmp/load.err" ] && echo "- bench_load said: $(head -3 "$tmp/load.err" | tr '\n' ' ')"
if grep -qE ' (warning|error|critical) ' "$tmp/eyed.log"; then
  echo "- eyed logged (first 3):"; grep -E ' (warning|error|critical) ' "$tmp/eyed.log" | head -3 | sed 's/^/    /'
fi
exit 0
