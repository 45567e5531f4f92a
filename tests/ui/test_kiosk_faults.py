"""Two faults of issue #7 on the preference-list step, against the real mock over HTTP:

* the server-side session ends mid-flow (the candidate's tokens revoked through
  ``/auth/logout``) while an edited list is unsaved: the kiosk brings the sign-in form back
  saying why, holds the list in memory for the same candidate only, and after they sign in
  again offers it back on the same step (restore or discard); one save, one version;
* the catalog changes between edits (a programme the candidate added is withdrawn): saving names
  the programme and says what to do, the list stays editable, and after removing it the save
  makes exactly one version.

The catalog change is made the way an operator would in a demo: an administrator withdraws the
programme through the mock's ``/admin/catalog`` endpoint over HTTP, and the catalog gets a new
version — what a ministry update of the catalog looks like to the client.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from exam_client.services.candidate_session import CandidateSessionService
from exam_client.services.catalog import CatalogEntry
from exam_client.services.context import AppServices
from exam_client.ui.kiosk.preferences import PreferencesPage
from exam_client.ui.kiosk.shell import KioskShell
from exam_client.ui.kiosk.sign_in import KioskSignIn
from ministry_mock.demo_accounts import DEMO_ADMIN_PASS, DEMO_ADMIN_USERNAME
from ministry_mock.store.cycle_models import PreferenceVersionRow
from tests.ministry import MockMinistry
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
)


def saved_versions(ministry: MockMinistry, who: Candidate) -> int:
    """How many list versions the server holds for the candidate (read in the mock's store: the
    page's own history call would fail once the session is revoked)."""
    query = select(func.count()).where(PreferenceVersionRow.cccd == who.cccd)
    with ministry.store.sessions() as session:
        return int(session.scalar(query.select_from(PreferenceVersionRow)) or 0)


def save_and_wait(qtbot: QtBot, page: PreferencesPage) -> None:
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.state == "saving"
    qtbot.waitUntil(lambda: page.state == "ready", timeout=LOAD_TIMEOUT)


def revoke_tokens(ministry: MockMinistry, services: AppServices) -> None:  # noqa: F811
    """The server ends the session (sign-out elsewhere, an operator, a revoked device)."""
    tokens = CandidateSessionService.for_services(services).client.tokens
    assert tokens is not None
    answer = requests.post(
        f"{ministry.base_url}/auth/logout",
        json={"refresh_token": tokens.refresh_token},
        headers={"Authorization": f"Bearer {tokens.access_token}"},
        timeout=10,
    )
    assert answer.status_code == 204


def wait_session_expired(qtbot: QtBot, kiosk: KioskShell) -> KioskSignIn:  # noqa: F811
    """The kiosk noticed: the sign-in form is back, saying why, and nobody is signed in."""
    qtbot.waitUntil(
        lambda: kiosk.sign_in is not None and kiosk.current_screen is kiosk.sign_in,
        timeout=LOAD_TIMEOUT,
    )
    form = kiosk.sign_in
    assert form is not None and form.notice.isVisible()
    assert "Phiên đăng nhập đã kết thúc" in form.notice.text()
    assert "đăng nhập lại" in form.notice.text()
    assert form.cccd.text() == "" and form.password.text() == ""  # nothing of the candidate
    assert kiosk.frame is None and not kiosk.has_candidate
    # the notice lives inside the kiosk window (it once popped up as a stray top-level of its
    # own and took the focus); the kiosk stays active and the keyboard reaches the form. Other
    # tests' leftover windows may be open too, so no claim about the whole application.
    assert form.notice.window() is kiosk and form.cccd.window() is kiosk
    assert not [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w is not kiosk and kiosk.isAncestorOf(w)
    ]
    assert kiosk.isActiveWindow() and form.cccd.hasFocus()
    return form


def sign_in_again(qtbot: QtBot, kiosk: KioskShell, who: Candidate) -> None:  # noqa: F811
    """On the form the kiosk brought back (not from the welcome screen)."""
    form = kiosk.sign_in
    assert form is not None
    form.cccd.setText(who.cccd)
    form.password.setText(who.password)
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: kiosk.frame is not None and kiosk.current_screen is kiosk.frame,
        timeout=LOAD_TIMEOUT,
    )


def preferences_after_sign_in(
    qtbot: QtBot,
    kiosk: KioskShell,  # noqa: F811
    *,
    go_there: bool = False,
) -> PreferencesPage:
    """The preferences step once loaded: where the person is (after a sign-in that brought
    them back to it), or opened from the step list with ``go_there``."""
    frame = kiosk.frame
    assert frame is not None
    if go_there:
        frame.go_to(next(i for i, s in enumerate(frame.specs) if s.key == "preferences"))
    page = frame.page
    assert isinstance(page, PreferencesPage), "back on the step where the session ended"
    qtbot.waitUntil(lambda: page.state == "ready", timeout=LOAD_TIMEOUT)
    return page


def expire_with_an_edited_list(
    qtbot: QtBot,
    kiosk: KioskShell,  # noqa: F811
    who: Candidate,
    ministry: MockMinistry,
    services: AppServices,  # noqa: F811
    entries: int = 2,
) -> list[tuple[str, str]]:
    """``who`` edits the NV list; the server ends the session; the kiosk holds the list."""
    page = open_preferences(qtbot, kiosk, who)
    for entry in pick(page, False, entries):
        search_and_add(qtbot, page, entry)
    edited = listed(page)
    revoke_tokens(ministry, services)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_session_expired(qtbot, kiosk)
    assert kiosk._sessions is not None and kiosk._sessions.held.holding
    return edited


def test_session_ended_mid_flow_keeps_the_list_for_the_same_candidate(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    ministry: MockMinistry,
    services: AppServices,  # noqa: F811
    at_open: None,  # noqa: F811
) -> None:
    page = open_preferences(qtbot, kiosk, candidate)
    assert not page.offer.isVisible()  # nothing held on a first visit
    entries = pick(page, False, 3)
    for entry in entries:
        search_and_add(qtbot, page, entry)
    edited = listed(page)
    assert edited == [e.key for e in entries]
    before = saved_versions(ministry, candidate)
    sessions = CandidateSessionService.for_services(services)

    revoke_tokens(ministry, services)
    with qtbot.waitSignal(kiosk.session_expired, timeout=LOAD_TIMEOUT):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    form = wait_session_expired(qtbot, kiosk)
    assert sessions.held.holding  # in memory, for this candidate only
    assert kiosk.idle.armed  # an unattended form still times out (and drops what is held)
    kiosk.grab().save("/tmp/full-a-session-ended.png")
    del form, page

    # a wrong password keeps it; the right one gives it back, on the step the person was on
    bad = Candidate(candidate.cccd, "Sai@12345", candidate.name)
    retry = kiosk.sign_in
    assert retry is not None
    retry.cccd.setText(bad.cccd)
    retry.password.setText(bad.password)
    qtbot.mouseClick(retry.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: retry.error.isVisible() and retry.task is None, timeout=LOAD_TIMEOUT)
    assert sessions.held.holding
    sign_in_again(qtbot, kiosk, candidate)
    assert not sessions.held.holding  # claimed: it now lives in the visit (wiped with it)
    page = preferences_after_sign_in(qtbot, kiosk)
    assert page.offer.isVisible()
    assert "đã được giữ lại (3 nguyện vọng)" in page.offer.message.text()
    assert listed(page) == []  # the server's list until the candidate chooses
    assert page.offer.restore_button.hasFocus()
    # the choice first: no editing beside the offer (a restore would replace the edit)
    assert not page.search.isVisible() and not page.save_button.isVisible()
    kiosk.grab().save("/tmp/full-a-held-offer.png")

    qtbot.mouseClick(page.offer.restore_button, Qt.MouseButton.LeftButton)
    assert listed(page) == edited
    assert not page.offer.isVisible() and page.search.isVisible()
    assert "Đã khôi phục" in page.status.text()
    assert page.draft is not None and page.draft.dirty
    assert entries[0].programme.name in page.list.text(0)
    kiosk.grab().save("/tmp/full-a-restored.png")
    save_and_wait(qtbot, page)
    assert page.status.isVisible() and "Đã lưu phiên bản" in page.status.text()
    assert saved_versions(ministry, candidate) == before + 1  # one save, one version
    assert listed(page) == edited


def test_the_held_list_can_be_discarded(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    ministry: MockMinistry,
    services: AppServices,  # noqa: F811
    at_open: None,  # noqa: F811
) -> None:
    expire_with_an_edited_list(qtbot, kiosk, candidate, ministry, services, entries=1)
    sign_in_again(qtbot, kiosk, candidate)
    page = preferences_after_sign_in(qtbot, kiosk)
    assert page.offer.isVisible()
    qtbot.mouseClick(page.offer.discard_button, Qt.MouseButton.LeftButton)
    assert not page.offer.isVisible()
    assert listed(page) == [] and page.draft is not None and not page.draft.dirty
    assert saved_versions(ministry, candidate) == 0


@pytest.fixture
def withdraw(ministry: MockMinistry) -> Callable[[CatalogEntry], None]:
    """Returns ``withdraw(entry)``: an administrator takes the programme out of the mock's
    catalog over HTTP (``/admin/catalog``), which gives the catalog a new version."""
    login = requests.post(
        f"{ministry.base_url}/auth/login",
        json={"username": DEMO_ADMIN_USERNAME, "password": DEMO_ADMIN_PASS},
        timeout=10,
    )
    assert login.status_code == 200, login.text
    admin = {"Authorization": f"Bearer {login.json()['access_token']}"}

    def apply(entry: CatalogEntry) -> None:
        before = requests.get(f"{ministry.base_url}/catalog", timeout=10).json()["version"]
        answer = requests.post(
            f"{ministry.base_url}/admin/catalog/programmes/{entry.institution.code}/"
            f"{entry.programme.code}/withdraw",
            headers=admin,
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["version"] != before

    return apply


def test_catalog_changed_between_edits_names_the_programme_then_saves_once(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    ministry: MockMinistry,
    services: AppServices,  # noqa: F811
    at_open: None,  # noqa: F811
    withdraw: Callable[[CatalogEntry], None],
) -> None:
    page = open_preferences(qtbot, kiosk, candidate)
    first, second, third = pick(page, False, 3)
    for entry in (first, second, third):
        search_and_add(qtbot, page, entry)
    before = saved_versions(ministry, candidate)

    withdraw(second)
    save_and_wait(qtbot, page)
    message = page.problems.text()
    assert "NV2" in message
    assert second.programme.name in message  # the programme by name, not only its code
    assert "Xoá" in message or "xoá" in message  # what to do
    assert not page.status.isVisible()
    assert listed(page) == [first.key, second.key, third.key]  # nothing lost
    assert page.search.isEnabled() and page.remove_button.isEnabled()  # still editable
    assert saved_versions(ministry, candidate) == before
    kiosk.grab().save("/tmp/full13-catalog-changed.png")

    # remove it (Delete on the list) and save: one new version, without the programme
    page.list.setFocus()
    page.list.setCurrentRow(1)
    qtbot.keyClick(page.list, Qt.Key.Key_Delete)
    assert listed(page) == [first.key, third.key]
    save_and_wait(qtbot, page)
    assert page.status.isVisible(), page.problems.text()
    assert "phiên bản 1" in page.status.text()
    assert not page.problems.isVisible()
    assert saved_versions(ministry, candidate) == before + 1
    assert listed(page) == [first.key, third.key]
