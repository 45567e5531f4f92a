"""Demo mode only: a discreet control that moves the mock ministry's clock to the next phase
(preferences → payment → filtering → results → confirmation), so the whole journey can be shown
in minutes. A small "Demo" button in the bottom-left corner, or Ctrl+Shift+D; a menu offers every
demo phase by name.

It shows no candidate data (only the server's date and the phase), so it survives the wipe.
Never installed outside demo mode: the composition root decides (see :func:`install_demo_clock`).
GUI thread; the clock moves on a worker thread through ``TaskRunner``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QLabel, QMenu, QToolButton, QWidget

from exam_client.services.enrollment import DEMO_JOURNEY, ClockMove, DemoClockService
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.kiosk.payment_text import moment
from exam_client.ui.tasks import TaskHandle, TaskRunner

SHORTCUT = "Ctrl+Shift+D"
NOTE_MS = 6000
FOLLOW_MS = 1000


class DemoClockControl(Retranslatable, QWidget):
    """Sits in the bottom-left corner of ``host`` (follows its resizes)."""

    moved = Signal(object)  # ClockMove, after the server's clock moved

    def __init__(
        self,
        host: QWidget,
        runner: TaskRunner,
        service: Callable[[], DemoClockService],
    ) -> None:
        super().__init__(host)
        self._runner = runner
        self._service = service  # called on a worker thread (may wait for the boot)
        self.task: TaskHandle | None = None
        self.last: ClockMove | None = None
        self.problem = ""
        self.button = QToolButton(self)
        self.button.setAutoRaise(True)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.button.clicked.connect(self.advance)
        self.menu = QMenu(self)
        self.button.setMenu(self.menu)
        self.note = QLabel(host)
        self.note.setObjectName("kioskHint")
        self.note.hide()
        self.note_timer = QTimer(self)
        self.note_timer.setSingleShot(True)
        self.note_timer.timeout.connect(self.note.hide)
        self.shortcut = QShortcut(QKeySequence(SHORTCUT), host)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.advance)
        # Follows the host's size with a slow timer, not an event filter on the host: a Python
        # eventFilter on the parent crashed PySide6 when the host was destroyed (seen in tests).
        self.follow = QTimer(self)
        self.follow.setInterval(FOLLOW_MS)
        self.follow.timeout.connect(self._place)
        self.follow.start()
        self.retranslate_ui()
        self._place()
        self.show()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        self._place()
        super().showEvent(event)

    def _place(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        if (self.x(), self.y() + self.height()) == (
            4,
            host.height() - 4,
        ) and not self.note.isVisible():
            return
        self.button.adjustSize()
        self.resize(self.button.size())
        self.move(4, host.height() - self.height() - 4)
        self.raise_()
        self.note.adjustSize()
        self.note.move(self.width() + 12, host.height() - self.note.height() - 8)
        self.note.raise_()

    # -- moving the clock -------------------------------------------------------------------
    def advance(self) -> None:
        self._run(lambda: self._service().advance())

    def jump(self, phase: str) -> None:
        self._run(lambda: self._service().jump(phase))

    def _run(self, fn: Callable[[], ClockMove]) -> None:
        if self.task is not None and self.task.running:
            return
        self.problem = ""
        self._show_note(self.tr("Đang chỉnh đồng hồ demo…"))
        self.task = self._runner.submit(fn, self._moved, self._failed)

    def _moved(self, move: ClockMove) -> None:
        self.task = None
        self.last = move
        self.retranslate_ui()
        self.moved.emit(move)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.problem = getattr(exc, "message_vi", str(exc))
        self.retranslate_ui()

    def _show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))
        self._place()
        self.note_timer.start(NOTE_MS)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task = None

    def retranslate_ui(self) -> None:
        self.button.setText(self.tr("Demo"))  # plain text: the kiosk font has no clock glyph
        self.button.setToolTip(
            self.tr("Demo: chuyển đồng hồ sang giai đoạn tiếp theo (%1)").replace("%1", SHORTCUT)
        )
        self.button.setAccessibleName(self.tr("Đồng hồ demo: sang giai đoạn tiếp theo"))
        self.menu.clear()
        next_action = self.menu.addAction(self.tr("Giai đoạn tiếp theo"))
        next_action.triggered.connect(self.advance)
        self.menu.addSeparator()
        for phase in DEMO_JOURNEY:
            action = self.menu.addAction(self.tr("Đến: %1").replace("%1", phase))
            action.triggered.connect(lambda _c=False, p=phase: self.jump(p))
        if self.problem:
            self._show_note(
                self.tr("Không chỉnh được đồng hồ demo: %1").replace("%1", self.problem)
            )
        elif self.last is not None and self.task is None:
            self._show_note(
                self.tr("Đồng hồ demo: %1 — %2")
                .replace("%1", moment(self.last.state.now))
                .replace("%2", self.last.label)
            )


def install_demo_clock(
    host: QWidget, runner: TaskRunner, service: Callable[[], DemoClockService]
) -> DemoClockControl:
    """Put the control on ``host`` (the kiosk window). Call only in demo mode."""
    return DemoClockControl(host, runner, service)
