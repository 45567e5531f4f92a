"""Run blocking work off the GUI thread; get the outcome back on it.

Every background job in the UI goes through :class:`TaskRunner` (no widget makes its own
``QThread``). ``fn`` runs on a pool thread; ``on_success``, ``on_failure`` and ``on_progress``
run on the GUI thread. Cancelling a task suppresses its callbacks; a cooperative ``fn`` can also
check ``token.cancelled`` (pass ``with_token=True``) to stop early.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        self._event.set()


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)
    finished = Signal()


class TaskHandle:
    """What the caller keeps: cancel it, or ask whether it is still running."""

    def __init__(self, token: CancelToken) -> None:
        self.token = token
        self.done = False

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def running(self) -> bool:
        return not self.done and not self.token.cancelled


class _Job(QRunnable):
    def __init__(
        self,
        fn: Callable[..., Any],
        signals: _Signals,
        token: CancelToken,
        with_token: bool,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._signals = signals
        self._token = token
        self._with_token = with_token

    def run(self) -> None:
        try:
            if self._with_token:
                result = self._fn(self._token, self._signals.progressed.emit)
            else:
                result = self._fn()
        except BaseException as exc:  # delivered to on_failure on the GUI thread
            if not self._token.cancelled:
                self._signals.failed.emit(exc)
        else:
            if not self._token.cancelled:
                self._signals.succeeded.emit(result)
        finally:
            self._signals.finished.emit()


class TaskRunner(QObject):
    """Owns the pool. Create one per application (in the GUI thread)."""

    def __init__(self, max_threads: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._live: set[_Signals] = set()

    def submit(
        self,
        fn: Callable[..., Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        *,
        with_token: bool = False,
    ) -> TaskHandle:
        """Run ``fn()`` (or ``fn(token, report_progress)`` with ``with_token``) in the pool."""
        token = CancelToken()
        handle = TaskHandle(token)
        signals = _Signals(self)  # lives in the GUI thread: its signals arrive there
        self._live.add(signals)

        def succeeded(result: Any) -> None:
            if not token.cancelled and on_success is not None:
                on_success(result)

        def failed(exc: Any) -> None:
            if token.cancelled:
                return
            if on_failure is not None:
                on_failure(exc)
            else:
                log.error("background task failed", exc_info=exc)

        def progressed(value: Any) -> None:
            if not token.cancelled and on_progress is not None:
                on_progress(value)

        def finished() -> None:
            handle.done = True
            self._live.discard(signals)
            signals.deleteLater()

        signals.succeeded.connect(succeeded)
        signals.failed.connect(failed)
        signals.progressed.connect(progressed)
        signals.finished.connect(finished)
        self._pool.start(_Job(fn, signals, token, with_token))
        return handle

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """Block until every task finished (shutdown and tests only)."""
        return self._pool.waitForDone(msecs)

    @property
    def active(self) -> int:
        return len(self._live)
