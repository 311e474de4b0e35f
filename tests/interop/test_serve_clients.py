#!/usr/bin/python3
"""`mailsim serve` against real clients: poplib and imaplib command by command, curl's
smtp:// pop3:// imap://, and swaks. A message sent with smtplib is read back with poplib and
with imaplib, body identical (bytes compared)."""
import imaplib
import poplib
import re
import smtplib
import subprocess

from serve_helper import HOST, Checks, Server

c = Checks()

BODY = ("Hello Bob,\r\n.a line that starts with a dot\r\n\r\n"
        "Ketchup or mustard?\r\n" + "x" * 200 + "\r\n").encode()


def send(port, rcpts, subject, body=BODY):
    smtp = smtplib.SMTP(HOST, port, local_hostname="pc.example", timeout=10)
    smtp.sendmail("carol@example.com", rcpts,
                  b"From: carol@example.com\r\nSubject: " + subject.encode() + b"\r\n\r\n" + body)
    smtp.quit()


def body_of(raw):
    return raw.split(b"\r\n\r\n", 1)[1]


def run(args, stdin=None):
    done = subprocess.run(args, input=stdin, capture_output=True, timeout=30)
    return done.returncode, done.stdout, done.stderr


with Server() as server:
    for i in range(3):
        send(server.smtp, ["bob@hamburger.edu"], "message %d" % (i + 1))

    # --- poplib ---------------------------------------------------------------------------
    pop = poplib.POP3(HOST, server.pop3, timeout=10)
    c.check(pop.getwelcome().startswith(b"+OK"), "POP3 greeting")
    c.check(pop.user("bob").startswith(b"+OK"), "USER")
    c.check(pop.pass_("hungry").startswith(b"+OK"), "PASS")
    count, size = pop.stat()
    c.equal(count, 3, "STAT count")
    listing = pop.list()[1]
    c.equal(len(listing), 3, "LIST lines")
    c.equal(sum(int(l.split()[1]) for l in listing), size, "LIST sizes add up to STAT")
    retr = b"\r\n".join(pop.retr(1)[1])
    c.equal(body_of(retr), BODY.rstrip(b"\r\n"), "RETR body (poplib) identical")
    top = pop.top(2, 0)[1]
    c.check(b"Subject: message 2" in top and b"" == top[-1], "TOP 2 0 gives headers only")
    uidl = pop.uidl()[1]
    c.equal(len(uidl), 3, "UIDL lines")
    c.check(pop.dele(3).startswith(b"+OK"), "DELE 3")
    c.equal(pop.stat()[0], 2, "STAT after DELE")
    c.check(pop.rset().startswith(b"+OK"), "RSET")
    c.equal(pop.stat()[0], 3, "STAT after RSET")
    pop.dele(3)
    pop.quit()
    pop = poplib.POP3(HOST, server.pop3, timeout=10)
    pop.user("bob")
    pop.pass_("hungry")
    c.equal(pop.stat()[0], 2, "DELE + QUIT removed the message")
    try:
        pop2 = poplib.POP3(HOST, server.pop3, timeout=10)
        pop2.user("bob")
        pop2.pass_("hungry")
        c.check(False, "second session on a locked maildrop refused")
    except poplib.error_proto as e:
        c.check(b"-ERR" in str(e).encode() or "ERR" in str(e), "locked maildrop: %s" % e)
    pop.quit()
    try:
        bad = poplib.POP3(HOST, server.pop3, timeout=10)
        bad.user("bob")
        bad.pass_("wrong")
        c.check(False, "bad password refused")
    except poplib.error_proto:
        c.check(True, "bad password refused")

    # --- imaplib ----------------------------------------------------------------------------
    send(server.smtp, ["alice@hamburger.edu"], "for alice")
    imap = imaplib.IMAP4(HOST, server.imap, timeout=10)
    c.equal(imap.login("alice", "ketchup")[0], "OK", "LOGIN")
    typ, boxes = imap.list()
    c.check(typ == "OK" and any(b"INBOX" in b for b in boxes), "LIST shows INBOX")
    c.equal(imap.create("Archive")[0], "OK", "CREATE")
    typ, data = imap.select("INBOX")
    c.equal((typ, data), ("OK", [b"1"]), "SELECT INBOX")
    c.equal(imap.search(None, "ALL"), ("OK", [b"1"]), "SEARCH ALL")
    c.equal(imap.search(None, 'SUBJECT "for alice"'), ("OK", [b"1"]), "SEARCH SUBJECT")
    typ, data = imap.fetch("1", "(BODY.PEEK[TEXT])")
    c.equal(data[0][1], BODY, "FETCH BODY[TEXT] (imaplib) identical")
    typ, data = imap.fetch("1", "(RFC822)")
    c.check(data[0][1].endswith(BODY) and b"Subject: for alice" in data[0][1], "FETCH RFC822")
    typ, data = imap.store("1", "+FLAGS", "(\\Flagged)")
    c.check(typ == "OK" and b"\\Flagged" in data[0], "STORE +FLAGS")
    c.equal(imap.copy("1", "Archive")[0], "OK", "COPY to Archive")
    imap.store("1", "+FLAGS", "(\\Deleted)")
    typ, data = imap.expunge()
    c.equal((typ, data), ("OK", [b"1"]), "EXPUNGE")
    c.equal(imap.select("Archive")[1], [b"1"], "the copy is in Archive")
    c.equal(imap.logout()[0], "BYE", "LOGOUT")

    # --- curl ------------------------------------------------------------------------------
    code, out, err = run(["curl", "-sS", "--max-time", "20", "smtp://%s:%d" % (HOST, server.smtp),
                          "--mail-from", "dave@example.com", "--mail-rcpt", "bob@hamburger.edu",
                          "-T", "-"], stdin=b"Subject: from curl\r\n\r\ncurl body\r\n")
    c.equal(code, 0, "curl smtp:// exit (%s)" % err)
    code, out, err = run(["curl", "-sS", "--max-time", "20",
                          "pop3://bob:hungry@%s:%d/" % (HOST, server.pop3)])
    c.check(code == 0 and len(out.splitlines()) == 3, "curl pop3:// LIST: %r %r" % (out, err))
    code, out, err = run(["curl", "-sS", "--max-time", "20",
                          "pop3://bob:hungry@%s:%d/3" % (HOST, server.pop3)])
    c.check(code == 0 and out.endswith(b"curl body\r\n"), "curl pop3:// RETR: %r" % out[-40:])
    code, out, err = run(["curl", "-sS", "--max-time", "20",
                          "imap://alice:ketchup@%s:%d/Archive;UID=1" % (HOST, server.imap)])
    c.check(code == 0 and out.endswith(BODY), "curl imap:// fetch: %r %r" % (out[-40:], err))

    # --- swaks -----------------------------------------------------------------------------
    code, out, err = run(["swaks", "--server", HOST, "--port", str(server.smtp), "--helo",
                          "swaks.example", "--from", "eve@example.com", "--to",
                          "staff@hamburger.edu", "--header", "Subject: from swaks",
                          "--body", "swaks body", "--timeout", "20"])
    c.check(code == 0 and re.search(rb"<-  250 2\.0\.0 OK", out), "swaks delivers to the alias")
    code, out, err = run(["swaks", "--server", HOST, "--port", str(server.smtp), "--from",
                          "eve@example.com", "--to", "x@elsewhere.example", "--timeout", "20"])
    c.check(code != 0 and b"5.7.1" in out, "swaks: relaying refused")
    imap = imaplib.IMAP4(HOST, server.imap, timeout=10)
    imap.login("bob", "hungry")
    imap.select("INBOX", readonly=True)
    typ, data = imap.search(None, 'SUBJECT "from swaks"')
    c.equal(len(data[0].split()), 1, "bob got the swaks message")
    imap.logout()

    c.equal(server.stop(), 0, "clean exit")

c.finish()
