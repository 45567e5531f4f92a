#!/usr/bin/env bash
# `make run`: start the app in demo mode. On a machine without a display, say so plainly and run
# it on a virtual X display (Xvfb) so it really starts; `make screenshots` shows the screens as PNG.
set -euo pipefail
cd "$(dirname "$0")/.."
unset QT_QPA_PLATFORM  # a real window, not the offscreen test platform
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ] || [ "$(uname -s)" != Linux ]; then
  exec .venv/bin/exam-client --demo "$@"
fi
cat >&2 <<'MSG'
Không có màn hình trên máy này (DISPLAY trống).
  -> Ứng dụng sẽ chạy trên màn hình ảo Xvfb: nó chạy thật nhưng bạn không nhìn thấy cửa sổ.
  -> Để xem các màn hình, hãy chạy `make screenshots` (ảnh PNG trong docs/screenshots/).
  -> Nhấn Ctrl-C để dừng.
No display here: running on a virtual Xvfb display; use `make screenshots` to see the screens.
MSG
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "xvfb-run is missing: apt-get install xvfb xauth (make run installs it when run as root)." >&2
  exit 3
fi
exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/exam-client --demo "$@"
