#!/usr/bin/python3
"""Benchmark: messages/s that `mailsim serve` takes on loopback under Postfix's smtp-source,
side by side in the same run with Python's aiosmtpd (Debian python3-aiosmtpd, Sink handler:
it throws messages away, the fastest aiosmtpd can be) as the other server. Prints both rates
and the ratio.

usage: bench_serve.py [MAILSIM] [--sessions N] [--messages N] [--size OCTETS] [--reuse]
                      [--rounds N]
Defaults: 20 sessions, 5000 messages, 1000-octet messages, one connection per message
(smtp-source's default; --reuse passes -d: every session sends its messages over one
connection). Both servers get exactly the same smtp-source arguments, printed in the output.
--rounds N alternates the two servers N times (the machine's load changes between runs) and
prints every round and the median ratio. Each run is bounded (60 s); everything talks to
127.0.0.1 only. Build mailsim with -DCMAKE_BUILD_TYPE=Release for figures.
"""
import statistics
import argparse
import os
import shutil
import socket
import subprocess
import sys
import time

HOST = "127.0.0.1"


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_listening(port, proc, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit("server exited early")
        try:
            with socket.create_connection((HOST, port), timeout=1) as s:
                s.recv(100)
                return
        except OSError:
            time.sleep(0.05)
    sys.exit("server did not start on port %d" % port)


def source_args(args):
    """The smtp-source arguments, the same for both servers (the port comes last)."""
    return (["-s", str(args.sessions), "-m", str(args.messages), "-l", str(args.size)] +
            (["-d"] if args.reuse else []) +
            ["-f", "bench@example.com", "-t", "bob@hamburger.edu", "-M", "bench.example"])


def smtp_source(args, port):
    tool = shutil.which("smtp-source") or "/usr/sbin/smtp-source"
    cmd = [tool] + source_args(args) + ["%s:%d" % (HOST, port)]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, timeout=60)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit("smtp-source failed: %s" % done.stderr.decode(errors="replace"))
    return args.messages / elapsed


def run_server(cmd, port):
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL)
    try:
        wait_listening(port, proc)
        return proc
    except SystemExit:
        proc.kill()
        raise


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mailsim", nargs="?", default=os.environ.get("MAILSIM", "mailsim"))
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--reuse", action="store_true",
                        help="smtp-source -d: several messages per connection")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()

    def ours_once():
        port = free_port()
        proc = run_server([args.mailsim, "serve", "--smtp", str(port), "--quiet"], port)
        try:
            return smtp_source(args, port)
        finally:
            stop(proc)

    def theirs_once():
        port = free_port()
        proc = run_server(["/usr/bin/python3", "-m", "aiosmtpd", "-n", "-c",
                           "aiosmtpd.handlers.Sink", "-l", "%s:%d" % (HOST, port)], port)
        try:
            return smtp_source(args, port)
        finally:
            stop(proc)

    print("smtp-source %s 127.0.0.1:PORT (the same for both servers)" %
          " ".join(source_args(args)))
    ratios = []
    for round_number in range(args.rounds):
        ours = ours_once()
        theirs = theirs_once()
        ratios.append(ours / theirs)
        prefix = "round %d: " % (round_number + 1) if args.rounds > 1 else ""
        print("%smailsim serve: %.0f messages/s" % (prefix, ours))
        print("%saiosmtpd:      %.0f messages/s" % (prefix, theirs))
        print("%sratio:         %.1fx" % (prefix, ours / theirs))
    if args.rounds > 1:
        print("median ratio:  %.1fx" % statistics.median(ratios))


if __name__ == "__main__":
    main()
