#!/usr/bin/env bash
# Honest throughput under a hostile crowd, as a figure: bench_load's 8 keep-alive connections
# posting single events to eyed alone, then while 500 idle keep-alive and 200 slowloris
# connections are open (tests/integration/crowd.py), alternating for BENCH_ROUNDS rounds of
# BENCH_SECONDS each; prints the medians and their ratio as Markdown.
# Usage: bash tests/bench/under_crowd.sh [BUILD_DIR]   (EYED=path measures another eyed binary)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build=$(realpath -m "${1:-$source_dir/build}")
seconds=${BENCH_SECONDS:-5}
rounds=${BENCH_ROUNDS:-3}
connections=${BENCH_CONNECTIONS:-8}
idle=${CROWD_IDLE:-500}
slowloris=${CROWD_SLOWLORIS:-200}
BENCH_NAME=bench
# shellcheck source=tests/bench/bench_lib.sh
source "$here/bench_lib.sh"

[ -f "$build/CMakeCache.txt" ] || cmake -S "$source_dir" -B "$build" >&2
cmake --build "$build" -j2 --target eyed bench_load >&2
eyed=${EYED:-$build/daemon/eyed}
bench_load="$build/tests/bench/bench_load"

# As make bench: eyed on one core, the clients (bench_load and the crowd) on the other.
if [ "$(nproc)" -ge 2 ]; then server_cpu=(taskset -c 0); client_cpu=(taskset -c 1); else server_cpu=(); client_cpu=(); fi

tmp=$(mktemp -d)
eyed_pid=""
crowd_pid=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() { stop_gently "$crowd_pid"; stop_gently "$eyed_pid"; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# Idle connections stay for the whole run (--idle-timeout); a 3 s header deadline makes eyed cut
# the slowloris connections, and the crowd replace them, all through each run.
header_timeout=${CROWD_HEADER_TIMEOUT:-3}
"${server_cpu[@]}" "$eyed" --listen 127.0.0.1:0 --no-auth --socket "$tmp/eye.sock" --db "$tmp/eye.db" \
  --idle-timeout 600 --header-timeout "$header_timeout" >/dev/null 2>"$tmp/eyed.log" &
eyed_pid=$!
port=$(port_of "$eyed_pid" "$tmp/eyed.log")

run_load() {  # LABEL: one bench_load run; prints its events/s, notes its line
  local line
  line=$(timeout $((seconds + 30)) "${client_cpu[@]}" "$bench_load" --url "http://127.0.0.1:$port" \
    --connections "$connections" --duration "$seconds" 2>>"$tmp/load-errors" | grep '^requests=' || true)
  [ -n "$line" ] || line="requests=0 events=0 errors=1 events_per_s=0"
  say "  $1: $line"
  echo "$1 $line" >>"$tmp/lines"
  sed -n 's/.*events_per_s=\([0-9.]*\).*/\1/p' <<<"$line"
}

start_crowd() {
  "${client_cpu[@]}" python3 "$source_dir/tests/integration/crowd.py" --port "$port" --idle "$idle" \
    --slowloris "$slowloris" --honest 0 --settle 30 >"$tmp/crowd.json" 2>"$tmp/crowd.err" &
  crowd_pid=$!
  for _ in $(seq 600); do
    grep -q '^ready' "$tmp/crowd.err" && return 0
    kill -0 "$crowd_pid" 2>/dev/null || break
    sleep 0.1
  done
  say "the crowd did not get in:"; cat "$tmp/crowd.err" >&2
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }'; }

: >"$tmp/alone"
: >"$tmp/crowded"
for round in $(seq "$rounds"); do
  say "round $round of $rounds: alone"
  run_load alone >>"$tmp/alone"
  say "round $round of $rounds: with $idle idle and $slowloris slowloris connections"
  start_crowd
  run_load crowded >>"$tmp/crowded"
  connections_open=$(curl -s -m 5 --unix-socket "$tmp/eye.sock" http://eye/healthz | jq -r .connections || echo "?")
  stop_gently "$crowd_pid"
  crowd_pid=""
  say "  eyed had $connections_open connections open; crowd: $(head -c 400 "$tmp/crowd.json")"
done
alone=$(median <"$tmp/alone")
crowded=$(median <"$tmp/crowded")
rss_kib=$(awk '/^VmHWM:/ { print $2 }' "/proc/$eyed_pid/status")
errors=$(awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^errors=/) { split($i, f, "="); s += f[2] } } END { print s + 0 }' "$tmp/lines")

echo
echo "## Honest clients under a crowd, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "bench_load, $connections keep-alive connections of single-event POSTs over TCP, $seconds s a run, $rounds rounds"
echo "alternating; the crowd: $idle idle keep-alive + $slowloris slowloris connections (crowd.py; eyed --header-timeout"
echo "$header_timeout cuts the slowloris ones, which reconnect); $("$eyed" --version); $(nproc) CPUs, eyed on one, the clients on the other."
echo
echo "| | events/s (median) | runs |"
echo "|---|---:|---|"
echo "| alone | $(printf '%.0f' "$alone") | $(tr '\n' ' ' <"$tmp/alone" | sed 's/ $//') |"
echo "| with the crowd | $(printf '%.0f' "$crowded") | $(tr '\n' ' ' <"$tmp/crowded" | sed 's/ $//') |"
echo
echo "- with the crowd / alone: $(awk -v a="$crowded" -v b="$alone" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
echo "- failed requests: $errors; eyed peak RSS (VmHWM): $(awk -v k="${rss_kib:-0}" 'BEGIN { printf "%.1f", k / 1024 }') MiB."
if [ -s "$tmp/load-errors" ]; then echo "- bench_load said:"; sort "$tmp/load-errors" | uniq -c | head -5 | sed 's/^/    /'; fi
