"""THE WIPE: after a visit ends nothing of that candidate remains — not in any widget, not in
the services, not in the client's tokens, not on the clipboard — and the idle guard ends
visits nobody is attending.

A list held over an expired session (for the same candidate's next sign-in) is never offered to
anybody else, and the idle wipe and "Kết thúc phiên" drop it.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QEvent, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from exam_client.services.context import AppServices
from exam_client.services.preferences import HELD_KEY
from exam_client.ui.kiosk.home import HomePage
from exam_client.ui.kiosk.resume import STEP_KEY
from exam_client.ui.kiosk.shell import KioskShell
from ministry_mock.security import hash_password
from ministry_mock.store import Account
from ministry_mock.store.models import Citizen
from tests.ministry import MockMinistry
from tests.ui.test_kiosk_faults import (
    expire_with_an_edited_list,
    preferences_after_sign_in,
    sign_in_again,
)
from tests.ui.test_kiosk_preferences import (  # noqa: F401 - fixtures
    LOAD_TIMEOUT,
    at_open,
    listed,
    open_preferences,
    pick,
    search_and_add,
)
from tests.ui.test_kiosk_shell import (  # noqa: F401 - fixtures
    Candidate,
    candidate,
    kiosk,
    make_kiosk,
    services,
    sign_in_ok,
)


def add_candidate(ministry: MockMinistry, not_this: str) -> Candidate:
    """A second candidate account (the mock seeds one), made through the mock's store."""
    password = "Thisinh@B2"  # a test account of the mock
    with ministry.store.sessions() as session:
        cccd, name = session.execute(
            select(Citizen.cccd, Citizen.full_name)
            .where(Citizen.cccd != not_this)
            .order_by(Citizen.seq.desc())
            .limit(1)
        ).one()
        session.add(
            Account(
                username=cccd,
                password_hash=hash_password(password, n=2**10),
                role="candidate",
                display_name=name,
                failed_attempts=0,
            )
        )
        session.commit()
    return Candidate(cccd, password, name)


def flush_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()
    gc.collect()


def visible_texts(root: QWidget) -> list[str]:
    """Every text a widget under ``root`` holds, shown or not (and every model cell)."""
    texts: list[str] = [root.windowTitle()]
    for widget in root.findChildren(QWidget):
        texts += [widget.accessibleName(), widget.toolTip(), widget.windowTitle()]
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText(), widget.displayText()]
        elif isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
    for model in root.findChildren(QAbstractItemModel):
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                texts.append(str(model.data(model.index(row, column))))
    return [t for t in texts if t]


def fragments(who: Candidate) -> list[str]:
    """The name, the CCCD whole and in the parts people type or read out, the password."""
    cccd = who.cccd
    parts = [cccd, cccd[:3], cccd[3:6], cccd[6:], cccd[-6:], cccd[-4:], cccd[:6]]
    return [who.name, *who.name.split()[-2:], *parts, who.password]


def leaks(root: QWidget, who: Candidate, beside: Candidate | None = None) -> list[tuple[str, str]]:
    """Texts holding a fragment of ``who``; with ``beside`` (who is signed in now), fragments
    that also occur in that person's own data are not evidence and are skipped."""
    own = f"{beside.cccd} {beside.name} {beside.password}" if beside else ""
    probes = [f for f in fragments(who) if f not in own]
    return [(f, t) for t in visible_texts(root) for f in probes if f in t]


def test_nothing_of_a_remains_after_the_wipe_then_b_sees_only_b(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    ministry: MockMinistry,
) -> None:
    a = candidate
    b = add_candidate(ministry, not_this=a.cccd)
    clean = visible_texts(kiosk)
    assert leaks(kiosk, a) == []  # the probe itself finds nothing on a fresh kiosk

    home = sign_in_ok(qtbot, kiosk, a)
    assert leaks(kiosk, a), "the probe must see A while A is signed in"
    sessions = kiosk._sessions
    assert sessions is not None and sessions.session is not None
    session_ref = weakref.ref(sessions.session)
    sessions.session.data["draft"] = {"cccd": a.cccd}
    # whatever later pages will hold: a model, a table, a cached label, a typed field
    model = QStandardItemModel(1, 2, home)
    model.setItem(0, 0, QStandardItem(a.name))
    table = QTableView(home)
    table.setModel(model)
    QLabel(a.cccd, home)
    QLineEdit(a.cccd[-6:], home)
    QApplication.clipboard().setText(a.cccd)
    del home, model, table

    kiosk.wipe()
    flush_deletes()

    assert leaks(kiosk, a) == []
    assert set(visible_texts(kiosk)) <= set(clean), "only the welcome and top bar remain"
    assert kiosk.current_screen is kiosk.welcome
    assert kiosk.frame is None and kiosk.sign_in is None
    assert sessions.session is None
    assert session_ref() is None, "the CandidateSession object outlived the visit"
    assert not sessions.has_tokens
    assert QApplication.clipboard().text() == ""
    assert not kiosk.idle.armed

    sign_in_ok(qtbot, kiosk, b)
    assert leaks(kiosk, a, beside=b) == []
    assert leaks(kiosk, b)
    assert kiosk.frame is not None
    assert b.name in kiosk.frame.page.greeting.text()  # type: ignore[union-attr]


def test_a_half_typed_sign_in_is_wiped_too(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
) -> None:
    qtbot.mouseClick(kiosk.welcome.start_button, Qt.MouseButton.LeftButton)
    form = kiosk.sign_in
    assert form is not None
    qtbot.keyClicks(form.cccd, candidate.cccd)
    qtbot.keyClicks(form.password, candidate.password)
    qtbot.mouseClick(kiosk.end_button, Qt.MouseButton.LeftButton)
    flush_deletes()
    assert leaks(kiosk, candidate) == []
    qtbot.mouseClick(kiosk.welcome.start_button, Qt.MouseButton.LeftButton)
    assert kiosk.sign_in is not None and kiosk.sign_in is not form
    assert kiosk.sign_in.cccd.text() == "" and kiosk.sign_in.password.text() == ""


def test_a_sign_in_answer_arriving_after_the_wipe_signs_nobody_in(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
) -> None:
    qtbot.mouseClick(kiosk.welcome.start_button, Qt.MouseButton.LeftButton)
    form = kiosk.sign_in
    assert form is not None
    qtbot.keyClicks(form.cccd, candidate.cccd)
    qtbot.keyClicks(form.password, candidate.password)
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    kiosk.wipe()  # before the answer is back
    kiosk._runner.wait_idle(5000)
    qtbot.wait(50)
    assert kiosk.current_screen is kiosk.welcome
    assert kiosk.frame is None
    flush_deletes()
    assert leaks(kiosk, candidate) == []


# -- the idle guard --------------------------------------------------------------------------
def test_idle_warning_then_i_am_still_here_cancels_the_wipe(
    make_kiosk: Callable[..., KioskShell],  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
) -> None:
    shell = make_kiosk(idle_warning_ms=150, idle_wipe_ms=600)
    sign_in_ok(qtbot, shell, candidate)
    qtbot.waitUntil(shell.overlay.isVisible, timeout=2000)
    assert shell.overlay.question.text() == "Bạn còn ở đây không?"
    assert shell.overlay.countdown.text() in {"0", "1"}
    qtbot.mouseMove(shell.frame)  # stray input does not answer the question
    assert shell.overlay.isVisible()
    with qtbot.waitSignal(shell.idle.cancelled):
        qtbot.mouseClick(shell.overlay.stay_button, Qt.MouseButton.LeftButton)
    assert not shell.overlay.isVisible()
    qtbot.wait(300)  # past the original wipe moment… (warning shows again, no wipe yet)
    assert shell.frame is not None and shell.has_candidate


def test_input_resets_the_timer(
    make_kiosk: Callable[..., KioskShell],  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
) -> None:
    shell = make_kiosk(idle_warning_ms=300, idle_wipe_ms=2000)
    sign_in_ok(qtbot, shell, candidate)
    for _ in range(6):  # 6 × 100 ms of activity: twice the warning delay, never warned
        qtbot.wait(100)
        qtbot.keyClick(shell.frame, Qt.Key.Key_Shift)
    assert not shell.overlay.isVisible()
    assert shell.idle.armed
    qtbot.waitUntil(shell.overlay.isVisible, timeout=2000)


def test_nobody_answers_so_the_visit_is_wiped(
    make_kiosk: Callable[..., KioskShell],  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
) -> None:
    shell = make_kiosk(idle_warning_ms=100, idle_wipe_ms=300)
    sign_in_ok(qtbot, shell, candidate)
    with qtbot.waitSignal(shell.wiped, timeout=3000):
        pass
    flush_deletes()
    assert shell.current_screen is shell.welcome
    assert not shell.overlay.isVisible()
    assert leaks(shell, candidate) == []
    assert not shell.has_candidate


def test_the_welcome_screen_is_never_timed_out(
    make_kiosk: Callable[..., KioskShell],  # noqa: F811
    qtbot: QtBot,
) -> None:
    shell = make_kiosk(idle_warning_ms=50, idle_wipe_ms=100)
    qtbot.wait(250)
    assert not shell.overlay.isVisible()
    assert shell.current_screen is shell.welcome


# -- a list held over an expired session (issue #7) --------------------------------------------
def test_a_held_list_is_never_offered_to_the_next_candidate(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    ministry: MockMinistry,
    services: AppServices,  # noqa: F811
    at_open: None,  # noqa: F811
) -> None:
    a = candidate
    b = add_candidate(ministry, not_this=a.cccd)
    expire_with_an_edited_list(qtbot, kiosk, a, ministry, services)
    sessions = kiosk._sessions
    assert sessions is not None
    flush_deletes()
    assert leaks(kiosk, a) == [], "the form brought back shows nothing of A"

    sign_in_again(qtbot, kiosk, b)  # somebody else signs in on that form
    assert not sessions.held.holding, "another sign-in drops what was held"
    session = sessions.session
    assert session is not None
    assert HELD_KEY not in session.data and STEP_KEY not in session.data
    assert isinstance(kiosk.frame.page, HomePage)  # type: ignore[union-attr]  # not A's step
    flush_deletes()
    assert leaks(kiosk, a, beside=b) == []
    page = preferences_after_sign_in(qtbot, kiosk, go_there=True)
    assert not page.offer.isVisible() and page.offer.message.text() == ""
    assert leaks(kiosk, a, beside=b) == []

    # and A, back a minute later, finds nothing held either: it went with B's sign-in
    kiosk.wipe()
    sign_in_ok(qtbot, kiosk, a)
    assert HELD_KEY not in sessions.session.data  # type: ignore[union-attr]


def test_the_idle_wipe_drops_a_held_list(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    ministry: MockMinistry,
    services: AppServices,  # noqa: F811
    at_open: None,  # noqa: F811
) -> None:
    expire_with_an_edited_list(qtbot, kiosk, candidate, ministry, services)
    sessions = kiosk._sessions
    assert sessions is not None and kiosk.idle.armed
    with qtbot.waitSignal(kiosk.wiped):
        kiosk.idle.expired.emit()  # nobody came back to the form
    assert not sessions.held.holding
    sign_in_ok(qtbot, kiosk, candidate)  # the same candidate, after the wipe: nothing offered
    assert HELD_KEY not in sessions.session.data  # type: ignore[union-attr]
    page = preferences_after_sign_in(qtbot, kiosk, go_there=True)
    assert not page.offer.isVisible()
    assert listed(page) == []


def test_end_session_button_drops_a_held_list_too(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    ministry: MockMinistry,
    services: AppServices,  # noqa: F811
    at_open: None,  # noqa: F811
) -> None:
    expire_with_an_edited_list(qtbot, kiosk, candidate, ministry, services)
    qtbot.mouseClick(kiosk.end_button, Qt.MouseButton.LeftButton)  # "Kết thúc phiên"
    assert kiosk._sessions is not None and not kiosk._sessions.held.holding
