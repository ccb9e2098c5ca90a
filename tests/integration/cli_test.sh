#!/usr/bin/env bash
# eye against a real eyed: send, list, get, every output format, and the exit codes.
source "$(dirname "$0")/lib.sh"
export TZ=UTC  # tables show local time: the checks below read them in UTC unless they say
start_eyed

# run_eye ARGS...: runs eye, capturing stdout in OUT, stderr in ERR and the exit code in RC.
run_eye() {
  "$EYE" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
  RC=$?
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
}

run_eye send --session s1 --category "page interaction" --name pageview \
  --data '{"host":"example.org","path":"/"}' --timestamp "2021-01-01 09:00:00"
check_eq "send exit code" 0 "$RC"
check_eq "send prints the stored event as NDJSON when piped" \
  '{"id":1,"session_id":"s1","category":"page interaction","name":"pageview","data":{"host":"example.org","path":"/"},"timestamp":"2021-01-01T09:00:00.000000Z","app":"local"}' "$OUT"

OUT=$(echo '{"session_id":"s2","category":"form interaction","name":"submit","data":{"form":{"a":"x,y \"q\""},"host":"h","path":"/"},"timestamp":"2021-06-02T08:00:00Z"}' | "$EYE" send)
check_eq "send reads one JSON event from stdin" 2 "$(jq .id <<<"$OUT")"
run_eye send --session s1 --category "page interaction" --name "cta click" --timestamp 2021-01-01T09:00:05Z --format json \
  --data '{"host": "example.org", "path": "/", "element": "chat bubble"}'
check_eq "send --format json" 3 "$(jq '.[0].id' <<<"$OUT")"
run_eye --url "$BASE" send --session s3 --category c --name n --timestamp 2021-07-01T00:00:00Z
check_eq "send over TCP with --url" "0 4" "$RC $(jq .id <<<"$OUT")"
EYE_URL="$BASE" "$EYE" get 4 >"$WORK/out"
check_eq "EYE_URL selects TCP" 4 "$(jq .id <"$WORK/out")"

run_eye send --session s1 --category "page interaction" --name pageview \
  --data '{"path":"/","host":"example.org"}' --timestamp "2021-01-01T09:00:00Z"
check_eq "resend is not an error" 0 "$RC"
check_eq "resend gets the original id" 1 "$(jq .id <<<"$OUT")"
check_contains "resend says it was stored already" "already stored as event 1" "$ERR"

# --- list and its filters, in every format ---
run_eye list
check_eq "list default (piped) is NDJSON, newest first" "4 2 3 1" "$(jq -r .id <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')"
run_eye list --session s1
check_eq "list --session" "3 1" "$(jq -r .id <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')"
run_eye list --category "form interaction"
check_eq "list --category" "2" "$(jq -r .id <<<"$OUT")"
run_eye list --name pageview
check_eq "list --name" "1" "$(jq -r .id <<<"$OUT")"
run_eye list --after 2021-06-01
check_eq "list --after a date" "4 2" "$(jq -r .id <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')"
run_eye list --before 2021-01-01T09:00:00Z
check_eq "list --before is inclusive" "1" "$(jq -r .id <<<"$OUT")"
run_eye list --limit 3
check_eq "list --limit" 3 "$(wc -l <<<"$OUT")"

run_eye list --format json
check_eq "json is one array" "4" "$(jq length <<<"$OUT")"
check_eq "json keeps nested data" 'x,y "q"' "$(jq -r '.[] | select(.id==2) | .data.form.a' <<<"$OUT")"
run_eye list --format csv --session s2
check_eq "csv header" "id,timestamp,session_id,category,name,app,data" "$(head -1 <<<"$OUT")"
check_eq "csv quotes per RFC 4180" '2,2021-06-02T08:00:00.000000Z,s2,form interaction,submit,local,"{""form"":{""a"":""x,y \""q\""""},""host"":""h"",""path"":""/""}"' "$(sed -n 2p <<<"$OUT")"
COLUMNS=90 run_eye list --format table
check_eq "table header: columns cut down so that the payload keeps room" \
  "ID  TIME (UTC)           SESSION  CATEGORY  NAME      APP    DATA" "$(head -1 <<<"$OUT" | sed 's/ *$//')"
check_eq "table has a row per event" 5 "$(wc -l <<<"$OUT")"
check_contains "table shows the payload compactly" "host=example.org path=/" "$OUT"
WIDEST=$(LC_ALL=C.UTF-8 wc -L <<<"$OUT")
if [ "$WIDEST" -le 90 ]; then pass; else fail "table rows are cut to the terminal width (widest $WIDEST)"; fi
check_contains "table cuts long data" "…" "$OUT"
COLUMNS=70 run_eye list --format table --wide
check_contains "--wide shows whole payloads" '{"form":{"a":"x,y \"q\""},"host":"h","path":"/"}' "$OUT"
check_contains "--wide shows whole local timestamps" '2021-06-02 08:00:00.000000+0000' "$OUT"
COLUMNS=70 run_eye list --format table --wide --utc
check_contains "--wide --utc shows them as the API does" '2021-06-02T08:00:00.000000Z' "$OUT"
COLUMNS=300 run_eye list --format table
check_contains "table shows whole data when there is room" 'form={"a":"x,y \"q\""} host=h path=/' "$OUT"
check_contains "strings with spaces are quoted" 'element="chat bubble" host=example.org path=/' "$OUT"
run_eye get 2 --format table
check_eq "get on a terminal: one key/value line per field" 7 "$(wc -l <<<"$OUT")"
check_contains "get: the key/value view" "session_id  s2" "$OUT"
check_contains "get: its time in the zone" "timestamp   2021-06-02 08:00:00 (UTC)" "$OUT"
run_eye get 2 -o json
check_eq "get -o json is the object, not an array" "object 2" "$(jq -r 'type' <<<"$OUT") $(jq .id <<<"$OUT")"

# --- conventions: -o, -n, -q, and a cut table says how much is left ---
run_eye list -n 2 -o csv
check_eq "-n and -o" 3 "$(wc -l <<<"$OUT")"
run_eye list -q -n 2
check_eq "list -q: ids only" "4 2" "$(paste -sd' ' <<<"$OUT")"
run_eye send -q --session q1 --category c --name n --timestamp 2021-03-01T00:00:00Z
check_eq "send -q: the id only" "^[0-9]+$" "$(grep -E '^[0-9]+$' <<<"$OUT" >/dev/null && echo '^[0-9]+$')"
QID=$OUT
run_eye send -q --session q1 --category c --name n --timestamp 2021-03-01T00:00:00Z
check_eq "send -q of a repeat: the original id" "$QID" "$OUT"
printf '{"session_id":"q2","category":"c","name":"n","timestamp":"2021-03-01T00:00:01Z"}\n{"session_id":"q3","category":"c","name":"n","timestamp":"2021-03-01T00:00:02Z"}\n' | "$EYE" send -q - >"$WORK/out" 2>/dev/null
check_eq "send -q of a file: one id per event" 2 "$(grep -cE '^[0-9]+$' "$WORK/out")"
COLUMNS=200 run_eye list --format table -n 2
check_eq "a table cut by --limit says so" "2 of $(curl -s "$BASE/events/" | jq .count) shown" "$(tail -1 <<<"$OUT")"
COLUMNS=200 run_eye list --format table --session s2
if [[ "$(tail -1 <<<"$OUT")" == *shown* ]]; then fail "an uncut table says nothing more"; else pass; fi

# --- times as people write them, resolved by eye ---
run_eye list --since 2021-06-01
check_eq "--since is --after" "4 2" "$(jq -r .id <<<"$OUT" | paste -sd' ')"
run_eye list --until 2021-01-01T09:00:00Z
check_eq "--until is --before" "1" "$(jq -r .id <<<"$OUT")"
run_eye send --session recent --category c --name n
RECENT=$(jq .id <<<"$OUT")
run_eye list --after 15m
check_eq "--after 15m: only what was sent just now" "$RECENT" "$(jq -r .id <<<"$OUT")"
run_eye list --since yesterday --category c
check_eq "--since yesterday" "$RECENT" "$(jq -r .id <<<"$OUT")"
run_eye list --before 7d --session recent
check_eq "--before 7d excludes it" "" "$OUT"
run_eye list --after now --session recent
check_eq "--after now" "" "$OUT"
TZ=EST+5 run_eye list --before "2021-01-01 04:00:00" --session s1
check_eq "a time without a zone is local (EST: 04:00 is 09:00Z)" "1" "$(jq -r .id <<<"$OUT")"
TZ=EST+5 run_eye list --before "2021-01-01 04:00:00" --session s1 --utc
check_eq "with --utc it is UTC" "" "$OUT"
TZ=EST+5 run_eye list --before "2021-01-01T04:00:00-05:00" --session s1 --utc
check_eq "a time with a zone is that instant" "1" "$(jq -r .id <<<"$OUT")"
run_eye list --after "last tuesday"
check_eq "a bad time is a usage error" 2 "$RC"
check_contains "naming the flag" "eye: --after: cannot read 'last tuesday' as a time" "$ERR"
if [[ "$ERR" == *timestamp_after* ]]; then fail "the error names the API's parameter: $ERR"; else pass; fi
run_eye errors --until someday
check_eq "eye errors: a bad --until is a usage error too" "2" "$RC"
check_contains "naming its own flag" "eye: --before: cannot read 'someday'" "$ERR"
TZ=EST+5 COLUMNS=120 run_eye list --format table --session s1
check_eq "a table shows local time, and says which" "ID  TIME (EST)           SESSION" "$(head -1 <<<"$OUT" | cut -c1-32)"
check_contains "in that zone" "2021-01-01 04:00:00" "$OUT"
TZ=EST+5 COLUMNS=120 run_eye list --format table --session s1 --utc
check_contains "--utc tables are UTC" "TIME (UTC)" "$OUT"
check_contains "--utc times" "2021-01-01 09:00:00" "$OUT"
TZ=EST+5 run_eye list --format csv --session s1 --local
check_contains "machine formats stay UTC ISO 8601" "2021-01-01T09:00:00.000000Z" "$OUT"
run_eye list --utc --local
check_eq "--utc and --local exclude each other" 2 "$RC"

# --- exit codes ---
run_eye get 99
check_eq "daemon error exit code" 1 "$RC"
check_contains "daemon error message on stderr" "No event with id 99" "$ERR"
run_eye send --session s --category c --name n --timestamp tomorrow
check_eq "invalid event exit code" 1 "$RC"
check_contains "invalid event names the field" "field timestamp" "$ERR"
run_eye list --no-such-flag
check_eq "usage error exit code" 2 "$RC"
run_eye send --session s --category c
check_eq "incomplete send is a usage error" 2 "$RC"
run_eye send --session s --category c --name n --data '{broken'
check_eq "bad --data is a usage error" 2 "$RC"

# --- eye send --file: rejections by line, flags that do not apply, a JSON summary, why a file fails ---
printf '{"session_id":"f1","category":"c","name":"n","timestamp":"2021-02-01T00:00:00Z"}\n\n{"session_id":"f2"}\n{"session_id":"f3","category":"c","name":"n","timestamp":"2021-02-01T00:00:01Z"}\n' >"$WORK/mixed.ndjson"
run_eye send --file "$WORK/mixed.ndjson"
check_eq "a rejected event in a file: exit 1" 1 "$RC"
check_contains "named by its input line" "eye: line 3: rejected: " "$ERR"
run_eye send --file "$WORK/mixed.ndjson" --format json
check_eq "--format json: the batch summary as JSON" '2 0 2 3 missing_field' \
  "$(jq -r '"\(.sent - 1) \(.accepted) \(.duplicates) \(.rejected[0].line) \(.rejected[0].error.code)"' <<<"$OUT")"
run_eye send --file "$WORK/mixed.ndjson" --session s1
check_eq "--session with --file: usage error" 2 "$RC"
check_contains "saying why" "eye: --session does not apply to --file" "$ERR"
run_eye send --file "$WORK/no-such.ndjson"
check_eq "a missing file: usage error" 2 "$RC"
check_contains "saying why" "eye: cannot read $WORK/no-such.ndjson (no such file)" "$ERR"
run_eye send --file "$WORK"
check_contains "a directory" "(a directory)" "$ERR"

# --- colour on a terminal (a pseudo-terminal by script(1)), off with NO_COLOR or when piped ---
ESC=$'\e'
TTY_OUT=$(env -u NO_COLOR script -qec "$EYE list --session s1 -n 1" /dev/null)
check_contains "a terminal gets a bold heading" "${ESC}[1mID" "$TTY_OUT"
TTY_OUT=$(NO_COLOR=1 script -qec "$EYE list --session s1 -n 1" /dev/null)
if [[ "$TTY_OUT" == *"$ESC["* ]]; then fail "NO_COLOR turns colour off"; else pass; fi
TTY_OUT=$(env -u NO_COLOR script -qec "$EYE get 99" /dev/null)
check_contains "an error code in red on a terminal" "(${ESC}[31mnot_found${ESC}[0m)" "$TTY_OUT"
run_eye list --format table --session s1
if [[ "$OUT$ERR" == *"$ESC["* ]]; then fail "no colour when piped"; else pass; fi

# --- output that cannot be written is a failure ---
"$EYE" list --limit 0 >/dev/full 2>"$WORK/err"
check_eq "a full disk: exit 4" 4 "$?"
check_contains "saying so" "eye: cannot write the output (No space left on device)" "$(cat "$WORK/err")"
"$EYE" list --format csv >/dev/full 2>"$WORK/err"
check_eq "csv to a full disk: exit 4" 4 "$?"
"$EYE" help >/dev/full 2>/dev/null
check_eq "even help: exit 4" 4 "$?"

# --- mistakes answered kindly ---
run_eye
check_eq "no command: exit 2" 2 "$RC"
check_contains "no command: the top help" "Subcommands:" "$ERR"
run_eye help
check_eq "eye help: exit 0, the top help" "0" "$RC"
check_contains "eye help lists the commands" "errors" "$OUT"
run_eye help apps
check_contains "eye help apps: that level's help" "Register an application" "$OUT"
run_eye apps
check_eq "eye apps: exit 2" 2 "$RC"
check_contains "eye apps: its help, not 'A subcommand is required'" "Revoke an application" "$ERR"
run_eye admin
check_contains "eye admin: its help" "Reload the event-type schema" "$ERR"
run_eye lsit
check_eq "unknown command: exit 2" 2 "$RC"
check_contains "unknown command: did you mean" "eye: unknown command 'lsit' for 'eye'; did you mean 'list'?" "$ERR"
run_eye list --sesion s1
check_contains "unknown flag: did you mean" "eye: unknown option --sesion for 'eye list'; did you mean --session?" "$ERR"
run_eye apps revkoe web
check_contains "unknown subcommand: did you mean" "did you mean 'revoke'?" "$ERR"
run_eye list --limit=-1
check_contains "a bad number says so plainly" "eye: --limit must be 0 or a positive integer, not '-1'" "$ERR"
if grep -qv '^eye: ' <<<"$ERR"; then fail "every error line starts with eye: [$ERR]"; else pass; fi
run_eye get abc
check_eq "get abc: exit 2" 2 "$RC"
check_contains "get abc" "eye: ID must be a positive integer, not 'abc'" "$ERR"
run_eye get 99999999999999999999999999
check_contains "no 300-digit numbers" "ID must be a positive integer" "$ERR"
if [ "${#ERR}" -lt 200 ]; then pass; else fail "the message stays short: $ERR"; fi

# --- an unreachable daemon: one line per transport, and how to start it ---
run_eye --socket "$WORK/nothing.sock" list
check_eq "unreachable socket exit code" 3 "$RC"
check_contains "a missing socket" "eye: no eyed answering on unix socket $WORK/nothing.sock (no such file)" "$ERR"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$WORK/stale.sock"
run_eye --socket "$WORK/stale.sock" list
check_contains "a stale socket" "eye: no eyed answering on unix socket $WORK/stale.sock (connection refused" "$ERR"
run_eye --url http://127.0.0.1:1 list
check_eq "unreachable URL exit code" 3 "$RC"
check_contains "nothing on the port" "eye: nothing listening on 127.0.0.1:1 (connection refused)" "$ERR"
if [[ "$ERR" == *"make run"* ]]; then fail "an installed eye never says make run: $ERR"; else pass; fi
if [ -e /lib/systemd/system/eyed.service ] || [ -e /usr/lib/systemd/system/eyed.service ] || [ -e /etc/systemd/system/eyed.service ]; then
  check_contains "the hint fits the install" "systemctl start eyed" "$ERR"
else
  check_contains "the hint fits the install" 'start it with `eyed`' "$ERR"
fi
# Discovery: a stale file at the first default place must not hide the daemon at a later one.
(
  unset EYE_SOCKET EYE_URL
  mkdir -p "$WORK/xdg"
  python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$WORK/xdg/eye.sock"
  XDG_RUNTIME_DIR="$WORK/xdg" "$EYE" list --limit 1 >"$WORK/out" 2>"$WORK/err"
  echo "$?" >"$WORK/rc"
)
if [ -S "/tmp/eye-$(id -u)/eye.sock" ] || [ -S /run/eye/eye.sock ]; then
  echo "(a daemon answers at a default place here: the stale-first discovery check is skipped)"
else
  check_contains "with only a stale default, its name is in the error" "$WORK/xdg/eye.sock (connection refused" "$(cat "$WORK/err")"
fi
run_eye list --help
check_contains "a command's help lists the global options it accepts" "Global options (also accepted here" "$OUT"
check_contains "such as --socket" "--socket TEXT" "$OUT"
run_eye apps add --help
check_contains "at every level" "--utc" "$OUT"
run_eye --help
check_eq "--help exits 0" 0 "$RC"
check_contains "--help lists commands" "send" "$OUT"
run_eye --version
check_contains "--version" "eye " "$OUT"

finish
