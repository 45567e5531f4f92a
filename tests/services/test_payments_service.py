"""PaymentService against the real mock: the key is kept before the first request and reused,
the amount is count × fee − paid, the window is reported, a new key only after expiry."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from exam_client.api import cycle_client
from exam_client.api.client import MinistryClient
from exam_client.api.errors import Conflict, NetworkError, SlowDown
from exam_client.domain.money import format_vnd
from exam_client.services.candidate_session import CandidateSessionService, SessionEnded
from exam_client.services.connection import ConnectionMonitor
from exam_client.services.enrollment import DemoClockService
from exam_client.services.payments import ATTEMPT_KEY, PaymentService
from ministry_mock.app import faults_of, seed_report
from ministry_mock.demo_accounts import DEMO_ADMIN_PASS, DEMO_ADMIN_USERNAME, DEMO_CANDIDATE_PASS
from ministry_mock.faults import FaultConfig
from ministry_mock.store.payment_models import PaymentNvCount, PaymentOrderRow
from tests.ministry import MockMinistry


@dataclass
class Candidate:
    ministry: MockMinistry
    cccd: str
    sessions: CandidateSessionService
    admin: MinistryClient
    clock: DemoClockService

    def nv(self, count: int) -> None:
        with self.ministry.store.sessions() as session:
            session.merge(PaymentNvCount(cccd=self.cccd, exam_year=2026, count=count, version=1))
            session.commit()

    def order_count(self) -> int:
        with self.ministry.store.sessions() as session:
            query = select(func.count()).select_from(PaymentOrderRow)
            return int(session.scalar(query.where(PaymentOrderRow.cccd == self.cccd)) or 0)


@pytest.fixture
def signed_in(ministry: MockMinistry) -> Iterator[Candidate]:
    client = MinistryClient(ministry.base_url)
    sessions = CandidateSessionService(client, ConnectionMonitor(client))
    cccd = seed_report(ministry.app).demo_candidate_username
    assert cccd is not None
    sessions.sign_in(cccd, DEMO_CANDIDATE_PASS)
    admin = MinistryClient(ministry.base_url)
    admin.login(DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)
    yield Candidate(
        ministry,
        cccd,
        sessions,
        admin,
        DemoClockService(admin, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS),
    )
    sessions.end()()
    client.close()
    admin.close()


def test_fee_is_count_times_the_years_fee_and_the_window_is_open(signed_in: Candidate) -> None:
    signed_in.clock.jump("payment")
    signed_in.nv(4)
    due = PaymentService(signed_in.sessions).fee_due()
    assert (due.preference_count, due.fee_per_preference) == (4, 15_000)
    assert due.total == due.outstanding == 60_000 and format_vnd(due.outstanding) == "60.000\xa0₫"
    assert due.window.open_now and due.open_order is None and due.fee_matches_rules


def test_key_is_stored_before_sending_and_reused_after_overload(signed_in: Candidate) -> None:
    signed_in.clock.jump("payment")
    signed_in.nv(2)
    service = PaymentService(signed_in.sessions)
    attempt = service.attempt_for(service.fee_due())
    session = signed_in.sessions.session
    assert session is not None and session.data[ATTEMPT_KEY] is attempt  # before any POST
    faults = faults_of(signed_in.ministry.app)
    faults.configure(
        FaultConfig(overload_rate=1.0, retry_after_s=7, paths=("/payments/orders",), max_faults=1)
    )
    try:
        with pytest.raises(SlowDown) as slow:
            service.send(attempt)
    finally:
        faults.configure(FaultConfig())
    assert slow.value.retry_after == 7
    again = service.attempt_for(service.fee_due())
    assert again is attempt  # same amount, no order yet: the same key
    order = service.send(again)
    assert order.idempotency_key == attempt.idempotency_key and order.state == "pending"
    assert service.send(again).id == order.id and attempt.replays == 1
    assert signed_in.order_count() == 1


def test_dropped_answer_then_retry_is_one_order(signed_in: Candidate) -> None:
    signed_in.clock.jump("payment")
    signed_in.nv(1)
    service = PaymentService(signed_in.sessions)
    attempt = service.attempt_for(service.fee_due())
    faults = faults_of(signed_in.ministry.app)
    faults.configure(FaultConfig(drop_rate=1.0, paths=("/payments/orders",), max_faults=1))
    try:
        with pytest.raises(NetworkError):
            service.send(attempt)
    finally:
        faults.configure(FaultConfig())
    order = service.send(attempt)
    assert attempt.replays == 1 and signed_in.order_count() == 1
    cycle_client.simulate_payment(signed_in.admin, order.id, "paid")
    assert service.refresh(order.id).state == "paid"
    due = service.fee_due()
    assert due.all_paid and due.nothing_due and due.paid == 15_000


def test_expired_order_gets_a_new_key(signed_in: Candidate) -> None:
    signed_in.clock.jump("payment")
    signed_in.nv(2)
    service = PaymentService(signed_in.sessions)
    first = service.attempt_for(service.fee_due())
    order = service.send(first)
    cycle_client.simulate_payment(signed_in.admin, order.id, "expire")
    assert service.refresh(order.id).state == "expired"
    second = service.attempt_for(service.fee_due())
    assert second.idempotency_key != first.idempotency_key
    assert service.send(second).id != order.id


def test_closed_window_is_refused_with_the_dates(signed_in: Candidate) -> None:
    signed_in.clock.jump("payment_closed")
    signed_in.nv(2)
    service = PaymentService(signed_in.sessions)
    due = service.fee_due()
    assert not due.window.open_now and due.window.start is not None and due.window.end is not None
    with pytest.raises(Conflict) as closed:
        service.send(service.attempt_for(due))
    assert closed.value.code == "payment.window_closed"
    assert signed_in.order_count() == 0


def test_nothing_after_the_visit_ended(signed_in: Candidate) -> None:
    service = PaymentService(signed_in.sessions)
    signed_in.sessions.end()
    with pytest.raises(SessionEnded):
        service.fee_due()
    assert service.current_attempt() is None
