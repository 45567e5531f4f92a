"""The staff lock screen: after inactivity the window is covered and candidate data hidden.

Threads: GUI thread only, except the password check, which runs on a :class:`TaskRunner` task
(scrypt: 0.15–0.6 s). The rules (minutes, throttling, offline check) live in
:class:`exam_client.services.session_lock.SessionLock`; this module only watches input and
draws the cover.

What "hidden" means here: the window's central widget, dock widgets and tool bars are
*hidden* (not just painted over), the menu bar is disabled (no shortcut reaches a hidden
action), and the cover fills the whole window, status bar included. Screen readers and
``grab()`` see only the cover.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from exam_client.services.session_lock import SessionLock, UnlockResult
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.kiosk.idle import _INPUT_EVENTS  # one definition of "the person did something"
from exam_client.ui.tasks import TaskRunner
from exam_client.ui.theme import ACCENT, ERROR

CHECK_INTERVAL_MS = 5_000


class ActivityWatcher(QObject):
    """Application event filter: input restarts the idle time; a timer locks when it is due."""

    lock_due = Signal()

    def __init__(
        self, lock: SessionLock, parent: QObject | None = None, interval_ms: int = CHECK_INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self._lock = lock
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        if event.type() in _INPUT_EVENTS:
            self._lock.touch()
        return False

    def check(self) -> None:
        """Lock now if the idle time is up (the timer calls this; tests may too)."""
        if self._lock.idle_due():
            self._lock.lock()
            self.lock_due.emit()

    def stop(self) -> None:
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockScreen(Retranslatable, QFrame):
    """The cover over a :class:`QMainWindow` while the session is locked."""

    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(
        self, window: QMainWindow, lock: SessionLock, runner: TaskRunner, user_text: str
    ) -> None:
        super().__init__(window)
        self.setObjectName("lockScreen")
        # Its own look, so the cover reads the same whatever the app's theme is.
        self.setStyleSheet(
            "QFrame#lockScreen { background: #1f2a3a; }"
            "QFrame#lockCard { background: white; border-radius: 8px; }"
            # the title's size comes from the app theme (it follows the text size)
            "QLabel#lockTitle { font-weight: 600; color: #1c1f24; }"
            f"QLabel#lockError {{ color: {ERROR}; background: #fdecea; border: 1px solid #f5c2c0;"
            " border-radius: 4px; padding: 6px 8px; }"
            f"QPushButton#primary {{ background: {ACCENT}; color: white; }}"
            "QPushButton#primary:disabled { background: #e4e7ec; color: #8a919c; }"
        )
        self._window = window
        self._lock = lock
        self._runner = runner
        self._user_text = user_text
        self._hidden: list[QWidget] = []
        self._engaged = False
        self._busy = False

        card = QFrame()
        card.setObjectName("lockCard")
        card.setMaximumWidth(480)
        self.title = QLabel()
        self.title.setObjectName("lockTitle")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.password_label = QLabel()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label.setBuddy(self.password)
        self.password.returnPressed.connect(self.submit)
        self.error = QLabel()
        self.error.setObjectName("lockError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("primary")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        self.sign_out_button = QPushButton()
        self.sign_out_button.clicked.connect(self.sign_out_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)

        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        for widget in (self.title, self.explanation, self.password_label, self.password):
            inner.addWidget(widget)
        inner.addWidget(self.error)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.setTabOrder(self.password, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.sign_out_button)
        self._retry_timer = QTimer(self, singleShot=True)
        self._retry_timer.timeout.connect(self._retry_allowed)
        # Alt+X like the main window's "Đăng &xuất"; the Enter key unlocks (returnPressed).
        self._sign_out_shortcut = QShortcut(QKeySequence("Alt+X"), self)
        self._sign_out_shortcut.activated.connect(self.sign_out_requested.emit)
        window.installEventFilter(self)
        self.retranslate_ui()
        self.hide()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Phiên làm việc đã khoá"))
        self.explanation.setText(
            self.tr(
                "Ứng dụng đã khoá vì không có thao tác trong một thời gian; dữ liệu thí sinh được "
                "ẩn. %1, hãy nhập mật khẩu đăng nhập để tiếp tục (không cần mạng)."
            ).replace("%1", self._user_text)
        )
        self.password_label.setText(self.tr("&Mật khẩu"))
        self.password.setAccessibleName(self.tr("Mật khẩu để mở khoá"))
        self.unlock_button.setText(self.tr("Mở khoá"))
        self.unlock_button.setAccessibleName(self.tr("Mở khoá phiên làm việc"))
        self.sign_out_button.setText(self.tr("Đăng xuất (Alt+X)"))
        self.sign_out_button.setAccessibleName(self.tr("Đăng xuất khỏi phiên làm việc"))
        self.error.setAccessibleName(self.tr("Thông báo mở khoá"))

    # -- covering and uncovering -------------------------------------------------------------
    @property
    def engaged(self) -> bool:
        return self._engaged

    def engage(self) -> None:
        """Cover the window and hide everything that may show candidate data.

        Works before the window is first shown too (a resumed session opens locked): widgets
        are chosen by their own hidden flag, not by being on screen yet.
        """
        if self._engaged:
            self.password.setFocus()
            return
        self._engaged = True
        self._lock.lock()
        candidates = [
            self._window.centralWidget(),
            *self._window.findChildren(QDockWidget),
            *self._window.findChildren(QToolBar),
        ]
        self._hidden = [w for w in candidates if w is not None and not w.isHidden()]
        for widget in self._hidden:
            widget.hide()
        self._window.menuBar().setEnabled(False)
        self.setGeometry(self._window.rect())
        self.show()
        self.raise_()
        self.password.clear()
        self.error.hide()
        self.password.setFocus()

    def release(self) -> None:
        self._engaged = False
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self._window.menuBar().setEnabled(True)
        self.password.clear()
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        # Events may arrive while __init__ is still running: read the attributes defensively.
        window: QMainWindow | None = getattr(self, "_window", None)
        engaged = getattr(self, "_engaged", False)
        resized = event.type() == QEvent.Type.Resize
        if window is not None and watched is window and engaged and resized:
            self.setGeometry(window.rect())
        return False

    # -- unlocking ---------------------------------------------------------------------------
    def submit(self) -> None:
        if self._busy or not self.unlock_button.isEnabled():
            return
        password = self.password.text()
        if not password:
            self._show_error(self.tr("Hãy nhập mật khẩu của bạn để mở khoá."))
            return
        self._set_busy(True)
        self._runner.submit(
            lambda: self._lock.unlock(password),
            on_success=self._answered,
            on_failure=self._failed,
        )

    def _answered(self, result: UnlockResult) -> None:
        self._set_busy(False)
        if result.ok:
            self.release()
            self.unlocked.emit()
            return
        self._show_error(result.message_vi)
        self.password.selectAll()
        self.password.setFocus()
        if result.retry_after_s:
            self.unlock_button.setEnabled(False)
            self._retry_timer.start(int(result.retry_after_s * 1000))

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_error(
            self.tr(
                "Không kiểm tra được mật khẩu (%1). Hãy thử lại; nếu vẫn lỗi, hãy chọn "
                "“Đăng xuất” rồi đăng nhập lại."
            ).replace("%1", type(exc).__name__)
        )

    def _retry_allowed(self) -> None:
        self.unlock_button.setEnabled(True)
        self.error.setText(self.tr("Bạn có thể thử lại."))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.password.setEnabled(not busy)
        self.unlock_button.setText(self.tr("Đang kiểm tra…") if busy else self.tr("Mở khoá"))


__all__ = ["ActivityWatcher", "LockScreen"]
