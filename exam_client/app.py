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
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from exam_client import __version__
from exam_client.demo import DemoMinistry, demo_account, demo_admin_account, start_demo_ministry

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from exam_client.services.boot import Boot
    from exam_client.services.context import AppServices, OnlineServices
    from exam_client.ui.kiosk.shell import KioskShell
    from exam_client.ui.shell import StaffShell

log = logging.getLogger("exam_client")
_T0 = time.perf_counter()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="exam-client",
        description="Đăng ký dự thi THPT và xét tuyển — ứng dụng cho cán bộ và thí sinh",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="demo mode: start the mock ministry in-process (or use --api-url's running mock)",
    )
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
        help=(
            "print the times to the first window, to the services ready and (with a demo "
            "account) to the main window after signing in, then quit (benchmarks)"
        ),
    )
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from exam_client.services.logs import configure_logging

    console_logging = configure_logging(None, "INFO")  # until the settings say where and how much
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
        _fatal(f"Lỗi cấu hình: {exc.message_vi}")
        return 2

    if not _has_display():
        _fatal(
            "Không tìm thấy màn hình (biến DISPLAY/WAYLAND_DISPLAY trống). "
            "Hãy chạy trong phiên đồ hoạ, dưới Xvfb (`make run` tự làm việc này), "
            "hoặc dùng `make screenshots` để xem các màn hình dưới dạng ảnh PNG."
        )
        return 3

    throwaway: Path | None = None
    if settings.demo and args.data_dir is None:
        throwaway = Path(tempfile.mkdtemp(prefix="exam-client-demo-"))
        settings = replace(settings, data_dir=throwaway)
    from exam_client.services.crash import EXIT_CODE_CRASH, CrashHandler, end_run, start_run

    console_logging.close()  # replaced by the data dir's file log and its own console
    try:
        file_logging = configure_logging(settings.data_dir, settings.log_level)
        previous_run = start_run(settings.data_dir)
    except OSError as exc:
        _fatal(
            f"Không ghi được vào thư mục dữ liệu {settings.data_dir} ({exc.strerror}). "
            "Hãy chọn một thư mục ghi được bằng 'data_dir' trong tệp cấu hình hoặc --data-dir."
        )
        return 2
    crash_handler = CrashHandler(settings.data_dir).install()
    log.info("exam-client %s starting (mode %s)", __version__, settings.mode)

    from PySide6.QtWidgets import QApplication

    from exam_client.ui.qt_imports import make_feature_hook_cheap

    make_feature_hook_cheap()  # before the imports below and the boot thread's (~0.2 s)
    from exam_client.services.boot import Boot
    from exam_client.ui.passphrase import ask_passphrase
    from exam_client.ui.shell import StaffShell
    from exam_client.ui.tasks import TaskRunner
    from exam_client.ui.theme import apply_theme

    app = QApplication([sys.argv[0]])
    app.setApplicationName("exam-client")
    app.setApplicationDisplayName(QApplication.translate("App", "Đăng ký dự thi THPT"))
    apply_theme(app, settings.text_scale)

    demo_holder: list[DemoMinistry] = []

    def build_online() -> OnlineServices:
        """On a worker thread, behind the first window (see services/boot.py)."""
        from exam_client.services.online import build_online

        api_url = args.api_url
        account = None
        if settings.demo:
            if api_url is None and not demo_holder:
                demo_holder.append(start_demo_ministry(settings.data_dir))
            api_url = demo_holder[0].base_url if demo_holder else api_url
            account = demo_account()
        return build_online(settings, api_url=api_url, demo_account=account)

    def build_local(online: OnlineServices, passphrase: str | None) -> AppServices:
        """Then, on the same thread: the store (after a sign-in, perhaps; see services/boot.py)."""
        from exam_client.services.bootstrap import build_local

        return build_local(online, passphrase)

    server_text = (
        QApplication.translate("App", "máy chủ trình diễn")
        if settings.demo and not args.api_url
        else settings.api_url
    )
    boot = Boot.two_stage(build_online, build_local, server_text=server_text, demo=settings.demo)
    runner = TaskRunner(parent=app)
    from exam_client.ui.crash_dialog import (
        diagnostics_exporter,
        install_crash_ui,
        show_previous_run_notice,
    )

    export_diagnostics = diagnostics_exporter(settings, lambda: boot.services)
    install_crash_ui(crash_handler, export_diagnostics, runner, app.activeWindow)
    from exam_client.ui import i18n

    i18n.set_language(settings.language)
    shell: StaffShell | KioskShell
    if settings.mode == "kiosk":
        from exam_client.ui.kiosk.shell import KioskShell

        shell = KioskShell(
            boot,
            runner,
            idle_warning_ms=settings.kiosk_idle_warning_s * 1000,
            idle_wipe_ms=settings.kiosk_idle_wipe_s * 1000,
        )
        runner.submit(lambda: boot.run(None))  # kiosk: a secure keyring or --demo, no prompt
        if settings.demo:  # a discreet control that moves the mock's clock through the phases
            from exam_client.services.enrollment import DemoClockService
            from exam_client.ui.kiosk.demo_clock import install_demo_clock

            admin = demo_admin_account()
            install_demo_clock(
                shell, runner, lambda: DemoClockService.for_services(boot.wait(), admin)
            )
    else:
        shell = StaffShell(app, boot, runner, ask_passphrase=ask_passphrase)
    try:
        shell.start()
        if args.startup_probe:
            code = _startup_probe(app, shell, boot)
            end_run(settings.data_dir)
            return code
        if settings.mode == "staff":  # never at a kiosk: the next person is a candidate
            show_previous_run_notice(previous_run, export_diagnostics, runner, app.activeWindow())
        exit_code = int(app.exec())
        if exit_code != EXIT_CODE_CRASH:
            end_run(settings.data_dir)  # a clean exit: the next start has nothing to report
        return exit_code
    finally:
        boot.abandon()  # a store still held closed is not opened now
        runner.wait_idle(10_000)
        if boot.services is not None:
            boot.services.close()
        elif boot.online is not None:  # the store never opened
            boot.online.client.close()
        for demo in demo_holder:
            demo.stop()
        if throwaway is not None:
            file_logging.close()  # Windows cannot delete an open log file
            shutil.rmtree(throwaway, ignore_errors=True)


def _since_start() -> str:
    return f"{time.perf_counter() - _T0:.3f}"


def _startup_probe(app: QApplication, shell: StaffShell | KioskShell, boot: Boot) -> int:
    """``--startup-probe``: time the start as a person lives it, then quit (benchmarks).

    Prints ``first-window-shown``; in staff mode with a demo account, ``sign-in-ready`` (the
    sign-in window takes a password: the online stage is built), then signs the demo account in
    through the sign-in window itself (its fill button and its submit button: the same service
    call, the same shell code path) and prints ``main-window-shown`` when the main window has
    painted its first frame, ``services-ready`` when the local store is open too, and
    ``main-window-complete`` when the main window has its local data and has loaded the
    candidate list. Without an account to sign in with (kiosk, a real server) only
    ``services-ready`` follows. Seconds count from when this module was imported; the benchmark
    also times each line from the process launch. The event loop keeps running while the probe
    waits, as it would for a person.
    """
    from exam_client.ui.shell import StaffShell

    app.processEvents()
    print(f"first-window-shown {_since_start()}", flush=True)
    dialog = shell.dialog if isinstance(shell, StaffShell) else None

    def sign_in_ready() -> bool:
        return dialog is not None and boot.demo_account is not None and dialog.demo_fill.isVisible()

    if not _run_until(app, lambda: boot.finished or sign_in_ready(), 60):
        print("services-not-ready", flush=True)
        return 1
    if dialog is None or not sign_in_ready():
        return _probe_services(app, boot)  # the main window cannot be reached unattended
    assert isinstance(shell, StaffShell)
    print(f"sign-in-ready {(boot.online_at or time.perf_counter()) - _T0:.3f}", flush=True)
    loaded: list[bool] = []
    painted: list[float] = []
    shell.main_window_painted.append(lambda _window: painted.append(time.perf_counter()))
    dialog.demo_fill.click()
    dialog.submit.click()
    if not _run_until(app, lambda: shell.window is not None and shell.window.isVisible(), 60):
        print(f"sign-in-failed {dialog.error.text()!r}", flush=True)
        return 1
    window = shell.window
    assert window is not None
    window.candidates_panel.loaded.connect(lambda: loaded.append(True))
    if not _run_until(app, lambda: bool(painted), 10):
        print("main-window-not-painted", flush=True)
        return 1
    print(f"main-window-shown {painted[0] - _T0:.3f}", flush=True)
    code = _probe_services(app, boot)
    if code:
        return code
    if not _run_until(app, lambda: not window.opening and bool(loaded), 60):
        print("main-window-not-complete", flush=True)
        return 1
    print(f"main-window-complete {_since_start()}", flush=True)
    return 0


def _probe_services(app: QApplication, boot: Boot) -> int:
    """Wait for the whole services; print when they were ready, or why they failed."""
    if not _run_until(app, lambda: boot.finished, 60):
        print("services-not-ready", flush=True)
        return 1
    try:
        boot.wait(0)
    except Exception as exc:  # the probe reports the failed start; the log has the details
        print(f"services-failed {type(exc).__name__}", flush=True)
        return 1
    print(f"services-ready {(boot.built_at or time.perf_counter()) - _T0:.3f}", flush=True)
    return 0


def _run_until(app: QApplication, done: Callable[[], bool], timeout_s: float) -> bool:
    """Run the event loop until ``done()`` (checked every few ms) or ``timeout_s``."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer

    if done():
        return True
    loop = QEventLoop()
    deadline = QDeadlineTimer(int(timeout_s * 1000))
    poll = QTimer()
    poll.setInterval(2)

    def check() -> None:
        if done() or deadline.hasExpired():
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    return done()


def _fatal(message: str) -> None:
    """Say why the app cannot start: on the console, or in a dialog when there is none
    (the windowed Windows build has ``sys.stderr is None``)."""
    if sys.stderr is not None:
        print(message, file=sys.stderr)
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    _app = QApplication.instance() or QApplication([sys.argv[0]])
    QMessageBox.critical(None, QApplication.translate("App", "Không khởi động được"), message)


def _has_display() -> bool:
    if sys.platform != "linux":
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


if __name__ == "__main__":
    sys.exit(main())
