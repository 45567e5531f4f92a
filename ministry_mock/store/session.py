"""Engine and session factory of one mock instance.

Each FastAPI request (running on a worker thread) opens its own short session from the
factory. SQLite gets WAL mode, foreign keys and a busy timeout so the request threads and a
seeding thread do not trip over each other; an in-memory SQLite URL is pinned to one shared
connection, otherwise every thread would see its own empty database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from ministry_mock.store.models import Base

SQLITE_POOL_SIZE = 24  # above the admission limit (settings.MAX_IN_FLIGHT) plus background work


@dataclass(frozen=True, slots=True)
class Store:
    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, connection_record: object) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def make_engine(db_url: str, **options: Any) -> Engine:
    """An engine for ``db_url``; ``options`` go to ``create_engine`` for server databases."""
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **options)
    if url.database in (None, "", ":memory:"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    else:
        # Kept open, not churned: with the default pool (5 + 10 overflow) every request beyond
        # the fifth in flight opened a new connection and ran the pragmas again.
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False},
            pool_size=SQLITE_POOL_SIZE,
            max_overflow=SQLITE_POOL_SIZE,
        )
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def open_store(db_url: str, **options: Any) -> Store:
    """Connect and create missing tables (the mock's schema is created, never migrated).

    ``options`` reach ``create_engine`` for server databases (e.g. ``poolclass=NullPool`` in
    test runs that create many short-lived instances).
    """
    engine = make_engine(db_url, **options)
    Base.metadata.create_all(engine)
    return Store(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
