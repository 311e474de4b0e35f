#!/usr/bin/env bash
# Checks (or with --fix, applies) the repo's .clang-format on the project's own C++ sources.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- 'sim/*.h' 'sim/*.cpp' \
  'ui/*.h' 'ui/*.cpp' 'tests/*.h' 'tests/*.cpp' | while read -r f; do [ -f "$f" ] && echo "$f"; done)
[ ${#files[@]} -gt 0 ] || exit 0
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
else
  clang-format --dry-run --Werror "${files[@]}"
fi
