"""A short-lived memory of which access token belongs to whom.

Every authenticated request resolves its bearer token; without this cache that is two primary-key
reads (token, account) per request, about a fifth of the mock's CPU under load. An entry lives
``ttl_s`` seconds of monotonic time (one second by default: a client's burst of requests shares
one read), and the token's own expiry is still checked against the instance clock on every use,
so a moved demo clock or an expired token is seen at once.

Revocation in this process (sign-out, a reused refresh token ending every session of an account)
forgets the entries at once; a revocation written by another process sharing the database (a
server deployment with several workers) is seen within ``ttl_s``. Thread-safe: the handlers run
on a thread pool.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Generic, TypeVar

P = TypeVar("P")

DEFAULT_TTL_S = 1.0
MAX_ENTRIES = 10_000  # far more than the clients of one school; a full cache is simply cleared


class PrincipalCache(Generic[P]):
    def __init__(
        self, ttl_s: float = DEFAULT_TTL_S, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl_s = ttl_s
        self._monotonic = monotonic
        self._lock = threading.Lock()
        # digest -> (principal, account id, token expiry, remembered until)
        self._entries: dict[str, tuple[P, int, datetime, float]] = {}

    def get(self, digest: str) -> tuple[P, datetime] | None:
        """The principal and token expiry remembered for ``digest``, if still fresh."""
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None:
                return None
            principal, _account, expires_at, until = entry
            if until <= self._monotonic():
                del self._entries[digest]
                return None
            return principal, expires_at

    def put(self, digest: str, principal: P, account_id: int, expires_at: datetime) -> None:
        if self.ttl_s <= 0:
            return
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            until = self._monotonic() + self.ttl_s
            self._entries[digest] = (principal, account_id, expires_at, until)

    def forget(self, digests: Iterable[str]) -> None:
        with self._lock:
            for digest in digests:
                self._entries.pop(digest, None)

    def forget_account(self, account_id: int) -> None:
        with self._lock:
            stale = [d for d, entry in self._entries.items() if entry[1] == account_id]
            for digest in stale:
                del self._entries[digest]

    def __len__(self) -> int:
        return len(self._entries)
