"""`mailsim serve --class`: accounts for a class and a handout a student can follow.

A names file (Korean names, one with a comma) gives three accounts; the handout's CSV is then
used as a student would use it: curl sends with the printed SMTP host and port from one
student to another, and curl fetches it with the other's login and password over POP3 and
IMAP. A wrong password is refused (the accounts are real). The Markdown holds every account
and the set-up paragraph in Korean and English.

The live stream (--web) with the class: a student's page may not act (refused with the string
key the page translates, and logged) until the teacher allows composing; then the student
signs in with the handout's address and password (a wrong password is refused and logged,
the password itself never), may not compose as a classmate, composes as themself to a
classmate's mailbox (the served world has a user agent for every account) and still may not
do anything else; another page's `permit` is refused.
"""
import csv
import json
import os
import subprocess
import tempfile
import time

from live_viewer import Viewer
from serve_helper import Checks, Server, tiny_web_app, web_port

c = Checks()
folder = tempfile.mkdtemp(prefix="mailsim-class-")
names = os.path.join(folder, "names.txt")
with open(names, "w", encoding="utf-8") as f:
    f.write("# 2026 네트워크 1분반\n김민준\n\n이서연\nPark, Jiho\n")
handout = os.path.join(folder, "handout")


def curl(*args, stdin=None):
    p = subprocess.run(["curl", "-sS", "--max-time", "20", *args], input=stdin,
                       capture_output=True, timeout=30)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


web = tiny_web_app()


def until(viewer, what, test, seconds=10):
    """Reads the viewer's messages until one satisfies `test`; returns it (or None)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        whole = viewer.message()
        if whole is None:
            return None
        message = json.loads(whole)
        if test(message):
            return message
    return None


def act(viewer, n, action):
    viewer.send(json.dumps({"type": "act", "version": 4, "id": n, "action": action}))
    return until(viewer, "act_result", lambda m: m["type"] == "act_result" and m["id"] == n)


def arrives(row, number, text, seconds=10):
    """Whether message `number` of the handout row's mailbox, fetched over POP3 with curl as
    the handout says, holds `text` within `seconds` (a compose takes a moment to deliver)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        code, out, err = curl("pop3://%s:%s/%d" % (row["pop3_host"], row["pop3_port"], number),
                              "--user", "%s:%s" % (row["login"], row["password"]))
        if text in out:
            return True
        time.sleep(0.1)
    return False


def sign_in(viewer, address, password):
    viewer.send(json.dumps({"type": "login", "version": 4, "address": address,
                            "password": password}))
    return until(viewer, "login_result", lambda m: m["type"] == "login_result")


def handout_written(server, seconds=15):
    """Whether the server said it wrote the handout: it prints its ports first (the handout
    needs them), so a reader that starts at the ports can be early (seen under ASan)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if any(line.startswith("class: ") for line in server.output()):
            return True
        time.sleep(0.02)
    return False


with Server("--class", names, "--handout", handout, "--web", "0", "--web-dir", web) as server:
    c.check(handout_written(server), "the server reports the handout written")
    rows = list(csv.DictReader(open(os.path.join(handout, "accounts.csv"), encoding="utf-8")))
    c.equal([r["name"] for r in rows], ["김민준", "이서연", "Park, Jiho"], "names in the CSV")
    c.equal([r["login"] for r in rows], ["s01", "s02", "s03"], "logins")
    c.check(all(len(r["password"]) == 10 for r in rows), "ten-character passwords")
    c.check(len({r["password"] for r in rows}) == 3, "every password differs")
    c.equal({r["smtp_port"] for r in rows}, {str(server.smtp)}, "the bound SMTP port")
    c.check(any("class: 3 accounts" in line for line in server.output()), "the class line")
    md = open(os.path.join(handout, "handout.md"), encoding="utf-8").read()
    c.check("메일 클라이언트 설정" in md and "Setting up a mail client" in md, "both languages")
    c.check(all(r["password"] in md and r["address"] in md for r in rows), "accounts in the Markdown")
    scenario = open(os.path.join(handout, "class.toml"), encoding="utf-8").read()
    c.check('name = "김민준"' in scenario, "the names in the class scenario")

    sender, reader = rows[0], rows[1]
    message = ("From: %s\r\nTo: %s\r\nSubject: handout\r\n\r\nfrom the handout\r\n"
               % (sender["address"], reader["address"])).encode()
    code, out, err = curl("smtp://%s:%s" % (sender["smtp_host"], sender["smtp_port"]),
                          "--mail-from", sender["address"], "--mail-rcpt", reader["address"],
                          "-T", "-", stdin=message)
    c.equal(code, 0, "curl sends with the handout's SMTP settings (%s)" % err)
    code, out, err = curl("pop3://%s:%s/1" % (reader["pop3_host"], reader["pop3_port"]),
                          "--user", "%s:%s" % (reader["login"], reader["password"]))
    c.check(code == 0 and "from the handout" in out, "curl fetches it over POP3: %r %r" % (out, err))
    code, out, err = curl("imap://%s:%s/INBOX;UID=1" % (reader["imap_host"], reader["imap_port"]),
                          "--user", "%s:%s" % (reader["login"], reader["password"]))
    c.check(code == 0 and "Subject: handout" in out, "and over IMAP: %r %r" % (out, err))
    code, out, err = curl("pop3://%s:%s/1" % (reader["pop3_host"], reader["pop3_port"]),
                          "--user", "%s:wrong" % reader["login"])
    c.check(code != 0, "a wrong password is refused")

    # The live stream: the teacher's token is on the line that prints the teacher's link.
    out = server.output()
    token = next(l for l in out if l.startswith("teacher: ")).rsplit("token=", 1)[1]
    port = web_port(server)
    student, teacher = Viewer(port), Viewer(port, token=token)
    for viewer, who in ((student, "student"), (teacher, "teacher")):
        first = until(viewer, "snapshot", lambda m: m["type"] == "snapshot")
        c.check(first is not None, "the %s's page gets its snapshot" % who)
        perms = until(viewer, "permissions", lambda m: m["type"] == "permissions")
        c.check(perms is not None and perms["compose"] is False,
                "then the permissions: students may not compose (%r)" % perms)
    compose = ('compose from=%s to=%s subject="from my browser" body="hello"'
               % (rows[2]["address"], rows[1]["address"]))
    refused = act(student, 1, compose)
    c.check(refused and not refused["ok"] and refused.get("key") == "live.refused.read_only",
            "a student's compose is refused with the string key (%r)" % refused)
    # Every kind of acting request, not only composing, is refused without the token.
    for n, line in enumerate(["fault host=mail.hamburger.edu down",
                              "alias address=all@hamburger.edu members=%s" % rows[0]["address"],
                              "relay host=mail.hamburger.edu open=yes",
                              "dns name=hamburger.edu mx=mail.hamburger.edu",
                              "force host=mail.hamburger.edu reply=RCPT code=550",
                              "retrieve user=%s" % rows[0]["address"],
                              "telnet host=mail.hamburger.edu port=25 lines=HELO",
                              "port host=mail.hamburger.edu port=25 open=no"], start=20):
        answer = act(student, n, line)
        c.check(answer and not answer["ok"] and answer.get("key") == "live.refused.read_only",
                "without the token %r is refused (%r)" % (line.split()[0], answer))
    forged = act(student, 9, "fault host=x\nFORGED web: teacher: compose")
    c.check(forged and not forged["ok"], "a refused action with a newline in it")
    student.send(json.dumps({"type": "permit", "version": 4, "compose": True}))
    refused = until(student, "act_result", lambda m: m["type"] == "act_result")
    c.check(refused and not refused["ok"], "a student's page may not give itself leave")
    teacher.send(json.dumps({"type": "permit", "version": 4, "compose": True}))
    for viewer, who in ((student, "student"), (teacher, "teacher")):
        perms = until(viewer, "permissions", lambda m: m["type"] == "permissions")
        c.check(perms is not None and perms["compose"] is True,
                "the %s's page hears that students may compose now" % who)
    # A student's page composes only as the account it signed in as (the handout's address
    # and password, checked by the server): the page is not a way round the mail clients'
    # passwords.
    anonymous = act(student, 2, compose)
    c.check(anonymous and not anonymous["ok"] and anonymous.get("key") == "live.refused.sign_in",
            "a compose before signing in is refused (%r)" % anonymous)
    me, classmate = rows[2], rows[0]
    wrong = sign_in(student, me["address"], classmate["password"])
    c.check(wrong and not wrong["ok"] and wrong.get("key") == "live.refused.bad_login",
            "a wrong password does not sign in (%r)" % wrong)
    signed = sign_in(student, me["address"].upper(), me["password"])
    c.check(signed and signed["ok"] and signed["address"] == me["address"],
            "the handout's address and password sign in (%r)" % signed)
    forged = act(student, 4, 'compose from=%s to=%s subject="not me" body="forged"'
                 % (classmate["address"], rows[1]["address"]))
    c.check(forged and not forged["ok"] and forged.get("key") == "live.refused.not_your_account",
            "composing as a classmate is refused (%r)" % forged)
    accepted = act(student, 5, compose)
    c.check(accepted and accepted["ok"], "the student composes as themself now (%r)" % accepted)
    other = act(student, 3, "fault host=mail.hamburger.edu down")
    c.check(other and not other["ok"] and other.get("key") == "live.refused.compose_only",
            "but does nothing else (%r)" % other)
    c.check(arrives(reader, 2, "from my browser"),
            "the student's compose reaches the classmate's mailbox")
    # With the token, the teacher's page composes (as any account) to a student's mailbox.
    told = act(teacher, 6, 'compose from=bob@hamburger.edu to=%s subject="from the teacher" '
                           'body="see you at ten"' % classmate["address"])
    c.check(told and told["ok"], "the teacher's compose is performed (%r)" % told)
    c.check(arrives(classmate, 1, "see you at ten"),
            "the teacher's compose reaches the student's mailbox")
    log = server.output()
    c.check(any("refused an action from 127.0.0.1 (no teacher token): compose" in l for l in log),
            "the refusal is logged")
    for verb in ("fault", "alias", "relay", "dns", "force", "retrieve", "telnet", "port"):
        c.check(any("refused an action from 127.0.0.1 (no teacher token): %s " % verb in l
                    for l in log), "the refused %s is logged" % verb)
    c.check(any("web: teacher: compose from=bob@hamburger.edu" in l for l in log),
            "the teacher's compose is logged")
    c.check(any("web: teacher: students may compose" in l for l in log), "the leave is logged")
    c.check(any("web: viewer 127.0.0.1 (%s): compose" % me["address"] in l for l in log),
            "the student's compose too, with the account it came from")
    c.check(any("web: refused a sign-in from 127.0.0.1 as %s" % me["address"] in l for l in log),
            "the wrong password is logged (without the password)")
    c.check(not any(classmate["password"] in l for l in log), "no password in the log")
    c.check(any("refused an action from 127.0.0.1 (not the account it signed in as" in l
                for l in log), "composing as a classmate is logged")
    c.check(not any(l.startswith("FORGED") for l in log), "a page cannot forge a line of the log")
    student.close()
    teacher.close()
c.finish()
