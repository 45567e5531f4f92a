"""Token buckets per principal, for population look-ups.

The population register is personal data: a school needs a look-up per candidate while filling
a form, not a scrape of the register. A bucket of ``burst`` tokens refilled at ``rate`` per
second lets a person type quickly and a bulk import proceed at a steady pace, and turns a
runaway loop into 429s with a ``Retry-After`` the client can honour. Time comes from the
instance clock, so tests with a frozen clock get exactly ``burst`` look-ups.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from datetime import datetime


class TokenBuckets:
    """One bucket per key; thread-safe (handlers run on a thread pool)."""

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
