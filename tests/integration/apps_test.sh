#!/usr/bin/env bash
# Trusted applications: keys over TCP, attribution, the admin channel on the Unix socket.
source "$(dirname "$0")/lib.sh"
start_eyed --auth --socket-group nogroup
check_contains "start-up line says keys are needed" "TCP needs application keys (0 apps)" "$(cat "$LOG")"
check_eq "the socket is 0660" 660 "$(stat -c %a "$SOCK")"
check_eq "the socket belongs to the configured group" nogroup "$(stat -c %G "$SOCK")"

EV='{"session_id":"shared","category":"c","name":"n","timestamp":"2021-01-01T00:00:0%sZ"}'

# --- without a key, TCP refuses reads and writes ---
HEADERS=$(curl -s -D - -o "$WORK/body" -H 'Content-Type: application/json' -d "$(printf "$EV" 1)" "$BASE/events/")
check_contains "no key is 401" "HTTP/1.1 401" "$HEADERS"
check_contains "401 says how to authenticate" 'WWW-Authenticate: Bearer realm="eye"' "$HEADERS"
check_eq "no key code" unauthorized "$(jq -r .error.code "$WORK/body")"
http GET /events/
check_eq "reads need a key too" "401 unauthorized" "$STATUS $(json .error.code)"
http GET /events/ -H 'Authorization: Bearer eye_0000'
check_eq "an unknown key" "401 invalid_key" "$STATUS $(json .error.code)"
http GET /healthz
check_eq "the health check needs no key" 200 "$STATUS"

# --- registering applications over the socket ---
WEB_KEY=$("$EYE" apps add web 2>"$WORK/err")
check_eq "apps add exits 0" 0 "$?"
check_contains "the key is shown once, and said so" "will not be shown again" "$(cat "$WORK/err")"
if [[ "$WEB_KEY" =~ ^eye_[0-9a-f]{64}$ ]]; then pass; else fail "a key is eye_ and 64 hex digits: [$WEB_KEY]"; fi
MOBILE_KEY=$("$EYE" apps add mobile --format json | jq -r .key)
check_eq "apps add --format json" 68 "${#MOBILE_KEY}"
"$EYE" apps add web >/dev/null 2>"$WORK/err"
check_eq "a taken name is refused" 1 "$?"
check_contains "and says so" "app_exists" "$(cat "$WORK/err")"
"$EYE" apps add "Bad Name" >/dev/null 2>&1
check_eq "a bad name is refused" 1 "$?"
if [ "$STORE" == sqlite ]; then
  check_eq "the key is stored nowhere in the database files" 0 "$(cat "$DB" "$DB-wal" 2>/dev/null | grep -c -a "$WEB_KEY")"
else
  "$PG_BIN/pg_dump" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres eye >"$WORK/dump.sql"
  check_contains "the dump holds the app" "mobile" "$(cat "$WORK/dump.sql")"
  check_eq "the key is stored nowhere in the database (pg_dump)" 0 "$(grep -c -a "$WEB_KEY" "$WORK/dump.sql")"
fi

# --- keys over TCP; two apps post to one session ---
http POST /events/ -H 'Content-Type: application/json' -H "Authorization: Bearer $WEB_KEY" -d "$(printf "$EV" 1)"
check_eq "a registered key is accepted and attributed" "201 web" "$STATUS $(json .app)"
http POST /events/ -H 'Content-Type: application/json' -H "X-Eye-Key: $MOBILE_KEY" -d "$(printf "$EV" 2)"
check_eq "X-Eye-Key works too" "201 mobile" "$STATUS $(json .app)"
EYE_URL="$BASE" EYE_KEY="$WEB_KEY" "$EYE" send --session shared --category c --name n --timestamp 2021-01-01T00:00:03Z >"$WORK/out"
check_eq "eye with EYE_KEY over TCP" web "$(jq -r .app "$WORK/out")"
"$EYE" --url "$BASE" --key "$MOBILE_KEY" send --session shared --category c --name n --timestamp 2021-01-01T00:00:04Z >"$WORK/out"
check_eq "eye --key over TCP" mobile "$(jq -r .app "$WORK/out")"
"$EYE" --url "$BASE" list >/dev/null 2>"$WORK/err"
check_eq "eye without a key over TCP exits 1" 1 "$?"
check_contains "and names the problem" "unauthorized" "$(cat "$WORK/err")"
http GET '/events/?session_id=shared' -H "Authorization: Bearer $MOBILE_KEY"
check_eq "one session timeline with both apps" "mobile web mobile web" "$(json '[.results[].app] | join(" ")')"
http GET '/events/?session_id=shared&app=web' -H "Authorization: Bearer $MOBILE_KEY"
check_eq "filter by app" 2 "$(json .count)"
check_eq "eye list --app" 2 "$("$EYE" list --app mobile | wc -l)"

# The same event from two apps is two events; from one app twice, one.
http POST /events/ -H 'Content-Type: application/json' -H "Authorization: Bearer $WEB_KEY" -d "$(printf "$EV" 9)"
FIRST=$(json .id)
http POST /events/ -H 'Content-Type: application/json' -H "Authorization: Bearer $MOBILE_KEY" -d "$(printf "$EV" 9)"
check_eq "identity is per app" "201 false" "$STATUS $([ "$(json .id)" == "$FIRST" ] && echo true || echo false)"
http POST /events/ -H 'Content-Type: application/json' -H "Authorization: Bearer $WEB_KEY" -d "$(printf "$EV" 9)"
check_eq "a retry by the same app is a duplicate" "200 $FIRST" "$STATUS $(json .id)"

# --- the socket: no key, attributed to local or to --app ---
check_eq "over the socket events are local" local "$("$EYE" send --session s --category c --name n | jq -r .app)"
check_eq "eye send --app names the sender" batch "$("$EYE" send --app batch --session s --category c --name n --timestamp 2021-01-01T00:00:05Z | jq -r .app)"
"$EYE" --url "$BASE" --key "$WEB_KEY" send --app batch --session s --category c --name n >/dev/null 2>&1
check_eq "--app over TCP is a usage error" 2 "$?"

# --- refused events are attributed too ---
http POST /events/ -H 'Content-Type: application/json' -H "Authorization: Bearer $WEB_KEY" -d '{"session_id":"x"}'
http GET '/errors/?app=web' -H "Authorization: Bearer $WEB_KEY"
check_eq "errors record and filter the app" "1 web" "$(json .count) $(json '.results[0].app')"
check_eq "eye errors --app" 1 "$("$EYE" errors --app web | wc -l)"

# --- listing never shows keys; revoking keeps the events ---
"$EYE" apps list --format json >"$WORK/out"
check_eq "apps list" "mobile web" "$(jq -r '[.[].name] | join(" ")' "$WORK/out")"
check_eq "apps list shows no key" 0 "$(grep -c "$WEB_KEY" "$WORK/out")"
"$EYE" apps revoke web --format json >"$WORK/out"
check_eq "revoke" 0 "$?"
if [ "$(jq -r '.[0].revoked_at' "$WORK/out")" != null ]; then pass; else fail "revoke sets revoked_at"; fi
http GET /events/ -H "Authorization: Bearer $WEB_KEY"
check_eq "a revoked key" "401 revoked_key" "$STATUS $(json .error.code)"
check_eq "a revoked app's events stay" 3 "$("$EYE" list --app web | wc -l)"
"$EYE" apps revoke web >/dev/null 2>&1
check_eq "revoking twice is an error" 1 "$?"
http GET /events/ -H "Authorization: Bearer $MOBILE_KEY"
check_eq "other apps go on" 200 "$STATUS"

# --- admin routes exist only on the socket ---
http GET /admin/apps/ -H "Authorization: Bearer $MOBILE_KEY"
check_eq "admin over TCP is 404" 404 "$STATUS"
http POST /admin/apps/ -H "Authorization: Bearer $MOBILE_KEY" -H 'Content-Type: application/json' -d '{"name":"evil"}'
check_eq "registering over TCP is 404" 404 "$STATUS"
check_eq "admin over the socket works" 200 "$(curl -s -o /dev/null -w '%{http_code}' --unix-socket "$SOCK" http://eye/admin/apps/)"
"$EYE" --url "$BASE" --key "$MOBILE_KEY" apps list >/dev/null 2>&1
check_eq "eye apps over TCP is a usage error" 2 "$?"

# --- apps survive a restart ---
stop_eyed TERM
start_eyed --auth
http GET /events/ -H "Authorization: Bearer $MOBILE_KEY"
check_eq "keys work after a restart" 200 "$STATUS"
http GET /events/ -H "Authorization: Bearer $WEB_KEY"
check_eq "revocation survives a restart" 401 "$STATUS"
stop_eyed TERM

# --- auth off only on loopback, unless the operator insists ---
# 192.0.2.1 (TEST-NET-1) is a non-loopback address no interface has: an eyed that wrongly
# accepted it could not listen on it (nor anywhere else), and runs under refused_start's timeout.
refused_start "$WORK/start.log" --listen 192.0.2.1:8000 --socket "$WORK/o.sock" --db "$WORK/o.db" --no-auth
check_eq "a non-loopback bind without auth is refused" 2 "$RC"
check_contains "with a clear message" "not a loopback address" "$(cat "$WORK/start.log")"
start_eyed
check_contains "auth off is said at start-up" "TCP auth OFF" "$(cat "$LOG")"
http GET /events/
check_eq "loopback without auth needs no key" 200 "$STATUS"
check_eq "and attributes to anonymous" anonymous "$(curl -s -H 'Content-Type: application/json' -d '{"session_id":"a","category":"c","name":"n"}' "$BASE/events/" | jq -r .app)"

finish
