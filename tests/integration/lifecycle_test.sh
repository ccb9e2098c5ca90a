#!/usr/bin/env bash
# eyed's life: restart keeps events, clean shutdown, stale and live sockets, a port in use.
source "$(dirname "$0")/lib.sh"

start_eyed
check_contains "start-up line names version, listeners, database and count" \
  "listening on http://127.0.0.1:$PORT and unix:$SOCK; database $DB (0 events" "$(cat "$LOG")"
for i in 1 2 3; do
  "$EYE" send --session s --category c --name n --timestamp "2021-01-0${i}T00:00:00Z" >/dev/null
done
stop_eyed TERM
check_eq "SIGTERM exits 0" 0 "$EYED_STATUS"
if [ -e "$SOCK" ]; then fail "socket file removed on clean exit"; else pass; fi
check_contains "shutdown is logged" "stopping" "$(cat "$LOG")"

start_eyed
check_eq "restart keeps the events" 3 "$(curl -s "$BASE/healthz" | jq .events)"
check_contains "start-up line counts stored events" "(3 events" "$(cat "$LOG")"
check_eq "ids continue after restart" 4 "$("$EYE" send --session s --category c --name n | jq .id)"

# A second daemon must neither steal the socket nor share the TCP port. (Each start that must be
# refused runs under refused_start: one that starts instead fails the test in 10 s.)
refused_start "$WORK/second.log" --listen "127.0.0.1:$PORT" --socket "$WORK/other.sock" --db "$WORK/other.db"
check_eq "a TCP port in use is refused" 1 "$RC"
check_contains "the refusal says why" "cannot listen on 127.0.0.1:$PORT" "$(cat "$WORK/second.log")"
if [ -e "$WORK/other.db" ]; then fail "a daemon that cannot start creates no database file"; else pass; fi
refused_start "$WORK/second.log" --listen none --socket "$WORK/grouped.sock" --socket-group no-such-group-here --db "$WORK/grouped.db"
check_eq "a bad socket group is refused" 1 "$RC"
if [ -e "$WORK/grouped.db" ] || [ -e "$WORK/grouped.sock" ]; then fail "a bad group leaves no database nor socket"; else pass; fi
refused_start "$WORK/second.log" --listen none --socket "$SOCK" --db "$WORK/other.db"
check_eq "a live socket is not stolen" 1 "$RC"
check_contains "the refusal names the socket" "another daemon is answering on $SOCK" "$(cat "$WORK/second.log")"
if [ -e "$WORK/other.db" ]; then fail "nor when its socket is taken"; else pass; fi
check_eq "the first daemon still answers on its socket" 200 \
  "$(curl -s -o /dev/null -w '%{http_code}' --unix-socket "$SOCK" http://eye/healthz)"

# kill -9 leaves a stale socket file behind; the next start replaces it.
stop_eyed KILL
if [ -S "$SOCK" ]; then pass; else fail "kill -9 leaves the socket file"; fi
start_eyed
check_eq "stale socket replaced" 200 "$(curl -s -o /dev/null -w '%{http_code}' --unix-socket "$SOCK" http://eye/healthz)"
check_eq "events survive kill -9" 4 "$(curl -s "$BASE/healthz" | jq .events)"
stop_eyed INT
check_eq "SIGINT exits 0" 0 "$EYED_STATUS"

# Durability: the writer's connection runs with the synchronous setting each mode stands for,
# as /healthz reads it back from the database (nothing else would notice a writer at
# synchronous=OFF): SQLite's synchronous FULL / NORMAL, PostgreSQL's synchronous_commit on / off.
durability() { health '"\(.durability.mode) \(.durability.synchronous)"'; }
if [ "$STORE" == sqlite ]; then POWER=full PROCESS=normal; else POWER=on PROCESS=off; fi
start_eyed
check_eq "the default durability is power: synchronous=$POWER" "power $POWER" "$(durability)"
stop_eyed TERM
start_eyed --durability process
check_eq "--durability process runs synchronous=$PROCESS" "process $PROCESS" "$(durability)"
stop_eyed TERM
start_eyed --durability power
check_eq "--durability power runs synchronous=$POWER" "power $POWER" "$(durability)"
stop_eyed TERM

# Option errors.
refused_start "$WORK/refused.log" --listen none --socket none
check_eq "nothing to listen on is a usage error" 2 "$RC"
refused_start "$WORK/refused.log" --listen none --socket "$WORK/o.sock" --db "$WORK/o.db" --durability sometimes
check_eq "a bad option value is a usage error" 2 "$RC"
timeout 10 "$EYED" --help >"$WORK/help" 2>&1
check_contains "eyed --help shows the durability choices, not enum internals" "--durability power|process" "$(cat "$WORK/help")"
if grep -q -- '->' "$WORK/help"; then fail "no enum mapping in eyed --help: $(grep -- '->' "$WORK/help")"; else pass; fi
check_contains "--version" "eyed " "$(timeout 10 "$EYED" --version)"
HELP=$(timeout 10 "$EYED" --help)
for opt in --listen --socket --db --log-level --durability --queue-depth --version; do
  check_contains "--help lists $opt" "$opt" "$HELP"
done
touch "$WORK/plain-file"
refused_start "$WORK/third.log" --listen none --socket "$WORK/plain-file" --db "$WORK/x.db"
check_eq "a non-socket file at --socket is refused" 1 "$RC"

finish
