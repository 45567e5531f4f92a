"""Keyboard alone: the kiosk from the welcome screen to the first step, and the staff sign-in to
the main window, with Tab, typing, Enter and Space only (against the real mock).

An application-wide event filter proves that no mouse or touch event was sent on the way.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from exam_client.ui.kiosk.home import HomePage
from exam_client.ui.kiosk.shell import KioskShell
from exam_client.ui.shell import StaffShell
from tests.ministry import MockMinistry
from tests.ui.test_accessibility import staff, staff_services  # noqa: F401 - fixtures
from tests.ui.test_kiosk_shell import (  # noqa: F401 - fixtures
    Candidate,
    candidate,
    kiosk,
    make_kiosk,
    services,
)

POINTER_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


class PointerWatch(QObject):
    """Counts every mouse, touch or pen press the application delivers."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in POINTER_EVENTS:
            self.seen.append(f"{event.type().name} on {type(watched).__name__}")
        return False


@pytest.fixture
def pointer() -> Iterator[PointerWatch]:
    app = QApplication.instance()
    assert app is not None
    watch = PointerWatch()
    app.installEventFilter(watch)
    try:
        yield watch
    finally:
        app.removeEventFilter(watch)


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, key: Qt.Key) -> None:
    qtbot.keyClick(focus(), key)


def tab_to(qtbot: QtBot, target: QWidget, limit: int = 30) -> None:
    """Press Tab until ``target`` has the focus (fails if the chain never gets there)."""
    for _ in range(limit):
        if focus() is target:
            return
        press(qtbot, Qt.Key.Key_Tab)
    assert focus() is target, f"Tab never reached {target.accessibleName()!r}"


def test_kiosk_by_keyboard_from_welcome_to_the_first_step(
    qtbot: QtBot,
    kiosk: KioskShell,  # noqa: F811
    candidate: Candidate,  # noqa: F811
    pointer: PointerWatch,
) -> None:
    kiosk.welcome.entered()
    qtbot.waitUntil(lambda: focus() is kiosk.welcome.start_button)

    tab_to(qtbot, kiosk.larger_text)  # the text-size control is on the Tab chain
    press(qtbot, Qt.Key.Key_Space)
    assert kiosk.text_scale == 125
    tab_to(qtbot, kiosk.welcome.start_button)
    press(qtbot, Qt.Key.Key_Return)

    form = kiosk.sign_in
    assert form is not None and focus() is form.cccd
    qtbot.keyClicks(focus(), candidate.cccd)
    press(qtbot, Qt.Key.Key_Return)  # a complete ID: Enter moves on to the password
    assert focus() is form.password
    qtbot.keyClicks(focus(), candidate.password)
    tab_to(qtbot, form.submit_button)
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: kiosk.frame is not None and kiosk.current_screen is kiosk.frame)
    assert kiosk.frame is not None
    page = kiosk.frame.page
    assert isinstance(page, HomePage)
    assert candidate.name in " ".join(label.text() for label in page.findChildren(QLabel))
    assert kiosk.frame.isAncestorOf(focus())  # the keyboard user can go on from here
    assert kiosk.text_scale == 125  # the size chosen at the start holds for the whole visit
    assert pointer.seen == []


def test_staff_by_keyboard_from_sign_in_to_the_main_window(
    qtbot: QtBot,
    staff: StaffShell,  # noqa: F811
    ministry: MockMinistry,
    pointer: PointerWatch,
) -> None:
    dialog = staff.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: focus() is dialog.username)
    qtbot.keyClicks(focus(), ministry.username)
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is dialog.password
    qtbot.keyClicks(focus(), ministry.password)
    press(qtbot, Qt.Key.Key_Return)  # the default button

    qtbot.waitUntil(lambda: staff.window is not None and staff.window.isVisible(), timeout=10_000)
    window = staff.window
    assert window is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.isAncestorOf(focus())
    # on to the look-up tab and into its ID field, still by keyboard
    qtbot.keyClick(focus(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.lookup_panel
    tab_to(qtbot, window.lookup_panel.id_input)
    assert pointer.seen == []


def test_the_pointer_watch_sees_a_click(qtbot: QtBot, pointer: PointerWatch) -> None:
    """The watch above can fail: a real click is seen."""
    from PySide6.QtWidgets import QPushButton

    button = QPushButton("OK")
    qtbot.addWidget(button)
    button.show()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert pointer.seen
