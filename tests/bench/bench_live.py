#!/usr/bin/python3
"""Benchmark: `mailsim serve --web` throughput with 30 live viewers against none.

Postfix's smtp-source runs 200 sessions x 10 messages (-s 200 -m 2000 -d) against a fresh
`mailsim serve --smtp 0 --web 0`, first with no viewer, then with 30 WebSocket viewers
(tests/interop/live_viewer.py, one thread each) and one that never reads. Prints messages/s
for both, their ratio (goal: within 20%), every viewer's final delivered count against the
server's, how long after smtp-source finished the last viewer had the last delivery, and
whether the never-reading viewer was disconnected. Rounds alternate the two (the machine's
load changes between runs). The CPU line says where the time went: the server's two threads
(the serve loop, which owns the world and only copies the new events out for the stream, and
the web thread, which encodes them once, folds the snapshot's view and sends; it runs at nice
+10, so on a machine short of CPU it lags behind a burst and catches up after it), the 30
viewers (this process: they run on the same machine, where in a class they are thirty
laptops) and smtp-source.

usage: bench_live.py [MAILSIM] [--viewers N] [--sessions N] [--messages N] [--rounds N]
"""
import argparse
import os
import resource
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


def thread_cpu(pid):
    """CPU seconds per thread of the server, by thread id."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        out[tid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


def own_cpu(who):
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def cpu_seconds(pid):
    """User + system CPU the server used so far (all its threads): what the viewers cost the
    server itself, apart from the clients' CPU on the same machine."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_run(args, web_dir, viewers):
    server = Serve(args.mailsim, web_dir)
    attached, threads = [], []
    stuck = None
    try:
        if viewers:
            attached = [Viewer(server.web) for _ in range(viewers)]
            stuck = Viewer(server.web, rcvbuf=4096)
            for v in attached:
                t = threading.Thread(target=lambda v=v: [None for _ in iter(
                    lambda: v.message(keep=False), None)], daemon=True)
                t.start()
                threads.append(t)
        cpu_before = cpu_seconds(server.proc.pid)
        threads_before = thread_cpu(server.proc.pid)
        viewers_before, clients_before = own_cpu(resource.RUSAGE_SELF), own_cpu(resource.RUSAGE_CHILDREN)
        tool = shutil.which("smtp-source") or "/usr/sbin/smtp-source"
        cmd = [tool, "-s", str(args.sessions), "-m", str(args.messages), "-d", "-l", "1000",
               "-f", "bench@example.com", "-t", "bob@hamburger.edu", "-M", "bench.example",
               "%s:%d" % (HOST, server.smtp)]
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, timeout=300)
        elapsed = time.perf_counter() - start
        threads = thread_cpu(server.proc.pid)
        # The loop thread is the first (the process's own id); the web thread starts after it.
        ids = sorted(threads, key=int)
        split = [threads[t] - threads_before.get(t, 0) for t in ids]
        print("         CPU during the run (%.2f s): serve loop %.2f s, web thread %.2f s, "
              "viewers %.2f s, smtp-source %.2f s" %
              (elapsed, split[0], sum(split[1:]), own_cpu(resource.RUSAGE_SELF) - viewers_before,
               own_cpu(resource.RUSAGE_CHILDREN) - clients_before), flush=True)
        if done.returncode != 0:
            sys.exit("smtp-source failed: %s" % done.stderr.decode(errors="replace"))
        counts, lag = [], 0.0
        if viewers:
            deadline = time.time() + 20
            while time.time() < deadline and any(v.delivered < args.messages for v in attached):
                time.sleep(0.005)
            lag = time.perf_counter() - start - elapsed
            counts = [v.delivered for v in attached]
        # The never-reading viewer goes once a message has been on its way to it for 5 s.
        deadline = time.time() + (10 if viewers else 0)
        while time.time() < deadline and not any("does not read" in l for l in server.lines):
            time.sleep(0.1)
        dropped = any("does not read; disconnected" in line for line in server.lines)
        return (args.messages / elapsed, counts, dropped, cpu_seconds(server.proc.pid) - cpu_before,
                lag)
    finally:
        for v in attached + ([stuck] if stuck else []):
            v.close()
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mailsim", nargs="?", default=os.environ.get("MAILSIM") or
                        os.path.join(os.path.dirname(__file__), "..", "..", "build-release",
                                     "ui", "mailsim"))
    parser.add_argument("--viewers", type=int, default=30)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--messages", type=int, default=2000, help="in all (default 200 x 10)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    web_dir = tempfile.mkdtemp(prefix="mailsim-bench-web-")
    with open(os.path.join(web_dir, "index.html"), "w") as f:
        f.write("<!doctype html>\n")
    print("smtp-source -s %d -m %d -d; %d viewers and one that never reads" %
          (args.sessions, args.messages, args.viewers))
    ratios, lags = [], []
    for round_number in range(args.rounds):
        alone, _, _, cpu_alone, _ = one_run(args, web_dir, 0)
        watched, counts, dropped, cpu_watched, lag = one_run(args, web_dir, args.viewers)
        ratios.append(watched / alone)
        lags.append(lag)
        same = all(c == args.messages for c in counts)
        print("round %d: %.0f msg/s without viewers, %.0f msg/s with %d (%.0f%%); viewers' "
              "delivered counts %s the server's %d (%s); never-reading viewer %s" %
              (round_number + 1, alone, watched, args.viewers, 100 * watched / alone,
               "all equal" if same else "DIFFER from", args.messages,
               ",".join(str(c) for c in sorted(set(counts))),
               "disconnected" if dropped else "NOT disconnected"), flush=True)
        print("         server CPU: %.0f us/message without viewers, %.0f us/message with %d "
              "(after the run: up to 10 s waiting for the drop); every viewer had the last "
              "delivery %.0f ms after smtp-source finished" %
              (1e6 * cpu_alone / args.messages, 1e6 * cpu_watched / args.messages,
               args.viewers, 1000 * lag), flush=True)
    print("median: with %d viewers %.0f%% of the throughput without (goal: at least 80%%); "
          "the viewers had the last delivery %.0f ms after the last message (median)" %
          (args.viewers, 100 * statistics.median(ratios), 1000 * statistics.median(lags)))


if __name__ == "__main__":
    main()
