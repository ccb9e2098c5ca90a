#!/usr/bin/env bash
# Sessions and stats over the wire: a session posted out of order comes back in order; /stats/
# totals equal /events/ counts for random filters and ranges, through duplicates, refused
# events and a kill -9; day buckets follow a zone's DST; eye sessions, session and stats.
source "$(dirname "$0")/lib.sh"
start_eyed

NDJSON=(-H 'Content-Type: application/x-ndjson')

# --- one session, posted out of order ---
for at in "10:00:05" "10:00:01" "10:00:09" "10:00:03"; do
  http POST /events/ -H 'Content-Type: application/json' \
    -d "{\"session_id\":\"ooo\",\"category\":\"page interaction\",\"name\":\"pageview\",\"data\":{\"host\":\"h\",\"path\":\"/at-$at\"},\"timestamp\":\"2021-05-01T$at.250000Z\"}"
done
http POST /events/ -H 'Content-Type: application/json' \
  -d '{"session_id":"ooo","category":"page interaction","name":"pageview","data":{"host":"h","path":"/at-10:00:01"},"timestamp":"2021-05-01T10:00:01.250000Z"}'
check_eq "a repeat is answered as a duplicate" 200 "$STATUS"
http GET /sessions/ooo/
check_eq "the timeline is in the order the events happened" \
  "10:00:01 10:00:03 10:00:05 10:00:09" "$(json '[.events[].timestamp[11:19]] | join(" ")')"
check_eq "the summary" "4 8 /at-10:00:01 /at-10:00:09 2021-05-01T10:00:01.250000Z" \
  "$(json '[.summary.events, .summary.duration_s, .summary.entry, .summary.exit, .summary.first_seen] | join(" ")')"
check_eq "the summary's types" "page interaction/pageview=4" "$(json '[.summary.types[] | "\(.category)/\(.name)=\(.events)"] | join(",")')"
http GET '/sessions/ooo/?page_size=3'
NEXT=$(json .next)
check_eq "a long timeline is paged" "3" "$(json '.events | length')"
http GET "${NEXT#"$BASE"}"
check_eq "its next page holds the rest" "10:00:09 null" "$(json '.events[0].timestamp[11:19]') $(json .next)"
http GET '/sessions/ooo/?cursor=nonsense'
check_eq "a malformed cursor" "400 invalid_query cursor" "$STATUS $(json .error.code) $(json .error.field)"
http GET /sessions/nobody/
check_eq "an unknown session" "404 not_found" "$STATUS $(json .error.code)"
check_eq "eye session shows the timeline with offsets" "0 2 4 8" \
  "$("$EYE" session ooo --format ndjson | jq -r .offset_s | tr '\n' ' ' | sed 's/ $//')"
check_contains "eye session's table" "+8.000s" "$("$EYE" session ooo --format table)"

# --- many events over a few days: random types, apps, times; then duplicates and refusals ---
awk -v seed=9 'BEGIN {
  srand(seed); split("pageview,cta click,form submit", names, ",")
  for (i = 0; i < 400; i++) {
    t = 1622505600 + int(rand() * 4 * 86400)  # 2021-06-01 + up to 4 days
    printf "{\"session_id\":\"r%d\",\"category\":\"%s\",\"name\":\"%s\",\"data\":{\"i\":%d},\"timestamp\":\"%s.%06dZ\"}\n",
      i % 23, (i % 2 ? "shop" : "form"), names[1 + i % 3], i,
      strftime("%Y-%m-%dT%H:%M:%S", t, 1), int(rand() * 1000000)
  }}' >"$WORK/random.ndjson"
http POST /events/ "${NDJSON[@]}" --data-binary @"$WORK/random.ndjson"
check_eq "the random batch" "400 0" "$(json .accepted) $(json .duplicates)"
head -50 "$WORK/random.ndjson" >"$WORK/again.ndjson"
echo '{"session_id":"r1","category":"form","name":"pageview","timestamp":"2999-01-01T00:00:00Z"}' >>"$WORK/again.ndjson"
http POST /events/ "${NDJSON[@]}" --data-binary @"$WORK/again.ndjson"
check_eq "duplicates and a refused event" "0 50 1" "$(json .accepted) $(json .duplicates) $(json '.rejected | length')"

RANDOM=9
times=(2021-06-01 2021-06-01T03:07:11.5Z 2021-06-01T23:59:59.999999Z 2021-06-02T12:00:00Z 2021-06-02T12:14:59.999999Z
       2021-06-02T12:15:00Z 2021-06-03T00:07:00%2B05:45 2021-06-03T18:31:02.123456Z 2021-06-04 2021-06-05T00:00:00Z)
filters=("" "category=form" "name=cta%20click" "category=shop&name=form%20submit" "app=anonymous" "app=nobody")
buckets=(minute hour day week month)
agree=0
for round in $(seq 1 24); do
  a=${times[RANDOM % 10]}; b=${times[RANDOM % 10]}
  f=${filters[RANDOM % 6]}; bucket=${buckets[RANDOM % 5]}
  [ "$bucket" == minute ] && b=$a  # keep minute replies under the point limit
  http GET "/events/?page_size=1&timestamp_after=$a&timestamp_before=$b&$f"
  listed=$(json .count)
  http GET "/stats/?bucket=$bucket&by=type&tz=Asia/Kathmandu&after=$a&before=$b&$f"
  if [ "$STATUS" == 200 ] && [ "$(json .total)" == "$listed" ] && [ "$(json '[.series[].points[][1]] | add // 0')" == "$listed" ]; then
    agree=$((agree + 1))
  else
    fail "stats for $a..$b $f ($bucket): $STATUS $(json .total) != events $listed"
  fi
done
check_eq "stats totals equal the listed counts" 24 "$agree"

http GET '/stats/?bucket=day&tz=Europe/Berlin&after=2021-10-30&before=2021-11-01T12:00:00Z'
check_eq "Berlin's day buckets across the DST change" \
  "2021-10-30T00:00:00+02:00 2021-10-31T00:00:00+02:00 2021-11-01T00:00:00+01:00" \
  "$(json '[.series[0].points[][0]] | join(" ")')"
http GET '/stats/?bucket=hour&after=2021-06-01&before=2021-06-02'
check_eq "without by: one series, every hour present" "null 25" "$(json '.series[0].key') $(json '.series[0].points | length')"
http GET '/stats/?bucket=minute&after=2021-01-01&before=2021-02-01'
check_eq "over 10,000 points" "400 invalid_query" "$STATUS $(json .error.code)"
check_contains "the refusal names the limit" "10000" "$(json .error.message)"
http GET '/stats/?tz=Mars/Olympus'
check_eq "an unknown zone" "400 invalid_query tz" "$STATUS $(json .error.code) $(json .error.field)"
http GET '/stats/?by=colour'
check_eq "an unknown by" "400 invalid_query by" "$STATUS $(json .error.code) $(json .error.field)"

# --- sessions list, filters, and eye ---
http GET '/sessions/?category=form&page_size=100'
check_eq "sessions having a form event" \
  "$(curl -s "$BASE/events/?category=form&page_size=1000" | jq -r '[.results[].session_id] | unique | length')" "$(json .count)"
http GET '/sessions/?page_size=2'
check_eq "sessions, last seen first" "true" "$(json '.results[0].last_seen >= .results[1].last_seen')"
FIRST_TWO=$(json '[.results[].session_id] | join(",")')
TOTAL=$(json .count)
check_contains "the sessions list pages by number" "page=2&page_size=2" "$(json .next)"
curl -s "$(json .next)" >"$WORK/page2.json"
check_eq "its second page holds other sessions" "false" \
  "$(jq --arg first "$FIRST_TWO" '[.results[].session_id] | any(. as $s | $first | split(",") | index($s))' "$WORK/page2.json")"
check_contains "and links back to the first" "page=1" "$(jq -r .previous "$WORK/page2.json")"
http GET "/sessions/?page_size=2&page=$(( (TOTAL + 1) / 2 ))"
check_eq "the last page has no next" "200 null" "$STATUS $(json .next)"
http GET '/sessions/?cursor=abc'
check_eq "a cursor is refused on the sessions list" "400 invalid_query" "$STATUS $(json .error.code)"
check_eq "eye sessions --app" "1" "$("$EYE" sessions --after 2021-05-01 --before 2021-05-02 --format ndjson | jq -s length)"
check_eq "eye stats rows, as CSV" "key,start,events|form,2021-06-01T00:00:00+00:00,$(curl -s "$BASE/events/?category=form&timestamp_after=2021-06-01&timestamp_before=2021-06-01T23:59:59.999999Z" | jq .count)" \
  "$("$EYE" stats --by category --category form --bucket day --after 2021-06-01 --before 2021-06-01T23:59:59.999999Z --format csv | tr '\n' '|' | sed 's/|$//')"

# --- after kill -9 the counts still agree ---
posters=()
for i in $(seq 1 20); do
  curl -s -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"session_id\":\"k$i\",\"category\":\"kill\",\"name\":\"n\",\"timestamp\":\"2021-07-01T00:00:$(printf %02d "$i")Z\"}" "$BASE/events/" &
  posters+=($!)
done
wait "${posters[@]}"
stop_eyed KILL
start_eyed
http GET '/events/?page_size=1&category=kill'
listed=$(json .count)
http GET '/stats/?category=kill'
check_eq "stats after kill -9" "$listed" "$(json .total)"
http GET '/sessions/?page_size=1'
check_eq "session count after kill -9" "$(curl -s "$BASE/events/?page_size=1000" | jq -r '[.results[].session_id] | unique | length')" "$(json .count)"

finish
