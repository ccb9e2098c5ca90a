#!/usr/bin/env bash
# Key scopes and CORS on a real eyed: an ingest-only key sends events and reads nothing, a
# read-only key reads and sends nothing; browsers may send only from their app's origins.
source "$(dirname "$0")/lib.sh"
start_eyed --auth

EV='{"session_id":"s1","category":"c","name":"n","timestamp":"2021-01-01T00:00:%02dZ"}'

# --- registering with scopes and origins ---
TRACKER=$("$EYE" apps add tracker --scope ingest --origin https://www.example.com --origin 'HTTP://Shop.Example.com:80/' 2>"$WORK/err")
check_eq "apps add --scope ingest exits 0" 0 "$?"
check_contains "the key's scope is said" "scope ingest" "$(cat "$WORK/err")"
ANALYST=$("$EYE" apps add analyst --scope read 2>/dev/null)
BOTH=$("$EYE" apps add both 2>/dev/null)
"$EYE" apps add bad --scope write >/dev/null 2>"$WORK/err"
check_eq "an unknown scope is refused" 1 "$?"
check_contains "naming the field" "scopes" "$(cat "$WORK/err")"
"$EYE" apps add bad2 --origin www.example.com >/dev/null 2>"$WORK/err"
check_eq "an origin without a scheme is refused" 1 "$?"
"$EYE" apps add --origin https://late.example.com late --scope ingest >/dev/null 2>&1
check_eq "--origin takes one value, the name may follow it" 0 "$?"
"$EYE" apps revoke late >/dev/null
"$EYE" apps list --format json | jq '[.[] | select(.revoked_at == null)]' >"$WORK/apps"
check_eq "scopes are listed" "analyst:read both:ingest,read tracker:ingest" \
  "$(jq -r '[.[] | "\(.name):\(.scopes)"] | join(" ")' "$WORK/apps")"
check_eq "origins are listed normalized" "http://shop.example.com https://www.example.com" \
  "$(jq -r '.[] | select(.name == "tracker") | .origins | join(" ")' "$WORK/apps")"

# --- an ingest-only key sends events and reads nothing ---
post() { http POST /events/ -H 'Content-Type: application/json' "$@"; }
post -H "Authorization: Bearer $TRACKER" -d "$(printf "$EV" 1)"
check_eq "ingest key posts" "201 tracker" "$STATUS $(json .app)"
EVENT_ID=$(json .id)
for path in /events/ "/events/$EVENT_ID/" /sessions/ /sessions/s1/ /stats/ /errors/ /errors/1/ /events/stream; do
  http GET "$path" -H "Authorization: Bearer $TRACKER"
  check_eq "ingest key reads GET $path" "403 forbidden_scope" "$STATUS $(json .error.code)"
done
check_contains "the refusal says which scope is needed" "needs read" "$(json .error.message)"
EYE_URL="$BASE" EYE_KEY="$TRACKER" "$EYE" list >/dev/null 2>"$WORK/err"
check_eq "eye list with an ingest key exits 1" 1 "$?"
check_contains "naming the code" "forbidden_scope" "$(cat "$WORK/err")"
EYE_URL="$BASE" EYE_KEY="$TRACKER" "$EYE" send --session s1 --category c --name n --timestamp 2021-01-01T00:00:02Z >/dev/null
check_eq "eye send with an ingest key" 0 "$?"

# --- a read-only key reads and sends nothing ---
post -H "Authorization: Bearer $ANALYST" -d "$(printf "$EV" 3)"
check_eq "read key posts" "403 forbidden_scope" "$STATUS $(json .error.code)"
http GET '/events/?session_id=s1' -H "Authorization: Bearer $ANALYST"
check_eq "read key reads" "200 2" "$STATUS $(json .count)"
check_eq "eye list with a read key" 2 "$(EYE_URL="$BASE" EYE_KEY="$ANALYST" "$EYE" list --format ndjson | wc -l)"
http GET /errors/ -H "Authorization: Bearer $ANALYST"
check_eq "a refused scope is no refused event" 0 "$(json .count)"
post -H "Authorization: Bearer $BOTH" -d "$(printf "$EV" 4)"
check_eq "a key of both scopes posts" 201 "$STATUS"
http GET /stats/ -H "Authorization: Bearer $BOTH"
check_eq "and reads" 200 "$STATUS"

# --- the key in the URL: ingest-only keys only ---
http POST "/events/?key=$TRACKER" -H 'Content-Type: text/plain;charset=UTF-8' -d "[$(printf "$EV" 5)]"
check_eq "an ingest key in the URL, text/plain batch" "200 1" "$STATUS $(json .accepted)"
http POST "/events/?key=$BOTH" -H 'Content-Type: text/plain' -d "$(printf "$EV" 6)"
check_eq "a key that can read is refused in the URL" "403 forbidden_scope" "$STATUS $(json .error.code)"
check_eq "naming the parameter" key "$(json .error.field)"
http GET "/events/?key=$ANALYST"
check_eq "and on a read route too" "403 forbidden_scope" "$STATUS $(json .error.code)"

# --- CORS: only the key's app's origins ---
ORIGIN_HEADERS=$(curl -s -D - -o "$WORK/body" -H 'Origin: https://www.example.com' -H 'Content-Type: text/plain' \
  -d "$(printf "$EV" 7)" "$BASE/events/?key=$TRACKER")
check_contains "a registered origin is stored" "HTTP/1.1 201" "$ORIGIN_HEADERS"
check_contains "and may read the reply" "Access-Control-Allow-Origin: https://www.example.com" "$ORIGIN_HEADERS"
check_contains "which varies by origin" "Vary: Origin" "$ORIGIN_HEADERS"
http POST "/events/?key=$TRACKER" -H 'Origin: http://shop.example.com' -H 'Content-Type: text/plain' -d "$(printf "$EV" 8)"
check_eq "the second origin too" 201 "$STATUS"
COUNT_BEFORE=$(curl -s -H "Authorization: Bearer $ANALYST" "$BASE/events/?session_id=s1" | jq .count)
EVIL_HEADERS=$(curl -s -D - -o "$WORK/body" -H 'Origin: https://evil.example.net' -H 'Content-Type: text/plain' \
  -d "$(printf "$EV" 9)" "$BASE/events/?key=$TRACKER")
check_contains "another origin is 403" "HTTP/1.1 403" "$EVIL_HEADERS"
check_eq "forbidden_origin" forbidden_origin "$(jq -r .error.code "$WORK/body")"
check_contains "the message says how to register it" "eye apps origins" "$(jq -r .error.message "$WORK/body")"
if [[ "$EVIL_HEADERS" == *Access-Control-Allow-Origin* ]]; then fail "a refused origin got Access-Control-Allow-Origin"; else pass; fi
check_eq "nothing of it was stored" "$COUNT_BEFORE" "$(curl -s -H "Authorization: Bearer $ANALYST" "$BASE/events/?session_id=s1" | jq .count)"
http POST /events/ -H "Authorization: Bearer $BOTH" -H 'Origin: https://www.example.com' -H 'Content-Type: application/json' -d "$(printf "$EV" 9)"
check_eq "an origin of another app is refused" "403 forbidden_origin" "$STATUS $(json .error.code)"

# --- preflight ---
preflight() { curl -s -D - -o "$WORK/body" -X OPTIONS -H "Origin: $1" -H 'Access-Control-Request-Method: POST' \
  -H 'Access-Control-Request-Headers: content-type, x-eye-key' "$BASE/events/${2:-}"; }
PRE=$(preflight https://www.example.com)
check_contains "a preflight from a registered origin is 204" "HTTP/1.1 204" "$PRE"
check_contains "allowing that origin" "Access-Control-Allow-Origin: https://www.example.com" "$PRE"
check_contains "POST" "Access-Control-Allow-Methods: POST" "$PRE"
check_contains "and the key header" "X-Eye-Key" "$PRE"
PRE=$(preflight https://evil.example.net)
check_contains "a preflight from another origin is 403" "HTTP/1.1 403" "$PRE"
check_eq "forbidden_origin" forbidden_origin "$(jq -r .error.code "$WORK/body")"
PRE=$(preflight https://www.example.com "?key=$ANALYST")
check_contains "a preflight with a key whose app has not the origin is 403" "HTTP/1.1 403" "$PRE"
http OPTIONS /events/
check_eq "OPTIONS without Origin is no preflight" "400 bad_request" "$STATUS $(json .error.code)"
curl -s -o /dev/null -H 'Origin: https://www.example.com' -H "X-Eye-Key: $TRACKER" -H 'Content-Type: application/json' \
  -d "$(printf "$EV" 10)" -w '%{http_code}' "$BASE/events/" >"$WORK/status"
check_eq "then the POST with the key in a header" 201 "$(cat "$WORK/status")"

# --- origins change on a live app ---
"$EYE" apps origins tracker --add https://new.example.com --remove https://www.example.com --format json >"$WORK/out"
check_eq "apps origins" "http://shop.example.com https://new.example.com" "$(jq -r '.[0].origins | join(" ")' "$WORK/out")"
http POST "/events/?key=$TRACKER" -H 'Origin: https://www.example.com' -H 'Content-Type: text/plain' -d "$(printf "$EV" 11)"
check_eq "a removed origin is refused at once" "403 forbidden_origin" "$STATUS $(json .error.code)"
http POST "/events/?key=$TRACKER" -H 'Origin: https://new.example.com' -H 'Content-Type: text/plain' -d "$(printf "$EV" 11)"
check_eq "an added one accepted" 201 "$STATUS"
"$EYE" apps origins nobody --add https://x.example.com >/dev/null 2>&1
check_eq "origins of no app" 1 "$?"

# --- scopes and origins survive a restart ---
stop_eyed TERM
start_eyed --auth
http GET /events/ -H "Authorization: Bearer $TRACKER"
check_eq "an ingest key stays ingest-only" "403 forbidden_scope" "$STATUS $(json .error.code)"
http POST "/events/?key=$TRACKER" -H 'Origin: https://new.example.com' -H 'Content-Type: text/plain' -d "$(printf "$EV" 12)"
check_eq "its origins stay" 201 "$STATUS"
stop_eyed TERM

# --- without auth no origin is trusted ---
start_eyed
http POST /events/ -H 'Origin: https://www.example.com' -H 'Content-Type: text/plain' -d "$(printf "$EV" 1)"
check_eq "with --no-auth a browser's origin is refused" "403 forbidden_origin" "$STATUS $(json .error.code)"
http POST /events/ -H 'Content-Type: text/plain' -d "$(printf "$EV" 1)"
check_eq "while curl without Origin is not" 201 "$STATUS"

finish
