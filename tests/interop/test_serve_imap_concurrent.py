#!/usr/bin/python3
"""Five IMAP clients at once on one mailbox, checked the way imaptest's state tracking checks a
server (imaptest is not in Debian's archive; this is a small scripted stand-in). Each client
stores random system flags and keywords, fetches flags, expunges, appends and finally logs out,
and every response is checked against what the client was told before:
- a keyword in a FETCH FLAGS must have been announced in FLAGS, and PERMANENTFLAGS must list
  every announced keyword and \\*;
- '* n EXPUNGE' and '* n FETCH' name a message that exists; EXISTS never shrinks silently;
- after '* BYE' only the tagged OK of LOGOUT may come.
Prints the error count; any error fails the test. Seeded, so the commands are the same each run
(the interleaving of the five is up to the scheduler)."""
import random
import re
import socket
import threading

from serve_helper import HOST, Checks, Server

CLIENTS = 5
COMMANDS = 120
SYSTEM = ["\\Seen", "\\Flagged", "\\Answered", "\\Deleted", "\\Draft"]
KEYWORDS = ["$Test%d" % i for i in range(1, 6)]

c = Checks()


class Client:
    def __init__(self, port, name, errors):
        self.sock = socket.create_connection((HOST, port), timeout=20)
        self.reader = self.sock.makefile("rb")
        self.name = name
        self.errors = errors
        self.exists = 0
        self.flags = None  # announced FLAGS, as a set
        self.tag = 0
        self.bye = False
        self.reader.readline()

    def error(self, text):
        self.errors.append("%s: %s" % (self.name, text))

    def untagged(self, line):
        if self.bye:
            self.error("untagged response after BYE: %r" % line)
        m = re.match(r"\* (\d+) (EXISTS|EXPUNGE|FETCH|RECENT)\b(.*)", line)
        if m:
            n, kind, rest = int(m.group(1)), m.group(2), m.group(3)
            if kind == "EXISTS":
                if n < self.exists:
                    self.error("EXISTS shrank from %d to %d without EXPUNGE" % (self.exists, n))
                self.exists = n
            elif kind == "EXPUNGE":
                if not 1 <= n <= self.exists:
                    self.error("EXPUNGE %d with %d messages" % (n, self.exists))
                self.exists -= 1
            elif kind == "FETCH":
                if not 1 <= n <= self.exists:
                    self.error("FETCH %d with %d messages" % (n, self.exists))
                f = re.search(r"FLAGS \(([^)]*)\)", rest)
                if f:
                    for flag in f.group(1).split():
                        if flag.startswith("\\"):
                            continue
                        if self.flags is None or flag.lower() not in self.flags:
                            self.error("keyword %s in FETCH before FLAGS announced it" % flag)
            return
        m = re.match(r"\* FLAGS \(([^)]*)\)", line)
        if m:
            self.flags = {f.lower() for f in m.group(1).split()}
            return
        m = re.match(r"\* OK \[PERMANENTFLAGS \(([^)]*)\)\]", line)
        if m:
            permanent = {f.lower() for f in m.group(1).split()}
            if permanent and ("\\*" not in permanent or not self.flags <= permanent):
                self.error("PERMANENTFLAGS %r does not cover FLAGS %r" % (permanent, self.flags))
            return
        if line.startswith("* BYE"):
            self.bye = True

    def command(self, text, literal=None):
        self.tag += 1
        tag = "t%d" % self.tag
        if literal is None:
            self.sock.sendall(("%s %s\r\n" % (tag, text)).encode())
        else:
            self.sock.sendall(("%s %s {%d}\r\n" % (tag, text, len(literal))).encode())
        while True:
            raw = self.reader.readline()
            if not raw:
                self.error("connection closed during %r" % text)
                return None
            line = raw.decode("ascii", "replace").rstrip("\r\n")
            if line.startswith("+") and literal is not None:
                self.sock.sendall(literal + b"\r\n")
                literal = None
                continue
            if line.startswith(tag + " "):
                if self.bye and not line.startswith(tag + " OK"):
                    self.error("after BYE: %r" % line)
                return line
            self.untagged(line)

    def run(self, seed):
        rng = random.Random(seed)
        self.command("LOGIN bob hungry")
        self.command("SELECT INBOX")
        for _ in range(COMMANDS):
            roll = rng.random()
            if self.exists and roll < 0.45:
                n = rng.randint(1, self.exists)
                flags = rng.sample(SYSTEM[:4] + KEYWORDS, rng.randint(1, 3))
                self.command("STORE %d %sFLAGS (%s)" % (n, rng.choice("+-"), " ".join(flags)))
            elif self.exists and roll < 0.7:
                self.command("FETCH 1:* FLAGS")
            elif roll < 0.78:
                self.command("EXPUNGE")
            elif roll < 0.88:
                body = b"Subject: m%d\r\n\r\nbody\r\n" % rng.randint(0, 10 ** 6)
                self.command("APPEND INBOX (%s)" % rng.choice(KEYWORDS + ["\\Seen"]), body)
            else:
                self.command("NOOP")
        self.command("LOGOUT")
        rest = self.reader.read()
        if rest:
            self.error("bytes after the LOGOUT reply: %r" % rest[:200])
        self.sock.close()


with Server(protos=("imap",)) as server:
    seed_client = Client(server.imap, "seed", [])
    for i in range(20):
        seed_client.command("APPEND INBOX", b"Subject: seed %d\r\n\r\nx\r\n" % i)
    seed_client.command("LOGOUT")
    errors = []
    clients = [Client(server.imap, "client%d" % i, errors) for i in range(CLIENTS)]
    threads = [threading.Thread(target=cl.run, args=(1000 + i,)) for i, cl in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    c.check(not any(t.is_alive() for t in threads), "every client finished")
    print("%d clients x %d commands: %d state-tracking errors" % (CLIENTS, COMMANDS, len(errors)))
    for e in errors[:15]:
        print("  " + e)
    c.equal(len(errors), 0, "state-tracking errors")
    server.stop()

c.finish()
