"""The payment step against the real mock over HTTP: VietQR, polling, 503 + Retry-After,
a connection lost after the server committed, expiry and a new order, the window, the receipt.

Shared fixtures (``visit``, ``admin_client``) are imported by the results and confirmation
tests. The demo clock is moved the way the demo control moves it (``/admin/clock``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from exam_client.api import cycle_client
from exam_client.api.client import MinistryClient
from exam_client.domain.money import format_vnd
from exam_client.domain.vietqr import parse_payload
from exam_client.services.bootstrap import build_services
from exam_client.services.candidate_session import CandidateSessionService
from exam_client.services.context import AppServices
from exam_client.services.enrollment import DemoClockService
from exam_client.services.payments import ATTEMPT_KEY, qr_payload
from exam_client.services.settings import Settings
from exam_client.ui.kiosk.payment import PaymentPage
from exam_client.ui.kiosk.steps import PageContext
from exam_client.ui.kiosk.theme import apply_kiosk_theme
from exam_client.ui.tasks import TaskRunner
from ministry_mock.app import faults_of, seed_report
from ministry_mock.demo_accounts import DEMO_ADMIN_PASS, DEMO_ADMIN_USERNAME, DEMO_CANDIDATE_PASS
from ministry_mock.faults import FaultConfig
from ministry_mock.store.payment_models import PaymentNvCount, PaymentOrderRow
from tests.ministry import MockMinistry

FEE_2026 = 15_000  # resources/rules/2026.toml (unverified there: the server's value is used)


@dataclass
class Visit:
    ministry: MockMinistry
    services: AppServices
    sessions: CandidateSessionService
    ctx: PageContext
    cccd: str
    name: str
    clock: DemoClockService

    def nv(self, count: int, year: int = 2026) -> None:
        """Give the candidate ``count`` registered NV (the mock's stand-in table)."""
        with self.ministry.store.sessions() as session:
            session.merge(PaymentNvCount(cccd=self.cccd, exam_year=year, count=count, version=1))
            session.commit()

    def orders(self) -> list[PaymentOrderRow]:
        with self.ministry.store.sessions() as session:
            rows = session.scalars(select(PaymentOrderRow).where(PaymentOrderRow.cccd == self.cccd))
            return list(rows)

    def order_count(self) -> int:
        with self.ministry.store.sessions() as session:
            query = select(func.count()).where(PaymentOrderRow.cccd == self.cccd)
            return int(session.scalar(query.select_from(PaymentOrderRow)) or 0)


@pytest.fixture
def admin_client(ministry: MockMinistry) -> Iterator[MinistryClient]:
    client = MinistryClient(ministry.base_url)
    client.login(DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)
    yield client
    client.close()


@pytest.fixture
def visit(ministry: MockMinistry, tmp_path: Path, qtbot: QtBot) -> Iterator[Visit]:
    services = build_services(
        Settings(data_dir=tmp_path / "client", api_url=ministry.base_url, mode="kiosk")
    )
    runner = TaskRunner()
    sessions = CandidateSessionService.for_services(services)
    cccd = seed_report(ministry.app).demo_candidate_username
    assert cccd is not None
    sessions.sign_in(cccd, DEMO_CANDIDATE_PASS)
    admin = MinistryClient(ministry.base_url)
    clock = DemoClockService(admin, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)
    try:
        yield Visit(
            ministry,
            services,
            sessions,
            PageContext(sessions, runner, ()),
            cccd,
            ministry.citizen_name(cccd),
            clock,
        )
    finally:
        sessions.end()
        runner.wait_idle(10_000)
        admin.close()
        services.close()


def show(qtbot: QtBot, page: QWidget) -> QWidget:
    """Shown as the kiosk shows it: its theme, a kiosk-sized window."""
    page.setObjectName("kioskShell")
    apply_kiosk_theme(page)
    page.resize(1100, 760)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def payment_page(qtbot: QtBot, visit: Visit) -> PaymentPage:
    page = PaymentPage(visit.ctx)
    page.poll_interval_ms = 50
    show(qtbot, page)
    page.entered()
    qtbot.waitUntil(lambda: page.state != "loading", timeout=15_000)
    return page


def wait_state(qtbot: QtBot, page: PaymentPage, state: str) -> None:
    qtbot.waitUntil(lambda: page.state == state, timeout=15_000)


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path)
    try:
        return "".join(p.get_textpage().get_text_range() for p in pdf)
    finally:
        pdf.close()


# -- tests ----------------------------------------------------------------------------------------


def test_happy_path_vietqr_then_paid_then_receipt(
    qtbot: QtBot, visit: Visit, admin_client: MinistryClient
) -> None:
    visit.clock.jump("payment")
    visit.nv(3)
    page = payment_page(qtbot, visit)
    assert page.state == "ready"
    amount = format_vnd(3 * FEE_2026)
    assert page.amount.text() == amount
    assert "3 nguyện vọng × 15.000" in page.headline.text()
    assert page.buttons["pay"].isVisible() and amount in page.buttons["pay"].text()

    page.buttons["pay"].click()
    key = visit.sessions.session.data[ATTEMPT_KEY].idempotency_key  # type: ignore[union-attr]
    assert key  # stored before the answer came back
    wait_state(qtbot, page, "pending")
    order = page.order_panel.order
    assert order is not None and order.idempotency_key == key
    qr = parse_payload(qr_payload(order))
    assert qr.amount == 3 * FEE_2026 and qr.purpose == order.transfer_content
    assert page.order_panel.qr.pixmap() is not None and not page.order_panel.qr.pixmap().isNull()
    assert page.order_panel.values["content"].text() == order.transfer_content
    page.grab().save("/tmp/h8-payment-pending.png")

    cycle_client.simulate_payment(admin_client, order.id, "paid")
    wait_state(qtbot, page, "paid")  # the poll saw it, no button pressed
    assert "Đã thanh toán" in page.status.text()
    assert page.buttons["receipt"].isVisible() and not page.buttons["pay"].isVisible()
    page.grab().save("/tmp/h8-payment-paid.png")

    page.buttons["receipt"].click()
    qtbot.waitUntil(lambda: page.printed is not None, timeout=15_000)
    assert page.printed is not None
    text = pdf_text(page.printed.path)
    assert "45.000" in text and order.code in text and visit.name in text
    assert "BIÊN LAI NỘP LỆ PHÍ XÉT TUYỂN" in text
    receipt_path = page.printed.path
    page.cancel_tasks()  # what the wipe does
    assert not receipt_path.exists(), "a receipt must not outlive the visit on a shared kiosk"
    assert visit.order_count() == 1


def test_overload_waits_then_succeeds_with_one_order(qtbot: QtBot, visit: Visit) -> None:
    visit.clock.jump("payment")
    visit.nv(2)
    page = payment_page(qtbot, visit)
    faults = faults_of(visit.ministry.app)
    faults.configure(
        FaultConfig(
            overload_rate=1.0,
            retry_after_s=2,
            paths=("/payments/orders",),
            methods=("POST",),
            max_faults=1,
        )
    )
    try:
        page.buttons["pay"].click()
        wait_state(qtbot, page, "waiting")
        assert page.countdown.isVisible() and page.countdown.text() in {"1", "2"}
        assert "không bị trừ tiền hai lần" in page.status.text()
        assert not page.buttons["pay"].isVisible(), "no second pay button while waiting"
        page.grab().save("/tmp/h8-payment-waiting.png")
        assert visit.order_count() == 0
        wait_state(qtbot, page, "pending")
    finally:
        faults.configure(FaultConfig())
    attempt = visit.sessions.session.data[ATTEMPT_KEY]  # type: ignore[union-attr]
    assert attempt.sends == 2
    assert page.order_panel.order is not None
    assert page.order_panel.order.idempotency_key == attempt.idempotency_key
    assert visit.order_count() == 1


def test_connection_lost_after_commit_then_retry_is_one_charge(
    qtbot: QtBot,
    visit: Visit,
    admin_client: MinistryClient,
) -> None:
    visit.clock.jump("payment")
    visit.nv(1)
    page = payment_page(qtbot, visit)
    faults = faults_of(visit.ministry.app)
    faults.configure(
        FaultConfig(drop_rate=1.0, paths=("/payments/orders",), methods=("POST",), max_faults=1)
    )
    try:
        page.buttons["pay"].click()
        wait_state(qtbot, page, "offline")
    finally:
        faults.configure(FaultConfig())
    assert visit.order_count() == 1, "the server committed the order before the line dropped"
    assert page.buttons["retry"].isVisible()
    page.grab().save("/tmp/h8-payment-offline.png")
    page.buttons["retry"].click()
    wait_state(qtbot, page, "pending")
    attempt = visit.sessions.session.data[ATTEMPT_KEY]  # type: ignore[union-attr]
    assert attempt.replays == 1  # the server recognised the key: the same order came back
    order = page.order_panel.order
    assert order is not None
    cycle_client.simulate_payment(admin_client, order.id, "paid")
    wait_state(qtbot, page, "paid")
    rows = visit.orders()
    assert [r.state for r in rows] == ["paid"]
    assert sum(r.amount for r in rows if r.state == "paid") == FEE_2026


def test_expired_order_offers_a_new_one_with_a_new_key(
    qtbot: QtBot,
    visit: Visit,
    admin_client: MinistryClient,
) -> None:
    visit.clock.jump("payment")
    visit.nv(2)
    page = payment_page(qtbot, visit)
    page.buttons["pay"].click()
    wait_state(qtbot, page, "pending")
    first = page.order_panel.order
    assert first is not None
    cycle_client.simulate_payment(admin_client, first.id, "expire")
    wait_state(qtbot, page, "expired")
    assert "chưa bị trừ tiền" in page.status.text()
    assert page.buttons["new_order"].isVisible()
    page.grab().save("/tmp/h8-payment-expired.png")
    page.buttons["new_order"].click()
    wait_state(qtbot, page, "ready")
    page.buttons["pay"].click()
    wait_state(qtbot, page, "pending")
    second = page.order_panel.order
    assert second is not None and second.id != first.id
    assert second.idempotency_key != first.idempotency_key
    assert sorted(r.state for r in visit.orders()) == ["expired", "pending"]


def test_debited_unrecorded_says_do_not_pay_again(
    qtbot: QtBot,
    visit: Visit,
    admin_client: MinistryClient,
) -> None:
    visit.clock.jump("payment")
    visit.nv(1)
    page = payment_page(qtbot, visit)
    page.buttons["pay"].click()
    wait_state(qtbot, page, "pending")
    order = page.order_panel.order
    assert order is not None
    cycle_client.simulate_payment(admin_client, order.id, "debited_unrecorded")
    wait_state(qtbot, page, "debited_unrecorded")
    assert "ĐỪNG thanh toán lại" in page.status.text()
    assert not page.buttons["pay"].isVisible() and not page.buttons["new_order"].isVisible()
    page.grab().save("/tmp/h8-payment-debited.png")
    # a new visit to the page finds the open order instead of offering to pay
    again = payment_page(qtbot, visit)
    assert again.state == "debited_unrecorded"
    cycle_client.simulate_payment(admin_client, order.id, "reconcile")
    wait_state(qtbot, again, "paid")
    assert visit.order_count() == 1


def test_outside_the_window_shows_the_dates_and_no_button(qtbot: QtBot, visit: Visit) -> None:
    visit.clock.jump("preferences")
    visit.nv(2)
    page = payment_page(qtbot, visit)
    assert page.state == "closed"
    assert "15/07/2026" in page.status.text() and "21/07/2026" in page.status.text()
    assert not page.buttons["pay"].isVisible()
    page.grab().save("/tmp/h8-payment-closed.png")
    assert visit.order_count() == 0
