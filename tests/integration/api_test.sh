#!/usr/bin/env bash
# The HTTP API over TCP and the Unix socket: the original README's curl usage, paging, errors.
source "$(dirname "$0")/lib.sh"
start_eyed

EXAMPLE='{"session_id": "e2085be5-9137-4e4e-80b5-f1ffddc25423", "category": "page interaction", "name": "cta click", "data": {"host": "www.consumeraffairs.com", "path": "/", "element": "chat bubble"}, "timestamp": "2021-01-01 09:15:27.243860"}'
JSON=(-H 'Content-Type: application/json')

post() { http POST /events/ "${JSON[@]}" -d "$1"; }

# --- the original README's usage ---
post "$EXAMPLE"
check_eq "POST example status" 201 "$STATUS"
check_eq "POST example reply" '{"id":1,"session_id":"e2085be5-9137-4e4e-80b5-f1ffddc25423","category":"page interaction","name":"cta click","data":{"element":"chat bubble","host":"www.consumeraffairs.com","path":"/"},"timestamp":"2021-01-01T09:15:27.243860Z","app":"anonymous"}' "$BODY"

post '{"session_id": "e2085be5-9137-4e4e-80b5-f1ffddc25423", "category": "page interaction", "name": "pageview", "data": {"host": "www.consumeraffairs.com", "path": "/"}, "timestamp": "2021-01-01 09:15:29.243860"}'
post '{"session_id": "e2085be5-9137-4e4e-80b5-f1ffddc25423", "category": "form interaction", "name": "submit", "data": {"host": "www.consumeraffairs.com", "path": "/", "form": {"first_name": "John", "last_name": "Doe"}}, "timestamp": "2021-06-02T10:00:00Z"}'
check_eq "third event id" 3 "$(json .id)"
post '{"session_id": "other", "category": "page interaction", "name": "pageview", "data": {"host": "h", "path": "/"}, "timestamp": "2021-05-20T00:00:00Z"}'
post '{"session_id": "other", "category": "page interaction", "name": "pageview", "data": {"host": "h", "path": "/"}, "timestamp": "2021-05-20T00:00:00.000001Z"}'

PRETTY=$(curl -s -H 'Accept: application/json; indent=4' "$BASE/events/")
check_eq "pretty list is valid JSON with 5 events" 5 "$(jq .count <<<"$PRETTY")"
check_contains "pretty list is indented by 4" $'\n    "count": 5' "$PRETTY"
check_eq "list is newest first" "3 5 4 2 1" "$(jq -r '[.results[].id] | join(" ")' <<<"$PRETTY")"

http GET /events/3/
check_eq "GET /events/3/ status" 200 "$STATUS"
check_eq "GET /events/3/ name" submit "$(json .name)"
check_eq "nested payload kept" John "$(json .data.form.first_name)"

http GET '/events/?session_id=e2085be5-9137-4e4e-80b5-f1ffddc25423'
check_eq "filter by session" "3 2 1" "$(json '[.results[].id] | join(" ")')"
http GET '/events/?category=form%20interaction'
check_eq "filter by category" "3" "$(json '[.results[].id] | join(" ")')"
http GET '/events/?timestamp_before=2021-05-20'
check_eq "timestamp_before a bare date is inclusive of its midnight" "4 2 1" "$(json '[.results[].id] | join(" ")')"
http GET '/events/?timestamp_after=2021-06-01'
check_eq "timestamp_after a bare date" "3" "$(json '[.results[].id] | join(" ")')"
http GET '/events/?name=pageview&timestamp_after=2021-05-20T00:00:00.000001Z'
check_eq "filter by name and exact time" "5" "$(json '[.results[].id] | join(" ")')"

# --- paging: numbers as in the original API, links by keyset cursor ---
http GET '/events/?page_size=2&category=page%20interaction'
check_eq "page 1 count" 4 "$(json .count)"
check_eq "page 1 rows" "5 4" "$(json '[.results[].id] | join(" ")')"
check_contains "page 1 next carries a cursor" "$BASE/events/?category=page%20interaction&cursor=" "$(json .next)"
check_contains "and keeps page_size" "&page_size=2" "$(json .next)"
check_eq "page 1 previous" null "$(json .previous)"
NEXT=$(json .next)
http GET "${NEXT#"$BASE"}"
check_eq "next: the rows after page 1" "2 1" "$(json '[.results[].id] | join(" ")')"
check_eq "last page next" null "$(json .next)"
PREVIOUS=$(json .previous)
http GET "${PREVIOUS#"$BASE"}"
check_eq "previous: page 1 again" "5 4" "$(json '[.results[].id] | join(" ")')"
check_eq "previous of page 1 is null" null "$(json .previous)"
http GET '/events/?page_size=2&category=page%20interaction&page=2'
check_eq "page=2 is still accepted" "2 1" "$(json '[.results[].id] | join(" ")')"
check_contains "page 2 previous is a cursor" "cursor=" "$(json .previous)"
check_eq "page 2 next" null "$(json .next)"
http GET '/events/?cursor=bm9wZQ'
check_eq "a made-up cursor" "400 invalid_query cursor" "$STATUS $(json .error.code) $(json .error.field)"
http GET "/events/?page=2&cursor=$(jq -rn --arg u "$NEXT" '$u | capture("cursor=(?<c>[^&]*)").c')"
check_eq "page and cursor together" "400 invalid_query cursor" "$STATUS $(json .error.code) $(json .error.field)"
# --- a misspelt parameter is named, never ignored (ignored, it would list everything) ---
http GET '/events/?sesion_id=s1'
check_eq "unknown parameter" "400 invalid_query sesion_id" "$STATUS $(json .error.code) $(json .error.field)"
check_contains "with a suggestion" "did you mean session_id?" "$(json .error.message)"
http GET '/errors/?summary=1&cod=x'
check_eq "unknown parameter on /errors/" "400 invalid_query cod" "$STATUS $(json .error.code) $(json .error.field)"
http GET '/events/1/?verbose=1'
check_eq "a route that takes none" "400 invalid_query verbose" "$STATUS $(json .error.code) $(json .error.field)"
http GET '/errors/?summary=1&code=&app=x&after=2021-01-01'
check_eq "every declared parameter is accepted" 200 "$STATUS"
NEXT=$(curl -s -H 'Host: eye.example.org:8080' "$BASE/events/?page_size=1" | jq -r .next)
check_contains "next uses the request's Host" "http://eye.example.org:8080/events/?cursor=" "$NEXT"
http GET '/events/?page=4&page_size=2'
check_eq "page past the end" 404 "$STATUS"
check_eq "page past the end code" not_found "$(json .error.code)"
http GET '/events/?session_id=nobody'
check_eq "empty first page is fine" "200 0" "$STATUS $(json .count)"
http GET '/events/?page=0'
check_eq "page=0" "400 invalid_query page" "$STATUS $(json .error.code) $(json .error.field)"
http GET '/events/?timestamp_after=yesterday'
check_eq "bad time filter" "400 invalid_query timestamp_after" "$STATUS $(json .error.code) $(json .error.field)"

# --- errors ---
post '{"session_id": "s", "category": '
check_eq "malformed JSON" "400 invalid_json 400" "$STATUS $(json .error.code) $(json .status_code)"
post '{"category": "c", "name": "n"}'
check_eq "missing field" "400 missing_field session_id" "$STATUS $(json .error.code) $(json .error.field)"
post '{"session_id": "s", "category": "c", "name": 5}'
check_eq "wrong type" "400 invalid_field name" "$STATUS $(json .error.code) $(json .error.field)"
post '{"session_id": "s", "category": "c", "name": "n", "data": [1]}'
check_eq "data not an object" "400 invalid_field data" "$STATUS $(json .error.code) $(json .error.field)"
post '{"session_id": "s", "category": "c", "name": "n", "timestamp": "2021-02-30 10:00:00"}'
check_eq "impossible timestamp" "400 invalid_field timestamp" "$STATUS $(json .error.code) $(json .error.field)"
post '{"session_id": "s", "category": "c", "name": "n", "colour": "red"}'
check_eq "unknown field" "400 unexpected_field colour" "$STATUS $(json .error.code) $(json .error.field)"
http POST /events/ -H 'Content-Type: application/xml' -d "$EXAMPLE"
check_eq "wrong content type" "415 unsupported_media_type" "$STATUS $(json .error.code)"
head -c 1100000 /dev/zero | tr '\0' ' ' >"$WORK/big.json"
http POST /events/ "${JSON[@]}" --data-binary @"$WORK/big.json"
check_eq "body over 1 MiB" "413 too_large" "$STATUS $(json .error.code)"
http GET /nowhere
check_eq "unknown path" "404 not_found" "$STATUS $(json .error.code)"
http GET /events/abc/
check_eq "non-numeric id" "404 not_found" "$STATUS $(json .error.code)"
http GET /events/999/
check_eq "unknown id" "404 not_found" "$STATUS $(json .error.code)"
HEADERS=$(curl -s -D - -o /dev/null -X DELETE "$BASE/events/")
check_contains "wrong method is 405" "HTTP/1.1 405" "$HEADERS"
check_contains "405 names what is allowed" "Allow: GET, HEAD, POST" "$HEADERS"
check_contains "errors are JSON" "Content-Type: application/json" "$HEADERS"
HEADERS=$(curl -s -D - -o /dev/null -X PUT "$BASE/events/1/")
check_contains "405 on an event" "Allow: GET, HEAD" "$HEADERS"
# HEAD is GET without the body (RFC 9110): the same status and length, nothing after the headers.
GET_LENGTH=$(curl -s -D - -o /dev/null "$BASE/events/?page_size=2" | tr -d '\r' | sed -n 's/^Content-Length: //p')
HEAD_REPLY=$(curl -s -I -m 5 "$BASE/events/?page_size=2" | tr -d '\r')
check_eq "HEAD /events/: 200 with GET's Content-Length" "200 $GET_LENGTH" \
  "$(head -1 <<<"$HEAD_REPLY" | cut -d' ' -f2) $(sed -n 's/^Content-Length: //p' <<<"$HEAD_REPLY")"
check_eq "HEAD on a path with no GET is 405" "405" \
  "$(curl -s -o /dev/null -w '%{http_code}' -I --unix-socket "$SOCK" http://eye/admin/reload)"
# Two HEADs then a GET on one kept-alive connection: each reply framed by its headers alone.
exec 7<>"/dev/tcp/127.0.0.1/$PORT"
printf 'HEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\nHEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\nGET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n' >&7
RAW=$(timeout 5 cat <&7 | tr -d '\r')
exec 7>&-
check_eq "HEAD, HEAD, GET kept alive: three replies" "3" "$(grep -c '^HTTP/1.1 200' <<<"$RAW")"
check_eq "and only the GET has a body" "1" "$(grep -c '"status"' <<<"$RAW")"
# A follower's HEAD gets the stream's headers and ends at once instead of following.
check_eq "HEAD /events/stream ends at once" "200" "$(curl -s -o /dev/null -m 5 -w '%{http_code}' -I "$BASE/events/stream")"

# --- without trailing slashes, and the health check ---
http GET /events
check_eq "no trailing slash" 200 "$STATUS"
http GET /events/1
check_eq "event without trailing slash" 1 "$(json .id)"
http GET /healthz
check_eq "healthz" "200 ok running 5" "$STATUS $(json .status) $(json .state) $(json .events)"

# --- replies carry a correct Content-Length, and keep-alive reuses the connection ---
LEN=$(curl -s -D - -o "$WORK/one" "$BASE/events/1/" | tr -d '\r' | sed -n 's/^Content-Length: //p')
check_eq "Content-Length matches the body" "$(stat -c %s "$WORK/one")" "$LEN"
VERBOSE=$(curl -sv "$BASE/events/1/" "$BASE/events/2/" 2>&1 >/dev/null)
check_contains "keep-alive" "Re-using existing connection" "$VERBOSE"

# --- the same API over the Unix socket ---
UNIX=$(curl -s --unix-socket "$SOCK" http://eye/events/1/)
check_eq "GET over the socket" 1 "$(jq .id <<<"$UNIX")"
UNIX=$(curl -s --unix-socket "$SOCK" -H 'Content-Type: application/json' \
  -d '{"session_id":"u","category":"c","name":"n","timestamp":"2021-01-02T00:00:00Z"}' http://eye/events/)
check_eq "POST over the socket" 6 "$(jq .id <<<"$UNIX")"
UNIX=$(curl -s --unix-socket "$SOCK" 'http://eye/events/?page_size=1')
check_contains "socket paging link" "http://eye/events/?cursor=" "$(jq -r .next <<<"$UNIX")"

# --- a repeat is stored once and answered with the original id ---
post "$EXAMPLE"
check_eq "duplicate status" 200 "$STATUS"
check_eq "duplicate answer" "1 true" "$(json .id) $(json .duplicate)"
post '{"session_id": "e2085be5-9137-4e4e-80b5-f1ffddc25423", "category": "page interaction", "name": "cta click", "timestamp": "2021-01-01T09:15:27.243860Z", "data": {"element": "chat bubble", "path": "/", "host": "www.consumeraffairs.com"}}'
check_eq "same event, other key order and time form" "1 true" "$(json .id) $(json .duplicate)"

# --- page sizes: full pages hold exactly their size; page_size is capped at 1,000 ---
# 1,100 events (one NDJSON batch), so that a page over the cap has more rows to give than it may.
seq 1 1100 | sed 's/.*/{"session_id":"cap","category":"cap","name":"n","data":{"i":&},"timestamp":"2021-03-01T00:00:00Z"}/' \
  >"$WORK/cap.ndjson"
http POST /events/ -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/cap.ndjson"
check_eq "1,100 events in one batch" "200 1100" "$STATUS $(json .accepted)"
http GET '/events/?category=cap'
check_eq "a full default page holds 10 rows" "200 1100 10" "$STATUS $(json .count) $(json '.results | length')"
http GET '/events/?category=cap&page_size=1000'
check_eq "a full page of 1,000" "200 1000" "$STATUS $(json '.results | length')"
http GET '/events/?category=cap&page_size=5000'
check_eq "page_size=5000 is capped at 1,000 rows" "200 1100 1000" "$STATUS $(json .count) $(json '.results | length')"
check_eq "the capped page is the newest 1,000" "1100 101" "$(json '.results[0].data.i') $(json '.results[-1].data.i')"
http GET '/events/?category=cap&page_size=5000&page=2'
check_eq "and its second page holds the other 100" "200 100" "$STATUS $(json '.results | length')"
# --- curl -d strips newlines: NDJSON run together gets a hint at --data-binary ---
printf '{"session_id":"j1","category":"c","name":"n"}\n{"session_id":"j2","category":"c","name":"n"}\n' >"$WORK/two.ndjson"
http POST /events/ -H 'Content-Type: application/json' -d @"$WORK/two.ndjson"
check_eq "joined objects as one event" "400 invalid_json" "$STATUS $(json .error.code)"
check_contains "hint at --data-binary" "curl -d strips newlines, send NDJSON with --data-binary" "$(json .error.message)"
http POST /events/ -H 'Content-Type: application/x-ndjson' -d @"$WORK/two.ndjson"
check_contains "the same hint in a batch" "--data-binary" "$(json '.rejected[0].error.message')"
http POST /events/ -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/two.ndjson"
check_eq "with --data-binary both are stored" "2 0" "$(json .accepted) $(json '.rejected | length')"
http POST /events/ -H 'Content-Type: application/json' -d '{"session_id": "x", "data": {"t": "}{"'
if [[ "$(json .error.message)" == *data-binary* ]]; then fail "no hint for }{ inside a string"; else pass; fi

finish
