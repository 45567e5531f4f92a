"""Per-instance state, reached through the request (no module globals: several apps may run)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session

from ministry_mock.settings import MockSettings
from ministry_mock.store import Store


@dataclass(frozen=True, slots=True)
class Instance:
    """Everything one app instance owns; stored as ``app.state.instance``."""

    settings: MockSettings
    store: Store
    dummy_password_hash: str


def instance(request: Request) -> Instance:
    value = request.app.state.instance
    assert isinstance(value, Instance)
    return value


def db_session(request: Request) -> Iterator[Session]:
    """One short session per request; handlers commit what they want to keep."""
    with instance(request).store.sessions() as session:
        yield session
