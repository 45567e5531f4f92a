"""What a kiosk keeps, in memory only, for a candidate whose session the server ended.

See :class:`HeldWork`; :meth:`exam_client.services.candidate_session.CandidateSessionService.end`
decides when to hold, the kiosk shell when to offer it back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

HELD_FOR = timedelta(minutes=5)  # how long unsaved work waits for the same candidate


class HeldWork:
    """Unsaved work of ONE candidate whose session the server ended, waiting for that person.

    Why it is safe on a shared kiosk: memory only (never the disk); at most one holder; keyed
    by ``sha256(salt + cccd)`` with a random per-process salt, so the object holds no CCCD and
    its key matches nothing outside this process; given back only to a *successful* sign-in of
    the same CCCD (a wrong password keeps it, anybody else's sign-in drops it); gone after
    ``ttl`` whatever happens. Thread-safe (sign-in runs on a worker, :meth:`drop` on the GUI).
    """

    def __init__(
        self, ttl: timedelta = HELD_FOR, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._salt = secrets.token_bytes(16)
        self._ttl_s = ttl.total_seconds()
        self._clock = clock
        self._lock = threading.Lock()
        self._digest = b""
        self._work: dict[str, Any] = {}
        self._until = 0.0

    def _key(self, cccd: str) -> bytes:
        return hashlib.sha256(self._salt + cccd.strip().encode()).digest()

    def hold(self, cccd: str, work: dict[str, Any]) -> None:
        """Keep ``work`` (entries of :attr:`CandidateSession.data`) for ``cccd``; replaces any."""
        with self._lock:
            if not cccd or not work:
                self._clear()
                return
            self._digest, self._work = self._key(cccd), dict(work)
            self._until = self._clock() + self._ttl_s

    def claim(self, cccd: str) -> dict[str, Any]:
        """The work held for ``cccd`` (empty if none, expired or someone else's); nothing is
        held afterwards either way."""
        with self._lock:
            mine = hmac.compare_digest(self._digest, self._key(cccd)) and bool(self._work)
            fresh = self._clock() < self._until
            work = self._work if mine and fresh else {}
            self._clear()
            return work

    def drop(self) -> None:
        with self._lock:
            self._clear()

    @property
    def holding(self) -> bool:
        with self._lock:
            return bool(self._work) and self._clock() < self._until

    def _clear(self) -> None:
        self._digest, self._work, self._until = b"", {}, 0.0
