"""The candidate sign-in screen: CCCD on a big keypad (or the keyboard), password, show/hide.

GUI thread only; the sign-in itself runs through the :class:`TaskRunner`. Per-visit: the shell
destroys this widget at every wipe and builds a fresh one, so it never "resets" itself.

Errors are said calmly and in the person's language: wrong password (the ID stays), account
locked (when to come back), network down (nothing they did wrong). Shown again because the
server ended the session (``session_ended``), the form says so and that the unsaved work waits
for a few minutes — without a word of whose it is (anybody may be reading).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from exam_client.domain.cccd import check_cccd
from exam_client.domain.problems import Problem
from exam_client.services.candidate_session import (
    CandidateSessionService,
    NotACandidate,
    SessionEnded,
)
from exam_client.services.errors import (
    AccountLocked,
    ApiError,
    InvalidCredentials,
    NetworkError,
    ServerError,
    SlowDown,
)
from exam_client.services.held_work import HELD_FOR
from exam_client.ui.i18n import Retranslatable, current_language
from exam_client.ui.kiosk.keypad import NumericKeypad
from exam_client.ui.tasks import TaskHandle, TaskRunner

CCCD_LENGTH = 12


def problem_text(problem: Problem) -> str:
    """A domain problem in the current language (the domain carries both)."""
    return problem.message_en if current_language() == "en" else problem.message_vi


def no_context_menu(edit: QLineEdit) -> QLineEdit:
    """Kiosk fields: no copy/paste menu (nothing of one candidate should reach the clipboard)."""
    edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    return edit


class KioskSignIn(Retranslatable, QWidget):
    signed_in = Signal(str)  # the password just used (kept only for a first-sign-in change)
    cancel_requested = Signal()
    vneid_requested = Signal()

    def __init__(
        self,
        sessions: Callable[[], CandidateSessionService],
        runner: TaskRunner,
        session_ended: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``sessions()`` returns the service; it may block (boot): called on a worker thread."""
        super().__init__(parent)
        self.session_ended = session_ended
        self.notice = QLabel()
        self.notice.setObjectName("kioskNote")
        self.notice.setWordWrap(True)
        self._sessions = sessions
        self._runner = runner
        self.task: TaskHandle | None = None
        self._error: tuple[str, float] | None = None  # (kind, seconds) — rendered per language
        self._retry_at = datetime.now()
        self._busy = False

        self.title = QLabel()
        self.title.setObjectName("kioskTitle")
        self.cccd_label = QLabel()
        self.cccd = no_context_menu(QLineEdit())
        self.cccd.setMaxLength(CCCD_LENGTH)
        self.cccd.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), self.cccd)
        )
        self.cccd.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.cccd_label.setBuddy(self.cccd)
        self.cccd_status = QLabel()
        self.cccd_status.setWordWrap(True)
        self.cccd.textChanged.connect(self._validate_cccd)
        self.cccd.returnPressed.connect(self._cccd_entered)

        self.password_label = QLabel()
        self.password = no_context_menu(QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(256)
        self.password_label.setBuddy(self.password)
        self.password.returnPressed.connect(self.submit)
        self.show_password = QPushButton()
        self.show_password.setCheckable(True)
        self.show_password.toggled.connect(self._toggle_echo)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password, 1)
        password_row.addWidget(self.show_password)

        self.error = QLabel()
        self.error.setObjectName("kioskError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("kioskPrimary")
        self.submit_button.clicked.connect(self.submit)
        self.vneid_button = QPushButton()
        self.vneid_button.clicked.connect(self.vneid_requested)
        self.help = QLabel()
        self.help.setObjectName("kioskHint")
        self.help.setWordWrap(True)

        form = QVBoxLayout()
        form.setSpacing(10)
        form.addWidget(self.title)
        form.addWidget(self.notice)
        form.addSpacing(8)
        form.addWidget(self.cccd_label)
        form.addWidget(self.cccd)
        form.addWidget(self.cccd_status)
        form.addWidget(self.password_label)
        form.addLayout(password_row)
        form.addWidget(self.error)
        form.addSpacing(8)
        form.addWidget(self.submit_button)
        form.addWidget(self.vneid_button)
        form.addWidget(self.help)
        form.addStretch(1)

        self.keypad = NumericKeypad(self.cccd)
        self.keypad.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.keypad_label = QLabel()
        self.keypad_label.setObjectName("kioskHint")
        pad = QVBoxLayout()
        pad.addStretch(1)
        pad.addWidget(self.keypad_label)
        pad.addWidget(self.keypad)
        pad.addStretch(1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(64, 24, 64, 24)
        layout.setSpacing(64)
        layout.addLayout(form, 3)
        layout.addLayout(pad, 2)
        for first, second in (
            (self.cccd, self.password),
            (self.password, self.show_password),
            (self.show_password, self.submit_button),
            (self.submit_button, self.vneid_button),
        ):
            QWidget.setTabOrder(first, second)
        self.notice.setVisible(session_ended)  # now it has a parent: never a window of its own
        self.retranslate_ui()

    # -- texts ---------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Đăng nhập thí sinh"))
        self.notice.setText(
            self.tr(
                "Phiên đăng nhập đã kết thúc (hết hạn hoặc đã đăng xuất ở nơi khác). Hãy đăng "
                "nhập lại để tiếp tục: phần bạn chưa lưu được giữ lại trong %n phút và chỉ "
                "hiện lại khi đúng tài khoản đó đăng nhập.",
                "",
                round(HELD_FOR.total_seconds() / 60),
            )
            if self.session_ended
            else ""
        )
        self.cccd_label.setText(self.tr("Số CCCD (12 chữ số trên thẻ căn cước)"))
        self.cccd.setAccessibleName(self.tr("Số căn cước công dân"))
        self.cccd.setPlaceholderText(self.tr("Chạm các số bên phải"))
        self.password_label.setText(self.tr("Mật khẩu (do trường cấp)"))
        self.password.setAccessibleName(self.tr("Mật khẩu"))
        self._toggle_echo(self.show_password.isChecked())
        self.error.setAccessibleName(self.tr("Thông báo lỗi đăng nhập"))
        self.submit_button.setText(
            self.tr("Đang đăng nhập…") if self._busy else self.tr("Đăng nhập")
        )
        self.submit_button.setAccessibleName(self.tr("Đăng nhập"))
        self.vneid_button.setText(self.tr("Thí sinh tự do: đăng nhập bằng VNeID"))
        self.vneid_button.setAccessibleName(self.tr("Đăng nhập bằng VNeID"))
        self.help.setText(
            self.tr("Quên mật khẩu? Hãy nhờ trường hoặc điểm tiếp nhận hồ sơ cấp lại.")
        )
        self.keypad_label.setText(self.tr("Bàn phím số cho ô CCCD"))
        self.keypad.setAccessibleName(self.tr("Bàn phím số"))
        self._validate_cccd(self.cccd.text())
        self._render_error()

    def _toggle_echo(self, shown: bool) -> None:
        self.password.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.show_password.setText(self.tr("Ẩn") if shown else self.tr("Hiện"))
        self.show_password.setAccessibleName(
            self.tr("Ẩn mật khẩu") if shown else self.tr("Hiện mật khẩu")
        )

    # -- validation ----------------------------------------------------------------------------
    def cccd_problems(self) -> list[Problem]:
        return check_cccd(self.cccd.text())

    def _validate_cccd(self, text: str) -> None:
        missing = CCCD_LENGTH - len(text)
        invalid = False
        if not text:
            self.cccd_status.setObjectName("kioskHint")
            self.cccd_status.setText(self.tr("Nhập đủ 12 chữ số."))
        elif missing > 0:
            self.cccd_status.setObjectName("kioskHint")
            self.cccd_status.setText(self.tr("Còn thiếu %n chữ số.", "", missing))
        elif problems := check_cccd(text):
            invalid = True
            self.cccd_status.setObjectName("kioskFieldError")
            self.cccd_status.setText(problem_text(problems[0]))
        else:
            self.cccd_status.setObjectName("kioskFieldOk")
            self.cccd_status.setText(self.tr("✓ Số CCCD hợp lệ."))
        self.cccd.setProperty("invalid", invalid)
        for w in (self.cccd, self.cccd_status):
            w.style().unpolish(w)
            w.style().polish(w)

    def _cccd_entered(self) -> None:
        if len(self.cccd.text()) == CCCD_LENGTH and not self.cccd_problems():
            self.password.setFocus()

    # -- sign-in -------------------------------------------------------------------------------
    def submit(self) -> None:
        if self._busy:
            return
        problems = self.cccd_problems()
        if problems:
            self._show_error("cccd")
            self.cccd.setFocus()
            return
        if not self.password.text():
            self._show_error("no_password")
            self.password.setFocus()
            return
        self._show_error(None)
        self._set_busy(True)
        cccd, password = self.cccd.text(), self.password.text()
        sessions = self._sessions
        self.task = self._runner.submit(
            lambda: sessions().sign_in(cccd, password),
            on_success=lambda _s: self._succeeded(password),
            on_failure=self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for w in (self.cccd, self.password, self.show_password, self.submit_button, self.keypad):
            w.setEnabled(not busy)
        self.retranslate_ui()

    def _succeeded(self, password: str) -> None:
        self.task = None
        self._set_busy(False)
        self.password.setText("")
        self.signed_in.emit(password)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self._set_busy(False)
        if isinstance(exc, SessionEnded):
            return
        if isinstance(exc, InvalidCredentials):
            self._show_error("credentials")
            self.password.setText("")
            self.password.setFocus()
        elif isinstance(exc, AccountLocked):
            seconds = exc.retry_after if exc.retry_after else 15 * 60
            self._show_error("locked", seconds)
            self.password.setText("")
        elif isinstance(exc, NetworkError | SlowDown | ServerError):
            self._show_error("network")
        elif isinstance(exc, NotACandidate):
            self._show_error("not_candidate")
            self.password.setText("")
        elif isinstance(exc, ApiError):
            self._show_error("other")
        else:
            self._show_error("other")

    def _show_error(self, kind: str | None, seconds: float = 0) -> None:
        self._error = (kind, seconds) if kind else None
        self._retry_at = datetime.now() + timedelta(seconds=seconds)
        self._render_error()

    def _render_error(self) -> None:
        if self._error is None:
            self.error.hide()
            self.error.clear()
            return
        kind, seconds = self._error
        if kind == "cccd":
            problems = self.cccd_problems()
            text = problem_text(problems[0]) if problems else ""
        elif kind == "no_password":
            text = self.tr("Hãy nhập mật khẩu.")
        elif kind == "credentials":
            text = self.tr(
                "Số CCCD hoặc mật khẩu không đúng. Hãy kiểm tra lại mật khẩu rồi thử lần nữa."
            )
        elif kind == "locked":
            text = (
                self.tr(
                    "Tài khoản tạm khoá vì nhập sai mật khẩu nhiều lần. "
                    "Hãy thử lại sau %1 (khoảng %n phút nữa), hoặc nhờ cán bộ hỗ trợ.",
                    "",
                    max(1, math.ceil(seconds / 60)),
                )
            ).replace("%1", self._retry_at.strftime("%H:%M"))
        elif kind == "network":
            text = self.tr(
                "Chưa kết nối được tới máy chủ. Bạn không làm gì sai — hãy đợi một lát "
                "rồi thử lại, hoặc nhờ cán bộ hỗ trợ."
            )
        elif kind == "not_candidate":
            text = self.tr("Đây không phải tài khoản thí sinh. Ki-ốt chỉ dành cho thí sinh.")
        else:
            text = self.tr("Chưa đăng nhập được. Hãy thử lại sau ít phút.")
        self.error.setText(text)
        self.error.show()

    # -- keyboard ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape and not self._busy:
            self.cancel_requested.emit()  # safe: nothing was sent, and the wipe clears the form
            return
        super().keyPressEvent(event)

    def entered(self) -> None:
        self.cccd.setFocus()
