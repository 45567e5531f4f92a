"""Token buckets per principal for population look-ups, and admission control for the server.

The population register is personal data: a school needs a look-up per candidate while filling
a form, not a scrape of the register. A bucket of ``burst`` tokens refilled at ``rate`` per
second lets a person type quickly and a bulk import proceed at a steady pace, and turns a
runaway loop into 429s with a ``Retry-After`` the client can honour. Time comes from the
instance clock, so tests with a frozen clock get exactly ``burst`` look-ups.

:class:`AdmissionGate` protects the whole server on deadline days: beyond ``limit`` requests in
flight, or for a request that already waited ``max_wait_s`` in the event loop's queue (routes
declared ``async`` never count as "in flight" for long: they run to the end without yielding),
it answers ``503`` with ``Retry-After`` at once, before routing, authentication or a
database connection, instead of queueing until clients time out. A client treats 503 as "slow
down" (:class:`exam_client.api.errors.SlowDown`) and keeps its unsent work, so shedding costs a
retry, never data. :func:`ministry_mock.server.server_config` installs it around every app it
serves, with the limit from ``MockSettings.max_in_flight``. With several worker processes
(``ministry-mock --workers N``) that limit is the whole server's: :func:`limit_share` splits it.
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections.abc import Callable
from datetime import datetime

from starlette.types import ASGIApp, Receive, Scope, Send

from ministry_mock.faults import EXEMPT_PATHS, overloaded
from ministry_mock.problems import problem_response
from ministry_mock.protocol import RECEIVED_AT

SHED_HEADER = "X-Mock-Shed"


class TokenBuckets:
    """One bucket per key; thread-safe (handlers run on a thread pool).

    In memory, so per worker process (``ministry-mock --workers N``): a client's keep-alive
    connection stays on one worker and sees the configured limit, while an account spreading
    its look-ups over many connections may get up to N times the rate. Good enough for a
    guard against runaway loops; a hard national quota would need a shared store.
    """

    def __init__(self, rate: float, burst: int | None, clock: Callable[[], datetime]) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)

    def take(self, key: str) -> int:
        """Spend one token: 0 if allowed, else the whole seconds to wait before the next one."""
        if self.burst is None:
            return 0
        now = self._clock().timestamp()
        with self._lock:
            tokens, at = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + max(0.0, now - at) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0
            self._buckets[key] = (tokens, now)
        if self.rate <= 0:
            return 3600
        return max(1, math.ceil((1.0 - tokens) / self.rate))


def limit_share(limit: int | None, workers: int, index: int) -> int | None:
    """Worker ``index``'s part of a server-wide in-flight ``limit`` split between ``workers``.

    The parts add up to ``limit`` (the first ``limit % workers`` workers take one more), so
    ``--max-in-flight`` keeps meaning the whole server; but every worker admits at least one
    request, or it would only ever answer 503. ``None`` (no limit) stays ``None``.
    """
    if limit is None:
        return None
    return max(1, limit // workers + (1 if index < limit % workers else 0))


class AdmissionGate:
    """ASGI middleware: at most ``limit`` requests in flight, the rest answered 503 at once.

    Runs on the server's event loop, so the counters need no lock. The 503 is rendered once
    (problem+json, ``Retry-After``, ``X-Mock-Shed: capacity``) and written without touching the
    app: shedding must stay cheap exactly when the server is busiest. ``/health`` and the fault
    switch are never shed nor counted, so monitors and tests always get through. ``limit=None``
    admits everything (the counters still work).
    """

    def __init__(
        self,
        app: ASGIApp,
        limit: int | None,
        retry_after_s: int = 1,
        *,
        max_wait_s: float | None = None,
    ) -> None:
        self.app = app
        self.limit = limit
        self.max_wait_s = max_wait_s
        self.retry_after_s = retry_after_s
        self.in_flight = 0
        self.peak = 0
        self.admitted = 0
        self.shed = 0
        busy = problem_response(overloaded(retry_after_s))
        busy.headers[SHED_HEADER] = "capacity"
        self._busy = busy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(EXEMPT_PATHS):
            await self.app(scope, receive, send)
            return
        full = self.limit is not None and self.in_flight >= self.limit
        if full or self._waited_too_long(scope):
            self.shed += 1
            await self._busy(scope, receive, send)
            return
        self.in_flight += 1
        self.admitted += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1

    def _waited_too_long(self, scope: Scope) -> bool:
        """The request sat in the event loop's queue longer than ``max_wait_s`` before reaching
        the gate (its arrival stamped by :mod:`ministry_mock.protocol`): the server is behind,
        and an answer now would come too late to be useful — shed it before doing its work."""
        received = scope.get(RECEIVED_AT)
        if self.max_wait_s is None or received is None:
            return False
        return bool(asyncio.get_running_loop().time() - received > self.max_wait_s)
