#!/usr/bin/env bash
# Moving data: `eye admin export` writes every event (id order, with id and app) page by page;
# `eye import` stores them on another daemon under their apps, and a second run stores nothing
# twice. Runs on the test's store (SQLite, or PostgreSQL under tests/pg/pg_harness.sh): from
# one eyed on it into a second, fresh one on the same kind of store. With EXPORT_FROM=sqlite
# (under the harness: "integration(pg): sqlite to postgres") the source is a SQLite eyed and the
# target the PostgreSQL one, the move README describes.
source "$(dirname "$0")/lib.sh"

TARGET_DB=$DB
if [ "${EXPORT_FROM:-}" == sqlite ]; then
  [ "$STORE" == postgres ] || { echo "FAIL: EXPORT_FROM=sqlite needs EYE_TEST_DB (run it under tests/pg/pg_harness.sh)"; exit 1; }
  DB="$WORK/state/source.db"
elif [ "$STORE" == postgres ]; then
  psql_eye "CREATE DATABASE eye_target" >/dev/null || { echo "FAIL: cannot create the target database"; exit 1; }
  TARGET_DB="${EYE_TEST_DB%/eye}/eye_target"
else
  TARGET_DB="$WORK/state/target.db"
fi

# NDJSON events of every shape an export must carry through unchanged, per app.
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
def event(i, app):
    # Some session ids hold a tab, a backslash and a line break (COPY's escapes on PostgreSQL).
    e = {"session_id": f"{app}-s{i % 37}" + ("\t\\\n" if i % 101 == 0 else ""),
         "category": ["page interaction", "form interaction", "other"][i % 3],
         "name": ["pageview", "cta click", "submit", "ünïcode ✓"][i % 4],
         "timestamp": f"2021-0{1 + i % 4}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{i % 60:02d}.{i:06d}Z",
         # host, path, element and form: what the built-in schema asks of these types.
         "data": {"host": "h", "path": f"/p/{i}", "element": "e", "form": {"f": i}, "n": i, "f": i / 8,
                  "nested": {"a": [1, "two", None, True]},
                  "text": "quote \" backslash \\ tab \t ünï ✓ \U0001F600"}}
    if i % 2 == 0:
        e["event_id"] = f"{app}-{i}"
    return e
# anon's are sent over TCP without a key: their app is "anonymous".
for app, count in (("web", 1500), ("shop", 700), ("anon", 300)):
    with open(f"{work}/{app}.ndjson", "w") as f:
        for i in range(count):
            f.write(json.dumps(event(i, app), ensure_ascii=False) + "\n")
PY

start_eyed
curl -s -H 'Content-Type: application/x-ndjson' --data-binary "@$WORK/anon.ndjson" "$BASE/events/" >/dev/null
"$EYE" send --file "$WORK/web.ndjson" --app web >/dev/null 2>&1
"$EYE" send --file "$WORK/shop.ndjson" --app shop >/dev/null 2>&1
"$EYE" send --session local-1 --category other --name plain --data '{"k": 1}' --timestamp 2021-05-01T00:00:00Z >/dev/null
STORED=$(health .events)
check_eq "the source holds every event" 2501 "$STORED"

# Large events: a page of the export ends at 8 MiB (with at least one event), and the next
# page continues after it.
BIG=$(python3 -c 'print("x" * 900000)')
for i in $(seq 1 12); do
  printf '{"session_id":"big","category":"big","name":"n","timestamp":"2021-05-02T00:00:%02dZ","data":{"blob":"%s"}}' \
    "$i" "$BIG" | curl -s -o /dev/null -H 'Content-Type: application/json' --data-binary @- "$BASE/events/"
done
curl -s --unix-socket "$SOCK" -o "$WORK/big-page" "http://eye/admin/export?category=big&page_size=1000"
BIG_LINES=$(grep -c . "$WORK/big-page")
BIG_BYTES=$(stat -c %s "$WORK/big-page")
if [ "$BIG_LINES" -ge 1 ] && [ "$BIG_LINES" -lt 12 ] && [ "$BIG_BYTES" -lt $((9 << 20)) ]; then pass; else
  fail "a page of 12 events of 900 KB ends at 8 MiB: got $BIG_LINES events, $BIG_BYTES bytes"; fi
ALL_BIG=$("$EYE" admin export --category big 2>/dev/null | jq -r .id | xargs)
check_eq "eye admin export follows the pages to the last" 12 "$(wc -w <<<"$ALL_BIG")"
LAST=$(tail -1 "$WORK/big-page" | jq -r .id)
check_eq "the next page continues after the first page's last id" "$(tr ' ' '\n' <<<"$ALL_BIG" | tail -n $((12 - BIG_LINES)) | xargs)" \
  "$(curl -s --unix-socket "$SOCK" "http://eye/admin/export?category=big&after_id=$LAST" | jq -r .id | xargs)"
STORED=$((STORED + 12))

# --- export ---
"$EYE" admin export -o "$WORK/export.ndjson" 2>"$WORK/export.err"
check_eq "eye admin export exits 0" 0 "$?"
check_contains "and says how many it wrote" "exported $STORED events" "$(cat "$WORK/export.err")"
check_eq "one line per stored event" "$STORED" "$(grep -c . "$WORK/export.ndjson")"
check_eq "ids ascending, each once" "$(jq -r .id "$WORK/export.ndjson")" "$(jq -r .id "$WORK/export.ndjson" | sort -nu)"
check_eq "every app kept" "anonymous local shop web" "$(jq -r .app "$WORK/export.ndjson" | sort -u | xargs)"
check_eq "event_ids kept" 1250 "$(jq -r 'select(.event_id) | .id' "$WORK/export.ndjson" | wc -l)"
# Each line is the event as GET /events/{id}/ answers it, byte for byte (a sample of ids).
same=0
for id in $(jq -r .id "$WORK/export.ndjson" | awk 'NR % 250 == 1'); do
  [ "$(curl -s "$BASE/events/$id/")" == "$(jq -c "select(.id == $id)" "$WORK/export.ndjson" | head -1)" ] && same=$((same + 1))
done
check_eq "exported lines equal GET /events/{id}/" 11 "$same"
"$EYE" admin export --app shop --category other >"$WORK/shop-other.ndjson" 2>/dev/null
check_eq "filters apply to the export" "$(jq -r 'select(.app == "shop" and .category == "other") | .id' "$WORK/export.ndjson")" \
  "$(jq -r .id "$WORK/shop-other.ndjson")"
"$EYE" admin export >"$WORK/stdout.ndjson" 2>/dev/null
check_eq "without -o it writes standard output" "$(cat "$WORK/export.ndjson")" "$(cat "$WORK/stdout.ndjson")"
http GET /admin/export
check_eq "the export is not served over TCP" 404 "$STATUS"
"$EYE" --url "$BASE" admin export >/dev/null 2>&1
check_eq "eye admin export over TCP is a usage error" 2 "$?"

SOURCE_SESSIONS=$(curl -s "$BASE/sessions/?page_size=1" | jq .count)
SOURCE_STATS=$(curl -s "$BASE/stats/?by=app&bucket=month&after=2021-01-01&before=2021-06-01" | jq -c '[.series[] | [.key, .total]] | sort')
stop_eyed

# --- import into a fresh daemon ---
DB=$TARGET_DB
start_eyed
"$EYE" import "$WORK/export.ndjson" 2>"$WORK/import.err"
check_eq "eye import exits 0" 0 "$?"
check_contains "and counts what it stored" "imported $STORED events" "$(cat "$WORK/import.err")"
check_contains "all of them new" "$STORED new, 0 already stored, 0 rejected" "$(cat "$WORK/import.err")"
check_eq "the target holds every event" "$STORED" "$(health .events)"
"$EYE" admin export -o "$WORK/target.ndjson" 2>/dev/null
# Field by field, ids aside (the target assigns its own): the same events, each once.
canonical() { jq -cS 'del(.id)' "$1" | sort; }
if diff <(canonical "$WORK/export.ndjson") <(canonical "$WORK/target.ndjson") >"$WORK/diff"; then pass; else
  fail "the target's events differ from the source's: $(head -c 2000 "$WORK/diff")"; fi
check_eq "sessions as in the source" "$SOURCE_SESSIONS" "$(curl -s "$BASE/sessions/?page_size=1" | jq .count)"
check_eq "statistics as in the source" "$SOURCE_STATS" \
  "$(curl -s "$BASE/stats/?by=app&bucket=month&after=2021-01-01&before=2021-06-01" | jq -c '[.series[] | [.key, .total]] | sort')"

# --- a second run (and one from standard input) stores nothing twice ---
"$EYE" import "$WORK/export.ndjson" 2>"$WORK/again.err"
check_eq "a second import exits 0" 0 "$?"
check_contains "and stores nothing" "0 new, $STORED already stored" "$(cat "$WORK/again.err")"
"$EYE" import - <"$WORK/export.ndjson" 2>"$WORK/stdin.err"
check_contains "from standard input too" "0 new, $STORED already stored" "$(cat "$WORK/stdin.err")"
check_eq "the target still holds each event once" "$STORED" "$(health .events)"
check_eq "and its list counts them once" "$STORED" "$(curl -s "$BASE/events/?page_size=1" | jq .count)"

# --- what goes wrong says so ---
printf '%s\nnot json\n' "$(head -1 "$WORK/export.ndjson")" >"$WORK/broken.ndjson"
"$EYE" import "$WORK/broken.ndjson" >/dev/null 2>"$WORK/broken.err"
check_eq "a refused line makes eye import exit 1" 1 "$?"
check_contains "naming the line" "line 2: rejected" "$(cat "$WORK/broken.err")"
# An app the daemon cannot take (X-Eye-App) is that line's refusal, not its whole batch's.
printf '%s\n%s\n' "$(head -1 "$WORK/export.ndjson" | jq -c '.app = "Not An App" | .event_id = "bad-app"')" \
  "$(head -1 "$WORK/export.ndjson" | jq -c '.event_id = "good-after-bad-app"')" >"$WORK/bad-app.ndjson"
"$EYE" import "$WORK/bad-app.ndjson" >/dev/null 2>"$WORK/bad-app.err"
check_eq "an invalid app name: exit 1" 1 "$?"
check_contains "naming its line" 'line 1: rejected: invalid_field: app "Not An App"' "$(cat "$WORK/bad-app.err")"
check_contains "and the next line is stored" "1 new, 0 already stored, 1 rejected" "$(cat "$WORK/bad-app.err")"
"$EYE" import "$WORK/no-such-file" 2>"$WORK/missing.err"
check_eq "an unreadable file is a usage error" 2 "$?"
check_contains "that says why" "no such file" "$(cat "$WORK/missing.err")"
"$EYE" --url "$BASE" import "$WORK/export.ndjson" 2>/dev/null
check_eq "eye import over TCP is a usage error (the key would decide the app)" 2 "$?"
finish
