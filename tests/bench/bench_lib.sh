# What the benchmark scripts share: sourced, never run. Defines `say` (prefixed with BENCH_NAME),
# `stop_gently PID` and `port_of PID LOG`; the caller sets BENCH_NAME before sourcing.

say() { echo "${BENCH_NAME:-bench}: $*" >&2; }

# SIGTERM, then SIGKILL after 10 s: a benchmark must end even when a server hangs.
stop_gently() {
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

# Waits up to 10 s for a server's "listening on http://HOST:PORT" line in LOG; prints the port.
# Fails (with the log) when the server exits or never says it.
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
