"""A cold start in two stages, as a person meets it: signed in before the local store is open,
the main window draws its frame at once and gets its local data when the store is."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from exam_client.services.boot import Boot
from exam_client.services.bootstrap import BootError, build_local
from exam_client.services.context import AppServices, DemoAccount, OnlineServices
from exam_client.services.online import build_online
from exam_client.services.settings import Settings
from exam_client.ui.main_window import MainWindow
from exam_client.ui.shell import StaffShell
from tests.ministry import MockMinistry
from tests.ui.staff_support import close_shell, sign_in, wait_main_window

LocalStage = Callable[[OnlineServices, str | None], AppServices]


@contextmanager
def two_stage_shell(
    ministry: MockMinistry, folder: Path, local: LocalStage = build_local
) -> Iterator[tuple[StaffShell, Boot]]:
    """The staff shell on a real two-stage boot against ``ministry`` (demo: in-memory key)."""
    settings = Settings(data_dir=folder / "client", api_url=ministry.base_url, demo=True)

    def online() -> OnlineServices:
        return build_online(
            settings, demo_account=DemoAccount(ministry.username, ministry.password)
        )

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    boot = Boot.two_stage(online, local, server_text="…", demo=True)
    shell = StaffShell(app, boot)
    shell.start()
    try:
        yield shell, boot
    finally:
        boot.abandon()
        close_shell(shell, 10_000)
        if boot.services is not None:
            boot.services.close()
        elif boot.online is not None:
            boot.online.client.close()


def _gated(gate: threading.Event) -> LocalStage:
    def local(online: OnlineServices, passphrase: str | None) -> AppServices:
        assert gate.wait(30)
        return build_local(online, passphrase)

    return local


def _signed_in_early(qtbot: QtBot, shell: StaffShell, ministry: MockMinistry) -> MainWindow:
    dialog = shell.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.demo_fill.isVisible, timeout=20_000)  # the online stage is ready
    sign_in(qtbot, shell, ministry.username, ministry.password)
    wait_main_window(qtbot, shell, timeout=20_000)
    assert shell.window is not None
    return shell.window


def test_the_main_window_draws_before_the_store_is_open_then_gets_its_data(
    qtbot: QtBot, ministry: MockMinistry, tmp_path: Path
) -> None:
    gate = threading.Event()
    with two_stage_shell(ministry, tmp_path, _gated(gate)) as (shell, boot):
        window = _signed_in_early(qtbot, shell, ministry)
        assert window.opening and boot.services is None
        assert "Đang mở dữ liệu trên máy" in window.candidates_panel.count.text()
        assert "đang mở" in window.status.key_label.text()
        assert not window.import_action.isEnabled() and not window.new_action.isEnabled()
        assert window.lock_action.isEnabled() and window.sign_out_action.isEnabled()
        assert window.sync_panel is None and window.status.sync_summary is None
        window.candidates_panel.search.setText("Nguyễn")  # a search counts nothing yet
        assert "Đang mở dữ liệu trên máy" in window.candidates_panel.count.text()
        window.candidates_panel.search.clear()
        window.tabs.setCurrentIndex(1)  # the look-up tab, opened before there is a store
        qtbot.waitUntil(lambda: not boot.local_held, timeout=10_000)  # the first frame let it go

        gate.set()  # the store opens
        qtbot.waitUntil(lambda: not window.opening, timeout=30_000)
        qtbot.waitUntil(lambda: window.candidates_panel.count.text() == "0 thí sinh")
        assert window.import_action.isEnabled() and window.new_action.isEnabled()
        assert window.sync_panel is not None and window.status.sync_summary is not None
        key_text = window.status.key_label.text()  # where the key lives (the tests' keyring)
        assert key_text.startswith("Khoá dữ liệu: ") and "đang mở" not in key_text
        assert window.tabs.currentWidget() is window.lookup_panel  # built once it could be
        services = boot.wait(0)
        services.auth.wait_offline_password(20)  # recorded once the store was there
        assert services.auth.verify_offline_password(ministry.username, ministry.password)


def test_signed_out_before_the_store_opened_no_window_gets_it(
    qtbot: QtBot, ministry: MockMinistry, tmp_path: Path
) -> None:
    gate = threading.Event()
    with two_stage_shell(ministry, tmp_path, _gated(gate)) as (shell, boot):
        window = _signed_in_early(qtbot, shell, ministry)
        qtbot.waitUntil(lambda: not boot.local_held, timeout=10_000)
        window.sign_out_action.trigger()  # the menu's sign-out, the store still opening
        qtbot.waitUntil(lambda: shell.dialog is not None and shell.dialog.isVisible())
        assert shell.window is None
        gate.set()
        qtbot.waitUntil(lambda: boot.finished, timeout=30_000)
        dialog = shell.dialog
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.demo_fill.isVisible() and dialog.submit.isEnabled())
        qtbot.wait(100)  # the boot's answer has reached the shell
        services = boot.wait(0)
        assert window.opening  # the closed window was not given the store …
        assert services.sync is not None and not services.sync.running  # … nor a sync


def test_an_idle_sign_in_window_lets_the_store_open(
    qtbot: QtBot, ministry: MockMinistry, tmp_path: Path
) -> None:
    with two_stage_shell(ministry, tmp_path) as (shell, boot):
        qtbot.waitUntil(lambda: boot.finished, timeout=30_000)  # nobody signs in: it opens
        assert boot.services is not None and shell.window is None
        dialog = shell.dialog
        assert dialog is not None and dialog.submit.isEnabled()


def test_a_store_that_fails_after_the_window_is_shown_is_said_plainly(
    qtbot: QtBot, ministry: MockMinistry, tmp_path: Path
) -> None:
    gate = threading.Event()

    def broken(_online: OnlineServices, _passphrase: str | None) -> AppServices:
        assert gate.wait(30)
        raise BootError(
            "not a database",
            "Tệp dữ liệu trên máy bị hỏng. Hãy xuất gói chẩn đoán và liên hệ bộ phận kỹ thuật.",
        )

    with two_stage_shell(ministry, tmp_path, broken) as (shell, _boot):
        window = _signed_in_early(qtbot, shell, ministry)
        gate.set()
        qtbot.waitUntil(lambda: "bị hỏng" in window.candidates_panel.count.text(), timeout=20_000)
        boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        assert len(boxes) == 1 and "Tệp dữ liệu trên máy bị hỏng" in boxes[0].text()
        assert window.opening and not window.import_action.isEnabled()
        assert "không mở được" in window.status.key_label.text()  # no longer "opening"
        boxes[0].close()
        window.sign_out_action.trigger()  # signing out does not wait for a store that is not
        qtbot.waitUntil(lambda: shell.dialog is not None and shell.dialog.isVisible())
