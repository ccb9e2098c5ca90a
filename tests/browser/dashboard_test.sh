#!/usr/bin/env bash
# The dashboard in a real browser (dashboard_test.mjs): against a daemon holding known events,
# what the page shows equals the API's answers; the live feed shows an event posted after
# load; screenshots at 1280 and 375 px go to the build folder for a person to look at.
source "$(dirname "$0")/../integration/lib.sh"
: "${NODE_DIR:?set NODE_DIR to where npm_setup.sh installed puppeteer-core}" "${BUILD_DIR:?set BUILD_DIR}"

start_eyed --auth
WEB_KEY=$("$EYE" apps add web 2>/dev/null)
MOBILE_KEY=$("$EYE" apps add mobile --scope ingest 2>/dev/null)
READ_KEY=$("$EYE" apps add analyst --scope read 2>/dev/null)
check_eq "keys for the test" "68 68 68" "${#WEB_KEY} ${#MOBILE_KEY} ${#READ_KEY}"

SHOTS="$BUILD_DIR/browser/screenshots"
mkdir -p "$SHOTS"
# A zone with an offset and DST, for the browser and for node alike.
TZ=Europe/Berlin BASE="$BASE" WEB_KEY="$WEB_KEY" MOBILE_KEY="$MOBILE_KEY" READ_KEY="$READ_KEY" SHOTS="$SHOTS" \
  timeout -k 5 100 node "$(dirname "$0")/dashboard_test.mjs" >"$WORK/node.out" 2>&1
NODE_STATUS=$?
cat "$WORK/node.out"
check_eq "the browser test ran to its end" 0 "$NODE_STATUS"
CHECKS=$((CHECKS + $(grep -c '^ok: ' "$WORK/node.out") + $(grep -c '^FAIL: ' "$WORK/node.out")))
FAILURES=$((FAILURES + $(grep -c '^FAIL: ' "$WORK/node.out")))
for width in 1280 1280-dark 375; do
  if [ -s "$SHOTS/dashboard-$width.png" ]; then pass; else fail "no screenshot at $width px in $SHOTS"; fi
done

# Loopback without keys, as `make run` runs: no key is asked for.
stop_eyed TERM
start_eyed
"$EYE" send --session s --category c --name n >/dev/null
MODE=no-auth BASE="$BASE" timeout -k 5 60 node "$(dirname "$0")/dashboard_test.mjs" >"$WORK/node.out" 2>&1
check_eq "the no-auth browser check ran to its end" 0 "$?"
cat "$WORK/node.out"
CHECKS=$((CHECKS + $(grep -c '^ok: ' "$WORK/node.out") + $(grep -c '^FAIL: ' "$WORK/node.out")))
FAILURES=$((FAILURES + $(grep -c '^FAIL: ' "$WORK/node.out")))

finish
