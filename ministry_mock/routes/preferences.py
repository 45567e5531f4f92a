"""``/preferences/me``: the signed-in candidate's preference list, its history, and saving it.

Kiosk flow: ``GET /preferences/me`` (list, version, fee, window, scores per NV) → edit locally →
``PUT /preferences/me`` with ``base_version`` and an ``Idempotency-Key`` made once per save →
200 with the new version (``Idempotent-Replayed: true`` on a retry), 409 on a stale copy or a
closed window, 422 with ``errors[].field = preferences.<NV>.…`` for rule problems.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response
from sqlalchemy.orm import Session

from exam_client.api.cycle import PreferenceHistory, PreferenceList, PreferenceListUpdate
from exam_client.domain.ruleset import RuleSet, available_years, load_ruleset
from ministry_mock.access import require_role, signed_in
from ministry_mock.auth import Principal
from ministry_mock.clock import cycle_year
from ministry_mock.deps import Instance, db_session, instance
from ministry_mock.preferences import build_list, check_key, current_version, history, save
from ministry_mock.problems import ApiProblem, problem_responses

router = APIRouter(prefix="/preferences", tags=["preferences"])
YearQuery = Annotated[int | None, Query(ge=2000, le=2100)]


def _ruleset(inst: Instance, year: int | None) -> RuleSet:
    year = year or cycle_year(inst.settings.clock())
    if year not in available_years():
        raise ApiProblem(
            422,
            "preferences.unknown_year",
            "Năm tuyển sinh không hợp lệ",
            f"Chưa có quy định tuyển sinh năm {year}.",
        )
    return load_ruleset(year)


@router.get(
    "/me",
    response_model=PreferenceList,
    responses=problem_responses(401, 403, 422),
    summary="The current list (version 0 if none) with fees, the edit window and scores",
)
def get_mine(
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
    year: YearQuery = None,
) -> PreferenceList:
    require_role(principal, "candidate")
    rs = _ruleset(inst, year)
    response.headers["Cache-Control"] = "no-store"
    row = current_version(session, principal.username, rs.year)
    now = inst.settings.clock()
    return build_list(session, inst.settings, rs, principal.username, row=row, now=now)


@router.put(
    "/me",
    response_model=PreferenceList,
    responses=problem_responses(400, 401, 403, 409, 422),
    summary="Replace the whole list (NV1 first) from base_version; safe to retry with a key",
)
def put_mine(
    *,
    body: PreferenceListUpdate,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> PreferenceList:
    require_role(principal, "candidate")
    rs = _ruleset(inst, body.year)
    key = check_key(idempotency_key)
    result, replayed = save(
        session,
        inst.settings,
        rs,
        cccd=principal.username,
        body=body,
        key=key,
        now=inst.settings.clock(),
    )
    response.headers["Cache-Control"] = "no-store"
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return result


@router.get(
    "/me/versions",
    response_model=PreferenceHistory,
    responses=problem_responses(401, 403, 422),
    summary="Every saved version of the list, newest first",
)
def my_versions(
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
    year: YearQuery = None,
) -> PreferenceHistory:
    require_role(principal, "candidate")
    rs = _ruleset(inst, year)
    response.headers["Cache-Control"] = "no-store"
    return history(session, principal.username, rs.year)
