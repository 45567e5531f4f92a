"""``/registrations``: a school's list, one record, and the school's review decision.

Staff review only their own school's registrations; candidates read only their own; a record
outside the caller's scope is a 404. Every decision is audited; a stale ``base_version`` is a
409 problem carrying the server copy in ``server_record`` so the client can show both.
"""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from exam_client.api.records import ChangesPage, RegistrationRecord, ReviewDecision
from ministry_mock import audit
from ministry_mock.access import require_role, signed_in
from ministry_mock.auth import Principal
from ministry_mock.deps import Instance, db_session, instance
from ministry_mock.problems import problem_responses
from ministry_mock.registrations import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    changes_page,
    get_visible,
    review,
    to_record,
    version_conflict,
)

router = APIRouter(prefix="/registrations", tags=["registrations"])
StatusFilter = Literal["draft", "submitted", "confirmed", "returned"]


@router.get(
    "",
    response_model=ChangesPage,
    responses=problem_responses(401, 422),
    summary="Registrations the caller may see (staff: their school), in change order, paged",
)
async def list_registrations(
    *,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    principal: Annotated[Principal, Depends(signed_in)],
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    status: Annotated[list[StatusFilter] | None, Query()] = None,
) -> ChangesPage:
    """``async`` like ``GET /sync/changes`` (same read, same reasons)."""
    response.headers["Cache-Control"] = "no-store"
    return changes_page(session, principal, cursor, limit, statuses=status or ())


@router.get(
    "/{record_id}",
    response_model=RegistrationRecord,
    responses=problem_responses(401, 404, 422),
    summary="One registration (404 when it is not the caller's to see)",
)
def get_registration(
    record_id: UUID,
    *,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> RegistrationRecord:
    response.headers["Cache-Control"] = "no-store"
    return to_record(get_visible(session, principal, record_id))


@router.post(
    "/{record_id}/review",
    response_model=RegistrationRecord,
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Staff of the registration's school confirm it or return it with a reason",
)
def review_registration(
    record_id: UUID,
    decision: ReviewDecision,
    *,
    request: Request,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> RegistrationRecord:
    require_role(principal, "staff")
    now, ip = inst.settings.clock(), audit.client_ip(request)
    try:
        return review(session, principal, record_id, decision, now=now, ip=ip)
    except StaleDataError:
        session.rollback()
        raise version_conflict(get_visible(session, principal, record_id)) from None
