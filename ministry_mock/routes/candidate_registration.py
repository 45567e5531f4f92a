"""``GET /candidates/me/citizen``: a signed-in candidate reads their OWN population-register record.

Why: a free candidate registers at a kiosk (DOMAIN.md §3.1) and the form's identity part must come
from the register, read-only; but ``/citizens/{cccd}`` is a staff look-up (any citizen, rate
limited, audited). This endpoint answers only for the caller's own CCCD (the username of a
candidate account), so it needs no rate limit and leaks nothing about anybody else. The
registration itself is then written through ``POST /sync/push``, which already lets a candidate
write their own record (idempotency key, ``registration.not_own`` otherwise).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.orm import Session

from exam_client.api.contract import CitizenRecord
from ministry_mock import audit
from ministry_mock.access import require_role, signed_in
from ministry_mock.auth import Principal
from ministry_mock.deps import Instance, db_session, instance
from ministry_mock.problems import ApiProblem, problem_responses
from ministry_mock.routes.citizens import _find

router = APIRouter(prefix="/candidates", tags=["candidates"])


@router.get(
    "/me/citizen",
    response_model=CitizenRecord,
    responses=problem_responses(401, 403, 404),
    summary="The signed-in candidate's own population-register record (candidates only)",
)
def my_citizen_record(
    *,
    request: Request,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> CitizenRecord:
    require_role(principal, "candidate")
    found = _find(session, principal.username)
    audit.record(
        session,
        at=inst.settings.clock(),
        actor=principal.username,
        action="population.self",
        subject=principal.username,
        ip=audit.client_ip(request),
        outcome="ok" if found else "not_found",
    )
    session.commit()
    response.headers["Cache-Control"] = "no-store"
    if found is None:
        raise ApiProblem(
            404,
            "population.not_found",
            "Không có trong CSDL dân cư",
            "Không tìm thấy thông tin của bạn trong CSDL quốc gia về dân cư. "
            "Hãy liên hệ điểm tiếp nhận hồ sơ của Sở GD&ĐT.",
        )
    return found
