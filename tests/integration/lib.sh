# Shared helpers for the integration tests: start a real eyed on a free port, a temporary
# socket and a temporary database; assertions that count failures and name them.
# Needs EYED and EYE (paths to the built binaries), set by ctest. With EYE_TEST_DB set to a
# postgresql:// URI (tests/pg/pg_harness.sh sets it for the "integration(pg)" runs) every eyed
# a test starts uses that PostgreSQL database instead of a SQLite file.
set -uo pipefail

: "${EYED:?set EYED to the eyed binary}" "${EYE:?set EYE to the eye binary}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/eye-it-XXXXXX")
SOCK="$WORK/run/eye.sock"
if [[ "${EYE_TEST_DB:-}" == postgresql://* ]]; then
  STORE=postgres
  DB=$EYE_TEST_DB
  source "$(dirname "${BASH_SOURCE[0]}")/../pg/pg_harness.sh"
else
  STORE=sqlite
  DB="$WORK/state/eye.db"
fi
LOG="$WORK/eyed.log"
EYED_PID=""
PORT=""
BASE=""
FAILURES=0
CHECKS=0

cleanup() {
  if [ -n "$EYED_PID" ] && kill -0 "$EYED_PID" 2>/dev/null; then
    kill -TERM "$EYED_PID" 2>/dev/null
    wait_for "eyed to exit after SIGTERM at the end" 20 exited "$EYED_PID" || kill -KILL "$EYED_PID"
    wait "$EYED_PID" 2>/dev/null
  fi
  if [ "$FAILURES" -gt 0 ]; then
    if [ -s "$WORK/earlier-eyed.log" ]; then echo "--- earlier eyed logs ---"; cat "$WORK/earlier-eyed.log"; fi
    echo "--- eyed log ---"; cat "$LOG" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_eyed [--auth] [extra eyed options...]: starts eyed on 127.0.0.1:<free port> and $SOCK
# with $DB, and waits until it answers. TCP runs without keys (as `make run` does) unless the
# first argument is --auth. Sets EYED_PID, PORT and BASE.
start_eyed() {
  local auth=(--no-auth)
  if [ "${1:-}" == "--auth" ]; then auth=(); shift; fi
  # Earlier runs' logs are kept, so that a failure shows what every eyed of the test said.
  [ -s "$LOG" ] && cat "$LOG" >>"$WORK/earlier-eyed.log"
  : >"$LOG"
  "$EYED" --listen 127.0.0.1:0 --socket "$SOCK" --db "$DB" "${auth[@]}" "$@" >>"$LOG" 2>&1 &
  EYED_PID=$!
  local deadline=$((SECONDS + 20))
  until [ "$SECONDS" -ge "$deadline" ]; do
    PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG" | tail -1)
    if [ -n "$PORT" ] && curl -sf -m 5 "http://127.0.0.1:$PORT/healthz" >/dev/null; then
      BASE="http://127.0.0.1:$PORT"
      export EYE_SOCKET="$SOCK"
      return 0
    fi
    kill -0 "$EYED_PID" 2>/dev/null || { echo "FAIL: eyed exited during start-up:"; cat "$LOG"; exit 1; }
    sleep 0.05
  done
  echo "FAIL: eyed did not answer within 20 s of starting:"; cat "$LOG"; exit 1
}

# exited PID: whether the child PID has exited (a zombie not yet waited for counts as exited).
exited() { [[ "$(ps -o stat= -p "$1")" =~ ^(Z.*|)$ ]]; }

# --- several eyed on one database (multi, haproxy): instance N has its own socket and log ---
declare -A INSTANCE_PID INSTANCE_PORT INSTANCE_URL
# launch_instance N: starts eyed number N on a free port; sets INSTANCE_PID[N].
launch_instance() {
  "$EYED" --listen 127.0.0.1:0 --socket "$WORK/run/eye-$1.sock" --db "$DB" --no-auth >"$WORK/eyed-$1.log" 2>&1 &
  INSTANCE_PID[$1]=$!
}
# await_instance N: waits until instance N listens; sets INSTANCE_PORT[N] and INSTANCE_URL[N].
await_instance() {
  local log="$WORK/eyed-$1.log"
  wait_for "instance $1 to listen" 20 grep -q "listening on" "$log" || exit 1
  INSTANCE_PORT[$1]=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
  INSTANCE_URL[$1]="http://127.0.0.1:${INSTANCE_PORT[$1]}"
}
# stop_instances: SIGTERM to every instance still running (SIGKILL after 20 s); on failures,
# the end of each instance's log.
stop_instances() {
  local n
  for n in "${!INSTANCE_PID[@]}"; do
    kill -0 "${INSTANCE_PID[$n]}" 2>/dev/null || continue
    kill -TERM "${INSTANCE_PID[$n]}"
    wait_for "instance $n to exit" 20 exited "${INSTANCE_PID[$n]}" || kill -KILL "${INSTANCE_PID[$n]}"
  done
  if [ "$FAILURES" -gt 0 ]; then for f in "$WORK"/eyed-*.log; do echo "--- $f ---"; grep -v '^$' "$f" | tail -30; done; fi
}

# stop_eyed [SIGNAL]: stops eyed and waits (20 s at most: then it fails the test and kills
# eyed); sets EYED_STATUS to its exit status.
stop_eyed() {
  kill "-${1:-TERM}" "$EYED_PID"
  wait_for "eyed to exit after SIG${1:-TERM}" 20 exited "$EYED_PID" || kill -KILL "$EYED_PID"
  wait "$EYED_PID"
  EYED_STATUS=$?
  EYED_PID=""
}

# wait_for WHAT SECONDS COMMAND...: polls COMMAND until it succeeds. A test waits for the state
# it needs, never for a time it hopes is long enough; when the state has not come after SECONDS
# (far beyond what it takes on a loaded machine) that is a failure naming WHAT, and the
# function returns 1.
wait_for() {
  local what=$1 deadline=$((SECONDS + $2 + 1))  # + 1: SECONDS counts whole seconds
  shift 2
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail "gave up waiting for $what"
      return 1
    fi
    sleep 0.02
  done
}

# health FILTER: applies jq to a fresh /healthz reply.
health() { curl -s -m 5 "$BASE/healthz" | jq -r "$1"; }

# health_is FILTER VALUE: whether /healthz says VALUE at FILTER now (for wait_for).
health_is() { [ "$(health "$1")" == "$2" ]; }

# refused_start LOG ARGS...: runs eyed in the foreground where it must refuse to start; its
# output goes to LOG and its exit status to RC. An eyed that starts instead is stopped after
# 10 s (RC 124) and fails the test, so that a wrong start cannot hang the suite.
refused_start() {
  local log=$1
  shift
  timeout -k 5 10 "$EYED" "$@" >"$log" 2>&1
  RC=$?
  if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then fail "eyed $* started instead of refusing; stopped after 10 s"; fi
}

# sqlite_only WHAT: true under SQLite; under PostgreSQL prints that the check WHAT (about the
# SQLite file itself) does not apply, so a skipped check is visible in the test's output.
sqlite_only() {
  [ "$STORE" == sqlite ] && return 0
  echo "SKIP under PostgreSQL (no database file): $1"
  return 1
}

# db_query SQL: runs SQL in the test's database (sqlite3 on the file, or psql), one row a line,
# columns separated by |.
db_query() {
  if [ "$STORE" == sqlite ]; then sqlite3 "$DB" "$1"; else psql_eye "$1"; fi
}

# The lock every eyed writer on a PostgreSQL database holds through its commit (writer_lock in
# daemon/stores/postgres/pg_store.cpp): holding it from outside stalls eyed's writer inside its
# commit, as an outside sqlite3 holding BEGIN IMMEDIATE does on SQLite.
PG_WRITER_LOCK=$((0x6579650002))

# hold_writer: an outside client takes the database's write lock and keeps it until
# release_writer, so that eyed's writer waits inside its commit for as long as the test needs.
# (Each hold spans a few local requests, far inside SQLite's 5 s busy timeout.) Sets LOCKER.
hold_writer() {
  rm -f "$WORK/lock.fifo" "$WORK/lock.out"
  mkfifo "$WORK/lock.fifo"
  if [ "$STORE" == sqlite ]; then
    sqlite3 "$DB" <"$WORK/lock.fifo" >"$WORK/lock.out" 2>&1 &
    LOCKER=$!
    exec 4<>"$WORK/lock.fifo"
    printf '.timeout 5000\nBEGIN IMMEDIATE;\nSELECT '"'locked'"';\n' >&4
  else
    "$PG_BIN/psql" -X -q -At -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d eye \
      <"$WORK/lock.fifo" >"$WORK/lock.out" 2>&1 &
    LOCKER=$!
    exec 4<>"$WORK/lock.fifo"
    printf 'BEGIN;\nSELECT pg_advisory_xact_lock(%s);\nSELECT '"'locked'"';\n' "$PG_WRITER_LOCK" >&4
  fi
  wait_for "an outside client to hold the write lock" 10 grep -qx locked "$WORK/lock.out"
}

# release_writer: the outside client commits and exits.
release_writer() {
  echo "COMMIT;" >&4
  exec 4>&-
  wait "$LOCKER"
}

pass() { CHECKS=$((CHECKS + 1)); }
fail() { CHECKS=$((CHECKS + 1)); FAILURES=$((FAILURES + 1)); echo "FAIL: $*"; }

# check_eq WHAT EXPECTED ACTUAL
check_eq() {
  if [ "$2" == "$3" ]; then pass; else fail "$1: expected [$2], got [$3]"; fi
}

# check_contains WHAT NEEDLE HAYSTACK
check_contains() {
  if [[ "$3" == *"$2"* ]]; then pass; else fail "$1: [$2] not in [$3]"; fi
}

# http METHOD PATH [curl args...]: prints "STATUS BODY" for a request over TCP.
http() {
  local method=$1 path=$2; shift 2
  curl -s -m 30 -o "$WORK/body" -w '%{http_code}' -X "$method" "$@" "$BASE$path" >"$WORK/status"
  STATUS=$(cat "$WORK/status")
  BODY=$(cat "$WORK/body")
}

# json FILTER: applies jq to the last BODY.
json() { jq -r "$1" <<<"$BODY"; }

finish() {
  echo "$((CHECKS - FAILURES)) passed, $FAILURES failed"
  [ "$FAILURES" -eq 0 ]
}
