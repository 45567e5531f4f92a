"""Start-up: the probe reaches the main window the way a person does; the main window builds
only its first tab at once and the others when they are opened."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from exam_client.services.context import AppServices
from exam_client.ui.citizen_lookup import CitizenLookupPanel
from exam_client.ui.shell import StaffShell
from exam_client.ui.staff.review_panel import ReviewPanel
from tests.ministry import MockMinistry
from tests.ui.staff_support import sign_in, staff_services, staff_shell, wait_main_window


def test_the_startup_probe_signs_in_and_shows_the_main_window(
    ministry: MockMinistry, tmp_path: Path
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "exam_client", "--demo", "--api-url", ministry.base_url]
    command += ["--data-dir", str(tmp_path), "--startup-probe"]
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    lines = [line.split() for line in done.stdout.splitlines()]
    assert [words[0] for words in lines] == [
        "first-window-shown",
        "sign-in-ready",
        "main-window-shown",
        "services-ready",
        "main-window-complete",
    ]
    first, sign_in_ready, main, ready, complete = (float(words[1]) for words in lines)
    assert 0 < first <= sign_in_ready <= main <= complete  # in the order a person sees them
    assert ready <= complete
    assert "staff signed in" in done.stderr  # through the real sign-in, against the mock


@pytest.fixture
def services(ministry: MockMinistry, tmp_path: Path) -> Iterator[AppServices]:
    with staff_services(ministry, tmp_path) as s:
        yield s


@pytest.fixture
def shell(qtbot: QtBot, services: AppServices, ministry: MockMinistry) -> Iterator[StaffShell]:
    with staff_shell(services) as shell:
        sign_in(qtbot, shell, ministry.username, ministry.password)
        wait_main_window(qtbot, shell)
        yield shell


def test_only_the_first_tab_is_built_with_the_main_window(qtbot: QtBot, shell: StaffShell) -> None:
    window = shell.window
    assert window is not None
    assert window.tabs.currentWidget() is window.candidates_panel
    assert window.findChildren(CitizenLookupPanel) == []
    assert window.findChildren(ReviewPanel) == []
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[:3] == ["Thí sinh", "Tra cứu công dân", "Duyệt hồ sơ"]  # all tabs listed
    assert window._actions is None  # print/export: built at first use


def test_opening_a_tab_by_keyboard_builds_it_in_place(qtbot: QtBot, shell: StaffShell) -> None:
    window = shell.window
    assert window is not None
    count = window.tabs.count()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # type: ignore[no-untyped-call]
    panel = window.tabs.currentWidget()
    assert isinstance(panel, CitizenLookupPanel)
    assert panel is window.lookup_panel
    assert window.tabs.currentIndex() == 1 and window.tabs.tabText(1) == "Tra cứu công dân"
    assert window.tabs.count() == count
    assert panel.id_input.accessibleName()  # named, like every input
    # the review tab, asked for in code before it was opened: built, not made current
    review = window.review_panel
    assert window.tabs.indexOf(review) == 2 and window.tabs.currentWidget() is panel
    window.tabs.setCurrentWidget(review)
    assert window.tabs.currentWidget() is review
    window.retranslate_ui()  # the titles follow the built panels
    assert window.tabs.tabText(2) == "Duyệt hồ sơ"


def test_the_sync_worker_starts_once_the_window_is_shown(qtbot: QtBot, shell: StaffShell) -> None:
    services = shell.boot.services
    assert services is not None and services.sync is not None
    qtbot.waitUntil(lambda: services.sync is not None and services.sync.running, timeout=5000)
