"""The idle guard: nobody at the screen for a while → warn, then wipe the visit.

Threads: GUI thread only (an application event filter and ``QTimer``s).

* Any input (mouse, key, touch, wheel) anywhere in the application restarts the warning timer
  while the guard is armed (a visit is in progress).
* After ``warning_ms`` of silence :attr:`IdleGuard.warning` fires; :class:`IdleOverlay` then
  shows "Bạn còn ở đây không?" with a countdown. While it is up, stray input does NOT keep the
  visit alive — only "Tôi vẫn ở đây" (or Enter on it) does — so a passer-by brushing the screen
  cannot keep a stranger's data open.
* After ``wipe_ms`` of silence in total, :attr:`IdleGuard.expired` fires and the shell wipes.

Timeouts are plain milliseconds so tests run the whole cycle in a fraction of a second.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from exam_client.ui.i18n import Retranslatable

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseMove,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.Wheel,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
    }
)


class IdleGuard(QObject):
    """Watches the whole application's input; emits ``warning``, ``tick`` and ``expired``."""

    warning = Signal(int)  # seconds left before the wipe
    tick = Signal(int)  # seconds left, about once a second while warning
    cancelled = Signal()  # the warning was answered ("Tôi vẫn ở đây")
    expired = Signal()  # wipe now

    def __init__(self, warning_ms: int, wipe_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if wipe_ms <= warning_ms:
            raise ValueError("wipe_ms must be longer than warning_ms")
        self.warning_ms = warning_ms
        self.wipe_ms = wipe_ms
        self._armed = False
        self._warning = False
        self._warn_timer = QTimer(self, singleShot=True, interval=warning_ms)
        self._warn_timer.timeout.connect(self._warn)
        self._wipe_timer = QTimer(self, singleShot=True, interval=wipe_ms - warning_ms)
        self._wipe_timer.timeout.connect(self._expire)
        self._tick_timer = QTimer(self, interval=min(1000, max(10, (wipe_ms - warning_ms) // 4)))
        self._tick_timer.timeout.connect(lambda: self.tick.emit(self.seconds_left))
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def armed(self) -> bool:
        return self._armed

    @property
    def warning_shown(self) -> bool:
        return self._warning

    @property
    def seconds_left(self) -> int:
        if not self._warning:
            return math.ceil(self.wipe_ms / 1000)
        # -50 ms: a coarse timer may report a hair over the interval right after start
        return max(0, math.ceil((self._wipe_timer.remainingTime() - 50) / 1000))

    def arm(self) -> None:
        """A visit started (the first touch on the welcome screen)."""
        self._armed = True
        self.reset()

    def disarm(self) -> None:
        """Back on the welcome screen: nothing to protect."""
        self._armed = False
        self._stop_warning()
        self._warn_timer.stop()

    def reset(self) -> None:
        """Presence confirmed: restart the countdown from zero."""
        if not self._armed:
            return
        was_warning = self._warning
        self._stop_warning()
        self._warn_timer.start()
        if was_warning:
            self.cancelled.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self._armed and not self._warning and event.type() in _INPUT_EVENTS:
            self._warn_timer.start()
        return False

    def _warn(self) -> None:
        self._warning = True
        self._wipe_timer.start()
        self._tick_timer.start()
        self.warning.emit(self.seconds_left)

    def _expire(self) -> None:
        self._stop_warning()
        self._armed = False
        self.expired.emit()

    def _stop_warning(self) -> None:
        self._warning = False
        self._wipe_timer.stop()
        self._tick_timer.stop()

    def shutdown(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.disarm()


class IdleOverlay(Retranslatable, QWidget):
    """ "Bạn còn ở đây không?" over the whole shell, with a countdown and one big button.

    Modal-ish: it covers and blocks the page beneath (mouse and focus), but is a child widget,
    not a dialog, so it never fights the full-screen window for the foreground.
    """

    def __init__(self, guard: IdleGuard, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("kioskOverlay")
        self._guard = guard
        self._seconds = guard.seconds_left
        card = QFrame(self)
        card.setObjectName("kioskDialog")
        card.setFixedWidth(640)
        self.question = QLabel()
        self.question.setObjectName("kioskTitle")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question.setWordWrap(True)
        self.countdown = QLabel()
        self.countdown.setObjectName("kioskCountdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain = QLabel()
        self.explain.setObjectName("kioskSubtitle")
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain.setWordWrap(True)
        self.stay_button = QPushButton()
        self.stay_button.setObjectName("kioskStart")
        self.stay_button.setDefault(True)
        self.stay_button.clicked.connect(guard.reset)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(18)
        for w in (self.question, self.countdown, self.explain):
            inner.addWidget(w)
        inner.addWidget(self.stay_button)
        # Centred by stretches, not by alignment: an aligned item gets its plain size hint, so
        # the wrapped texts' real height was ignored and the button was cut off.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        guard.warning.connect(self._show_warning)
        guard.tick.connect(self._set_seconds)
        guard.cancelled.connect(self.hide)
        guard.expired.connect(self.hide)
        self.hide()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.question.setText(self.tr("Bạn còn ở đây không?"))
        self.stay_button.setText(self.tr("Tôi vẫn ở đây"))
        self.stay_button.setAccessibleName(self.tr("Tôi vẫn ở đây, tiếp tục phiên"))
        self._set_seconds(self._seconds)

    def _set_seconds(self, seconds: int) -> None:
        self._seconds = seconds
        self.countdown.setText(str(seconds))
        self.countdown.setAccessibleName(self.tr("Số giây còn lại"))
        self.explain.setText(
            self.tr(
                "Để bảo vệ thông tin của bạn, phiên sẽ tự kết thúc và xoá mọi dữ liệu "
                "sau %n giây nếu không có ai chạm vào màn hình.",
                "",
                seconds,
            )
        )

    def _show_warning(self, seconds: int) -> None:
        self._set_seconds(seconds)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self.stay_button.setFocus()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(20, 26, 36, 170))  # dim the page beneath
        painter.end()
        super().paintEvent(event)
