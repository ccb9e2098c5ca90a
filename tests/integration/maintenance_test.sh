#!/usr/bin/env bash
# Retention, purge and backup with ingest running: eye admin purge reports what it deleted and
# leaves statistics and sessions agreeing with the events; --retention purges by itself; eye
# admin backup writes a copy that passes integrity_check and holds every event acknowledged
# before it began. Under PostgreSQL ("integration(pg): maintenance") whole months go as
# partitions, and backup is refused with the pg_dump hint.
source "$(dirname "$0")/lib.sh"
start_eyed

# ingest_loop: posts batches of 50 current events over TCP until $WORK/stop exists, appending
# each acknowledged id to $WORK/acked. Sets INGEST.
ingest_loop() {
  rm -f "$WORK/stop"
  : >"$WORK/acked"
  (
    n=0
    while [ ! -e "$WORK/stop" ]; do
      n=$((n + 1))
      body=$(for i in $(seq 1 50); do echo "{\"session_id\":\"live$n\",\"category\":\"live\",\"name\":\"n\",\"data\":{\"i\":$i}}"; done)
      curl -s -m 30 -H 'Content-Type: application/x-ndjson' --data-binary "$body" "$BASE/events/" | jq -r '.ids[]' >>"$WORK/acked"
    done
  ) &
  INGEST=$!
}
stop_ingest() { touch "$WORK/stop"; wait "$INGEST"; }
acked() { wc -l <"$WORK/acked"; }
acked_over() { [ "$(acked)" -gt "$1" ]; }  # for wait_for, which runs its command anew each time

# Old events: 2022-01-01 to 2022-01-05, one every 10 minutes (576), in 4 sessions.
old_events() {
  # 1640995200: 2022-01-01T00:00:00Z.
  jq -nc 'range(576) | {session_id: "old\(. % 4)", category: "old", name: "n", data: {path: "/\(.)"},
                        timestamp: (1640995200 + . * 600 | todate)}' >"$WORK/old.ndjson"
  http POST /events/ -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/old.ndjson"
  check_eq "old events stored" "200 576" "$STATUS $(json .accepted)"
}
# Ancient events: whole months before the old ones, 20 in November 2021 (sessions anc0, anc1)
# and 10 in December 2021 in session old1, which also has old events: purged whole (on
# PostgreSQL as partitions), old1 keeps its summary with the old events that remain.
ancient_events() {
  # 1636934400: 2021-11-15T00:00:00Z; 1639958400: 2021-12-20T00:00:00Z.
  jq -nc '(range(20) | {session_id: "anc\(. % 2)", category: "ancient", name: "n", data: {path: "/a\(.)"},
                        timestamp: (1636934400 + . * 3600 | todate)}),
          (range(10) | {session_id: "old1", category: "ancient", name: "n", data: {path: "/d\(.)"},
                        timestamp: (1639958400 + . * 3600 | todate)})' >"$WORK/ancient.ndjson"
  http POST /events/ -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/ancient.ndjson"
  check_eq "ancient events stored" "200 30" "$STATUS $(json .accepted)"
}
count() { curl -s "$BASE/events/?$1&page_size=1" | jq -r .count; }
count_is() { [ "$(count "$1")" == "$2" ]; }
stats_total() { curl -s "$BASE/stats/?$1&bucket=hour" | jq -r .total; }

# --- eye admin purge while ingest runs ---
ancient_events
old_events
ingest_loop
wait_for "ingest to be acknowledged" 20 acked_over 100
# Before 2022-01-03 10:05 (3485 minutes in): the events at minutes 0, 10, ..., 3480, 349 of them;
# the 15-minute slot from 10:00 loses its 10:00 event and keeps its 10:10 one.
OUT=$("$EYE" admin purge --before 2022-01-03T10:05:00Z --format json)
check_eq "eye admin purge exits 0" 0 "$?"
check_eq "purge reports the events it deleted (349 old, 30 ancient)" 379 "$(jq -r .events <<<"$OUT")"
check_eq "purge reports the sessions emptied (anc0, anc1)" 2 "$(jq -r .sessions <<<"$OUT")"
check_eq "no ancient event left" 0 "$(count category=ancient)"
check_eq "nor in the statistics" 0 "$(stats_total 'category=ancient&after=2021-11-01&before=2022-01-01')"
http GET /sessions/anc0/
check_eq "sessions of ancient events alone are gone" 404 "$STATUS"
if [ "$STORE" == postgres ]; then
  check_eq "the two whole months went as partitions; the limit's month stays" "events_2022_01" \
    "$(psql_eye "SELECT string_agg(c.relname, ' ' ORDER BY c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass AND c.relname < 'events_2023'")"
  check_eq "fingerprints went with their events" 0 \
    "$(psql_eye 'SELECT (SELECT count(*) FROM events) - (SELECT count(*) FROM fingerprints)')"
  # Another instance's purge drops a month this eyed made a partition for: its next event of
  # that month must find the partition made again.
  june() { printf '{"session_id":"june","category":"june","name":"n","timestamp":"2021-06-0%sT00:00:00Z"}' "$1"; }
  http POST /events/ -H 'Content-Type: application/json' -d "$(june 1)"
  "$EYED" --listen none --socket "$WORK/run/other.sock" --db "$DB" >"$WORK/other.log" 2>&1 &
  OTHER=$!
  wait_for "a second instance to listen" 20 grep -q "listening on" "$WORK/other.log"
  EYE_SOCKET="$WORK/run/other.sock" "$EYE" admin purge --before 2021-07-01 >/dev/null
  kill -TERM "$OTHER"; wait "$OTHER"
  check_eq "the other instance dropped the month" "" "$(psql_eye "SELECT to_regclass('events_2021_06')")"
  http POST /events/ -H 'Content-Type: application/json' -d "$(june 2)"
  check_eq "an event of a month another instance dropped is stored" 201 "$STATUS"
  check_eq "in its partition made again" "2021-06-02T00:00:00.000000Z" \
    "$(curl -s "$BASE/events/?category=june" | jq -r '.results[].timestamp')"
fi
check_eq "the old events left" 227 "$(count category=old)"
check_eq "none older than the limit" 0 "$(count 'category=old&timestamp_before=2022-01-03T10:04:59Z')"
check_eq "statistics agree with the events, the cut 15-minute slot included" 227 "$(stats_total category=old)"
check_eq "sessions agree: old1 starts at its first event left" "2022-01-03T10:10:00.000000Z 57" \
  "$(curl -s "$BASE/sessions/old1/" | jq -r '"\(.summary.first_seen) \(.summary.events)"')"
"$EYE" --url "$BASE" admin purge --before 2022-01-04 >/dev/null 2>"$WORK/err"
check_eq "purge over TCP is a usage error" 2 "$?"
http POST '/admin/purge?before=2022-01-04'
check_eq "the purge route does not exist over TCP" 404 "$STATUS"

# --- eye admin backup while ingest runs ---
if [ "$STORE" == postgres ]; then
  echo "SKIP under PostgreSQL (backup copies a SQLite file): the copy's checks"
  "$EYE" admin backup "$WORK/copy.db" >/dev/null 2>"$WORK/err"
  check_eq "backup on PostgreSQL is refused" 1 "$?"
  check_contains "with the pg_dump hint" "pg_dump" "$(cat "$WORK/err")"
else
BEFORE=$(acked)
head -n "$BEFORE" "$WORK/acked" | sort >"$WORK/acked-before"  # comm wants text order
OUT=$("$EYE" admin backup "$WORK/copy.db" --format json)
check_eq "eye admin backup exits 0" 0 "$?"
check_eq "the copy is where it was asked" "$WORK/copy.db" "$(jq -r .path <<<"$OUT")"
check_eq "the copy passes integrity_check" ok "$(sqlite3 "$WORK/copy.db" 'PRAGMA integrity_check')"
sqlite3 "$WORK/copy.db" 'SELECT id FROM events' | sort >"$WORK/in-copy"
check_eq "every event acknowledged before the backup is in the copy ($BEFORE)" "" \
  "$(comm -23 "$WORK/acked-before" "$WORK/in-copy" | head -5)"
check_eq "the copy's last_id is its largest id" "$(sort -n "$WORK/in-copy" | tail -1)" "$(jq -r .last_id <<<"$OUT")"
check_eq "the copy's summaries hold its events" "$(sqlite3 "$WORK/copy.db" 'SELECT count(*) FROM events')" \
  "$(sqlite3 "$WORK/copy.db" 'SELECT sum(events) FROM sessions')"
"$EYE" admin backup "$WORK/copy.db" >/dev/null 2>"$WORK/err"
check_eq "a backup never overwrites a file" 1 "$?"
check_contains "and says so" "exists" "$(cat "$WORK/err")"
fi
stop_ingest
check_eq "live events untouched: all acknowledged are stored" "$(acked)" "$(count category=live)"
check_eq "and counted by the statistics" "$(acked)" "$(stats_total category=live)"
LIVE=$(acked)
stop_eyed

# --- --retention purges by itself, with ingest running ---
start_eyed --retention 400d --retention-interval 1
# The first round, at start, purges the old events the purge above left (older than 400 days),
# so that all of the old events sent next are new.
wait_for "retention to purge at start" 20 count_is category=old 0
ingest_loop
old_events  # older than 400 days: purged at the next round
# Live events keep coming, so the old ones are never the newest rows (which a purge keeps).
wait_for "retention to purge the old events" 20 count_is category=old 0
check_eq "statistics hold no old event" 0 "$(stats_total category=old)"
http GET /sessions/old1/
check_eq "emptied sessions are gone" 404 "$STATUS"
check_contains "retention says what it purged" "retention: purged" "$(cat "$LOG")"
# On PostgreSQL its month went as a partition: an event of that month has it made again.
http POST /events/ -H 'Content-Type: application/json' -d "$(head -1 "$WORK/old.ndjson")"
check_eq "an event of a purged month is stored again" 201 "$STATUS"
stop_ingest
check_eq "live events remain" "$((LIVE + $(acked)))" "$(count category=live)"
finish
