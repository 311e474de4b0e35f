#!/usr/bin/python3
"""Benchmark: messages/s that `mailsim serve` takes on loopback under Postfix's smtp-source,
side by side in the same run with Python's aiosmtpd (Debian python3-aiosmtpd, Sink handler:
it throws messages away, the fastest aiosmtpd can be) as the other server. Prints both rates
and the ratio.

usage: bench_serve.py [MAILSIM] [--sessions N] [--messages N] [--size OCTETS]
Defaults: 20 sessions, 5000 messages, 1000-octet messages. Each run is bounded (60 s);
everything talks to 127.0.0.1 only. Build mailsim with -DCMAKE_BUILD_TYPE=Release for figures.
"""
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


def smtp_source(args, port):
    tool = shutil.which("smtp-source") or "/usr/sbin/smtp-source"
    cmd = [tool, "-s", str(args.sessions), "-m", str(args.messages), "-l", str(args.size),
           "-f", "bench@example.com", "-t", "bob@hamburger.edu", "-M", "bench.example",
           "%s:%d" % (HOST, port)]
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
    args = parser.parse_args()

    port = free_port()
    proc = run_server([args.mailsim, "serve", "--smtp", str(port), "--quiet"], port)
    try:
        ours = smtp_source(args, port)
    finally:
        stop(proc)

    port = free_port()
    proc = run_server(["/usr/bin/python3", "-m", "aiosmtpd", "-n", "-c",
                       "aiosmtpd.handlers.Sink", "-l", "%s:%d" % (HOST, port)], port)
    try:
        theirs = smtp_source(args, port)
    finally:
        stop(proc)

    print("smtp-source -s %d -m %d -l %d on loopback" % (args.sessions, args.messages, args.size))
    print("mailsim serve: %.0f messages/s" % ours)
    print("aiosmtpd:      %.0f messages/s" % theirs)
    print("ratio:         %.1fx" % (ours / theirs))


if __name__ == "__main__":
    main()
