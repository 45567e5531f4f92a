"""The staff app for UI tests: its services against the mock, its shell, a sign-in by keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from exam_client.services.boot import Boot
from exam_client.services.bootstrap import build_services
from exam_client.services.context import AppServices, DemoAccount
from exam_client.services.settings import Settings
from exam_client.ui.shell import StaffShell
from tests.ministry import MockMinistry


@contextmanager
def staff_services(ministry: MockMinistry, folder: Path, **settings: Any) -> Iterator[AppServices]:
    """The services of a staff install in ``folder`` against ``ministry`` (closed after)."""
    services = build_services(
        Settings(data_dir=folder / "client", api_url=ministry.base_url, **settings),
        demo_account=DemoAccount(ministry.username, ministry.password),
    )
    try:
        yield services
    finally:
        services.close()


@contextmanager
def staff_shell(services: AppServices) -> Iterator[StaffShell]:
    """The shell with its sign-in window shown; its windows closed and its tasks done after."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    shell = StaffShell(app, Boot.ready(services))
    shell.start()
    try:
        yield shell
    finally:
        close_shell(shell)


def close_shell(shell: StaffShell, wait_ms: int = 5000) -> None:
    """Let the shell's tasks end, stop its idle watch, close its windows."""
    shell.runner.wait_idle(wait_ms)
    if shell.activity is not None:
        shell.activity.stop()
    for window in (shell.window, shell.dialog):
        if window is not None:
            window.close()


def sign_in(qtbot: QtBot, shell: StaffShell, username: str, password: str) -> None:
    """Type the credentials into the sign-in window and press Enter (no wait)."""
    dialog = shell.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def wait_main_window(qtbot: QtBot, shell: StaffShell, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible(), timeout=timeout)
