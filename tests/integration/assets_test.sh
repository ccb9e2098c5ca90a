#!/usr/bin/env bash
# The files eyed serves from its binary: the tracker's size budget, gzip only when asked,
# ETag revalidation, caching headers; no key needed even with auth on.
source "$(dirname "$0")/lib.sh"
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"
start_eyed --auth

# curl leaves the output file alone when no body comes, so it starts from none.
headers() { rm -f "$WORK/asset"; curl -s -D - -o "$WORK/asset" "$@"; touch "$WORK/asset"; }

H=$(headers -H 'Accept-Encoding: gzip' "$BASE/eye.js")
check_contains "the tracker needs no key" "HTTP/1.1 200" "$H"
check_contains "gzip'd when asked" "Content-Encoding: gzip" "$H"
check_contains "as JavaScript" "Content-Type: text/javascript; charset=utf-8" "$H"
check_contains "cached for a while" "Cache-Control: public, max-age=300" "$H"
check_contains "varying by encoding" "Vary: Accept-Encoding" "$H"
GZ_BYTES=$(stat -c %s "$WORK/asset")
echo "eye.js: $GZ_BYTES bytes gzip'd"
if [ "$GZ_BYTES" -lt 2048 ]; then pass; else fail "eye.js is $GZ_BYTES bytes gzip'd, over 2 KB"; fi
gzip -dc "$WORK/asset" >"$WORK/eye.js"
check_eq "the gzip'd body is the tracker" 0 "$(grep -c 'window.eye' "$WORK/eye.js" >/dev/null; echo $?)"

H=$(headers "$BASE/eye.js")
if [[ "$H" == *Content-Encoding* ]]; then fail "gzip sent to a client that did not ask"; else pass; fi
check_eq "plain when not asked" "$(cat "$WORK/eye.js")" "$(cat "$WORK/asset")"
H=$(headers -H 'Accept-Encoding: gzip;q=0, identity' "$BASE/eye.js")
if [[ "$H" == *Content-Encoding* ]]; then fail "gzip;q=0 still got gzip"; else pass; fi
ETAG=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' <<<"$H")
if [[ "$ETAG" =~ ^\"[0-9a-f]{16}\"$ ]]; then pass; else fail "an ETag: [$ETAG]"; fi
# Comment lines and indentation go; the code stays.
check_eq "no comment lines in what is served" 0 "$(grep -c '^//' "$WORK/asset")"
check_contains "the code is all there" "pagehide" "$(cat "$WORK/asset")"

H=$(headers -H "If-None-Match: $ETAG" "$BASE/eye.js")
check_contains "revalidation with the ETag is 304" "HTTP/1.1 304" "$H"
check_eq "with no body" 0 "$(stat -c %s "$WORK/asset")"
H=$(headers -H 'If-None-Match: "0000000000000000"' "$BASE/eye.js")
check_contains "another ETag gets the file" "HTTP/1.1 200" "$H"

# --- the dashboard: its files need no key, and the whole page is under 150 KB gzip'd ---
TOTAL=0
for file in "" app.js chart.js style.css; do
  H=$(headers -H 'Accept-Encoding: gzip' "$BASE/ui/$file")
  check_contains "/ui/$file needs no key" "HTTP/1.1 200" "$H"
  check_contains "/ui/$file is revalidated on each load" "Cache-Control: no-cache" "$H"
  check_contains "/ui/$file runs only its own scripts" "Content-Security-Policy: default-src 'self'" "$H"
  TOTAL=$((TOTAL + $(stat -c %s "$WORK/asset")))
done
echo "the dashboard: $TOTAL bytes gzip'd"
if [ "$TOTAL" -lt $((150 * 1024)) ]; then pass; else fail "the dashboard is $TOTAL bytes gzip'd, over 150 KB"; fi
check_contains "/ui/ is the page" "<title>The Eye</title>" "$(curl -s "$BASE/ui/")"
http GET '/ui/?range=custom&from=2021-06-01T00:00&to=2021-06-02T00:00&app=web&category=c'
check_eq "the page takes its view's parameters" 200 "$STATUS"
http GET '/ui/?rnage=7d'
check_eq "and no others" "400 invalid_query" "$STATUS $(json .error.code)"
H=$(headers "$BASE/ui?range=7d")
check_contains "/ui is sent to /ui/, where the page's relative paths work" "HTTP/1.1 301" "$H"
check_contains "keeping the view, and relative for a proxy's prefix" "Location: ui/?range=7d" "$H"
check_contains "curl -L gets the page" "<title>The Eye</title>" "$(curl -sL "$BASE/ui")"
http GET /ui/nothing.js
check_eq "an unknown file" "404 not_found" "$STATUS $(json .error.code)"

http POST /eye.js
check_eq "the tracker is GET (and HEAD) only" "405 GET, HEAD" "$STATUS $(sed -n 's/^Allow: //p' <<<"$(curl -s -D - -o /dev/null -X POST "$BASE/eye.js")" | tr -d '\r')"

finish
