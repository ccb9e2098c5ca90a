#!/usr/bin/env bash
# PostgreSQL rows for the benchmark: 1, 2 and 3 eyed instances on one PostgreSQL, each loaded
# by its own bench_load (single events on 16 connections, then NDJSON batches of 1000 on 4),
# with the CPU eyed and PostgreSQL spent per stored event, and each rate as a ratio to a ceiling
# measured in the same run: the HTTP ceiling (bench_http_ceiling, 16 connections) for single
# events, PostgreSQL's own (bench_pg_copy: COPY of the same rows into eyed's schema, 1,000 a
# transaction) for batches. `make bench` runs it after tests/bench/run.sh; `make bench-pg` alone.
# Usage: bash tests/pg/pg_harness.sh bash tests/bench/pg_scaling.sh BUILD_DIR
set -uo pipefail
build=${1:?give the build folder}
seconds=${BENCH_SECONDS:-5}
: "${EYE_TEST_DB:?run under tests/pg/pg_harness.sh}"
source "$(dirname "$0")/../pg/pg_harness.sh"
BENCH_NAME=bench-pg
# shellcheck source=tests/bench/bench_lib.sh
source "$(dirname "$0")/bench_lib.sh"
tmp=$(mktemp -d /tmp/eye-pgbench-XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p"; done; rm -rf "$tmp"' EXIT
tck=$(getconf CLK_TCK)

# cpu_ticks PID...: user + system ticks the processes used so far.
cpu_ticks() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo "$t"; }
# The server's processes (the postmaster and its backends), found by their parent.
pg_pids() {
  local master
  master=$(head -1 "$PG_DATA/postmaster.pid")
  echo "$master"
  awk -v m="$master" '$4 == m { print $1 }' /proc/[0-9]*/stat 2>/dev/null
}

start() {  # start N: eyed number N; adds its PID to pids and its port to ports
  "$build/daemon/eyed" --listen 127.0.0.1:0 --socket "$tmp/eye-$1.sock" --db "$EYE_TEST_DB" --no-auth \
    >"$tmp/eyed-$1.log" 2>&1 &
  pids+=($!)
  local port
  port=$(port_of "$!" "$tmp/eyed-$1.log") || exit 1
  ports+=("$port")
}

# The ceilings, in this run and on this machine as it is now (unpinned, as the instances are).
psql_eye "CREATE DATABASE eye_ceiling" >/dev/null
copy_rate=$(EYE_TEST_DB="${EYE_TEST_DB%/eye}/eye_ceiling" "$build/tests/bench/bench_pg_copy" --rounds 3 |
  awk -F'|' '/^\| median/ { gsub(/ /, "", $4); print $4 }')
"$build/tests/bench/bench_http_ceiling" --listen 127.0.0.1:0 --socket "$tmp/ceiling.sock" --threads 16 \
  >/dev/null 2>"$tmp/ceiling.log" &
ceiling=$!
pids+=("$ceiling")
ceiling_port=$(port_of "$ceiling" "$tmp/ceiling.log") || exit 1
http_rate=$("$build/tests/bench/bench_load" --url "http://127.0.0.1:$ceiling_port" --duration "$seconds" --connections 16 2>&1 |
  sed -n 's/.*\<events_per_s=\([0-9.]*\).*/\1/p' | head -1)
kill "$ceiling" && wait "$ceiling" 2>/dev/null
pids=()
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo "| Instances on one PostgreSQL | load | events/s (all) | / ceiling | p99 ms (worst) | eyed CPU µs/event | PostgreSQL CPU µs/event | errors |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
ports=()
for n in 1 2 3; do
  start "$n"
  eyed_pids=("${pids[@]}")
  for mode in single ndjson; do
    if [ "$mode" == single ]; then args=(--connections 16); else args=(--connections 4 --mode ndjson --batch 1000); fi
    before_eyed=$(cpu_ticks "${eyed_pids[@]}")
    before_pg=$(cpu_ticks $(pg_pids))
    loaders=()
    for i in $(seq 0 $((n - 1))); do
      "$build/tests/bench/bench_load" --url "http://127.0.0.1:${ports[$i]}" --duration "$seconds" "${args[@]}" \
        >"$tmp/load-$n-$mode-$i" 2>&1 &
      loaders+=($!)
    done
    wait "${loaders[@]}"
    eyed_cpu=$(($(cpu_ticks "${eyed_pids[@]}") - before_eyed))
    pg_cpu=$(($(cpu_ticks $(pg_pids)) - before_pg))
    cat "$tmp"/load-$n-$mode-* | grep '^requests=' >"$tmp/lines"
    sum() { sed -n "s/.*\<$1=\([0-9.]*\).*/\1/p" "$tmp/lines" | awk '{ s += $1 } END { print s + 0 }'; }
    events=$(sum events)
    rate=$(sum events_per_s)
    p99=$(sed -n 's/.*\<p99_ms=\([0-9.]*\).*/\1/p' "$tmp/lines" | sort -n | tail -1)
    errors=$(sum errors)
    per() { awk -v t="$1" -v e="$events" -v k="$tck" 'BEGIN { if (e > 0) printf "%.0f", t / k * 1e6 / e; else print "n/a" }'; }
    label=$([ "$mode" == single ] && echo "single events, 16 connections each" || echo "NDJSON 1000/request, 4 connections each")
    limit=$([ "$mode" == single ] && echo "$http_rate" || echo "$copy_rate")
    printf '| %d | %s | %.0f | %s | %s | %s | %s | %s |\n' "$n" "$label" "$rate" "$(ratio "$rate" "$limit")" "$p99" \
      "$(per "$eyed_cpu")" "$(per "$pg_cpu")" "$errors"
  done
done
printf -- '- ceilings in this run: HTTP %.0f events/s (bench_http_ceiling, 16 connections); PostgreSQL %.0f rows/s (bench_pg_copy: COPY of events and fingerprints, 1,000 a transaction, median of 3).\n' \
  "$http_rate" "$copy_rate"
echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
