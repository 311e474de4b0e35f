#!/usr/bin/python3
"""`mailsim serve` against mbsync (isync 1.4, the client the issue found failing without
UIDPLUS): three messages synced down to a Maildir, a COPY into a new folder on the server
synced (the folder created on the near side), an EXPUNGE on the server propagated, a message
new in the Maildir uploaded (APPEND, found again through APPENDUID), and a third run with
nothing to do changes nothing. Every message compared by its Message-ID on both sides.

mbsync is `MBSYNC` or the `mbsync` on PATH (scripts/setup.sh installs Debian's isync); run
by hand where there is none, the test exits 77: skipped, with the reason."""
import glob
import imaplib
import os
import re
import shutil
import smtplib
import subprocess
import sys
import tempfile

from serve_helper import HOST, Checks, Server

MBSYNC = os.environ.get("MBSYNC") or shutil.which("mbsync")
if not MBSYNC:
    print("SKIPPED: no mbsync here (Debian: apt install isync; or MBSYNC=/path/to/mbsync)")
    sys.exit(77)

c = Checks()
work = tempfile.mkdtemp(prefix="mailsim-mbsync-")
maildir = os.path.join(work, "mail")
os.makedirs(maildir)


def sync(config):
    result = subprocess.run([MBSYNC, "-c", config, "-a"], capture_output=True, text=True,
                            timeout=60)
    return result.returncode, result.stdout + result.stderr


def local_ids():
    """Message-IDs in each Maildir folder of the near side."""
    boxes = {}
    for folder in glob.glob(os.path.join(maildir, "*")):
        ids = []
        for path in glob.glob(os.path.join(folder, "cur", "*")) + glob.glob(
                os.path.join(folder, "new", "*")):
            with open(path, "rb") as f:
                m = re.search(rb"^Message-ID: (<[^>]+>)", f.read(), re.M | re.I)
            ids.append(m.group(1).decode() if m else "?")
        boxes[os.path.basename(folder)] = sorted(ids)
    return boxes


def server_ids(imap, box):
    imap.select(box)
    typ, data = imap.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    ids = [m.decode() for part in data if isinstance(part, tuple)
           for m in re.findall(rb"<[^>]+>", part[1])]
    return sorted(ids)


try:
    with Server(protos=("smtp", "imap")) as server:
        config = os.path.join(work, "mbsyncrc")
        with open(config, "w") as f:
            f.write("IMAPAccount m\nHost %s\nPort %d\nUser bob\nPass hungry\nSSLType None\n"
                    "AuthMechs PLAIN\n\nIMAPStore far\nAccount m\n\n"
                    "MaildirStore near\nPath %s/\nInbox %s/INBOX\nSubFolders Verbatim\n\n"
                    "Channel c\nFar :far:\nNear :near:\nPatterns *\nCreate Both\n"
                    "Expunge Both\nSyncState *\n" % (HOST, server.imap, maildir, maildir))
        with smtplib.SMTP(HOST, server.smtp, timeout=10) as smtp:
            for i in range(3):
                smtp.sendmail("alice@hamburger.edu", ["bob@hamburger.edu"],
                              "Subject: m%d\r\nMessage-ID: <m%d@hamburger.edu>\r\n\r\nbody %d\r\n"
                              % (i, i, i))
        code, out = sync(config)
        c.equal(code, 0, "first mbsync run (%s)" % out[-400:])
        c.equal(local_ids().get("INBOX"), ["<m0@hamburger.edu>", "<m1@hamburger.edu>",
                                           "<m2@hamburger.edu>"], "three messages synced down")

        imap = imaplib.IMAP4(HOST, server.imap, timeout=10)
        imap.login("bob", "hungry")
        imap.create("Archive")
        imap.select("INBOX")
        typ, data = imap.copy("1", "Archive")
        c.check(typ == "OK" and b"COPYUID" in data[0], "COPY answers COPYUID: %r" % data)
        imap.store("2", "+FLAGS", "(\\Deleted)")
        imap.expunge()
        with open(os.path.join(maildir, "INBOX", "new", "1700000000.1.near"), "w") as f:
            f.write("Subject: from the maildir\r\nMessage-ID: <near1@example.com>\r\n\r\nup\r\n")
        code, out = sync(config)
        c.equal(code, 0, "second mbsync run (%s)" % out[-400:])
        want_inbox = ["<m0@hamburger.edu>", "<m2@hamburger.edu>", "<near1@example.com>"]
        c.equal(local_ids(), {"INBOX": want_inbox, "Archive": ["<m0@hamburger.edu>"]},
                "near side: the expunge applied, the copy in Archive, the new message kept")
        c.equal(server_ids(imap, "INBOX"), want_inbox, "far side: the new message uploaded")
        c.equal(server_ids(imap, "Archive"), ["<m0@hamburger.edu>"], "far side Archive")

        before = (local_ids(), server_ids(imap, "INBOX"), server_ids(imap, "Archive"))
        code, out = sync(config)
        c.equal(code, 0, "third mbsync run (%s)" % out[-400:])
        c.equal((local_ids(), server_ids(imap, "INBOX"), server_ids(imap, "Archive")), before,
                "a run with nothing to do changes nothing")
        imap.logout()
        server.stop()
finally:
    shutil.rmtree(work, ignore_errors=True)

c.finish()
