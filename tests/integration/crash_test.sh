#!/usr/bin/env bash
# No acknowledged event is lost when eyed is killed with SIGKILL under load: five rounds of
# posting, recording every acknowledged id, kill -9 mid-load (once CRASH_MIN_ACKED events of the
# round were acknowledged), restart, and checking each one.
source "$(dirname "$0")/lib.sh"
ROUNDS=${CRASH_ROUNDS:-5}
WORKERS=4
MIN_ACKED=${CRASH_MIN_ACKED:-50}

# worker ROUND W: posts distinct events until the daemon stops answering; appends
# "id session_id" for each acknowledged one.
worker() {
  local round=$1 w=$2 i reply id
  for i in $(seq 1 3000); do
    reply=$(curl -s -m 5 -H 'Content-Type: application/json' \
      -d "{\"session_id\":\"crash-$round-$w-$i\",\"category\":\"crash\",\"name\":\"n\"}" "$BASE/events/") || return 0
    id=$(sed -n 's/^{"id":\([0-9]*\),"session_id":"\(crash-[0-9-]*\)".*/\1 \2/p' <<<"$reply")
    [ -n "$id" ] || return 0
    echo "$id" >>"$WORK/acked"
  done
}

# load_under_way N: true once $WORK/acked holds N lines, or as soon as no worker is left to add
# more (then the check after the kill says what happened, at once rather than at the deadline).
load_under_way() {
  [ "$(wc -l <"$WORK/acked")" -ge "$1" ] && return 0
  local p
  for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && return 1; done
  return 0
}

: >"$WORK/acked"
for round in $(seq 1 "$ROUNDS"); do
  start_eyed
  BEFORE=$(wc -l <"$WORK/acked")
  PIDS=()
  for w in $(seq 1 "$WORKERS"); do
    worker "$round" "$w" &
    PIDS+=($!)
  done
  # Kill mid-load: once this round has had MIN_ACKED events acknowledged, with the workers
  # still posting (a worker stops only when the daemon stops answering).
  wait_for "round $round: $MIN_ACKED events acknowledged" 30 load_under_way "$((BEFORE + MIN_ACKED))"
  kill -KILL "$EYED_PID"
  wait "$EYED_PID" 2>/dev/null
  EYED_PID=""
  wait "${PIDS[@]}"
  ACKED=$(($(wc -l <"$WORK/acked") - BEFORE))
  if [ "$ACKED" -ge "$MIN_ACKED" ]; then pass; else fail "round $round: $ACKED events acknowledged before the kill, expected $MIN_ACKED or more"; fi

  start_eyed
  db_query "SELECT id || ' ' || session_id FROM events WHERE category = 'crash'" | sort >"$WORK/stored"
  sort "$WORK/acked" >"$WORK/acked.sorted"
  LOST=$(comm -23 "$WORK/acked.sorted" "$WORK/stored" | wc -l)
  check_eq "round $round: acknowledged events ($ACKED this round) all present after kill -9" 0 "$LOST"
  stop_eyed TERM
done
echo "acknowledged events checked: $(wc -l <"$WORK/acked")"

finish
