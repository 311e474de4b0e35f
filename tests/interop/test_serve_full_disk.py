#!/usr/bin/python3
"""`mailsim serve --state DIR` on a really full filesystem (a 1 MiB tmpfs mounted here).

RFC 5321 §6.1: a 250 takes responsibility for the message. Once the server answered 250 for
a message that was never written (ENOSPC) and then shut down; after a restart it was gone.
Here: smtplib sends until the disk is full and must get 452 4.3.1 (RFC 3463), never a 250 for
something not stored; the server keeps serving what it has; POP3 QUIT after DELE and IMAP
STORE/APPEND/EXPUNGE on the full disk answer errors and change nothing; once space is freed
mail is accepted again; after a restart every message that got a 250 is there, checked by the
hash of its body through poplib.

Needs root to mount (exit 77 = skipped, with the reason printed, where mounting is not
allowed)."""
import hashlib
import imaplib
import os
import poplib
import smtplib
import subprocess
import sys
import tempfile

from serve_helper import HOST, Checks, Server

SKIP = 77

root = tempfile.mkdtemp(prefix="mailsim-full-")
mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", root],
                         capture_output=True, text=True)
if mounted.returncode != 0:
    print("SKIPPED: cannot mount a small tmpfs here (%s)" % (mounted.stderr.strip() or
                                                            "not root"))
    os.rmdir(root)
    sys.exit(SKIP)

c = Checks()


def body_of(n):
    # 40 KiB of text unique to message n (lines of 76 hex digits).
    seed = hashlib.sha256(b"message %d" % n).hexdigest()
    lines = [(seed * 2)[i % 64:i % 64 + 76] + "%04d" % i for i in range(520)]
    return "\r\n".join(lines) + "\r\n"


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def send(port, n):
    """(code, text) of the end of DATA for message n."""
    message = ("From: carol@example.com\r\nTo: bob@hamburger.edu\r\nSubject: full %d\r\n\r\n"
               % n) + body_of(n)
    with smtplib.SMTP(HOST, port, timeout=20) as smtp:
        smtp.ehlo("full.example")
        smtp.mail("carol@example.com")
        smtp.rcpt("bob@hamburger.edu")
        code, text = smtp.data(message.encode())
        return code, text.decode()


def pop3_bodies(port):
    """Hashes of the bodies in bob's maildrop, in order."""
    pop = poplib.POP3(HOST, port, timeout=20)
    pop.user("bob")
    pop.pass_("hungry")
    hashes = []
    for i in range(1, pop.stat()[0] + 1):
        lines = pop.retr(i)[1]
        blank = lines.index(b"")
        hashes.append(digest("".join(l.decode() + "\r\n" for l in lines[blank + 1:])))
    pop.quit()
    return hashes


def fill_disk(path):
    """Writes a file until the filesystem is full; returns its path."""
    filler = os.path.join(path, "filler")
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"x" * 512)
    except OSError:
        pass
    os.close(fd)
    return filler


try:
    state = os.path.join(root, "state")
    accepted = []  # hashes of every message that got a 250
    refused = None
    # Ballast to free later, so that "space comes back" is more than the last page's slack.
    ballast = os.path.join(root, "ballast")
    with open(ballast, "wb") as f:
        f.write(b"b" * 200 * 1024)
    with Server(state=state) as server:
        for n in range(60):
            code, text = send(server.smtp, n)
            if code == 250:
                accepted.append(digest(body_of(n)))
                continue
            refused = (n, code, text)
            break
        c.check(refused is not None, "the 1 MiB disk fills up before 60 messages of 40 KiB")
        if refused:
            n, code, text = refused
            c.equal(code, 452, "the message that does not fit: reply code")
            c.check(text.startswith("4.3.1 "), "452 with 4.3.1 (RFC 3463): %r" % text)
            c.check(len(accepted) >= 5, "several messages fit first (%d)" % len(accepted))
        c.check(server.proc.poll() is None, "the server keeps running on a full disk")
        c.equal(pop3_bodies(server.pop3), accepted, "POP3 serves every 250'd message")

        # Completely full now: even small records do not fit.
        filler = fill_disk(root)
        # (A change of a few bytes may still fit in the last page of the log; a QUIT that
        # removes every message needs room for all the removals, or removes none.)
        pop = poplib.POP3(HOST, server.pop3, timeout=20)
        pop.user("bob")
        pop.pass_("hungry")
        for i in range(1, pop.stat()[0] + 1):
            pop.dele(i)
        try:
            pop.quit()
            c.check(False, "POP3 QUIT after DELE on a full disk: an error")
        except poplib.error_proto as e:
            c.check(b"disk" in str(e).encode(), "POP3 QUIT on a full disk: %s" % e)
        imap = imaplib.IMAP4(HOST, server.imap, timeout=20)
        imap.login("bob", "hungry")
        imap.select("INBOX")
        typ, data = imap.store("1:*", "+FLAGS", "(\\Deleted)")
        c.equal(typ, "NO", "IMAP STORE on a full disk")
        typ, data = imap.expunge()
        c.equal(typ, "OK", "IMAP EXPUNGE with nothing \\Deleted (the STORE changed nothing)")
        typ, data = imap.append("INBOX", None, None, b"Subject: x\r\n\r\n" + (b"y" * 70 + b"\r\n") * 300)
        c.equal(typ, "NO", "IMAP APPEND on a full disk")
        c.check(b"disk space" in data[0], "IMAP NO says why: %r" % data[0])
        imap.logout()
        code, _ = send(server.smtp, 100)
        c.equal(code, 452, "SMTP on a completely full disk")
        c.equal(len(pop3_bodies(server.pop3)), len(accepted), "nothing was deleted or added")

        # Space comes back: mail is accepted again, without a restart.
        os.remove(filler)
        os.remove(ballast)
        # Make room for two more: delete two messages over POP3.
        pop = poplib.POP3(HOST, server.pop3, timeout=20)
        pop.user("bob")
        pop.pass_("hungry")
        pop.dele(1)
        pop.dele(2)
        c.check(pop.quit().startswith(b"+OK"), "POP3 DELE + QUIT once there is room")
        del accepted[0:2]
        code, text = send(server.smtp, 200)
        c.equal(code, 250, "space freed: the next message is accepted")
        if code == 250:
            accepted.append(digest(body_of(200)))
        c.equal(server.stop(), 0, "SIGTERM: exit code")
        lines = server.output()

    with Server(state=state) as server:
        c.equal(pop3_bodies(server.pop3), accepted,
                "after a restart every 250'd message is there (by hash), none other")
        server.stop()
finally:
    subprocess.run(["umount", root], capture_output=True)
    os.rmdir(root)

c.finish()
