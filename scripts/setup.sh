#!/usr/bin/env bash
# Installs what mailsim needs on Debian 12 and nothing more. Idempotent: every step checks
# first, so a second run on a ready machine does no network traffic and takes a second.
# Sources: Debian's archive (packages and the imgui *source* package) and the npm registry.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps="$root/.deps"
mkdir -p "$deps"

packages=(
  # build
  cmake ninja-build g++ clang-14 clang-format libclang-rt-14-dev pkg-config
  # libraries (header-only or Debian-built)
  libglfw3-dev python3-glad doctest-dev libtomlplusplus-dev nlohmann-json3-dev
  libasio-dev libcli11-dev libimgui-dev libstb-dev
  # HTTP + WebSocket for `mailsim serve --web` (Boost.Beast; Debian 12's default Boost 1.74,
  # which libasio-dev already pulls in: libboost1.81-dev would conflict with it)
  libboost-dev
  # web build
  emscripten
  # fonts (Hangul) and subsetting for the web bundle
  fonts-nanum fonts-nanum-coding fonts-dejavu-core python3-fonttools
  # browser and desktop tests
  chromium xvfb xauth imagemagick xdotool
  # real peers for interop tests and benchmarks
  python3 curl swaks tshark python3-aiosmtpd postfix isync
  # misc tools the scripts use
  xz-utils dpkg-dev
)

# Node.js and npm may come from elsewhere (this machine kind ships a newer Node with its own
# npm, which conflicts with Debian's npm package): install Debian's only when absent.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: need root to run: $*" >&2
    echo "setup: run this as root (or install sudo), then re-run scripts/setup.sh" >&2
    exit 1
  fi
}

# Debian's deb-src entry, derived from the machine's own apt source so no mirror name is
# written into the repository; needed to fetch the Dear ImGui sources (.cpp files).
src_list=/etc/apt/sources.list.d/mailsim-src.sources
need_src=0
if [ ! -f "$deps/imgui-1.86/imgui.cpp" ] && [ -z "${IMGUI_DIR:-}" ]; then need_src=1; fi
if [ "$need_src" = 1 ] && [ ! -f "$src_list" ]; then
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >/tmp/mailsim-src.sources
    as_root cp /tmp/mailsim-src.sources "$src_list"
  elif [ -f /etc/apt/sources.list ]; then
    grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' >/tmp/mailsim-src.list
    as_root cp /tmp/mailsim-src.list /etc/apt/sources.list.d/mailsim-src.list
  fi
  missing+=("--update-only")
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing: ${missing[*]}"
  as_root apt-get update -qq
  real=()
  for p in "${missing[@]}"; do [ "$p" = "--update-only" ] || real+=("$p"); done
  if [ ${#real[@]} -gt 0 ]; then
    # postfix's install asks questions and would start a daemon; we only want smtp-source.
    echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
    log="$deps/apt-install.log"
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${real[@]}" >"$log" 2>&1; then
      tail -n 30 "$log" >&2
      echo "setup: apt-get install failed (full log: $log)" >&2
      exit 1
    fi
    as_root sh -c 'command -v systemctl >/dev/null && systemctl disable --now postfix 2>/dev/null || true'
  fi
fi

# Dear ImGui 1.86 sources from Debian's source package.
if [ "$need_src" = 1 ]; then
  tmp="$(mktemp -d)"
  (cd "$tmp" && apt-get source --download-only -qq imgui >/dev/null)
  tarball="$(ls "$tmp"/imgui_*.orig.tar.* | head -n1)"
  mkdir -p "$deps/imgui-1.86"
  tar -xf "$tarball" -C "$deps/imgui-1.86" --strip-components=1
  rm -rf "$tmp"
  echo "setup: Dear ImGui sources in $deps/imgui-1.86"
fi

# playwright-core drives Debian's chromium in the browser tests (never its own browser).
if [ ! -f "$deps/node/node_modules/playwright-core/package.json" ]; then
  mkdir -p "$deps/node"
  (cd "$deps/node" && [ -f package.json ] || echo '{"name":"mailsim-test-tools","private":true}' >package.json)
  (cd "$deps/node" && npm install --silent --no-audit --no-fund playwright-core@1 >/dev/null)
  echo "setup: playwright-core in $deps/node"
fi

echo "setup: ready"
