#!/usr/bin/env bash
# Validation per event type and errors as data: every error code through HTTP and eye send,
# visible in /errors/ and eye errors; schema reload by SIGHUP and eye admin reload.
source "$(dirname "$0")/lib.sh"

SCHEMA="$WORK/types.json"
cat >"$SCHEMA" <<'JSON'
{"types": [
  {"category": "page interaction", "name": "pageview",
   "fields": {"host": {"type": "string"}, "path": {"type": "string"}}},
  {"category": "page interaction", "name": "cta click",
   "fields": {"host": {"type": "string"}, "path": {"type": "string"}, "element": {"type": "string"}}},
  {"category": "form interaction", "name": "submit",
   "fields": {"host": {"type": "string"}, "path": {"type": "string"},
              "form": {"type": "object", "fields": {"first_name": {"type": "string", "max_length": 20},
                                                    "last_name": {"type": "string", "max_length": 20}}}}},
  {"category": "checkout", "name": "paid", "additional": false,
   "fields": {"plan": {"type": "string", "enum": ["free", "pro"]}, "amount": {"type": "number"}}}
]}
JSON
start_eyed --schema "$SCHEMA" --strict-types
check_contains "start-up line names the schemas" "4 event types from $SCHEMA, strict" "$(cat "$LOG")"

JSON=(-H 'Content-Type: application/json')
post() { http POST /events/ "${JSON[@]}" --data-binary "$1"; }
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
FUTURE=$(date -u -d '+10 minutes' +%Y-%m-%dT%H:%M:%SZ)

# --- the documented types are accepted ---
post '{"session_id":"s1","category":"page interaction","name":"pageview","data":{"host":"h","path":"/"},"timestamp":"2021-01-01T09:00:00Z"}'
check_eq "pageview accepted" 201 "$STATUS"
post '{"session_id":"s1","category":"page interaction","name":"cta click","data":{"host":"h","path":"/","element":"chat bubble"},"timestamp":"2021-01-01T09:00:01Z"}'
check_eq "cta click accepted" 201 "$STATUS"
post '{"session_id":"s1","category":"form interaction","name":"submit","data":{"host":"h","path":"/","form":{"first_name":"John","last_name":"Doe"}},"timestamp":"2021-01-01T09:00:02Z"}'
check_eq "form submit accepted" 201 "$STATUS"
post '{"session_id":"s1","category":"page interaction","name":"pageview","data":{"host":"h","path":"/","utm":"x"},"timestamp":"2021-01-01T09:00:03Z"}'
check_eq "extra payload fields are accepted by default" "201 x" "$STATUS $(json .data.utm)"

# --- every error code through HTTP ---
expect() {  # CODE FIELD STATUS BODY
  post "$4"
  check_eq "HTTP $1" "$3 $1 $2" "$STATUS $(json .error.code) $(json '.error.field // ""')"
}
expect invalid_json "" 400 '{"session_id": "broken'
expect missing_field data.element 400 '{"session_id":"s2","category":"page interaction","name":"cta click","data":{"host":"h","path":"/"}}'
expect invalid_field data.form.first_name 400 '{"session_id":"s2","category":"form interaction","name":"submit","data":{"host":"h","path":"/","form":{"first_name":"Johnathan Jacob Jingleheimer"}}}'
expect invalid_field data.plan 400 '{"session_id":"s2","category":"checkout","name":"paid","data":{"plan":"gold","amount":5}}'
expect unexpected_field data.coupon 400 '{"session_id":"s2","category":"checkout","name":"paid","data":{"plan":"pro","amount":5,"coupon":"X"}}'
expect unknown_type name 400 '{"session_id":"s2","category":"video","name":"play"}'
expect future_timestamp timestamp 400 "{\"session_id\":\"s2\",\"category\":\"page interaction\",\"name\":\"pageview\",\"data\":{\"host\":\"h\",\"path\":\"/\"},\"timestamp\":\"$FUTURE\"}"
expect invalid_timestamp timestamp 400 '{"session_id":"s2","category":"page interaction","name":"pageview","data":{"host":"h","path":"/"},"timestamp":"1999-12-31T23:59:59Z"}'
head -c 1100000 /dev/zero | tr '\0' ' ' >"$WORK/big.json"
http POST /events/ "${JSON[@]}" --data-binary @"$WORK/big.json"
check_eq "HTTP too_large" "413 too_large" "$STATUS $(json .error.code)"
post "{\"session_id\":\"s2\",\"category\":\"page interaction\",\"name\":\"pageview\",\"data\":{\"host\":\"h\",\"path\":\"/\"},\"timestamp\":\"$NOW\"}"
check_eq "now is accepted" 201 "$STATUS"

# --- each one is recorded, with the raw event and what could be read of it ---
http GET '/errors/?page_size=100'
check_eq "nine refusals recorded" 9 "$(json .count)"
for code in invalid_json missing_field invalid_field unexpected_field unknown_type future_timestamp invalid_timestamp too_large; do
  check_contains "/errors/ lists $code" "$code" "$(json '[.results[].code] | join(" ")')"
done
http GET '/errors/?code=unexpected_field'
check_eq "filter by code" "1 checkout paid s2 data.coupon" "$(json '.count') $(json '.results[0] | "\(.category) \(.name) \(.session_id) \(.field)"')"
check_eq "the raw event is kept" "X" "$(json '.results[0].raw | fromjson | .data.coupon')"
ID=$(json '.results[0].id')
http GET "/errors/$ID/"
check_eq "GET /errors/{id}/" "200 unexpected_field" "$STATUS $(json .code)"
http GET /errors/99999/
check_eq "unknown error id" 404 "$STATUS"
http GET '/errors/?category=form%20interaction'
check_eq "filter by category" "1 data.form.first_name" "$(json .count) $(json '.results[0].field')"
http GET '/errors/?session_id=s2&after=2000-01-01'
check_eq "filter by session and time (unreadable events have no session)" 7 "$(json .count)"
http GET "/errors/?before=2000-01-01"
check_eq "filter by time" 0 "$(json .count)"
http GET '/errors/?code=invalid_json'
check_eq "what could not be read is null, never \"\"" "null null null null" \
  "$(json '.results[0] | "\(.session_id) \(.category) \(.name) \(.field)"')"
"$EYE" errors --code invalid_json -o json >"$WORK/out"
check_eq "eye errors -o json: null too" "null null" "$(jq -r '.[0] | "\(.session_id) \(.field)"' "$WORK/out")"
http POST /events/ -H 'Content-Type: application/json' -d '{"session_id": "broken'
check_eq "an error without a field says null" "true null" "$(json '.error | has("field")') $(json .error.field)"
http GET '/errors/?summary=1'
check_eq "summary counts per code" "10 2 1" "$(json .count) $(json .by_code.invalid_field) $(json .by_code.too_large)"

# --- the same through eye send, seen with eye errors ---
"$EYE" send --session s3 --category "page interaction" --name pageview --data '{"host":"h"}' >/dev/null 2>"$WORK/err"
check_eq "eye send of an invalid event exits 1" 1 "$?"
check_contains "eye send names the field" "field data.path" "$(cat "$WORK/err")"
"$EYE" send --session s3 --category "page interaction" --name pageview --data '{"host":"h","path":"/"}' \
  --timestamp "$FUTURE" >/dev/null 2>&1
"$EYE" send --session s3 --category video --name play >/dev/null 2>&1
"$EYE" errors --session s3 --format csv >"$WORK/out"
check_eq "eye errors lists them" "future_timestamp missing_field unknown_type" \
  "$(tail -n +2 "$WORK/out" | cut -d, -f3 | sort | tr '\n' ' ' | sed 's/ $//')"
"$EYE" errors --code future_timestamp --format ndjson >"$WORK/out"
check_eq "eye errors --code" 2 "$(wc -l <"$WORK/out")"
"$EYE" errors --summary --format csv >"$WORK/out"
check_contains "eye errors --summary" "future_timestamp,2" "$(cat "$WORK/out")"
check_contains "eye errors --summary counts missing fields" "missing_field,2" "$(cat "$WORK/out")"
COLUMNS=200 "$EYE" errors --limit 2 --format table >"$WORK/out"
check_eq "eye errors table" "ID RECEIVED (UTC) CODE FIELD APP SESSION CATEGORY NAME MESSAGE RAW" "$(head -1 "$WORK/out" | tr -s ' ')"

# --- a batch mixing good and bad events stores the good ones and records each bad one ---
BEFORE=$(curl -s "$BASE/errors/?summary=1" | jq .count)
printf '%s\n' \
  '{"session_id":"b","category":"page interaction","name":"pageview","data":{"host":"h","path":"/b1"},"timestamp":"2021-01-02T00:00:00Z"}' \
  '{"session_id":"b","category":"page interaction","name":"pageview","data":{"host":"h"},"timestamp":"2021-01-02T00:00:01Z"}' \
  '{"session_id":"b","category":"video","name":"play"}' \
  '{"session_id":"b","category":"checkout","name":"paid","data":{"plan":"pro","amount":1},"timestamp":"2021-01-02T00:00:02Z"}' \
  >"$WORK/batch.ndjson"
http POST /events/ -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/batch.ndjson"
check_eq "batch summary" "2 missing_field unknown_type" "$(json .accepted) $(json '[.rejected[].error.code] | join(" ")')"
check_eq "the batch's good events are stored" 2 "$(curl -s "$BASE/events/?session_id=b" | jq .count)"
check_eq "each bad one is recorded" "$((BEFORE + 2))" "$(curl -s "$BASE/errors/?summary=1" | jq .count)"
check_eq "recorded with its own raw line" '{"session_id":"b","category":"video","name":"play"}' \
  "$(curl -s "$BASE/errors/?session_id=b&code=unknown_type" | jq -r '.results[0].raw')"

# --- reload: SIGHUP and eye admin reload; a broken file keeps the old schemas ---
cat >"$SCHEMA" <<'JSON'
{"types": [{"category": "video", "name": "play", "fields": {"position": {"type": "integer"}}}]}
JSON
kill -HUP "$EYED_PID"
wait_for "the SIGHUP reload to be logged" 10 grep -q "schemas reloaded" "$LOG"
check_contains "SIGHUP reload is logged" "SIGHUP: schemas reloaded: 1 event types from $SCHEMA" "$(cat "$LOG")"
post '{"session_id":"r","category":"video","name":"play","data":{"position":3}}'
check_eq "a newly declared type is accepted after SIGHUP" 201 "$STATUS"
post '{"session_id":"r","category":"page interaction","name":"pageview","data":{"host":"h","path":"/"}}'
check_eq "a type no longer declared is refused (strict)" "400 unknown_type" "$STATUS $(json .error.code)"

echo '{"types": [{"category": "video", "name": "play", "fields": {"position": {"type": "intger"}}}]}' >"$SCHEMA"
kill -HUP "$EYED_PID"
wait_for "the refused SIGHUP reload to be logged" 10 grep -q "reload refused" "$LOG"
check_contains "a broken file is reported with its field" "types[0].fields.position.type: unknown type \"intger\"" "$(cat "$LOG")"
post '{"session_id":"r","category":"video","name":"play","data":{"position":"three"}}'
check_eq "the previous schemas stay in force" "400 invalid_field data.position" "$STATUS $(json .error.code) $(json .error.field)"
"$EYE" admin reload >"$WORK/out" 2>"$WORK/err"
check_eq "eye admin reload of a broken file exits 1" 1 "$?"
check_contains "and says why" "intger" "$(cat "$WORK/err")"
echo '{"types": [{"category": "video", "name": "play", "fields": {"position": {"type": "string"}}}]}' >"$SCHEMA"
"$EYE" admin reload >"$WORK/out"
check_eq "eye admin reload" 0 "$?"
check_contains "eye admin reload says what is in force" "1 event types from $SCHEMA" "$(cat "$WORK/out")"
post '{"session_id":"r","category":"video","name":"play","data":{"position":"three"}}'
check_eq "the reloaded schema is in force" 201 "$STATUS"
http POST /admin/reload
check_eq "admin routes do not exist over TCP" 404 "$STATUS"
"$EYE" --url "$BASE" admin reload >/dev/null 2>&1
check_eq "eye admin over TCP is a usage error" 2 "$?"

# --- a schema file that cannot be used stops start-up ---
stop_eyed TERM
echo '{"types": [' >"$WORK/broken.json"
refused_start "$WORK/start.log" --listen none --socket "$WORK/x.sock" --db "$WORK/x.db" --schema "$WORK/broken.json"
check_eq "a broken schema file at start-up is refused" 1 "$RC"
check_contains "naming the file" "$WORK/broken.json: not valid JSON" "$(cat "$WORK/start.log")"

finish
