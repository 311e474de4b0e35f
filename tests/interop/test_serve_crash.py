#!/usr/bin/python3
"""Nothing lost with --state: send, get 250, SIGKILL the server, restart it with the same
--state, and the message is there (POP3 and IMAP). A DELE+QUIT done before a second SIGKILL
stays done; a state folder of another world is refused."""
import imaplib
import os
import poplib
import signal
import smtplib
import subprocess
import tempfile

from serve_helper import HOST, MAILSIM, Checks, Server

c = Checks()
state = tempfile.mkdtemp(prefix="mailsim-state-")

bodies = [("crash test %d\r\n.dot line\r\n" % i).encode() for i in range(5)]

server = Server(state=state)
smtp = smtplib.SMTP(HOST, server.smtp, local_hostname="pc.example", timeout=10)
for i, body in enumerate(bodies):
    rcpts = ["bob@hamburger.edu"] if i % 2 == 0 else ["staff@hamburger.edu"]
    c.equal(smtp.sendmail("carol@example.com", rcpts, b"Subject: %d\r\n\r\n" % i + body), {},
            "250 for message %d" % i)
# No QUIT: the server dies with the session open, right after the last 250.
server.proc.send_signal(signal.SIGKILL)
server.proc.wait(timeout=10)
server.kill()
smtp.close()

server = Server(state=state, quiet=False)
c.check(any("mailbox changes restored" in l for l in server.output()), "restart says it restored")
pop = poplib.POP3(HOST, server.pop3, timeout=10)
pop.user("bob")
pop.pass_("hungry")
got = [b"\r\n".join(pop.retr(i + 1)[1]).split(b"\r\n\r\n", 1)[1] + b"\r\n"
       for i in range(pop.stat()[0])]
c.equal(got, bodies, "bob's messages survived SIGKILL, bytes identical")
pop.dele(1)
pop.quit()
imap = imaplib.IMAP4(HOST, server.imap, timeout=10)
imap.login("alice", "ketchup")
imap.select("INBOX")
typ, data = imap.search(None, "ALL")
c.equal(len(data[0].split()), 2, "alice has the two alias messages")
imap.store("1", "+FLAGS", "(\\Flagged)")
imap.logout()
server.proc.send_signal(signal.SIGKILL)
server.proc.wait(timeout=10)
server.kill()

server = Server(state=state)
pop = poplib.POP3(HOST, server.pop3, timeout=10)
pop.user("bob")
pop.pass_("hungry")
c.equal(pop.stat()[0], len(bodies) - 1, "DELE+QUIT survived the second SIGKILL")
pop.quit()
imap = imaplib.IMAP4(HOST, server.imap, timeout=10)
imap.login("alice", "ketchup")
imap.select("INBOX", readonly=True)
typ, data = imap.fetch("1", "(FLAGS)")
c.check(b"\\Flagged" in data[0], "IMAP flag survived: %r" % data)
imap.logout()
c.equal(server.stop(), 0, "clean exit")

# The state of one world is not replayed into another.
other = os.path.join(os.environ.get("MAILSIM_SOURCE_DIR", ""), "lessons/scenarios/alice-bob.toml")
if os.path.exists(other):
    done = subprocess.run([MAILSIM, "serve", other, "--smtp", "0", "--state", state],
                          capture_output=True, timeout=30)
    c.check(done.returncode != 0 and b"serve-default" in done.stderr + done.stdout,
            "another world's state is refused: %r" % (done.stderr + done.stdout))

c.finish()
