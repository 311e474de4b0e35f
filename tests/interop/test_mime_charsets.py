#!/usr/bin/python3
"""`mailsim mime charset` (the decoder behind encoded-words and text bodies) against Python's
codecs, on every byte sequence of each table.

Single-byte charsets: every byte. Double-byte charsets: every lead byte 0x80..0xFF with every
trail byte 0x00..0xFF, one pair per line, so a wrong cell, a wrong U+FFFD count or a wrong
resynchronisation after a bad pair shows on its own line. Python decodes with errors="replace".
"""
import os
import subprocess
import sys

MAILSIM = os.environ.get("MAILSIM") or sys.exit("MAILSIM is not set")
failures = []


def ours(label, data):
    run = subprocess.run([MAILSIM, "mime", "charset", label, "-"], input=data, capture_output=True)
    if run.returncode != 0:
        failures.append("%s: exit %d: %s" % (label, run.returncode, run.stderr.decode()))
        return None
    return run.stdout.decode("utf-8")


def single_byte_lines():
    return [bytes([b]) for b in range(256) if b != 0x0A]


def double_byte_lines():
    return [bytes([lead, trail]) for lead in range(0x80, 0x100) for trail in range(256)
            if trail != 0x0A]


def check(label, codec, lines):
    # Both decode the whole input in one go (a stateful charset keeps its state across lines).
    data = b"\n".join(lines)
    got = ours(label, data)
    if got is None:
        return
    got_lines = got.split("\n")
    want_lines = data.decode(codec, "replace").split("\n")
    if len(got_lines) != len(want_lines):
        first = next(i for i, (a, b) in enumerate(zip(got_lines, want_lines)) if a != b)
        failures.append("%s: %d lines out, python %d; first difference at input line %d %s: "
                        "python %r, mailsim %r" % (label, len(got_lines), len(want_lines), first,
                                                   lines[first].hex(), want_lines[first], got_lines[first]))
        return
    bad = [(line, expected, actual) for line, expected, actual in zip(lines, want_lines, got_lines)
           if expected != actual]
    for line, expected, actual in bad[:5]:
        failures.append("%s %s: python %r, mailsim %r" % (label, line.hex(), expected, actual))
    if len(bad) > 5:
        failures.append("%s: %d sequences differ in all" % (label, len(bad)))
    print("%s (%s): %d sequences, %d differ" % (label, codec, len(lines), len(bad)))


check("windows-1252", "cp1252", single_byte_lines())
check("ISO-8859-15", "iso8859_15", single_byte_lines())
check("iso-8859-1", "latin-1", single_byte_lines())
# EUC-KR proper: KS X 1001 only. Lead 0xA4 is left out: Python reads A4 D4 as the start of an
# eight-byte jamo composition sequence (KS X 1001 annex 3), which we do not.
check("euc-kr", "euc_kr", [line for line in double_byte_lines() if line[0] != 0xA4])
check("ks_c_5601-1987", "cp949", double_byte_lines())
check("cp949", "cp949", double_byte_lines())
# ISO-2022-KR: designated once, then every 7-bit pair shifted in with SO and out with SI (a
# line end also shifts back), plus the bytes around a shift on their own. ESC (0x1B) is left
# out of the pairs: after a malformed escape sequence Python's codec changes state in ways not
# worth copying (it then shows SO and SI as text); the escapes mail uses are checked below.
iso_lines = [b"\x1b$)C"] + [b"\x0e" + bytes([a, b]) + b"\x0f" for a in range(0x80)
                            for b in range(256) if not {0x0A, 0x1B} & {a, b}]
iso_lines += [bytes([a, b]) for a in range(256) for b in range(256) if not {0x0A, 0x1B} & {a, b}]
iso_lines += [b"\x1b$)C\x0e>H3g\x0f", b"\x1b(B\x0e>H\x0f", b"\x1bxA", b"\x1b$)A>"]
check("iso-2022-kr", "iso2022_kr", iso_lines)
# A whole CP949 text: every mapped syllable in a row (no separators), decoded in one go.
syllables = "".join(chr(c) for c in range(0xAC00, 0xD7A4))
expected = syllables.encode("cp949")
if ours("ks_c_5601-1987", expected) != syllables:
    failures.append("the 11,172 Hangul syllables in CP949 do not decode to themselves")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
