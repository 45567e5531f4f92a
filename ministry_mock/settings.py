"""Settings of one mock-ministry instance.

Everything an instance needs travels in one frozen :class:`MockSettings` value handed to
``create_app``; there is no module-level state, so a test run can start several independent
instances (each with its own database) side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

DEFAULT_DB_URL = "sqlite:///ministry_mock.sqlite3"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class MockSettings:
    """How to build, seed and run one instance.

    ``clock`` is the instance's idea of "now" (UTC, timezone-aware): tests pass a controllable
    clock to expire tokens or lift lockouts without sleeping; a later demo clock hooks in here.
    ``scrypt_n`` is the scrypt cost factor; the default (2**14) is the interactive-login value of
    the Python docs, lower only to speed up experiments.
    """

    db_url: str = DEFAULT_DB_URL
    seed: int = 2026
    citizens: int = 50_000
    schools: int = 400
    access_token_ttl: timedelta = timedelta(minutes=15)
    refresh_token_ttl: timedelta = timedelta(hours=12)
    demo: bool = True
    lockout_after: int = 5
    lockout_for: timedelta = timedelta(minutes=15)
    scrypt_n: int = 2**14
    version: str = "0.1.0"
    clock: Callable[[], datetime] = field(default=utc_now)
