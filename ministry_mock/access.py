"""Who is calling: the bearer-token dependency of the registration and sync routes.

Every route resolves the principal on the server and decides from it what the caller may see
(:func:`ministry_mock.registrations.scope_clause`); nothing the client sends widens that scope.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from ministry_mock.auth import Principal, resolve_access_token
from ministry_mock.deps import Instance, db_session, instance
from ministry_mock.problems import ApiProblem

bearer = HTTPBearer(auto_error=False, description="Access token from /auth/login")


async def signed_in(
    session: Annotated[Session, Depends(db_session)],
    inst: Annotated[Instance, Depends(instance)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """On the event loop, not the thread pool: nearly always answered from the instance's
    principal cache (:mod:`ministry_mock.principals`) without a query; a miss costs two
    primary-key reads, cheaper than the two thread hops a sync dependency would."""
    return resolve_access_token(session, inst, credentials.credentials if credentials else None)


def forbidden(detail: str) -> ApiProblem:
    return ApiProblem(403, "auth.forbidden", "Không có quyền", detail)


def require_role(principal: Principal, *roles: str) -> None:
    if principal.role not in roles:
        raise forbidden("Tài khoản không có quyền thực hiện thao tác này.")
