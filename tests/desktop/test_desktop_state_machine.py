"""Desktop: the state-machine panel of the real mailsim-gui under Xvfb, opened on the IMAP
scenario's first session after SELECT, shows the IMAP diagram with "selected" lit (a state box
filled with the highlight colour appears on screen), and on the SMTP client side of alice-bob."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.environ["MAILSIM_SOURCE_DIR"], "tests", "helpers"))
from png_stats import read_png  # noqa: E402
from virtual_display import run_on_display  # noqa: E402

GUI = os.environ["MAILSIM_GUI"]
OUT = os.path.join(os.environ["MAILSIM_BINARY_DIR"], "screenshots")


def run_gui(args):
    with tempfile.TemporaryDirectory() as config:
        env = dict(os.environ, MAILSIM_CONFIG_DIR=config)
        result = run_on_display(screen="1280x800x24", command=[GUI,
                                 "--frames", "6", "--print-state"] + args,
                                env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise AssertionError(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def highlight_pixels(path):
    """Pixels in the theme's highlight yellow (255, 215, 0): the lit state and taken arrow."""
    width, height, channels, rows = read_png(path)
    count = 0
    for row in rows:
        for x in range(0, width * channels, channels):
            if row[x] > 240 and 195 < row[x + 1] < 235 and row[x + 2] < 40:
                count += 1
    return count


class DesktopStateMachine(unittest.TestCase):
    def test_imap_session_lit_at_selected(self):
        os.makedirs(OUT, exist_ok=True)
        base = ["--scenario", "imap-folders", "--seek", "24", "--conn", "1", "--lang", "en"]
        plain = os.path.join(OUT, "desktop-no-state-machine.png")
        run_gui(base + ["--screenshot", plain])
        shot = os.path.join(OUT, "desktop-state-machine-imap.png")
        state = run_gui(base + ["--open", "state_machine", "--screenshot", shot])
        self.assertIn("state_machine", [w["id"] for w in state["windows"]])
        self.assertEqual(state["missing_strings"], [])
        machine = state["state_machine"]
        self.assertEqual(machine["diagram"], "IMAP")
        self.assertEqual(machine["conn"], 1)
        self.assertEqual(machine["state"], "selected")
        self.assertEqual(machine["previous"], "authenticated")
        # The lit box is on screen on top of whatever was yellow before. The diagram scales to
        # its tile in the layout (640 x 280 at 1280 x 800, a tab beside the topology), where
        # the box is about 50 x 18 pixels.
        window = next(w for w in state["windows"] if w["id"] == "state_machine")
        self.assertGreater(window["w"] * window["h"], 150000)
        self.assertGreater(highlight_pixels(shot) - highlight_pixels(plain), 450)

    def test_smtp_server_reads_like_the_textbook(self):
        """The server's machine at RcptGiven after RCPT TO: lit, with QUIT folded into the one
        "any state" arrow (no arrow from each state) and NOOP listed inside the boxes."""
        os.makedirs(OUT, exist_ok=True)
        base = ["--scenario", "alice-bob", "--seek", "18", "--conn", "1", "--lang", "en"]
        plain = os.path.join(OUT, "desktop-no-state-machine-smtp.png")
        run_gui(base + ["--screenshot", plain])
        shot = os.path.join(OUT, "desktop-state-machine-smtp-server.png")
        state = run_gui(base + ["--open", "state_machine", "--screenshot", shot])
        machine = state["state_machine"]
        self.assertEqual(machine["diagram"], "SMTP server")
        self.assertEqual(machine["state"], "RcptGiven")
        self.assertEqual(state["missing_strings"], [])
        self.assertGreater(highlight_pixels(shot) - highlight_pixels(plain), 1500)

    def test_smtp_client_side(self):
        os.makedirs(OUT, exist_ok=True)
        shot = os.path.join(OUT, "desktop-state-machine-smtp-client.png")
        state = run_gui(["--scenario", "alice-bob", "--seek", "20", "--conn", "1", "--open",
                         "state_machine", "--side", "client", "--lang", "ko",
                         "--screenshot", shot])
        machine = state["state_machine"]
        self.assertEqual(machine["side"], "client")
        self.assertEqual(machine["diagram"], "SMTP client")
        self.assertEqual(machine["state"], "Body")  # 354 came, the message is on its way
        self.assertEqual(machine["previous"], "Data")
        self.assertEqual(state["missing_strings"], [])


if __name__ == "__main__":
    unittest.main()
