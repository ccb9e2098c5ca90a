#!/usr/bin/env bash
# Readiness, status and the API's description: /readyz turns 503 with the ingest queue past its high-water mark and
# while draining, and back; GET /status and eye status report what the daemon holds and does;
# eye status exits 3 when the daemon is down.
source "$(dirname "$0")/lib.sh"
start_eyed --queue-depth 4
JSONCT=(-H 'Content-Type: application/json')
ev() { echo "{\"session_id\":\"$1\",\"category\":\"c\",\"name\":\"n\",\"timestamp\":\"2021-01-01T00:00:0$2Z\"}"; }

http GET /readyz
check_eq "ready once started" "200 ready null" "$STATUS $(json .status) $(json .reason)"
http GET /healthz
check_eq "healthz stays liveness" "200 ok" "$STATUS $(json .status)"

# --- status as the daemon reports it ---
for i in 1 2 3; do http POST /events/ "${JSONCT[@]}" -d "$(ev s "$i")"; done
http POST /events/ "${JSONCT[@]}" -d '{"session_id":"s"}'
check_eq "a refused event" 400 "$STATUS"
http GET /status
check_eq "status answers" 200 "$STATUS"
check_eq "status: state and readiness" "ok running true" "$(json '"\(.status) \(.state) \(.ready)"')"
check_eq "status: version as healthz says it" "$(health .version)" "$(json .version)"
check_eq "status: the listeners" "$BASE unix:$SOCK" "$(json '.listeners | join(" ")')"
check_eq "status: the database" "$DB" "$(json .database.path)"
if [ "$STORE" == sqlite ]; then
  check_eq "status: its size, the file and its WAL" "$(( $(stat -c %s "$DB") + $(stat -c %s "$DB-wal" 2>/dev/null || echo 0) ))" \
    "$(json .database.bytes)"
else
  check_eq "status: its size, PostgreSQL's pg_database_size" true "$(json '.database.bytes > 0')"
fi
check_eq "status: events stored" 3 "$(json .events)"
check_eq "status: ingest rate, 3 events over a minute" 0.05 "$(json .ingest_rate_per_s)"
check_eq "status: the queue" "0 4" "$(json '"\(.queue.events) \(.queue.capacity)"')"
check_eq "status: errors in the last hour" 1 "$(json .errors_last_hour)"
UPTIME=$(json .uptime_s)
if [[ "$UPTIME" =~ ^[0-9]+$ ]]; then pass; else fail "uptime_s is whole seconds: [$UPTIME]"; fi

# --- the API's description, as built ---
http GET /openapi.json
check_eq "GET /openapi.json needs no key and is docs/openapi.json" "200 true" \
  "$STATUS $(jq --slurpfile file "$SOURCE_DIR/docs/openapi.json" '. == $file[0]' <<<"$BODY")"

# --- eye status ---
OUT=$("$EYE" status --format table 2>&1)
check_eq "eye status exits 0" 0 "$?"
check_contains "eye status: the version" "version" "$OUT"
check_contains "eye status: the database" "$DB" "$OUT"
check_contains "eye status: the listeners" "$BASE, unix:$SOCK" "$OUT"
check_contains "eye status: the queue" "0 of 4" "$OUT"
check_contains "eye status: the rate" "0.05 events/s over the last minute" "$OUT"
check_eq "eye status --format json is the daemon's object" "3 1" \
  "$("$EYE" status --format json | jq -r '"\(.events) \(.errors_last_hour)"')"
check_eq "eye status over TCP" 3 "$("$EYE" --url "$BASE" status --format json | jq -r .events)"

# --- the queue past its high-water mark (80% of --queue-depth 4): not ready, then ready ---
hold_writer
# The writer takes the first event into its commit and waits on the lock; four items queued
# (the one in the commit counts) are past 3.2.
POSTERS=()
for i in 4 5 6 7; do
  curl -s -m 30 -o /dev/null "${JSONCT[@]}" -d "$(ev q "$i")" "$BASE/events/" &
  POSTERS+=($!)
done
wait_for "four items queued behind the held writer" 10 health_is .queued 4
http GET /readyz
check_eq "not ready with the queue past its high-water mark" "503 not_ready" "$STATUS $(json .status)"
check_contains "and says why" "past its high-water mark" "$(json .reason)"
check_eq "status says not ready too" false "$(curl -s "$BASE/status" | jq -r .ready)"
check_eq "healthz stays 200 meanwhile (liveness)" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")"
release_writer
wait "${POSTERS[@]}"
wait_for "the queue to drain" 10 health_is .queued 0
http GET /readyz
check_eq "ready again once the queue drained" "200 ready" "$STATUS $(json .status)"

# --- draining after SIGTERM: not ready ---
hold_writer
curl -s -m 30 -o /dev/null "${JSONCT[@]}" -d "$(ev d 1)" "$BASE/events/" &
POSTER=$!
wait_for "an event queued behind the held writer" 10 health_is .queued 1
kill -TERM "$EYED_PID"
wait_for "eyed to say it is draining" 10 health_is .state draining
http GET /readyz
check_eq "not ready while draining" "503 not_ready draining" "$STATUS $(json .status) $(json .reason)"
release_writer
wait "$POSTER"
stop_eyed TERM

# --- eye status with no daemon: exit 3 ---
"$EYE" --socket "$SOCK" status >/dev/null 2>"$WORK/err"
check_eq "eye status exits 3 when the daemon is down" 3 "$?"
check_contains "and says so" "is eyed running?" "$(cat "$WORK/err")"
finish
