#!/usr/bin/env bash
# eyed.conf: keys derived from the flags, flags over the file, mistakes named by file, line and
# key, --check-config, and the packaged file's commented defaults.
source "$(dirname "$0")/lib.sh"
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"

CONF="$WORK/eyed.conf"

# A daemon configured by its file alone: listeners, database and auth come from the keys.
cat >"$CONF" <<CONF
# written by config_test
listen = 127.0.0.1:0
socket = $SOCK
db = $WORK/from-file/eye.db
no-auth = yes
log-format = json
CONF
"$EYED" --config "$CONF" >"$LOG" 2>&1 &
EYED_PID=$!
wait_for "eyed configured by its file to answer on the file's socket" 20 \
  curl -sf -m 5 --unix-socket "$SOCK" -o /dev/null http://eye/healthz
check_contains "the file's database is used" "database $WORK/from-file/eye.db" "$(cat "$LOG")"
check_eq "the file's log-format = json is used" "info" "$(head -1 "$LOG" | jq -r .level)"
PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG" | head -1)
check_eq "the file's no-auth lets TCP in without a key" 200 \
  "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/events/")"
stop_eyed TERM

# A flag overrides the file's key.
start_eyed --config "$CONF" --log-format text
check_contains "--log-format on the command line beats the file's json" " info eyed " "$(cat "$LOG")"
stop_eyed TERM

# Mistakes: the file, the line and the key are named; eyed does not start (exit 2).
DB="$WORK/refused/eye.db"
printf 'threads = 8\n\n# a comment\nthread = 9\n' >"$CONF"
refused_start "$WORK/refused.log" --config "$CONF" --listen none --socket "$SOCK" --db "$DB"
check_eq "an unknown key is refused with exit 2" 2 "$RC"
check_contains "it names file, line, key and the likely one" \
  "$CONF:4: key 'thread': unknown key (did you mean 'threads'?)" "$(cat "$WORK/refused.log")"
if [ -e "$DB" ]; then fail "a refused configuration creates no database"; else pass; fi

printf 'listen = none\nqueue-depth = -5\n' >"$CONF"
refused_start "$WORK/refused.log" --config "$CONF" --socket "$SOCK" --db "$DB"
check_eq "a bad value is refused with exit 2" 2 "$RC"
check_contains "it names file, line and key" "$CONF:2: key 'queue-depth': " "$(cat "$WORK/refused.log")"
check_contains "and the value" "-5" "$(cat "$WORK/refused.log")"

printf 'durability = paper\n' >"$CONF"
refused_start "$WORK/refused.log" --config "$CONF" --listen none --socket "$SOCK" --db "$DB"
check_contains "a value outside a choice is named" "$CONF:1: key 'durability': " "$(cat "$WORK/refused.log")"

printf 'no-auth = true\nlisten = 0.0.0.0:0\n' >"$CONF"
refused_start "$WORK/refused.log" --config "$CONF" --socket "$SOCK" --db "$DB"
check_eq "the file's values meet the same cross-checks as flags (no-auth off loopback)" 2 "$RC"

refused_start "$WORK/refused.log" --config "$WORK/missing.conf" --listen none --socket "$SOCK" --db "$DB"
check_eq "a --config file that does not exist is refused" 2 "$RC"
check_contains "and named" "$WORK/missing.conf: cannot read" "$(cat "$WORK/refused.log")"

# --check-config: the configuration in effect, every key of every flag, exit 0 / 1.
printf 'threads = 8\nqueue-depth = 1000\n' >"$CONF"
timeout 10 "$EYED" --config "$CONF" --threads 12 --check-config >"$WORK/check.out" 2>"$WORK/check.err"
check_eq "--check-config of a good file exits 0" 0 "$?"
CHECKED=$(cat "$WORK/check.out")
check_contains "it names the file" "# configuration file: $CONF" "$CHECKED"
check_contains "the file's value" "queue-depth = 1000" "$CHECKED"
check_contains "the flag's value over the file's" "threads = 12" "$CHECKED"
check_contains "a default" "durability = power" "$CHECKED"
check_contains "the event types it would load" "# event types: " "$CHECKED"
for flag in $(timeout 10 "$EYED" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
  case "$flag" in --help | --version | --config | --check-config) continue ;; esac
  if grep -qE "^(# )?${flag#--}( =| is not set)" <<<"$CHECKED"; then pass; else fail "--check-config shows ${flag#--}"; fi
done
if [ -e "$DB" ]; then fail "--check-config opens no database"; else pass; fi

printf '{"types": [' >"$WORK/broken.json"
printf 'schema = %s\n' "$WORK/broken.json" >"$CONF"
timeout 10 "$EYED" --config "$CONF" --check-config >"$WORK/check.out" 2>"$WORK/check.err"
check_eq "--check-config with a schema file that cannot be used exits 1" 1 "$?"
check_contains "and says why" "cannot use the schema file" "$(cat "$WORK/check.err")"
printf 'threads = 1\n' >"$CONF"
timeout 10 "$EYED" --config "$CONF" --check-config >"$WORK/check.out" 2>"$WORK/check.err"
check_eq "--check-config with a bad value exits 1" 1 "$?"
check_contains "naming line and key" "$CONF:1: key 'threads'" "$(cat "$WORK/check.err")"

# The packaged file: every key it shows is one of eyed's, every flag has its line, and its
# commented defaults, uncommented, are a configuration eyed accepts.
PACKAGED="$SOURCE_DIR/packaging/eyed.conf"
for flag in $(timeout 10 "$EYED" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
  case "$flag" in --help | --version | --config | --check-config) continue ;; esac
  if grep -q "^#${flag#--} =" "$PACKAGED"; then pass; else fail "packaging/eyed.conf shows ${flag#--}"; fi
done
# (schema's example names a file that need not exist; socket-group's default is no value)
sed -n 's/^#\([a-z-]* = .\)/\1/p' "$PACKAGED" | grep -v '^schema =' >"$CONF"
timeout 10 "$EYED" --config "$CONF" --check-config >"$WORK/check.out" 2>"$WORK/check.err"
check_eq "the packaged defaults, uncommented, pass --check-config" 0 "$?"
cat "$WORK/check.err"

finish
