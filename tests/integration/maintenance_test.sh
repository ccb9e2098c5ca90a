#!/usr/bin/env bash
# Retention, purge and backup with ingest running: eye admin purge reports what it deleted and
# leaves statistics and sessions agreeing with the events; --retention purges by itself; eye
# admin backup writes a copy that passes integrity_check and holds every event acknowledged
# before it began.
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
count() { curl -s "$BASE/events/?$1&page_size=1" | jq -r .count; }
count_is() { [ "$(count "$1")" == "$2" ]; }
stats_total() { curl -s "$BASE/stats/?$1&bucket=hour" | jq -r .total; }

# --- eye admin purge while ingest runs ---
old_events
ingest_loop
wait_for "ingest to be acknowledged" 20 acked_over 100
# Before 2022-01-03 10:05 (3485 minutes in): the events at minutes 0, 10, ..., 3480, 349 of them;
# the 15-minute slot from 10:00 loses its 10:00 event and keeps its 10:10 one.
OUT=$("$EYE" admin purge --before 2022-01-03T10:05:00Z --format json)
check_eq "eye admin purge exits 0" 0 "$?"
check_eq "purge reports the events it deleted" 349 "$(jq -r .events <<<"$OUT")"
check_eq "purge reports the sessions emptied" 0 "$(jq -r .sessions <<<"$OUT")"
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
stop_ingest
check_eq "live events untouched: all acknowledged are stored" "$(acked)" "$(count category=live)"
check_eq "and counted by the statistics" "$(acked)" "$(stats_total category=live)"
LIVE=$(acked)
stop_eyed

# --- --retention purges by itself, with ingest running ---
start_eyed --retention 400d --retention-interval 1
ingest_loop
old_events  # older than 400 days: purged at the next round
# Live events keep coming, so the old ones are never the newest rows (which a purge keeps).
wait_for "retention to purge the old events" 20 count_is category=old 0
check_eq "statistics hold no old event" 0 "$(stats_total category=old)"
http GET /sessions/old1/
check_eq "emptied sessions are gone" 404 "$STATUS"
check_contains "retention says what it purged" "retention: purged" "$(cat "$LOG")"
stop_ingest
check_eq "live events remain" "$((LIVE + $(acked)))" "$(count category=live)"
finish
