#!/usr/bin/python3
"""Interop with a real peer: Python's standard `email` package.

1. A corpus is generated at test time by Python's email package (plain, Korean UTF-8 in QP and
   base64, encoded-word subjects B and Q, EUC-KR, mixed with a binary attachment, alternative
   text+html, nested mixed>alternative+attachment, message/rfc822, digest, external-body, 8bit,
   long lines, LF-only line endings). Each message is parsed by `mailsim mime parse --json` and
   compared field by field with what Python's parser says about the same bytes.
2. Messages built by `mailsim mime build` are parsed by Python: same tree, no defects, and the
   decoded bodies are the files we gave it.
"""
import copy
import email
import email.charset
import email.policy
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

MAILSIM = os.environ.get("MAILSIM") or sys.exit("MAILSIM is not set")
KOREAN = "안녕하세요. 메일 시뮬레이터로 MIME을 배웁니다.\n두 번째 줄입니다 — 한글과 English가 섞여 있습니다.\n"
BINARY = bytes((i * 37 + 11) % 256 for i in range(5000))
failures = []


def base_headers(msg, subject="test"):
    msg["From"] = "Alice Kim <alice@a.example>"
    msg["To"] = "Bob <bob@b.example>, carol@c.example"
    if subject is not None:
        msg["Subject"] = subject
    msg["Date"] = "Mon, 23 Nov 2026 14:36:52 +0900"
    msg["Message-ID"] = "<corpus@a.example>"
    return msg


def plain():
    msg = base_headers(EmailMessage(), "plain text")
    msg.set_content("Hello Bob,\nthis is plain ASCII text.\n")
    return msg


def korean(cte):
    msg = base_headers(EmailMessage(), "한글 본문 " + cte)
    msg.set_content(KOREAN, charset="utf-8", cte=cte)
    return msg


def subject_words(encoding):
    msg = MIMEText("body\n", "plain", "us-ascii")
    base_headers(msg, None)
    charset = email.charset.Charset("utf-8")
    charset.header_encoding = email.charset.BASE64 if encoding == "B" else email.charset.QP
    msg["Subject"] = Header("메일 제목 테스트 (encoded-word " + encoding + ") café", charset)
    return msg


def euc_kr():
    msg = MIMEText("한국어 EUC-KR 본문입니다.\n", "plain", "euc-kr")
    base_headers(msg, None)
    msg["Subject"] = Header("EUC-KR 제목입니다", "euc-kr")
    msg.replace_header("From", Header("김철수", "euc-kr").encode() + " <kim@a.example>")
    return msg


def mixed_binary():
    msg = base_headers(EmailMessage(), "mixed with binary")
    msg.set_content("See the attachments.\n")
    msg.add_attachment(BINARY, maintype="application", subtype="octet-stream", filename="data.bin")
    msg.add_attachment(BINARY[:999], maintype="image", subtype="gif", filename="강의자료 그림.gif")
    return msg


def alternative():
    msg = base_headers(EmailMessage(), "alternative")
    msg.set_content("plain version\n")
    msg.add_alternative("<html><body><p>HTML version 한글</p></body></html>\n", subtype="html")
    return msg


def nested():
    msg = base_headers(EmailMessage(), "nested mixed > alternative + attachment")
    msg.set_content("plain 본문\n")
    msg.add_alternative("<p>html 본문</p>\n", subtype="html")
    msg.make_mixed()
    msg.add_attachment(b"%!PS-Adobe-3.0\n%%EOF\n", maintype="application", subtype="postscript",
                       filename="slides.ps")
    msg.add_attachment(BINARY[:300], maintype="audio", subtype="basic", filename="sound.au")
    return msg


def rfc822():
    inner = korean("base64")
    del inner["Message-ID"]
    inner["Message-ID"] = "<inner@a.example>"
    outer = base_headers(EmailMessage(), "forwarded message")
    outer.set_content("Forwarding the message below.\n")
    outer.add_attachment(inner)
    return outer


def digest():
    outer = MIMEMultipart("digest")
    base_headers(outer, "digest of three")
    for i in range(3):
        inner = MIMEText("digest item %d\n" % i)
        inner["Subject"] = "item %d" % i
        item = MIMEMessage(inner)
        del item["Content-Type"]  # parts of a digest default to message/rfc822
        del item["MIME-Version"]
        outer.attach(item)
    return outer


def external_body():
    outer = MIMEMultipart("mixed")
    base_headers(outer, "external body")
    outer.attach(MIMEText("The lecture slides are on the FTP site.\n"))
    ext = MIMEBase("message", "external-body", **{"access-type": "anon-ftp", "site": "ftp.example.org",
                                                   "directory": "pub/lectures", "name": "mime.ps"})
    phantom = Message()
    phantom["Content-Type"] = "application/postscript"
    ext.set_payload([phantom])
    outer.attach(ext)
    return outer


def eight_bit():
    msg = base_headers(EmailMessage(), "8bit body")
    msg.set_content(KOREAN, charset="utf-8", cte="8bit")
    return msg


def long_lines():
    msg = base_headers(EmailMessage(), "long lines " + "word " * 40)
    msg.set_content(("a" * 1500 + "\n") * 3 + "short\n", cte="quoted-printable")
    msg.add_attachment(("x" * 900 + " y\n").encode(), maintype="text", subtype="plain",
                       cte="7bit", filename="long.txt")
    return msg


def to_bytes(msg, linesep="\r\n"):
    policy = (msg.policy if isinstance(msg, EmailMessage) else email.policy.compat32).clone(linesep=linesep)
    return msg.as_bytes(policy=policy)


def py_node(part, top):
    node = {
        "content_type": part.get_content_type(),
        "params": {},
        "transfer_encoding": None,
        "filename": part.get_filename(),
        "parts": [],
    }
    if part["content-type"] is not None:
        node["params"] = {k.lower(): v for k, v in part["content-type"].params.items()}
    if part["content-transfer-encoding"] is not None:
        node["transfer_encoding"] = str(part["content-transfer-encoding"]).strip().lower()
    if part.is_multipart():
        node["parts"] = [py_node(child, False) for child in part.get_payload()]
    else:
        node["body_sha256"] = hashlib.sha256(part.get_payload(decode=True) or b"").hexdigest()
    if top:
        for name in ("subject", "from", "to"):
            node[name] = None if part[name] is None else str(part[name])
    return node


def mailsim_json(data):
    run = subprocess.run([MAILSIM, "mime", "parse", "--json", "-"], input=data, capture_output=True)
    if run.returncode != 0:
        raise AssertionError("mailsim mime parse failed: " + run.stderr.decode())
    return json.loads(run.stdout)


def compare(expected, actual, where, name):
    for key in ("content_type", "params", "transfer_encoding", "filename", "body_sha256",
                "subject", "from", "to"):
        if key in expected and expected[key] != actual.get(key):
            failures.append("%s %s: %s differs: python %r, mailsim %r" %
                            (name, where, key, expected[key], actual.get(key)))
    if "body_sha256" in expected and actual.get("parts"):
        failures.append("%s %s: mailsim has children where python has a leaf" % (name, where))
    if len(expected["parts"]) != len(actual.get("parts", [])):
        failures.append("%s %s: python has %d parts, mailsim %d" %
                        (name, where, len(expected["parts"]), len(actual.get("parts", []))))
        return
    for i, (e, a) in enumerate(zip(expected["parts"], actual["parts"])):
        compare(e, a, "%s/%d" % (where, i), name)


def count_nodes(node):
    return 1 + sum(count_nodes(child) for child in node["parts"])


def forward_direction():
    corpus = {
        "plain": to_bytes(plain()),
        "korean-qp": to_bytes(korean("quoted-printable")),
        "korean-base64": to_bytes(korean("base64")),
        "subject-b": to_bytes(subject_words("B")),
        "subject-q": to_bytes(subject_words("Q")),
        "euc-kr": to_bytes(euc_kr()),
        "mixed-binary": to_bytes(mixed_binary()),
        "alternative": to_bytes(alternative()),
        "nested": to_bytes(nested()),
        "rfc822": to_bytes(rfc822()),
        "digest": to_bytes(digest()),
        "external-body": to_bytes(external_body()),
        "8bit": to_bytes(eight_bit()),
        "long-lines": to_bytes(long_lines()),
        "lf-only": to_bytes(nested(), linesep="\n"),
        "lf-only-korean-qp": to_bytes(korean("quoted-printable"), linesep="\n"),
        # Real mail: a first header line of only white space (Python skips it with a defect).
        "leading-white-line": b" \r\n\t \r\nSubject: hi\r\nTo: a@example.com\r\n\r\nbody\r\n",
        # An mbox "From " line opening an enclosed message and a part: Python skips it there too.
        "rfc822-mbox-from": b"Content-Type: message/rfc822\r\n\r\nFrom a@example.com Mon Jan  1 00:00:00 2001\r\n"
                            b"Subject: inner\r\nContent-Type: text/html\r\n\r\n<p>inner</p>\r\n",
        "part-mbox-from": b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nFrom x Mon\r\n"
                          b"Content-Type: text/html\r\n\r\n<p>\r\n--b--\r\n",
    }
    assert b"\r\n" not in corpus["lf-only"], "the LF-only corpus must not contain CRLF"
    assert b"=?utf-8?q?" in corpus["subject-q"].lower(), "Q subject expected"
    assert b"=?utf-8?b?" in corpus["subject-b"].lower(), "B subject expected"
    assert max(len(l) for l in corpus["8bit"].split(b"\n")) < 998 and any(b > 127 for b in corpus["8bit"])
    nodes = 0
    for name, data in corpus.items():
        expected = py_node(email.message_from_bytes(data, policy=email.policy.default), True)
        actual = mailsim_json(data)
        compare(expected, actual, "/", name)
        nodes += count_nodes(expected)
    print("forward: %d messages, %d MIME nodes compared" % (len(corpus), nodes))


def reverse_direction(tmp):
    text = os.path.join(tmp, "본문.txt")
    html = os.path.join(tmp, "page.html")
    attach_bin = os.path.join(tmp, "자료.bin")
    attach_gif = os.path.join(tmp, "picture.gif")
    attach_txt = os.path.join(tmp, "notes.txt")
    with open(text, "w", encoding="utf-8") as f:
        f.write(KOREAN + ("긴 줄 " * 300) + "\n")
    with open(html, "w", encoding="utf-8") as f:
        f.write("<html><body><h1>제목</h1><p>" + "x" * 200 + "</p></body></html>\n")
    with open(attach_bin, "wb") as f:
        f.write(BINARY)
    with open(attach_gif, "wb") as f:
        f.write(b"GIF89a" + BINARY[:500])
    with open(attach_txt, "wb") as f:
        f.write(b"plain notes\nsecond line = with equals\n")
    cases = {
        "text-only": ["--text", text],
        "text-html": ["--text", text, "--html", html],
        "attachments-base64": ["--text", text, "--attach", attach_bin, "--attach", attach_gif],
        "attachments-qp": ["--text", text, "--html", html, "--attach", attach_txt,
                           "--attach", attach_bin, "--encoding", "quoted-printable"],
        "text-base64": ["--text", text, "--text-encoding", "base64"],
    }
    expected_sha = {
        "text/plain": hashlib.sha256((KOREAN + ("긴 줄 " * 300) + "\n").replace("\n", "\r\n").encode()).hexdigest(),
        "data.bin": hashlib.sha256(BINARY).hexdigest(),
    }
    for name, flags in cases.items():
        args = [MAILSIM, "mime", "build", "--from", "김교수 <prof@univ.ac.kr>", "--to", "student@univ.ac.kr",
                "--to", "\"Park, Jisoo\" <park@univ.ac.kr>", "--subject", "MIME 실습: " + name,
                "--date-unix", "1795412212", "--tz-minutes", "540", "--seed", "7"] + flags
        run = subprocess.run(args, capture_output=True)
        if run.returncode != 0:
            failures.append("build %s failed: %s" % (name, run.stderr.decode()))
            continue
        data = run.stdout
        if any(b > 127 for b in data):
            failures.append("build %s: output is not 7-bit" % name)
        if max(len(l) for l in data.split(b"\r\n")) > 78:
            failures.append("build %s: a line is longer than 78" % name)
        parsed = email.message_from_bytes(data, policy=email.policy.default)
        for part in parsed.walk():
            if part.defects:
                failures.append("build %s: python reports defects %r" % (name, part.defects))
        expected = py_node(parsed, True)
        compare(expected, mailsim_json(data), "/", "build " + name)
        if expected["subject"] != "MIME 실습: " + name:
            failures.append("build %s: python reads the subject as %r" % (name, expected["subject"]))
        if expected["from"] != "김교수 <prof@univ.ac.kr>":
            failures.append("build %s: python reads From as %r" % (name, expected["from"]))
        if expected["to"] != 'student@univ.ac.kr, "Park, Jisoo" <park@univ.ac.kr>':
            failures.append("build %s: python reads To as %r" % (name, expected["to"]))
        for part in parsed.walk():
            if part.is_multipart():
                continue
            digest_hex = hashlib.sha256(part.get_payload(decode=True)).hexdigest()
            if part.get_content_type() == "text/plain" and part.get_filename() is None:
                if digest_hex != expected_sha["text/plain"]:
                    failures.append("build %s: text body differs in python" % name)
            if part.get_filename() == "자료.bin" and digest_hex != expected_sha["data.bin"]:
                failures.append("build %s: attachment 자료.bin differs in python" % name)
        files = [p.get_filename() for p in parsed.walk() if p.get_filename()]
        wanted = [os.path.basename(flags[i + 1]) for i, f in enumerate(flags) if f == "--attach"]
        if files != wanted:
            failures.append("build %s: python sees attachments %r, wanted %r" % (name, files, wanted))
    print("reverse: %d messages built by mailsim read by python" % len(cases))


def main():
    forward_direction()
    with tempfile.TemporaryDirectory() as tmp:
        reverse_direction(tmp)
    if failures:
        print("\n".join(failures))
        print("FAILED: %d differences" % len(failures))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
