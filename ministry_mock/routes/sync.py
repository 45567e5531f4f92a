"""``POST /sync/push`` and ``GET /sync/changes``: the client's outbox and delta pulls.

A push answers 200 with one result per operation even when some are rejected: rejections are
data a person acts on, not a failed request. A server fault (5xx) fails the whole request; the
client then resends the batch with the same keys and the operations already applied come back
as ``duplicate`` (see :mod:`ministry_mock.sync`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.orm import Session

from exam_client.api.records import ChangesPage, PushRequest, PushResponse
from ministry_mock import audit
from ministry_mock.access import require_role, signed_in
from ministry_mock.auth import Principal
from ministry_mock.deps import Instance, db_session, instance
from ministry_mock.problems import problem_responses
from ministry_mock.registrations import DEFAULT_LIMIT, MAX_LIMIT, changes_page
from ministry_mock.sync import PushContext, push_batch

router = APIRouter(prefix="/sync", tags=["sync"])


@router.post(
    "/push",
    response_model=PushResponse,
    responses=problem_responses(401, 403, 422),
    summary="Apply a batch of record changes; each operation is answered on its own",
)
def push(
    body: PushRequest,
    *,
    request: Request,
    response: Response,
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> PushResponse:
    require_role(principal, "staff", "candidate")
    ctx = PushContext(principal=principal, now=inst.settings.clock(), ip=audit.client_ip(request))
    results = push_batch(inst.store, ctx, body.operations)
    response.headers["Cache-Control"] = "no-store"
    return PushResponse(results=results)


@router.get(
    "/changes",
    response_model=ChangesPage,
    responses=problem_responses(401, 422),
    summary="Records the caller may see that changed after the cursor, in change order",
)
async def changes(
    *,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    principal: Annotated[Principal, Depends(signed_in)],
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> ChangesPage:
    """``async`` (one indexed read, no writes: WAL readers never wait for a writer): every
    running sync engine asks this every few seconds, and a trip to the thread pool and back
    cost more than the read."""
    response.headers["Cache-Control"] = "no-store"
    return changes_page(session, principal, cursor, limit)
