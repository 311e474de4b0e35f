"""The font files of the app's data folder (the web bundle preloads the same folder) hold a
glyph for every character the UI shows: the strings, lessons, quizzes, scenarios and the
markers in the C++ sources' string literals (✓, ␍␊). Each font the app builds is a chain of
files (ui/style/fonts.cpp); a character must be in some file of every chain. The backslash of
the text chains comes from DejaVu (NanumGothic draws U+005C as ₩), and it is a backslash."""
import os
import re
import sys
import unittest

from fontTools.ttLib import TTFont

SOURCE = os.environ["MAILSIM_SOURCE_DIR"]
FONTS = os.path.join(os.environ["MAILSIM_BINARY_DIR"], "appdata", "fonts")
# As ui/style/fonts.cpp merges them; the first file of the text chains does not give "\".
CHAINS = {
    "text": ["ui.ttf", "ui-latin.ttf", "symbols.ttf"],
    "bold": ["ui-bold.ttf", "ui-bold-latin.ttf", "symbols.ttf"],
    "mono": ["mono.ttf", "mono-hangul.ttf", "symbols.ttf"],
}
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def literal_text(source):
    out = bytearray()
    for line in source.splitlines():
        if line.lstrip().startswith(("//", "*")):
            continue  # comments are not shown
        for literal in LITERAL.findall(line):
            data = literal.encode("utf-8")
            out += re.sub(rb"\\x([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]), data)
            out += b" "
    return out.decode("utf-8", errors="ignore")


def ui_characters():
    chars = {}
    for folder, exts in (("lessons", (".toml", ".md", ".eml", ".txt")), ("ui", (".cpp", ".h"))):
        for dirpath, _, files in os.walk(os.path.join(SOURCE, folder)):
            for name in files:
                if not name.endswith(exts):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="ignore") as f:
                    text = f.read()
                if folder == "ui":
                    text = literal_text(text)
                for c in text:
                    chars.setdefault(c, path)
    return {c: where for c, where in chars.items()
            if ord(c) >= 0x20 and not 0x7F <= ord(c) < 0xA0 and not 0x200B <= ord(c) <= 0x200F
            and ord(c) != 0xFEFF and not 0xFE00 <= ord(c) <= 0xFE0F}


def drawn_glyph(font, char):
    name = font.getBestCmap().get(ord(char))
    if name is None:
        return None
    glyph = font["glyf"][name]
    return glyph if glyph.numberOfContours != 0 else None


class FontSubsets(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fonts = {name: TTFont(os.path.join(FONTS, name))
                     for chain in CHAINS.values() for name in chain}
        cls.chars = ui_characters()

    def test_the_walk_sees_the_markers(self):
        for marker in "✓␍␊→":
            self.assertIn(marker, self.chars)

    def test_every_character_is_in_every_chain(self):
        for chain, files in CHAINS.items():
            cmaps = [set(self.fonts[name].getBestCmap()) for name in files]
            missing = [f"U+{ord(c):04X} {c} ({where})" for c, where in sorted(self.chars.items())
                       if not any(ord(c) in cmap for cmap in cmaps)]
            self.assertEqual(missing, [], f"the {chain} fonts lack these")

    def test_backslash_is_a_backslash(self):
        for name in ("ui-latin.ttf", "ui-bold-latin.ttf", "mono.ttf"):
            glyph = drawn_glyph(self.fonts[name], "\\")
            self.assertIsNotNone(glyph, name)
            coords = glyph.getCoordinates(self.fonts[name]["glyf"])[0]
            top = [x for x, y in coords if y >= glyph.yMax - 1]
            bottom = [x for x, y in coords if y <= glyph.yMin + 1]
            # Falls from the top left to the bottom right.
            self.assertLess(max(top), min(bottom), name)

    def test_control_pictures_have_outlines(self):
        for char in "␍␊":
            self.assertIsNotNone(drawn_glyph(self.fonts["symbols.ttf"], char))


if __name__ == "__main__":
    unittest.main()
