"""`mailsim run`: the lecture's dialogue byte for byte, the JSON Lines trace, the summary,
scenario errors as file:line:col, and a pcap that tshark dissects as SMTP."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

MAILSIM = os.environ["MAILSIM"]

LECTURE = (
    "S: 220 hamburger.edu\n"
    "C: HELO crepes.fr\n"
    "S: 250 Hello crepes.fr, pleased to meet you\n"
    "C: MAIL FROM: <alice@crepes.fr>\n"
    "S: 250 alice@crepes.fr... Sender ok\n"
    "C: RCPT TO: <bob@hamburger.edu>\n"
    "S: 250 bob@hamburger.edu ... Recipient ok\n"
    "C: DATA\n"
    'S: 354 Enter mail, end with "." on a line by itself\n'
    "C: Do you like ketchup?\n"
    "C: How about pickles?\n"
    "C: .\n"
    "S: 250 Message accepted for delivery\n"
    "C: QUIT\n"
    "S: 221 hamburger.edu closing connection\n"
)

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def run(*args, expect=0):
    result = subprocess.run([MAILSIM, "run", *args], capture_output=True, text=True, timeout=120)
    check(result.returncode == expect,
          f"mailsim run {' '.join(args)}: exit {result.returncode}, stderr {result.stderr!r}")
    return result


# 1. The lecture's 15 lines, byte for byte.
out = run("alice-bob", "--transcript").stdout
check(out == LECTURE, "alice-bob transcript differs:\n" + out)
check(len(out.splitlines()) == 15, "the dialogue has 15 lines")

# 2. The trace: one JSON object per line, t/kind/host always, lifecycle fields.
with tempfile.TemporaryDirectory() as tmp:
    trace_path = os.path.join(tmp, "trace.jsonl")
    run("alice-bob", "--trace", trace_path)
    events = [json.loads(line) for line in open(trace_path, encoding="utf-8")]
    check(all({"t", "kind", "host", "index"} <= e.keys() for e in events), "t, kind, host everywhere")
    check([e["index"] for e in events] == list(range(len(events))), "indexes count up")
    check(all(isinstance(e["t"], (int, float)) for e in events), "t is a number")
    check(all(a["t"] <= b["t"] for a, b in zip(events, events[1:])), "time never goes back")
    kinds = [e["kind"] for e in events]
    for kind in ["compose", "queued", "dns_query", "dns_answer", "tcp_syn", "tcp_synack",
                 "tcp_ack", "conn_open", "command", "reply", "data", "accepted", "delivered",
                 "mailbox_add", "tcp_fin", "conn_close"]:
        check(kind in kinds, f"trace has a {kind} event")
    accepted = [e for e in events if e["kind"] == "accepted"]
    delivered = [e for e in events if e["kind"] == "delivered"]
    check(len(accepted) == 1 and accepted[0]["rcpt"] == "bob@hamburger.edu", "one accepted")
    check(len(delivered) == 1 and delivered[0]["mailbox"] == "bob@hamburger.edu/INBOX",
          "delivered into bob's INBOX")
    check(accepted[0]["msg_id"] == delivered[0]["msg_id"], "same msg_id from accept to delivery")
    replies = [e["code"] for e in events if e["kind"] == "reply"]
    check(replies == [220, 250, 250, 250, 354, 250, 221], f"reply codes {replies}")

    # Same seed, same run; the trace is stable byte for byte.
    again = os.path.join(tmp, "again.jsonl")
    run("alice-bob", "--trace", again)
    check(open(trace_path).read() == open(again).read(), "two runs give the same trace")

    # 3. pcap: tshark reads it and dissects the SMTP dialogue with valid TCP.
    pcap = os.path.join(tmp, "run.pcap")
    run("alice-bob", "--pcap", pcap)
    if shutil.which("tshark"):
        dis = subprocess.run(["tshark", "-r", pcap, "-Y", "smtp", "-T", "fields",
                              "-e", "smtp.req.command", "-e", "smtp.response.code"],
                             capture_output=True, text=True, timeout=120)
        check(dis.returncode == 0, "tshark reads the pcap: " + dis.stderr)
        fields = dis.stdout.split()
        for token in ["HELO", "MAIL", "RCPT", "DATA", "QUIT", "220", "354", "221"]:
            check(token in fields, f"tshark sees {token} in the SMTP stream")
        analysis = subprocess.run(["tshark", "-r", pcap, "-Y",
                                   "tcp.analysis.lost_segment or tcp.analysis.ack_lost_segment "
                                   "or tcp.analysis.out_of_order or tcp.analysis.retransmission"],
                                  capture_output=True, text=True, timeout=120)
        check(analysis.stdout.strip() == "", "no TCP analysis warnings: " + analysis.stdout)
        count = subprocess.run(["tshark", "-r", pcap, "-Y", "tcp.flags.syn==1 or tcp.flags.fin==1"],
                               capture_output=True, text=True, timeout=120)
        check(len(count.stdout.strip().splitlines()) == 4, "SYN, SYN-ACK and two FINs")
        # POP3, IMAP and HTTP too, from their built-in scenarios.
        for scenario, field, token in [("pop3-two-devices", "pop.request.command", "RETR"),
                                       ("imap-folders", "imap.request.command", "SELECT"),
                                       ("webmail", "http.request.method", "POST")]:
            path = os.path.join(tmp, scenario + ".pcap")
            run(scenario, "--pcap", path)
            out = subprocess.run(["tshark", "-r", path, "-T", "fields", "-e", field],
                                 capture_output=True, text=True, timeout=120).stdout
            check(token in out.upper().split(), f"tshark dissects {token} in {scenario}: {out!r}")
            warn = subprocess.run(["tshark", "-r", path, "-Y", "tcp.analysis.flags"],
                                  capture_output=True, text=True, timeout=120).stdout
            check(warn.strip() == "", f"no TCP warnings in {scenario}: {warn}")
    else:
        print("tshark missing: pcap dissection not checked")

    # 4. Broken scenario files: file:line:col: message, exit 2, never a crash.
    bad = os.path.join(tmp, "bad.toml")
    with open(bad, "w") as f:
        f.write('name = "x"\n[[host]]\nname = "a"\nroles = ["mta", "toaster"]\n')
    r = run(bad, expect=2)
    check(r.stderr.startswith("mailsim: " + bad + ":4:"), "role error points at line 4: " + r.stderr)
    with open(bad, "w") as f:
        f.write('name = "x"\n[[host]\n')
    r = run(bad, expect=2)
    check(r.stderr.startswith("mailsim: " + bad + ":2:"), "syntax error at line 2: " + r.stderr)
    with open(bad, "w") as f:
        f.write('[[action]]\nat = "1s"\ndo = "compose to=\\"x"\n')
    r = run(bad, expect=2)
    check(":3:" in r.stderr and "unterminated" in r.stderr, "action error: " + r.stderr)

# 5. Summary counts.
summary = run("alice-bob", "--summary").stdout
check("accepted 1\ndelivered 1\nbounced 0\nqueued 0\nduplicate_risk 0\n" in summary, summary)

sys.exit(1 if failures else 0)
