"""The staff lock screen on real widgets, against the real mock and a real encrypted store.

The idle time is driven by a fake monotonic clock given to the session lock (no sleeping, no
timing assertions); the password check runs on the task runner like in the app.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring.errors
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from exam_client.services.bootstrap import build_services
from exam_client.services.context import AppServices
from exam_client.services.session_lock import FREE_TRIES, SessionLock
from exam_client.services.settings import Settings
from exam_client.ui.shell import StaffShell
from tests.conftest import InMemoryKeyring
from tests.ministry import MockMinistry
from tests.ui.staff_support import staff_shell, wait_main_window


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _services(ministry: MockMinistry, data_dir: Path, clock: FakeClock) -> AppServices:
    services = build_services(
        Settings(data_dir=data_dir, api_url=ministry.base_url, staff_lock_minutes=10)
    )
    assert services.session_lock is not None
    services.session_lock._clock = clock  # the only fake: time itself
    return services


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def services(ministry: MockMinistry, tmp_path: Path, clock: FakeClock) -> Iterator[AppServices]:
    s = _services(ministry, tmp_path / "client", clock)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def shell(qtbot: QtBot, services: AppServices) -> Iterator[StaffShell]:
    with staff_shell(services) as shell:
        yield shell


def sign_in(qtbot: QtBot, shell: StaffShell, ministry: MockMinistry) -> None:
    dialog = shell.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.username, ministry.username)
    qtbot.keyClicks(dialog.password, ministry.password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible(), timeout=10000)


def type_password(qtbot: QtBot, shell: StaffShell, password: str) -> None:
    screen = shell.lock_screen
    assert screen is not None
    qtbot.waitUntil(screen.password.isEnabled, timeout=10000)
    screen.password.clear()
    qtbot.keyClicks(screen.password, password)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(screen.password.isEnabled, timeout=10000)


def idle_for(shell: StaffShell, clock: FakeClock, seconds: float) -> None:
    clock.now += seconds
    assert shell.activity is not None
    shell.activity.check()  # what the watcher's timer does every few seconds


def test_idle_window_locks_hides_candidate_data_and_unlocks_offline(
    qtbot: QtBot, shell: StaffShell, ministry: MockMinistry, clock: FakeClock
) -> None:
    sign_in(qtbot, shell, ministry)
    window, screen = shell.window, shell.lock_screen
    assert window is not None and screen is not None
    panel = window.lookup_panel
    window.tabs.setCurrentWidget(panel)
    cccd = ministry.citizen_ids(1)[0]
    qtbot.keyClicks(panel.id_input, cccd)
    qtbot.keyClick(panel.id_input, Qt.Key.Key_Return)
    qtbot.waitUntil(panel.card.isVisible, timeout=10000)
    name = ministry.citizen_name(cccd)

    idle_for(shell, clock, 9 * 60)
    assert not screen.engaged
    qtbot.keyClick(panel.id_input, Qt.Key.Key_End)  # activity: the ten minutes start again
    idle_for(shell, clock, 9 * 60)
    assert not screen.engaged
    idle_for(shell, clock, 60)

    assert screen.engaged
    assert not panel.isVisible() and not panel.name_value.isVisible()
    assert not window.menuBar().isEnabled()
    assert screen.geometry() == window.rect()
    visible_texts = [w.text() for w in window.findChildren(type(screen.title)) if w.isVisible()]
    assert all(name not in text and cccd not in text for text in visible_texts)
    window.grab().save("/tmp/full3-lock-screen.png")

    ministry.stop()  # unlocking needs no network
    type_password(qtbot, shell, "khong-phai-mat-khau")
    assert screen.engaged
    assert "Mật khẩu không đúng" in screen.error.text()
    assert screen.password.text() == "khong-phai-mat-khau"  # kept, selected, to retype
    type_password(qtbot, shell, ministry.password)
    assert not screen.engaged
    assert panel.isVisible() and panel.name_value.text() == name  # nothing was lost
    assert window.menuBar().isEnabled()


def test_five_wrong_passwords_make_the_next_tries_wait(
    qtbot: QtBot, shell: StaffShell, ministry: MockMinistry, clock: FakeClock
) -> None:
    sign_in(qtbot, shell, ministry)
    screen = shell.lock_screen
    assert screen is not None
    shell.lock_now()
    for n in range(FREE_TRIES):
        type_password(qtbot, shell, f"sai {n}")
    assert "Hãy chờ 30 giây" in screen.error.text()
    assert not screen.unlock_button.isEnabled()
    type_password(qtbot, shell, ministry.password)  # Enter while waiting checks nothing
    assert screen.engaged
    window = shell.window
    assert window is not None
    window.grab().save("/tmp/full3-lock-throttled.png")

    clock.now += 30
    screen._retry_timer.timeout.emit()  # the retry timer fires (no real waiting)
    assert screen.unlock_button.isEnabled()
    type_password(qtbot, shell, ministry.password)
    assert not screen.engaged


def test_sign_out_from_the_lock_screen(
    qtbot: QtBot,
    shell: StaffShell,
    services: AppServices,
    ministry: MockMinistry,
    memory_keyring: InMemoryKeyring,
) -> None:
    sign_in(qtbot, shell, ministry)
    shell.lock_now()
    screen = shell.lock_screen
    assert screen is not None
    qtbot.mouseClick(screen.sign_out_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: shell.dialog is not None and shell.dialog.isVisible(), timeout=5000)
    assert shell.window is None and shell.lock_screen is None
    assert services.auth.session is None
    assert not [k for k in memory_keyring.entries if k[1].startswith("staff-session/")]
    lock = services.session_lock
    assert isinstance(lock, SessionLock) and not lock.locked


def test_reopened_app_continues_the_session_behind_the_lock(
    qtbot: QtBot, ministry: MockMinistry, tmp_path: Path, clock: FakeClock
) -> None:
    first = _services(ministry, tmp_path / "client", clock)
    try:
        first.auth.sign_in(ministry.username, ministry.password)
    finally:
        first.close()

    services = _services(ministry, tmp_path / "client", clock)
    try:
        with staff_shell(services) as shell:
            wait_main_window(qtbot, shell)
            screen = shell.lock_screen
            assert screen is not None and screen.engaged  # never straight onto candidate data
            window = shell.window
            assert window is not None
            assert not window.centralWidget().isVisible()
            type_password(qtbot, shell, ministry.password)
            assert not screen.engaged
            assert window.centralWidget().isVisible()
    finally:
        services.close()


def test_locked_keyring_at_start_says_so_on_the_sign_in_window(
    qtbot: QtBot, services: AppServices, memory_keyring: InMemoryKeyring
) -> None:
    class LockedKeyring(InMemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise keyring.errors.KeyringLocked("locked")

    keyring.set_keyring(LockedKeyring())
    with staff_shell(services) as shell:
        dialog = shell.dialog
        assert dialog is not None
        qtbot.waitUntil(dialog.notice.isVisible, timeout=5000)
        assert "bị khoá" in dialog.notice.text()
        assert "không đúng" not in dialog.notice.text()
        assert not dialog.error.isVisible()
        dialog.grab().save("/tmp/full3-sign-in-keyring-locked.png")
