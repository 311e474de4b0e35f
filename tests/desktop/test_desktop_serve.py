"""mailsim-gui --serve under Xvfb: the desktop app runs `mailsim serve`'s loop in its frame
loop, Python's smtplib sends a message to it on loopback and poplib reads it back while the
window is open, then a real Ctrl+Q quits (421 to nothing left open) and the state the app
reports shows the real client's session in the world it animates."""
import json
import os
import re
import smtplib
import subprocess
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.join(os.environ["MAILSIM_SOURCE_DIR"], "tests", "helpers"))
from png_stats import luminance_variance  # noqa: E402
from virtual_display import run_on_display  # noqa: E402

GUI = os.environ["MAILSIM_GUI"]
OUT = os.path.join(os.environ["MAILSIM_BINARY_DIR"], "screenshots")

CLIENT = textwrap.dedent("""\
    import poplib, re, smtplib, sys, time
    ports = {}
    for _ in range(200):
        for line in open(sys.argv[1], errors="replace"):
            m = re.match(r"listening (\\w+) [\\d.:]+:(\\d+) ", line)
            if m:
                ports[m.group(1)] = int(m.group(2))
        if {"smtp", "pop3"} <= ports.keys():
            break
        time.sleep(0.1)
    body = "Subject: live\\r\\n\\r\\nSent while the window watched.\\r\\n"
    with smtplib.SMTP("127.0.0.1", ports["smtp"], timeout=20) as s:
        refused = s.sendmail("alice@hamburger.edu", ["bob@hamburger.edu"], body)
        assert refused == {}, refused
    time.sleep(0.5)
    p = poplib.POP3("127.0.0.1", ports["pop3"], timeout=20)
    p.user("bob"); p.pass_("hungry")
    count, _ = p.stat()
    lines = p.retr(count)[1]
    p.quit()
    assert b"Sent while the window watched." in lines, lines
    print("client ok", count)
""")

DRIVER = textwrap.dedent("""\
    set -e
    "$GUI" --lang en --serve --smtp 0 --pop3 0 --imap 0 --host mail.hamburger.edu \\
        --frames 10000000 --print-state \\
        --screenshot "$SHOT" > "$STATE" &
    pid=$!
    for i in $(seq 1 100); do
      xdotool search --onlyvisible --name '^mailsim$' >/dev/null 2>&1 && break
      sleep 0.1
    done
    python3 -c "$CLIENT" "$STATE" > "$CLIENT_OUT"
    sleep 1
    xdotool mousemove 640 300
    xdotool keydown ctrl; xdotool keydown q; sleep 0.05; xdotool keyup q; xdotool keyup ctrl
    wait $pid
""")


class DesktopServe(unittest.TestCase):
    def test_real_client_session_in_the_window(self):
        os.makedirs(OUT, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            shot = os.path.join(OUT, "desktop-serve.png")
            state_file = os.path.join(tmp, "state.json")
            client_out = os.path.join(tmp, "client.txt")
            env = dict(os.environ, MAILSIM_CONFIG_DIR=tmp, GUI=GUI, SHOT=shot, STATE=state_file,
                       CLIENT=CLIENT, CLIENT_OUT=client_out)
            result = run_on_display(screen="1280x800x24", command=["bash", "-c", DRIVER],
                                    env=env, capture_output=True, text=True, timeout=180)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(client_out) as f:
                self.assertEqual(f.read().strip(), "client ok 1")
            with open(state_file) as f:
                printed = f.read().strip().splitlines()
            state = json.loads(printed[-1])
        self.assertTrue(any(line.startswith("listening smtp ") and
                            line.endswith("-> mail.hamburger.edu:25") for line in printed),
                        printed[:5])
        self.assertTrue(state["live"])
        self.assertEqual(state["scenario"], "serve")
        self.assertIn("127.0.0.1", state["status"])
        # The message the real client sent is in bob's mailbox as the window shows it, and the
        # window followed the live world to its newest event.
        self.assertEqual(state["world"]["mailboxes"]["bob@hamburger.edu"]["INBOX"], 1)
        self.assertEqual(state["world"]["counters"]["accepted"], 1)
        self.assertEqual(state["event_index"], state["trace_size"])
        width, height, variance = luminance_variance(shot)
        self.assertGreater(variance, 50)

    def test_mailboxes_restored_from_the_state_folder_are_shown(self):
        # `mailsim serve --state DIR` takes a message and stops; the window opened on the same
        # folder must show it at once (it showed INBOX (0) until a live change came).
        mailsim = os.environ.get("MAILSIM") or os.path.join(os.path.dirname(GUI), "mailsim")
        with tempfile.TemporaryDirectory() as tmp:
            state_dir = os.path.join(tmp, "state")
            server = subprocess.Popen([mailsim, "serve", "--smtp", "0", "--quiet",
                                       "--state", state_dir], stdout=subprocess.PIPE, text=True)
            try:
                port = None
                for line in server.stdout:
                    m = re.match(r"listening smtp [\d.:]+:(\d+) ", line)
                    if m:
                        port = int(m.group(1))
                        break
                with smtplib.SMTP("127.0.0.1", port, timeout=20) as s:
                    s.sendmail("alice@hamburger.edu", ["bob@hamburger.edu"],
                               "Subject: kept\r\n\r\nOn disk before the window opened.\r\n")
            finally:
                server.terminate()
                server.communicate(timeout=20)
            state_file = os.path.join(tmp, "state.json")
            env = dict(os.environ, MAILSIM_CONFIG_DIR=tmp)
            with open(state_file, "w") as out:
                result = run_on_display(screen="1280x800x24", command=[GUI, "--lang", "en",
                     "--serve", "--smtp", "0", "--pop3", "0", "--imap", "0", "--state", state_dir,
                     "--frames", "30", "--print-state"],
                    env=env, stdout=out, stderr=subprocess.PIPE, text=True, timeout=180)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(state_file) as f:
                printed = f.read().strip().splitlines()
        self.assertTrue(any("mailbox changes restored" in line for line in printed), printed[:8])
        state = json.loads(printed[-1])
        self.assertEqual(state["world"]["mailboxes"]["bob@hamburger.edu"]["INBOX"], 1,
                         state["world"]["mailboxes"])


if __name__ == "__main__":
    unittest.main()
