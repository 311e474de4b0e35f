"""The desktop window's display and input under Xvfb, with real X events (xdotool): the UI
re-fits a resized window, one wheel notch scrolls the lesson a few lines downwards, Unicode
(Hangul) typed with xdotool lands in the compose subject, copy and paste go through the X
clipboard, Ctrl+= changes the text size one step, and a 192-dpi desktop (a 4K projector)
gets the UI at twice the size. The app reports its state live through --watch (the desktop's
bridge: state and widget rectangles)."""
import ctypes
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.environ["MAILSIM_SOURCE_DIR"], "tests", "helpers"))
from virtual_display import run_on_display  # noqa: E402
from watch_file import Watch  # noqa: E402

GUI = os.environ["MAILSIM_GUI"]
OUT = os.path.join(os.environ["MAILSIM_BINARY_DIR"], "screenshots")


def xdotool(*args):
    return subprocess.run(["xdotool", *args], check=True, capture_output=True, text=True).stdout.strip()


class UnicodeKeyboard:
    """A keyboard whose keys type the given characters (as a layout with those characters
    would), pressed through XTEST; its X connection stays open (an X server resets its
    keyboard map when the last client leaves). The keys are mapped before the app starts: `xdotool type`
    re-maps a spare keycode for each non-ASCII character and maps it back right after, and
    here characters typed that way were lost at random (the client looked the key up in a
    keyboard map of before or after the re-mapping)."""

    def __init__(self, characters):
        self.x11 = ctypes.CDLL("libX11.so.6")
        self.xtest = ctypes.CDLL("libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XGetKeyboardMapping.restype = ctypes.POINTER(ctypes.c_ulong)
        self.display = ctypes.c_void_p(self.x11.XOpenDisplay(None))
        low, high, per = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        self.x11.XDisplayKeycodes(self.display, ctypes.byref(low), ctypes.byref(high))
        count = high.value - low.value + 1
        table = self.x11.XGetKeyboardMapping(self.display, ctypes.c_ubyte(low.value), count,
                                             ctypes.byref(per))
        free = [low.value + i for i in range(count)
                if all(table[i * per.value + j] == 0 for j in range(per.value))]
        self.x11.XFree(table)
        assert len(free) >= len(characters), "no free keycodes in the X keyboard map"
        self.keycodes = {}
        for keycode, character in zip(free, characters):
            keysyms = (ctypes.c_ulong * 1)(0x01000000 | ord(character))
            self.x11.XChangeKeyboardMapping(self.display, keycode, 1, keysyms, 1)
            self.keycodes[character] = keycode
        self.x11.XSync(self.display, 0)

    def type(self, text):
        for character in text:
            keycode = self.keycodes[character]
            self.xtest.XTestFakeKeyEvent(self.display, keycode, 1, 0)
            self.x11.XSync(self.display, 0)
            time.sleep(0.05)
            self.xtest.XTestFakeKeyEvent(self.display, keycode, 0, 0)
            self.x11.XSync(self.display, 0)
            time.sleep(0.1)


def set_xft_dpi(dpi):
    """Sets Xft.dpi in the X resource database, as a desktop scaled for a 4K screen does; GLFW
    reads it as the window's content scale (dpi / 96)."""
    x11 = ctypes.CDLL("libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XInternAtom.restype = ctypes.c_ulong
    display = ctypes.c_void_p(x11.XOpenDisplay(None))
    root = ctypes.c_ulong(x11.XDefaultRootWindow(display))
    atom = ctypes.c_ulong(x11.XInternAtom(display, b"RESOURCE_MANAGER", 0))
    data = f"Xft.dpi:\t{dpi}\n".encode()
    xa_string = ctypes.c_ulong(31)
    x11.XChangeProperty(display, root, atom, xa_string, 8, 0, data, len(data))
    x11.XSync(display, 0)
    # Kept open: an X server resets (and forgets the property) when its last client leaves.
    return display


def scaled(out_file):
    """Runs on its own virtual display: the same window at 96 and at 192 dpi."""
    seen = {}
    for dpi in (96, 192):
        connection = set_xft_dpi(dpi)  # noqa: F841 (held while the app runs)
        with tempfile.TemporaryDirectory() as tmp:
            watch = Watch(os.path.join(tmp, "watch.json"))
            env = dict(os.environ, MAILSIM_CONFIG_DIR=tmp)
            gui = subprocess.Popen([GUI, "--lang", "en", "--size", "1280x800", "--frames", "100000",
                                    "--watch", watch.path,
                                    "--screenshot", os.path.join(OUT, f"desktop-input-{dpi}dpi.png")],
                                   env=env)
            try:
                w = watch.wait(lambda w: w["state"]["frame"] > 30, "the first frames")
                seen[str(dpi)] = {"content_scale": w["state"]["content_scale"],
                                  "display": w["state"]["display"],
                                  "menu": w["rects"]["menu.file"]}
                window = xdotool("search", "--onlyvisible", "--name", "^mailsim$").split()[0]
                xdotool("mousemove", "--window", window, "600", "400")
                time.sleep(0.2)
                xdotool("key", "ctrl+q")
                gui.wait(timeout=30)
            finally:
                if gui.poll() is None:
                    gui.kill()
    with open(out_file, "w", encoding="utf-8") as f:
        json.dump(seen, f)


def inner(out_file):
    """Runs on its own virtual display: drives the app and writes what it saw as JSON."""
    seen = {}
    keyboard = UnicodeKeyboard("케첩")
    with tempfile.TemporaryDirectory() as tmp:
        watch = Watch(os.path.join(tmp, "watch.json"))
        env = dict(os.environ, MAILSIM_CONFIG_DIR=tmp, LANG="C.UTF-8", LC_ALL="C.UTF-8")
        gui = subprocess.Popen([GUI, "--lang", "en", "--lesson", "mime", "--step", "multipart",
                                "--size", "1280x800", "--open", "compose", "--frames", "100000",
                                "--watch", watch.path,
                                "--screenshot", os.path.join(OUT, "desktop-input.png")], env=env)
        try:
            watch.wait(lambda w: w["state"]["ready"], "the first frames")
            window = xdotool("search", "--onlyvisible", "--name", "^mailsim$").split()[0]
            seen["display_start"] = watch.settle()["state"]["display"]

            # A resized window: ImGui's display follows it.
            xdotool("windowsize", window, "1500", "900")
            seen["display_resized"] = watch.wait(
                lambda w: w["state"]["display"]["width"] == 1500, "the resize")["state"]["display"]

            # Without a window manager focus follows the pointer: put it over the window.
            def click(rect_id, dy=0.0):
                rect = watch.read()["rects"][rect_id]
                x, y = rect["x"] + rect["w"] / 2, rect["y"] + rect["h"] / 2 + dy
                xdotool("mousemove", "--window", window, str(int(x)), str(int(y)))
                time.sleep(0.2)
                xdotool("click", "1")
                watch.settle()

            # One notch of the wheel (X button 5) over the lesson's text.
            rect = watch.read()["rects"]["lesson.next"]
            xdotool("mousemove", "--window", window, str(int(rect["x"] + rect["w"] / 2)),
                    str(int(rect["y"] - 4 * rect["h"])))
            time.sleep(0.2)
            before = watch.settle()["state"]["lesson_scroll"]
            xdotool("click", "5")
            seen["scroll"] = [before, watch.settle()["state"]["lesson_scroll"]]

            # Typed Unicode: xdotool maps each character to a spare keycode, GLFW's character
            # callback gives ImGui the character.
            click("compose.subject")
            xdotool("type", "--delay", "80", "Re: ")
            keyboard.type("케첩")
            seen["subject"] = watch.settle()["state"]["compose"]["subject"]
            # (A few frames apart: ImGui 1.86's text field takes one editing key per frame.)
            xdotool("key", "ctrl+a")
            watch.settle()
            xdotool("key", "ctrl+c")
            watch.settle()
            click("compose.body")
            xdotool("key", "ctrl+v")
            seen["body"] = watch.settle()["state"]["compose"]["body"]

            # Ctrl+= once: one text-size step.
            click("lesson.next", dy=-4 * rect["h"])  # leave the text field: keys for the app
            xdotool("key", "ctrl+equal")
            seen["font_scale"] = watch.settle()["state"]["font_scale"]
            xdotool("key", "ctrl+q")
            gui.wait(timeout=30)
        finally:
            if gui.poll() is None:
                gui.kill()
    with open(out_file, "w", encoding="utf-8") as f:
        json.dump(seen, f, ensure_ascii=False)


class DesktopInput(unittest.TestCase):
    def test_fit_wheel_unicode_clipboard_text_size(self):
        os.makedirs(OUT, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            out_file = os.path.join(tmp, "seen.json")
            result = run_on_display(screen="1600x1000x24", command=[sys.executable,
                                     __file__, "--inner", out_file],
                                    capture_output=True, text=True, timeout=240)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            with open(out_file, encoding="utf-8") as f:
                seen = json.load(f)
        self.assertEqual(seen["display_start"], {"width": 1280, "height": 800, "dpr": 1})
        self.assertEqual(seen["display_resized"], {"width": 1500, "height": 900, "dpr": 1})
        before, after = seen["scroll"]
        self.assertGreater(before["max"], 60, "the lesson step overflows its panel")
        moved = after["y"] - before["y"]
        self.assertTrue(2 * 17 <= moved <= 8 * 17, f"one notch scrolls a few lines down ({moved} px)")
        self.assertEqual(seen["subject"], "Re: 케첩")
        self.assertEqual(seen["body"], "Re: 케첩", "Ctrl+C / Ctrl+V through the X clipboard")
        self.assertAlmostEqual(seen["font_scale"], 1.1, places=3)


    def test_content_scale_of_a_4k_desktop(self):
        with tempfile.TemporaryDirectory() as tmp:
            out_file = os.path.join(tmp, "seen.json")
            result = run_on_display(screen="1600x1000x24", command=[sys.executable,
                                     __file__, "--scaled", out_file],
                                    capture_output=True, text=True, timeout=240)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            with open(out_file, encoding="utf-8") as f:
                seen = json.load(f)
        normal, big = seen["96"], seen["192"]
        self.assertAlmostEqual(normal["content_scale"], 1.0, places=3)
        self.assertAlmostEqual(big["content_scale"], 2.0, places=3)
        # X11 has no logical pixels: GLFW scales the --size window to the monitor
        # (GLFW_SCALE_TO_MONITOR), ImGui's display is that window in pixels, and the UI itself
        # is drawn twice as big.
        self.assertEqual(normal["display"], {"width": 1280, "height": 800, "dpr": 1})
        self.assertEqual(big["display"], {"width": 2560, "height": 1600, "dpr": 1})
        ratio = big["menu"]["h"] / normal["menu"]["h"]
        self.assertTrue(1.8 <= ratio <= 2.2, f"the menu bar is twice as tall at 192 dpi ({ratio:.2f})")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--inner":
        inner(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "--scaled":
        scaled(sys.argv[2])
    else:
        unittest.main()
