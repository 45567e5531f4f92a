"""Fixtures that start the REAL mock ministry over loopback HTTP.

* ``mock_server`` (session): one shared instance, 500 citizens, tmp SQLite file, real clock.
* ``clocked_server`` (module): an instance whose clock the test moves (``fake_clock``), for
  token expiry and lockout without sleeping; module-scoped so a lockout never leaks into
  other modules.
* ``staff_tokens`` / ``admin_tokens`` / ``candidate_tokens``: a fresh sign-in per test.

Other suites (e2e) can copy the pattern: ``create_app(MockSettings(...))`` then
``start_in_thread(app)`` as a context manager.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from ministry_mock.app import create_app, instance_of, seed_report
from ministry_mock.seed import (
    DEMO_ADMIN_PASS,
    DEMO_ADMIN_USERNAME,
    DEMO_CANDIDATE_PASS,
    DEMO_STAFF_PASS,
    DEMO_STAFF_USERNAME,
    sample_citizen_ids,
)
from ministry_mock.server import RunningServer, start_in_thread
from ministry_mock.settings import MockSettings
from tests.mock.support import FakeClock, tokens

TEST_CITIZENS = 500
TEST_SCHOOLS = 60


def small_settings(db_path: Path, **overrides: Any) -> MockSettings:
    values: dict[str, Any] = {
        "db_url": f"sqlite:///{db_path}",
        "seed": 2026,
        "citizens": TEST_CITIZENS,
        "schools": TEST_SCHOOLS,
        "demo": True,
    }
    values.update(overrides)
    return MockSettings(**values)


@pytest.fixture(scope="session")
def mock_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return create_app(small_settings(tmp_path_factory.mktemp("mock") / "ministry.sqlite3"))


@pytest.fixture(scope="session")
def mock_server(mock_app: FastAPI) -> Iterator[RunningServer]:
    with start_in_thread(mock_app) as server:
        yield server


@pytest.fixture(scope="session")
def base_url(mock_server: RunningServer) -> str:
    return mock_server.base_url


@pytest.fixture(scope="session")
def known_ids(mock_app: FastAPI) -> list[str]:
    with instance_of(mock_app).store.sessions() as session:
        return sample_citizen_ids(session, 20)


@pytest.fixture(scope="session")
def candidate_username(mock_app: FastAPI) -> str:
    username = seed_report(mock_app).demo_candidate_username
    assert username is not None
    return username


@pytest.fixture
def staff_tokens(base_url: str) -> dict[str, Any]:
    return tokens(base_url, DEMO_STAFF_USERNAME, DEMO_STAFF_PASS)


@pytest.fixture
def admin_tokens(base_url: str) -> dict[str, Any]:
    return tokens(base_url, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS)


@pytest.fixture
def candidate_tokens(base_url: str, candidate_username: str) -> dict[str, Any]:
    return tokens(base_url, candidate_username, DEMO_CANDIDATE_PASS)


@pytest.fixture(scope="module")
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="module")
def clocked_app(tmp_path_factory: pytest.TempPathFactory, fake_clock: FakeClock) -> FastAPI:
    db = tmp_path_factory.mktemp("clocked") / "ministry.sqlite3"
    return create_app(small_settings(db, citizens=50, clock=fake_clock))


@pytest.fixture(scope="module")
def clocked_server(clocked_app: FastAPI) -> Iterator[RunningServer]:
    with start_in_thread(clocked_app) as server:
        yield server
