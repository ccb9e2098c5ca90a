#!/usr/bin/env bash
# Paging that stays correct under ingest: keyset cursors in /events/ and /errors/, and an eye
# export run while another client posts, which sees every event that existed exactly once.
source "$(dirname "$0")/lib.sh"
start_eyed

JSON=(-H 'Content-Type: application/json')
NDJSON=(-H 'Content-Type: application/x-ndjson')

# event SESSION TIMESTAMP: one event line of the unvalidated category "export".
event() { printf '{"session_id":"%s","category":"export","name":"n","timestamp":"%s"}\n' "$1" "$2"; }

# --- following next by hand while newer events arrive between pages ---
for i in $(seq 1 25); do event "hand-$i" "2021-02-01T00:00:$(printf %02d "$i")Z"; done >"$WORK/hand.ndjson"
curl -s "${NDJSON[@]}" --data-binary @"$WORK/hand.ndjson" "$BASE/events/" >/dev/null
SEEN=()
URL="$BASE/events/?category=export&page_size=7"
for round in $(seq 1 10); do
  http GET "${URL#"$BASE"}"
  while read -r id; do SEEN+=("$id"); done < <(json '.results[].id')
  URL=$(json .next)
  [ "$URL" == null ] && break
  # Newer than everything listed so far: with page numbers each would shift a row onto the next page.
  curl -s "${JSON[@]}" -d "$(event "late-$round" "2021-03-01T00:00:0${round}Z")" "$BASE/events/" >/dev/null
done
check_eq "by hand: every event once, none of the late ones" "25 25 1-25" \
  "${#SEEN[@]} $(printf '%s\n' "${SEEN[@]}" | sort -u | wc -l) $(printf '%s\n' "${SEEN[@]}" | sort -n | sed -n '1p;$p' | paste -sd-)"
PREV=$(json .previous)
http GET "${PREV#"$BASE"}"
check_eq "previous from the last page: the page before, newest first" "11 10 9 8 7 6 5" \
  "$(json '[.results[].id] | join(" ")')"

# --- /errors/ pages by cursor too, while refusals arrive ---
for i in $(seq 1 12); do curl -s "${JSON[@]}" -d '{"session_id":"bad"}' "$BASE/events/" >/dev/null; done
http GET '/errors/?page_size=5'
ERRORS=$(json '.results[].id')
NEXT=$(json .next)
check_contains "errors next carries a cursor" "cursor=" "$NEXT"
curl -s "${JSON[@]}" -d '{"session_id":"worse"}' "$BASE/events/" >/dev/null
while [ "$NEXT" != null ]; do
  http GET "${NEXT#"$BASE"}"
  ERRORS+=$'\n'$(json '.results[].id')
  NEXT=$(json .next)
done
check_eq "errors: the twelve once each, the late one not" "12 12 1 12" \
  "$(wc -l <<<"$ERRORS") $(sort -u <<<"$ERRORS" | wc -l) $(sort -n <<<"$ERRORS" | head -1) $(sort -n <<<"$ERRORS" | tail -1)"
"$EYE" errors --limit 0 >"$WORK/errors.ndjson"
check_eq "eye errors --limit 0 walks all of them" 13 "$(jq -s length "$WORK/errors.ndjson")"

# --- eye list --limit 0 while another client posts thousands of events ---
seq 1 20000 | awk '{ printf "{\"session_id\":\"old-%d\",\"category\":\"bulk\",\"name\":\"n\",\"timestamp\":\"2021-01-01T00:00:00.%06dZ\"}\n", $1, $1 }' \
  >"$WORK/old.ndjson"
"$EYE" send --file "$WORK/old.ndjson" 2>/dev/null
BEFORE=$(curl -s "$BASE/events/?page_size=1" | jq .count)
seq 1 "$BEFORE" >"$WORK/existing"  # ids are monotonic: these are every event so far

# The poster: batches of 50 until told to stop, newer (now) and older (2020) than the export's
# rows alike, so that rows arrive both ahead of and behind its position.
(
  batch=0
  while [ ! -e "$WORK/stop" ]; do
    batch=$((batch + 1))
    for i in $(seq 1 25); do
      printf '{"session_id":"new-%d-%d","category":"bulk","name":"n"}\n' "$batch" "$i"
      printf '{"session_id":"back-%d-%d","category":"bulk","name":"n","timestamp":"2020-06-01T00:00:00Z"}\n' "$batch" "$i"
    done >"$WORK/batch.ndjson"
    curl -s "${NDJSON[@]}" --data-binary @"$WORK/batch.ndjson" "$BASE/events/" >/dev/null
  done
) &
POSTER=$!
poster_under_way() { [ "$(curl -s "$BASE/events/?page_size=1" | jq .count)" -gt "$BEFORE" ]; }
wait_for "the poster to be under way" 20 poster_under_way
AT_START=$(curl -s "$BASE/events/?page_size=1" | jq .count)
"$EYE" list --limit 0 >"$WORK/export.ndjson"
check_eq "export exit code" 0 "$?"
AT_END=$(curl -s "$BASE/events/?page_size=1" | jq .count)
touch "$WORK/stop"
wait "$POSTER"

jq .id "$WORK/export.ndjson" | sort -n >"$WORK/exported"
echo "export: $AT_START events at its start, $AT_END at its end, $(wc -l <"$WORK/exported") exported"
if [ "$AT_END" -gt "$AT_START" ]; then pass; else fail "events were posted during the export ($AT_START, then $AT_END)"; fi
check_eq "export: no id twice" 0 "$(uniq -d "$WORK/exported" | wc -l)"
check_eq "export: every event that existed at the start" 0 "$(comm -23 "$WORK/existing" "$WORK/exported" | wc -l)"
finish
