#!/usr/bin/env bash
# The ingest pipeline: batches, exactly-once storage under concurrency, backpressure, eye send --file.
source "$(dirname "$0")/lib.sh"
start_eyed

NDJSON=(-H 'Content-Type: application/x-ndjson')
# hold_writer_with SESSION OUT: holds the writer (hold_writer) inside its commit of one event of
# SESSION, posted in the background (reply in OUT), once /healthz counts it queued. Sets POSTER.
hold_writer_with() {
  hold_writer
  curl -s -m 30 -o "$2" -H 'Content-Type: application/json' -d "$(ev "$1" 1)" "$BASE/events/" 4>&- &
  POSTER=$!
  wait_for "the held event to be queued" 10 health_is .queued 1
}

ev() { printf '{"session_id":"%s","category":"c","name":"n","timestamp":"2021-01-01T00:00:%02dZ"}' "$1" "$2"; }

# --- a batch with good, bad and duplicate events ---
BATCH="$(ev b1 1)
$(ev b2 2)
{\"session_id\": \"b3\", \"category\": \"c\"}

not json at all
$(ev b1 1)
[1, 2]
$(ev b4 4)"
http POST /events/ "${NDJSON[@]}" --data-binary "$BATCH"
check_eq "NDJSON batch status" 200 "$STATUS"
check_eq "NDJSON batch summary" "3 1 3" "$(json '[.accepted, .duplicates, (.rejected | length)] | join(" ")')"
check_eq "NDJSON rejected indexes skip blank lines" "2 missing_field name|3 invalid_json null|5 invalid_json null" \
  "$(json '[.rejected[] | "\(.index) \(.error.code) \(.error.field)"] | join("|")')"
check_eq "NDJSON ids, null where refused, the original id for a duplicate" "1 2 null null 1 null 3" \
  "$(json '[.ids[] | tostring] | join(" ")')"
http GET '/events/?session_id=b4'
check_eq "good events of a mixed batch are stored" 1 "$(json .count)"

http POST /events/ -H 'Content-Type: application/json' -d "[$(ev a1 1), {\"session_id\": 5, \"category\": \"c\", \"name\": \"n\"}, $(ev b2 2)]"
check_eq "JSON array batch" "200 1 1 invalid_field" "$STATUS $(json .accepted) $(json .duplicates) $(json '.rejected[0].error.code')"
http POST /events/ -H 'Content-Type: application/json' -d "[$(ev a9 9)] trailing"
check_eq "an array with trailing garbage is refused whole" "400 invalid_json" "$STATUS $(json .error.code)"
http GET '/events/?session_id=a9'
check_eq "nothing of it was stored" 0 "$(json .count)"
seq 1 10001 | sed 's/.*/{"session_id":"many&","category":"c","name":"n"}/' >"$WORK/many.ndjson"
http POST /events/ "${NDJSON[@]}" --data-binary @"$WORK/many.ndjson"
check_eq "more than 10,000 events in one batch" "413 too_large" "$STATUS $(json .error.code)"

# --- identical events without a timestamp of their own are distinct events ---
http POST /events/ "${NDJSON[@]}" --data-binary $'{"session_id":"twice","category":"c","name":"n"}\n{"session_id":"twice","category":"c","name":"n"}'
check_eq "two identical timestamp-less events in one batch are both stored" "2 0" "$(json .accepted) $(json .duplicates)"

# --- a body refused before it is read does not poison the kept-alive connection ---
OUT=$(curl -s -w '\n%{http_code}\n' -H 'Content-Type: text/plain' -d '{"session_id":"x"}' "$BASE/events/" \
        --next -s -w '\n%{http_code}\n' "$BASE/events/?page_size=1")
check_eq "the request after a 415 on the same connection" "415 200" "$(grep -E '^[0-9]{3}$' <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')"

# --- a client event_id makes a retry idempotent even when its payload differs ---
http POST /events/ -H 'Content-Type: application/json' -d '{"session_id":"k","category":"c","name":"n","event_id":"order-17","data":{"try":1}}'
FIRST=$(json .id)
http POST /events/ -H 'Content-Type: application/json' -d '{"session_id":"k","category":"c","name":"n","event_id":"order-17","data":{"try":2}}'
check_eq "event_id retry" "200 $FIRST true 1" "$STATUS $(json .id) $(json .duplicate) $(json .data.try)"

# --- 200 concurrent clients, each posting 5 of 40 distinct events over keep-alive ---
BEFORE=$(curl -s "$BASE/healthz" | jq .events)
mkdir -p "$WORK/conc"
for k in $(seq 0 39); do
  printf '{"session_id":"conc-%d","category":"race","name":"n","data":{"k":%d},"timestamp":"2021-02-01T00:00:00Z"}' "$k" "$k" >"$WORK/conc/$k.json"
done
client() {
  local c=$1 args=()
  for j in 0 1 2 3 4; do
    args+=(-s -w '\n' -H 'Content-Type: application/json' --data-binary @"$WORK/conc/$(((c + j * 7) % 40)).json" "$BASE/events/" -:)
  done
  curl "${args[@]:0:${#args[@]}-1}" >"$WORK/conc/reply-$c"
}
CLIENTS=()
for c in $(seq 1 200); do
  client "$c" &
  CLIENTS+=($!)
done
wait "${CLIENTS[@]}"
cat "$WORK"/conc/reply-* >"$WORK/replies"
AFTER=$(curl -s "$BASE/healthz" | jq .events)
check_eq "concurrent overlapping posts store each distinct event once" 40 "$((AFTER - BEFORE))"
check_eq "every reply is an event" 0 "$(jq -c 'select(.id == null)' "$WORK/replies" | wc -l)"
check_eq "replies agree: one id per distinct event" 40 "$(jq -r '"\(.session_id) \(.id)"' "$WORK/replies" | sort -u | wc -l)"
check_eq "exactly one reply per distinct event says it stored it" 40 "$(jq -r 'select(.duplicate != true) | .session_id' "$WORK/replies" | sort | uniq | wc -l)"
check_eq "no event was reported new twice" "$(jq -r 'select(.duplicate != true) | .session_id' "$WORK/replies" | wc -l)" 40
STORED=$(curl -s "$BASE/events/?category=race&page_size=100" | jq -r '.results[] | "\(.session_id) \(.id)"' | sort)
check_eq "replies match what was stored" "$STORED" "$(jq -r '"\(.session_id) \(.id)"' "$WORK/replies" | sort -u)"

# --- queue full: 503 with Retry-After, then success on retry ---
stop_eyed TERM
start_eyed --queue-depth 1
# The writer waits inside its commit with the one event the queue holds; the next request
# finds the queue full.
hold_writer_with held "$WORK/held"
HEADERS=$(curl -s -m 30 -D - -o "$WORK/full" -H 'Content-Type: application/json' -d "$(ev refused 1)" "$BASE/events/")
check_contains "queue full is 503" "HTTP/1.1 503" "$HEADERS"
check_contains "503 says when to retry" "Retry-After: 1" "$HEADERS"
check_eq "queue full code" queue_full "$(jq -r .error.code "$WORK/full")"
release_writer
wait "$POSTER"
check_eq "the held request succeeds once the lock is gone" held "$(jq -r .session_id "$WORK/held")"
http POST /events/ -H 'Content-Type: application/json' -d "$(ev refused 1)"
check_eq "the refused request succeeds on retry" 201 "$STATUS"
stop_eyed TERM
start_eyed

# --- SIGTERM: what is queued is committed and answered; what comes after gets 503 ---
# The writer is held with one event queued; after SIGTERM eyed drains (and says so) until the
# test lets the writer go.
check_eq "/healthz says running" running "$(health .state)"
hold_writer_with draining "$WORK/queued"
kill -TERM "$EYED_PID"
wait_for "/healthz to say draining after SIGTERM" 10 health_is .state draining
http POST /events/ -H 'Content-Type: application/json' -d "$(ev late 1)"
check_eq "a request after SIGTERM gets 503" "503 unavailable" "$STATUS $(json .error.code)"
release_writer
wait "$POSTER"
check_eq "the queued request is committed and answered" draining "$(jq -r .session_id "$WORK/queued")"
wait_for "eyed to exit once drained" 20 exited "$EYED_PID" || kill -KILL "$EYED_PID"
wait "$EYED_PID"
check_eq "eyed exits 0 after draining" 0 "$?"
EYED_PID=""
start_eyed
http GET '/events/?session_id=draining'
check_eq "the drained event is stored" 1 "$(json .count)"
http GET '/events/?session_id=late'
check_eq "the refused one is not" 0 "$(json .count)"

# --- a cut-off upload is refused whole and recorded; none of its events is stored ---
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'POST /events/ HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n%s\n' \
  "$(ev cutoff 1)" >&3
exec 3>&-  # the client goes away 900 bytes short
bad_requests_recorded() { [ "$(curl -s "$BASE/errors/?code=bad_request" | jq .count)" == 1 ]; }
wait_for "the cut-off body to be recorded as bad_request" 10 bad_requests_recorded
check_eq "and its complete first line is not stored" 0 "$(curl -s "$BASE/events/?session_id=cutoff" | jq .count)"

# --- bodies beyond --max-inflight-body wait their turn (503), and pass once room is free;
#     memory is claimed as bytes arrive, so bodies only announced hold nothing ---
stop_eyed TERM
start_eyed --max-inflight-body 100
for fd in 4 5 6 7 8 9; do
  eval "exec $fd<>/dev/tcp/127.0.0.1/$PORT"
  printf 'POST /events/ HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 8388608\r\n\r\n{' >&$fd
done
wait_for "the six uploads' first bytes to be counted in flight" 10 health_is .body_bytes_in_flight 6
http POST /events/ -H 'Content-Type: application/json' -d "$(ev announced 1)"
check_eq "six uploads that announced 8 MiB and sent a byte do not fill the budget" 201 "$STATUS"
for fd in 4 5 6 7 8 9; do eval "exec $fd>&-"; done
wait_for "the six abandoned uploads to give their bytes back" 10 health_is .body_bytes_in_flight 0
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'POST /events/ HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{%0150d' 0 >&3
wait_for "the half-sent body's 151 bytes to be counted in flight" 10 health_is .body_bytes_in_flight 151
http POST /events/ -H 'Content-Type: application/json' -d "$(ev second 1)"
check_eq "a body beyond the budget is refused with 503" "503 queue_full" "$STATUS $(json .error.code)"
exec 3>&-
wait_for "the abandoned body's bytes to be given back" 10 health_is .body_bytes_in_flight 0
http POST /events/ -H 'Content-Type: application/json' -d "$(ev second 1)"
check_eq "and accepted once the room is free" 201 "$STATUS"
stop_eyed TERM
start_eyed

# --- eye send --file and eye send - ---
seq 1 2500 | awk '{ printf "{\"session_id\":\"file-%d\",\"category\":\"file\",\"name\":\"n\",\"timestamp\":\"2021-03-01T00:00:00Z\"}\n", $1 }' >"$WORK/file.ndjson"
"$EYE" send --file "$WORK/file.ndjson" --batch-size 1000 >"$WORK/out" 2>"$WORK/err"
check_eq "send --file exit code" 0 "$?"
check_contains "send --file summary" "sent 2500 events" "$(cat "$WORK/err")"
check_contains "send --file counts" "2500 accepted, 0 duplicates, 0 rejected" "$(cat "$WORK/err")"
check_eq "all file events stored" 2500 "$(curl -s "$BASE/events/?category=file" | jq .count)"
check_eq "eye list pages without repeating rows" "1500 1500" \
  "$("$EYE" list --category file --limit 1500 | jq .id | wc -l) $("$EYE" list --category file --limit 1500 | jq .id | sort -u | wc -l)"
"$EYE" send - <"$WORK/file.ndjson" 2>"$WORK/err" >/dev/null
check_contains "send - again: all duplicates" "0 accepted, 2500 duplicates" "$(cat "$WORK/err")"
printf '[\n  {"session_id": "arr-1", "category": "file", "name": "n",\n   "data": {"text": "a, ] } [ \\" {"}},\n  {"session_id": "arr-2"},\n  {"session_id": "arr-3", "category": "file", "name": "n"}\n]\n' >"$WORK/array.json"
"$EYE" send "$WORK/array.json" >/dev/null 2>"$WORK/err"
check_eq "a rejected event makes send exit 1" 1 "$?"
check_contains "the rejected event is named by its input line" "eye: line 4: rejected:" "$(cat "$WORK/err")"
check_eq "a tricky string survives the array split" 'a, ] } [ " {' "$(curl -s "$BASE/events/?session_id=arr-1" | jq -r '.results[0].data.text')"
printf '[{"session_id": "in1", "category": "stdin", "name": "n"},\n {"session_id": "in2"}]' | "$EYE" send >/dev/null 2>"$WORK/err"
check_eq "eye send with an array on stdin sends a batch and exits 1 for its rejected event" 1 "$?"
check_contains "and reports it" "1 accepted, 0 duplicates, 1 rejected" "$(cat "$WORK/err")"
echo '[{"session_id": "cut"' | "$EYE" send - >/dev/null 2>&1
check_eq "a cut-off array is a usage error" 2 "$?"

finish
