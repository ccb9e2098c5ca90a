#!/usr/bin/env bash
# A page's count past 10,000 matches of a filter: capped and said so (count_exact false), while
# page numbers still reach every row and end where the rows do, an unfiltered count stays
# exact, and eye list tells a capped total from an exact one.
source "$(dirname "$0")/lib.sh"
start_eyed

# wide N FIRST: N events of category "wide" (data.i from FIRST), one NDJSON line each.
wide() { seq "$2" $(($2 + $1 - 1)) | sed 's/.*/{"session_id":"w","category":"wide","name":"n","data":{"i":&},"timestamp":"2021-03-01T00:00:00Z"}/'; }
for batch in $(seq 0 9); do
  wide 1000 $((batch * 1000 + 1)) >"$WORK/batch.ndjson"
  http POST /events/ -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/batch.ndjson"
  [ "$(json .accepted)" == 1000 ] || fail "batch $batch: $STATUS $BODY"
done
http GET '/events/?category=wide&page_size=1'
check_eq "10,000 matches: counted exactly" "200 10000 true" "$STATUS $(json .count) $(json .count_exact)"

wide 1 10001 >"$WORK/batch.ndjson"
http POST /events/ -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/batch.ndjson"
for second in 0 1; do
  printf '{"session_id":"n","category":"narrow","name":"n","timestamp":"2021-03-02T00:00:0%sZ"}\n' "$second"
done >"$WORK/narrow.ndjson"
http POST /events/ -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/narrow.ndjson"
check_eq "two narrow events stored" "200 2" "$STATUS $(json .accepted)"

http GET '/events/?category=wide'
check_eq "10,001 matches: the count stops at 10,000 and says so" "200 10000 false 10" \
  "$STATUS $(json .count) $(json .count_exact) $(json '.results | length')"
http GET '/events/?category=narrow'
check_eq "a small filter is counted exactly" "200 2 true" "$STATUS $(json .count) $(json .count_exact)"
http GET '/events/'
check_eq "without a filter the count is exact" "200 10003 true" "$STATUS $(json .count) $(json .count_exact)"

# Page numbers go by the rows, not by the capped count: 10,001 rows are 1,001 pages of 10.
http GET '/events/?category=wide&page=1001'
check_eq "the last page, past the capped count, has the last row" "200 1 1" "$STATUS $(json '.results | length') $(json '.results[0].data.i')"
check_eq "and no next" null "$(json .next)"
http GET '/events/?category=wide&page=1002'
check_eq "a page past the last row is 404" "404 not_found" "$STATUS $(json .error.code)"

# Following next from the first page reaches every row once.
"$EYE" list --category wide --limit 0 --format ndjson >"$WORK/all.ndjson"
check_eq "eye list follows next through every row" "10001 10001" \
  "$(wc -l <"$WORK/all.ndjson") $(jq .data.i "$WORK/all.ndjson" | sort -u | wc -l)"
COLUMNS=200 "$EYE" list --category wide --limit 2 --format table >"$WORK/table" </dev/null
check_eq "eye list says the total is more than the cap" "2 of more than 10,000 shown" "$(tail -1 "$WORK/table")"
COLUMNS=200 "$EYE" list --category narrow --limit 1 --format table >"$WORK/table" </dev/null
check_eq "and an exact total as it is" "1 of 2 shown" "$(tail -1 "$WORK/table")"

finish
