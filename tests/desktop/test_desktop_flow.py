"""The desktop app's core flow under Xvfb, driven with real X key and mouse events (xdotool):
run the Alice -> Bob scenario to its end, step back, and quit; then check the state the app
reports, the delivery to bob, and the last frame's screenshot."""
import json
import os
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

DRIVER = textwrap.dedent("""\
    set -e
    "$GUI" --lang en --scenario alice-bob --frames 100000 --print-state --screenshot "$SHOT" > "$STATE" &
    pid=$!
    # Wait for the window, then put the pointer over it: without a window manager Xvfb's
    # focus follows the pointer, and xdotool's XTEST events are real input to that window.
    for i in $(seq 1 100); do
      xdotool search --onlyvisible --name '^mailsim$' >/dev/null 2>&1 && break
      sleep 0.1
    done
    sleep 1
    xdotool mousemove 640 300 click 1
    tap() { xdotool keydown "$1"; sleep 0.05; xdotool keyup "$1"; sleep 0.4; }
    tap End
    sleep 1
    tap Left; tap Left; tap Left
    xdotool keydown ctrl; tap q; xdotool keyup ctrl
    wait $pid
""")


class DesktopFlow(unittest.TestCase):
    def test_run_step_back_and_quit(self):
        os.makedirs(OUT, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            shot = os.path.join(OUT, "desktop-flow.png")
            state_file = os.path.join(tmp, "state.json")
            env = dict(os.environ, MAILSIM_CONFIG_DIR=tmp, GUI=GUI, SHOT=shot, STATE=state_file)
            result = run_on_display(screen="1280x800x24", command=["bash", "-c", DRIVER],
                                    env=env, capture_output=True, text=True, timeout=180)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(state_file) as f:
                state = json.loads(f.read().strip().splitlines()[-1])
        self.assertEqual(state["scenario"], "alice-bob")
        self.assertGreater(state["trace_size"], 20)
        # End ran the world to its end, three Left presses stepped back three events.
        self.assertEqual(state["event_index"], state["trace_size"] - 3)
        self.assertEqual(state["world"]["counters"]["delivered"], 1)
        width, height, variance = luminance_variance(shot)
        self.assertGreater(variance, 50)


if __name__ == "__main__":
    unittest.main()
