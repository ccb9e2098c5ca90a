#!/usr/bin/env bash
# Reads are memory-bounded: twenty events of about 1 MiB each, all of one session (stored
# through batches, with --max-body raised to take them), listed with page_size=1000 and indent=4
# by four readers at once, then read as the session's timeline the same way. A page ends once
# its events pass 8 MiB and `next` goes on from there, so eyed's peak RSS stays bounded (before,
# each reader held the whole 20 MiB page several times over and parsed it into values to indent
# it: hundreds of MiB), and following `next` still gives every event exactly once. `eye list`
# and `eye session` walk the shortened pages too.
source "$(dirname "$0")/lib.sh"
EVENTS=20
READERS=4
LIMIT_MIB=300

start_eyed --max-body 2000000

# Each event's data is an array of 105,000 numbers (~1 MiB as text): parsed into values, as
# indenting used to do, every number costs tens of bytes; laid out as text, nothing.
python3 - "$WORK" "$EVENTS" <<'PY'
import json, sys
work, count = sys.argv[1], int(sys.argv[2])
numbers = ",".join(["123456789"] * 105000)
for batch in range(count // 5):
    with open(f"{work}/batch{batch}.ndjson", "w") as out:
        for i in range(5):
            n = batch * 5 + i
            out.write('{"session_id":"big","category":"big","name":"n","data":{"n":%d,"v":[%s]}}\n'
                      % (n, numbers))
PY
for f in "$WORK"/batch*.ndjson; do
  http POST /events/ -H 'Content-Type: application/x-ndjson' --data-binary "@$f"
  check_eq "a batch of five ~1 MiB events is accepted whole" "200 5" "$STATUS $(json .accepted)"
done

# What storing cost is not what this test is about: each reading's peak is measured from its
# start (writing 5 to clear_refs resets VmHWM to the current RSS).
hwm_mib() { awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$EYED_PID/status"; }

# reader NAME PATH ROWS: follows `next` from PATH's first page to the end, indented; writes the
# ids of the events it saw (each page's ROWS member), one a line, and the number of pages.
reader() {
  python3 - "$BASE$2" "$3" "$WORK/$1" <<'PY'
import json, sys, urllib.request
url, rows, out = sys.argv[1], sys.argv[2], sys.argv[3]
ids, pages = [], 0
while url:
    request = urllib.request.Request(url, headers={"Accept": "application/json; indent=4"})
    with urllib.request.urlopen(request, timeout=60) as reply:
        page = json.load(reply)
    pages += 1
    ids += [event["id"] for event in page[rows]]
    url = page["next"]
with open(out, "w") as f:
    f.write("\n".join(map(str, ids)) + "\n")
with open(out + ".pages", "w") as f:
    f.write(str(pages))
PY
}
# read_at_once NAME PATH FIELD: READERS readers page through PATH at once (their ids in
# $WORK/NAME1..N); eyed's peak RSS meanwhile must stay under LIMIT_MIB.
read_at_once() {
  local name=$1 path=$2 field=$3 r p pids=() before after
  echo 5 >"/proc/$EYED_PID/clear_refs"
  before=$(hwm_mib)
  for r in $(seq 1 "$READERS"); do
    reader "$name$r" "$path" "$field" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do
    wait "$p" || fail "a $name reader failed"
  done
  after=$(hwm_mib)
  echo "eyed peak RSS while $READERS $name readers read: $after MiB (at the start of reading: $before MiB)"
  # Under a sanitizer RSS measures the sanitizer (ASan keeps freed memory in quarantine, TSan
  # shadows every byte), not eyed: the bound holds for the plain build only.
  if [ -n "${EYE_SANITIZE:-}" ]; then
    echo "built with -fsanitize=$EYE_SANITIZE: the RSS bound is not checked"
  elif [ "$after" -lt "$LIMIT_MIB" ]; then pass; else fail "eyed's peak RSS was $after MiB, over $LIMIT_MIB MiB"; fi
}
read_at_once list "/events/?category=big&page_size=1000" results

EXPECTED=$(db_query "SELECT id FROM events WHERE category = 'big' ORDER BY id" | tr '\n' ' ')
for r in $(seq 1 "$READERS"); do
  check_eq "reader $r saw every event exactly once" "$EXPECTED" "$(sort -n "$WORK/list$r" | tr '\n' ' ')"
  PAGES=$(cat "$WORK/list$r.pages")
  if [ "$PAGES" -ge 3 ]; then pass; else fail "reader $r: 20 MiB of events came in $PAGES pages; 8 MiB pages make 3 or more"; fi
done

# The session's timeline, read the same way: its pages end at 8 MiB too.
read_at_once timeline "/sessions/big/?page_size=1000" events
# Events were posted one after another without timestamps: their times (received) and ids
# run in the same order, so the timeline's order is the ids'.
for r in $(seq 1 "$READERS"); do
  check_eq "timeline reader $r saw every event exactly once, in order" "$EXPECTED" "$(tr '\n' ' ' <"$WORK/timeline$r")"
  PAGES=$(cat "$WORK/timeline$r.pages")
  if [ "$PAGES" -ge 3 ]; then pass; else fail "timeline reader $r: 20 MiB of events came in $PAGES pages; 8 MiB pages make 3 or more"; fi
done

# eye list follows the shortened pages as it follows full ones.
check_eq "eye list shows all twenty" "$EVENTS" "$("$EYE" list --category big --limit 0 --format ndjson | wc -l)"
check_eq "eye list --limit 15 stops at 15 across pages" 15 "$("$EYE" list --category big --limit 15 --format ndjson | wc -l)"
check_eq "eye session shows all twenty" "$EVENTS" "$("$EYE" session big --format ndjson | wc -l)"

finish
