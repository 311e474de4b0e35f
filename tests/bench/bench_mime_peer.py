#!/usr/bin/python3
"""The Python peer of bench_mime: parse + decode the same corpus with Python's email package.

usage: bench_mime_peer.py CORPUS_DIR [SECONDS]
Prints one line per policy: "<policy> <kind> <MB/s>" for kind small and large, measured in
process CPU time (time.process_time) like the C++ side.
"""
import email
import email.policy
import os
import sys
import time


def run(files, policy, seconds):
    total = 0
    start = time.process_time()
    rounds = 0
    while True:
        for data in files:
            msg = email.message_from_bytes(data, policy=policy)
            for part in msg.walk():
                if not part.is_multipart():
                    part.get_payload(decode=True)
            total += len(data)
        rounds += 1
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            return total / elapsed / 1e6


def main():
    folder = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    for kind in ("small", "large"):
        names = sorted(n for n in os.listdir(folder) if n.startswith(kind))
        files = []
        for name in names:
            with open(os.path.join(folder, name), "rb") as f:
                files.append(f.read())
        for label, policy in (("compat32", email.policy.compat32), ("default", email.policy.default)):
            print("%s %s %.3f" % (label, kind, run(files, policy, seconds)), flush=True)


if __name__ == "__main__":
    main()
