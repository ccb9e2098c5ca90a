#!/usr/bin/env bash
# What an attacker found, held fixed: slow clients cut off by deadlines, broken bodies refused
# whole, values never changed, every reply valid JSON in valid UTF-8, links from a validated Host.
source "$(dirname "$0")/lib.sh"
start_eyed --header-timeout 1 --request-timeout 2 --max-body 4096

JSONH=(-H 'Content-Type: application/json')
ev() { printf '{"session_id":"%s","category":"c","name":"n"%s}' "$1" "${2:-}"; }

# raw REQUEST: sends bytes as they are over TCP and prints the reply the daemon gives before it
# closes (every request here says Connection: close or is refused); at most 5 s.
raw() {
  exec 3<>"/dev/tcp/127.0.0.1/$PORT"
  # A connection the daemon already closed makes the write fail (and the checks below say so)
  # instead of killing the script with SIGPIPE, which left no message at all.
  (trap '' PIPE; printf '%b' "$1" >&3) || echo "raw: the daemon closed the connection before the request was written"
  REPLY=$(timeout 5 cat <&3 | tr -d '\r')
  exec 3>&-
  RAW_STATUS=$(head -1 <<<"$REPLY" | cut -d' ' -f2)
  RAW_BODY=$(sed '1,/^$/d' <<<"$REPLY")
}
count() { curl -s "$BASE/events/?session_id=$1" | jq .count; }

# --- 1. slow clients: a trickled request is cut at its deadline, honest clients are served ---
trickle() {  # sends a header byte every 0.3 s until the daemon closes the connection
  trap '' PIPE  # a closed connection ends the loop through printf's error, not a signal
  exec 4<>"/dev/tcp/127.0.0.1/$PORT"
  printf 'GET /healthz HTTP/1.1\r\n' >&4
  while printf 'X' >&4 2>/dev/null; do sleep 0.3; done
}
PIDS=()
for _ in $(seq 1 40); do
  (timeout 10 bash -c "$(declare -f trickle); PORT=$PORT; trickle"; echo $? >>"$WORK/trickled") &
  PIDS+=($!)
done
slow_ones_in() { [ "$(health .connections)" -ge 40 ]; }
wait_for "the slow clients to connect" 5 slow_ones_in
check_eq "an honest request is answered while 40 slow clients hold connections" 200 \
  "$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$BASE/healthz")"
wait "${PIDS[@]}"
check_eq "every slow client was cut off by the header deadline (none ran into the 10 s guard)" \
  "0" "$(sort -u "$WORK/trickled" | tr '\n' ' ' | sed 's/ $//')"

raw 'POST /events/ HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{"session_id":'
check_eq "a body that stops short is refused at the request deadline, not kept waiting for" \
  "400 bad_request" "$RAW_STATUS $(jq -r .error.code <<<"$RAW_BODY")"

# --- 2. chunked bodies that do not end properly are refused whole ---
raw 'POST /events/ HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n64\r\n{"session_id":"chunk-cut-1","category":"c","name":"n"}\n{"session_id":"chunk-cut-2","cat'
check_eq "a chunk cut short refuses the batch" "400 bad_request" "$RAW_STATUS $(jq -r .error.code <<<"$RAW_BODY")"
check_eq "and stores none of it" 0 "$(count chunk-cut-1)"
for size in ffffffffffffffffff -5 zz; do
  raw "POST /events/ HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n$size\r\n$(ev chunk-bad)\r\n0\r\n\r\n"
  check_eq "chunk size $size is refused" "400 bad_request" "$RAW_STATUS $(jq -r .error.code <<<"$RAW_BODY")"
done
check_eq "nothing of those is stored" 0 "$(count chunk-bad)"
OUT=$(printf '%s\n%s\n' "$(ev chunk-ok-1)" "$(ev chunk-ok-2)" |
  curl -s -H 'Content-Type: application/x-ndjson' -H 'Transfer-Encoding: chunked' --data-binary @- "$BASE/events/")
check_eq "a proper chunked batch is taken" 2 "$(jq .accepted <<<"$OUT")"

# --- 3. numbers are never changed, and two events never merge ---
http POST /events/ "${JSONH[@]}" -d "$(ev int-0 ',"data":{"v":0}')"
for big in 18446744073709551616 18446744073709551617 -9223372036854775809 99999999999999999999 -9007199254740993 -8446440737095551616; do
  http POST /events/ "${JSONH[@]}" -d "$(ev "int-$big" ",\"data\":{\"v\":$big}")"
  check_eq "integer $big is refused, not wrapped or rounded" "400 invalid_field" "$STATUS $(json .error.code)"
done
http POST /events/ "${JSONH[@]}" -d "$(ev int-edges ',"data":{"max":18446744073709551615,"min":-9007199254740992,"d":0.1}')"
# (read as text: jq itself would round these to doubles)
check_contains "the integer edges and decimals are stored exactly" '"data":{"d":0.1,"max":18446744073709551615,"min":-9007199254740992}' \
  "$STATUS $(curl -s "$BASE/events/?session_id=int-edges")"

# --- 5. the event size limit holds inside batches too ---
BIG=$(printf '%03000d' 0)
OUT=$(printf '%s\n%s\n' "$(ev batch-small)" "$(ev batch-big ",\"data\":{\"pad\":\"$BIG$BIG\"}")" |
  curl -s -H 'Content-Type: application/x-ndjson' --data-binary @- "$BASE/events/")
check_eq "an event over --max-body inside a batch is refused alone" "1 too_large 1" \
  "$(jq -r '"\(.accepted) \(.rejected[0].error.code) \(.rejected[0].index)"' <<<"$OUT")"

# --- 7. no Content-Length and no chunking: an empty body at once (RFC 9112 §6.3) ---
raw 'POST /events/ HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n'
check_eq "a POST without a length is an empty body, answered at once" "400 invalid_json" \
  "$RAW_STATUS $(jq -r .error.code <<<"$RAW_BODY")"

# --- 8. invalid UTF-8 never breaks a reply ---
printf '{"session_id":"utf\xff\xfe","category":"c","name":"n","data":{"x":1},"bogus\xc3\x28":1}' >"$WORK/bad-utf8.json"
http POST /events/ "${JSONH[@]}" --data-binary @"$WORK/bad-utf8.json"
check_eq "the bad request is refused" 400 "$STATUS"
curl -s "$BASE/errors/?page_size=100" >"$WORK/errors.json"
if iconv -f UTF-8 -t UTF-8 "$WORK/errors.json" >/dev/null 2>&1 && jq -e .count "$WORK/errors.json" >/dev/null; then pass;
else fail "/errors/ is not valid UTF-8 JSON after an invalid-UTF-8 request"; fi
"$EYE" errors --limit 100 >/dev/null 2>"$WORK/err"
check_eq "eye errors reads it" 0 "$?"

# --- 9. one depth limit for ingest and output ---
nest() { local n=$1 open="" close=""; for _ in $(seq 1 "$n"); do open+='{"a":'; close+='}'; done; printf '%s1%s' "$open" "$close"; }
http POST /events/ "${JSONH[@]}" -d "$(ev deep-64 ",\"data\":$(nest 63)")"
check_eq "an event 64 levels deep is taken" 201 "$STATUS"
http POST /events/ "${JSONH[@]}" -d "$(ev deep-65 ",\"data\":$(nest 64)")"
check_eq "one level deeper is refused" "400 invalid_field" "$STATUS $(json .error.code)"
http GET '/events/?session_id=deep-64' -H 'Accept: application/json; indent=4'
check_eq "an indented page holding the deepest event is JSON" "200 1" "$STATUS $(json .count)"
"$EYE" list --session deep-64 >/dev/null 2>"$WORK/err"
check_eq "eye list reads it" "0" "$?"

# --- 10. links come from a validated Host ---
http GET '/events/?page_size=1' -H 'Host:'
check_eq "no Host header: links use the listener's address" "200 http://127.0.0.1:$PORT/events/" \
  "$STATUS $(json .next | cut -d'?' -f1)"
http GET '/events/?page_size=1' -H 'Host: a b'
check_eq "a Host that is no host is not echoed into links" "200 http://127.0.0.1:$PORT/events/" \
  "$STATUS $(json .next | cut -d'?' -f1)"
raw 'GET /events/?page_size=1 HTTP/1.0\r\n\r\n'
check_eq "HTTP/1.0 without Host" 200 "$RAW_STATUS"

# --- 12. the small ones ---
if sqlite_only "the database file's mode"; then
  check_eq "the database is not readable by other users" "640" "$(stat -c %a "$DB")"
fi
raw 'POST /events/ HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n'
check_eq "Content-Length: abc is a JSON 400" "400 bad_request" "$RAW_STATUS $(jq -r .error.code <<<"$RAW_BODY")"
raw 'POST /events/ HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000000000000000000\r\n\r\n'
check_eq "Content-Length: 10^23 is a JSON 400" "400 bad_request" "$RAW_STATUS $(jq -r .error.code <<<"$RAW_BODY")"
raw 'POST /events/ HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcde'
check_eq "two different Content-Lengths are refused" "400 bad_request" "$RAW_STATUS $(jq -r .error.code <<<"$RAW_BODY")"
raw "GET /events/ HTTP/1.1\r\nHost: t\r\nX-Big: $(printf '%020000d' 0)\r\n\r\n"
check_eq "oversized headers get a JSON 400" "400 bad_request" "$RAW_STATUS $(jq -r .error.code <<<"$RAW_BODY")"
raw 'POST /events/ HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\nExpect: 100-continue\r\n\r\n'
check_eq "a body the headers already refuse gets 413, never 100 Continue first" "413" "$RAW_STATUS"
http POST /events/ "${JSONH[@]}" -d '{"session_id":"nul","category":"c","name":"n","bo\u0000gus":1}'
check_eq "a field name with a NUL is refused as such, not cut short" "400 invalid_field" "$STATUS $(json .error.code)"
check_contains "and says so" "NUL" "$(json .error.message)"
http POST /events/ "${JSONH[@]}" -d 'null'
check_contains "a body of null is told what is expected" "expected an object" "$(json .error.message)"
refused_start "$WORK/emptydb.log" --listen 127.0.0.1:0 --socket none --db ''
check_eq "--db '' is a usage error" 2 "$RC"
refused_start "$WORK/uridb.log" --listen 127.0.0.1:0 --socket none --db mysql://u@h/db
check_eq "--db with a URI of another database is a usage error" 2 "$RC"
if [ ! -e "mysql:" ]; then pass; else fail "--db mysql://... created a folder"; fi
# Port 1 on loopback: nothing answers, the refusal comes at once.
refused_start "$WORK/uridb.log" --listen 127.0.0.1:0 --socket none --db postgresql://u:sekrit@127.0.0.1:1/db
check_eq "a PostgreSQL that cannot be reached at start is a start-up error" 1 "$RC"
check_contains "that names it" "cannot open database postgresql://u@127.0.0.1:1/db" "$(cat "$WORK/uridb.log")"
check_eq "and never shows the password" 0 "$(grep -c sekrit "$WORK/uridb.log")"
if [ ! -e "postgresql:" ]; then pass; else fail "--db postgresql://... created a folder"; fi

# --- 11. a damaged database is refused at start, not served as healthy ---
stop_eyed TERM
if sqlite_only "a damaged database file"; then
  cp "$DB" "$WORK/intact.db"
  dd if=/dev/urandom of="$DB" bs=4096 seek=2 count=4 conv=notrunc status=none
  refused_start "$WORK/damaged.log" --listen 127.0.0.1:0 --socket none --db "$DB"
  check_eq "eyed refuses a damaged database" 1 "$RC"
  check_contains "and says why" "damaged" "$(cat "$WORK/damaged.log")"
  cp "$WORK/intact.db" "$DB"
fi
start_eyed

# --- 6. SIGTERM ends even with a slow client connected ---
stop_eyed TERM
start_eyed --header-timeout 60 --request-timeout 60
exec 5<>"/dev/tcp/127.0.0.1/$PORT"
printf 'POST /events/ HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{' >&5
wait_for "the slow upload to be in flight" 5 health_is .body_bytes_in_flight 1
kill -TERM "$EYED_PID"
stopped() { ! kill -0 "$EYED_PID" 2>/dev/null; }
wait_for "eyed to stop within its 5 s grace despite the slow client" 8 stopped
wait "$EYED_PID"
check_eq "and exit 0" 0 "$?"
EYED_PID=""
exec 5>&-

finish
