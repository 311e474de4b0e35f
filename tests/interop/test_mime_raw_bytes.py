#!/usr/bin/python3
"""`mailsim mime parse --json` on headers that hold raw 8-bit bytes (real mail has them).

Every field the JSON prints must be valid UTF-8 (an invalid byte becomes U+FFFD) and the
command must succeed: before, a raw byte in To, Content-Type or Content-Transfer-Encoding made
nlohmann::json throw "invalid UTF-8 byte" and the command exit with an error.
"""
import json
import os
import subprocess
import sys

MAILSIM = os.environ.get("MAILSIM") or sys.exit("MAILSIM is not set")
failures = []

# One raw byte (\xb4, invalid as UTF-8 on its own) in each header the JSON prints.
CASES = {
    "to": b"To: \xb4google@example.com\r\nSubject: x\r\n\r\nbody\r\n",
    "to-name": b"To: J\xb4n <jan@example.com>\r\n\r\nbody\r\n",
    "from": b"From: \xb4a@example.com\r\n\r\nbody\r\n",
    "subject": b"Subject: caf\xe9\r\n\r\nbody\r\n",
    "content-type": b"Content-Type: text/pl\xb4in\r\n\r\nbody\r\n",
    "param-name": b"Content-Type: text/plain; ch\xb4rset=us-ascii\r\n\r\nbody\r\n",
    "param-value": b"Content-Type: text/plain; name=\"a\xb4.txt\"\r\n\r\nbody\r\n",
    "charset-name": b"Content-Type: text/plain; charset=\"x\xb4y\"\r\n\r\nbody\r\n",
    "transfer-encoding": b"Content-Transfer-Encoding: base\xb464\r\n\r\nYm9keQ==\r\n",
    "filename": b"Content-Type: application/octet-stream\r\n"
                b"Content-Disposition: attachment; filename=\"r\xb4.bin\"\r\n\r\nbody\r\n",
    "nested": b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
              b"Content-Type: text/x\xb4y\r\nContent-Transfer-Encoding: 8\xb4bit\r\n\r\nhi\r\n--b--\r\n",
}


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


for name, raw in CASES.items():
    result = subprocess.run([MAILSIM, "mime", "parse", "--json", "-"], input=raw, capture_output=True)
    if result.returncode != 0:
        failures.append("%s: exit %d: %s" % (name, result.returncode, result.stderr.decode(errors="replace").strip()))
        continue
    try:
        tree = json.loads(result.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        failures.append("%s: output is not UTF-8 JSON: %s" % (name, error))
        continue
    # The media-type token stops at the byte and a bad parameter name is skipped (a warning).
    dropped = name in ("content-type", "param-name")
    if not dropped and not any("\ufffd" in text for text in strings(tree)):
        failures.append("%s: the raw byte did not become U+FFFD anywhere: %s" % (name, tree))

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok: %d messages with raw 8-bit header bytes parse to valid JSON" % len(CASES))
