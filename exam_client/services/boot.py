"""Building the services while the first window is already on screen, in two stages.

Importing SQLAlchemy, opening the encrypted store and (in demo mode) starting the mock take most
of a cold start; none of it is needed to *show* the sign-in window, and the store is not needed
to *sign in*. :class:`Boot` runs the build once on a worker thread:

1. the online stage (:class:`OnlineServices`: the API client, the sign-in, the session lock):
   :meth:`Boot.wait_online` returns it as soon as it is built; the sign-in window takes the
   person's password from then on, and the main window can draw its frame;
2. the local stage (:class:`AppServices`: the store and everything working on it, built on the
   first stage's objects): :meth:`Boot.wait` returns it, or the build's error.

Whoever needs either calls the wait from a worker thread (never the GUI thread). A boot made
from a single ``build`` (tests, tools) has its online stage ready when everything is.

Threads share one GIL: the local stage, running while the GUI thread signs in and draws the main
window, slows both (every return of the GUI thread to Python waits for the interpreter). The
staff shell therefore holds it (:meth:`~Boot.hold_local`) and releases it
(:meth:`~Boot.release_local`) when the GUI is idle: the sign-in window waiting for a person (who
types for seconds; the store is open long before), or the main window's first frame drawn.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from exam_client.services.context import AppServices, DemoAccount, OnlineServices


class Boot:
    def __init__(
        self,
        build: Callable[[str | None], AppServices],
        *,
        server_text: str,
        demo: bool,
        build_online: Callable[[], OnlineServices] | None = None,
    ) -> None:
        """``build(passphrase)`` makes the services; ``passphrase`` is ``None`` at first.

        With ``build_online``, that is built first and ``build`` may read it
        (:meth:`wait_online`); see :meth:`two_stage`.
        """
        self._build = build
        self._build_online = build_online
        self._done = threading.Event()
        self._online_done = threading.Event()
        self._local_go = threading.Event()  # see hold_local
        self._local_go.set()
        self._abandoned = False
        self._services: AppServices | None = None
        self._online: OnlineServices | None = None
        self._error: BaseException | None = None
        self.built_at: float | None = None  # time.perf_counter() when the build ended
        self.online_at: float | None = None  # … when the online stage was ready
        self.server_text = server_text
        self.demo = demo

    @classmethod
    def two_stage(
        cls,
        online: Callable[[], OnlineServices],
        local: Callable[[OnlineServices, str | None], AppServices],
        *,
        server_text: str,
        demo: bool,
    ) -> Boot:
        """``online()`` first; then ``local(online_services, passphrase)`` (again after a
        :meth:`restart`, on the same online services)."""
        holder: list[Boot] = []
        boot = cls(
            lambda passphrase: local(holder[0].wait_online(0), passphrase),
            server_text=server_text,
            demo=demo,
            build_online=online,
        )
        holder.append(boot)
        return boot

    @classmethod
    def ready(cls, services: AppServices) -> Boot:
        """A boot that has already finished (tests, tools)."""
        boot = cls(lambda _: services, server_text=services.settings.api_url, demo=False)
        boot.run()
        return boot

    def hold_local(self) -> None:
        """Make a two-stage :meth:`run` wait, after its online stage, for :meth:`release_local`.
        Call before :meth:`run`; a one-stage boot has nothing to hold."""
        if self._services is None and self._build_online is not None:
            self._local_go.clear()

    def release_local(self) -> None:
        """Let the local stage start (now, or as soon as the online stage is built)."""
        self._local_go.set()

    @property
    def local_held(self) -> bool:
        return not self._local_go.is_set()

    def abandon(self) -> None:
        """The app is closing: a held local stage is not built (its run fails at once)."""
        self._abandoned = True
        self._local_go.set()

    def restart(self) -> None:
        """Forget a failed build so :meth:`run` can try again (e.g. with a passphrase). The online
        stage, once built, is kept."""
        if self._services is None:
            self._error = None
            self._done.clear()
            if self._online is None:
                self._online_done.clear()
            else:  # a sign-in meanwhile records its hash in the store about to open
                self._online.auth.expect_offline_passwords()

    def run(
        self,
        passphrase: str | None = None,
        on_online: Callable[[OnlineServices], None] | None = None,
    ) -> AppServices:
        """Build (once). Blocking: call on a worker thread. ``on_online`` is called (on this
        thread) when the online stage is ready, before the local stage starts."""
        if not self._done.is_set():
            try:
                online = self._run_online()
                if online is not None:
                    if on_online is not None:
                        on_online(online)
                    self._local_go.wait()
                if self._abandoned:
                    raise RuntimeError("the app closed before its local store was opened")
                self._services = self._build(passphrase)
                self.server_text = self._services.connection.server
            except BaseException as exc:
                self._error = exc
                if self._online is not None:  # whatever waits for the store's hashes goes on
                    self._online.auth.attach_offline_passwords(None)
            finally:
                self.built_at = time.perf_counter()
                self._done.set()
                self._online_done.set()  # a failed online stage: its waiters get the error
        return self.wait()

    def _run_online(self) -> OnlineServices | None:
        if self._build_online is None or self._online is not None:
            return self._online
        online = self._build_online()
        self._online = online
        self.server_text = online.connection.server
        self.online_at = time.perf_counter()
        self._online_done.set()
        return online

    def wait(self, timeout: float | None = None) -> AppServices:
        if not self._done.wait(timeout):
            raise TimeoutError("services are still starting")
        if self._error is not None:
            raise self._error
        assert self._services is not None
        return self._services

    def wait_online(self, timeout: float | None = None) -> OnlineServices:
        """The online stage (sign-in, API client), as soon as it is built."""
        if self._build_online is None:
            return self.wait(timeout).online
        if not self._online_done.wait(timeout):
            raise TimeoutError("services are still starting")
        if self._online is None:
            assert self._error is not None
            raise self._error
        return self._online

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    @property
    def services(self) -> AppServices | None:
        return self._services

    @property
    def online(self) -> OnlineServices | None:
        """The online stage once built (``None`` before, or when it failed)."""
        if self._online is not None:
            return self._online
        return self._services.online if self._services is not None else None

    @property
    def demo_account(self) -> DemoAccount | None:
        online = self.online
        return online.demo_account if online is not None else None
