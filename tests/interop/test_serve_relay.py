#!/usr/bin/python3
"""`mailsim serve SCENARIO`: a real client hands mail for a domain of the scenario to the
world's first MTA, and the simulated MTAs relay it (the live transcript shows the simulated
SMTP session and the delivery); domains outside the world are refused. `--host` picks another
of the scenario's servers: mail sent to it is read back from it with poplib. Listening beyond
loopback the world carries mail only between its own accounts: an outside sender or an
address that is no account is refused, an account's mail to an account still goes through."""
import json
import os
import poplib
import smtplib
import subprocess
import time

from live_viewer import Viewer
from serve_helper import HOST, Checks, Server, tiny_web_app, web_port

c = Checks()
scenario = os.path.join(os.environ["MAILSIM_SOURCE_DIR"], "lessons/scenarios/alice-bob.toml")

with Server(protos=("smtp",), quiet=False, scenario=scenario) as server:
    c.check(any("-> mail.crepes.fr:25" in l for l in server.output()), "served by mail.crepes.fr")
    c.check(any(l.startswith("listening smtp 127.0.0.1:") for l in server.output()),
            "loopback only unless --listen is given")
    smtp = smtplib.SMTP(HOST, server.smtp, local_hostname="pc.example", timeout=10)
    c.equal(smtp.sendmail("me@example.com", ["bob@hamburger.edu"],
                          b"Subject: relay\r\n\r\nvia the world\r\n"), {}, "accepted for relay")
    try:
        smtp.sendmail("me@example.com", ["x@outside.example"], b"Subject: x\r\n\r\nx\r\n")
        c.check(False, "outside domain refused")
    except smtplib.SMTPRecipientsRefused as e:
        c.equal(e.recipients["x@outside.example"][0], 550, "outside domain refused")
    smtp.quit()
    deadline = time.time() + 20
    relayed = delivered = False
    while time.time() < deadline and not (relayed and delivered):
        out = server.output()
        relayed = any("* relayed" in l and "at mail.crepes.fr" in l for l in out)
        delivered = any("* delivered" in l and "to bob@hamburger.edu at mail.hamburger.edu" in l
                        for l in out)
        time.sleep(0.1)
    c.check(relayed, "mail.crepes.fr relayed it inside the world")
    c.check(delivered, "mail.hamburger.edu delivered it to bob")
    c.check(any(" C: mail FROM:<me@example.com>" in l for l in server.output()),
            "the live transcript shows the real client's commands")
    c.equal(server.stop(), 0, "clean exit")

with Server("--host", "mail.hamburger.edu", protos=("smtp", "pop3"), scenario=scenario) as server:
    out = server.output()
    c.check(any("-> mail.hamburger.edu:25" in l for l in out), "--host: SMTP reaches hamburger")
    c.check(any("-> mail.hamburger.edu:110" in l for l in out), "--host: POP3 reaches hamburger")
    body = b"Subject: straight to hamburger\r\n\r\nno relay on the way\r\n"
    smtp = smtplib.SMTP(HOST, server.smtp, local_hostname="pc.example", timeout=10)
    c.equal(smtp.sendmail("me@example.com", ["bob@hamburger.edu"], body), {}, "accepted locally")
    smtp.quit()
    pop = poplib.POP3(HOST, server.pop3, timeout=10)
    pop.user("bob")
    pop.pass_("hungry")
    count, _ = pop.stat()
    c.equal(count, 1, "bob has the one message")
    lines = pop.retr(1)[1]
    c.check(b"no relay on the way" in lines, "the body read back: %r" % lines[-3:])
    c.check(not any(l.startswith(b"Received: from mail.crepes.fr") for l in lines),
            "no hop through crepes.fr")
    pop.quit()
    c.equal(server.stop(), 0, "clean exit")

# Beyond loopback (all addresses; the test still connects over loopback), with the live
# stream: the web endpoint is read-only without the teacher's token there too.
web = tiny_web_app()
with Server("--listen", "0.0.0.0", "--web", "0", "--web-dir", web, protos=("smtp",),
            quiet=False, scenario=scenario) as server:
    port = web_port(server)
    out = server.output()
    c.check(any(l.startswith("listening smtp 0.0.0.0:") for l in out), "listening on 0.0.0.0")
    c.check(any(l.startswith("listening web 0.0.0.0:") for l in out),
            "the web endpoint on 0.0.0.0 too: %r" % out)
    viewer = Viewer(port)
    first = json.loads(viewer.message())
    c.equal((first["type"], first["role"]), ("snapshot", "viewer"), "a page without the token")
    viewer.send(json.dumps({"type": "act", "version": 4, "id": 1,
                            "action": "relay host=mail.hamburger.edu open=yes"}))
    answer = None
    while answer is None or answer["type"] != "act_result":
        answer = json.loads(viewer.message())
    c.check(not answer["ok"] and answer.get("key") == "live.refused.read_only",
            "beyond loopback: acting without the token is refused (%r)" % answer)
    viewer.close()
    smtp = smtplib.SMTP(HOST, server.smtp, local_hostname="pc.example", timeout=10)
    smtp.ehlo()
    c.equal(smtp.docmd("TURN")[0], 502, "beyond loopback: no TURN")
    try:
        smtp.sendmail("me@example.com", ["bob@hamburger.edu"], b"Subject: x\r\n\r\nx\r\n")
        c.check(False, "beyond loopback: an outside sender is refused")
    except smtplib.SMTPSenderRefused as e:
        c.equal(e.smtp_code, 550, "beyond loopback: an outside sender is refused")
    try:
        smtp.sendmail("alice@crepes.fr", ["nobody@hamburger.edu"], b"Subject: x\r\n\r\nx\r\n")
        c.check(False, "beyond loopback: no relaying to an address that is no account")
    except smtplib.SMTPRecipientsRefused as e:
        c.equal(e.recipients["nobody@hamburger.edu"][0], 550,
                "beyond loopback: no relaying to an address that is no account")
    c.equal(smtp.sendmail("alice@crepes.fr", ["bob@hamburger.edu"],
                          b"Subject: between accounts\r\n\r\nok\r\n"), {},
            "beyond loopback: an account's mail to an account is relayed")
    smtp.quit()
    deadline = time.time() + 20
    while time.time() < deadline and not any(
            "* delivered" in l and "to bob@hamburger.edu" in l for l in server.output()):
        time.sleep(0.1)
    c.check(any("* delivered" in l and "to bob@hamburger.edu" in l for l in server.output()),
            "beyond loopback: delivered to bob")
    c.equal(server.stop(), 0, "clean exit")

bad = subprocess.run([os.environ["MAILSIM"], "serve", scenario, "--smtp", "0", "--host",
                      "alice-pc"], capture_output=True, timeout=20)
c.check(bad.returncode != 0 and b"--host: the world has no host 'alice-pc' with the role 'mta'"
        in bad.stderr + bad.stdout, "--host naming a host without the role: %r" % bad.stderr)

c.finish()
