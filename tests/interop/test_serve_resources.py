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

# --- pipelined output is bounded per command ----------------------------------------------
import smtplib  # noqa: E402

BIG = "".join("line %06d of a big message, to be fetched many times over\r\n" % i
              for i in range(3400))  # about 200 KB


def settle_rss(pid, seconds=3.0):
    """The largest RSS seen while the server works through what it was given."""
    peak = 0
    deadline = time.time() + seconds
    while time.time() < deadline:
        peak = max(peak, rss_kib(pid))
        time.sleep(0.05)
    return peak


with Server() as server:
    with smtplib.SMTP(HOST, server.smtp, timeout=20) as smtp:
        smtp.sendmail("carol@example.com", ["bob@hamburger.edu"],
                      "Subject: big\r\n\r\n" + BIG)
    idle = settle_rss(server.proc.pid, 0.5)
    loads = {
        "POP3 1,000 x RETR 1, never read": (server.pop3, b"USER bob\r\nPASS hungry\r\n" +
                                             b"RETR 1\r\n" * 1000),
        "IMAP 500 x FETCH 1 (BODY.PEEK[]), never read": (
            server.imap, b"a LOGIN bob hungry\r\nb SELECT INBOX\r\n" +
            b"".join(b"f%d FETCH 1 (BODY.PEEK[])\r\n" % i for i in range(500))),
        "SMTP 5,000 x NOOP, never read": (server.smtp, b"NOOP\r\n" * 5000),
    }
    stalled = []
    for what, (port, data) in loads.items():
        s = socket.create_connection((HOST, port), timeout=10)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        s.sendall(data)
        stalled.append(s)
        peak = settle_rss(server.proc.pid)
        grown = (peak - idle) / 1024
        print("%s: server RSS %.1f MiB over idle" % (what, grown))
        c.check(grown < 40, "%s: the server grows by %.1f MiB (bound: 40)" % (what, grown))
    # A normal client next to the three stalled ones: a round trip in milliseconds.
    start = time.time()
    c.check(greets(server.pop3, b"+OK"), "a new POP3 client next to the stalled ones")
    took = time.time() - start
    print("first round trip next to the stalled clients: %.1f ms" % (took * 1000))
    c.check(took < 0.5, "its greeting within 0.5 s (%.3f s)" % took)
    for s in stalled:
        reset(s)
    server.stop()

c.finish()
