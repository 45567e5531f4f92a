"""Listener callbacks from worker threads, delivered on the GUI thread.

``SyncEngine.subscribe`` and ``ConnectionMonitor.subscribe`` call their listeners on the thread
that saw the change (the sync worker, a task thread) and have no way to unsubscribe. A
:class:`ThreadBridge` gives them a plain function that re-emits through a Qt signal (queued to
the GUI thread, where the bridge lives) and goes quiet once the bridge's widget is gone, so a
closed panel never makes the sync worker touch a deleted Qt object.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal


class ThreadBridge(QObject):
    received = Signal(object)

    def __init__(self, parent: QObject) -> None:
        """Create in the GUI thread; ``parent`` (the widget) decides how long it lives."""
        super().__init__(parent)
        lock = threading.Lock()
        alive = [True]
        emit = self.received.emit

        def gone(*_: object) -> None:
            with lock:
                alive[0] = False

        def listener(value: object) -> None:  # any thread
            with lock:
                if not alive[0]:
                    return
                try:
                    emit(value)
                except RuntimeError:  # the C++ object went first (interpreter shutdown)
                    alive[0] = False

        self.destroyed.connect(gone)
        self._listener = listener

    def listener(self) -> Callable[[object], None]:
        """The function to hand to ``subscribe``; safe on any thread, after deletion too."""
        return self._listener
