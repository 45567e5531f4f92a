"""Settings of one mock-ministry instance.

Everything an instance needs travels in one frozen :class:`MockSettings` value handed to
``create_app``; there is no module-level state, so a test run can start several independent
instances (each with its own database) side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ministry_mock.faults import FaultConfig

DEFAULT_DB_URL = "sqlite:///ministry_mock.sqlite3"
LOOKUP_LIMIT = (10.0, 30)  # look-ups per second and burst when the limit is on
# Requests in flight before the server sheds load with 503 + Retry-After. One mock process is
# CPU-bound on one core, so more in flight only adds queueing delay; and it must stay well below
# the SQLAlchemy pool (5 + 10 overflow connections) and the 40 threads that run sync routes: with
# 64 in flight, requests waiting for a pooled connection took every thread, the sessions holding
# the connections could not be closed, and list requests stalled for the 30 s pool time-out.
MAX_IN_FLIGHT = 12
# Queueing time after which a server deployment sheds a request (``--max-queue-wait-ms``): with
# the client's own round trip and the service time on top, the p95 of served answers stays under
# the 200 ms the issue asks for at 200 concurrent clients.
MAX_QUEUE_WAIT_MS = 30


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class MockSettings:
    """How to build, seed and run one instance.

    ``clock`` is the instance's idea of "now" (UTC, timezone-aware): tests pass a controllable
    clock to expire tokens or lift lockouts without sleeping; a later demo clock hooks in here.
    ``scrypt_n`` is the scrypt cost factor; the default (2**14) is the interactive-login value of
    the Python docs, lower only to speed up experiments.
    ``faults`` injects network and server failures (off by default, see
    :mod:`ministry_mock.faults`); admins can change them at run time in demo mode.
    ``lookup_rate`` / ``lookup_burst``: the token bucket of population look-ups per account
    (tokens per second, bucket size). ``lookup_burst=None`` (the default, so test suites that
    fire hundreds of look-ups are not throttled) switches the limit off; the ``ministry-mock``
    command line turns it on at 10/s, burst 30 (``LOOKUP_LIMIT``).
    ``max_in_flight``: admission control (:class:`ministry_mock.ratelimit.AdmissionGate`) —
    beyond this many requests in flight the server answers 503 with ``Retry-After:
    busy_retry_after_s`` at once instead of queueing; ``None`` admits everything. Why the
    default (``MAX_IN_FLIGHT``) is 12 is written where it is defined; with several worker
    processes it is the whole server's limit, split between them (:mod:`ministry_mock.workers`).
    ``max_queue_wait_ms``: a request that waited longer than this in the event loop before
    reaching the gate is shed the same way (off by default, so a slow test machine never sees a
    503 it did not ask for; the ``ministry-mock`` command line turns it on at
    ``MAX_QUEUE_WAIT_MS``).
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
    faults: FaultConfig = field(default_factory=FaultConfig)
    lookup_rate: float = 10.0
    lookup_burst: int | None = None
    max_in_flight: int | None = MAX_IN_FLIGHT
    max_queue_wait_ms: int | None = None
    busy_retry_after_s: int = 1
    # admissions cycle (ministry_mock/catalog.py, scores.py): catalog size and the share of the
    # exam cohort that has exam scores besides candidate accounts and registered candidates
    catalog_institutions: int = 60
    catalog_programmes: int = 600
    score_sample: float = 0.05
