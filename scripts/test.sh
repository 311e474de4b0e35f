#!/usr/bin/env bash
# Builds everything (CLI, desktop app, web app, sanitizer build with fuzz targets) and runs
# every test: formatting, unit (native, ASan+UBSan, and wasm under node), interop with real
# clients, fuzzing, desktop under Xvfb and the browser under headless Chromium.
# Ends with ctest's summary; exits non-zero if anything failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export NODE_PATH=/usr/share/nodejs # Emscripten 3.1.6 from Debian needs Debian's node modules
jobs="${MAILSIM_JOBS:-$(nproc)}"
failed=0
start=$(date +%s)
step() { printf '\n== %s (%ds)\n' "$1" "$(( $(date +%s) - start ))"; }

step "set-up"
bash scripts/setup.sh || exit 1

step "formatting (clang-format --dry-run --Werror)"
if ! bash scripts/check_format.sh; then
  echo "formatting: run scripts/check_format.sh --fix"
  failed=1
fi

step "release build: CLI, desktop app, tests, benchmarks"
cmake --preset release -DMAILSIM_WEB_DIR="$root/build-web/web" >/dev/null || exit 1
cmake --build --preset release -j "$jobs" || exit 1

step "sanitizer build (ASan + UBSan, clang): core, CLI, unit tests, fuzz targets"
cmake --preset asan >/dev/null || exit 1
cmake --build --preset asan -j "$jobs" || exit 1

step "web build (Emscripten)"
cmake --preset web >/dev/null || exit 1
cmake --build --preset web -j "$jobs" || exit 1

summary=()
run_ctest() {
  local name="$1" dir="$2"
  step "tests: $name"
  local log
  log="$(mktemp)"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  summary+=("$name: $(grep -E 'tests passed|tests failed' "$log" | tail -n1)")
  [ "$status" -eq 0 ] || failed=1
  rm -f "$log"
}
run_ctest "sanitizer build" build-asan
run_ctest "wasm build under node" build-web
run_ctest "release build (unit, interop, CLI, desktop, browser)" build-release

step "summary"
for line in "${summary[@]}"; do echo "$line"; done
echo "total time: $(( $(date +%s) - start )) s"
if [ "$failed" -ne 0 ]; then
  echo "FAILED"
  exit 1
fi
echo "all tests passed"
