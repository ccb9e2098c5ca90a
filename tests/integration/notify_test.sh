#!/usr/bin/env bash
# systemd's Type=notify, played by a small listener on NOTIFY_SOCKET: READY=1 only once both
# listeners answer, STATUS= with events stored and the rate, watchdog pings while the writer
# lives, STOPPING=1 on SIGTERM; a start that fails never says READY.
source "$(dirname "$0")/lib.sh"

NOTIFY="$WORK/notify.sock"
MESSAGES="$WORK/notify.log"
python3 "$(dirname "$0")/notify_listener.py" "$NOTIFY" "$MESSAGES" "$SOCK" "$LOG" &
LISTENER_PID=$!
stop_listener() {
  python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"QUIT", sys.argv[1])' "$NOTIFY"
  wait "$LISTENER_PID"
}
wait_for "the notify listener to bind" 10 grep -q listening "$MESSAGES" 2>/dev/null

# WATCHDOG_PID must be eyed's own pid: exec keeps the shell's.
: >"$LOG"
NOTIFY_SOCKET="$NOTIFY" WATCHDOG_USEC=2000000 bash -c 'export WATCHDOG_PID=$$; exec "$@"' _ \
  "$EYED" --listen 127.0.0.1:0 --socket "$SOCK" --db "$DB" --no-auth >>"$LOG" 2>&1 &
EYED_PID=$!
wait_for "READY=1" 20 grep -q "READY=1" "$MESSAGES"
READY=$(grep "READY=1" "$MESSAGES")
check_contains "READY=1 comes once the Unix socket and TCP answer" "[unix 200 tcp 200]" "$READY"
check_contains "with a first STATUS=" "STATUS=0 events stored" "$READY"
check_eq "READY=1 is said once" 1 "$(grep -c "READY=1" "$MESSAGES")"
wait_for "watchdog pings (WATCHDOG_USEC=2 s: one a second)" 10 grep -q "^WATCHDOG=1$" "$MESSAGES"

PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG" | head -1)
BASE="http://127.0.0.1:$PORT"
for i in 1 2 3; do "$EYE" --socket "$SOCK" send --session s --category c --name "n$i" >/dev/null; done
wait_for "a STATUS= that counts the 3 events (every 10 s)" 25 grep -q "STATUS=3 events stored" "$MESSAGES"
check_contains "STATUS= says the ingest rate" "events/s over the last minute" "$(grep "STATUS=3 events" "$MESSAGES")"

stop_eyed TERM
check_eq "SIGTERM exits 0" 0 "$EYED_STATUS"
check_contains "STOPPING=1 on SIGTERM" "STOPPING=1" "$(cat "$MESSAGES")"
check_eq "after READY=1" "READY STOPPING" "$(grep -oE "READY=1|STOPPING=1" "$MESSAGES" | sed 's/=1//' | xargs)"

# A start that fails (the TCP port is taken) never says READY=1.
: >"$MESSAGES"
python3 -c 'import socket,time,sys; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(60)' >"$WORK/port" &
HOLDER=$!
wait_for "a port to be held" 10 test -s "$WORK/port"
NOTIFY_SOCKET="$NOTIFY" timeout 10 "$EYED" --listen "127.0.0.1:$(cat "$WORK/port")" --socket "$SOCK" --db "$DB" \
  >"$WORK/refused.log" 2>&1
check_eq "a start that fails exits 1" 1 "$?"
kill "$HOLDER"
wait "$HOLDER" 2>/dev/null
if grep -q "READY=1" "$MESSAGES"; then fail "a failed start says no READY=1"; else pass; fi

stop_listener
finish
