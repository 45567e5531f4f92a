#!/usr/bin/env bash
# Set up what the project needs on this machine, from the project's own files.
#   bootstrap.sh sysdeps test|run|package   system libraries (apt on Debian as root; otherwise prints them)
#   bootstrap.sh venv PYTHON        the .venv with pinned Python packages
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt offscreen rendering and fonts (tests, screenshots); plus X11 bits for a real window.
TEST_PKGS=(libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0 libegl1 libgl1 libdbus-1-3 fonts-dejavu-core)
RUN_PKGS=(xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-cursor0
          libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxcb-xinerama0 libxkbcommon-x11-0)

missing_debs() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

sysdeps() {
  local want=("${TEST_PKGS[@]}")
  [ "${1:-test}" = run ] && want+=("${RUN_PKGS[@]}")
  [ "${1:-test}" = package ] && want+=(nsis binutils)
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "bootstrap: not a Debian system; make sure Qt 6's runtime libraries are installed: ${want[*]}" >&2
    return 0
  fi
  mapfile -t miss < <(missing_debs "${want[@]}")
  [ ${#miss[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing system packages: ${miss[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${miss[@]}" >/dev/null
  else
    echo "bootstrap: missing system packages (install them as root): apt-get install ${miss[*]}" >&2
  fi
}

venv() {
  local py="${1:-python3}"
  if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "bootstrap: Python 3.11 or newer is needed ($py is $("$py" --version 2>&1))." >&2
    exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    "$py" -m venv .venv || { echo "bootstrap: could not create .venv (Debian: apt-get install python3-venv)" >&2; exit 1; }
  fi
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e '.[dev]'
}

case "${1:-}" in
  sysdeps) sysdeps "${2:-test}" ;;
  venv) venv "${2:-python3}" ;;
  *) echo "usage: bootstrap.sh sysdeps test|run | venv PYTHON" >&2; exit 2 ;;
esac
