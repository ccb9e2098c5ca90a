#!/usr/bin/env bash
# The PostgreSQL harness itself: a server answers in the database it made, on the loopback
# port and the private socket it says, restarts on the same port, and leaves nothing behind.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

out=$(bash "$HERE/pg_harness.sh" bash -c '
  source "'"$HERE"'/pg_harness.sh"
  echo "home=$(dirname "$PG_DATA")"
  echo "tcp=$("$PG_BIN/psql" -X -At "$EYE_TEST_DB" -c "select current_database() || inet_server_addr()")"
  echo "unix=$(psql_eye "select setting from pg_settings where name = '"'"'unix_socket_directories'"'"'")"
  echo "sockdir=$PG_SOCKET_DIR"
  pg_down && pg_up && echo "after-restart=$(psql_eye "select 1")"
')
echo "$out"
home=$(sed -n 's/^home=//p' <<<"$out")
[ -n "$home" ] || fail "the harness printed no server home"
grep -qx 'tcp=eye127.0.0.1/32' <<<"$out" || fail "the database eye over TCP on 127.0.0.1"
[ "$(sed -n 's/^unix=//p' <<<"$out")" == "$(sed -n 's/^sockdir=//p' <<<"$out")" ] || fail "the socket directory is the private one"
grep -qx 'after-restart=1' <<<"$out" || fail "the server restarts on the same port"
[ ! -e "$home" ] || fail "$home is left behind"
bash "$HERE/pg_harness.sh" false && fail "the command's failure is the harness's exit status"
echo "$failures failed"
[ "$failures" -eq 0 ]
