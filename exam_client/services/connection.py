"""Whether the ministry is reachable, as the rest of the app should believe it.

Every API call a service makes reports its outcome here, and a periodic health check (driven by
the UI's timer, run off the GUI thread) keeps the state fresh while idle. Listeners are called on
the thread that observed the change; the UI marshals them to the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import TYPE_CHECKING

from exam_client.api.errors import ApiError, NetworkError, ServerError, SlowDown

if TYPE_CHECKING:
    from exam_client.api.client import MinistryClient


class Link(Enum):
    UNKNOWN = "unknown"
    ONLINE = "online"
    DEGRADED = "degraded"  # reachable but failing or overloaded
    OFFLINE = "offline"


@dataclass(frozen=True, slots=True)
class ConnectionState:
    link: Link
    since: datetime
    last_online: datetime | None
    detail: str = ""

    @property
    def online(self) -> bool:
        return self.link in (Link.ONLINE, Link.DEGRADED)


Listener = Callable[[ConnectionState], None]


class ConnectionMonitor:
    def __init__(self, client: MinistryClient, now: Callable[[], datetime] | None = None) -> None:
        self._client = client
        self._now = now or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self._state = ConnectionState(Link.UNKNOWN, self._now(), None)
        self._listeners: list[Listener] = []

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def server(self) -> str:
        return self._client.base_url

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def check(self) -> ConnectionState:
        """Ask the server's health endpoint (short timeout). Blocking: call off the GUI thread."""
        try:
            self._client.health(timeout=(2.0, 3.0))
        except ApiError as exc:
            self.report_failure(exc)
        else:
            self.report_success()
        return self._state

    def report_success(self) -> None:
        self._set(Link.ONLINE, "")

    def report_failure(self, exc: BaseException) -> None:
        if isinstance(exc, NetworkError):
            self._set(Link.OFFLINE, str(exc))
        elif isinstance(exc, ServerError | SlowDown):
            self._set(Link.DEGRADED, str(exc))

    def _set(self, link: Link, detail: str) -> None:
        with self._lock:
            old = self._state
            if old.link == link:
                return
            now = self._now()
            last_online = now if link in (Link.ONLINE, Link.DEGRADED) else old.last_online
            if old.link in (Link.ONLINE, Link.DEGRADED):
                last_online = now
            self._state = ConnectionState(link, now, last_online, detail)
            state = self._state
        for listener in list(self._listeners):
            listener(state)
