#!/usr/bin/env bash
# The browser tracker in a real browser: Debian's chromium, driven by puppeteer-core
# (tracker_test.mjs), loads /eye.js from a real eyed into pages served from another origin by a
# small local server; then every event must be stored exactly once with the right types,
# session and app, and a page on an unregistered origin must be refused.
source "$(dirname "$0")/../integration/lib.sh"
: "${NODE_DIR:?set NODE_DIR to where npm_setup.sh installed puppeteer-core}"

start_eyed --auth

# The pages' server: any free port; python prints the one it got.
PAGES="$WORK/pages"
mkdir -p "$PAGES"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$PAGES" >"$WORK/pages.log" 2>&1 &
PAGES_PID=$!
trap 'kill "$PAGES_PID" 2>/dev/null; cleanup' EXIT
pages_port() { PAGES_PORT=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$WORK/pages.log" | head -1); [ -n "$PAGES_PORT" ]; }
wait_for "the pages' server to start" 20 pages_port || exit 1

# The page runs on http://127.0.0.1:PORT; http://localhost:PORT is the same server on another
# origin, registered for no app.
KEY=$("$EYE" apps add web --scope ingest --origin "http://127.0.0.1:$PAGES_PORT" 2>/dev/null)
READ_KEY=$("$EYE" apps add analyst --scope read 2>/dev/null)
check_eq "an ingest key for the page" 68 "${#KEY}"

TAG="<script defer src=\"$BASE/eye.js\" data-key=\"$KEY\" data-app=\"web\"></script>"
cat >"$PAGES/index.html" <<HTML
<!doctype html><html><head><meta charset="utf-8"><title>shop</title>$TAG</head><body>
<button id="cta" data-eye-click="signup button"><span>Sign up</span></button>
<form id="signup" data-eye-form="signup" action="/done.html" method="get">
  <input name="first_name" value=""><input name="email" type="email" value="">
  <input name="secret" type="password" value=""><button type="submit" id="send">Send</button>
</form></body></html>
HTML
cat >"$PAGES/done.html" <<HTML
<!doctype html><html><head><meta charset="utf-8"><title>done</title>$TAG</head><body>thanks</body></html>
HTML
# A form that asks for its values to be sent too.
sed 's/data-eye-form="signup"/data-eye-form="signup" data-eye-values/' "$PAGES/index.html" >"$PAGES/values.html"
# Tracking refused: data-respect-dnt, and the browser sends Global Privacy Control.
sed 's/data-app="web"/data-app="web" data-respect-dnt/' "$PAGES/index.html" >"$PAGES/dnt.html"

BASE="$BASE" PAGES="http://127.0.0.1:$PAGES_PORT" OTHER="http://localhost:$PAGES_PORT" READ_KEY="$READ_KEY" \
  NODE_PATH="$NODE_DIR/node_modules" timeout -k 5 100 node "$(dirname "$0")/tracker_test.mjs" >"$WORK/node.out" 2>&1
NODE_STATUS=$?
cat "$WORK/node.out"
check_eq "the browser test ran to its end" 0 "$NODE_STATUS"
# Each line "ok: ..." or "FAIL: ..." is one check of the browser test.
CHECKS=$((CHECKS + $(grep -c '^ok: ' "$WORK/node.out") + $(grep -c '^FAIL: ' "$WORK/node.out")))
FAILURES=$((FAILURES + $(grep -c '^FAIL: ' "$WORK/node.out")))

finish
