#!/usr/bin/env bash
# How long retention's whole-month drop holds PostgreSQL's writers: BENCH_EVENTS (1,000,000)
# events in one month (1,000 sessions, with their summaries and rollups, written by SQL as eyed
# would have), then `eye admin purge` of that month while a client posts one event every 0.1 s
# and records each POST's time: the slowest is the wait for the month's transaction.
# Usage: bash tests/pg/pg_harness.sh bash tests/bench/pg_purge.sh BUILD_DIR
set -uo pipefail
build=${1:?give the build folder}
events=${BENCH_EVENTS:-1000000}
: "${EYE_TEST_DB:?run under tests/pg/pg_harness.sh}"
source "$(dirname "$0")/../pg/pg_harness.sh"
BENCH_NAME=pg-purge
# shellcheck source=tests/bench/bench_lib.sh
source "$(dirname "$0")/bench_lib.sh"
tmp=$(mktemp -d /tmp/eye-pgpurge-XXXXXX)
eyed_pid=""
trap '[ -n "$eyed_pid" ] && kill "$eyed_pid" 2>/dev/null && wait "$eyed_pid"; rm -rf "$tmp"' EXIT

"$build/daemon/eyed" --listen 127.0.0.1:0 --socket "$tmp/eye.sock" --db "$EYE_TEST_DB" --no-auth >"$tmp/eyed.log" 2>&1 &
eyed_pid=$!
port=$(port_of "$eyed_pid" "$tmp/eyed.log") || exit 1

# January 2021, an event every 2 s (1,000,000 of them fill 23 days), 1,000 sessions.
jan=1609459200000000
began=$(date +%s.%N)
psql_eye "
  CREATE TABLE events_2021_01 PARTITION OF events FOR VALUES FROM ($jan) TO (1612137600000000);
  INSERT INTO events SELECT i, 's' || (i % 1000), 'page interaction', 'cta click', '{\"path\":\"/\"}',
         $jan + i * 2000000, $jan + i * 2000000, NULL, 'bench' FROM generate_series(1, $events::bigint) i;
  INSERT INTO fingerprints SELECT sha256(i::text::bytea), i FROM generate_series(1, $events::bigint) i;
  INSERT INTO sessions SELECT session_id, min(timestamp), max(timestamp), count(*), '/', '/' FROM events GROUP BY 1;
  INSERT INTO session_parts SELECT session_id, app, category, name, count(*) FROM events GROUP BY 1, 2, 3, 4;
  INSERT INTO rollups SELECT timestamp - timestamp % 900000000, category, name, app, count(*) FROM events GROUP BY 1, 2, 3, 4;
  SELECT setval('event_ids', $events);
  UPDATE event_count SET events = $events;" >/dev/null || exit 1
psql_eye "VACUUM ANALYZE" >/dev/null
echo "- $events events written by SQL in $(awk -v a="$began" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }') s"

# The probe: one current event every 0.1 s, each POST's seconds to a file, until told to stop.
(
  while [ ! -e "$tmp/stop" ]; do
    curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' \
      -d '{"session_id":"probe","category":"probe","name":"n"}' "http://127.0.0.1:$port/events/"
    sleep 0.1
  done
) >"$tmp/probe" &
probe=$!
sleep 2
purge_began=$(date +%s.%N)
EYE_SOCKET="$tmp/eye.sock" "$build/cli/eye" admin purge --before 2021-02-01 --format json >"$tmp/purge.json"
purge_s=$(awk -v a="$purge_began" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
sleep 2
touch "$tmp/stop"
wait "$probe"
echo "- purge: $(jq -c . "$tmp/purge.json") ($purge_s s as eye saw it)"
echo "- partitions left: $(psql_eye "SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass")"
sort -n "$tmp/probe" | awk '{ t[NR] = $1 } END { printf "- probe POSTs during the run: %d, median %.3f s, slowest %.3f s\n", NR, t[int((NR + 1) / 2)], t[NR] }'
echo "- load average: $(cut -d' ' -f1-3 /proc/loadavg)"
