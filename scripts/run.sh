#!/usr/bin/env bash
# Builds and starts mailsim: the web app served on http://127.0.0.1:8080/ (default), or the
# native window with --desktop.
#   scripts/run.sh [--port N] [--desktop] [-- extra args for mailsim-gui]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${PORT:-8080}"
mode=web
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --desktop) mode=desktop ;;
    --port) port="$2"; shift ;;
    --port=*) port="${1#--port=}" ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

bash scripts/setup.sh
jobs="$(nproc)"
if [ "$mode" = desktop ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release -j "$jobs" --target mailsim-gui mailsim
  exec "$root/build-release/ui/mailsim-gui" "${extra[@]}"
fi

export NODE_PATH=/usr/share/nodejs
cmake --preset web >/dev/null
cmake --build --preset web -j "$jobs" --target mailsim-web
echo "mailsim: open http://127.0.0.1:$port/ in a browser (Ctrl+C stops the server)"
exec /usr/bin/python3 scripts/serve_web.py --dir "$root/build-web/web" --port "$port"
