"""Per-instance state, reached through the request (no module globals: several apps may run).

The dependencies here are ``async`` on purpose: they do no I/O (a session connects on its first
query, in the handler's thread), and FastAPI runs every *sync* dependency on the thread pool, so
each would cost the request a hop to a worker thread and back (measured: a tenth of the mock's
CPU under load).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from ministry_mock.audit_batch import AuditBatcher
from ministry_mock.principals import PrincipalCache
from ministry_mock.settings import MockSettings
from ministry_mock.store import Store


@dataclass(frozen=True, slots=True)
class Instance:
    """Everything one app instance owns; stored as ``app.state.instance``."""

    settings: MockSettings
    store: Store
    dummy_password_hash: str
    audit_batch: AuditBatcher  # look-up audit rows, group-committed
    principals: PrincipalCache[Any] = field(default_factory=PrincipalCache)


def current_instance(request: Request) -> Instance:
    value = request.app.state.instance
    assert isinstance(value, Instance)
    return value


async def instance(request: Request) -> Instance:
    return current_instance(request)


async def db_session(request: Request) -> AsyncIterator[Session]:
    """One short session per request; handlers commit what they want to keep."""
    with current_instance(request).store.sessions() as session:
        yield session
