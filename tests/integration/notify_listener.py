#!/usr/bin/env python3
"""Plays systemd's side of sd_notify for notify_test.sh: receives the datagrams on
NOTIFY_SOCKET and writes one line per message to OUT. On READY=1 it first checks that eyed
answers on its Unix socket and on the TCP port its log names, and writes what it found, so the
test can tell READY came only once the listeners were serving."""
import http.client
import os
import re
import socket
import sys

notify_path, out_path, unix_path, log_path = sys.argv[1:5]


def unix_status():
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(5)
        s.connect(unix_path)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: eye\r\nConnection: close\r\n\r\n")
        reply = s.recv(64).decode(errors="replace")
        s.close()
        return reply.split(" ")[1] if reply.startswith("HTTP/") else "none"
    except OSError:
        return "none"


def tcp_status():
    with open(log_path, errors="replace") as log:
        found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", log.read())
    if not found:
        return "none"
    try:
        conn = http.client.HTTPConnection("127.0.0.1", int(found.group(1)), timeout=5)
        conn.request("GET", "/healthz")
        return str(conn.getresponse().status)
    except OSError:
        return "none"


server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
server.bind(notify_path)
with open(out_path, "a", buffering=1) as out:
    out.write("listening\n")
    while True:
        message = server.recv(4096).decode(errors="replace")
        if message == "QUIT":
            break
        line = message.replace("\n", " | ")
        if "READY=1" in message.split("\n"):
            line += f" [unix {unix_status()} tcp {tcp_status()}]"
        out.write(line + "\n")
