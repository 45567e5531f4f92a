"""The admissions cycle in the mock: filtering rounds run on stored data, results recorded.

One round (``POST /admin/admissions/rounds``, :func:`run_round`):

1. refuse while candidates may still change the input — before the NV window has closed, and
   (when unpaid NV are dropped) before the payment window has closed — and once any candidate
   has confirmed a place, because a new round could take that place away (DOMAIN.md §8);
2. build the instance from the store with the quota/floor changes of this and every earlier
   round (:mod:`ministry_mock.admissions.from_store`);
3. run the fast engine and the verifier (:func:`ministry_mock.admissions.rounds.run_rounds`):
   a violation quarantines the programmes involved instead of aborting;
4. replace the year's ``admissions`` rows with what the round publishes, through
   :func:`ministry_mock.confirmations.record_admission`, visible from the results date (or at
   once when that date has passed), so ``GET /admission/me`` and confirmation work.

Rounds are numbered 1, 2, … and each is written once: the same request again returns the stored
round (idempotent), another body for an existing number is a 409. Demo instances may reset the
year (:func:`reset_rounds`) to start over. Every round is a complete run (deferred acceptance is
cheap), so a late reconciled payment is picked up by the next round.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from exam_client.domain.ruleset import RuleSet
from exam_client.domain.timeline import Phase, vi_moment
from ministry_mock.admissions.engine import filter_candidates
from ministry_mock.admissions.from_store import CycleInstance, QuotaChange, build_instance
from ministry_mock.admissions.instance import Instance
from ministry_mock.admissions.result import FilterResult
from ministry_mock.admissions.rounds import WITHHELD, run_rounds
from ministry_mock.admissions.to_store import catalog_names, programme_figures, record_round
from ministry_mock.catalog import catalog_for
from ministry_mock.confirmations import confirmed_cccds
from ministry_mock.gateway import Gateway
from ministry_mock.problems import ApiProblem
from ministry_mock.settings import MockSettings
from ministry_mock.store.admission_models import FilteringRoundRow
from ministry_mock.store.payment_models import AdmissionRow

Engine = Callable[[Instance], FilterResult]


def rounds_of(session: Session, year: int) -> list[FilteringRoundRow]:
    query = select(FilteringRoundRow).where(FilteringRoundRow.exam_year == year)
    return list(session.scalars(query.order_by(FilteringRoundRow.number)))


def _hash(year: int, number: int, changes: Sequence[QuotaChange]) -> str:
    canonical = {"year": year, "number": number, "changes": [_as_json(c) for c in changes]}
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _as_json(change: QuotaChange) -> dict[str, object]:
    return {
        "institution_code": change.institution_code,
        "programme_code": change.programme_code,
        "quota": change.quota,
        "floor": change.floor,
    }


def _from_json(item: dict[str, object]) -> QuotaChange:
    quota, floor = item.get("quota"), item.get("floor")
    return QuotaChange(
        str(item["institution_code"]),
        str(item["programme_code"]),
        quota=int(quota) if isinstance(quota, int) else None,
        floor=int(floor) if isinstance(floor, int) else None,
    )


def normalised(changes: Sequence[QuotaChange]) -> list[QuotaChange]:
    return [
        QuotaChange(
            c.institution_code.strip().upper(), c.programme_code.strip().upper(), c.quota, c.floor
        )
        for c in changes
    ]


def earliest_start(rs: RuleSet) -> tuple[datetime | None, str]:
    """When filtering may start: the NV window closed (and payment, if unpaid NV are dropped)."""
    moment, what = None, ""
    preferences = rs.timeline.window(Phase.PREFERENCES)
    if preferences is not None and preferences.end is not None:
        moment, what = preferences.end, "đăng ký nguyện vọng"
    payment = rs.timeline.window(Phase.PAYMENT)
    paid_until = payment.end if payment is not None else None
    later = paid_until is not None and (moment is None or paid_until > moment)
    if rs.all_preferences_must_be_paid and later:
        moment, what = paid_until, "nộp lệ phí xét tuyển"
    return moment, what


def _refuse_if_not_allowed(session: Session, rs: RuleSet, now: datetime) -> None:
    start, what = earliest_start(rs)
    if start is not None and now < start:
        raise ApiProblem(
            409,
            "admissions.too_early",
            "Chưa thể chạy lọc ảo",
            f"Thời gian {what} năm {rs.year} kéo dài đến {vi_moment(start)}; chỉ lọc ảo sau "
            "khi thí sinh không thể thay đổi dữ liệu nữa.",
            extra={"starts_at": start.isoformat()},
        )
    if confirmed_cccds(session, rs.year):
        raise ApiProblem(
            409,
            "admissions.confirmations_started",
            "Đã có thí sinh xác nhận nhập học",
            "Không thể chạy thêm vòng lọc ảo khi đã có thí sinh xác nhận nhập học: vòng mới "
            "có thể lấy mất chỗ đã xác nhận.",
        )


def _check_changes(catalog_keys: set[tuple[str, str]], changes: Sequence[QuotaChange]) -> None:
    unknown = [
        f"{c.institution_code}/{c.programme_code}"
        for c in changes
        if (c.institution_code, c.programme_code) not in catalog_keys
    ]
    if unknown:
        raise ApiProblem(
            422,
            "admissions.unknown_programme",
            "Không có ngành trong danh mục",
            f"Không tìm thấy mã xét tuyển trong danh mục năm: {', '.join(unknown)}.",
            extra={"unknown": unknown},
        )


def published_at(rs: RuleSet, now: datetime) -> datetime:
    """Results become visible on the results date, or at once if it has passed."""
    results = rs.timeline.window(Phase.RESULTS)
    if results is None or results.start is None or results.start <= now:
        return now.astimezone(UTC)
    return results.start.astimezone(UTC)


def run_round(
    session: Session,
    settings: MockSettings,
    rs: RuleSet,
    *,
    number: int,
    changes: Sequence[QuotaChange],
    now: datetime,
    gateway: Gateway | None,
    engine: Engine = filter_candidates,
) -> tuple[FilteringRoundRow, bool]:
    """Run round ``number`` (or return it if already run with this body); returns (row, new)."""
    changes = normalised(changes)
    digest = _hash(rs.year, number, changes)
    done = rounds_of(session, rs.year)
    if (existing := next((r for r in done if r.number == number), None)) is not None:
        if existing.body_hash != digest:
            raise _round_exists(rs.year, number, len(done))
        return existing, False
    if number != len(done) + 1:
        raise ApiProblem(
            409,
            "admissions.round_out_of_order",
            "Sai thứ tự vòng lọc",
            f"Vòng tiếp theo của năm {rs.year} là vòng {len(done) + 1}.",
            extra={"next_round": len(done) + 1},
        )
    _refuse_if_not_allowed(session, rs, now)
    catalog = catalog_for(settings, rs.year)
    _check_changes(set(catalog.by_key), changes)
    earlier = [_from_json(item) for row in done for item in row.changes]
    cycle = build_instance(
        session, settings, rs, now=now, gateway=gateway, changes=[*earlier, *changes]
    )
    outcome = run_rounds(cycle.instance, 1, engine=engine)[0]
    shown_at = published_at(rs, now)
    admitted = record_round(session, cycle, outcome, shown_at, catalog_names(settings, rs))
    row = FilteringRoundRow(
        exam_year=rs.year,
        number=number,
        body_hash=digest,
        changes=[_as_json(c) for c in changes],
        ran_at=now.astimezone(UTC),
        published_at=shown_at,
        candidates=cycle.instance.n_candidates,
        preferences=cycle.instance.n_preferences,
        unpaid=cycle.unpaid,
        admitted=admitted,
        withheld=int(np.count_nonzero(outcome.published_programme == WITHHELD)),
        withheld_cccds=[
            cycle.cccds[c] for c in np.flatnonzero(outcome.published_programme == WITHHELD)
        ],
        violations={str(kind): count for kind, count in outcome.report.counts.items()},
        examples=[v.message for v in outcome.report.violations[:20]],
        programmes=programme_figures(cycle, outcome),
        filter_ms=round(outcome.filter_ms, 3),
        verify_ms=round(outcome.verify_ms, 3),
    )
    session.add(row)
    try:
        session.commit()
    except IntegrityError:  # the same round run concurrently (a double click, a retry) won
        session.rollback()
        winner = session.get(FilteringRoundRow, (rs.year, number))
        if winner is None:
            raise
        if winner.body_hash != digest:
            raise _round_exists(rs.year, number, len(rounds_of(session, rs.year))) from None
        return winner, False
    return row, True


def _round_exists(year: int, number: int, done: int) -> ApiProblem:
    return ApiProblem(
        409,
        "admissions.round_exists",
        "Vòng lọc đã chạy với dữ liệu khác",
        f"Vòng {number} năm {year} đã chạy với các điều chỉnh khác. Hãy chạy vòng "
        f"{done + 1} cho điều chỉnh mới.",
        extra={"next_round": done + 1},
    )


def recorded_instance(
    session: Session, settings: MockSettings, rs: RuleSet, number: int, now: datetime
) -> CycleInstance:
    """The instance round ``number`` ran on, rebuilt from the store (for audits and tests)."""
    done = [r for r in rounds_of(session, rs.year) if r.number <= number]
    changes = [_from_json(item) for row in done for item in row.changes]
    return build_instance(session, settings, rs, now=now, changes=changes)


def reset_rounds(session: Session, year: int) -> int:
    """Forget every round and admission of ``year`` (demo only; refused after confirmations)."""
    if confirmed_cccds(session, year):
        raise ApiProblem(
            409,
            "admissions.confirmations_started",
            "Đã có thí sinh xác nhận nhập học",
            "Không thể xoá kết quả lọc ảo khi đã có thí sinh xác nhận nhập học.",
        )
    count = len(rounds_of(session, year))
    session.execute(delete(FilteringRoundRow).where(FilteringRoundRow.exam_year == year))
    session.execute(delete(AdmissionRow).where(AdmissionRow.exam_year == year))
    session.commit()
    return count


def first_round_if_due(
    session: Session, settings: MockSettings, rs: RuleSet, now: datetime, gateway: Gateway | None
) -> FilteringRoundRow | None:
    """Round 1 with no changes, if the filtering window has started and none has run yet.

    The demo clock's hook: jumping to ``filtering`` (or later) runs the first round, so a demo
    goes from paid NV to results without an extra admin call. Never raises for "too early".
    """
    window = rs.timeline.window(Phase.FILTERING)
    start = window.start if window is not None else earliest_start(rs)[0]
    if start is None or now < start or rounds_of(session, rs.year):
        return None
    if confirmed_cccds(session, rs.year) or (earliest_start(rs)[0] or now) > now:
        return None
    row, _ = run_round(session, settings, rs, number=1, changes=(), now=now, gateway=gateway)
    return row
