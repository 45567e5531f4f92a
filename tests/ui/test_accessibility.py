"""Accessibility of every screen we can build offscreen, against the real mock.

What a screen reader gets is read through Qt's own accessibility interface (so an explicit
``setAccessibleName`` and a buddy label both count, exactly as they do for a real reader).
The Tab chain is walked with real Tab key presses, so a widget that swallows Tab or is left out
of the focus chain fails. Kiosk touch targets are measured on the laid-out widgets.

The helpers here are shared by ``test_scaling.py`` and ``test_keyboard.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from exam_client.services.context import AppServices
from exam_client.ui.kiosk.confirmation import ConfirmationPage
from exam_client.ui.kiosk.password import ChangePasswordScreen
from exam_client.ui.kiosk.payment import PaymentPage
from exam_client.ui.kiosk.results import ResultsPage
from exam_client.ui.kiosk.shell import KioskShell
from exam_client.ui.kiosk.theme import touch_px
from exam_client.ui.settings_dialog import SettingsDialog
from exam_client.ui.shell import StaffShell
from exam_client.ui.tasks import TaskRunner
from tests.ministry import MockMinistry
from tests.ui import staff_support
from tests.ui.staff_support import sign_in, staff_shell, wait_main_window
from tests.ui.test_kiosk_payment import Visit, admin_client, show, visit  # noqa: F401 - fixtures
from tests.ui.test_kiosk_preferences import at_open, open_preferences  # noqa: F401 - fixtures
from tests.ui.test_kiosk_results import admit
from tests.ui.test_kiosk_shell import (  # noqa: F401 - fixtures
    Candidate,
    candidate,
    kiosk,
    make_kiosk,
    open_sign_in,
    services,
)

INPUTS: tuple[type[QWidget], ...] = (
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractButton,
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
    QSlider,
)
_HAS_WORD = re.compile(r"\w")


# -- helpers (shared) ----------------------------------------------------------------------------
def accessible_name(widget: QWidget) -> str:
    """The name a screen reader announces (explicit name, buddy label or button text)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def _inner_part(widget: QWidget) -> bool:
    """A widget's private part (a spin box's or combo box's line edit, a view's scroll bars)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def inputs(root: QWidget) -> list[QWidget]:
    """Every input shown under ``root`` (itself included)."""
    found = [root] if isinstance(root, INPUTS) else []
    found += [w for w in root.findChildren(QWidget) if isinstance(w, INPUTS)]
    return [w for w in found if w.isVisible() and not _inner_part(w)]


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton | QLineEdit) else ""
    return f"{type(widget).__name__}#{widget.objectName()} {text!r}"


def unnamed(root: QWidget) -> list[str]:
    """Inputs with no accessible name, or a button whose name is only a symbol (e.g. "⌫")."""
    return [describe(w) for w in inputs(root) if not _HAS_WORD.search(accessible_name(w))]


def _focus_target(widget: QWidget) -> QWidget:
    proxy = widget.focusProxy()
    while proxy is not None:
        widget, proxy = proxy, proxy.focusProxy()
    return widget


def tab_stops(root: QWidget) -> set[QWidget]:
    """What Tab should reach: shown, enabled inputs that take focus by Tab."""
    return {
        _focus_target(w)
        for w in inputs(root)
        if w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
    }


def tab_walk(qtbot: QtBot, start: QWidget, limit: int = 200) -> list[QWidget]:
    """Press Tab from ``start`` until focus comes back (or stops moving); the widgets visited."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    seen: list[QWidget] = [start]
    for _ in range(limit):
        focus = QApplication.focusWidget()
        assert focus is not None
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is None or now is start or now is focus:
            break
        seen.append(now)
    return seen


def unreachable(qtbot: QtBot, root: QWidget, start: QWidget | None = None) -> list[str]:
    """Inputs under ``root`` that the Tab key never reaches."""
    stops = tab_stops(root)
    if not stops:
        return []
    first = start or sorted(stops, key=lambda w: w.mapTo(root.window(), w.rect().topLeft()).y())[0]
    reached = {_focus_target(w) for w in tab_walk(qtbot, first)}
    return sorted(describe(w) for w in stops - reached if not _group_reached(w, reached))


def _group_reached(widget: QWidget, reached: set[QWidget]) -> bool:
    """Tab enters an exclusive button group once (at its checked button); the arrow keys move
    inside it, as for radio buttons."""
    group = widget.group() if isinstance(widget, QAbstractButton) else None
    if group is None or not group.exclusive():
        return False
    return any(button in reached for button in group.buttons())


def small_targets(root: QWidget, minimum: int | None = None) -> list[str]:
    """Kiosk buttons, fields and list rows smaller than the touch minimum (48 px at 100 %)."""
    least = minimum or touch_px(100)
    small = []
    for w in inputs(root):
        if isinstance(w, QAbstractItemView):
            continue  # rows are checked by the pages' own tests (row_rect)
        if w.height() < least or w.width() < least:
            small.append(f"{describe(w)} {w.width()}x{w.height()}")
    return small


def check_screen(qtbot: QtBot, root: QWidget, *, touch: bool, start: QWidget | None = None) -> None:
    assert unnamed(root) == []
    assert unreachable(qtbot, root, start) == []
    if touch:
        assert small_targets(root) == []


# -- the checks themselves can fail --------------------------------------------------------------
def test_the_checks_find_an_unnamed_input_a_tab_trap_and_a_small_button(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    named = QLineEdit(root)
    named.setAccessibleName("Họ và tên")
    bare = QLineEdit(root)
    symbol = QPushButton("⌫", root)
    trap = QTextEdit(root)  # Tab types a tab character here: the focus never leaves
    trap.setAccessibleName("Ghi chú")
    after = QPushButton("Lưu", root)
    layout = QVBoxLayout(root)
    for widget in (named, bare, symbol, trap, after):
        layout.addWidget(widget)
    root.show()
    qtbot.waitExposed(root)
    root.activateWindow()
    qtbot.waitUntil(root.isActiveWindow)
    assert unnamed(root) == [describe(bare), describe(symbol)]
    assert describe(after) in unreachable(qtbot, root, named)
    symbol.setFixedSize(40, 40)
    assert [s for s in small_targets(root) if "⌫" in s]
    trap.setTabChangesFocus(True)
    assert unreachable(qtbot, root, named) == []


# -- staff ---------------------------------------------------------------------------------------
@pytest.fixture
def staff_services(ministry: MockMinistry, tmp_path: Path) -> Iterator[AppServices]:
    with staff_support.staff_services(ministry, tmp_path) as s:
        yield s


@pytest.fixture
def staff(qtbot: QtBot, staff_services: AppServices) -> Iterator[StaffShell]:
    with staff_shell(staff_services) as shell:
        yield shell


def staff_sign_in(qtbot: QtBot, shell: StaffShell, ministry: MockMinistry) -> None:
    sign_in(qtbot, shell, ministry.username, ministry.password)
    wait_main_window(qtbot, shell)


def test_staff_screens_are_named_and_reachable_by_tab(
    qtbot: QtBot,
    staff: StaffShell,
    ministry: MockMinistry,
    staff_services: AppServices,
    tmp_path: Path,
) -> None:
    dialog = staff.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    check_screen(qtbot, dialog, touch=False, start=dialog.username)

    staff_sign_in(qtbot, staff, ministry)
    window = staff.window
    assert window is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.tabs.setCurrentWidget(window.lookup_panel)
    check_screen(qtbot, window.lookup_panel, touch=False, start=window.lookup_panel.id_input)
    assert window.sync_panel is not None
    window.tabs.setCurrentWidget(window.sync_panel)
    check_screen(qtbot, window.sync_panel, touch=False)

    staff.lock_now()
    screen = staff.lock_screen
    assert screen is not None and screen.isVisible()
    check_screen(qtbot, screen, touch=False, start=screen.password)

    settings = SettingsDialog(
        staff_services, staff.runner, config_path=tmp_path / "cfg" / "config.toml"
    )
    qtbot.addWidget(settings)
    settings.show()
    qtbot.waitExposed(settings)
    settings.activateWindow()
    qtbot.waitUntil(settings.isActiveWindow)
    check_screen(qtbot, settings, touch=False)


# -- kiosk ---------------------------------------------------------------------------------------
def test_kiosk_shell_screens_are_named_reachable_and_big_enough(
    qtbot: QtBot,
    kiosk: KioskShell,  # noqa: F811
    candidate: Candidate,  # noqa: F811
    at_open: None,  # noqa: F811
) -> None:
    check_screen(qtbot, kiosk, touch=True, start=kiosk.welcome.start_button)

    form = open_sign_in(qtbot, kiosk)
    assert form.keypad.isVisible()
    check_screen(qtbot, kiosk, touch=True, start=form.cccd)
    assert not [b for b in form.keypad.findChildren(QAbstractButton) if b.height() < 48]

    form.vneid_requested.emit()
    assert kiosk.vneid is not None and kiosk.current_screen is kiosk.vneid
    qtbot.waitUntil(lambda: kiosk.vneid is not None and kiosk.vneid.isVisible())
    check_screen(qtbot, kiosk, touch=True)
    kiosk.wipe()

    page = open_preferences(qtbot, kiosk, candidate)
    check_screen(qtbot, kiosk, touch=True, start=page.search)


def open_page(qtbot: QtBot, page: QWidget, ready: Callable[[], bool]) -> None:
    show(qtbot, page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.entered()  # type: ignore[attr-defined]
    qtbot.waitUntil(ready, timeout=15_000)


def test_kiosk_pages_are_named_reachable_and_big_enough(qtbot: QtBot, visit: Visit) -> None:  # noqa: F811
    runner = TaskRunner()
    password = ChangePasswordScreen(visit.sessions, runner, "old")
    show(qtbot, password)
    password.activateWindow()
    qtbot.waitUntil(password.isActiveWindow)
    check_screen(qtbot, password, touch=True)

    visit.clock.jump("payment")
    visit.nv(3)
    payment = PaymentPage(visit.ctx)
    payment.poll_interval_ms = 50
    open_page(qtbot, payment, lambda: payment.state == "ready")
    check_screen(qtbot, payment, touch=True)
    payment.buttons["pay"].click()
    qtbot.waitUntil(lambda: payment.state == "pending", timeout=15_000)
    check_screen(qtbot, payment, touch=True)
    payment.cancel_tasks()
    payment.close()

    move = visit.clock.jump("confirmation")
    admit(visit, move.state.now)
    results = ResultsPage(visit.ctx)
    open_page(qtbot, results, lambda: results.view is not None or bool(results.problem))
    assert results.view is not None, results.problem
    check_screen(qtbot, results, touch=True)
    results.close()

    confirm = ConfirmationPage(visit.ctx)
    open_page(qtbot, confirm, lambda: confirm.state != "loading")
    assert confirm.state == "ready", confirm.status.text()
    check_screen(qtbot, confirm, touch=True)
    confirm.buttons["confirm"].click()
    assert confirm.state == "asking"
    check_screen(qtbot, confirm, touch=True)
    confirm.close()
    runner.wait_idle(5000)
