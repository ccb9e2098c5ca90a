#!/usr/bin/env bash
# Twenty kill -9 cycles under mixed load, on one database: single events, NDJSON batches,
# repeats of acknowledged events and refused events, all with client event_ids. Each cycle
# starts eyed, lets the load run until something was acknowledged and then a random moment
# more, and kills eyed. At the end every acknowledged event is stored exactly once under the id
# its acknowledgement gave, every refusal the client was told of has its record, SQLite's
# integrity_check is ok, and the session summaries and statistics rollups equal what the
# events themselves add up to (recomputed with the migration's own queries).
source "$(dirname "$0")/lib.sh"
CYCLES=${CRASH_CYCLES:-20}
THREADS=4

# The load driver: THREADS connections posting until eyed stops answering. Appends to
# $WORK/acked "event_id id" for each event acknowledged (201, a batch's id, or a duplicate's
# original id), to $WORK/refused one line per refusal received, and to $WORK/problems any reply
# that contradicts an earlier one.
cat >"$WORK/driver.py" <<'PY'
import http.client, json, random, sys, threading
port, cycle, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lock = threading.Lock()
def note(name, line):
    with lock, open(f"{work}/{name}", "a") as f:
        f.write(line + "\n")

def event(tag, n, when):
    return {"session_id": f"cycle-s{n % 7}", "category": "crash", "name": f"kind{n % 3}",
            "timestamp": f"2021-01-0{1 + n % 3}T{when % 24:02d}:{n % 60:02d}:00Z",
            "data": {"path": f"/p{n % 5}", "n": n, "tag": tag}, "event_id": tag}

def worker(t):
    rng = random.Random(f"{cycle}-{t}")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    acked = []  # (event, id) acknowledged on this thread, for repeats
    serial = 0
    def post(body, content_type):
        connection.request("POST", "/events/", body, {"Content-Type": content_type})
        reply = connection.getresponse()
        return reply.status, json.loads(reply.read())
    try:
        while True:
            serial += 1
            tag = f"c{cycle}-t{t}-{serial}"
            kind = rng.random()
            if kind < 0.4:
                e = event(tag, serial * 10 + t, serial)
                status, body = post(json.dumps(e), "application/json")
                if status != 201:
                    note("problems", f"single {tag}: {status} {body}")
                    continue
                note("acked", f"{tag} {body['id']}")
                acked.append((e, body["id"]))
            elif kind < 0.7:
                events = [event(f"{tag}-{i}", serial * 10 + i, serial + i) for i in range(rng.randint(2, 40))]
                bad = rng.randrange(len(events))
                del events[bad]["name"]  # one refused inside the batch: the rest still count
                status, body = post("\n".join(json.dumps(e) for e in events) + "\n", "application/x-ndjson")
                if status != 200 or len(body["rejected"]) != 1:
                    note("problems", f"batch {tag}: {status} {body}")
                    continue
                for e, id in zip(events, body["ids"]):
                    if id is not None:
                        note("acked", f"{e['event_id']} {id}")
                        acked.append((e, id))
                note("refused", tag)
            elif kind < 0.85 and acked:
                e, id = rng.choice(acked)
                status, body = post(json.dumps(e), "application/json")
                if status != 200 or not body.get("duplicate") or body["id"] != id:
                    note("problems", f"repeat of {e['event_id']} (id {id}): {status} {body}")
            else:
                e = event(tag, serial, serial)
                e["timestamp"] = "not a time"
                status, body = post(json.dumps(e), "application/json")
                if status != 400:
                    note("problems", f"refusal {tag}: {status} {body}")
                    continue
                note("refused", tag)
    except (OSError, http.client.HTTPException, ValueError):
        return  # eyed was killed: a request in flight has no answer, and counts as nothing

threads = [threading.Thread(target=worker, args=(t,)) for t in range(int(sys.argv[4]))]
for thread in threads: thread.start()
for thread in threads: thread.join()
PY

: >"$WORK/acked"
: >"$WORK/refused"
: >"$WORK/problems"
acked_lines() { wc -l <"$WORK/acked"; }
acked_beyond() { [ "$(acked_lines)" -gt "$1" ]; }
for cycle in $(seq 1 "$CYCLES"); do
  start_eyed
  BEFORE=$(acked_lines)
  python3 "$WORK/driver.py" "$PORT" "$cycle" "$WORK" "$THREADS" &
  DRIVER=$!
  # Under load for sure, then a random moment (0-0.5 s) more: the kill lands anywhere in a
  # request, a commit or a reply.
  wait_for "cycle $cycle: an acknowledged event" 30 acked_beyond "$BEFORE"
  sleep "$(printf '0.%03d' $((RANDOM % 500)))"
  kill -KILL "$EYED_PID"
  wait "$EYED_PID" 2>/dev/null
  EYED_PID=""
  wait "$DRIVER"
done
check_eq "no reply contradicted another" "" "$(cat "$WORK/problems")"

start_eyed
q() { sqlite3 "$DB" "$1"; }
check_eq "integrity_check after $CYCLES kills" ok "$(q 'PRAGMA integrity_check')"
# Every acknowledged event_id stored exactly once, under the acknowledged id.
sort -u "$WORK/acked" >"$WORK/acked.sorted"
q "SELECT event_id || ' ' || id FROM events WHERE category = 'crash'" | sort >"$WORK/stored"
check_eq "every acknowledged event is stored under its id ($(wc -l <"$WORK/acked.sorted") acknowledged)" "" \
  "$(comm -23 "$WORK/acked.sorted" "$WORK/stored" | head -5)"
check_eq "no event_id stored twice" "" "$(q "SELECT event_id FROM events GROUP BY event_id HAVING count(*) > 1")"
check_eq "no acknowledgement names two ids for one event" "" "$(cut -d' ' -f1 "$WORK/acked.sorted" | uniq -d | head -5)"
REFUSED=$(wc -l <"$WORK/refused")
RECORDED=$(q "SELECT count(*) FROM errors WHERE category = 'crash'")
if [ "$RECORDED" -ge "$REFUSED" ] && [ "$REFUSED" -gt 0 ]; then pass; else
  fail "refusals told to the client: $REFUSED; recorded: $RECORDED"
fi
# The summaries and rollups the writer keeps, against the events they summarise.
differs() {  # differs QUERY_A QUERY_B: the rows of either that the other lacks
  q "SELECT 'missing', * FROM ($1 EXCEPT $2) UNION ALL SELECT 'extra', * FROM ($2 EXCEPT $1) LIMIT 5"
}
check_eq "sessions agree with the events" "" "$(differs \
  'SELECT session_id, min(timestamp), max(timestamp), count(*) FROM events GROUP BY session_id' \
  'SELECT session_id, first_seen, last_seen, events FROM sessions')"
check_eq "session entry and exit pages agree with the events" "" "$(differs \
  "SELECT s.session_id,
     (SELECT json_extract(data, '$.path') FROM events e WHERE e.session_id = s.session_id ORDER BY timestamp, id LIMIT 1),
     (SELECT json_extract(data, '$.path') FROM events e WHERE e.session_id = s.session_id ORDER BY timestamp DESC, id DESC LIMIT 1)
   FROM sessions s" \
  'SELECT session_id, entry, exit FROM sessions')"
check_eq "session parts agree with the events" "" "$(differs \
  'SELECT session_id, app, category, name, count(*) FROM events GROUP BY 1, 2, 3, 4' \
  'SELECT session_id, app, category, name, events FROM session_parts')"
check_eq "rollups agree with the events" "" "$(differs \
  'SELECT timestamp - timestamp % 900000000, category, name, app, count(*) FROM events GROUP BY 1, 2, 3, 4' \
  'SELECT slot, category, name, app, events FROM rollups')"
# And what the API counts from them matches the events.
http GET '/stats/?category=crash&after=2021-01-01&before=2021-01-04'
check_eq "GET /stats/ totals the stored events" "$(q "SELECT count(*) FROM events WHERE category = 'crash'")" "$(json .total)"
echo "$CYCLES cycles: $(wc -l <"$WORK/acked.sorted") events acknowledged, $REFUSED refusals"

finish
