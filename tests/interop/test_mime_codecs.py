#!/usr/bin/python3
"""`mailsim base64|qp encode|decode` and `mailsim mime split|join` against Python's stdlib.

- base64: our encoding equals Python's base64.encodebytes (76 columns) up to the line ending,
  and both decoders agree on random data and on our output.
- quoted-printable: Python's quopri decodes what we encode (binary mode) to the same bytes,
  and we decode what Python's quopri/email encode.
- --explain prints the teaching trace (the "Man" -> "TWFu" example of the lecture).
- message/partial: split then join gives back a message Python parses to the same content.
- errors: a clear one-line message and a non-zero exit.
"""
import base64
import email
import email.policy
import glob
import hashlib
import os
import quopri
import random
import subprocess
import sys
import tempfile

MAILSIM = os.environ.get("MAILSIM") or sys.exit("MAILSIM is not set")
failures = []


def run(args, data=b"", ok=True):
    result = subprocess.run([MAILSIM] + args, input=data, capture_output=True)
    if ok and result.returncode != 0:
        failures.append("%s failed: %s" % (" ".join(args), result.stderr.decode()))
    return result


def expect(condition, message):
    if not condition:
        failures.append(message)


def codecs():
    rng = random.Random(7)
    for size in (0, 1, 2, 3, 57, 58, 1000, 65537):
        data = bytes(rng.randrange(256) for _ in range(size))
        encoded = run(["base64", "encode"], data).stdout
        expect(encoded.replace(b"\r\n", b"\n") == base64.encodebytes(data),
               "base64 encode of %d bytes differs from Python's encodebytes" % size)
        expect(run(["base64", "decode"], base64.encodebytes(data)).stdout == data,
               "base64 decode of Python's output (%d bytes) differs" % size)
        qp = run(["qp", "encode", "--binary"], data).stdout
        expect(quopri.decodestring(qp) == data, "Python's quopri cannot decode our QP (%d bytes)" % size)
        expect(max((len(l) for l in qp.split(b"\r\n")), default=0) <= 76, "QP line over 76")
        python_qp = quopri.encodestring(data)
        expect(run(["qp", "decode"], python_qp).stdout == data,
               "we cannot decode Python's quopri output (%d bytes)" % size)
    text = "한글 텍스트와 = 기호, 줄 끝 공백 \n".encode() * 20
    ours = run(["qp", "encode"], text).stdout
    expect(quopri.decodestring(ours) == text.replace(b"\n", b"\r\n"),
           "text-mode QP does not decode to CRLF text in Python")
    explain = run(["base64", "encode", "--explain"], b"Man").stdout.decode()
    expect("010011 010110 000101 101110" in explain and "T  W  F  u" in explain and
           explain.rstrip().endswith("TWFu"), "base64 --explain trace is missing the Man example")
    explain = run(["qp", "encode", "--explain"], "café= \n".encode()).stdout.decode()
    expect("=C3" in explain and "'=' itself must be escaped" in explain and
           "white space at the end of a line" in explain, "qp --explain trace incomplete")


def partial(tmp):
    body = os.path.join(tmp, "body.txt")
    blob = os.path.join(tmp, "blob.bin")
    with open(body, "w", encoding="utf-8") as f:
        f.write("큰 메시지를 조각으로 나눕니다.\n" * 50)
    with open(blob, "wb") as f:
        f.write(bytes(random.Random(3).randrange(256) for _ in range(30000)))
    message = os.path.join(tmp, "big.eml")
    run(["mime", "build", "--from", "a@a.example", "--to", "b@b.example", "--subject", "분할 테스트",
         "--text", body, "--attach", blob, "--date-unix", "0", "--seed", "1", "-o", message])
    out_dir = os.path.join(tmp, "frags")
    listed = run(["mime", "split", "--max-bytes", "5000", "--out-dir", out_dir, message]).stdout.decode().split()
    fragments = sorted(glob.glob(os.path.join(out_dir, "*.eml")))
    expect(len(fragments) >= 8 and sorted(listed) == fragments, "split wrote %r" % listed)
    for path in fragments:
        with open(path, "rb") as f:
            data = f.read()
        expect(len(data) <= 5000, "%s is %d bytes" % (path, len(data)))
        frag = email.message_from_bytes(data, policy=email.policy.default)
        expect(frag.get_content_type() == "message/partial", "fragment type %s" % frag.get_content_type())
        expect(frag["content-type"].params.get("total") == str(len(fragments)), "total param")
    joined = run(["mime", "join"] + list(reversed(fragments))).stdout
    with open(message, "rb") as f:
        original = email.message_from_bytes(f.read(), policy=email.policy.default)
    again = email.message_from_bytes(joined, policy=email.policy.default)
    expect(str(again["subject"]) == "분할 테스트", "joined subject %r" % str(again["subject"]))
    expect([p.get_payload(decode=True) for p in again.walk() if not p.is_multipart()] ==
           [p.get_payload(decode=True) for p in original.walk() if not p.is_multipart()],
           "joined message bodies differ from the original")
    missing = run(["mime", "join"] + fragments[1:], ok=False)
    expect(missing.returncode != 0 and b"fragment 1 of" in missing.stderr and
           missing.stderr.count(b"\n") == 1, "join with a missing fragment: %r" % missing.stderr)


def errors(tmp):
    result = run(["mime", "parse", os.path.join(tmp, "does-not-exist.eml")], ok=False)
    expect(result.returncode != 0 and result.stderr.startswith(b"mailsim: cannot read"),
           "missing file: %r" % result.stderr)
    result = run(["mime", "build", "--from", "not an address", "--subject", "x"], ok=False)
    expect(result.returncode != 0 and b"missing '@'" in result.stderr, "bad --from: %r" % result.stderr)
    result = run(["mime", "build", "--from", "a@b.c", "--encoding", "uuencode"], ok=False)
    expect(result.returncode != 0 and b"unknown encoding" in result.stderr, "bad encoding: %r" % result.stderr)
    garbage = bytes(random.Random(5).randrange(256) for _ in range(20000))
    result = run(["mime", "parse", "--json", "-"], garbage)
    expect(result.returncode == 0 and b"body_sha256" in result.stdout, "garbage input must still parse")
    tree = run(["mime", "parse", "-"], b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\nunterminated\r\n").stdout
    expect(b"no closing boundary" in tree, "tree view shows warnings: %r" % tree)


def main():
    codecs()
    with tempfile.TemporaryDirectory() as tmp:
        partial(tmp)
        errors(tmp)
    if failures:
        print("\n".join(failures))
        print("FAILED: %d problems" % len(failures))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
