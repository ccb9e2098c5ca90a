#!/usr/bin/env bash
# A private PostgreSQL 15 for one test: Debian's own binaries, run as user postgres (when we are
# root; else as ourselves) on a temporary data directory, its Unix socket in a temporary folder
# under /tmp and TCP on a free loopback port, so a test never meets the system's cluster.
# Stopped and removed on exit.
#
#   pg_harness.sh COMMAND [ARGS...]   starts a server, runs COMMAND with the variables below
#                                     exported, stops the server; exits with COMMAND's status.
#   source pg_harness.sh              defines pg_start / pg_stop / pg_restart for a script.
#
# Exported: EYE_TEST_DB (a libpq URI of the database "eye"), PG_PORT, PG_SOCKET_DIR, PG_DATA,
# PG_BIN, PG_HOME. A server that cannot start is a failure (exit 1 with its log), never a skip.
set -uo pipefail

# Explicitly Debian's binaries: /usr/local/bin/pg_ctl may be anything on another machine (here
# it is a symlink to these), and the postgresql-common wrappers would pick their own cluster.
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_HOME=${PG_HOME:-}  # set when sourced under the wrapper

# _pg FILE ARGS...: runs a PostgreSQL binary as user postgres when we are root (initdb and pg_ctl
# refuse root), else as ourselves; _own PATH... gives that user the folders the server writes.
if [ "$(id -u)" -eq 0 ]; then
  _pg() { local bin=$1; shift; runuser -u postgres -- "$PG_BIN/$bin" "$@"; }
  _own() { chown postgres: "$@"; }
else
  _pg() { local bin=$1; shift; "$PG_BIN/$bin" "$@"; }
  _own() { :; }
fi

_pg_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# initdb takes 1-8 s on this shared 2-core machine (its bootstrap is CPU-bound): it runs once
# into a template that every test copies (~0.1 s), under a lock so that parallel tests build
# it once. --no-sync and fsync=off: a test's server never survives a power loss, and fsync on
# this shared machine would make every test wait on the disk; eyed's synchronous_commit
# setting is still in force and read back.
PG_TEMPLATE=${PG_TEMPLATE:-/tmp/eye-pg-template-15-$(id -u)}
_pg_template() {
  (
    flock 9
    [ -f "$PG_TEMPLATE/complete" ] && exit 0
    rm -rf "$PG_TEMPLATE"
    mkdir -p "$PG_TEMPLATE" && _own "$PG_TEMPLATE"
    if ! _pg initdb -D "$PG_TEMPLATE/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
        >"$PG_TEMPLATE/initdb.log" 2>&1; then
      echo "FAIL: initdb failed:"; cat "$PG_TEMPLATE/initdb.log"; exit 1
    fi
    touch "$PG_TEMPLATE/complete"
  ) 9>"$PG_TEMPLATE.lock"
}

# pg_start: a copy of the template + pg_ctl start + createdb eye; sets and exports the variables above.
pg_start() {
  for bin in initdb pg_ctl psql createdb; do
    [ -x "$PG_BIN/$bin" ] || { echo "FAIL: $PG_BIN/$bin is missing: run packaging/install-deps.sh (postgresql-15)"; return 1; }
  done
  PG_HOME=$(mktemp -d /tmp/eye-pg-XXXXXX)
  chmod 755 "$PG_HOME"
  mkdir "$PG_HOME/data" "$PG_HOME/sock" "$PG_HOME/log"
  _own "$PG_HOME/data" "$PG_HOME/sock" "$PG_HOME/log"
  PG_DATA=$PG_HOME/data
  PG_SOCKET_DIR=$PG_HOME/sock
  _pg_template || return 1
  cp -a "$PG_TEMPLATE/data/." "$PG_DATA/" && chmod 700 "$PG_DATA"
  local attempt
  for attempt in 1 2 3; do
    PG_PORT=$(_pg_free_port)
    if _pg pg_ctl -D "$PG_DATA" -l "$PG_HOME/log/server.log" -w -t 30 \
        -o "-k $PG_SOCKET_DIR -c listen_addresses=127.0.0.1 -p $PG_PORT -c fsync=off -c max_connections=200" \
        start >/dev/null 2>&1; then
      break
    fi
    PG_PORT=""
  done
  if [ -z "$PG_PORT" ]; then echo "FAIL: PostgreSQL did not start:"; cat "$PG_HOME/log/server.log"; return 1; fi
  if ! _pg createdb -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres eye >"$PG_HOME/log/createdb.log" 2>&1; then
    echo "FAIL: createdb failed:"; cat "$PG_HOME/log/createdb.log"; return 1
  fi
  EYE_TEST_DB="postgresql://postgres@127.0.0.1:$PG_PORT/eye"
  export EYE_TEST_DB PG_PORT PG_SOCKET_DIR PG_DATA PG_BIN PG_HOME
}

# pg_stop: stops the server (fast: open sessions are cut) and removes its files.
pg_stop() {
  [ -n "$PG_HOME" ] || return 0
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    _pg pg_ctl -D "$PG_DATA" -m immediate -w -t 30 stop >/dev/null 2>&1
  fi
  rm -rf "$PG_HOME"
  PG_HOME=""
}

# pg_down / pg_up: stop the server (fast shutdown: connections are cut) and start it again on
# the same port, as an operator's restart would; for tests of eyed's reconnection.
pg_down() { _pg pg_ctl -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null; }
pg_up() {
  _pg pg_ctl -D "$PG_DATA" -l "$PG_HOME/log/server.log" -w -t 30 \
    -o "-k $PG_SOCKET_DIR -c listen_addresses=127.0.0.1 -p $PG_PORT -c fsync=off -c max_connections=200" \
    start >/dev/null
}

# psql_eye SQL: runs SQL in the test database, unaligned, tuples only.
psql_eye() { "$PG_BIN/psql" -X -q -At -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d eye -c "$1"; }

if [ "${BASH_SOURCE[0]}" == "$0" ]; then
  [ $# -gt 0 ] || { echo "usage: pg_harness.sh COMMAND [ARGS...]" >&2; exit 2; }
  trap pg_stop EXIT
  pg_start || exit 1
  "$@"
  exit $?
fi
