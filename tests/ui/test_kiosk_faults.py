"""Two faults of issue #7 on the preference-list step, against the real mock over HTTP:

* the server-side session ends mid-flow (the candidate's tokens revoked through
  ``/auth/logout``) while an edited list is unsaved: saving says the session ended and to sign
  in again, the list stays on screen, nothing is stored twice;
* the catalog changes between edits (a programme the candidate added is withdrawn): saving names
  the programme and says what to do, the list stays editable, and after removing it the save
  makes exactly one version.

The mock's catalog is generated (no table: ``ministry_mock.catalog.catalog_for``), so the change
is made by swapping what ``catalog_for`` answers inside the running mock for one without the
programme, under a new version — what a ministry update of the catalog looks like to the client.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
import requests
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from exam_client.services.candidate_session import CandidateSessionService
from exam_client.services.catalog import CatalogEntry
from exam_client.services.context import AppServices
from exam_client.ui.kiosk.preferences import PreferencesPage
from exam_client.ui.kiosk.shell import KioskShell
from ministry_mock import catalog as mock_catalog
from ministry_mock import preferences as mock_preferences
from ministry_mock.routes import catalog as catalog_routes
from ministry_mock.settings import MockSettings
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


def test_session_ended_mid_flow_keeps_the_list_and_says_sign_in_again(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    ministry: MockMinistry,
    services: AppServices,  # noqa: F811
    at_open: None,  # noqa: F811
) -> None:
    page = open_preferences(qtbot, kiosk, candidate)
    entries = pick(page, False, 3)
    for entry in entries:
        search_and_add(qtbot, page, entry)
    edited = listed(page)
    assert edited == [e.key for e in entries]
    before = saved_versions(ministry, candidate)

    # the server ends the session (sign-out elsewhere, an operator, a revoked device)
    tokens = CandidateSessionService.for_services(services).client.tokens
    assert tokens is not None
    answer = requests.post(
        f"{ministry.base_url}/auth/logout",
        json={"refresh_token": tokens.refresh_token},
        headers={"Authorization": f"Bearer {tokens.access_token}"},
        timeout=10,
    )
    assert answer.status_code == 204

    save_and_wait(qtbot, page)
    message = page.problems.text()
    assert page.problems.isVisible()
    assert "Phiên đăng nhập đã kết thúc" in message and "đăng nhập lại" in message
    assert not page.status.isVisible()  # no "đã lưu"
    # nothing lost: the edited list is still on screen, unsaved
    assert listed(page) == edited
    assert page.list.count() == 3
    assert entries[0].programme.name in page.list.text(0)
    draft = page.draft
    assert draft is not None and draft.dirty
    # nothing stored, and a second press does not store anything either
    save_and_wait(qtbot, page)
    assert "Phiên đăng nhập đã kết thúc" in page.problems.text()
    assert saved_versions(ministry, candidate) == before
    assert kiosk.frame is not None  # nothing crashed; the visit is still on screen
    kiosk.grab().save("/tmp/full13-session-ended.png")


@pytest.fixture
def withdraw(monkeypatch: pytest.MonkeyPatch) -> Callable[[CatalogEntry], None]:
    """Returns ``withdraw(entry)``: from then on the mock's catalog lacks that programme."""

    def apply(entry: CatalogEntry) -> None:
        original = mock_catalog.catalog_for

        def changed(settings: MockSettings, year: int) -> mock_catalog.Catalog:
            full = original(settings, year)
            gone = (entry.institution.code, entry.programme.code)
            programmes = tuple(p for p in full.programmes if (p.institution_code, p.code) != gone)
            return replace(
                full,
                version=full.version + "-withdrawn",
                programmes=programmes,
                by_key={k: v for k, v in full.by_key.items() if k != gone},
            )

        monkeypatch.setattr(mock_preferences, "catalog_for", changed)
        monkeypatch.setattr(catalog_routes, "catalog_for", changed)

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
