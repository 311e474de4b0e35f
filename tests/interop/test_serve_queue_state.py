#!/usr/bin/python3
"""--state keeps the MTA's queue too: mail accepted for a simulated domain whose server is
unreachable waits in the queue; after SIGKILL and a restart with the same --state it is
queued again (and still not lost)."""
import os
import signal
import smtplib
import tempfile
import time

from serve_helper import HOST, Checks, Server

c = Checks()
folder = tempfile.mkdtemp(prefix="mailsim-queue-")
scenario = os.path.join(folder, "serve-queue.toml")
with open(scenario, "w") as f:
    f.write('''name = "serve-queue"
[[host]]
name = "mail.crepes.fr"
roles = ["mta"]
domains = ["crepes.fr"]
retry = ["30m"]

[[host]]
name = "mail.hamburger.edu"
roles = ["mta", "pop3"]
domains = ["hamburger.edu"]
closed_ports = [25]

[[user]]
address = "bob@hamburger.edu"
password = "hungry"
''')
state = os.path.join(folder, "state")

server = Server(protos=("smtp",), quiet=False, state=state, scenario=scenario)
smtp = smtplib.SMTP(HOST, server.smtp, local_hostname="pc.example", timeout=10)
c.equal(smtp.sendmail("me@example.com", ["bob@hamburger.edu"],
                      b"Subject: waits\r\n\r\nin the queue\r\n"), {}, "accepted for relay")
smtp.quit()
deadline = time.time() + 10
while time.time() < deadline and not any("* queued" in l for l in server.output()):
    time.sleep(0.05)
c.check(any("* queued" in l for l in server.output()), "queued at mail.crepes.fr")
time.sleep(0.5)  # the first attempt is refused (port 25 closed): it stays queued
with open(os.path.join(state, "queue"), "rb") as f:
    queue = f.read()
c.check(b"in the queue" in queue and b"bob@hamburger.edu" in queue, "queue file holds it")
server.proc.send_signal(signal.SIGKILL)
server.proc.wait(timeout=10)
server.kill()

server = Server(protos=("smtp",), quiet=False, state=state, scenario=scenario)
c.check(any("1 queued messages restored" in l for l in server.output()),
        "restart restores the queued message: %r" % server.output()[:5])
c.equal(server.stop(), 0, "clean exit")
with open(os.path.join(state, "queue"), "rb") as f:
    c.check(b"in the queue" in f.read(), "still queued after the restart")

c.finish()
