#!/usr/bin/python3
"""Load: 200 concurrent SMTP sessions x 50 messages each into `mailsim serve` on loopback,
then every message is retrieved over POP3 and compared: nothing lost, nothing duplicated,
bytes identical. Bounded in count and time; prints the rate and the server's peak memory.
SERVE_LOAD_SESSIONS / SERVE_LOAD_MESSAGES override the counts for a quick run."""
import os
import poplib
import smtplib
import threading
import time

from serve_helper import HOST, Checks, Server

SESSIONS = int(os.environ.get("SERVE_LOAD_SESSIONS", "200"))
MESSAGES = int(os.environ.get("SERVE_LOAD_MESSAGES", "50"))
DEADLINE = 240  # seconds for the whole sending phase

c = Checks()
errors = []
sent = {}  # token -> recipient login
lock = threading.Lock()
start_gate = threading.Barrier(SESSIONS)


def body(session, n):
    token = "s%03dm%03d" % (session, n)
    text = "Subject: load %s\r\n\r\ntoken %s\r\n" % (token, token)
    text += "".join("line %d of %s\r\n" % (k, token) for k in range(n % 7))
    return token, text.encode()


def client(session, port, stop_at):
    try:
        start_gate.wait(timeout=60)
        smtp = smtplib.SMTP(HOST, port, local_hostname="load%d.example" % session, timeout=60)
        for n in range(MESSAGES):
            if time.time() > stop_at:
                raise TimeoutError("deadline")
            login = "bob" if (session + n) % 2 == 0 else "alice"
            token, data = body(session, n)
            smtp.sendmail("load@example.com", [login + "@hamburger.edu"], data)
            with lock:
                sent[token] = (login, data)
        smtp.quit()
    except Exception as e:  # noqa: BLE001 - any failure is a lost session
        with lock:
            errors.append("session %d: %r" % (session, e))


def peak_memory_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def retrieve(port, login, password):
    pop = poplib.POP3(HOST, port, timeout=60)
    pop.user(login)
    pop.pass_(password)
    count = pop.stat()[0]
    got = []
    for i in range(count):
        got.append(b"\r\n".join(pop.retr(i + 1)[1]) + b"\r\n")
    pop.quit()
    return got


with Server(protos=("smtp", "pop3"), quiet=True) as server:
    stop_at = time.time() + DEADLINE
    threads = [threading.Thread(target=client, args=(i, server.smtp, stop_at), daemon=True)
               for i in range(SESSIONS)]
    began = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1, stop_at - time.time() + 30))
    elapsed = time.time() - began
    c.equal(errors, [], "every session finished")
    c.equal(len(sent), SESSIONS * MESSAGES, "messages acknowledged with 250")
    print("sent %d messages in %d concurrent sessions in %.1f s (%.0f messages/s)" %
          (len(sent), SESSIONS, elapsed, len(sent) / elapsed), flush=True)

    received = {}
    duplicates = 0
    mismatched = 0
    for login, password in (("bob", "hungry"), ("alice", "ketchup")):
        for raw in retrieve(server.pop3, login, password):
            body_part = raw.split(b"\r\n\r\n", 1)[1]
            token = body_part.split(b"\r\n", 1)[0].split(b" ")[1].decode()
            if token in received:
                duplicates += 1
            received[token] = login
            want = sent.get(token)
            if not want or want[0] != login or not want[1].endswith(body_part) or \
                    want[1].split(b"\r\n\r\n", 1)[1] != body_part:
                mismatched += 1
    c.equal(duplicates, 0, "no message delivered twice")
    c.equal(mismatched, 0, "every retrieved message identical to what was sent")
    c.equal(set(received), set(sent), "nothing lost")
    peak = peak_memory_kib(server.proc.pid)
    print("server peak memory (VmHWM): %.1f MiB" % (peak / 1024.0), flush=True)
    c.check(peak > 0, "peak memory read")
    c.equal(server.stop(), 0, "clean exit")

c.finish()
