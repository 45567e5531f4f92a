"""Start the real mock ministry on a free loopback port for integration tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ministry_mock.app import create_app
from ministry_mock.seed import DEMO_STAFF_PASS, DEMO_STAFF_USERNAME, sample_citizen_ids
from ministry_mock.server import RunningServer, start_in_thread
from ministry_mock.settings import MockSettings
from ministry_mock.store.models import AuditEntry, Citizen


class Clock:
    """A controllable clock for the mock (expire tokens without sleeping)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta


@dataclass
class MockMinistry:
    server: RunningServer
    app: Any
    clock: Clock
    username: str = DEMO_STAFF_USERNAME
    password: str = DEMO_STAFF_PASS

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def store(self) -> Any:
        return self.app.state.instance.store

    def citizen_ids(self, n: int) -> list[str]:
        with self.store.sessions() as session:
            return list(sample_citizen_ids(session, n))

    def citizen_name(self, cccd: str) -> str:
        with self.store.sessions() as session:
            return str(
                session.execute(select(Citizen.full_name).where(Citizen.cccd == cccd)).scalar_one()
            )

    def audit_count(self) -> int:
        with self.store.sessions() as session:
            return int(session.execute(select(func.count()).select_from(AuditEntry)).scalar_one())

    def stop(self) -> None:
        self.server.stop()


def start_mock(tmp: Path, citizens: int = 300, **settings: Any) -> MockMinistry:
    clock = Clock()
    mock_settings = MockSettings(
        db_url=f"sqlite:///{tmp / 'ministry.db'}",
        citizens=citizens,
        schools=20,
        scrypt_n=2**10,
        clock=clock,
        **settings,
    )
    app = create_app(mock_settings)
    return MockMinistry(start_in_thread(app), app, clock)
