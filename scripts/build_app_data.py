#!/usr/bin/env python3
"""Builds the app's data folder: Hangul font subsets, strings tables and lessons.

The fonts are subset to what the app can show: ASCII and Latin-1, punctuation and symbols
the UI draws, Hangul jamo, the 2,350 syllables of KS X 1001 (what EUC-KR can encode, which
covers everyday Korean text) and every character that appears in the lessons and strings.
This keeps the web download small and the ImGui atlas quick to bake. glyphs.txt lists the
characters so the app can give ImGui the same ranges.
"""
import argparse
import os
import shutil
import subprocess
import sys

NANUM = "/usr/share/fonts/truetype/nanum"
FONTS = {"ui.ttf": "NanumGothic.ttf", "ui-bold.ttf": "NanumGothicBold.ttf",
         "mono.ttf": "NanumGothicCoding.ttf"}


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    fonts_out = os.path.join(args.out, "fonts")
    os.makedirs(fonts_out, exist_ok=True)
    chars = base_characters() | text_characters(args.source)
    glyphs = "".join(sorted(chars))
    glyph_file = os.path.join(fonts_out, "glyphs.txt")
    with open(glyph_file, "w", encoding="utf-8") as f:
        f.write(glyphs)

    for out_name, font in FONTS.items():
        src = os.path.join(NANUM, font)
        if not os.path.exists(src):
            sys.exit(f"build_app_data: {src} is missing (install fonts-nanum, fonts-nanum-coding)")
        subprocess.run([sys.executable, "-m", "fontTools.subset", src,
                        f"--text-file={glyph_file}", f"--output-file={os.path.join(fonts_out, out_name)}",
                        "--no-hinting", "--desubroutinize", "--layout-features=", "--name-IDs=*",
                        "--notdef-outline"], check=True)

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
