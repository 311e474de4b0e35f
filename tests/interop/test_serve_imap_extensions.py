#!/usr/bin/python3
"""`mailsim serve`'s IMAP extensions against Python's imaplib and raw sockets: CAPABILITY
before and after login, UIDPLUS (APPENDUID, COPYUID, UID EXPUNGE), MOVE, NAMESPACE, ENABLE,
SPECIAL-USE in LIST, LITERAL+/LITERAL- and IDLE (imaplib has no IDLE before Python 3.14, so
the idling session is a raw socket): another session's APPEND, STORE and EXPUNGE must reach
the idling one at once, without it sending anything. SASL-IR with curl (imaplib 3.11 never
sends an initial response), and the IDLE keepalive ("* OK Still here")."""
import imaplib
import re
import smtplib
import socket
import subprocess
import time

from serve_helper import HOST, Checks, Server

c = Checks()
MESSAGE = b"From: alice@hamburger.edu\r\nTo: bob@hamburger.edu\r\nSubject: ext\r\n\r\nhi\r\n"


class Raw:
    """A line-oriented IMAP connection that shows exactly what the server sent."""

    def __init__(self, port):
        self.sock = socket.create_connection((HOST, port), timeout=10)
        self.buffer = b""

    def send(self, data):
        self.sock.sendall(data)

    def line(self, timeout=10):
        deadline = time.time() + timeout
        while b"\r\n" not in self.buffer:
            left = deadline - time.time()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return None
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def until(self, tag, timeout=10):
        """Lines up to and including the tagged reply."""
        lines = []
        while True:
            line = self.line(timeout)
            if line is None:
                return lines
            lines.append(line)
            if line.startswith(tag + b" "):
                return lines

    def close(self):
        self.sock.close()


with Server(protos=("smtp", "imap")) as server:
    # --- CAPABILITY: before login only what a login can use -----------------------------
    imap = imaplib.IMAP4(HOST, server.imap, timeout=10)
    before = set(imap.capabilities)
    c.check("LITERAL-" in before and "IDLE" not in before,
            "before login: LITERAL-, no IDLE: %r" % (imap.capabilities,))
    c.check("SASL-IR" in before and "AUTH=PLAIN" in before,
            "before login: SASL-IR with AUTH=PLAIN (RFC 4959): %r" % (imap.capabilities,))
    typ, data = imap.login("bob", "hungry")
    c.check(b"[CAPABILITY " in data[0] and b"UIDPLUS" in data[0],
            "LOGIN's OK carries the new list: %r" % data)
    typ, data = imap.capability()
    after = set(data[0].decode().split())
    for name in ("IMAP4rev1", "LITERAL+", "ENABLE", "IDLE", "NAMESPACE", "UIDPLUS", "MOVE",
                 "SPECIAL-USE"):
        c.check(name in after, "after login CAPABILITY lists %s: %r" % (name, data))

    # --- NAMESPACE, ENABLE, SPECIAL-USE ----------------------------------------------------
    typ, data = imap.namespace()
    c.equal((typ, data), ("OK", [b'(("" "/")) NIL NIL']), "NAMESPACE")
    typ, data = imap._simple_command("ENABLE", "CONDSTORE")
    c.equal(typ, "OK", "ENABLE")
    c.equal(imap.untagged_responses.pop("ENABLED", None), [b""], "nothing enabled")
    for folder in ("Sent", "Trash"):
        imap.create(folder)
    typ, data = imap.list()
    listed = b"\n".join(data)
    c.check(b"\\Sent) \"/\" Sent" in listed and b"\\Trash) \"/\" Trash" in listed,
            "LIST shows \\Sent and \\Trash: %r" % data)

    # --- UIDPLUS: APPENDUID, COPYUID, UID EXPUNGE; MOVE -------------------------------------
    typ, data = imap.append("INBOX", None, None, MESSAGE)
    m = re.search(rb"\[APPENDUID (\d+) (\d+)\]", data[0])
    c.check(typ == "OK" and m, "APPEND answers APPENDUID: %r" % data)
    uid = m.group(2).decode() if m else "1"
    imap.append("INBOX", None, None, MESSAGE)
    imap.select("INBOX")
    # imaplib's uid() returns untagged data; the UIDPLUS codes are in the tagged reply.
    typ, data = imap._simple_command("UID", "COPY", uid, "Sent")
    m = re.search(rb"\[COPYUID (\d+) (\S+) (\S+)\]", data[0])
    c.check(typ == "OK" and m and m.group(2).decode() == uid,
            "UID COPY answers COPYUID with the source UID: %r" % data)
    typ, data = imap._simple_command("UID", "MOVE", uid, "Trash")
    moved = imap.untagged_responses.get("OK", [])
    c.check(typ == "OK" and any(b"COPYUID" in (x or b"") for x in moved),
            "UID MOVE: untagged OK [COPYUID ...]: %r %r" % (typ, moved))
    c.check(imap.untagged_responses.get("EXPUNGE"), "UID MOVE expunges the original")
    typ, data = imap.uid("SEARCH", None, "ALL")
    left = data[0].split()
    c.check(uid.encode() not in left, "the moved UID is gone from INBOX: %r" % data)
    # Two \Deleted messages, UID EXPUNGE names one: the other stays.
    imap.append("INBOX", None, None, MESSAGE)
    typ, data = imap.uid("SEARCH", None, "ALL")
    uids = data[0].split()
    imap.uid("STORE", b",".join(uids[-2:]), "+FLAGS.SILENT", "(\\Deleted)")
    typ, data = imap._simple_command("UID", "EXPUNGE", uids[-1])
    c.equal(typ, "OK", "UID EXPUNGE")
    typ, data = imap.uid("SEARCH", None, "DELETED")
    c.equal(data[0].split(), [uids[-2]], "UID EXPUNGE left the other \\Deleted message")
    imap.uid("STORE", uids[-2], "-FLAGS.SILENT", "(\\Deleted)")

    # --- LITERAL-: {n+} before login, no "+" in between -------------------------------------
    raw = Raw(server.imap)
    raw.line()
    raw.send(b"n1 LOGIN {3+}\r\nbob {6+}\r\nhungry\r\n")
    lines = raw.until(b"n1")
    c.check(len(lines) == 1 and lines[0].startswith(b"n1 OK"),
            "LOGIN with non-synchronizing literals, no continuation: %r" % lines)
    raw.close()
    raw = Raw(server.imap)
    raw.line()
    raw.send(b"t1 LOGIN bob {5000+}\r\n" + b"x" * 5000 + b"\r\n")
    lines = [raw.line(), raw.line(), raw.line()]
    c.check(lines[0] and lines[0].startswith(b"t1 BAD [TOOBIG]") and
            lines[1] and lines[1].startswith(b"* BYE") and lines[2] is None,
            "a too large {n+} before login: BAD [TOOBIG], BYE, closed: %r" % lines)
    raw.close()

    # --- IDLE: pushed while idling ----------------------------------------------------------
    idler = Raw(server.imap)
    idler.line()
    idler.send(b"i1 LOGIN bob hungry\r\ni2 SELECT INBOX\r\n")
    idler.until(b"i1")
    selected = idler.until(b"i2")
    exists = [int(l.split()[1]) for l in selected if l.endswith(b" EXISTS")]
    count = exists[0] if exists else 0
    idler.send(b"i3 IDLE\r\n")
    c.equal(idler.line(), b"+ idling", "IDLE's continuation")
    c.equal(idler.line(timeout=0.5), None, "nothing while nothing changes")

    started = time.time()
    imap.append("INBOX", None, None, MESSAGE)
    pushed = idler.line()
    latency = time.time() - started
    c.equal(pushed, b"* %d EXISTS" % (count + 1), "another session's APPEND is pushed")
    c.check(latency < 1.0, "pushed within a second (%.3f s)" % latency)
    recent = idler.line()
    c.check(recent is not None and recent.endswith(b" RECENT"), "then RECENT: %r" % recent)
    imap.noop()
    imap.store("1", "+FLAGS", "(\\Flagged)")
    flagged = idler.line()
    c.check(flagged is not None and flagged.startswith(b"* 1 FETCH (FLAGS (") and
            b"\\Flagged" in flagged, "another session's STORE is pushed: %r" % flagged)
    imap.store("1", "+FLAGS.SILENT", "(\\Deleted)")
    idler.line()  # the \Deleted flag change
    imap.expunge()
    c.equal(idler.line(), b"* 1 EXPUNGE", "another session's EXPUNGE is pushed")
    # Mail that arrives by SMTP (the MTA delivers into the same store) is pushed as well.
    started = time.time()
    with smtplib.SMTP(HOST, server.smtp, timeout=10) as smtp:
        smtp.sendmail("alice@hamburger.edu", ["bob@hamburger.edu"], MESSAGE)
    delivered = idler.line()
    smtp_latency = time.time() - started
    c.check(delivered is not None and delivered.endswith(b" EXISTS"),
            "mail delivered by SMTP is pushed to the idling session: %r" % delivered)
    idler.line()  # RECENT
    idler.send(b"DONE\r\n")
    c.equal(idler.line(), b"i3 OK IDLE completed", "DONE ends IDLE")
    idler.send(b"i4 NOOP\r\n")
    c.equal(idler.until(b"i4")[-1], b"i4 OK NOOP completed", "back in the selected state")
    print("IDLE push latency: %.1f ms after APPEND, %.1f ms after the SMTP session"
          % (latency * 1000, smtp_latency * 1000))
    idler.send(b"i5 LOGOUT\r\n")
    idler.close()
    imap.logout()
    server.stop()

# --- SASL-IR: a real client sends its answer with AUTHENTICATE (curl does when it is listed) --
with Server(protos=("imap",)) as server:
    result = subprocess.run(["curl", "-v", "-sS", "--max-time", "20", "-u", "bob:hungry",
                             "imap://%s:%d/" % (HOST, server.imap)],
                            capture_output=True, timeout=30)
    sent = [l for l in result.stderr.splitlines() if l.startswith(b"> ")]
    auth = [l for l in sent if b"AUTHENTICATE" in l]
    c.equal(result.returncode, 0, "curl imap:// LIST exit (%r)" % result.stderr[-300:])
    # "AUTHENTICATE PLAIN AGJvYgBodW5ncnk=": base64 of NUL bob NUL hungry, no "+" round trip.
    c.check(len(auth) == 1 and auth[0].split()[3:] == [b"PLAIN", b"AGJvYgBodW5ncnk="],
            "curl's AUTHENTICATE carries the initial response: %r" % sent)
    c.check(b"INBOX" in result.stdout, "then LIST: %r" % result.stdout)
    server.stop()

# --- IDLE keepalive: "* OK Still here" while idling; the autologout still counts silence ----
with Server("--imap-keepalive", "1", "--idle-timeout", "3", protos=("imap",)) as server:
    idler = Raw(server.imap)
    idler.line()
    idler.send(b"k1 LOGIN bob hungry\r\nk2 SELECT INBOX\r\n")
    idler.until(b"k2")
    idler.send(b"k3 IDLE\r\n")
    started = time.time()
    c.equal(idler.line(), b"+ idling", "IDLE's continuation")
    heard = []
    for _ in range(2):
        heard.append((idler.line(timeout=3), time.time() - started))
    c.equal([line for line, _ in heard], [b"* OK Still here"] * 2, "a keepalive every second")
    c.check(0.8 < heard[0][1] < 1.8 and 1.8 < heard[1][1] < 2.8,
            "at 1 s and 2 s: %r" % [round(t, 2) for _, t in heard])
    idler.send(b"DONE\r\n")
    c.equal(idler.line(), b"k3 OK IDLE completed", "DONE ends IDLE")
    idler.send(b"k4 IDLE\r\n")
    idle_from = time.time()
    idler.line()  # + idling
    rest = []
    while time.time() - idle_from < 8:
        line = idler.line(timeout=2)
        if line is None:
            break
        rest.append(line)
    silent = time.time() - idle_from
    # The client said nothing for --idle-timeout (3 s): keepalives do not keep it logged in
    # (RFC 2177: clients re-issue IDLE at least every 29 minutes).
    c.check(rest and rest[-1].startswith(b"* BYE Autologout"),
            "an idling client that stays silent is logged out: %r" % rest)
    c.check(2.5 < silent < 5.5, "after the autologout time (%.1f s)" % silent)
    idler.close()
    server.stop()

c.finish()
