"""``/results``: exam scores and the graduation result, from the score publication moment on.

Candidates read their own (``/results/me``); staff read the candidates registered at their
school, administrators anyone (``/results/{cccd}``). Before publication every caller gets 409
``scores.not_published`` with ``published_at``, so the kiosk can say when to come back.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from exam_client.api.cycle import ExamScores
from exam_client.domain.ruleset import RuleSet, available_years, load_ruleset
from ministry_mock import audit
from ministry_mock.access import forbidden, require_role, signed_in
from ministry_mock.auth import Principal
from ministry_mock.clock import cycle_year, scores_published_at
from ministry_mock.deps import Instance, db_session, instance
from ministry_mock.problems import ApiProblem, problem_responses
from ministry_mock.scores import candidate_scores, require_published, to_wire
from ministry_mock.store.models import ExamRegistration

router = APIRouter(prefix="/results", tags=["results"])
YearQuery = Annotated[int | None, Query(ge=2000, le=2100)]


def _ruleset(inst: Instance, year: int | None) -> RuleSet:
    year = year or cycle_year(inst.settings.clock())
    if year not in available_years():
        raise ApiProblem(
            404, "scores.unknown_year", "Không có kỳ thi", f"Không có kỳ thi năm {year}."
        )
    return load_ruleset(year)


def _scores(session: Session, inst: Instance, cccd: str, rs: RuleSet) -> ExamScores:
    now = inst.settings.clock()
    published = require_published(rs, scores_published_at(rs), now)
    found = candidate_scores(session, inst.settings, cccd, rs)
    if found is None:
        raise ApiProblem(
            404,
            "scores.not_found",
            "Không có điểm thi",
            f"Không tìm thấy điểm thi năm {rs.year} của số định danh này.",
        )
    return to_wire(found, rs, published)


@router.get(
    "/me",
    response_model=ExamScores,
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="The signed-in candidate's exam scores and graduation result",
)
def my_results(
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
    year: YearQuery = None,
) -> ExamScores:
    require_role(principal, "candidate")
    response.headers["Cache-Control"] = "no-store"
    return _scores(session, inst, principal.username, _ruleset(inst, year))


@router.get(
    "/{cccd}",
    response_model=ExamScores,
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="A candidate's scores, for the staff of their school or an administrator",
)
def candidate_results(
    *,
    request: Request,
    response: Response,
    cccd: Annotated[str, Path(pattern=r"^\d{12}$")],
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
    year: YearQuery = None,
) -> ExamScores:
    require_role(principal, "staff", "admin")
    rs = _ruleset(inst, year)
    if principal.role == "staff":
        school = session.scalar(
            select(ExamRegistration.school_code).where(
                ExamRegistration.cccd == cccd, ExamRegistration.exam_year == rs.year
            )
        )
        if school is None or school != principal.school_code:
            raise forbidden("Thí sinh không đăng ký dự thi tại đơn vị của bạn.")
    response.headers["Cache-Control"] = "no-store"
    result = _scores(session, inst, cccd, rs)
    audit.record(
        session,
        at=inst.settings.clock(),
        actor=principal.username,
        action="results.read",
        subject=cccd,
        ip=audit.client_ip(request),
        outcome="ok",
    )
    session.commit()
    return result
