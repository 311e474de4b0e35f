#!/usr/bin/python3
"""IMAP details Dovecot's imaptest checks, tried with Python's imaplib against `mailsim serve`
(imaptest itself is not in Debian's archive; these are scripted checks in its spirit):
keywords announced in FLAGS/PERMANENTFLAGS to every session and kept across a restart with
--state; nothing after BYE; ENVELOPE names from comments and source routes; SEARCH FROM on
parsed addresses; BODYSTRUCTURE's default charset; Korean folder names in modified UTF-7."""
import base64
import imaplib
import socket
import tempfile

from serve_helper import HOST, Checks, Server

c = Checks()


def mutf7(text):
    """The usual Python recipe for modified UTF-7 (RFC 3501 §5.1.3)."""
    out, run = [], []

    def flush():
        if run:
            raw = "".join(run).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode().rstrip("=").replace("/", ",") + "-")
            run.clear()

    for ch in text:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            run.append(ch)
    flush()
    return "".join(out)


def login(server):
    imap = imaplib.IMAP4(HOST, server.imap, timeout=10)
    imap.login("bob", "hungry")
    return imap


def flags_announced(imap):
    """The last FLAGS and PERMANENTFLAGS the server sent (imaplib keeps untagged data)."""
    flags = imap.untagged_responses.get("FLAGS", [b""])[-1]
    permanent = [r for r in imap.untagged_responses.get("OK", []) if b"PERMANENTFLAGS" in r]
    return flags, (permanent[-1] if permanent else b"")


MESSAGE = (b"From: user@domain (Real Name)\r\nSender: <@route:user@domain>\r\n"
           b"To: <someone (a comment)@ (another) example.org>\r\nSubject: conformance\r\n"
           b"\r\nNo Content-Type: US-ASCII text/plain.\r\n")

state = tempfile.mkdtemp(prefix="mailsim-imapconf-")
with Server(protos=("imap",), state=state) as server:
    setter, watcher = login(server), login(server)
    c.equal(watcher.select("INBOX")[0], "OK", "watcher SELECT INBOX")
    typ, data = setter.append("INBOX", None, None, MESSAGE)
    c.equal(typ, "OK", "APPEND a message with an old-style address")
    setter.select("INBOX")
    typ, data = setter.store("1", "+FLAGS", "($Test1)")
    c.equal(typ, "OK", "STORE +FLAGS ($Test1)")
    flags, permanent = flags_announced(setter)
    c.check(b"$Test1" in flags, "the storing session gets * FLAGS with $Test1: %r" % flags)
    c.check(b"$Test1" in permanent and b"\\*" in permanent,
            "and PERMANENTFLAGS with $Test1 and \\*: %r" % permanent)
    watcher.noop()
    flags, permanent = flags_announced(watcher)
    c.check(b"$Test1" in flags, "the other selected session is told too: %r" % flags)
    c.check(b"$Test1" in permanent, "PERMANENTFLAGS to the other session: %r" % permanent)

    typ, data = setter.fetch("1", "(ENVELOPE BODYSTRUCTURE)")
    fetched = data[0] if isinstance(data[0], bytes) else data[0][0]
    c.check(b'(("Real Name" NIL "user" "domain"))' in fetched,
            "ENVELOPE from: the comment is the name: %r" % fetched)
    c.check(b'((NIL "@route" "user" "domain"))' in fetched,
            "ENVELOPE sender: the source route is the adl: %r" % fetched)
    c.check(b'"PLAIN" ("CHARSET" "us-ascii")' in fetched,
            "BODYSTRUCTURE says us-ascii without a Content-Type: %r" % fetched)
    typ, data = setter.search(None, "TO", "someone@example.org")
    c.equal(data, [b"1"], "SEARCH TO finds an address written with comments inside")
    typ, data = setter.search(None, "FROM", '"real name"')
    c.equal(data, [b"1"], "SEARCH FROM finds the comment name")

    # Korean folder names as Korean clients send them, and invalid ones refused.
    for name in ("보낸 편지함", "받은 편지함/2024"):
        wire = mutf7(name)
        c.equal(setter.create('"%s"' % wire)[0], "OK", "CREATE %s (%s)" % (wire, name))
    typ, listed = setter.list()
    c.check(any(b'"&vPSwuA- &07jJwNVo-"' in line for line in listed),
            "LIST gives the name back encoded: %r" % listed)
    c.equal(setter.select('"&vPSwuA- &07jJwNVo-"')[0], "OK", "SELECT the Korean folder")
    for bad in ("&Jjo!", "&AGE-", "&U,BTFw-&ZeVnLIqe-"):
        typ, data = setter.create('"%s"' % bad)
        c.check(typ == "NO" and b"modified UTF-7" in data[0],
                "CREATE %s is refused: %r %r" % (bad, typ, data))
    setter.logout()
    watcher.logout()

    # LOGOUT while another session expunged: the EXPUNGE comes before BYE, nothing after it.
    raw = socket.create_connection((HOST, server.imap), timeout=10)
    reader = raw.makefile("rb")
    reader.readline()
    raw.sendall(b"a LOGIN bob hungry\r\nb SELECT INBOX\r\n")
    while not reader.readline().startswith(b"b "):
        pass
    other = login(server)
    other.select("INBOX")
    other.store("1", "+FLAGS", "(\\Deleted)")
    other.expunge()
    other.logout()
    raw.sendall(b"z LOGOUT\r\n")
    lines = []
    while True:
        line = reader.readline()
        if not line:
            break
        lines.append(line)
    raw.close()
    bye = [i for i, line in enumerate(lines) if line.startswith(b"* BYE")]
    c.check(len(bye) == 1 and lines[bye[0] + 1:] == [b"z OK LOGOUT completed\r\n"],
            "after BYE only the tagged OK: %r" % lines)
    c.check(b"* 1 EXPUNGE\r\n" in lines[:bye[0]] if bye else False,
            "the pending EXPUNGE comes before BYE: %r" % lines)
    server.stop()

# Keywords persist with --state: a new server on the same directory still announces $Test1.
with Server(protos=("imap",), state=state) as server:
    imap = login(server)
    imap.select("INBOX")
    flags, permanent = flags_announced(imap)
    c.check(b"$Test1" in flags, "after a restart SELECT still lists $Test1: %r" % flags)
    typ, listed = imap.list()
    c.check(any(b"&vPSwuA- &07jJwNVo-" in line for line in listed),
            "the Korean folder is still there: %r" % listed)
    imap.logout()
    server.stop()

c.finish()
