"""Golden traces: every built-in scenario's JSON Lines trace is checked in under tests/golden
and must come out byte for byte the same (the UI animates it, lessons match against it).
After an intended change: MAILSIM_UPDATE_GOLDEN=1 ctest -R golden, then review the diff.
Very long traces (the 50-host benchmark world) are pinned by their SHA-256 instead of the
whole text, so the repository does not carry megabytes of trace."""
import difflib
import glob
import hashlib
import os
import subprocess
import sys

MAILSIM = os.environ["MAILSIM"]
SOURCE = os.environ["MAILSIM_SOURCE_DIR"]
UPDATE = os.environ.get("MAILSIM_UPDATE_GOLDEN") == "1"

HASH_ABOVE_LINES = 2000

scenarios = sorted(glob.glob(os.path.join(SOURCE, "lessons", "scenarios", "*.toml")))
failures = 0
if not scenarios:
    print("no built-in scenarios found")
    sys.exit(1)
for path in scenarios:
    name = os.path.splitext(os.path.basename(path))[0]
    result = subprocess.run([MAILSIM, "run", path, "--trace", "-"], capture_output=True,
                            text=True, timeout=300)
    if result.returncode != 0:
        print(f"FAIL {name}: exit {result.returncode}: {result.stderr}")
        failures += 1
        continue
    golden = os.path.join(SOURCE, "tests", "golden", name + ".jsonl")
    digest_file = os.path.join(SOURCE, "tests", "golden", name + ".sha256")
    digest = hashlib.sha256(result.stdout.encode("utf-8")).hexdigest()
    long_trace = result.stdout.count("\n") > HASH_ABOVE_LINES
    if UPDATE and long_trace:
        with open(digest_file, "w", encoding="utf-8") as f:
            f.write(digest + "\n")
        print(f"updated {digest_file}")
        continue
    if os.path.exists(digest_file) and not os.path.exists(golden):
        expected_digest = open(digest_file, encoding="utf-8").read().strip()
        if expected_digest != digest:
            print(f"FAIL {name}: trace SHA-256 {digest} differs from {digest_file}")
            failures += 1
        else:
            print(f"ok {name} ({result.stdout.count(chr(10))} events, by SHA-256)")
        continue
    if UPDATE:
        with open(golden, "w", encoding="utf-8") as f:
            f.write(result.stdout)
        print(f"updated {golden}")
        continue
    if not os.path.exists(golden):
        print(f"FAIL {name}: no golden trace {golden} (run with MAILSIM_UPDATE_GOLDEN=1)")
        failures += 1
        continue
    expected = open(golden, encoding="utf-8").read()
    if expected != result.stdout:
        failures += 1
        diff = difflib.unified_diff(expected.splitlines(), result.stdout.splitlines(),
                                    "golden", "now", lineterm="", n=1)
        print(f"FAIL {name}: trace differs from {golden}")
        for i, line in enumerate(diff):
            if i > 40:
                print("...")
                break
            print(line)
    else:
        print(f"ok {name} ({len(expected.splitlines())} events)")
sys.exit(1 if failures else 0)
