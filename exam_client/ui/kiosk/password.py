"""First sign-in: the candidate replaces the password the school issued (DOMAIN.md §3.1, §13
pain point 7). GUI thread; the change runs through the :class:`TaskRunner`.

``POST /auth/password`` checks the old password and the same policy again; its 422 problems are
shown with the local texts. An older server without the endpoint (404) becomes a clear message
and the candidate continues (the change is then due on the ministry portal).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from exam_client.services.candidate_session import (
    CandidateSessionService,
    PasswordChangeUnavailable,
    SessionEnded,
    WeakPassword,
)
from exam_client.services.errors import (
    InvalidCredentials,
    NetworkError,
    SlowDown,
    ValidationFailed,
)
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.kiosk.sign_in import no_context_menu
from exam_client.ui.tasks import TaskHandle, TaskRunner

# the server's problem codes (ministry_mock.auth.password_problems) → the local reasons
SERVER_REASONS = {
    "password.short": "short",
    "password.same": "same",
    "password.contains_id": "is_id",
    "password.letters_digits": "letters_digits",
}


class ChangePasswordScreen(Retranslatable, QWidget):
    done = Signal()

    def __init__(
        self,
        sessions: CandidateSessionService,
        runner: TaskRunner,
        current_password: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._runner = runner
        self.task: TaskHandle | None = None
        self._state = "form"  # "form" | "busy" | "unavailable" | "changed"
        self._error: str | None = None
        self.title = QLabel()
        self.title.setObjectName("kioskTitle")
        self.explain = QLabel()
        self.explain.setObjectName("kioskSubtitle")
        self.explain.setWordWrap(True)
        self.current_label = QLabel()
        self.current = self._password_field(current_password)
        self.new_label = QLabel()
        self.new = self._password_field()
        self.confirm_label = QLabel()
        self.confirm = self._password_field()
        for label, edit in (
            (self.current_label, self.current),
            (self.new_label, self.new),
            (self.confirm_label, self.confirm),
        ):
            label.setBuddy(edit)
        # the current password was just typed at sign-in: do not ask twice
        self.current_label.setVisible(not current_password)
        self.current.setVisible(not current_password)
        self.confirm.returnPressed.connect(self.submit)
        self.new.returnPressed.connect(self.confirm.setFocus)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("kioskPrimary")
        self.submit_button.clicked.connect(self.submit)
        self.continue_button = QPushButton()
        self.continue_button.setObjectName("kioskPrimary")
        self.continue_button.clicked.connect(self.done)
        self.continue_button.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(160, 32, 160, 32)
        layout.setSpacing(10)
        for w in (
            self.title,
            self.explain,
            self.current_label,
            self.current,
            self.new_label,
            self.new,
            self.confirm_label,
            self.confirm,
            self.message,
            self.submit_button,
            self.continue_button,
        ):
            layout.addWidget(w)
        layout.addStretch(1)
        self.retranslate_ui()

    def _password_field(self, text: str = "") -> QLineEdit:
        edit = no_context_menu(QLineEdit(text))
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Đổi mật khẩu lần đầu"))
        self.explain.setText(
            self.tr(
                "Mật khẩu trường cấp chỉ dùng cho lần đăng nhập đầu tiên. Hãy chọn mật khẩu "
                "riêng (ít nhất 8 ký tự, có cả chữ và số) và không cho ai biết."
            )
        )
        self.current_label.setText(self.tr("Mật khẩu hiện tại"))
        self.current.setAccessibleName(self.tr("Mật khẩu hiện tại"))
        self.new_label.setText(self.tr("Mật khẩu mới"))
        self.new.setAccessibleName(self.tr("Mật khẩu mới"))
        self.confirm_label.setText(self.tr("Nhập lại mật khẩu mới"))
        self.confirm.setAccessibleName(self.tr("Nhập lại mật khẩu mới"))
        busy = self._state == "busy"
        self.submit_button.setText(self.tr("Đang đổi…") if busy else self.tr("Đổi mật khẩu"))
        self.continue_button.setText(self.tr("Tiếp tục"))
        self._render_message()

    def _render_message(self) -> None:
        texts = {
            "mismatch": self.tr("Hai lần nhập mật khẩu mới chưa giống nhau."),
            "short": self.tr("Mật khẩu mới phải có ít nhất 8 ký tự."),
            "same": self.tr("Mật khẩu mới phải khác mật khẩu cũ."),
            "is_id": self.tr("Mật khẩu mới không được chứa số CCCD."),
            "letters_digits": self.tr("Mật khẩu mới phải có cả chữ và số."),
            "wrong_current": self.tr("Mật khẩu hiện tại không đúng."),
            "network": self.tr("Chưa kết nối được tới máy chủ. Hãy đợi một lát rồi thử lại."),
            "other": self.tr("Chưa đổi được mật khẩu. Hãy thử lại sau ít phút."),
            "unavailable": self.tr(
                "Hệ thống chưa cho phép đổi mật khẩu tại ki-ốt. Bạn vẫn có thể tiếp tục; "
                "hãy đổi mật khẩu trên cổng thông tin của Bộ sau."
            ),
            "changed": self.tr("Đã đổi mật khẩu. Hãy ghi nhớ mật khẩu mới."),
        }
        key = self._error or (self._state if self._state in ("unavailable", "changed") else None)
        if key is None:
            self.message.hide()
            return
        self.message.setObjectName("kioskError" if self._error else "kioskNote")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(texts[key])
        self.message.show()

    def submit(self) -> None:
        if self._state != "form":
            return
        if self.new.text() != self.confirm.text():
            self._fail("mismatch")
            return
        weak = CandidateSessionService.check_new_password(self.current.text(), self.new.text())
        if weak is not None:
            self._fail(weak.reason)
            return
        self._error = None
        self._set_state("busy")
        old, new, sessions = self.current.text(), self.new.text(), self._sessions
        self.task = self._runner.submit(
            lambda: sessions.change_password(old, new),
            on_success=lambda _r: self._finished("changed"),
            on_failure=self._failed,
        )

    def _set_state(self, state: str) -> None:
        self._state = state
        form = state == "form"
        for w in (self.current, self.new, self.confirm, self.submit_button):
            w.setEnabled(form)
        self.submit_button.setVisible(state in ("form", "busy"))
        self.continue_button.setVisible(state in ("unavailable", "changed"))
        self.retranslate_ui()
        if not form and state != "busy":
            self.continue_button.setFocus()

    def _finished(self, state: str) -> None:
        self.task = None
        for edit in (self.current, self.new, self.confirm):
            edit.setText("")
        self._set_state(state)

    def _fail(self, reason: str) -> None:
        self._error = reason
        self._render_message()
        self.new.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        if isinstance(exc, SessionEnded):
            return
        if isinstance(exc, PasswordChangeUnavailable):
            self._finished("unavailable")
            return
        self._set_state("form")
        if isinstance(exc, WeakPassword):
            self._fail(exc.reason)
        elif isinstance(exc, InvalidCredentials):
            self.current_label.show()
            self.current.show()
            self._fail("wrong_current")
            self.current.setFocus()
        elif isinstance(exc, ValidationFailed):
            codes = [p.code for p in exc.problems]
            self._fail(next((SERVER_REASONS[c] for c in codes if c in SERVER_REASONS), "other"))
        elif isinstance(exc, NetworkError | SlowDown):
            self._fail("network")
        else:
            self._fail("other")

    def entered(self) -> None:
        (self.current if self.current.isVisible() else self.new).setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.continue_button.isVisible()
        ):
            self.done.emit()
            return
        super().keyPressEvent(event)
