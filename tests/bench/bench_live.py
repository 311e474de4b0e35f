#!/usr/bin/python3
"""Benchmark: `mailsim serve --web` throughput with 30 live viewers against none.

Postfix's smtp-source runs 200 sessions x 30 messages (-s 200 -m 6000 -d; the issue's load is
200 x 10, and rounds of 2,000 messages lasted 0.3-0.5 s, too short to measure) against a fresh
`mailsim serve --smtp 0 --web 0`, once with no viewer, once with 30 WebSocket viewers
(tests/interop/live_viewer.py) and one that never reads, in turn first every other round (the
machine's load drifts). Each round prints the wall-clock messages/s of both and their ratio
(goal: with viewers at least 80% of without), and checks that every viewer ended with the
server's delivered count and that the never-reading viewer was disconnected (exit status 1
otherwise). The end prints the median, quartiles and range of the ratio over the rounds.

The viewers run on the server's own machine, where in a class they are thirty laptops: their
CPU comes out of the wall-clock figure on a 2-core machine. So the bench also prints what does
not depend on where they run: the server's CPU per delivered message without and with viewers
(all its threads, from the first message until the server is idle again with the stream all
sent: the web thread runs at nice +10 and may catch up after the load), split into the serve
loop (owns the world, copies the new events out) and the web thread (encodes each event once,
folds the snapshot's view, sends the batches), and the viewers' own CPU. The 30 viewers share
one thread that waits on all their sockets (selectors), as cheap as a Python viewer gets:
thirty threads taking turns at Python's lock cost more.

usage: bench_live.py [MAILSIM] [--viewers N] [--sessions N] [--messages N] [--rounds N]
"""
import argparse
import os
import resource
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))
os.environ.setdefault("MAILSIM", "")
from live_viewer import Viewer  # noqa: E402

HOST = "127.0.0.1"


class Serve:
    def __init__(self, mailsim, web_dir):
        self.proc = subprocess.Popen([mailsim, "serve", "--smtp", "0", "--web", "0", "--web-dir",
                                      web_dir, "--quiet", "--max-connections", "512"],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines, self.smtp, self.web = [], None, None
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        deadline = time.time() + 15
        while (self.smtp is None or self.web is None) and time.time() < deadline:
            time.sleep(0.02)
        if self.smtp is None or self.web is None:
            sys.exit("mailsim serve did not start: %s" % "\n".join(self.lines))

    def _read(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.lines.append(line)
            if line.startswith("listening "):
                proto, port = line.split()[1], int(line.split()[2].rsplit(":", 1)[1])
                if proto == "smtp":
                    self.smtp = port
                elif proto == "web":
                    self.web = port

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=20)


def thread_cpu(pid, tid=None):
    """CPU seconds per thread of process `pid` by thread id (or of its thread `tid` only)."""
    out = {}
    for t in [str(tid)] if tid else os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, t)) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        out[t] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


def server_cpu(pid):
    """The server's CPU so far: (serve loop, web thread). The loop thread is the process's own
    id; every other thread (the web thread) comes after it."""
    threads = thread_cpu(pid)
    loop = threads.pop(str(pid), 0.0)
    return loop, sum(threads.values())


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


class Readers:
    """All the viewers read by one thread that waits on their sockets."""

    def __init__(self, viewers):
        self.viewers = viewers
        self.tid = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.stop = False
        self.thread.start()
        while self.tid is None:
            time.sleep(0.001)

    def _run(self):
        self.tid = threading.get_native_id()
        selector = selectors.DefaultSelector()
        for v in self.viewers:
            selector.register(v.sock, selectors.EVENT_READ, v)
        while not self.stop and selector.get_map():
            for key, _ in selector.select(timeout=0.2):
                if not key.data.pump():
                    selector.unregister(key.fileobj)

    def cpu(self):
        return sum(thread_cpu(os.getpid(), self.tid).values())


def wait_idle(pid, limit=10.0):
    """Until the server's CPU stops growing (the web thread has sent what it had)."""
    deadline = time.time() + limit
    last = sum(server_cpu(pid))
    while time.time() < deadline:
        time.sleep(0.1)
        now = sum(server_cpu(pid))
        if now - last < 0.003:
            return
        last = now


def one_run(args, web_dir, viewers):
    server = Serve(args.mailsim, web_dir)
    attached, stuck, readers = [], None, None
    try:
        if viewers:
            attached = [Viewer(server.web) for _ in range(viewers)]
            stuck = Viewer(server.web, rcvbuf=4096)
            readers = Readers(attached)
            # Their snapshots first: the load starts with everyone attached and following.
            deadline = time.time() + 10
            while time.time() < deadline and not all(v.snapshots for v in attached):
                time.sleep(0.005)
        loop0, web0 = server_cpu(server.proc.pid)
        viewers0 = readers.cpu() if readers else 0.0
        clients0 = children_cpu()
        tool = shutil.which("smtp-source") or "/usr/sbin/smtp-source"
        cmd = [tool, "-s", str(args.sessions), "-m", str(args.messages), "-d", "-l", "1000",
               "-f", "bench@example.com", "-t", "bob@hamburger.edu", "-M", "bench.example",
               "%s:%d" % (HOST, server.smtp)]
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, timeout=600)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit("smtp-source failed: %s" % done.stderr.decode(errors="replace"))
        loop1, web1 = server_cpu(server.proc.pid)
        viewers1 = readers.cpu() if readers else 0.0
        clients1 = children_cpu()
        lag = 0.0
        if viewers:
            deadline = time.time() + 30
            while time.time() < deadline and any(v.delivered < args.messages for v in attached):
                time.sleep(0.005)
            lag = time.perf_counter() - start - elapsed
        wait_idle(server.proc.pid)
        loop2, web2 = server_cpu(server.proc.pid)
        viewers2 = readers.cpu() if readers else 0.0
        counts = [v.delivered for v in attached]
        resyncs = sum(v.snapshots - 1 for v in attached)
        # The never-reading viewer goes once a message has been on its way to it for 5 s.
        deadline = time.time() + (10 if viewers else 0)
        while time.time() < deadline and not any("does not read" in l for l in server.lines):
            time.sleep(0.1)
        return {"rate": args.messages / elapsed, "elapsed": elapsed, "counts": counts,
                "dropped": any("does not read; disconnected" in l for l in server.lines),
                "lag": lag, "resyncs": resyncs,
                # During the load, and in all until the stream was sent (per message, us).
                "run": (loop1 - loop0, web1 - web0, viewers1 - viewers0, clients1 - clients0),
                "loop": 1e6 * (loop2 - loop0) / args.messages,
                "web": 1e6 * (web2 - web0) / args.messages,
                "viewers": 1e6 * (viewers2 - viewers0) / args.messages}
    finally:
        if readers:
            readers.stop = True
        for v in attached + ([stuck] if stuck else []):
            v.close()
        server.stop()


def spread(values, unit="", scale=1.0):
    """median (quartiles, range) of a list."""
    v = sorted(x * scale for x in values)
    q = statistics.quantiles(v, n=4, method="inclusive") if len(v) > 1 else [v[0]] * 3
    return "%.0f%s (quartiles %.0f-%.0f, range %.0f-%.0f)" % (q[1], unit, q[0], q[2], v[0], v[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mailsim", nargs="?", default=os.environ.get("MAILSIM") or
                        os.path.join(os.path.dirname(__file__), "..", "..", "build-release",
                                     "ui", "mailsim"))
    parser.add_argument("--viewers", type=int, default=30)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--messages", type=int, default=6000, help="in all (default 200 x 30)")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    web_dir = tempfile.mkdtemp(prefix="mailsim-bench-web-")
    with open(os.path.join(web_dir, "index.html"), "w") as f:
        f.write("<!doctype html>\n")
    print("smtp-source -s %d -m %d -d -l 1000; %d viewers and one that never reads; %s; "
          "load average %.1f" % (args.sessions, args.messages, args.viewers, args.mailsim,
                                 os.getloadavg()[0]), flush=True)
    ratios, alone_runs, watched_runs, failed = [], [], [], False
    for round_number in range(args.rounds):
        # Alternately first and second: a load that drifts weighs on both alike.
        if round_number % 2 == 0:
            alone = one_run(args, web_dir, 0)
            watched = one_run(args, web_dir, args.viewers)
        else:
            watched = one_run(args, web_dir, args.viewers)
            alone = one_run(args, web_dir, 0)
        alone_runs.append(alone)
        watched_runs.append(watched)
        ratios.append(watched["rate"] / alone["rate"])
        counts = watched["counts"]
        same = len(counts) == args.viewers and all(c == args.messages for c in counts)
        failed |= not same or not watched["dropped"]
        print("round %d: %.0f msg/s without viewers, %.0f msg/s with %d (%.0f%%); viewers' "
              "delivered counts %s the server's %d (%s); never-reading viewer %s" %
              (round_number + 1, alone["rate"], watched["rate"], args.viewers,
               100 * ratios[-1], "all equal" if same else "DIFFER from", args.messages,
               ",".join(str(c) for c in sorted(set(counts))),
               "disconnected" if watched["dropped"] else "NOT disconnected"), flush=True)
        print("         CPU per message: serve loop %.0f us, web thread %.0f us without viewers; "
              "serve loop %.0f us, web thread %.0f us, the %d viewers %.0f us with them "
              "(the last delivery reached every viewer %.0f ms after the load; %d fresh "
              "snapshots for viewers that fell behind)" %
              (alone["loop"], alone["web"], watched["loop"], watched["web"], args.viewers,
               watched["viewers"], 1000 * watched["lag"], watched["resyncs"]), flush=True)
        print("         CPU during the load, s: without viewers (%.2f s) loop %.2f, web %.2f, "
              "smtp-source %.2f; with (%.2f s) loop %.2f, web %.2f, viewers %.2f, "
              "smtp-source %.2f" % ((alone["elapsed"],) + alone["run"][:2] + alone["run"][3:] +
                                    (watched["elapsed"],) + watched["run"]), flush=True)
    server_alone = [r["loop"] + r["web"] for r in alone_runs]
    server_watched = [r["loop"] + r["web"] for r in watched_runs]
    print("median of %d rounds: with %d viewers %s of the wall-clock throughput without "
          "(goal: at least 80%%)" % (args.rounds, args.viewers, spread(ratios, "%", 100)))
    print("the server's CPU per delivered message: %s without viewers, %s with %d; the "
          "viewers' own %s; the last delivery reached every viewer a median %.0f ms after the "
          "load" % (spread(server_alone, " us"), spread(server_watched, " us"), args.viewers,
                    spread([r["viewers"] for r in watched_runs], " us"),
                    1000 * statistics.median(r["lag"] for r in watched_runs)))
    print("of it the web thread's: %s without viewers, %s with; the serve loop's %s without, "
          "%s with" % (spread([r["web"] for r in alone_runs], " us"),
                       spread([r["web"] for r in watched_runs], " us"),
                       spread([r["loop"] for r in alone_runs], " us"),
                       spread([r["loop"] for r in watched_runs], " us")))
    print("the server's CPU per message without viewers / with them: %s" %
          spread([a / w for a, w in zip(server_alone, server_watched)], "%", 100))
    if failed:
        sys.exit("FAILED: a viewer's count differed from the server's, or the never-reading "
                 "viewer was not disconnected")


if __name__ == "__main__":
    main()
