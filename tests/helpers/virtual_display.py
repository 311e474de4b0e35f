"""A command on an X display of its own, for the desktop tests that run side by side.

`xvfb-run -a` picks a display number by looking for a lock file that is not there yet, so two
tests started in the same moment can pick the same number; the second server then takes the
display's socket and the first test's later X clients (xdotool) fail with "Can't open display"
while its window, connected earlier, keeps drawing (seen in CI). With `-displayfd` the server
itself binds the first free display and writes its number back, so no two tests share one.
"""
import os
import subprocess
import tempfile
from contextlib import contextmanager


@contextmanager
def virtual_display(screen):
    """Yields the DISPLAY name (":N") of a fresh Xvfb with one screen of `screen` (WxHxD)."""
    read_end, write_end = os.pipe()
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", screen,
                                   "-nolisten", "tcp", "-noreset"],
                                  pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=log)
        os.close(write_end)
        with os.fdopen(read_end) as numbers:
            number = numbers.readline().strip()
        try:
            if not number.isdigit():
                server.wait(timeout=10)
                log.seek(0)
                raise RuntimeError("Xvfb did not start: " + log.read().decode(errors="replace"))
            yield ":" + number
        finally:
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()


def display_env(display, env=None):
    """`env` (default: this process's) for X clients of `display`."""
    env = dict(os.environ if env is None else env, DISPLAY=display)
    env.pop("XAUTHORITY", None)  # the server has no cookie: local clients are let in
    return env


def run_on_display(command, screen="1280x800x24", env=None, **kwargs):
    """subprocess.run(command, ...) with DISPLAY set to a virtual display of its own."""
    with virtual_display(screen) as display:
        return subprocess.run(command, env=display_env(display, env), **kwargs)
