"""``/admission``: the candidate's result, the enrollment confirmation, and lists per institution.

Kiosk flow: ``GET /admission/me`` (status, programme, deadline, ``can_confirm``) → the client
asks the candidate twice → one ``POST /admission/me/confirm`` with an ``Idempotency-Key`` → the
confirmation, shown at once (DOMAIN.md §13.13: status must be live, not after a re-login).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from sqlalchemy.orm import Session

from exam_client.api.payments import (
    AdmissionResult,
    ConfirmationRequest,
    EnrollmentConfirmation,
    InstitutionConfirmations,
)
from ministry_mock import audit
from ministry_mock.access import require_role, signed_in
from ministry_mock.auth import Principal
from ministry_mock.confirmations import (
    admission_result,
    confirm,
    institution_confirmations,
    to_wire,
)
from ministry_mock.deps import Instance, db_session, instance
from ministry_mock.payments import check_key, cycle_year
from ministry_mock.problems import problem_responses

router = APIRouter(prefix="/admission", tags=["admission"])


@router.get(
    "/me",
    response_model=AdmissionResult,
    responses=problem_responses(401, 403, 422),
    summary="The candidate's admission result once published, with the confirmation window",
)
def get_result(
    *,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> AdmissionResult:
    require_role(principal, "candidate")
    now = inst.settings.clock()
    response.headers["Cache-Control"] = "no-store"
    return admission_result(session, principal.username, year or cycle_year(now), now)


@router.post(
    "/me/confirm",
    response_model=EnrollmentConfirmation,
    status_code=201,
    responses={
        200: {"model": EnrollmentConfirmation, "description": "already confirmed: the same one"},
        **problem_responses(400, 401, 403, 409, 422),
    },
    summary="Confirm enrollment in the admitted programme (final; 201 new, 200 repeat)",
)
def post_confirm(
    body: ConfirmationRequest,
    *,
    request: Request,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> EnrollmentConfirmation:
    require_role(principal, "candidate")
    key = check_key(idempotency_key)
    row, new = confirm(
        session,
        cccd=principal.username,
        account_id=principal.account_id,
        key=key,
        body=body,
        now=inst.settings.clock(),
        ip=audit.client_ip(request),
    )
    response.headers["Cache-Control"] = "no-store"
    if not new:
        response.status_code = 200
    return to_wire(row)


@router.get(
    "/confirmations",
    response_model=InstitutionConfirmations,
    responses=problem_responses(401, 403, 422),
    summary="Confirmations of one institution (administrators for now)",
)
def get_confirmations(
    *,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
    institution: Annotated[str, Query(min_length=2, max_length=10)],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> InstitutionConfirmations:
    # institution staff accounts do not exist yet; when they do, allow staff of ``institution``
    require_role(principal, "admin")
    response.headers["Cache-Control"] = "no-store"
    year = year or cycle_year(inst.settings.clock())
    return institution_confirmations(session, institution, year)
