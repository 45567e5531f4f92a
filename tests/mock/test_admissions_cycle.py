"""The admissions cycle's rules in process: when a round may run, what is considered, the hook.

The HTTP flow end to end is ``test_full_cycle.py``; here the pieces it relies on are pinned
down on a small instance whose clock the test sets: unpaid NV are left out, filtering waits for
the payment window (2026: it closes a week after the NV window), and the demo-clock hook runs
round 1 once the filtering window has opened, and only once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from exam_client.domain.timeline import VN_TZ
from ministry_mock.admissions.from_store import build_instance
from ministry_mock.admissions_cycle import (
    earliest_start,
    first_round_if_due,
    rounds_of,
    run_round,
)
from ministry_mock.app import create_app, instance_of
from ministry_mock.catalog import catalog_for
from ministry_mock.payments import ruleset_for
from ministry_mock.problems import ApiProblem
from ministry_mock.store.cycle_models import PreferenceVersionRow
from ministry_mock.store.models import Citizen
from ministry_mock.store.payment_models import AdmissionRow, PaymentOrderRow
from tests.mock.conftest import small_settings

PREFERENCES_CLOSED = datetime(2026, 7, 14, 17, 0, tzinfo=VN_TZ)
PAYMENT_CLOSED = datetime(2026, 7, 21, 17, 0, tzinfo=VN_TZ)
FILTERING = datetime(2026, 8, 4, 0, 0, tzinfo=VN_TZ)


class SetClock:
    def __init__(self) -> None:
        self._now = FILTERING.astimezone(UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment.astimezone(UTC)


@pytest.fixture
def clock() -> SetClock:
    return SetClock()


@pytest.fixture
def app(tmp_path: Path, clock: SetClock) -> Iterator[FastAPI]:
    built = create_app(small_settings(tmp_path / "m.sqlite3", citizens=40, schools=10, clock=clock))
    yield built
    instance_of(built).store.close()


def _lists(app: FastAPI, count: int, paid_nv: list[int]) -> list[str]:
    """``count`` candidates, each listing the first two programmes; ``paid_nv[i]`` NV paid."""
    inst = instance_of(app)
    rs = ruleset_for(2026)
    programmes = catalog_for(inst.settings, 2026).programmes[:2]
    items = [{"institution_code": p.institution_code, "programme_code": p.code} for p in programmes]
    with inst.store.sessions() as session:
        cccds = list(session.scalars(select(Citizen.cccd).order_by(Citizen.seq).limit(count)))
        for n, (cccd, paid) in enumerate(zip(cccds, paid_nv, strict=True)):
            session.add(
                PreferenceVersionRow(
                    cccd=cccd,
                    exam_year=2026,
                    version=1,
                    items=items,
                    count=2,
                    fee_total=2 * rs.fee_per_preference,
                    created_at=PREFERENCES_CLOSED,
                    created_by=cccd,
                )
            )
            if paid:
                session.add(
                    PaymentOrderRow(
                        id=f"order-{n}",
                        code=f"CODE{n:06d}",
                        cccd=cccd,
                        exam_year=2026,
                        idempotency_key=f"key-{n:08d}",
                        body_hash="x",
                        amount=paid * rs.fee_per_preference,
                        preference_count=2,
                        state="paid",
                        vietqr_payload="-",
                        transfer_content="-",
                        created_at=PREFERENCES_CLOSED,
                        expires_at=PAYMENT_CLOSED,
                        updated_at=PREFERENCES_CLOSED,
                    )
                )
        session.commit()
    return cccds


def test_only_paid_preferences_are_considered(app: FastAPI, clock: SetClock) -> None:
    cccds = _lists(app, 3, paid_nv=[2, 1, 0])
    inst = instance_of(app)
    with inst.store.sessions() as session:
        cycle = build_instance(session, inst.settings, ruleset_for(2026), now=clock())
    assert cycle.cccds == tuple(sorted(cccds))
    counts = dict(zip(cycle.cccds, cycle.instance.preferences.counts().tolist(), strict=True))
    assert [counts[c] for c in cccds] == [2, 1, 0]
    assert cycle.unpaid == 0 + 1 + 2
    assert cycle.nv_rank.tolist() == [r for c in cycle.cccds for r in range(1, counts[c] + 1)]


def test_filtering_waits_for_the_payment_window(app: FastAPI, clock: SetClock) -> None:
    rs = ruleset_for(2026)
    assert earliest_start(rs)[0] == PAYMENT_CLOSED  # later than the NV window's close
    inst = instance_of(app)
    clock.set(PREFERENCES_CLOSED + timedelta(days=1))
    with inst.store.sessions() as session, pytest.raises(ApiProblem) as refused:
        run_round(session, inst.settings, rs, number=1, changes=(), now=clock(), gateway=None)
    assert refused.value.code == "admissions.too_early"
    assert refused.value.extra["starts_at"] == PAYMENT_CLOSED.isoformat()


def test_the_clock_hook_runs_round_one_once_filtering_opens(app: FastAPI, clock: SetClock) -> None:
    _lists(app, 4, paid_nv=[2, 2, 2, 2])
    inst = instance_of(app)
    rs = ruleset_for(2026)
    with inst.store.sessions() as session:
        clock.set(PAYMENT_CLOSED + timedelta(days=1))  # allowed, but filtering has not opened
        assert first_round_if_due(session, inst.settings, rs, clock(), None) is None
        clock.set(FILTERING + timedelta(hours=1))
        row = first_round_if_due(session, inst.settings, rs, clock(), None)
        assert row is not None and row.number == 1 and row.candidates == 4
        assert not row.violations
        assert first_round_if_due(session, inst.settings, rs, clock(), None) is None
        assert [r.number for r in rounds_of(session, 2026)] == [1]
        recorded = session.scalars(select(AdmissionRow).where(AdmissionRow.exam_year == 2026))
        assert len(list(recorded)) == row.admitted


def test_the_same_round_run_twice_at_once_is_stored_once(app: FastAPI, clock: SetClock) -> None:
    _lists(app, 3, paid_nv=[2, 2, 2])
    inst = instance_of(app)
    rs = ruleset_for(2026)
    start = threading.Barrier(2)
    answers: list[tuple[int, bool]] = []

    def run() -> None:
        with inst.store.sessions() as session:
            start.wait()
            row, new = run_round(
                session, inst.settings, rs, number=1, changes=(), now=clock(), gateway=None
            )
            answers.append((row.number, new))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [(1, False), (1, True)]  # one ran it, the other got it back
    with inst.store.sessions() as session:
        assert [r.number for r in rounds_of(session, 2026)] == [1]
