#!/usr/bin/env bash
# GET /metrics: the counters match what the test sent (stored, duplicates, refused by code),
# routes are labelled by pattern, the exposition passes a strict format check, and who may
# scrape (loopback or a key over TCP, always the socket) follows the route table.
source "$(dirname "$0")/lib.sh"
CHECK_EXPOSITION="python3 $(dirname "$0")/prometheus_check.py"
start_eyed --auth

# A scrape over the Unix socket (no key needed there), into METRICS.
scrape() { METRICS=$(curl -s -m 10 --unix-socket "$SOCK" http://eye/metrics); }
# metric SERIES: the value of one series in the last scrape, or "absent".
metric() {
  local line
  line=$(awk -v s="$1" 'index($0, s " ") == 1 && length($0) > length(s) { print $NF; exit }' <<<"$METRICS")
  echo "${line:-absent}"
}

post() {  # BODY [CONTENT-TYPE]: over the socket, as app "local"
  curl -s -m 30 -o "$WORK/body" -w '%{http_code}' --unix-socket "$SOCK" -H "Content-Type: ${2:-application/json}" \
    --data-binary "$1" http://eye/events/
}
EV='{"session_id":"m1","category":"page interaction","name":"pageview","data":{"host":"h","path":"/"},"timestamp":"2021-01-01T09:00:0%sZ"}'
FUTURE=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)

scrape
check_eq "nothing stored yet" 0 "$(metric eye_stored_events_total)"

# --- what the test sends: 5 new events, 1 duplicate, 3 refused (two codes in a batch, one whole) ---
check_eq "event 1" 201 "$(post "$(printf "$EV" 1)")"
check_eq "event 2" 201 "$(post "$(printf "$EV" 2)")"
check_eq "event 3" 201 "$(post "$(printf "$EV" 3)")"
check_eq "a repeat of event 1" 200 "$(post "$(printf "$EV" 1)")"
BATCH="$(printf "$EV" 4)
$(printf "$EV" 5)
{\"session_id\":\"m1\",\"category\":\"c\",\"name\":\"n\",\"timestamp\":\"$FUTURE\"}
{\"session_id\":\"m1\",\"category\":\"page interaction\",\"name\":\"pageview\",\"data\":{\"host\":\"h\"},\"timestamp\":\"2021-01-01T09:00:06Z\"}"
check_eq "a batch with 2 good and 2 refused events" "200 2 2" \
  "$(post "$BATCH" application/x-ndjson) $(jq -r '.accepted, (.rejected | length)' "$WORK/body" | xargs)"
BROKEN='{"session_id": '
check_eq "a body that is no JSON" 400 "$(post "$BROKEN")"
BYTES=$(( $(printf "$EV" 1 | wc -c) * 4 + ${#BATCH} + ${#BROKEN} ))

http GET /events/
check_eq "TCP reads need a key" 401 "$STATUS"
http GET /events/7/ -H "Authorization: Bearer nope"
http GET /no/such/path/
check_eq "an unknown path" 404 "$STATUS"

# --- the counters say exactly that ---
http GET /metrics
check_eq "TCP from loopback scrapes without a key" 200 "$STATUS"
CONTENT_TYPE=$(curl -s -o /dev/null -w '%{content_type}' "$BASE/metrics")
check_eq "the exposition format's content type" "text/plain; version=0.0.4; charset=utf-8" "$CONTENT_TYPE"
scrape
check_eq "the socket's scrape and TCP's have the same families" "$(grep -c '^# TYPE' <<<"$BODY")" \
  "$(grep -c '^# TYPE' <<<"$METRICS")"
check_eq "stored" 5 "$(metric eye_stored_events_total)"
check_eq "duplicates" 1 "$(metric eye_duplicate_events_total)"
check_eq "received events (3 + 1 repeat + 4 in the batch + 1 broken)" 9 "$(metric eye_received_events_total)"
check_eq "received bytes" "$BYTES" "$(metric eye_received_bytes_total)"
check_eq "refused: future_timestamp" 1 "$(metric 'eye_rejected_events_total{code="future_timestamp"}')"
check_eq "refused: missing_field" 1 "$(metric 'eye_rejected_events_total{code="missing_field"}')"
check_eq "refused: invalid_json" 1 "$(metric 'eye_rejected_events_total{code="invalid_json"}')"
check_eq "refused: no other code" 3 "$(grep -c '^eye_rejected_events_total{' <<<"$METRICS")"
check_eq "POSTs answered 201" 3 "$(metric 'eye_http_requests_total{method="POST",route="/events/",code="201"}')"
check_eq "POSTs answered 200 (the repeat, the batch)" 2 \
  "$(metric 'eye_http_requests_total{method="POST",route="/events/",code="200"}')"
check_eq "POSTs answered 400" 1 "$(metric 'eye_http_requests_total{method="POST",route="/events/",code="400"}')"
check_eq "the 401 counted on its route" 1 "$(metric 'eye_http_requests_total{method="GET",route="/events/",code="401"}')"
check_eq "a path with an id is labelled by its pattern" 1 \
  "$(metric 'eye_http_requests_total{method="GET",route="/events/{id}/",code="401"}')"
check_eq "an unknown path is 'unmatched'" 1 \
  "$(metric 'eye_http_requests_total{method="unmatched",route="unmatched",code="404"}')"
check_eq "no raw path is ever a label" 0 "$(grep -c -e '/events/7' -e '/no/such' <<<"$METRICS")"
check_eq "durations are counted per route" 6 \
  "$(metric 'eye_http_request_duration_seconds_count{method="POST",route="/events/"}')"
check_eq "every commit's size is counted: 5 + 1 + 3 items" 9 "$(metric eye_commit_events_sum)"
check_eq "the queue is empty" 0 "$(metric eye_ingest_queue_events)"
DB_BYTES=$(metric eye_database_bytes)
if [ "$DB_BYTES" != absent ] && [ "$DB_BYTES" -gt 0 ]; then pass; else fail "eye_database_bytes > 0: [$DB_BYTES]"; fi
VERSION=$(health .version)
check_eq "build info" 1 "$(metric "eye_build_info{version=\"$VERSION\"}")"

# --- the exposition passes the format check, and the check can fail ---
OUT=$($CHECK_EXPOSITION <<<"$METRICS" 2>&1)
check_eq "the exposition is valid ($OUT)" 0 "$?"
printf '# HELP x y\n# TYPE x counter\nx{a="1} 2\n' | $CHECK_EXPOSITION >/dev/null
check_eq "the format check refuses a broken exposition" 1 "$?"

# --- who may scrape over TCP from another address: a key, or nobody ---
ADDRESS=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9.]+$' | grep -v '^127\.' | head -1)
if [ -z "$ADDRESS" ]; then
  fail "no non-loopback IPv4 address on this machine to scrape from"
else
  KEY=$("$EYE" apps add scraper 2>/dev/null)
  stop_eyed
  : >"$LOG"
  "$EYED" --listen 0.0.0.0:0 --socket "$SOCK" --db "$DB" >>"$LOG" 2>&1 &
  EYED_PID=$!
  wait_for "eyed on 0.0.0.0 to log its port" 20 grep -q 'listening on http://0.0.0.0:' "$LOG"
  PORT=$(sed -n 's/.*listening on http:\/\/0\.0\.0\.0:\([0-9]*\).*/\1/p' "$LOG" | tail -1)
  check_eq "from $ADDRESS without a key" 401 "$(curl -s -o /dev/null -w '%{http_code}' "http://$ADDRESS:$PORT/metrics")"
  check_eq "from $ADDRESS with a key" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" "http://$ADDRESS:$PORT/metrics")"
  check_eq "from 127.0.0.1 without a key" 200 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/metrics")"
fi
finish
