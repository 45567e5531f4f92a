"""Composition root: parse the command line, load settings, open the store, build the services,
start the UI. ``--demo`` starts the mock ministry in-process on a free loopback port.

This is the only module of ``exam_client`` that may import ``ministry_mock`` (lazily, for demo).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from exam_client import __version__
from exam_client.demo import DemoMinistry, start_demo_ministry

log = logging.getLogger("exam_client")
_T0 = time.perf_counter()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="exam-client",
        description="Đăng ký dự thi THPT và xét tuyển — ứng dụng cho cán bộ và thí sinh",
    )
    p.add_argument("--demo", action="store_true", help="start the mock ministry in-process")
    p.add_argument("--api-url", help="address of the ministry API")
    p.add_argument("--kiosk", action="store_true", help="candidate kiosk mode")
    p.add_argument("--data-dir", type=Path, help="where the local cache and logs live")
    p.add_argument("--config", type=Path, help="config file (TOML)")
    p.add_argument("--version", action="version", version=f"exam-client {__version__}")
    p.add_argument(
        "--self-test",
        action="store_true",
        help="check the installation (store, keyring, UI rendering) and exit 0 if healthy",
    )
    p.add_argument(
        "--startup-probe",
        action="store_true",
        help="print the time to the first window shown, then quit (benchmarks)",
    )
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from exam_client.services.logs import install_redaction

    install_redaction()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if args.self_test:
        from exam_client.selftest import run_self_test

        return int(run_self_test())

    from exam_client.services.settings import SettingsError, load_settings

    flags = {
        "api_url": args.api_url,
        "data_dir": args.data_dir,
        "mode": "kiosk" if args.kiosk else None,
        "demo": True if args.demo else None,
    }
    try:
        settings = load_settings(flags, config_path=args.config)
    except SettingsError as exc:
        print(f"Lỗi cấu hình: {exc.message_vi}", file=sys.stderr)
        return 2

    if not _has_display():
        print(
            "Không tìm thấy màn hình (biến DISPLAY/WAYLAND_DISPLAY trống). "
            "Hãy chạy trong phiên đồ hoạ, dưới Xvfb (`make run` tự làm việc này), "
            "hoặc dùng `make screenshots` để xem các màn hình dưới dạng ảnh PNG.",
            file=sys.stderr,
        )
        return 3

    from PySide6.QtWidgets import QApplication, QMessageBox

    from exam_client.services.bootstrap import BootError, build_services
    from exam_client.ui.theme import apply_theme

    app = QApplication([sys.argv[0]])
    app.setApplicationName("exam-client")
    app.setApplicationDisplayName("Đăng ký dự thi THPT")
    apply_theme(app)

    throwaway: Path | None = None
    demo: DemoMinistry | None = None
    if settings.demo:
        if args.data_dir is None:
            throwaway = Path(tempfile.mkdtemp(prefix="exam-client-demo-"))
            settings = replace(settings, data_dir=throwaway)
        demo = start_demo_ministry(settings.data_dir)
    try:
        services = build_services(
            settings,
            api_url=demo.base_url if demo else None,
            demo_account=demo.account if demo else None,
            passphrase_prompt=_ask_passphrase,
        )
    except BootError as exc:
        QMessageBox.critical(None, "Không khởi động được", exc.message_vi)
        return 1
    try:
        return _run_ui(app, services, args.startup_probe)
    finally:
        services.close()
        if demo is not None:
            demo.stop()
        if throwaway is not None:
            shutil.rmtree(throwaway, ignore_errors=True)


def _run_ui(app: object, services: object, probe: bool) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from exam_client.services.context import AppServices
    from exam_client.ui.shell import StaffShell

    assert isinstance(app, QApplication)
    assert isinstance(services, AppServices)
    shell = StaffShell(app, services)
    shell.start()
    if probe:
        app.processEvents()
        print(f"first-window-shown {time.perf_counter() - _T0:.3f}", flush=True)
        QTimer.singleShot(0, app.quit)
    code = app.exec()
    shell.runner.wait_idle(5000)
    return int(code)


def _has_display() -> bool:
    if sys.platform != "linux":
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _ask_passphrase(first_time: bool) -> str | None:
    """Asked when no secure keyring exists: the local data is then encrypted with a passphrase."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    prompt = (
        "Máy này không có kho khoá an toàn của hệ điều hành, nên khoá mã hoá dữ liệu không thể "
        "lưu tự động.\n"
        + (
            "Hãy đặt một mật khẩu riêng cho dữ liệu trên máy (ít nhất 8 ký tự) và ghi nhớ nó:"
            if first_time
            else "Hãy nhập mật khẩu riêng của dữ liệu trên máy:"
        )
    )
    text, ok = QInputDialog.getText(
        None, "Mật khẩu dữ liệu trên máy", prompt, QLineEdit.EchoMode.Password
    )
    return text if ok and text else None


if __name__ == "__main__":
    sys.exit(main())
