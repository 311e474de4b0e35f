"""The desktop app's core flow under Xvfb, driven with real X key and mouse events (xdotool):
run the Alice -> Bob scenario to its end, step back, and quit; then check the state the app
reports, the delivery to bob, and the last frame's screenshot. Each key waits for what the
app shows (--watch) rather than a guessed time: on a loaded machine End was still running
the world when the Left presses came, and the test stepped back from the wrong place."""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.environ["MAILSIM_SOURCE_DIR"], "tests", "helpers"))
from png_stats import luminance_variance  # noqa: E402
from virtual_display import display_env, virtual_display  # noqa: E402
from watch_file import Watch  # noqa: E402

GUI = os.environ["MAILSIM_GUI"]
OUT = os.path.join(os.environ["MAILSIM_BINARY_DIR"], "screenshots")


def tap(env, key, modifier=None):
    run = lambda *args: subprocess.run(["xdotool", *args], env=env, check=True)  # noqa: E731
    if modifier:
        run("keydown", modifier)
    run("keydown", key)
    time.sleep(0.05)
    run("keyup", key)
    if modifier:
        run("keyup", modifier)


class DesktopFlow(unittest.TestCase):
    def test_run_step_back_and_quit(self):
        os.makedirs(OUT, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp, virtual_display("1280x800x24") as display:
            shot = os.path.join(OUT, "desktop-flow.png")
            watch = Watch(os.path.join(tmp, "watch.json"))
            env = display_env(display, dict(os.environ, MAILSIM_CONFIG_DIR=tmp))
            gui = subprocess.Popen([GUI, "--lang", "en", "--scenario", "alice-bob", "--frames",
                                    "100000", "--print-state", "--screenshot", shot,
                                    "--watch", watch.path],
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
            try:
                watch.wait(lambda w: w["state"]["frame"] > 10, "the first frames")
                # Without a window manager Xvfb's focus follows the pointer: put it over the
                # window, and xdotool's XTEST events are real input to it.
                subprocess.run(["xdotool", "mousemove", "640", "300", "click", "1"], env=env,
                               check=True)
                watch.settle()
                tap(env, "End")
                end = watch.wait(lambda w: w["state"]["trace_size"] > 20 and
                                 w["state"]["event_index"] == w["state"]["trace_size"],
                                 "End to run the world to its end")["state"]["trace_size"]
                for back in (1, 2, 3):
                    tap(env, "Left")
                    watch.wait(lambda w: w["state"]["event_index"] == end - back,
                               f"Left press {back} to step back one event")
                watch.settle()
                tap(env, "q", modifier="ctrl")
                out, err = gui.communicate(timeout=60)
            finally:
                if gui.poll() is None:
                    gui.kill()
                    gui.communicate()
        self.assertEqual(gui.returncode, 0, err)
        state = json.loads(out.strip().splitlines()[-1])
        self.assertEqual(state["scenario"], "alice-bob")
        self.assertEqual(state["trace_size"], end)
        # End ran the world to its end, three Left presses stepped back three events.
        self.assertEqual(state["event_index"], end - 3)
        self.assertEqual(state["world"]["counters"]["delivered"], 1)
        width, height, variance = luminance_variance(shot)
        self.assertGreater(variance, 50)


if __name__ == "__main__":
    unittest.main()
