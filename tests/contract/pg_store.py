"""pytest plugin: every mock instance a test creates gets its own PostgreSQL database.

Loaded by ``make test-pg`` (``-p tests.contract.pg_store``) with ``MOCK_PG_URL`` pointing at a
throw-away cluster (``scripts/bootstrap.sh pg``). The mock's tests build instances with SQLite
URLs (a temp file, or memory); this plugin swaps each such URL for a fresh database on the
cluster as ``create_app`` opens its store, so the very same tests — fixtures untouched — run
the store code on PostgreSQL, and instances stay as independent as their SQLite files were.

Without ``MOCK_PG_URL`` the plugin does nothing.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from ministry_mock.store import Store

_counter = itertools.count(1)


def _database_for(server_url: str, sqlite_url: str) -> str:
    """The database standing in for a SQLite URL: one per file, a fresh one per in-memory URL.

    A file reopened later (a restart test) maps to the same database, so its data is kept.
    """
    url = make_url(server_url)
    sqlite = make_url(sqlite_url)
    if sqlite.database in (None, "", ":memory:"):
        name = f"mock_{os.getpid()}_mem{next(_counter)}"
    else:
        name = "mock_" + hashlib.sha1(str(sqlite.database).encode()).hexdigest()[:16]
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _redirecting(server_url: str, open_store: Callable[..., Store]) -> Callable[[str], Store]:
    def open_on_postgres(db_url: str) -> Store:
        if make_url(db_url).get_backend_name() != "sqlite":
            return open_store(db_url)
        # no pool: tests drop many instances without closing them, and a pooled psycopg
        # connection garbage-collected while open is a ResourceWarning (an error here)
        return open_store(_database_for(server_url, db_url), poolclass=NullPool)

    return open_on_postgres


def pytest_configure(config: pytest.Config) -> None:
    server_url = os.environ.get("MOCK_PG_URL")
    if not server_url:
        return
    import ministry_mock.app as app_module

    app_module.open_store = _redirecting(server_url, app_module.open_store)  # type: ignore[attr-defined,assignment]
    config.stash[_ACTIVE] = server_url


_ACTIVE = pytest.StashKey[str]()


def pytest_report_header(config: pytest.Config) -> str | None:
    server_url = config.stash.get(_ACTIVE, None)
    if server_url is None:
        return None
    return f"mock store: PostgreSQL ({make_url(server_url).render_as_string()})"
