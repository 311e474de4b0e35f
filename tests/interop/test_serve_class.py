"""`mailsim serve --class`: accounts for a class and a handout a student can follow.

A names file (Korean names, one with a comma) gives three accounts; the handout's CSV is then
used as a student would use it: curl sends with the printed SMTP host and port from one
student to another, and curl fetches it with the other's login and password over POP3 and
IMAP. A wrong password is refused (the accounts are real). The Markdown holds every account
and the set-up paragraph in Korean and English.
"""
import csv
import os
import subprocess
import tempfile

from serve_helper import Checks, Server

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


with Server("--class", names, "--handout", handout) as server:
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
c.finish()
