"""The desktop app's live state: `mailsim-gui --watch FILE` rewrites FILE every ten frames
with its state JSON and the rectangles of the widgets it drew, so a test driving the window
with real X events can wait for what the app shows instead of sleeping a guessed time."""
import json
import time


class Watch:
    """Reads the file the app rewrites every few frames."""

    def __init__(self, path):
        self.path = path

    def read(self):
        try:
            with open(self.path, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def wait(self, predicate, what, timeout=30):
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            last = self.read()
            if last and predicate(last):
                return last
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; last state: {json.dumps(last)[:2000]}")

    def settle(self):
        """Waits until the app drew a few more frames after the last input."""
        frame = self.read()["state"]["frame"]
        return self.wait(lambda w: w["state"]["frame"] >= frame + 20, "frames")
