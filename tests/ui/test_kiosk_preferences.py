"""The preference-list step against the real mock (demo clock inside the 2026 window): search
with and without diacritics, add, reorder by buttons, keys and drag, the sư phạm rule, save,
reload, a save whose answer was dropped, history, read-only outside the window."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import requests
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from exam_client.domain.names import fold
from exam_client.domain.timeline import VN_TZ
from exam_client.services.catalog import CatalogEntry
from exam_client.ui.kiosk.preferences import PreferencesPage
from exam_client.ui.kiosk.shell import KioskShell
from ministry_mock.app import instance_of
from ministry_mock.clock import demo_clock
from ministry_mock.demo_accounts import DEMO_ADMIN_PASS, DEMO_ADMIN_USERNAME
from tests.ministry import MockMinistry
from tests.ui.test_kiosk_shell import (  # noqa: F401 - fixtures
    Candidate,
    candidate,
    kiosk,
    make_kiosk,
    services,
    sign_in_ok,
)

OPEN = datetime(2026, 7, 5, 10, 0, tzinfo=VN_TZ).astimezone(UTC)
CLOSED = datetime(2026, 11, 1, 10, 0, tzinfo=VN_TZ).astimezone(UTC)
LOAD_TIMEOUT = 20_000


def set_clock(ministry: MockMinistry, moment: datetime) -> None:
    clock = demo_clock(instance_of(ministry.app).settings)
    assert clock is not None
    clock.set(moment, frozen=True)


@pytest.fixture
def at_open(ministry: MockMinistry) -> None:
    set_clock(ministry, OPEN)


def faults(ministry: MockMinistry, config: dict[str, object] | None) -> None:
    admin = requests.post(
        f"{ministry.base_url}/auth/login",
        json={"username": DEMO_ADMIN_USERNAME, "password": DEMO_ADMIN_PASS},
        timeout=10,
    ).json()["access_token"]
    url, headers = f"{ministry.base_url}/admin/faults", {"Authorization": f"Bearer {admin}"}
    if config:
        assert requests.post(url, json=config, headers=headers, timeout=10).status_code == 200
    else:
        assert requests.delete(url, headers=headers, timeout=10).status_code in (200, 204)


def open_preferences(qtbot: QtBot, shell: KioskShell, who: Candidate) -> PreferencesPage:
    sign_in_ok(qtbot, shell, who)
    frame = shell.frame
    assert frame is not None
    frame.go_to(next(i for i, s in enumerate(frame.specs) if s.key == "preferences"))
    page = frame.page
    assert isinstance(page, PreferencesPage)
    qtbot.waitUntil(lambda: page.state in ("ready", "failed"), timeout=LOAD_TIMEOUT)
    assert page.state == "ready", page.problems.text()
    return page


def search_and_add(qtbot: QtBot, page: PreferencesPage, entry: CatalogEntry) -> None:
    page.search.setFocus()
    page.search.clear()
    qtbot.keyClicks(page.search, f"{entry.institution.code} {entry.programme.code}")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # to the hits
    assert page.hits.hasFocus()
    assert page.selected_hit() == entry
    qtbot.keyClick(page.hits, Qt.Key.Key_Return)  # add


def listed(page: PreferencesPage) -> list[tuple[str, str]]:
    draft = page.draft
    assert draft is not None
    return list(draft.items)


def pick(page: PreferencesPage, teacher: bool, n: int) -> list[CatalogEntry]:
    draft = page.draft
    assert draft is not None
    return [e for e in draft.catalog.entries if e.programme.teacher_training is teacher][:n]


def hit_keys(page: PreferencesPage) -> set[tuple[str, str]]:
    return {page.hits.data(i) for i in range(page.hits.count())}


def test_search_add_reorder_rules_save_reload(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    at_open: None,
) -> None:
    page = open_preferences(qtbot, kiosk, candidate)
    assert page.search.hasFocus()
    draft = page.draft
    assert draft is not None and draft.editable

    # search: with diacritics, without, and "đ" typed as "d" find the same programmes
    accented = next(e for e in draft.catalog.entries if "đ" in e.institution.name.lower())
    word = next(w for w in accented.institution.name.split() if "đ" in w.lower())
    page.search.insert(word)  # as an input method commits it (QTest types ASCII only)
    with_marks = hit_keys(page)
    assert accented.key in with_marks or len(with_marks) == 50
    page.search.clear()
    qtbot.keyClicks(page.search, fold(word))
    assert hit_keys(page) == with_marks
    page.search.clear()
    assert page.hits.count() == 0

    # add three by keyboard, refuse a duplicate
    first, second, third, fourth, fifth = pick(page, False, 5)
    for entry in (first, second, third):
        search_and_add(qtbot, page, entry)
    assert listed(page) == [first.key, second.key, third.key]
    search_and_add(qtbot, page, second)
    assert "NV2" in page.problems.text() and len(listed(page)) == 3

    # reorder: ↑ button, Ctrl+↓ on the list, drag NV3 onto NV1
    page.list.setCurrentRow(2)
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert listed(page) == [first.key, third.key, second.key]
    page.list.setFocus()
    page.list.setCurrentRow(0)
    qtbot.keyClick(page.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert listed(page) == [third.key, first.key, second.key]
    drag(page, 2, 0)
    assert listed(page) == [second.key, third.key, first.key]

    # a teacher-training programme may not be NV6 in 2026
    for entry in (fourth, fifth):
        search_and_add(qtbot, page, entry)
    teacher = pick(page, True, 1)[0]
    search_and_add(qtbot, page, teacher)
    assert teacher.key not in listed(page) and len(listed(page)) == 5
    assert "NV1–NV5" in page.problems.text() and "sư phạm" in page.problems.text()
    # …but as NV5 it is fine: remove one (Delete key), then add it
    page.list.setFocus()
    page.list.setCurrentRow(4)
    qtbot.keyClick(page.list, Qt.Key.Key_Delete)
    search_and_add(qtbot, page, teacher)
    assert listed(page)[4] == teacher.key
    assert "Sư phạm" in page.list.text(4)
    # the scores line is there for every NV (a score or "chưa có điểm") with the cutoff line
    assert all("Điểm xét tuyển của bạn" in page.list.text(i) for i in range(5))

    order = listed(page)
    assert not page.can_go_next()  # unsaved: the step says so instead of leaving
    assert "chưa lưu" in page.problems.text()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.status.isVisible, timeout=LOAD_TIMEOUT)
    assert "phiên bản 1" in page.status.text()
    kiosk.grab().save("/tmp/full7-preferences.png")

    qtbot.mouseClick(page.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.state == "ready", timeout=LOAD_TIMEOUT)
    assert listed(page) == order
    texts = [page.list.text(i) for i in range(page.list.count())]
    assert texts[0].startswith("NV1 · ") and second.programme.name in texts[0]
    assert page.can_go_next()


def drag(page: PreferencesPage, source: int, target: int) -> None:
    """What Qt delivers at the end of an internal drag (offscreen has no real drag loop)."""
    page.list.setCurrentRow(source)
    page.list._drag_from = source
    rect = page.list.row_rect(target)
    mime = QMimeData()
    event = QDropEvent(
        QPointF(rect.center().x(), rect.top() + 2),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.list.dropEvent(event)


def test_save_after_a_dropped_answer_makes_one_version(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    ministry: MockMinistry,
    at_open: None,
) -> None:
    page = open_preferences(qtbot, kiosk, candidate)
    for entry in pick(page, False, 3):
        search_and_add(qtbot, page, entry)
    faults(ministry, {"drop_rate": 1.0, "max_faults": 1, "paths": ["/preferences/me"]})
    try:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(page.status.isVisible, timeout=LOAD_TIMEOUT)
    finally:
        faults(ministry, None)
    assert "phiên bản 1" in page.status.text()
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.history.isVisible, timeout=LOAD_TIMEOUT)
    assert page.history.count() == 1  # the retry was answered from the first save
    assert page.history.text(0).startswith("Phiên bản 1")


def test_network_loss_keeps_the_list_and_the_same_save(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    ministry: MockMinistry,
    at_open: None,
) -> None:
    page = open_preferences(qtbot, kiosk, candidate)
    page.service._backoff_s = 0
    for entry in pick(page, False, 2):
        search_and_add(qtbot, page, entry)
    faults(ministry, {"drop_rate": 1.0, "paths": ["/preferences/me"], "methods": ["PUT"]})
    try:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Chưa gửi được" in page.problems.text(), timeout=LOAD_TIMEOUT)
    finally:
        faults(ministry, None)
    draft = page.draft
    assert draft is not None and draft.pending is not None and len(draft.items) == 2
    key = draft.pending.key
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.status.isVisible, timeout=LOAD_TIMEOUT)
    assert "phiên bản 1" in page.status.text() and draft.pending is None
    assert key  # the same key went out again (the server replayed version 1)


def test_read_only_outside_the_window(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    ministry: MockMinistry,
) -> None:
    set_clock(ministry, CLOSED)
    sign_in_ok(qtbot, kiosk, candidate)
    frame = kiosk.frame
    assert frame is not None
    frame.go_to(2)
    page = frame.page
    assert isinstance(page, PreferencesPage)
    qtbot.waitUntil(lambda: page.state == "ready", timeout=LOAD_TIMEOUT)
    assert page.window_note.text().startswith("Chỉ xem")
    assert "2026" in page.window_note.text()
    for widget in (page.search, page.add_button, page.save_button, page.up_button):
        assert not widget.isEnabled()
    assert page.can_go_next()


def test_every_control_is_named_and_big_enough(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    at_open: None,
) -> None:
    page = open_preferences(qtbot, kiosk, candidate)
    unnamed: list[str] = []
    small: list[str] = []
    widgets: list[QWidget] = [*page.findChildren(QLineEdit), *page.findChildren(QPushButton)]
    widgets += [page.hits, page.list]
    for widget in widgets:
        if not widget.isVisibleTo(page):
            continue
        if not widget.accessibleName():
            unnamed.append(type(widget).__name__)
        if isinstance(widget, QPushButton | QLineEdit) and widget.height() < 48:
            small.append(widget.accessibleName())
    assert unnamed == [] and small == []
    search_and_add(qtbot, page, pick(page, False, 1)[0])
    assert page.list.row_rect(0).height() >= 48
