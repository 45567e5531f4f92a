"""Building the services while the first window is already on screen.

Opening the encrypted store, importing SQLAlchemy/Alembic, and (in demo mode) starting the mock
take most of a cold start; none of it is needed to *show* the sign-in window. :class:`Boot` runs
the build once on a worker thread; whoever needs the services calls :meth:`Boot.wait` from a
worker thread (never the GUI thread) and gets them, or the build's error.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from exam_client.services.context import AppServices, DemoAccount


class Boot:
    def __init__(
        self,
        build: Callable[[str | None], AppServices],
        *,
        server_text: str,
        demo: bool,
    ) -> None:
        """``build(passphrase)`` makes the services; ``passphrase`` is ``None`` at first."""
        self._build = build
        self._done = threading.Event()
        self._services: AppServices | None = None
        self._error: BaseException | None = None
        self.built_at: float | None = None  # time.perf_counter() when the build ended
        self.server_text = server_text
        self.demo = demo

    @classmethod
    def ready(cls, services: AppServices) -> Boot:
        """A boot that has already finished (tests, tools)."""
        boot = cls(lambda _: services, server_text=services.settings.api_url, demo=False)
        boot.run()
        return boot

    def restart(self) -> None:
        """Forget a failed build so :meth:`run` can try again (e.g. with a passphrase)."""
        if self._services is None:
            self._error = None
            self._done.clear()

    def run(self, passphrase: str | None = None) -> AppServices:
        """Build (once). Blocking: call on a worker thread."""
        if not self._done.is_set():
            try:
                self._services = self._build(passphrase)
                self.server_text = self._services.connection.server
            except BaseException as exc:
                self._error = exc
            finally:
                self.built_at = time.perf_counter()
                self._done.set()
        return self.wait()

    def wait(self, timeout: float | None = None) -> AppServices:
        if not self._done.wait(timeout):
            raise TimeoutError("services are still starting")
        if self._error is not None:
            raise self._error
        assert self._services is not None
        return self._services

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    @property
    def services(self) -> AppServices | None:
        return self._services

    @property
    def demo_account(self) -> DemoAccount | None:
        return self._services.demo_account if self._services else None
