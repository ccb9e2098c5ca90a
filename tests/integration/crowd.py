#!/usr/bin/env python3
"""A hostile crowd for eyed, and honest clients beside it (load_test.sh, make bench-load, make soak).

The crowd: --idle keep-alive connections that each made one request and then stay silent, and
--slowloris connections that send a request's headers one byte every --slow-every seconds and are
replaced by a new one whenever eyed closes them. Honest clients (--honest threads, --events POSTs
each over one keep-alive connection) run once the whole crowd is connected. Standard library only.

Prints one JSON report on stdout: the honest clients' acknowledged event ids and failures, every
slowloris connection's lifetime (connect to eyed's close), and the idle connections eyed closed.
With --honest 0 it holds the crowd until --hold seconds pass or SIGTERM, printing "ready" on
stderr once the crowd is in (for benchmarks that bring their own honest clients).
"""
import argparse
import http.client
import json
import selectors
import signal
import socket
import sys
import threading
import time

IDLE_REQUEST = b"GET /healthz HTTP/1.1\r\nHost: crowd\r\n\r\n"
# A request whose headers never end: one more byte of an endless header value at a time.
SLOW_START = b"POST /events/ HTTP/1.1\r\nHost: crowd\r\nContent-Type: application/json\r\nX-Slow: "


def read_reply(sock):
    """Reads one HTTP reply with a Content-Length body from a blocking socket; returns the status."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed before the reply's headers")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed inside the reply's body")
        body += chunk
    return int(lines[0].split()[1])


class Crowd:
    """The idle and slowloris connections, all watched by one thread."""

    def __init__(self, host, port, idle, slowloris, slow_every):
        self.address = (host, port)
        self.slow_every = slow_every
        self.wanted_slow = slowloris
        self.wanted_idle = idle
        self.selector = selectors.DefaultSelector()
        self.lock = threading.Lock()
        self.replacing = True  # slowloris connections closed by eyed are replaced
        self.stopping = False
        self.idle_open = 0
        self.idle_failed = []  # why an idle connection could not be set up
        self.idle_closed_by_server = 0
        self.idle_answered = 0  # idle connections whose one request was answered
        self.slow_lifetimes = []  # seconds from connect to eyed's close, per closed slowloris
        self.slow_refused = 0  # connections eyed closed before they were established as slow ones
        self.slow_open = {}  # socket -> [connected_at, next_byte_at]

    def open_idle(self):
        """Connects the idle crowd; each sends one request, whose reply the watcher reads."""
        for _ in range(self.wanted_idle):
            try:
                s = socket.create_connection(self.address, timeout=10)
                s.sendall(IDLE_REQUEST)
            except OSError as e:
                self.idle_failed.append(str(e))
                continue
            s.setblocking(False)
            self.selector.register(s, selectors.EVENT_READ, "idle")
            self.idle_open += 1

    def wait_idle_answered(self, seconds):
        """Waits until every idle connection had its reply (or `seconds` passed); True if all did."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                if self.idle_answered + self.idle_closed_by_server >= self.wanted_idle - len(self.idle_failed):
                    return True
            time.sleep(0.05)
        return False

    def open_slow(self):
        try:
            s = socket.create_connection(self.address, timeout=10)
            s.sendall(SLOW_START)
        except OSError:
            self.slow_refused += 1
            return
        s.setblocking(False)
        now = time.monotonic()
        self.slow_open[s] = [now, now + self.slow_every]
        self.selector.register(s, selectors.EVENT_READ, "slow")

    def closed(self, s, kind):
        self.selector.unregister(s)
        s.close()
        if kind.startswith("idle"):
            self.idle_open -= 1
            self.idle_closed_by_server += 1
            return
        connected_at, _ = self.slow_open.pop(s)
        self.slow_lifetimes.append(time.monotonic() - connected_at)
        if self.replacing and not self.stopping:
            self.open_slow()

    def run(self):
        """Watches the crowd until stop(); meant for a thread of its own."""
        while not self.stopping:
            for key, _ in self.selector.select(timeout=0.05):
                s, kind = key.fileobj, key.data
                try:
                    data = s.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data = b""
                if not data:  # eyed closed it (a 400 before the close is read and dropped)
                    with self.lock:
                        self.closed(s, kind)
                elif kind == "idle":  # its reply (small: one read)
                    with self.lock:
                        self.idle_answered += 1
                    self.selector.modify(s, selectors.EVENT_READ, "idle-answered")
            now = time.monotonic()
            for s, times in list(self.slow_open.items()):
                if times[1] <= now:
                    times[1] = now + self.slow_every
                    try:
                        s.send(b"x")
                    except OSError:
                        pass  # reset: the next select() reads the close

    def stop(self):
        self.stopping = True

    def close_all(self):
        for key in list(self.selector.get_map().values()):
            key.fileobj.close()
        self.selector.close()


def honest_client(address, index, events, run_id, results):
    """POSTs `events` unique events over one keep-alive connection; records ids and failures."""
    acked, failures = [], []
    conn = http.client.HTTPConnection(*address, timeout=30)
    session = "load-%s-%d" % (run_id, index)
    started = time.monotonic()
    for seq in range(events):
        body = json.dumps({"session_id": session, "category": "load", "name": "honest", "data": {"seq": seq}})
        try:
            conn.request("POST", "/events/", body, {"Content-Type": "application/json"})
            reply = conn.getresponse()
            text = reply.read()
            if reply.status in (200, 201):
                acked.append(json.loads(text)["id"])
            else:
                failures.append("HTTP %d %s" % (reply.status, text[:200].decode("utf-8", "replace")))
        except (OSError, http.client.HTTPException) as e:
            failures.append("%s: %s" % (type(e).__name__, e))
            conn.close()
            conn = http.client.HTTPConnection(*address, timeout=30)
    results[index] = {"acked": acked, "failures": failures, "seconds": time.monotonic() - started}
    conn.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--idle", type=int, default=500, help="idle keep-alive connections")
    p.add_argument("--slowloris", type=int, default=200, help="connections trickling their headers")
    p.add_argument("--slow-every", type=float, default=1.0, help="seconds between a slowloris client's bytes")
    p.add_argument("--honest", type=int, default=8, help="honest clients (threads); 0: hold the crowd only")
    p.add_argument("--events", type=int, default=200, help="events each honest client posts")
    p.add_argument("--hold", type=float, default=3600, help="with --honest 0: seconds to hold the crowd")
    p.add_argument("--settle", type=float, default=30,
                   help="after the honest clients: seconds to wait at most for eyed to close the slowloris ones")
    a = p.parse_args()

    crowd = Crowd(a.host, a.port, a.idle, a.slowloris, a.slow_every)
    started = time.monotonic()
    crowd.open_idle()
    for _ in range(a.slowloris):
        crowd.open_slow()
    watcher = threading.Thread(target=crowd.run, daemon=True)
    watcher.start()
    all_answered = crowd.wait_idle_answered(a.settle)
    report = {"crowd_connect_seconds": round(time.monotonic() - started, 3), "idle_all_answered": all_answered}

    if a.honest == 0:
        done = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: done.set())
        print("ready", file=sys.stderr, flush=True)
        done.wait(a.hold)
    else:
        results = [None] * a.honest
        run_id = "%x" % int(time.time() * 1000)
        threads = [threading.Thread(target=honest_client, args=((a.host, a.port), i, a.events, run_id, results))
                   for i in range(a.honest)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.monotonic() - t0
        report["honest"] = {
            "run_id": run_id,
            "acked": sorted(i for r in results for i in r["acked"]),
            "failures": [f for r in results for f in r["failures"]],
            "seconds": round(seconds, 3),
            "events_per_s": round(sum(len(r["acked"]) for r in results) / seconds, 1),
        }
        report["idle_open_during_honest"] = crowd.idle_open
        # No more replacements: every slowloris connection still open must now be closed by eyed.
        crowd.replacing = False
        deadline = time.monotonic() + a.settle
        while crowd.slow_open and time.monotonic() < deadline:
            time.sleep(0.05)
    crowd.stop()
    watcher.join()
    report["idle"] = {"opened": a.idle - len(crowd.idle_failed), "failed": crowd.idle_failed[:5],
                      "failed_count": len(crowd.idle_failed), "answered": crowd.idle_answered,
                      "closed_by_server": crowd.idle_closed_by_server}
    lifetimes = crowd.slow_lifetimes
    report["slowloris"] = {"closed_by_server": len(lifetimes), "still_open": len(crowd.slow_open),
                           "refused": crowd.slow_refused,
                           "longest_seconds": round(max(lifetimes), 3) if lifetimes else None,
                           "shortest_seconds": round(min(lifetimes), 3) if lifetimes else None}
    crowd.close_all()
    json.dump(report, sys.stdout)
    print()


if __name__ == "__main__":
    main()
