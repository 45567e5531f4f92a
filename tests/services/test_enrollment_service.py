"""EnrollmentService and the demo clock against the real mock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from exam_client.services.enrollment import DEMO_JOURNEY, EnrollmentService, NotConfirmable
from ministry_mock.confirmations import record_admission
from tests.services.test_payments_service import Candidate, signed_in  # noqa: F401 - fixture


def admit(c: Candidate, published_at) -> None:  # type: ignore[no-untyped-def]
    with c.ministry.store.sessions() as session:
        record_admission(
            session,
            cccd=c.cccd,
            year=2026,
            institution_code="QSB",
            programme_code="7480201",
            preference_rank=1,
            score=2600,
            cutoff=2500,
            published_at=published_at,
        )
        session.commit()


def test_demo_clock_walks_the_journey_in_order(signed_in: Candidate) -> None:  # noqa: F811
    clock = signed_in.clock
    clock.jump(DEMO_JOURNEY[0])
    seen = [clock.advance().phase for _ in DEMO_JOURNEY[1:]]
    # results and confirmation open at the same moment in 2026: one step, then the deadline
    assert seen == ["payment", "filtering", "results", "confirmation_closed"]
    assert clock.advance().phase == DEMO_JOURNEY[0]  # wraps to the start


def test_confirm_once_inside_the_window_then_final(signed_in: Candidate) -> None:  # noqa: F811
    move = signed_in.clock.jump("confirmation")
    admit(signed_in, move.state.now)
    service = EnrollmentService(signed_in.sessions)
    view = service.load()
    assert view.refusal() is None
    left = view.remaining()
    assert left is not None and timedelta(days=7) < left <= timedelta(days=8)  # server's clock
    key = service.confirmation_key()
    done = service.confirm(view)
    assert done.idempotency_key == key and done.programme_code == "7480201"
    after = service.load()
    assert after.result.status == "confirmed"
    refusal = after.refusal()
    assert refusal is not None and refusal.reason == "confirmed"
    with pytest.raises(NotConfirmable):
        service.confirm(after)


def test_not_admitted_and_closed_are_refused_before_sending(signed_in: Candidate) -> None:  # noqa: F811
    service = EnrollmentService(signed_in.sessions)
    signed_in.clock.jump("confirmation")
    with pytest.raises(NotConfirmable) as none:
        service.confirm(service.load())
    assert none.value.reason == "not_admitted"
    move = signed_in.clock.jump("confirmation_closed")
    admit(signed_in, move.state.now - timedelta(days=9))
    with pytest.raises(NotConfirmable) as closed:
        service.confirm(service.load())
    assert closed.value.reason == "closed"
