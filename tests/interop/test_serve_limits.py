#!/usr/bin/python3
"""`mailsim serve` error paths over raw sockets, one per limit: command line over 512 octets,
text line over 1000 octets, SIZE, binary garbage, too many errors, idle timeout, too many
connections, a slow client next to a fast one, and SIGTERM with sessions open."""
import signal
import smtplib
import socket
import time

from serve_helper import HOST, Checks, Server

c = Checks()


class Raw:
    def __init__(self, port):
        self.sock = socket.create_connection((HOST, port), timeout=10)
        self.buf = b""

    def line(self):
        deadline = time.time() + 10
        while b"\r\n" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("no reply line: %r" % self.buf)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("closed: %r" % self.buf)
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def reply(self):
        """A whole (possibly multi-line) SMTP reply; returns (code, last line)."""
        while True:
            line = self.line()
            if line[3:4] != b"-":
                return int(line[:3]), line

    def send(self, data):
        self.sock.sendall(data)

    def closed(self, within=10):
        self.sock.settimeout(within)
        try:
            return self.sock.recv(1) == b""
        except (ConnectionResetError, socket.timeout):
            return False

    def close(self):
        self.sock.close()


def session(port):
    r = Raw(port)
    c.equal(r.reply()[0], 220, "greeting")
    r.send(b"EHLO raw.example\r\n")
    c.equal(r.reply()[0], 250, "EHLO")
    return r


with Server("--max-size", "100000", "--max-errors", "5", "--max-connections", "8",
            "--idle-timeout", "2") as server:
    # command line over 512 octets -> 500, the session goes on
    r = session(server.smtp)
    r.send(b"MAIL FROM:<" + b"a" * 600 + b"@example.com>\r\n")
    code, text = r.reply()
    c.equal(code, 500, "overlong command line: %r" % text)
    r.send(b"NOOP\r\n")
    c.equal(r.reply()[0], 250, "session usable after the overlong line")

    # text line over 1000 octets -> refused at the end of DATA, transaction cleared
    r.send(b"MAIL FROM:<carol@example.com>\r\nRCPT TO:<bob@hamburger.edu>\r\nDATA\r\n")
    c.equal([r.reply()[0] for _ in range(3)], [250, 250, 354], "MAIL RCPT DATA")
    r.send(b"Subject: long\r\n\r\n" + b"y" * 1500 + b"\r\n.\r\n")
    code, text = r.reply()
    c.check(500 <= code < 600, "overlong text line refused at end of DATA: %r" % text)
    r.send(b"RCPT TO:<bob@hamburger.edu>\r\n")
    c.equal(r.reply()[0], 503, "transaction cleared after the refusal")

    # SIZE: declared too big -> 552 at MAIL; undeclared and too big -> 552 at the end
    r.send(b"MAIL FROM:<carol@example.com> SIZE=200000\r\n")
    c.equal(r.reply()[0], 552, "SIZE= above the limit at MAIL")
    r.send(b"MAIL FROM:<carol@example.com>\r\nRCPT TO:<bob@hamburger.edu>\r\nDATA\r\n")
    c.equal([r.reply()[0] for _ in range(3)], [250, 250, 354], "MAIL RCPT DATA (big)")
    line = b"z" * 998 + b"\r\n"
    for _ in range(150):  # 150 kB, over the 100 kB limit
        r.send(line)
    r.send(b".\r\n")
    code, text = r.reply()
    c.equal(code, 552, "message over SIZE: %r" % text)
    r.send(b"QUIT\r\n")
    c.equal(r.reply()[0], 221, "QUIT")
    r.close()

    # binary garbage -> 500s, then too many errors -> 421 and close
    r = session(server.smtp)
    garbage = bytes((i * 73 + 5) % 256 for i in range(300)).replace(b"\r", b"").replace(b"\n", b"")
    codes = []
    for i in range(5):
        r.send(garbage[i * 50:(i + 1) * 50] + b"\r\n")
        codes.append(r.reply()[0])
    c.equal(codes, [500] * 5, "garbage gets 500")
    c.equal(r.reply()[0], 421, "421 right after the fifth error")
    c.check(r.closed(), "closed after too many errors")
    r.close()

    # idle timeout (2 s here) -> 421 and close
    r = session(server.smtp)
    started = time.time()
    code, text = r.reply()
    waited = time.time() - started
    c.check(code == 421 and 1.5 < waited < 6, "idle 421 after %.1f s: %r" % (waited, text))
    c.check(r.closed(), "closed after the idle timeout")
    r.close()

    # input restarts the idle time: a NOOP 1.2 s in, then the 421 comes about 2 s after it
    r = session(server.smtp)
    started = time.time()
    time.sleep(1.2)
    r.send(b"NOOP\r\n")
    c.equal(r.reply()[0], 250, "NOOP while idle")
    code, text = r.reply()
    waited = time.time() - started
    c.check(code == 421 and 2.9 < waited < 7, "idle 421 %.1f s after the start, 1.2 s of it "
            "before a NOOP: %r" % (waited, text))
    r.close()

    # too many connections: 8 allowed, the ninth gets 421 and close
    held = [session(server.smtp) for _ in range(8)]
    extra = Raw(server.smtp)
    code, text = extra.reply()
    c.check(code == 421 and b"Too many connections" in text, "ninth connection: %r" % text)
    c.check(extra.closed(), "the ninth is closed")
    extra.close()
    for r in held:
        r.send(b"QUIT\r\n")
        r.reply()
        r.close()
    time.sleep(0.3)

    # a slow client (half a command, nothing more) does not stall a fast one
    slow = Raw(server.smtp)
    slow.reply()
    slow.send(b"EHLO sl")
    fast = smtplib.SMTP(HOST, server.smtp, local_hostname="fast.example", timeout=5)
    started = time.time()
    for i in range(20):
        fast.sendmail("carol@example.com", ["bob@hamburger.edu"], b"Subject: f\r\n\r\nfast\r\n")
    fast.quit()
    c.check(time.time() - started < 3, "20 messages next to a stalled client in %.2f s" %
            (time.time() - started))
    slow.close()

    # binary garbage to POP3 and IMAP (with CR LF inside) is answered, never a crash
    noise = bytes((i * 131 + 17) % 256 for i in range(20000))
    for port in (server.pop3, server.imap):
        g = Raw(port)
        g.line()
        g.send(noise)
        g.close()
    time.sleep(0.3)
    probe = smtplib.SMTP(HOST, server.smtp, local_hostname="probe.example", timeout=5)
    c.equal(probe.noop()[0], 250, "server alive after garbage on POP3 and IMAP")
    probe.quit()
    c.equal(server.proc.poll(), None, "server process still running")

    # POP3 idle timeout: closed
    p = Raw(server.pop3)
    c.check(p.line().startswith(b"+OK"), "POP3 greeting")
    c.check(p.closed(within=6), "POP3 closed after the idle timeout")
    p.close()

    # SIGTERM: open sessions get 421 (SMTP), -ERR (POP3), * BYE (IMAP), then a clean exit
    s = session(server.smtp)
    p = Raw(server.pop3)
    p.line()
    i = Raw(server.imap)
    i.line()
    time.sleep(0.2)
    server.proc.send_signal(signal.SIGTERM)
    code, text = s.reply()
    c.equal(code, 421, "SMTP session told 421 on SIGTERM")
    c.check(p.line().startswith(b"-ERR"), "POP3 session told -ERR on SIGTERM")
    c.check(i.line().startswith(b"* BYE"), "IMAP session told BYE on SIGTERM")
    c.equal(server.proc.wait(timeout=10), 0, "exit code 0 after SIGTERM")

c.finish()
