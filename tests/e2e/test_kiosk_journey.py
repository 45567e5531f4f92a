"""Issue #7 "Done when": one free candidate walks the whole kiosk journey against the real mock,
the demo clock moving the year along — sign in → register → preferences → pay → filtering →
result → confirm — with the server's state checked after each step; then the kiosk is wiped
and the next candidate sees nothing of the first.

Keyboard first: the journey's Next is Enter on the step frame, the ID is typed on the keypad,
the search box takes ASCII through ``keyClicks`` (Vietnamese would go through ``insert``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from exam_client.domain import subjects
from exam_client.services.catalog import CatalogEntry
from exam_client.ui.kiosk.confirmation import ConfirmationPage
from exam_client.ui.kiosk.home import HomePage
from exam_client.ui.kiosk.payment import PaymentPage
from exam_client.ui.kiosk.preferences import PreferencesPage
from exam_client.ui.kiosk.registration import RegistrationPage
from exam_client.ui.kiosk.results import ResultsPage
from exam_client.ui.kiosk.shell import KioskShell
from ministry_mock.app import instance_of
from ministry_mock.demo_accounts import DEMO_ADMIN_PASS, DEMO_ADMIN_USERNAME
from ministry_mock.store.payment_models import EnrollmentConfirmationRow, PaymentOrderRow
from tests.ministry import MockMinistry
from tests.ui.test_kiosk_preferences import search_and_add
from tests.ui.test_kiosk_registration import (
    add_free_candidate,
    fill_registration,
    free_ministry,
    server_registrations,
)
from tests.ui.test_kiosk_shell import (  # noqa: F401 - fixtures
    Candidate,
    candidate,
    make_kiosk,
    services,
    sign_in_ok,
)
from tests.ui.test_kiosk_wipe import flush_deletes, leaks, visible_texts

YEAR = 2026
WAIT = 20_000


@pytest.fixture
def ministry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockMinistry]:
    # the demo clock jumps weeks ahead: tokens must outlive the jumps (as in a demo)
    mock = free_ministry(
        tmp_path_factory.mktemp("ministry"),
        citizens=200,
        access_token_ttl=timedelta(days=365),
        refresh_token_ttl=timedelta(days=365),
    )
    try:
        yield mock
    finally:
        mock.stop()


class Admin:
    """The ministry side of the demo: the clock and the filtering rounds (admin endpoints)."""

    def __init__(self, ministry: MockMinistry) -> None:
        self.ministry = ministry
        self.base = ministry.base_url
        token = requests.post(
            f"{self.base}/auth/login",
            json={"username": DEMO_ADMIN_USERNAME, "password": DEMO_ADMIN_PASS},
            timeout=10,
        ).json()["access_token"]
        self.headers = {"Authorization": f"Bearer {token}"}

    def post(self, path: str, body: Any) -> requests.Response:
        return requests.post(f"{self.base}{path}", json=body, headers=self.headers, timeout=30)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Any:
        response = requests.get(f"{self.base}{path}", headers=headers or self.headers, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def phase(self, name: str) -> None:
        response = self.post("/admin/clock", {"phase": name, "year": YEAR, "frozen": True})
        assert response.status_code == 200, response.text

    def later(self, delta: timedelta) -> None:
        now = instance_of(self.ministry.app).settings.clock()
        body = {"moment": (now + delta).isoformat(), "frozen": True}
        assert self.post("/admin/clock", body).status_code == 200


def candidate_headers(base: str, cccd: str, password: str) -> dict[str, str]:
    token = requests.post(
        f"{base}/auth/login", json={"username": cccd, "password": password}, timeout=10
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def fits(entry: CatalogEntry, sat: set[str]) -> bool:
    for code in entry.programme.combinations:
        combination = subjects.combination(code)
        if combination is not None and set(combination.subjects) <= sat:
            return True
    return False


def frame_enter(qtbot: QtBot, shell: KioskShell) -> None:
    frame = shell.frame
    assert frame is not None
    qtbot.keyClick(frame, Qt.Key.Key_Return)


def next_step(qtbot: QtBot, shell: KioskShell) -> Any:
    frame = shell.frame
    assert frame is not None
    before = frame.index
    frame.next_button.setFocus()
    qtbot.keyClick(frame, Qt.Key.Key_Return)
    assert frame.index == before + 1, frame.page
    return frame.page


def test_one_free_candidate_through_the_whole_journey_then_the_next_sees_nothing(
    qtbot: QtBot,
    ministry: MockMinistry,
    make_kiosk: Callable[..., KioskShell],  # noqa: F811
    candidate: Candidate,  # noqa: F811 - the second person at the kiosk
    tmp_path: Path,
) -> None:
    admin = Admin(ministry)
    # the 2026 rule set has no exam-registration window (DOMAIN §14): the clock starts at
    # the preference window and the kiosk registers as it would during registration
    admin.phase("preferences_open")
    # a free candidate whose (synthetic) exam results pass graduation, so filtering can admit
    for _attempt in range(30):
        free = add_free_candidate(ministry)  # a new account each time
        own = candidate_headers(ministry.base_url, free.cccd, free.password)
        scores = admin.get(f"/results/me?year={YEAR}", own)
        if scores["graduation"]["passed"]:
            break
    else:
        pytest.fail("no free candidate with a graduation pass")
    sat = {s["subject"] for s in scores["subjects"]}
    who = Candidate(free.cccd, free.password, free.name)

    shell = make_kiosk()
    home = sign_in_ok(qtbot, shell, who)  # keypad + password, as the shell test does
    assert isinstance(home, HomePage)

    # -- 1. exam registration (free candidate, category c) --------------------------------
    registration = next_step(qtbot, shell)
    assert isinstance(registration, RegistrationPage)
    fill_registration(qtbot, registration, tmp_path, lambda: frame_enter(qtbot, shell))
    registration.submit_button.setFocus()
    frame_enter(qtbot, shell)  # Enter on the focused button submits
    qtbot.waitUntil(lambda: registration.state == "submitted", timeout=WAIT)
    rows = server_registrations(ministry, who.cccd)
    assert [r.status for r in rows] == ["submitted"]
    shell.grab().save("/tmp/f9-journey-1-registration.png")

    # -- 2. preferences: two programmes the candidate's subjects fit ------------------------
    preferences = next_step(qtbot, shell)
    assert isinstance(preferences, PreferencesPage)
    qtbot.waitUntil(lambda: preferences.state in ("ready", "failed"), timeout=WAIT)
    assert preferences.state == "ready", preferences.problems.text()
    draft = preferences.draft
    assert draft is not None
    chosen: list[CatalogEntry] = []
    for entry in draft.catalog.entries:
        other_school = all(c.institution.code != entry.institution.code for c in chosen)
        if fits(entry, sat) and not entry.programme.teacher_training and other_school:
            chosen.append(entry)
        if len(chosen) == 2:
            break
    assert len(chosen) == 2, "no two programmes fit the candidate's subjects"
    for entry in chosen:
        search_and_add(qtbot, preferences, entry)
    preferences.save_button.setFocus()
    qtbot.keyClick(preferences.save_button, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: (
            preferences.state == "ready"
            and preferences.draft is not None
            and preferences.draft.saved.version is not None
        ),
        timeout=WAIT,
    )
    saved = admin.get(f"/preferences/me?year={YEAR}", own)
    assert [(i["institution_code"], i["programme_code"]) for i in saved["items"]] == [
        e.key for e in chosen
    ]

    # -- 3. payment: the gateway simulator says "paid" --------------------------------------
    admin.phase("payment_open")
    payment = next_step(qtbot, shell)
    assert isinstance(payment, PaymentPage)
    payment.poll_interval_ms = 50
    qtbot.waitUntil(lambda: payment.state != "loading", timeout=WAIT)
    assert payment.state == "ready", (payment.state, payment.status.text())
    payment.buttons["pay"].click()
    qtbot.waitUntil(lambda: payment.state == "pending", timeout=WAIT)
    order = payment.order_panel.order
    assert order is not None and order.preference_count == 2
    simulated = admin.post(f"/admin/payments/{order.id}/simulate", {"outcome": "paid"})
    assert simulated.status_code == 200, simulated.text
    qtbot.waitUntil(lambda: payment.state == "paid", timeout=WAIT)
    with ministry.store.sessions() as session:
        states = list(
            session.scalars(select(PaymentOrderRow.state).where(PaymentOrderRow.cccd == who.cccd))
        )
    assert states == ["paid"]

    # -- 4. filtering (admin round), then the published result -----------------------------
    admin.phase("filtering")
    first = chosen[0]
    change = {
        "institution_code": first.institution.code,
        "programme_code": first.programme.code,
        "quota": 50,
        "floor_score": "0",
    }
    ran = admin.post("/admin/admissions/rounds", {"number": 1, "year": YEAR, "changes": [change]})
    assert ran.status_code == 201, ran.text
    admin.phase("results")
    admin.later(timedelta(hours=1))
    server_result = admin.get(f"/admission/me?year={YEAR}", own)
    assert server_result["status"] == "admitted", server_result
    assert server_result["programme_code"] == first.programme.code
    results = next_step(qtbot, shell)
    assert isinstance(results, ResultsPage)
    qtbot.waitUntil(lambda: results.view is not None, timeout=WAIT)
    assert first.programme.code in results.admission_facts.text() or (
        first.programme.name in results.admission_facts.text()
    )
    score = Decimal(str(server_result["score"]))

    # -- 5. enrollment confirmation: two steps, then final ---------------------------------
    admin.phase("confirmation")
    confirmation = next_step(qtbot, shell)
    assert isinstance(confirmation, ConfirmationPage)
    qtbot.waitUntil(lambda: confirmation.state == "ready", timeout=WAIT)
    confirmation.buttons["confirm"].click()
    assert confirmation.state == "asking"
    confirmation.buttons["final"].click()
    qtbot.waitUntil(lambda: confirmation.state == "confirmed", timeout=WAIT)
    with ministry.store.sessions() as session:
        done = list(
            session.scalars(
                select(EnrollmentConfirmationRow.programme_code).where(
                    EnrollmentConfirmationRow.cccd == who.cccd
                )
            )
        )
    assert done == [first.programme.code]
    shell.grab().save("/tmp/f9-journey-5-confirmed.png")

    # -- 6. the wipe, then the next candidate at the same kiosk ----------------------------
    shell.wipe()
    flush_deletes()
    assert shell.current_screen is shell.welcome
    assert leaks(shell, who) == []
    sign_in_ok(qtbot, shell, candidate)
    flush_deletes()
    assert leaks(shell, who, beside=candidate) == []
    texts = " ".join(visible_texts(shell))
    for secret in (first.programme.name, str(score).replace(".", ",")):
        assert secret not in texts
