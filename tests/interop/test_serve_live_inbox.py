"""`mailsim serve --web` when the live stream falls behind the world: the serve loop's inbox
to the web thread is bounded (200,000 events by default; --web-inbox 20 here, so it is full
many times a second). No event may go missing from the stream's picture: the loop folds the
backlog itself and every viewer gets a fresh snapshot, so the viewers that follow and one
that attaches afterwards all show the server's counts and bob's mailbox as POP3 lists it.
A trace window too small for one round of events is the one loss left: it is logged.
"""
import json
import poplib
import threading
import time

from live_viewer import Viewer
from serve_helper import HOST, Checks, Server, send_load, tiny_web_app, web_port

SESSIONS, MESSAGES, VIEWERS = 6, 5, 2
WANT = SESSIONS * MESSAGES
c = Checks()
web = tiny_web_app()



def inbox_in(snapshot, address):
    """Bob's INBOX as a new viewer folds it: the snapshot's view, then its events."""
    mailbox = snapshot["view"]["mailboxes"].get(address, {})
    count = len(mailbox.get("folders", {}).get("INBOX", []))
    count += sum(1 for e in snapshot["events"]
                 if e["kind"] == "delivered" and e.get("mailbox") == address + "/INBOX")
    return count


with Server("--web", "0", "--web-dir", web, "--web-inbox", "20",
            protos=("smtp", "pop3")) as server:
    port = web_port(server)
    viewers = [Viewer(port) for _ in range(VIEWERS)]
    readers = [threading.Thread(target=lambda v=v: [None for _ in iter(v.message, None)],
                                daemon=True) for v in viewers]
    for r in readers:
        r.start()
    threads = [threading.Thread(target=send_load,
                                args=(server.smtp, n, MESSAGES, "alice@hamburger.edu"))
               for n in range(SESSIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    pop = poplib.POP3(HOST, server.pop3, timeout=10)
    pop.user("bob")
    pop.pass_("hungry")
    listed = pop.stat()[0]
    pop.quit()
    c.equal(listed, WANT, "bob's maildrop as POP3 lists it")

    end = time.time() + 10
    while time.time() < end and any(v.delivered != WANT for v in viewers):
        time.sleep(0.05)
    for i, v in enumerate(viewers):
        c.equal(v.delivered, WANT, "viewer %d's delivered count" % i)
        c.check(not v.closed, "viewer %d is still attached" % i)
        c.check(v.snapshots > 1, "viewer %d was resynchronised (%d snapshots)" % (i, v.snapshots))

    late = Viewer(port)
    snapshot = json.loads(late.message())
    c.equal(snapshot["type"], "snapshot", "the late viewer's first message")
    delivered = snapshot["view"]["counters"].get("delivered", 0)
    delivered += sum(1 for e in snapshot["events"] if e["kind"] == "delivered")
    c.equal(delivered, WANT, "the late viewer's snapshot counts every delivery")
    c.equal(inbox_in(snapshot, "bob@hamburger.edu"), WANT,
            "the late viewer's snapshot has every message in bob's INBOX")
    late.close()
    behind = [line for line in server.output() if "events behind the world" in line]
    c.check(behind, "the server says the stream fell behind: %r" % server.output()[-10:])

# What the stream cannot make good: a trace window so small (--trace-window 5) that it drops
# events within one round, before the loop reads them. The server says so, once.
with Server("--web", "0", "--web-dir", web, "--trace-window", "5", protos=("smtp",)) as server:
    web_port(server)
    send_load(server.smtp, 0, 3)
    end = time.time() + 5
    while time.time() < end and not any("trace window dropped" in l for l in server.output()):
        time.sleep(0.05)
    said = [l for l in server.output() if "web: the trace window dropped" in l]
    c.equal(len(said), 1, "a window too small for a round is logged once: %r" % said)
c.finish()
