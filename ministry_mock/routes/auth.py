"""``POST /auth/login`` and ``POST /auth/refresh``; every attempt lands in the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.orm import Session

from exam_client.api.contract import LoginRequest, RefreshRequest, TokenPair
from ministry_mock import audit
from ministry_mock.auth import check_password, issue_pair, rotate_refresh
from ministry_mock.deps import Instance, db_session, instance
from ministry_mock.problems import ApiProblem, problem_responses

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/login",
    response_model=TokenPair,
    responses=problem_responses(401, 422, 423),
    summary="Sign in with username and password",
)
def login(
    body: LoginRequest,
    *,
    request: Request,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
) -> TokenPair:
    def log_attempt(outcome: str) -> None:
        audit.record(
            session,
            at=inst.settings.clock(),
            actor=body.username,
            action="auth.login",
            subject=body.username,
            ip=audit.client_ip(request),
            outcome=outcome,
        )
        session.commit()

    try:
        account = check_password(session, inst, body.username, body.password)
    except ApiProblem as problem:
        log_attempt(problem.code)
        raise
    pair = issue_pair(session, inst, account)
    log_attempt("ok")
    response.headers["Cache-Control"] = "no-store"  # RFC 6749 §5.1: tokens are never cached
    return pair


@router.post(
    "/refresh",
    response_model=TokenPair,
    responses=problem_responses(401, 422),
    summary="Exchange a refresh token for a new token pair (the old one stops working)",
)
def refresh(
    body: RefreshRequest,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
) -> TokenPair:
    pair = rotate_refresh(session, inst, body.refresh_token)
    session.commit()
    response.headers["Cache-Control"] = "no-store"
    return pair
