#!/usr/bin/env bash
# `make package`: build the one-folder bundle, smoke-test it, measure it, compile the installer.
#
#   1. PyInstaller (packaging/exam-client.spec)          -> dist/exam-client/
#   2. the bundle's own `--self-test`, headless          (store, keyring, translations, UI)
#   3. bundle size and frozen start-up time              (packaging/startup_probe.py)
#   4. makensis packaging/installer.nsi against the bundle -> dist/exam-client-VERSION-setup*.exe
#
# On Linux step 4 only proves that the installer script compiles: the .exe it writes contains
# Linux files and is NOT a working Windows installer (its name says so). The real one is built on
# Windows by .github/workflows/windows.yml.
#
# Environment: PYTHON (default .venv/bin/python), SKIP_INSTALLER=1, NSIS_COMPRESSOR=zlib (a
# faster, bigger proof build than the script's solid LZMA), PROBE_RUNS (warm starts, default 3).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-.venv/bin/python}
DIST=dist/exam-client
GENERATED=build/packaging
mkdir -p "$GENERATED"

if ! "$PY" -m PyInstaller --version >/dev/null 2>&1; then
  echo "package: PyInstaller is missing: $PY -m pip install -c constraints.txt -e '.[package]'" >&2
  exit 1
fi
read -r VERSION VERSION_NUMERIC < <("$PY" - <<'PY'
import runpy
m = runpy.run_path("packaging/make_version_info.py")
v = m["read_version"]()
print(v, ".".join(map(str, m["numeric_version"](v))))
PY
)
case "$(uname -s)" in
  # Git Bash on Windows: the exe is windowed and prints nothing; the self-test writes its report
  # to a file (bash waits for GUI programs, unlike cmd/PowerShell) and the probe is skipped.
  MINGW* | MSYS* | CYGWIN*) EXE_NAME=exam-client.exe; SUFFIX=""; WINDOWED=1 ;;
  *) EXE_NAME=exam-client; SUFFIX=".$(uname -s | tr '[:upper:]' '[:lower:]')-bundle-not-runnable"; WINDOWED=0 ;;
esac

echo "== exam-client $VERSION: PyInstaller $("$PY" -m PyInstaller --version)"
started=$SECONDS
if ! "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/exam-client.spec \
    >"$GENERATED/pyinstaller.log" 2>&1; then
  tail -40 "$GENERATED/pyinstaller.log" >&2
  echo "package: PyInstaller failed (full log: $GENERATED/pyinstaller.log)" >&2
  exit 1
fi
build_s=$((SECONDS - started))
grep -E "WARNING|ERROR" "$GENERATED/pyinstaller.log" | grep -v "Library not found" || true

echo "== self-test of the frozen bundle"
report="$GENERATED/self-test.txt"
rm -f "$report"
status=0
QT_QPA_PLATFORM=offscreen EXAM_CLIENT_SELFTEST_SCREENSHOT="$GENERATED/self-test-main-window.png" \
  EXAM_CLIENT_SELFTEST_REPORT="$report" \
  "$DIST/$EXE_NAME" --self-test >/dev/null 2>"$GENERATED/self-test.log" || status=$?
cat "$report" 2>/dev/null || tail -20 "$GENERATED/self-test.log" >&2
if [ "$status" != 0 ]; then
  echo "package: the frozen bundle failed its self-test (exit $status)" >&2
  exit 1
fi

probe_note=""
if [ "$WINDOWED" = 1 ]; then
  probe_note=" (not measured: the windowed exe prints no probe line)"
else
  echo "== start-up (headless, offscreen; see packaging/startup_probe.py for how)"
  probe_status=0
  "$PY" packaging/startup_probe.py "$DIST/$EXE_NAME" --runs "${PROBE_RUNS:-3}" || probe_status=$?
  if [ "$probe_status" = 2 ]; then
    echo "package: the frozen app failed to start (output above)" >&2
    exit 1
  fi
  [ "$probe_status" = 1 ] && probe_note=" (OVER the 2 s goal: a warning, not a failure)"
fi

installer="(skipped)"
if [ "${SKIP_INSTALLER:-0}" = 1 ]; then
  :
elif ! command -v makensis >/dev/null 2>&1; then
  installer="(makensis missing: apt-get install nsis)"
else
  echo "== NSIS installer"
  out="$PWD/dist/exam-client-$VERSION-setup$SUFFIX.exe"
  extra=()
  [ -n "${NSIS_COMPRESSOR:-}" ] && extra+=("-DCOMPRESSOR=$NSIS_COMPRESSOR")
  icon=()
  [ -f "$GENERATED/exam-client.ico" ] && icon+=("-DICON=$PWD/$GENERATED/exam-client.ico")
  nsis_started=$SECONDS
  makensis -V2 -WX "${extra[@]}" "${icon[@]}" \
    "-DSOURCE_DIR=$PWD/$DIST" "-DEXE_NAME=$EXE_NAME" \
    "-DVERSION=$VERSION" "-DVERSION_NUMERIC=$VERSION_NUMERIC" "-DOUTFILE=$out" \
    packaging/installer.nsi
  nsis_s=$((SECONDS - nsis_started))
  installer="$(du -h "$out" | cut -f1) $out (makensis $(makensis -VERSION), ${nsis_s} s)"
  [ -n "$SUFFIX" ] && installer="$installer — compile proof only, not runnable on Windows"
fi

echo
echo "== summary"
echo "version     $VERSION ($VERSION_NUMERIC)"
echo "bundle      $(du -sh "$DIST" | cut -f1) $DIST (PyInstaller build ${build_s} s)"
echo "self-test   passed; main window rendered to $GENERATED/self-test-main-window.png"
echo "start-up    see the table above$probe_note"
echo "installer   $installer"
