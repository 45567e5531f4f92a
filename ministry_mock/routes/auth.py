"""``/auth``: sign-in, refresh, sign-out, password change, accounts issued by schools, and the
mock VNeID sign-in (:mod:`ministry_mock.vneid`). Every sign-in attempt lands in the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy.orm import Session

from exam_client.api.contract import (
    CandidateAccountRequest,
    IssuedCandidateAccount,
    LoginRequest,
    LogoutRequest,
    PasswordChange,
    RefreshRequest,
    TokenPair,
    VneidApproval,
    VneidSessionStart,
    VneidSessionStatus,
)
from ministry_mock import audit, vneid
from ministry_mock.access import bearer, require_role, signed_in
from ministry_mock.auth import (
    Principal,
    change_password,
    check_password,
    issue_candidate_account,
    issue_pair,
    revoke_tokens,
    rotate_refresh,
)
from ministry_mock.deps import Instance, db_session, instance
from ministry_mock.problems import ApiProblem, http_problem, problem_responses
from ministry_mock.seed import demo_candidate_username

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


@router.post(
    "/logout",
    status_code=204,
    responses=problem_responses(422),
    summary="Sign out: revoke the refresh token (and the access token sent with it)",
)
def logout(
    body: LogoutRequest,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Response:
    """Possession of the refresh token is the permission; unknown tokens still answer 204 so
    a repeated sign-out (a kiosk retrying after a dropped answer) is harmless."""
    revoke_tokens(
        session, inst, body.refresh_token, credentials.credentials if credentials else None
    )
    session.commit()
    return Response(status_code=204)


@router.post(
    "/password",
    status_code=204,
    responses=problem_responses(401, 403, 422, 423),
    summary="Candidate changes the password (first sign-in with a school-issued password)",
)
def password(
    body: PasswordChange,
    request: Request,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> Response:
    require_role(principal, "candidate")
    outcome = "ok"
    try:
        change_password(session, inst, principal, body.old_password, body.new_password)
    except ApiProblem as problem:
        outcome = problem.code
        raise
    finally:
        audit.record(
            session,
            at=inst.settings.clock(),
            actor=principal.username,
            action="auth.password",
            subject=principal.username,
            ip=audit.client_ip(request),
            outcome=outcome,
        )
        session.commit()
    return Response(status_code=204)


@router.post(
    "/candidate-accounts",
    response_model=IssuedCandidateAccount,
    status_code=201,
    responses=problem_responses(401, 403, 409, 422),
    summary="A school issues (or re-issues) a candidate's account with a one-time password",
)
def issue_account(
    body: CandidateAccountRequest,
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    principal: Annotated[Principal, Depends(signed_in)],
) -> IssuedCandidateAccount:
    require_role(principal, "staff", "admin")
    issued = issue_candidate_account(session, inst, principal, body.cccd)
    session.commit()
    response.headers["Cache-Control"] = "no-store"
    if issued.reissued:
        response.status_code = 200
    return issued


# -- VNeID -------------------------------------------------------------------------------------

POLL_HEADER = "X-Vneid-Poll-Token"


@router.post(
    "/vneid/sessions",
    response_model=VneidSessionStart,
    status_code=201,
    summary="Open a VNeID sign-in: a QR payload for the screen, a poll token for the kiosk",
)
def vneid_start(
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
) -> VneidSessionStart:
    started = vneid.start(session, inst)
    session.commit()
    response.headers["Cache-Control"] = "no-store"
    return started


@router.get(
    "/vneid/sessions/{session_id}",
    response_model=VneidSessionStatus,
    responses=problem_responses(404, 410),
    summary="Poll: pending, or approved with the token pair (collected once)",
)
def vneid_status(
    session_id: Annotated[str, Path(min_length=8, max_length=32)],
    response: Response,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    poll_token: Annotated[str, Header(alias=POLL_HEADER, max_length=128)] = "",
) -> VneidSessionStatus:
    answer = vneid.status(session, inst, session_id, poll_token)
    session.commit()
    response.headers["Cache-Control"] = "no-store"
    return answer


@router.post(
    "/vneid/sessions/{session_id}/approve",
    status_code=204,
    responses=problem_responses(403, 404, 409, 410, 422),
    summary="Demo only: what the VNeID app does once the citizen confirmed on the phone",
)
def vneid_approve(
    session_id: Annotated[str, Path(min_length=8, max_length=32)],
    body: VneidApproval,
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
) -> Response:
    if not inst.settings.demo:
        raise http_problem(404)
    vneid.approve(session, inst, session_id, body, demo_candidate_username(session))
    session.commit()
    return Response(status_code=204)
