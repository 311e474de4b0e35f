#!/usr/bin/python3
"""`mailsim serve` protocol details a student tries by hand: VRFY and EXPN on the default
(loopback) server, EXPN listed in EHLO (RFC 5321 §3.5.2) and off beyond loopback unless
--expn; reply text stays printable ASCII whatever the client sent (§4.2)."""
import smtplib
import socket

from serve_helper import HOST, Checks, Server

c = Checks()

with Server(protos=("smtp",)) as server:
    with smtplib.SMTP(HOST, server.smtp, timeout=10) as smtp:
        smtp.ehlo("student.example")
        c.check(smtp.has_extn("expn"), "EHLO lists EXPN on loopback")
        code, text = smtp.expn("staff")
        c.equal(code, 250, "EXPN staff")
        c.check(b"bob@hamburger.edu" in text and b"alice@hamburger.edu" in text,
                "EXPN staff lists bob and alice: %r" % text)
        code, text = smtp.verify("bob")
        c.equal(code, 250, "VRFY bob")
    s = socket.create_connection((HOST, server.smtp), timeout=10)
    f = s.makefile("rb")
    f.readline()
    s.sendall(b"NOOP\x00\r\nXYZ\rABC\r\nEHLO \xc3(\r\nHELO a\x00b\r\nQUIT\r\n")
    replies = []
    while True:
        line = f.readline()
        if not line:
            break
        replies.append(line)
        if line.startswith(b"221"):
            break
    s.close()
    for line in replies:
        c.check(all(b == 9 or 32 <= b < 127 for b in line.rstrip(b"\r\n")),
                "reply text is printable ASCII: %r" % line)
    c.check(not any(l.startswith(b"250") and b"Hello" in l for l in replies),
            "HELO a<NUL>b and EHLO <8-bit> are refused: %r" % replies)
    server.stop()

import imaplib  # noqa: E402

with Server(protos=("imap",)) as server:
    imap = imaplib.IMAP4(HOST, server.imap, timeout=10)
    c.check("AUTH=PLAIN" in imap.capabilities, "IMAP lists AUTH=PLAIN: %r" % (imap.capabilities,))
    typ, data = imap.authenticate("PLAIN", lambda _: b"\0bob\0hungry")
    c.equal(typ, "OK", "imaplib AUTHENTICATE PLAIN")
    c.equal(imap.select("INBOX")[0], "OK", "then SELECT")
    imap.logout()
    imap = imaplib.IMAP4(HOST, server.imap, timeout=10)
    try:
        imap.authenticate("PLAIN", lambda _: b"\0bob\0wrong")
        c.check(False, "AUTHENTICATE PLAIN with a wrong password is refused")
    except imaplib.IMAP4.error as e:
        c.check("AUTHENTICATIONFAILED" in str(e), "wrong password: %s" % e)
    imap.logout()
    server.stop()

with Server("--listen", "0.0.0.0", protos=("smtp",)) as server:
    with smtplib.SMTP(HOST, server.smtp, timeout=10) as smtp:
        smtp.ehlo("student.example")
        c.check(not smtp.has_extn("expn"), "beyond loopback EHLO does not list EXPN")
        c.equal(smtp.expn("staff")[0], 502, "beyond loopback EXPN is off")
    server.stop()

with Server("--listen", "0.0.0.0", "--expn", protos=("smtp",)) as server:
    with smtplib.SMTP(HOST, server.smtp, timeout=10) as smtp:
        smtp.ehlo("student.example")
        c.equal(smtp.expn("staff")[0], 250, "beyond loopback with --expn: EXPN answered")
    server.stop()

c.finish()
