#!/usr/bin/env bash
# Set up what the project needs on this machine, from the project's own files.
#   bootstrap.sh sysdeps test|run|package   system libraries (apt on Debian as root; otherwise prints them)
#   bootstrap.sh sysdeps pg          PostgreSQL server (Debian package), for make test-pg
#   bootstrap.sh pg CMD [ARGS…]      run CMD with MOCK_PG_URL set to a throw-away local cluster
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
  [ "${1:-test}" = pg ] && want=(postgresql)
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

pg_bindir() {
  # the newest Debian server package, else whatever initdb is on PATH
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  echo "bootstrap: no PostgreSQL server found (Debian: bootstrap.sh sysdeps pg as root)" >&2
  return 1
}

pg() {
  # A throw-away cluster in a temp dir on a free loopback port, trust auth, stopped on exit.
  # PostgreSQL refuses to run as root, so as root the cluster belongs to the "postgres" user.
  local bin tmp port owner url status=0
  bin=$(pg_bindir)
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/mock-pg.XXXXXX")
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner() { "$@"; }
  owner=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "bootstrap: no 'postgres' user to run the cluster as" >&2; return 1; }
    chown postgres "$tmp"
    owner=postgres
    as_owner() { runuser -u postgres -- "$@"; }
  fi
  as_owner "$bin/initdb" -D "$tmp/data" -U "$owner" --auth=trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" \
    || { cat "$tmp/initdb.log" >&2; rm -rf "$tmp"; return 1; }
  as_owner "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off -c synchronous_commit=off -c max_connections=300" start >/dev/null \
    || { cat "$tmp/server.log" >&2; rm -rf "$tmp"; return 1; }
  url="postgresql+psycopg://$owner@127.0.0.1:$port/postgres"
  echo "bootstrap: PostgreSQL $("$bin/postgres" -V | cut -d' ' -f3) on 127.0.0.1:$port (data in $tmp)"
  MOCK_PG_URL="$url" "$@" || status=$?
  as_owner "$bin/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null || true
  rm -rf "$tmp"
  return $status
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
  pg) shift; pg "$@" ;;
  venv) venv "${2:-python3}" ;;
  *) echo "usage: bootstrap.sh sysdeps test|run|package|pg | pg CMD… | venv PYTHON" >&2; exit 2 ;;
esac
