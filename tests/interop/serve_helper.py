"""Starts `mailsim serve` on free loopback ports for a test and stops it again.

Ports are picked by the server itself (--smtp 0 ...): it binds, then prints
"listening smtp 127.0.0.1:PORT -> host:25", which is read here. Everything talks to
127.0.0.1 only; every wait is bounded.
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

MAILSIM = os.environ.get("MAILSIM") or sys.exit("MAILSIM is not set")
HOST = "127.0.0.1"


class Server:
    def __init__(self, *extra, protos=("smtp", "pop3", "imap"), quiet=True, state=None,
                 scenario=None):
        args = [MAILSIM, "serve"]
        if scenario:
            args.append(scenario)
        for proto in protos:
            args += ["--" + proto, "0"]
        if quiet:
            args.append("--quiet")
        if state:
            args += ["--state", state]
        args += list(extra)
        self.args = args
        self.lines = []
        self.ports = {}
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        deadline = time.time() + 15
        while len(self.ports) < len(protos):
            if time.time() > deadline or self.proc.poll() is not None:
                self.kill()
                raise RuntimeError("mailsim serve did not start: " + "\n".join(self.lines))
            time.sleep(0.02)

    def _read(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self._lock:
                self.lines.append(line)
            m = re.match(r"listening (\w+) [\d.:]+:(\d+) ", line)
            if m:
                self.ports[m.group(1)] = int(m.group(2))

    def output(self):
        with self._lock:
            return list(self.lines)

    @property
    def smtp(self):
        return self.ports["smtp"]

    @property
    def pop3(self):
        return self.ports["pop3"]

    @property
    def imap(self):
        return self.ports["imap"]

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Signals the server and waits; returns its exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait(timeout=timeout)
            raise RuntimeError("mailsim serve did not stop on signal %d" % sig)
        self._reader.join(timeout=5)
        return code

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self._reader.join(timeout=5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()


def tiny_web_app():
    """A folder standing in for the built web app (--web-dir): tests of the live stream need
    no page."""
    folder = tempfile.mkdtemp(prefix="mailsim-web-")
    with open(os.path.join(folder, "index.html"), "w") as f:
        f.write("<!doctype html><title>mailsim</title>\n")
    return folder


def web_port(server, seconds=10):
    """The port of `--web 0` (its line comes after the mail ports'); None if it never came."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        for line in server.output():
            if line.startswith("listening web "):
                return int(line.split()[2].rsplit(":", 1)[1])
        time.sleep(0.02)
    return None


def send_load(port, session, count, sender="load@example.com", rcpt="bob@hamburger.edu",
              lines=30, pause=0):
    """One SMTP session of `count` messages of `lines` 72-octet lines each, `pause` seconds
    apart (load tests run several at once, numbered by `session`)."""
    import smtplib
    with smtplib.SMTP(HOST, port, timeout=20) as s:
        for i in range(count):
            s.sendmail(sender, [rcpt], "Subject: load %d.%d\r\n\r\n%s"
                       % (session, i, ("x" * 70 + "\r\n") * lines))
            time.sleep(pause)


def cpu_seconds(pid):
    """User and system CPU time process `pid` has used so far."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid):
    """The resident memory of process `pid`, in KiB (0 once it is gone)."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Checks:
    """Collects failures so one run reports all of them; exit code 1 when any failed."""

    def __init__(self):
        self.failures = []
        self.count = 0

    def check(self, ok, what):
        self.count += 1
        if not ok:
            self.failures.append(what)
            print("FAIL:", what, flush=True)

    def equal(self, got, want, what):
        self.check(got == want, "%s: got %r, want %r" % (what, got, want))

    def finish(self):
        passed = self.count - len(self.failures)
        print("%d passed, %d failed" % (passed, len(self.failures)))
        sys.exit(1 if self.failures else 0)
