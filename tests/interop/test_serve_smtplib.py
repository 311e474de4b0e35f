#!/usr/bin/python3
"""`mailsim serve` with Python's smtplib as the real client, read back over POP3 (poplib)."""
import poplib
import smtplib

from serve_helper import HOST, Checks, Server

c = Checks()


def pop_bodies(port, user, password):
    pop = poplib.POP3(HOST, port, timeout=10)
    pop.user(user)
    pop.pass_(password)
    count, _ = pop.stat()
    messages = [b"\r\n".join(pop.retr(i + 1)[1]) for i in range(count)]
    pop.quit()
    return messages


def body_of(raw):
    return raw.split(b"\r\n\r\n", 1)[1]


with Server() as server:
    smtp = smtplib.SMTP(HOST, server.smtp, local_hostname="client.example", timeout=10)
    code, text = smtp.ehlo()
    c.equal(code, 250, "EHLO")
    c.check(b"SIZE 10485760" in text and b"PIPELINING" in text, "EHLO lists SIZE and PIPELINING")

    # one recipient
    refused = smtp.sendmail("carol@example.com", ["bob@hamburger.edu"],
                            b"Subject: one\r\n\r\nfor bob only\r\n")
    c.equal(refused, {}, "single recipient accepted")
    # several recipients
    refused = smtp.sendmail("carol@example.com", ["bob@hamburger.edu", "alice@hamburger.edu"],
                            b"Subject: two\r\n\r\nfor both\r\n")
    c.equal(refused, {}, "two recipients accepted")
    # the alias goes to both
    refused = smtp.sendmail("carol@example.com", ["staff@hamburger.edu"],
                            b"Subject: staff\r\n\r\nfor the staff\r\n")
    c.equal(refused, {}, "alias accepted")
    # dot-stuffing: lines starting with "." survive both ways
    dotted = b"Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nend\r\n"
    c.equal(smtp.sendmail("carol@example.com", ["bob@hamburger.edu"], dotted), {}, "dots")
    # unknown local user and relaying to the outside world are refused with 5yz
    try:
        smtp.sendmail("carol@example.com", ["nobody@hamburger.edu"], b"Subject: x\r\n\r\nx\r\n")
        c.check(False, "unknown user refused")
    except smtplib.SMTPRecipientsRefused as e:
        c.equal(e.recipients["nobody@hamburger.edu"][0], 550, "unknown user code")
    try:
        smtp.sendmail("carol@example.com", ["someone@example.org"], b"Subject: x\r\n\r\nx\r\n")
        c.check(False, "relay refused")
    except smtplib.SMTPRecipientsRefused as e:
        code, text = e.recipients["someone@example.org"]
        c.check(500 <= code < 600 and b"5.7.1" in text, "relay refused with 5.7.1: %r" % text)
    # TURN is refused on a real socket
    c.equal(smtp.docmd("TURN")[0], 502, "TURN")
    c.equal(smtp.quit()[0], 221, "QUIT")

    bob = pop_bodies(server.pop3, "bob", "hungry")
    alice = pop_bodies(server.pop3, "alice", "ketchup")
    c.equal([body_of(m) for m in bob],
            [b"for bob only", b"for both", b"for the staff",
             b".leading dot\r\n..two dots\r\n.\r\nend"], "bob's bodies")
    c.equal([body_of(m) for m in alice], [b"for both", b"for the staff"], "alice's bodies")
    c.check(all(m.startswith(b"Return-Path: <carol@example.com>\r\nReceived: from client.example")
                for m in bob), "Return-Path and Received added")

    c.equal(server.stop(), 0, "clean exit on SIGTERM")

c.finish()
