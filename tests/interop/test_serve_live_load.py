"""`mailsim serve --web` under load, small: viewers attached while SMTP sessions run all end
with the server's counts; a viewer that never reads is disconnected without holding up the
others. (tests/bench/bench_live.py runs the full 30 viewers x 200 sessions x 10 messages and
prints the throughput with and without viewers.)
"""
import os
import smtplib
import tempfile
import threading
import time

from live_viewer import Viewer
from serve_helper import HOST, Checks, Server

SESSIONS, MESSAGES, VIEWERS = 8, 5, 4
c = Checks()
web = tempfile.mkdtemp(prefix="mailsim-web-")
with open(os.path.join(web, "index.html"), "w") as f:
    f.write("<!doctype html><title>mailsim</title>\n")


def web_port(server):
    for line in server.output():
        if line.startswith("listening web "):
            return int(line.split()[2].rsplit(":", 1)[1])
    return None


def session(port, n):
    with smtplib.SMTP(HOST, port, timeout=20) as s:
        for i in range(MESSAGES):
            s.sendmail("load@example.com", ["bob@hamburger.edu"],
                       "Subject: load %d.%d\r\n\r\n%s" % (n, i, ("x" * 70 + "\r\n") * 30))


with Server("--web", "0", "--web-dir", web, "--web-queue", "65536",
            protos=("smtp",)) as server:
    deadline = time.time() + 10
    while web_port(server) is None and time.time() < deadline:
        time.sleep(0.02)
    port = web_port(server)
    viewers = [Viewer(port) for _ in range(VIEWERS)]
    # Never reads: a tiny receive window, so the server's queue for it fills soon.
    stuck = Viewer(port, rcvbuf=4096)
    readers = [threading.Thread(target=lambda v=v: [None for _ in iter(v.message, None)],
                                daemon=True) for v in viewers]
    for r in readers:
        r.start()

    threads = [threading.Thread(target=session, args=(server.smtp, n)) for n in range(SESSIONS)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("%d messages in %.2f s" % (SESSIONS * MESSAGES, time.time() - started))
    want = SESSIONS * MESSAGES
    end = time.time() + 5
    while time.time() < end and any(v.delivered < want for v in viewers):
        time.sleep(0.05)
    for i, v in enumerate(viewers):
        c.equal(v.delivered, want, "viewer %d's delivered count" % i)
        c.check(not v.closed, "viewer %d is still attached" % i)
    # It is disconnected once a message has been on its way to it for 5 s (the clock's
    # once-a-second batch keeps coming).
    end = time.time() + 10
    while time.time() < end and not any("does not read" in l for l in server.output()):
        time.sleep(0.1)
    dropped = [line for line in server.output() if "does not read; disconnected" in line]
    c.check(len(dropped) == 1, "the viewer that never reads is disconnected: %r" % server.output())
    # Its socket shows the server closed it (after what the kernel held).
    stuck.sock.settimeout(5)
    try:
        while stuck.message() is not None:
            pass
    except OSError:
        pass
    c.check(stuck.closed, "its connection is closed")
c.finish()
