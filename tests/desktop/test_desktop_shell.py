"""Desktop smoke test: the real mailsim-gui window under Xvfb draws a non-blank frame in both
languages, and the language choice is saved in the user's config folder."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.environ["MAILSIM_SOURCE_DIR"], "tests", "helpers"))
from png_stats import luminance_variance  # noqa: E402
from virtual_display import run_on_display  # noqa: E402

GUI = os.environ["MAILSIM_GUI"]
OUT = os.path.join(os.environ["MAILSIM_BINARY_DIR"], "screenshots")


def run_gui(args, config_dir):
    env = dict(os.environ, MAILSIM_CONFIG_DIR=config_dir)
    return run_on_display(screen="1280x800x24", command=[GUI] + args,
                          env=env, capture_output=True, text=True, timeout=120)


class DesktopShell(unittest.TestCase):
    def test_window_draws_korean_and_english(self):
        os.makedirs(OUT, exist_ok=True)
        with tempfile.TemporaryDirectory() as config:
            for lang in ("ko", "en"):
                shot = os.path.join(OUT, f"desktop-shell-{lang}.png")
                result = run_gui(["--frames", "20", "--screenshot", shot, "--lang", lang,
                                  "--print-state"], config)
                self.assertEqual(result.returncode, 0, result.stderr)
                state = json.loads(result.stdout.strip().splitlines()[-1])
                self.assertEqual(state["language"], lang)
                self.assertEqual(state["load_errors"], [])
                self.assertEqual(state["missing_strings"], [])
                width, height, variance = luminance_variance(shot)
                self.assertEqual((width, height), (1280, 800))
                self.assertGreater(variance, 50, f"{shot} looks blank")
            # The last choice (English) was saved and is used without --lang.
            result = run_gui(["--frames", "3", "--print-state"], config)
            self.assertEqual(json.loads(result.stdout.strip().splitlines()[-1])["language"], "en")


if __name__ == "__main__":
    unittest.main()
