#!/usr/bin/python3
"""A command cut short by the client's FIN, on every protocol of a real `mailsim serve`.

Six bytes (`a NOOP`, no CRLF, then shutdown(SHUT_WR)) once hung the whole server: 100% CPU,
nobody greeted, SIGTERM ignored. Here each hostile input is sent, then the test checks that the
server closes that connection, still greets a new client on every port within a second, and
stops on SIGTERM. Every wait is bounded."""
import socket
import time

from serve_helper import HOST, Checks, Server

c = Checks()

CASES = {
    "imap": [b"a NOOP", b"a LOGIN {5}\r\nab", b"x1 CAPA", b"a LOGIN bob hungry\r\nb SELECT INBOX"],
    "pop3": [b"USER", b"USER bob\r\nPA", b"USER bob\r\nPASS hungry\r\nRETR 1"],
    "smtp": [b"NOOP", b"HELO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<bob@hamburger.edu>\r\n"
             b"DATA\r\nhalf a li"],
}
GREETING = {"imap": b"* OK", "pop3": b"+OK", "smtp": b"220"}


def read_until_closed(sock, within):
    """Everything the server sends until it closes; None if it is still open after `within`."""
    sock.settimeout(within)
    data = b""
    deadline = time.time() + within
    while time.time() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return None
        except ConnectionResetError:
            return data
        if not chunk:
            return data
        data += chunk
    return None


def greets(port, proto, within=1.0):
    start = time.time()
    try:
        with socket.create_connection((HOST, port), timeout=within) as sock:
            sock.settimeout(within)
            got = sock.recv(4096)
    except OSError:
        return None
    return time.time() - start if got.startswith(GREETING[proto]) else None


with Server() as server:
    ports = {"imap": server.imap, "pop3": server.pop3, "smtp": server.smtp}
    for proto, inputs in CASES.items():
        for data in inputs:
            what = "%s %r + FIN" % (proto, data)
            sock = socket.create_connection((HOST, ports[proto]), timeout=5)
            sock.settimeout(5)
            sock.recv(4096)  # the greeting
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
            rest = read_until_closed(sock, within=3)
            c.check(rest is not None, what + ": the server closes the connection")
            sock.close()
            for other, port in ports.items():
                took = greets(port, other)
                c.check(took is not None, what + ": then a new %s client is greeted" % other)
    # The connections a client half-closed and left are gone too: no slot kept.
    socks = []
    for _ in range(20):
        s = socket.create_connection((HOST, server.imap), timeout=5)
        s.recv(4096)
        s.sendall(b"a NOOP")
        s.shutdown(socket.SHUT_WR)
        socks.append(s)
    for s in socks:
        c.check(read_until_closed(s, within=3) is not None, "20 half-closed IMAP clients: closed")
        s.close()
    c.check(greets(server.imap, "imap") is not None, "after 20 half-closed IMAP clients")
    start = time.time()
    code = server.stop(timeout=5)
    c.equal(code, 0, "SIGTERM: exit code")
    c.check(time.time() - start < 5, "SIGTERM: stops at once")

c.finish()
