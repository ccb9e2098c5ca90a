#!/usr/bin/env bash
# When the store cannot write (a full disk), /healthz answers 503 "failing" with the problem,
# events are refused with 503 storage_error rather than lost, and once writes succeed again the
# problem clears. The disk is "filled" by a file-size limit on eyed (RLIMIT_FSIZE, set with
# ulimit and lifted with prlimit): that needs no root and no mount, so the test runs anywhere.
# SIGXFSZ is ignored so that a write past the limit fails with EFBIG instead of killing eyed.
source "$(dirname "$0")/lib.sh"
LIMIT_KIB=1024

REAL_EYED=$EYED
cat >"$WORK/eyed-limited" <<WRAP
#!/usr/bin/env bash
trap '' XFSZ
ulimit -S -f $LIMIT_KIB
exec "$REAL_EYED" "\$@"
WRAP
chmod +x "$WORK/eyed-limited"
EYED="$WORK/eyed-limited" start_eyed
check_eq "the limit is in force on eyed" "$((LIMIT_KIB * 1024))" \
  "$(prlimit --pid "$EYED_PID" --fsize --output SOFT --noheadings | tr -d ' ')"

# Batches of 50 events of ~2 KiB until one is refused: the WAL (and the database) cannot grow
# past 1 MiB.
PAD=$(head -c 2000 /dev/zero | tr '\0' 'x')
for b in $(seq 0 49); do
  for i in $(seq 1 50); do
    printf '{"session_id":"full-%d","category":"full","name":"n","data":{"pad":"%s"},"event_id":"e%d-%d"}\n' \
      "$b" "$PAD" "$b" "$i"
  done >"$WORK/batch.ndjson"
  http POST /events/ -H 'Content-Type: application/x-ndjson' --data-binary "@$WORK/batch.ndjson"
  [ "$STATUS" == 200 ] && ACCEPTED=$((${ACCEPTED:-0} + $(json .accepted))) && continue
  break
done
check_eq "a batch the disk cannot hold is refused storage_error" "503 storage_error" "$STATUS $(json .error.code)"
check_eq "and told when to retry" "1" "$(curl -s -D - -o /dev/null -H 'Content-Type: application/x-ndjson' \
  --data-binary "@$WORK/batch.ndjson" "$BASE/events/" | tr -d '\r' | sed -n 's/^Retry-After: //p')"

http GET /healthz
check_eq "/healthz fails while writes fail" "503 failing" "$STATUS $(json .status)"
check_contains "/healthz names the problem" "the last write failed" "$(json .problem)"
check_eq "what was acknowledged is still there" "$ACCEPTED" "$(json .events)"

# Space again: the next write succeeds and the problem is gone.
prlimit --pid "$EYED_PID" --fsize=unlimited:
http POST /events/ -H 'Content-Type: application/x-ndjson' --data-binary "@$WORK/batch.ndjson"
check_eq "with space again the batch is stored" "200 50" "$STATUS $(json .accepted)"
http GET /healthz
check_eq "/healthz is ok again" "200 ok null" "$STATUS $(json .status) $(json .problem)"
check_eq "every acknowledged event is stored" "$((ACCEPTED + 50))" "$(json .events)"
check_eq "integrity_check" ok "$(sqlite3 "$DB" 'PRAGMA integrity_check')"

finish
