#!/usr/bin/env bash
# eyed's log lines: journal priority prefixes without timestamps under systemd, timestamps
# elsewhere, --log-format json, colour only on a terminal and never with NO_COLOR.
source "$(dirname "$0")/lib.sh"

ESC=$'\e'

# Under systemd stderr is the journal's stream, and JOURNAL_STREAM names its device:inode.
: >"$LOG"
JOURNAL_STREAM=$(stat -c '%d:%i' "$LOG") start_eyed
FIRST=$(head -1 "$LOG")
check_contains "an info line has the journal's <6> prefix" "<6>eyed " "$FIRST"
if [[ "$FIRST" =~ ^\<6\>eyed\  ]]; then pass; else fail "and no timestamp of its own: [$FIRST]"; fi
stop_eyed TERM
check_contains "shutdown lines too" "<6>SIGTERM: stopping" "$(cat "$LOG")"
printf '{"types": []}' >"$WORK/types.json"
: >"$LOG"
JOURNAL_STREAM=$(stat -c '%d:%i' "$LOG") start_eyed --schema "$WORK/types.json"
printf '{"types": [' >"$WORK/types.json"
kill -HUP "$EYED_PID"
wait_for "the refused reload to be logged" 10 grep -q "schema reload refused" "$LOG"
check_contains "an error has the <3> prefix journalctl -p err finds" "<3>SIGHUP: schema reload refused" "$(cat "$LOG")"
stop_eyed TERM
: >"$WORK/refused.log"
JOURNAL_STREAM=$(stat -c '%d:%i' "$WORK/refused.log") \
  refused_start "$WORK/refused.log" --listen none --socket "$SOCK" --db "$DB" --schema "$WORK/types.json"
check_contains "a start-up failure is <2> (critical)" "<2>cannot use the schema file" "$(cat "$WORK/refused.log")"

# A JOURNAL_STREAM inherited by a process whose stderr goes elsewhere is not the journal.
: >"$LOG"
JOURNAL_STREAM=1:1 start_eyed
FIRST=$(head -1 "$LOG")
if [[ "$FIRST" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+\ info\ eyed\  ]]; then pass; else
  fail "elsewhere a line starts with its timestamp and level: [$FIRST]"; fi
if grep -q "$ESC" "$LOG"; then fail "no colour when stderr is a file"; else pass; fi
stop_eyed TERM

# JSON: one object a line, for shippers; under the journal with the prefix before it.
start_eyed --log-format json
stop_eyed TERM
LINES=$(wc -l <"$LOG")
check_eq "every line is a JSON object with time, level and message" "$LINES" \
  "$(jq -c 'select(.time and .level and .message)' "$LOG" | wc -l)"
check_contains "the start-up line" "listening on" "$(jq -r 'select(.level == "info") | .message' "$LOG")"
: >"$LOG"
JOURNAL_STREAM=$(stat -c '%d:%i' "$LOG") start_eyed --log-format json
stop_eyed TERM
check_eq "in the journal, JSON lines carry the priority prefix" "$LINES" "$(grep -c '^<6>{"time":' "$LOG")"

# Colour: on a terminal (script gives eyed a pseudo-terminal), unless NO_COLOR is set.
on_a_terminal() {  # eyed on a pty until its start-up line, then SIGTERM
  rm -f "$WORK/pty.log"
  script -qfec "$EYED --listen none --socket $SOCK --db $DB" "$WORK/pty.log" >/dev/null &
  local script_pid=$!
  wait_for "eyed on a terminal to start" 20 grep -qs "listening on" "$WORK/pty.log"
  kill -TERM "$(pgrep -f -- "^$EYED --listen none --socket $SOCK ")"
  wait "$script_pid"
}
on_a_terminal
if grep -q "$ESC\[" "$WORK/pty.log"; then pass; else fail "levels are coloured on a terminal"; fi
NO_COLOR=1 on_a_terminal
if grep -q "$ESC\[" "$WORK/pty.log"; then fail "NO_COLOR turns colour off on a terminal"; else pass; fi

finish
