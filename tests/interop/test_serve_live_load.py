"""`mailsim serve --web` under load, small: viewers attached while SMTP sessions run all end
with the server's counts; a viewer that stops reading for two seconds is resynchronised (a
fresh snapshot instead of its overflowing queue) and ends with the same counts; a viewer that
never reads is disconnected without holding up the others, and costs the server no CPU while
it waits for that. (tests/bench/bench_live.py runs the full 30 viewers x 200 sessions x 30
messages and prints the throughput with and without viewers.)
"""
import threading
import time

from live_viewer import Viewer
from serve_helper import Checks, Server, cpu_seconds, send_load, tiny_web_app, web_port

SESSIONS, MESSAGES, VIEWERS = 8, 20, 4
c = Checks()
web = tiny_web_app()



with Server("--web", "0", "--web-dir", web, "--web-queue", "65536",
            protos=("smtp",)) as server:
    port = web_port(server)
    viewers = [Viewer(port) for _ in range(VIEWERS)]
    # Never reads: a tiny receive window, so the server's queue for it fills soon.
    stuck = Viewer(port, rcvbuf=4096)
    # Reads nothing for two seconds while the load runs (a small receive buffer, so the kernel
    # does not take the stream for it), then reads again: its queue overflowed meanwhile.
    slow = Viewer(port, rcvbuf=8192)

    def read_slowly():
        time.sleep(2)
        while slow.message(keep=False) is not None:
            pass

    readers = [threading.Thread(target=lambda v=v: [None for _ in iter(v.message, None)],
                                daemon=True) for v in viewers]
    readers.append(threading.Thread(target=read_slowly, daemon=True))
    for r in readers:
        r.start()

    # Over about a second (a message every 50 ms per session): batches keep coming while the
    # slow viewer does not read, however the web thread is scheduled.
    threads = [threading.Thread(target=send_load,
                                args=(server.smtp, n, MESSAGES, "load@example.com",
                                      "bob@hamburger.edu", 30, 0.05))
               for n in range(SESSIONS)]
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
    end = time.time() + 10
    while time.time() < end and slow.delivered != want:
        time.sleep(0.05)
    c.check(slow.snapshots > 1, "the slow viewer was resynchronised (%d snapshots)" % slow.snapshots)
    c.equal(slow.delivered, want, "the slow viewer ends with the server's count")
    c.check(not slow.closed, "the slow viewer is still attached")
    # The one that never reads costs the server nothing while it waits to be disconnected
    # (its fresh snapshot was once made again and again: a third of a core for those 5 s).
    if not any("does not read" in l for l in server.output()):
        before = cpu_seconds(server.proc.pid)
        time.sleep(2)
        spent = cpu_seconds(server.proc.pid) - before
        c.check(spent < 0.2, "the server's CPU while a viewer does not read: %.2f s in 2 s" % spent)
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
