"""The sign-in window appears before the services are built; a passphrase is asked when needed."""

from __future__ import annotations

import threading
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from exam_client.services.boot import Boot
from exam_client.services.bootstrap import BootError, build_services
from exam_client.services.context import AppServices
from exam_client.services.settings import Settings
from exam_client.ui.shell import StaffShell
from tests.ministry import MockMinistry


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def test_sign_in_window_shows_while_services_are_still_building(
    qtbot: QtBot, ministry: MockMinistry, tmp_path: Path
) -> None:
    release = threading.Event()
    built: list[AppServices] = []

    def slow_build(passphrase: str | None) -> AppServices:
        release.wait(10)
        s = build_services(Settings(data_dir=tmp_path, api_url=ministry.base_url))
        built.append(s)
        return s

    shell = StaffShell(_app(), Boot(slow_build, server_text="…", demo=True))
    shell.start()
    dialog = shell.dialog
    assert dialog is not None and dialog.isVisible()
    assert "đang khởi động" in dialog.server_label.text()
    release.set()
    qtbot.waitUntil(lambda: ministry.base_url in dialog.server_label.text(), timeout=10000)
    shell.runner.wait_idle(5000)
    dialog.close()
    built[0].close()


def test_without_a_secure_keyring_the_boot_asks_for_a_passphrase(
    qtbot: QtBot, ministry: MockMinistry, tmp_path: Path
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    settings = Settings(data_dir=tmp_path, api_url=ministry.base_url)
    with pytest.raises(BootError) as err:
        build_services(settings)
    assert err.value.needs_passphrase and err.value.first_time
    asked: list[bool] = []

    def ask(first_time: bool, reason: str) -> str | None:
        asked.append(first_time)
        return "mat-khau-du-lieu" if len(asked) == 1 else None

    boot = Boot(lambda p: build_services(settings, passphrase=p), server_text="", demo=False)
    shell = StaffShell(_app(), boot, ask_passphrase=ask)
    shell.start()
    qtbot.waitUntil(lambda: boot.services is not None, timeout=15000)
    assert asked == [True]
    assert not boot.wait().key_storage.secure
    shell.runner.wait_idle(5000)
    assert shell.dialog is not None
    shell.dialog.close()
    boot.wait().close()

    # the same data dir again: a wrong passphrase is asked again, never "opened" with a wrong key
    with pytest.raises(BootError) as wrong:
        build_services(settings, passphrase="sai-mat-khau-roi")
    assert wrong.value.needs_passphrase and not wrong.value.first_time
    again = build_services(settings, passphrase="mat-khau-du-lieu")
    again.close()
