#!/usr/bin/python3
"""Benchmark: clients that pipeline and never read, next to a normal one. 100 IMAP clients
each ask for FETCH 1:* (BODY.PEEK[]) 20 times over five 20 KB messages and 100 SMTP clients
send NOOP 5,000 times; none reads a byte. Prints the server's RSS over idle, its CPU while they
stay stalled and the time a new POP3 client waits for its greeting (median and worst of 10),
before the stalled clients, while the server still writes what the kernels take, and after.
With back-pressure their commands wait in the kernel's socket buffers (docs/sections/serve.md).

usage: MAILSIM=build-release/ui/mailsim bench_serve_stalled.py [--clients N]
Everything talks to 127.0.0.1 only; every wait is bounded.
"""
import argparse
import os
import smtplib
import socket
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))
from serve_helper import HOST, Server, rss_kib  # noqa: E402

TEXT = "".join("line %06d of a message fetched by a client that never reads\r\n" % i
               for i in range(340))


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def greeting_ms(port, rounds=10):
    times = []
    for _ in range(rounds):
        start = time.time()
        with socket.create_connection((HOST, port), timeout=20) as s:
            s.settimeout(20)
            s.recv(100)
        times.append((time.time() - start) * 1000)
        time.sleep(0.05)
    return "median %.1f ms, worst %.1f ms" % (statistics.median(times), max(times))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100, help="of each kind (default 100)")
    args = parser.parse_args()
    with Server("--max-connections", str(2 * args.clients + 50)) as server:
        with smtplib.SMTP(HOST, server.smtp, timeout=20) as smtp:
            for i in range(5):
                smtp.sendmail("carol@example.com", ["bob@hamburger.edu"],
                              "Subject: m%d\r\n\r\n%s" % (i, TEXT))
        time.sleep(0.5)
        pid = server.proc.pid
        idle = rss_kib(pid)
        print("no stalled clients: greeting %s" % greeting_ms(server.pop3))
        fetches = b"".join(b"f%d FETCH 1:* (BODY.PEEK[])\r\n" % k for k in range(20))
        stalled = []
        for _ in range(args.clients):
            imap = socket.create_connection((HOST, server.imap), timeout=10)
            imap.sendall(b"a LOGIN bob hungry\r\nb SELECT INBOX\r\n" + fetches)
            smtp = socket.create_connection((HOST, server.smtp), timeout=10)
            smtp.sendall(b"NOOP\r\n" * 5000)
            stalled += [imap, smtp]
        print("%d stalled, at once: greeting %s" % (len(stalled), greeting_ms(server.pop3)))
        busy = cpu_seconds(pid)
        while True:  # until the server has written what the kernels take (bounded: 60 s)
            before = cpu_seconds(pid)
            time.sleep(1)
            if cpu_seconds(pid) - before < 0.05 or cpu_seconds(pid) - busy > 60:
                break
        print("server CPU until every stalled client was paused: %.1f s" % (cpu_seconds(pid) - busy))
        before = cpu_seconds(pid)
        time.sleep(2)
        print("server CPU while they stay stalled: %.2f s in 2 s" % (cpu_seconds(pid) - before))
        print("%d stalled, settled: greeting %s" % (len(stalled), greeting_ms(server.pop3)))
        print("server RSS %.1f MiB over idle" % ((rss_kib(pid) - idle) / 1024))
        for s in stalled:
            s.close()
        server.stop()


if __name__ == "__main__":
    main()
