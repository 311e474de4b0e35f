#!/usr/bin/env python3
"""Builds the app's data folder: font subsets, strings tables and lessons.

Every font is subset to what the app can show: ASCII and Latin-1, punctuation and symbols the
UI draws, Hangul jamo, the 2,350 syllables of KS X 1001 (what EUC-KR can encode, which covers
everyday Korean text), every character in the lessons and strings, and every non-ASCII
character in a string literal of the UI's C++ sources (the ✓ and ␍␊ markers). This keeps the
web download small and the ImGui atlas quick to bake. glyphs.txt lists the characters so the
app can give ImGui the same ranges; glyphs-app.txt lists the app's own characters, all that
the bold and heading fonts bake.

Each of the app's fonts is a chain (ui/style/fonts.cpp merges them in this order):
  text:  NanumGothic (Hangul), then DejaVu Sans for what Nanum lacks (✓, ✕) and for the
         backslash (Nanum draws U+005C as the Won sign ₩, which would turn \\Seen into ₩Seen);
  bold:  the same with the bold cuts;
  mono:  DejaVu Sans Mono (a real backslash), then NanumGothicCoding for Hangul;
  and at the end of each, symbols.ttf: control pictures (␍ ␊) that no Debian font installed
  here has, composed from DejaVu Sans Mono's own letters.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

NANUM = "/usr/share/fonts/truetype/nanum"
DEJAVU = "/usr/share/fonts/truetype/dejavu"
# output name -> (source font, primary font it backs up or None). A backup font is subset to
# what its primary lacks (plus the backslash), so nothing is shipped twice.
FONTS = {
    "ui.ttf": (f"{NANUM}/NanumGothic.ttf", None),
    "ui-latin.ttf": (f"{DEJAVU}/DejaVuSans.ttf", f"{NANUM}/NanumGothic.ttf"),
    "ui-bold.ttf": (f"{NANUM}/NanumGothicBold.ttf", None),
    "ui-bold-latin.ttf": (f"{DEJAVU}/DejaVuSans-Bold.ttf", f"{NANUM}/NanumGothicBold.ttf"),
    "mono.ttf": (f"{DEJAVU}/DejaVuSansMono.ttf", None),
    "mono-hangul.ttf": (f"{NANUM}/NanumGothicCoding.ttf", f"{DEJAVU}/DejaVuSansMono.ttf"),
}
PACKAGES = "fonts-nanum, fonts-nanum-coding, fonts-dejavu-core"
# Unicode's control pictures, drawn as their two or three small letters on a diagonal.
CONTROL_PICTURES = {0x2400: "NUL", 0x2409: "HT", 0x240A: "LF", 0x240D: "CR", 0x2420: "SP"}


def base_characters():
    chars = set()
    for cp in range(0x20, 0x7F):
        chars.add(chr(cp))
    for cp in range(0xA0, 0x100):
        chars.add(chr(cp))
    # General punctuation, arrows, math, box drawing, geometric shapes: the UI's symbols.
    for lo, hi in [(0x2010, 0x2044), (0x2190, 0x21FF), (0x2212, 0x2212), (0x2264, 0x2265),
                   (0x2500, 0x257F), (0x25A0, 0x25FF), (0x2713, 0x2717), (0x3000, 0x3003),
                   (0x3008, 0x3011), (0x3131, 0x318E), (0xFF01, 0xFF5E)]:
        for cp in range(lo, hi + 1):
            chars.add(chr(cp))
    for hi in range(0xB0, 0xC9):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("euc-kr"))
            except UnicodeDecodeError:
                pass
    return chars


def text_characters(source):
    chars = set()
    for folder in ("lessons", "web"):
        for dirpath, _, files in os.walk(os.path.join(source, folder)):
            for name in files:
                if name.endswith((".md", ".toml", ".txt", ".json", ".eml")):
                    with open(os.path.join(dirpath, name), encoding="utf-8", errors="ignore") as f:
                        chars.update(f.read())
    return {c for c in chars if ord(c) >= 0x20}


STRING_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
ESCAPE = re.compile(rb"\\(x[0-9a-fA-F]{2}|.)")


def literal_characters(source):
    """Non-ASCII characters in the C++ string literals of the UI, "\\xe2\\x9c\\x93" included."""
    chars = set()
    for dirpath, _, files in os.walk(os.path.join(source, "ui")):
        for name in files:
            if not name.endswith((".cpp", ".h")):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8", errors="ignore") as f:
                text = f.read()
            for literal in STRING_LITERAL.findall(text):
                raw = ESCAPE.sub(lambda m: bytes([int(m.group(1)[1:], 16)])
                                 if m.group(1)[:1] == b"x" else m.group(0),
                                 literal.encode("utf-8"))
                chars.update(c for c in raw.decode("utf-8", errors="ignore") if ord(c) >= 0x80)
    return chars


def cmap_of(path):
    from fontTools.ttLib import TTFont
    return set(TTFont(path).getBestCmap())


def subset(src, chars, out):
    text_file = out + ".chars"
    with open(text_file, "w", encoding="utf-8") as f:
        f.write("".join(sorted(chars)))
    subprocess.run([sys.executable, "-m", "fontTools.subset", src, f"--text-file={text_file}",
                    f"--output-file={out}", "--no-hinting", "--desubroutinize",
                    "--layout-features=", "--name-IDs=*", "--notdef-outline",
                    "--drop-tables+=FFTM,TSI0,TSI1,TSI2,TSI3,TSI5"], check=True)
    os.remove(text_file)


def build_control_pictures(letters_font, chars, out):
    """A small font with the control pictures the app uses, each made of the letters of its
    abbreviation taken from `letters_font`, shrunk and set on a falling line."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    source = TTFont(letters_font)
    glyph_set = source.getGlyphSet()
    cmap = source.getBestCmap()
    upm = source["head"].unitsPerEm
    advance = source["hmtx"][cmap[ord("M")]][0]
    ascent, descent = source["hhea"].ascent, source["hhea"].descent
    cap = getattr(source["OS/2"], "sCapHeight", 0) or source["glyf"]["H"].yMax
    order, char_map, glyphs, metrics = [".notdef"], {}, {}, {}
    glyphs[".notdef"] = TTGlyphPen(None).glyph()
    metrics[".notdef"] = (advance, 0)
    for cp, letters in CONTROL_PICTURES.items():
        if chr(cp) not in chars:
            continue
        pen = TTGlyphPen(None)
        n = len(letters)
        # Big enough to read at 17 px: the letters side by side (wider than one cell), the
        # first touching the cap height, the last on the baseline, as in Unicode's charts.
        k = 0.7 if n == 2 else 0.55
        letter_advance = source["hmtx"][cmap[ord(letters[0])]][0] * k
        step_y = (cap - cap * k) / max(n - 1, 1)
        for i, letter in enumerate(letters):
            dx, dy = letter_advance * i, cap - cap * k - step_y * i
            glyph_set[cmap[ord(letter)]].draw(TransformPen(pen, (k, 0, 0, k, dx, dy)))
        width = int(letter_advance * n + upm * 0.08)
        name = f"uni{cp:04X}"
        order.append(name)
        char_map[cp] = name
        glyphs[name] = pen.glyph()
        metrics[name] = (width, 0)
    builder = FontBuilder(upm, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(char_map)
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=ascent, descent=descent)
    builder.setupNameTable({"familyName": "mailsim control pictures", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=ascent, sTypoDescender=descent, usWinAscent=ascent,
                     usWinDescent=-descent)
    builder.setupPost()
    builder.save(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    fonts_out = os.path.join(args.out, "fonts")
    os.makedirs(fonts_out, exist_ok=True)
    chars = base_characters() | text_characters(args.source) | literal_characters(args.source)
    glyphs = "".join(sorted(chars))
    with open(os.path.join(fonts_out, "glyphs.txt"), "w", encoding="utf-8") as f:
        f.write(glyphs)
    # The app's own text (strings, lessons, scenarios, the sources' markers) and every
    # non-syllable: all that the bold and heading fonts bake (ui/style/fonts.cpp).
    app_text = text_characters(args.source) | literal_characters(args.source)
    app_glyphs = {c for c in chars if not 0xAC00 <= ord(c) <= 0xD7A3} | app_text
    with open(os.path.join(fonts_out, "glyphs-app.txt"), "w", encoding="utf-8") as f:
        f.write("".join(sorted(app_glyphs)))

    for out_name, (src, primary) in FONTS.items():
        for path in (src, primary):
            if path and not os.path.exists(path):
                sys.exit(f"build_app_data: {path} is missing (install {PACKAGES})")
        wanted = chars
        if primary:
            has = cmap_of(primary)
            wanted = {c for c in chars if ord(c) not in has} | {"\\"}
        subset(src, wanted, os.path.join(fonts_out, out_name))
    build_control_pictures(f"{DEJAVU}/DejaVuSansMono.ttf", chars,
                           os.path.join(fonts_out, "symbols.ttf"))

    lessons_out = os.path.join(args.out, "lessons")
    if os.path.exists(lessons_out):
        shutil.rmtree(lessons_out)
    lessons_src = os.path.join(args.source, "lessons")
    if os.path.isdir(lessons_src):
        shutil.copytree(lessons_src, lessons_out)
    else:
        os.makedirs(lessons_out)
    with open(os.path.join(args.out, "stamp"), "w") as f:
        f.write("ok\n")


if __name__ == "__main__":
    main()
