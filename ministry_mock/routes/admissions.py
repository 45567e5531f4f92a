"""``/admin/admissions/rounds``: run virtual-filtering rounds on the stored cycle (administrators).

* ``POST`` runs round ``number`` (1, 2, …) with optional quota/floor changes: 201 when it ran,
  200 when the same request was already run (idempotent), 409 before the NV/payment windows
  have closed, once confirmations have started, for another body under an existing number or a
  number out of order; 422 for a programme not in the catalog.
* ``GET`` lists the year's rounds; ``GET …/{number}?institution=QSB`` shows one round's
  figures, optionally for one institution's programmes only.
* ``DELETE`` (demo instances only) forgets the year's rounds and admissions, to start over.

Candidates read their own result at ``GET /admission/me``. There are no institution accounts
yet, so an institution's view is the administrator's view filtered by ``institution``.

Test hook: ``app.state.admissions_engine`` (a callable ``Instance -> FilterResult``) replaces the
fast engine, so a test can plant a faulty engine and watch the verifier quarantine its output.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from exam_client.domain.ruleset import RuleSet
from ministry_mock.access import require_role, signed_in
from ministry_mock.admissions.engine import filter_candidates
from ministry_mock.admissions.from_store import QuotaChange, hundredths
from ministry_mock.admissions_cycle import reset_rounds, rounds_of, run_round
from ministry_mock.auth import Principal
from ministry_mock.deps import Instance, db_session, instance
from ministry_mock.gateway import gateway_of
from ministry_mock.payments import cycle_year, ruleset_for
from ministry_mock.problems import ApiProblem, http_problem, problem_responses
from ministry_mock.store.admission_models import FilteringRoundRow

router = APIRouter(prefix="/admin/admissions", tags=["admissions"])


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProgrammeAdjustment(_Model):
    """An institution's change to one programme before this round."""

    institution_code: str = Field(min_length=3, max_length=3)
    programme_code: str = Field(min_length=1, max_length=20)
    quota: int | None = Field(default=None, ge=0, le=100_000)
    floor_score: Decimal | None = Field(default=None, ge=0, le=30, decimal_places=2)


class RoundRequest(_Model):
    number: int = Field(ge=1, le=100, description="1 for the first round, then 2, 3, …")
    year: int | None = Field(default=None, ge=2000, le=2100)
    changes: list[ProgrammeAdjustment] = Field(default_factory=list, max_length=1000)


class ProgrammeFigures(_Model):
    institution_code: str
    programme_code: str
    quota: int
    floor_score: Decimal
    admitted: int
    cutoff: Decimal | None = Field(description="lowest admitted score; null if none or withheld")
    full: bool
    quarantined: bool = Field(description="the verifier found a problem: results withheld")


class FilteringRound(_Model):
    exam_year: int
    number: int
    ran_at: datetime
    published_at: datetime = Field(description="when candidates see the results")
    candidates: int
    preferences: int = Field(description="NV considered (paid)")
    unpaid_preferences: int = Field(description="NV left out because they were not paid for")
    admitted: int
    withheld: int = Field(description="candidates whose result is held back by a quarantine")
    verified: bool = Field(description="the verifier found no violation")
    violations: dict[str, int]
    violation_examples: list[str]
    changes: list[ProgrammeAdjustment] = Field(description="applied before this round")
    filter_ms: float
    verify_ms: float
    programmes: list[ProgrammeFigures] = Field(default_factory=list)


class RoundList(_Model):
    exam_year: int
    rounds: list[FilteringRound]


class ResetResult(_Model):
    exam_year: int
    rounds_removed: int


def _points(value: int) -> Decimal:
    return Decimal(value) / 100


def _to_wire(
    row: FilteringRoundRow, institution: str | None = None, *, programmes: bool = True
) -> FilteringRound:
    """The round as stored; ``institution`` keeps that institution's programmes only."""
    chosen = None if institution is None else institution.strip().upper()
    return FilteringRound(
        exam_year=row.exam_year,
        number=row.number,
        ran_at=row.ran_at,
        published_at=row.published_at,
        candidates=row.candidates,
        preferences=row.preferences,
        unpaid_preferences=row.unpaid,
        admitted=row.admitted,
        withheld=row.withheld,
        verified=not row.violations,
        violations=dict(row.violations),
        violation_examples=list(row.examples),
        changes=[
            ProgrammeAdjustment(
                institution_code=c["institution_code"],
                programme_code=c["programme_code"],
                quota=c["quota"],
                floor_score=None if c["floor"] is None else _points(c["floor"]),
            )
            for c in row.changes
        ],
        filter_ms=row.filter_ms,
        verify_ms=row.verify_ms,
        programmes=[
            ProgrammeFigures(
                institution_code=inst,
                programme_code=code,
                quota=quota,
                floor_score=_points(floor),
                admitted=admitted,
                cutoff=None if cutoff < 0 else _points(cutoff),
                full=full,
                quarantined=quarantined,
            )
            for inst, code, quota, floor, admitted, cutoff, full, quarantined in row.programmes
            if programmes and (chosen is None or inst == chosen)
        ],
    )


def _admin(principal: Principal) -> None:
    require_role(principal, "admin")


def _year(inst: Instance, year: int | None) -> RuleSet:
    return ruleset_for(year or cycle_year(inst.settings.clock()))


@router.post(
    "/rounds",
    response_model=FilteringRound,
    status_code=201,
    responses={
        200: {"model": FilteringRound, "description": "this round was already run: the same"},
        **problem_responses(401, 403, 409, 422),
    },
    summary="Run one virtual-filtering round on the stored cycle and publish its results",
)
def post_round(
    body: RoundRequest,
    *,
    request: Request,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> FilteringRound:
    _admin(principal)
    rs = _year(inst, body.year)
    changes = [
        QuotaChange(
            c.institution_code,
            c.programme_code,
            quota=c.quota,
            floor=None if c.floor_score is None else hundredths(c.floor_score),
        )
        for c in body.changes
    ]
    row, new = run_round(
        session,
        inst.settings,
        rs,
        number=body.number,
        changes=changes,
        now=inst.settings.clock(),
        gateway=gateway_of(request.app),
        engine=getattr(request.app.state, "admissions_engine", filter_candidates),
    )
    response.status_code = 201 if new else 200
    return _to_wire(row)


@router.get(
    "/rounds",
    response_model=RoundList,
    responses=problem_responses(401, 403, 422),
    summary="The year's filtering rounds (figures per programme left out)",
)
def get_rounds(
    *,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> RoundList:
    _admin(principal)
    rs = _year(inst, year)
    rounds = [_to_wire(r, programmes=False) for r in rounds_of(session, rs.year)]
    return RoundList(exam_year=rs.year, rounds=rounds)


@router.get(
    "/rounds/{number}",
    response_model=FilteringRound,
    responses=problem_responses(401, 403, 404, 422),
    summary="One round with its cutoffs per programme (of one institution if given)",
)
def get_round(
    *,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
    number: Annotated[int, Path(ge=1, le=100)],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    institution: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
) -> FilteringRound:
    _admin(principal)
    rs = _year(inst, year)
    row = session.get(FilteringRoundRow, (rs.year, number))
    if row is None:
        raise ApiProblem(
            404,
            "admissions.round_not_found",
            "Không có vòng lọc này",
            f"Vòng {number} năm {rs.year} chưa chạy.",
        )
    return _to_wire(row, institution)


@router.delete(
    "/rounds",
    response_model=ResetResult,
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Forget the year's rounds and admissions (demo instances only)",
)
def delete_rounds(
    *,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> ResetResult:
    if not inst.settings.demo:
        raise http_problem(404)
    _admin(principal)
    rs = _year(inst, year)
    return ResetResult(exam_year=rs.year, rounds_removed=reset_rounds(session, rs.year))
