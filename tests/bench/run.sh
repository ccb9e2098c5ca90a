#!/usr/bin/env bash
# The Eye's benchmark: eyed against the HTTP and storage ceilings, measured in one run, as Markdown.
# Usage: bash tests/bench/run.sh [BUILD_DIR]   (BENCH_SECONDS sets each load run's length, default 5)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build=$(realpath -m "${1:-$source_dir/build}")
seconds=${BENCH_SECONDS:-5}
durability=${BENCH_DURABILITY:-power}  # eyed and the SQLite ceiling alike
bench="$build/tests/bench"
eyed="$build/daemon/eyed"

say() { echo "bench: $*" >&2; }

[ -f "$build/CMakeCache.txt" ] || cmake -S "$source_dir" -B "$build" >&2
cmake --build "$build" -j2 --target eyed bench_load bench_http_ceiling bench_sqlite_ceiling bench_views >&2

# The ceilings in STACK-NOTES were measured with the load tool on the other core; pinning keeps
# the server and the load generator from taking each other's CPU.
if [ "$(nproc)" -ge 2 ]; then
  server_cpu=(taskset -c 0)
  load_cpu=(taskset -c 1)
  pinning="servers pinned to CPU 0 (eyed's request threads and its writer thread share it), bench_load to CPU 1"
else
  server_cpu=()
  load_cpu=()
  pinning="one CPU: servers and bench_load share it"
fi

tmp=$(mktemp -d)
ceiling_pid=""
eyed_pid=""

# Stops a server gently, then for good after 10 s; every wait here is bounded.
stop() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  say "process $pid did not stop within 10 s of SIGTERM; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  stop "$ceiling_pid"
  stop "$eyed_pid"
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits up to 10 s for a server's start-up line; prints the TCP port it bound.
port_of() {
  local pid=$1 log=$2
  for _ in $(seq 100); do
    if grep -q 'listening on http://' "$log"; then
      sed -n 's|.*listening on http://[0-9.]*:\([0-9]*\).*|\1|p' "$log" | head -1
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  say "server $pid did not start:"
  cat "$log" >&2
  return 1
}

declare -A results
# load LABEL BENCH_LOAD_ARGS...: one timed run; its machine-readable line goes into results.
load() {
  local label=$1 line
  shift
  say "$label"
  line=$(timeout $((seconds + 30)) "${load_cpu[@]}" "$bench/bench_load" --duration "$seconds" "$@" \
         2>"$tmp/$label.err" | grep '^requests=' || true)
  [ -n "$line" ] || line="requests=0 events=0 errors=1 seconds=0 events_per_s=0 p50_ms=0 p99_ms=0"
  results[$label]=$line
  say "  $line"
  if [ -s "$tmp/$label.err" ]; then
    sed "s/^/    $label: /" "$tmp/$label.err" >>"$tmp/load-errors"
  fi
}
field() { sed -n "s/.*\<$2=\([^ ]*\).*/\1/p" <<<"${results[$1]}"; }
grouped() { printf '%.0f' "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

single_runs() {  # PREFIX PORT SOCKET
  load "$1-tcp-1" --url "http://127.0.0.1:$2" --connections 1
  load "$1-tcp-16" --url "http://127.0.0.1:$2" --connections 16
  load "$1-unix-1" --socket "$3" --connections 1
  load "$1-unix-16" --socket "$3" --connections 16
}

# The HTTP ceiling: what Poco does with no storage.
"${server_cpu[@]}" "$bench/bench_http_ceiling" --listen 127.0.0.1:0 --socket "$tmp/ceiling.sock" --threads 16 \
  >/dev/null 2>"$tmp/ceiling.log" &
ceiling_pid=$!
port=$(port_of "$ceiling_pid" "$tmp/ceiling.log")
single_runs ceiling "$port" "$tmp/ceiling.sock"
stop "$ceiling_pid"
ceiling_pid=""

# eyed itself, with its defaults but for the addresses and a fresh database.
"${server_cpu[@]}" "$eyed" --listen 127.0.0.1:0 --no-auth --socket "$tmp/eye.sock" --db "$tmp/eye.db" --durability "$durability" \
  >/dev/null 2>"$tmp/eyed.log" &
eyed_pid=$!
port=$(port_of "$eyed_pid" "$tmp/eyed.log")
single_runs eyed "$port" "$tmp/eye.sock"
load eyed-ndjson --url "http://127.0.0.1:$port" --connections 4 --mode ndjson --batch 1000
rss_kib=$(awk '/^VmHWM:/ { print $2 }' "/proc/$eyed_pid/status")
stored=$(curl -s --max-time 5 "http://127.0.0.1:$port/healthz" | sed -n 's/.*"events":\([0-9]*\).*/\1/p' || true)
stop "$eyed_pid"
eyed_pid=""

# The storage ceiling, on the core eyed had.
say "SQLite ceiling"
sqlite_line=$("${server_cpu[@]}" "$bench/bench_sqlite_ceiling" --db "$tmp/ceiling.db" --events 200000 --batch 10000 \
              --durability "$durability" 2>"$tmp/sqlite.err" | grep '^rows_per_s=' || true)
sqlite_rate=${sqlite_line#rows_per_s=}
sqlite_rate=${sqlite_rate:-0}

acknowledged=0
for label in "${!results[@]}"; do
  case $label in eyed-*) acknowledged=$((acknowledged + $(field "$label" events))) ;; esac
done

row() {  # LABEL-SUFFIX DESCRIPTION
  local e="eyed-$1" c="ceiling-$1"
  printf '| %s | %s | %s / %s | %s | %s / %s | %s | %s / %s |\n' "$2" \
    "$(grouped "$(field "$e" events_per_s)")" "$(field "$e" p50_ms)" "$(field "$e" p99_ms)" \
    "$(grouped "$(field "$c" events_per_s)")" "$(field "$c" p50_ms)" "$(field "$c" p99_ms)" \
    "$(ratio "$(field "$e" events_per_s)" "$(field "$c" events_per_s)")" "$(field "$e" errors)" "$(field "$c" errors)"
}

echo
echo "## The Eye benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
echo "Machine: $(nproc) CPUs (${cpu_model:-unknown model}), $memory of memory; $("$eyed" --version)."
echo "Setup: $pinning; each load run ${seconds} s, one run each; loopback only; eyed --durability $durability."
echo
echo "| Single-event POST (keep-alive) | eyed events/s | eyed p50 / p99 ms | HTTP ceiling events/s | ceiling p50 / p99 ms | eyed / ceiling | errors eyed / ceiling |"
echo "|---|---:|---:|---:|---:|---:|---:|"
row tcp-1 "TCP, 1 connection"
row tcp-16 "TCP, 16 connections"
row unix-1 "Unix socket, 1 connection"
row unix-16 "Unix socket, 16 connections"
echo
echo "| Batch ingest | eyed events/s | eyed p50 / p99 ms per request | SQLite ceiling rows/s | eyed / ceiling | errors |"
echo "|---|---:|---:|---:|---:|---:|"
printf '| NDJSON, 1000 events per request, 4 connections, TCP | %s | %s / %s | %s | %s | %s |\n' \
  "$(grouped "$(field eyed-ndjson events_per_s)")" "$(field eyed-ndjson p50_ms)" "$(field eyed-ndjson p99_ms)" \
  "$(grouped "$sqlite_rate")" "$(ratio "$(field eyed-ndjson events_per_s)" "$sqlite_rate")" "$(field eyed-ndjson errors)"
echo
echo "- HTTP ceiling: bench_http_ceiling, a Poco HTTPServer with 16 threads that reads the body and answers 201 with 47 bytes."
echo "- SQLite ceiling: bench_sqlite_ceiling, 200,000 events in 10,000-row transactions into eyed's schema, synchronous=FULL, one core."
echo "- eyed peak RSS (VmHWM): $(awk -v k="${rss_kib:-0}" 'BEGIN { printf "%.1f", k / 1024 }') MiB."
echo "- eyed acknowledged $(grouped "$acknowledged") events; its /healthz counted $(grouped "${stored:-0}") stored."
if [ -s "$tmp/load-errors" ]; then
  echo "- bench_load reported:"
  echo '```'
  cat "$tmp/load-errors"
  echo '```'
fi
if grep -qE ' (warning|error|critical) ' "$tmp/eyed.log"; then
  echo "- eyed logged warnings or errors (first 5):"
  echo '```'
  grep -E ' (warning|error|critical) ' "$tmp/eyed.log" | head -5
  echo '```'
fi
[ -s "$tmp/sqlite.err" ] && { echo "- bench_sqlite_ceiling said:"; sed 's/^/    /' "$tmp/sqlite.err"; }

# Sessions and stats on many events (BENCH_VIEW_EVENTS, default 1,000,000), in-process.
say "bench_views: storing ${BENCH_VIEW_EVENTS:-1000000} events, then querying"
echo
"${server_cpu[@]}" "$bench/bench_views" --db "$tmp/views/eye.db" --events "${BENCH_VIEW_EVENTS:-1000000}" 2>"$tmp/views.err" ||
  { echo "- bench_views failed:"; sed 's/^/    /' "$tmp/views.err"; }
exit 0
