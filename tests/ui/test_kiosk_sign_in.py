"""Sign-in completion against the real mock: a school-issued password changed at first sign-in,
and VNeID (QR from the server, demo approval, polling until signed in)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from exam_client.api.client import MinistryClient
from exam_client.services.candidate_session import CandidateSessionService
from exam_client.services.connection import ConnectionMonitor
from exam_client.ui.kiosk.shell import KioskShell
from exam_client.ui.kiosk.vneid import VneidScreen
from exam_client.ui.tasks import TaskRunner
from ministry_mock.app import seed_report
from tests.ministry import MockMinistry
from tests.ui.test_kiosk_shell import (  # noqa: F401 - fixtures
    Candidate,
    candidate,
    kiosk,
    make_kiosk,
    services,
    sign_in,
)

TIMEOUT_MS = 20_000


def issue_account(ministry: MockMinistry) -> tuple[str, str]:
    """What a school does: issue a candidate account with a one-time password."""
    staff = requests.post(
        f"{ministry.base_url}/auth/login",
        json={"username": ministry.username, "password": ministry.password},
        timeout=10,
    ).json()["access_token"]
    demo = seed_report(ministry.app).demo_candidate_username
    cccd = next(c for c in ministry.citizen_ids(10) if c != demo)
    answer = requests.post(
        f"{ministry.base_url}/auth/candidate-accounts",
        json={"cccd": cccd},
        headers={"Authorization": f"Bearer {staff}"},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return cccd, str(answer.json()["initial_password"])


def test_first_sign_in_changes_the_school_password_on_the_server(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    ministry: MockMinistry,
) -> None:
    cccd, initial = issue_account(ministry)
    sign_in(qtbot, kiosk, cccd, initial)
    qtbot.waitUntil(lambda: kiosk.password is not None, timeout=TIMEOUT_MS)
    screen = kiosk.password
    assert screen is not None and kiosk.current_screen is screen
    qtbot.keyClicks(screen.new, "HoaSen2026")
    qtbot.keyClicks(screen.confirm, "HoaSen2026")
    qtbot.keyClick(screen.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(screen.continue_button.isVisible, timeout=TIMEOUT_MS)
    assert "Đã đổi mật khẩu" in screen.message.text()
    screen.grab().save("/tmp/full7-password.png")
    qtbot.mouseClick(screen.continue_button, Qt.MouseButton.LeftButton)
    assert kiosk.current_screen is kiosk.frame
    kiosk.wipe()
    old = requests.post(
        f"{ministry.base_url}/auth/login",
        json={"username": cccd, "password": initial},
        timeout=10,
    )
    assert old.status_code == 401  # the school's password is gone
    sign_in(qtbot, kiosk, cccd, "HoaSen2026")
    qtbot.waitUntil(lambda: kiosk.frame is not None, timeout=TIMEOUT_MS)
    assert kiosk.password is None  # asked once only


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    """Outlives the screens of a test (callbacks may still be queued when the test returns)."""
    pool = TaskRunner()
    yield pool
    pool.wait_idle(5000)


@pytest.fixture
def demo_sessions(ministry: MockMinistry) -> Iterator[CandidateSessionService]:
    client = MinistryClient(ministry.base_url, retries=0)
    try:
        yield CandidateSessionService(client, ConnectionMonitor(client), demo=True)
    finally:
        client.close()


def test_vneid_qr_demo_approval_signs_in(
    qtbot: QtBot,
    ministry: MockMinistry,
    demo_sessions: CandidateSessionService,
    runner: TaskRunner,
) -> None:
    screen = VneidScreen(sessions=lambda: demo_sessions, runner=runner)
    qtbot.addWidget(screen)
    screen.resize(1280, 700)
    screen.show()
    qtbot.waitUntil(lambda: screen.state == "waiting", timeout=TIMEOUT_MS)
    assert screen.challenge is not None and not screen.challenge.local_only
    assert not screen.qr.pixmap().isNull()
    assert screen.demo_button.isVisible() and screen.demo_button.accessibleName()
    assert "chờ" in screen.pending.text()
    screen.grab().save("/tmp/full7-vneid.png")
    with qtbot.waitSignal(screen.signed_in, timeout=TIMEOUT_MS):
        qtbot.mouseClick(screen.demo_button, Qt.MouseButton.LeftButton)
    session = demo_sessions.session
    assert session is not None
    assert session.cccd == seed_report(ministry.app).demo_candidate_username
    screen.hide()
    runner.wait_idle(5000)


def test_vneid_without_demo_mode_has_no_approval_button(
    qtbot: QtBot, ministry: MockMinistry, runner: TaskRunner
) -> None:
    client = MinistryClient(ministry.base_url, retries=0)
    sessions = CandidateSessionService(client, ConnectionMonitor(client), demo=False)
    screen = VneidScreen(sessions=lambda: sessions, runner=runner)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.state == "waiting", timeout=TIMEOUT_MS)
    assert not screen.demo_button.isVisible()
    screen.hide()
    runner.wait_idle(5000)
    client.close()


def test_vneid_server_down_is_calm_and_offers_a_new_code(
    qtbot: QtBot,
    ministry: MockMinistry,
    demo_sessions: CandidateSessionService,
    runner: TaskRunner,
) -> None:
    ministry.stop()
    screen = VneidScreen(sessions=lambda: demo_sessions, runner=runner)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.state == "failed", timeout=TIMEOUT_MS)
    assert "không làm gì sai" in screen.pending.text()
    assert screen.new_button.isVisible() and not screen.qr.isVisible()
    runner.wait_idle(5000)
