#!/usr/bin/env bash
# The scale-out example as README shows it (run by ctest as "integration(pg): haproxy" only):
# packaging/haproxy/eyed.cfg, its addresses replaced by free loopback ports, runs Debian's
# haproxy in front of three eyed on one PostgreSQL. Posts through the proxy are stored once,
# lists and the live tail through it see every instance's events, and when one instance is
# killed the proxy routes around it without a failed request.
source "$(dirname "$0")/lib.sh"
[ "$STORE" == postgres ] || { echo "FAIL: haproxy_test.sh needs EYE_TEST_DB (run it under tests/pg/pg_harness.sh)"; exit 1; }
command -v haproxy >/dev/null || { echo "FAIL: haproxy is missing: run packaging/install-deps.sh"; exit 1; }
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"

HAPROXY_PID=""
stop_all() {
  [ -n "$HAPROXY_PID" ] && kill "$HAPROXY_PID" 2>/dev/null && wait "$HAPROXY_PID" 2>/dev/null
  stop_instances
  if [ "$FAILURES" -gt 0 ]; then echo "--- haproxy.log ---"; grep -v '^$' "$WORK/haproxy.log" | tail -30; fi
}
trap 'stop_all; cleanup' EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

for n in 1 2 3; do launch_instance "$n"; done
for n in 1 2 3; do await_instance "$n"; done

# The example, with the proxy's, the stats page's and the instances' addresses made local.
PROXY_PORT=$(free_port)
STATS_PORT=$(free_port)
sed -e "s/^\( *bind \):8000$/\1127.0.0.1:$PROXY_PORT/" \
    -e "s/^\( *bind \)127\.0\.0\.1:8404$/\1127.0.0.1:$STATS_PORT/" \
    -e "s/^\( *server eyed\([123]\) \)10\.0\.0\.1[123]:8000$/\1127.0.0.1:PORT_\2/" \
    "$SOURCE_DIR/packaging/haproxy/eyed.cfg" >"$WORK/haproxy.cfg"
for n in 1 2 3; do sed -i "s/PORT_$n\$/${INSTANCE_PORT[$n]}/" "$WORK/haproxy.cfg"; done
check_eq "the test's configuration is the example with five addresses changed" 5 \
  "$(diff "$SOURCE_DIR/packaging/haproxy/eyed.cfg" "$WORK/haproxy.cfg" | grep -c '^>')"
haproxy -c -q -f "$WORK/haproxy.cfg" || fail "haproxy -c refuses the configuration: $(haproxy -c -f "$WORK/haproxy.cfg" 2>&1)"
haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
PROXY="http://127.0.0.1:$PROXY_PORT"

# server_status N: what haproxy's health checks (GET /readyz) make of instance N: UP, DOWN, ...
server_status() { curl -s "http://127.0.0.1:$STATS_PORT/stats;csv" | awk -F, -v s="eyed$1" '$1 == "eyed" && $2 == s {print $18}'; }
status_is() { [ "$(server_status "$1")" == "$2" ]; }
for n in 1 2 3; do
  wait_for "haproxy to find instance $n ready" 20 status_is "$n" UP || { cat "$WORK/haproxy.log"; exit 1; }
done

JSONH=(-H 'Content-Type: application/json')
ev() { printf '{"session_id":"s-%s","category":"%s","name":"n","timestamp":"2021-03-01T00:%02d:00Z","event_id":"%s-%s"}' \
  "$2" "$1" $(($2 % 60)) "$1" "$2"; }
# post_through CATEGORY FROM TO: posts events FROM..TO through the proxy; prints each status.
post_through() {
  local i
  for i in $(seq "$2" "$3"); do curl -s -o /dev/null -w '%{http_code}\n' "${JSONH[@]}" -d "$(ev "$1" "$i")" "$PROXY/events/"; done
}
committed_by() { curl -s "http://127.0.0.1:${INSTANCE_PORT[$1]}/healthz" | jq -r .committed_events; }

# --- posts land once, spread over the instances ---
before=(0 "$(committed_by 1)" "$(committed_by 2)" "$(committed_by 3)")
check_eq "90 posts through the proxy: all 201" "201 x90" "$(post_through spread 1 90 | sort | uniq -c | awk '{print $2 " x" $1}')"
check_eq "the same 90 again: all 200 (duplicates)" "200 x90" "$(post_through spread 1 90 | sort | uniq -c | awk '{print $2 " x" $1}')"
check_eq "stored once each" 90 "$(psql_eye "SELECT count(*) FROM events WHERE category = 'spread'")"
# Each instance's /healthz reads the count the writers of all of them keep (no count(*)).
for n in 1 2 3; do
  check_eq "instance $n's /healthz counts every instance's events" "$(psql_eye 'SELECT count(*) FROM events')" \
    "$(curl -s "http://127.0.0.1:${INSTANCE_PORT[$n]}/healthz" | jq -r .events)"
done
for n in 1 2 3; do
  took=$(( $(committed_by "$n") - ${before[$n]} ))
  if [ "$took" -gt 0 ]; then pass; else fail "instance $n committed none of the proxied events (leastconn spreads them)"; fi
done

# --- reads through the proxy see all of them, whichever instance answers ---
"$EYE" --url "$PROXY" list --category spread -n 0 -q >"$WORK/listed"
check_eq "eye list through the proxy pages through all 90, each once" "90 90" \
  "$(wc -l <"$WORK/listed") $(sort -u "$WORK/listed" | wc -l)"
BODY=$(curl -s "$PROXY/events/?category=spread&page_size=10")
check_contains "next links name the proxy" "127.0.0.1:$PROXY_PORT" "$(jq -r .next <<<"$BODY")"
for spelling in /metrics //metrics /metrics/ /%6detrics; do
  check_eq "metrics are not served through the proxy ($spelling)" 403 \
    "$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "$PROXY$spelling")"
done

# --- a follower through the proxy sees events posted through it (to every instance) ---
curl -sN -H 'Accept: application/x-ndjson' "$PROXY/events/stream?category=follow" >"$WORK/follow.ndjson" &
FOLLOWER=$!
followers_total() { local n t=0; for n in 1 2 3; do t=$((t + $(curl -s "http://127.0.0.1:${INSTANCE_PORT[$n]}/healthz" | jq .followers))); done; echo "$t"; }
followers_are() { [ "$(followers_total)" == "$1" ]; }
wait_for "the follower to be attached through the proxy" 10 followers_are 1
post_through follow 1 30 >/dev/null
wait_for "the follower to see the 30 events" 20 bash -c "[ \$(grep -c . '$WORK/follow.ndjson') -ge 30 ]"
check_eq "it saw each once, in id order" "$(psql_eye "SELECT id FROM events WHERE category = 'follow' ORDER BY id")" \
  "$(jq -r .id "$WORK/follow.ndjson")"
kill "$FOLLOWER"; wait "$FOLLOWER" 2>/dev/null

# --- one instance killed: the proxy routes around it, no request fails ---
kill -KILL "${INSTANCE_PID[2]}"
wait "${INSTANCE_PID[2]}" 2>/dev/null
unset 'INSTANCE_PID[2]'
check_eq "60 posts right after kill -9 of instance 2: all 201" "201 x60" \
  "$(post_through survive 1 60 | sort | uniq -c | awk '{print $2 " x" $1}')"
# haproxy's log counts retries last in "actconn/feconn/beconn/srv_conn/retries"; "+N" when the
# request went to another server: proof that requests met the dead instance and moved on.
redispatched() { grep -q '/+[0-9][0-9]* [0-9][0-9]*/[0-9][0-9]* "POST /events/' "$WORK/haproxy.log"; }
wait_for "haproxy to log requests it moved off the dead instance" 10 redispatched
wait_for "haproxy to take instance 2 out" 20 status_is 2 DOWN
check_eq "60 more with it out: all 201" "201 x60" "$(post_through survive 61 120 | sort | uniq -c | awk '{print $2 " x" $1}')"
check_eq "every one stored once" 120 "$(psql_eye "SELECT count(DISTINCT event_id) FROM events WHERE category = 'survive'")"
check_eq "and listed through the proxy" 120 "$("$EYE" --url "$PROXY" list --category survive -n 0 -q | wc -l)"
check_eq "the other two stay in" "UP UP" "$(server_status 1) $(server_status 3)"
finish
