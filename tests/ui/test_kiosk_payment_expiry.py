"""The session ends (the server refuses the candidate's tokens) while the payment step is open or
polling: the kiosk says so on the sign-in form, and after the same candidate signs in again the
payment goes on from the same order / the same idempotency key — exactly one order on the mock.

Real kiosk shell, real mock over HTTP; the session is ended the way a sign-out elsewhere ends it
(``/auth/logout`` with the candidate's refresh token).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from exam_client.services.context import AppServices
from exam_client.services.payments import ATTEMPT_KEY, PaymentAttempt
from exam_client.ui.kiosk.payment import PaymentPage
from exam_client.ui.kiosk.shell import KioskShell
from ministry_mock.app import instance_of
from ministry_mock.clock import demo_clock, jump_target
from ministry_mock.store.payment_models import PaymentNvCount, PaymentOrderRow
from tests.ministry import MockMinistry
from tests.ui.test_kiosk_faults import revoke_tokens, sign_in_again, wait_session_expired
from tests.ui.test_kiosk_shell import (  # noqa: F401 - fixtures
    Candidate,
    candidate,
    kiosk,
    make_kiosk,
    services,
    sign_in_ok,
)

TIMEOUT = 20_000
NV = 2


@pytest.fixture
def payment_open(
    ministry: MockMinistry,
    candidate: Candidate,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Inside the 2026 payment window (set before signing in: moving the clock later would
    expire the tokens by itself), the candidate with ``NV`` preferences, quick polling."""
    clock = demo_clock(instance_of(ministry.app).settings)
    assert clock is not None
    clock.set(jump_target("payment", 2026), frozen=True)
    with ministry.store.sessions() as session:
        session.merge(PaymentNvCount(cccd=candidate.cccd, exam_year=2026, count=NV, version=1))
        session.commit()
    monkeypatch.setattr(PaymentPage, "poll_interval_ms", 50)


def orders(ministry: MockMinistry, who: Candidate) -> list[PaymentOrderRow]:
    """The candidate's orders as the mock stores them (the proof of "one charge")."""
    with ministry.store.sessions() as session:
        rows = session.scalars(select(PaymentOrderRow).where(PaymentOrderRow.cccd == who.cccd))
        return list(rows)


def open_payment(qtbot: QtBot, kiosk: KioskShell) -> PaymentPage:  # noqa: F811
    frame = kiosk.frame
    assert frame is not None
    frame.go_to(next(i for i, s in enumerate(frame.specs) if s.key == "payment"))
    return payment_page_now(qtbot, kiosk)


def payment_page_now(qtbot: QtBot, kiosk: KioskShell) -> PaymentPage:  # noqa: F811
    assert kiosk.frame is not None
    page = kiosk.frame.page
    assert isinstance(page, PaymentPage), "on the payment step"
    qtbot.waitUntil(lambda: page.state not in ("loading", "sending"), timeout=TIMEOUT)
    return page


def held_attempt(kiosk: KioskShell) -> PaymentAttempt:  # noqa: F811
    session = kiosk._sessions.session if kiosk._sessions else None
    assert session is not None
    attempt = session.data.get(ATTEMPT_KEY)
    assert isinstance(attempt, PaymentAttempt)
    return attempt


def test_session_ends_while_polling_then_the_same_order_comes_back(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    ministry: MockMinistry,
    services: AppServices,  # noqa: F811
    payment_open: None,
) -> None:
    sign_in_ok(qtbot, kiosk, candidate)
    page = open_payment(qtbot, kiosk)
    assert page.state == "ready", page.status.text()
    qtbot.mouseClick(page.buttons["pay"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.state == "pending", timeout=TIMEOUT)
    order = page.order_panel.order
    assert order is not None
    key = held_attempt(kiosk).idempotency_key

    revoke_tokens(ministry, services)  # the next poll is refused
    with qtbot.waitSignal(kiosk.session_expired, timeout=TIMEOUT):
        pass
    form = wait_session_expired(qtbot, kiosk)
    assert "chưa lưu được giữ lại" in form.notice.text()
    kiosk.grab().save("/tmp/full-a-payment-session-ended.png")
    del page

    sign_in_again(qtbot, kiosk, candidate)
    page = payment_page_now(qtbot, kiosk)  # back on the payment step, not on the home page
    assert page.state == "pending"
    again = page.order_panel.order
    assert again is not None and again.id == order.id and again.code == order.code
    assert not page.buttons["pay"].isVisible(), "no second pay button for an open order"
    assert held_attempt(kiosk).idempotency_key == key  # the same key, if it were sent again
    rows = orders(ministry, candidate)
    assert len(rows) == 1 and rows[0].id == order.id


def test_session_ends_as_pay_is_pressed_then_paying_again_makes_one_order(
    kiosk: KioskShell,  # noqa: F811
    qtbot: QtBot,
    candidate: Candidate,  # noqa: F811
    ministry: MockMinistry,
    services: AppServices,  # noqa: F811
    payment_open: None,
) -> None:
    sign_in_ok(qtbot, kiosk, candidate)
    page = open_payment(qtbot, kiosk)
    assert page.state == "ready"
    revoke_tokens(ministry, services)
    with qtbot.waitSignal(kiosk.session_expired, timeout=TIMEOUT):
        qtbot.mouseClick(page.buttons["pay"], Qt.MouseButton.LeftButton)
    wait_session_expired(qtbot, kiosk)
    assert orders(ministry, candidate) == []  # refused: nothing was created

    sign_in_again(qtbot, kiosk, candidate)
    page = payment_page_now(qtbot, kiosk)
    assert page.state == "ready"
    key = held_attempt(kiosk).idempotency_key  # held over the sign-in
    qtbot.mouseClick(page.buttons["pay"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.state == "pending", timeout=TIMEOUT)
    order = page.order_panel.order
    assert order is not None and order.idempotency_key == key
    assert held_attempt(kiosk).sends == 1
    rows = orders(ministry, candidate)
    assert len(rows) == 1 and rows[0].id == order.id
