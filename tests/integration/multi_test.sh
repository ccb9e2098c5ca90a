#!/usr/bin/env bash
# Several eyed on one PostgreSQL (run by ctest as "integration(pg): multi" only): the same event
# posted to three instances at once is stored once; a follower on one instance sees what the
# others commit, with no gap; resuming by id never skips an event another instance committed
# later with a smaller id; kill -9 of one instance and a PostgreSQL restart under load lose
# nothing acknowledged, and the instances recover by themselves.
source "$(dirname "$0")/lib.sh"
[ "$STORE" == postgres ] || { echo "FAIL: multi_test.sh needs EYE_TEST_DB (run it under tests/pg/pg_harness.sh)"; exit 1; }

trap 'stop_instances; cleanup' EXIT

# (Every `wait` here names its PIDs: a bare one would wait for the instances to end.)
# Three instances started at once migrate the schema once (an advisory lock orders them).
for n in 1 2 3; do launch_instance "$n"; done
for n in 1 2 3; do await_instance "$n"; done
check_eq "three instances started together" "3" "$(for n in 1 2 3; do curl -s "${INSTANCE_URL[$n]}/healthz" | jq -r .status; done | grep -c ok)"
check_eq "and the schema was migrated once" "0" "$(psql_eye 'SELECT count(*) - count(DISTINCT version) FROM eye_schema')"

JSONH=(-H 'Content-Type: application/json')
ev() { printf '{"session_id":"%s","category":"%s","name":"n","timestamp":"2021-03-01T00:00:%02dZ"%s}' "$1" "$2" "$3" "${4:-}"; }

# --- the same event to all three at once: stored once, every reply carries its id ---
POSTERS=()
for round in 1 2 3 4 5; do
  for n in 1 2 3; do
    for k in 1 2 3 4; do
      curl -s "${JSONH[@]}" -d "$(ev same-$round same 1 ",\"event_id\":\"once-$round\"")" "${INSTANCE_URL[$n]}/events/" >"$WORK/same-$round-$n-$k" &
      POSTERS+=($!)
    done
  done
done
wait "${POSTERS[@]}"
check_eq "12 concurrent posts of one event_id to 3 instances, 5 times: stored once each" 5 \
  "$(psql_eye "SELECT count(*) FROM events WHERE category = 'same'")"
for round in 1 2 3 4 5; do
  ids=$(cat "$WORK"/same-$round-* | jq -r .id | sort -u)
  check_eq "round $round: all 12 replies carry the one stored id" \
    "$(psql_eye "SELECT id FROM events WHERE session_id = 'same-$round'")" "$ids"
  check_eq "round $round: one reply says stored, 11 say duplicate" "11" \
    "$(cat "$WORK"/same-$round-* | jq -r 'select(.duplicate == true) | .id' | wc -l)"
done

# --- a follower on instance 1 sees what instances 2 and 3 commit, in id order, no gap ---
curl -sN -H 'Accept: application/x-ndjson' "${INSTANCE_URL[1]}/events/stream?category=relay" >"$WORK/follow.ndjson" &
FOLLOWER=$!
followers_on() { [ "$(curl -s "${INSTANCE_URL[$1]}/healthz" | jq .followers)" == "$2" ]; }
wait_for "the follower to be attached" 10 followers_on 1 1
post_many() {  # post_many N CATEGORY COUNT FILE: COUNT events to instance N, acked ids to FILE
  local n=$1 category=$2 count=$3 file=$4 i
  for i in $(seq 1 "$count"); do
    curl -s "${JSONH[@]}" -d "$(ev "$category-$n-$i" "$category" $((i % 60)))" "${INSTANCE_URL[$n]}/events/" | jq -r '.id // empty'
  done >"$file"
}
post_many 2 relay 60 "$WORK/relay-2" &
P2=$!
post_many 3 relay 60 "$WORK/relay-3" &
wait "$P2" $!
wait_for "the follower to see 120 events" 30 bash -c "[ \$(grep -c . '$WORK/follow.ndjson') -ge 120 ]"
kill "$FOLLOWER"; wait "$FOLLOWER" 2>/dev/null
sort -n "$WORK/relay-2" "$WORK/relay-3" >"$WORK/relay-acked"
jq -r .id "$WORK/follow.ndjson" >"$WORK/relay-seen"
check_eq "120 events acknowledged by instances 2 and 3" 120 "$(wc -l <"$WORK/relay-acked")"
check_eq "the follower on instance 1 saw exactly those" "$(cat "$WORK/relay-acked")" "$(sort -n "$WORK/relay-seen")"
check_eq "in id order, each once" "$(sort -n -u "$WORK/relay-seen")" "$(cat "$WORK/relay-seen")"

# --- resuming by id never skips: a reader that reconnects after the last id it saw, again and
# again while all three instances commit, ends up with every stored event. Ids assigned before
# commit (a plain sequence) would let a slower transaction commit a smaller id after the reader
# passed it; here they are assigned under the writers' lock, so commit order is id order. ---
resume_reader() {
  local last=0 got
  : >"$WORK/resumed"
  while [ ! -e "$WORK/load-done" ] || [ "$(grep -c . "$WORK/resumed")" -lt "$(cat "$WORK/load-done")" ]; do
    got=$(curl -sN --max-time 0.3 -H 'Accept: application/x-ndjson' \
            "${INSTANCE_URL[1]}/events/stream?category=resume&after_id=$last" | jq -r '.id // empty')
    if [ -n "$got" ]; then
      echo "$got" >>"$WORK/resumed"
      last=$(tail -1 <<<"$got")
    fi
    [ "$SECONDS" -lt "$1" ] || break
  done
}
resume_reader $((SECONDS + 90)) &
READER=$!
LOADERS=()
for n in 1 2 3; do post_many "$n" resume 80 "$WORK/resume-$n" & LOADERS+=($!); done
wait "${LOADERS[@]}"
cat "$WORK"/resume-{1,2,3} | grep -c . >"$WORK/load-done"
wait "$READER"
check_eq "240 events acknowledged by the three instances" 240 "$(cat "$WORK/load-done")"
check_eq "the resuming reader saw every one of them" "$(cat "$WORK"/resume-{1,2,3} | sort -n)" "$(sort -n "$WORK/resumed")"
check_eq "and never one twice" "$(sort -n -u "$WORK/resumed" | wc -l)" "$(wc -l <"$WORK/resumed")"

# --- kill -9 of one instance under load: nothing acknowledged is lost, the others go on ---
load() {  # load N TAG: posts to instance N until $WORK/stop-TAG exists; acked "id session" lines
  local n=$1 tag=$2 i=0 reply
  while [ ! -e "$WORK/stop-$tag" ]; do
    i=$((i + 1))
    reply=$(curl -s -m 10 "${JSONH[@]}" -d "$(ev "$tag-$n-$i" "$tag" $((i % 60)))" "${INSTANCE_URL[$n]}/events/")
    jq -r 'select(.id != null) | "\(.id) \(.session_id)"' <<<"$reply" 2>/dev/null
  done >"$WORK/acked-$tag-$n"
}
LOADERS=()
for n in 1 2 3; do load "$n" kill & LOADERS+=($!); done
wait_for "load on all three" 20 bash -c "[ \$(cat '$WORK'/acked-kill-* 2>/dev/null | wc -l) -ge 60 ]"
kill -KILL "${INSTANCE_PID[2]}"
wait "${INSTANCE_PID[2]}" 2>/dev/null
AT_KILL=$(cat "$WORK/acked-kill-1" "$WORK/acked-kill-3" | wc -l)
wait_for "instances 1 and 3 to go on acknowledging" 20 \
  bash -c "[ \$(cat '$WORK/acked-kill-1' '$WORK/acked-kill-3' | wc -l) -ge $((AT_KILL + 30)) ]"
touch "$WORK/stop-kill"
wait "${LOADERS[@]}"
psql_eye "SELECT id || ' ' || session_id FROM events WHERE category = 'kill'" | sort >"$WORK/stored-kill"
cat "$WORK"/acked-kill-* | sort >"$WORK/acked-kill"
check_eq "kill -9 of instance 2: every acknowledged event ($(wc -l <"$WORK/acked-kill")) is stored" "" \
  "$(comm -23 "$WORK/acked-kill" "$WORK/stored-kill")"
launch_instance 2
await_instance 2

# --- PostgreSQL restarted under load: 503 storage_error with Retry-After meanwhile, then the
# instances reconnect by themselves; nothing acknowledged is lost ---
# A follower attached before the restart must go on after it: its instance listens again.
curl -sN -H 'Accept: application/x-ndjson' "${INSTANCE_URL[1]}/events/stream?category=after" >"$WORK/after.ndjson" &
FOLLOWER=$!
wait_for "the follower to be attached" 10 followers_on 1 1
LOADERS=()
for n in 1 2; do load "$n" restart & LOADERS+=($!); done
wait_for "load before the restart" 20 bash -c "[ \$(cat '$WORK'/acked-restart-* 2>/dev/null | wc -l) -ge 40 ]"
pg_down
curl -s -D "$WORK/down.headers" -o "$WORK/down.body" "${JSONH[@]}" -d "$(ev down 1 1)" "${INSTANCE_URL[3]}/events/"
check_eq "a post while PostgreSQL is down" "503 storage_error" \
  "$(head -1 "$WORK/down.headers" | cut -d' ' -f2) $(jq -r .error.code "$WORK/down.body")"
check_contains "with Retry-After" "Retry-After:" "$(cat "$WORK/down.headers")"
check_eq "a read while it is down" "503 storage_error" \
  "$(curl -s -o "$WORK/down.read" -w '%{http_code}' "${INSTANCE_URL[3]}/events/") $(jq -r .error.code "$WORK/down.read")"
check_eq "/healthz says failing" "503 failing" \
  "$(curl -s -o "$WORK/down.health" -w '%{http_code}' "${INSTANCE_URL[3]}/healthz") $(jq -r .status "$WORK/down.health")"
AT_DOWN=$(cat "$WORK"/acked-restart-* | wc -l)
pg_up
wait_for "posts to succeed again after the restart" 30 \
  bash -c "[ \$(cat '$WORK'/acked-restart-* | wc -l) -ge $((AT_DOWN + 40)) ]"
wait_for "/healthz to say ok again" 15 bash -c "[ \"\$(curl -s '${INSTANCE_URL[3]}/healthz' | jq -r .status)\" == ok ]"
touch "$WORK/stop-restart"
wait "${LOADERS[@]}"
psql_eye "SELECT id || ' ' || session_id FROM events WHERE category = 'restart'" | sort >"$WORK/stored-restart"
cat "$WORK"/acked-restart-* | sort >"$WORK/acked-restart"
check_eq "PostgreSQL restart: every acknowledged event ($(wc -l <"$WORK/acked-restart")) is stored" "" \
  "$(comm -23 "$WORK/acked-restart" "$WORK/stored-restart")"
post_many 3 after 5 "$WORK/after-3"
check_eq "instance 3 stores again" 5 "$(grep -c . "$WORK/after-3")"
wait_for "the follower on instance 1 to see them" 15 bash -c "[ \$(grep -c . '$WORK/after.ndjson') -ge 5 ]"
kill "$FOLLOWER"; wait "$FOLLOWER" 2>/dev/null
check_eq "the follower attached before the restart saw the events after it" "$(sort -n "$WORK/after-3")" \
  "$(jq -r .id "$WORK/after.ndjson" | sort -n)"

# --- apps are the database's: one added or revoked through instance 1 counts on instance 4 ---
"$EYED" --listen 127.0.0.1:0 --socket "$WORK/run/eye-4.sock" --db "$DB" >"$WORK/eyed-4.log" 2>&1 &
INSTANCE_PID[4]=$!
await_instance 4
KEY=$("$EYE" --socket "$WORK/run/eye-1.sock" apps add shared)
posted_with_key() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" "${JSONH[@]}" \
         -d "$(ev "key-$RANDOM" keys 1)" "${INSTANCE_URL[4]}/events/")" == "$1" ]
}
wait_for "instance 4 to accept a key added through instance 1" 10 posted_with_key 201 && pass
"$EYE" --socket "$WORK/run/eye-1.sock" apps revoke shared >/dev/null
wait_for "instance 4 to refuse the key revoked through instance 1" 10 posted_with_key 401 && pass
check_contains "as revoked" revoked_key "$(curl -s -H "Authorization: Bearer $KEY" "${JSONH[@]}" -d "$(ev key-x keys 1)" "${INSTANCE_URL[4]}/events/")"

finish
