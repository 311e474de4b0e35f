"""Desktop: the real mailsim-gui window under Xvfb tiles its panels at a laptop's, a full HD
and a phone-sized window: no two panel windows overlap, the regions cover the window below
the menu bar, panels opened from the command line and a lesson step's views are on screen."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.environ["MAILSIM_SOURCE_DIR"], "tests", "helpers"))
from virtual_display import run_on_display  # noqa: E402

GUI = os.environ["MAILSIM_GUI"]
OUT = os.path.join(os.environ["MAILSIM_BINARY_DIR"], "screenshots")
EPS = 1.01


def run_gui(args):
    with tempfile.TemporaryDirectory() as config:
        env = dict(os.environ, MAILSIM_CONFIG_DIR=config)
        result = run_on_display(screen="1920x1080x24", command=[GUI,
                                 "--frames", "6", "--print-state", "--lang", "en"] + args,
                                env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise AssertionError(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def overlap(a, b):
    w = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    return w * h if w > EPS and h > EPS else 0


def inside(r, area):
    return (r["x"] >= area["x"] - EPS and r["y"] >= area["y"] - EPS
            and r["x"] + r["w"] <= area["x"] + area["w"] + EPS
            and r["y"] + r["h"] <= area["y"] + area["h"] + EPS)


class DesktopLayout(unittest.TestCase):
    def check_tiling(self, state, width, height):
        layout = state["layout"]
        work, regions, windows = layout["work"], layout["regions"], state["windows"]
        self.assertEqual((layout["display"]["w"], layout["display"]["h"]), (width, height))
        self.assertEqual((work["x"], work["w"]), (0, width))
        self.assertGreater(work["y"], 0)  # the menu bar stays above the panels
        self.assertAlmostEqual(work["y"] + work["h"], height, delta=EPS)
        area = sum(r["w"] * r["h"] for r in regions)
        self.assertAlmostEqual(area, work["w"] * work["h"], delta=0.002 * area)
        for i, a in enumerate(regions):
            self.assertTrue(inside(a, work), a)
            for b in regions[i + 1:]:
                self.assertEqual(overlap(a, b), 0, (a, b))
        self.assertEqual(len(windows), len(regions))
        for i, a in enumerate(windows):
            region = next(r for r in regions if r["active"] == a["id"])
            self.assertTrue(inside(a, region), (a, region))
            self.assertGreater(a["w"] * a["h"], 0, a)
            for b in windows[i + 1:]:
                self.assertEqual(overlap(a, b), 0, (a, b))

    def test_sizes_and_opened_panels(self):
        os.makedirs(OUT, exist_ok=True)
        for width, height, shape in ((1366, 768, "wide"), (1920, 1080, "wide"),
                                     (390, 844, "phone")):
            with self.subTest(size=f"{width}x{height}"):
                shot = os.path.join(OUT, f"desktop-layout-{width}x{height}.png")
                state = run_gui(["--size", f"{width}x{height}", "--open", "inspector",
                                 "--open", "state_machine", "--screenshot", shot])
                self.assertEqual(state["layout"]["shape"], shape)
                self.check_tiling(state, width, height)
                shown = [w["id"] for w in state["windows"]]
                self.assertIn("controls", shown)
                if shape == "wide":
                    self.assertIn("inspector", shown)
                    self.assertIn("state_machine", shown)

    def test_lesson_step_views(self):
        state = run_gui(["--size", "1366x768", "--lesson", "smtp-session", "--step", "helo"])
        self.check_tiling(state, 1366, 768)
        shown = [w["id"] for w in state["windows"]]
        for view in ("sequence", "transcript", "state_machine", "lesson"):
            self.assertIn(view, shown)


if __name__ == "__main__":
    unittest.main()
