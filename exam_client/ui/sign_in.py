"""Staff sign-in window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exam_client.services.boot import Boot
from exam_client.services.errors import (
    AccountLocked,
    ApiError,
    InvalidCredentials,
    NetworkError,
)
from exam_client.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from exam_client.services.auth import StaffSession
    from exam_client.services.context import AppServices


class SignInDialog(QDialog):
    signed_in = Signal(object)  # StaffSession

    def __init__(self, boot: Boot, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._boot = boot
        self._runner = runner
        self.session: StaffSession | None = None
        self.resumed = False  # the session came from the keyring: the window opens locked
        self.setWindowTitle("Đăng nhập — Đăng ký dự thi THPT")
        self.setMinimumWidth(460)

        title = QLabel("Đăng nhập cán bộ tiếp nhận hồ sơ")
        title.setObjectName("title")
        subtitle = QLabel("Hệ thống đăng ký dự thi tốt nghiệp THPT và xét tuyển")
        subtitle.setObjectName("subtitle")
        self.server_label = QLabel()
        self.server_label.setObjectName("subtitle")

        self.username = QLineEdit()
        self.username.setAccessibleName("Tên đăng nhập")
        self.username.setPlaceholderText("ví dụ: canbo.truong")
        self.password = QLineEdit()
        self.password.setAccessibleName("Mật khẩu")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("&Tên đăng nhập", self.username)
        form.addRow("&Mật khẩu", self.password)

        self.notice = QLabel()
        self.notice.setObjectName("hint")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Thông báo về phiên đăng nhập đã lưu"))
        self.notice.hide()

        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Thông báo lỗi đăng nhập")
        self.error.hide()

        self.submit = QPushButton("Đăng nhập")
        self.submit.setObjectName("primary")
        self.submit.setDefault(True)
        self.submit.clicked.connect(self._submit)
        quit_button = QPushButton("Thoát")
        quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(quit_button)
        buttons.addWidget(self.submit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addWidget(self.server_label)
        self.demo_hint = QLabel()
        self.demo_hint.setObjectName("hint")
        self.demo_hint.setTextFormat(Qt.TextFormat.RichText)
        self.demo_hint.setWordWrap(True)
        self.demo_fill = QPushButton("Điền sẵn tài khoản trình diễn")
        self.demo_fill.clicked.connect(self._fill_demo)
        layout.addWidget(self.demo_hint)
        layout.addWidget(self.demo_fill, 0, Qt.AlignmentFlag.AlignLeft)
        self.demo_hint.setVisible(boot.demo)
        self.demo_fill.hide()
        self._show_boot_state()
        layout.addWidget(self.notice)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.username.setFocus()

    def _show_boot_state(self) -> None:
        services = self._boot.services
        if services is None:
            self.server_label.setText("Máy chủ: đang khởi động…")
            self.demo_hint.setText("<b>Chế độ trình diễn</b> — đang khởi động máy chủ giả lập…")
            return
        self.server_label.setText(f"Máy chủ: {services.connection.server}")
        account = services.demo_account
        if account is not None:
            self.demo_hint.setText(
                "<b>Chế độ trình diễn</b> — dữ liệu giả lập, không phải dữ liệu thật.<br>"
                f"Tài khoản: <b>{account.username}</b> &nbsp; Mật khẩu: <b>{account.password}</b>"
            )
            self.demo_hint.show()
            self.demo_fill.show()
        self.adjustSize()  # the texts arrive after the window was first laid out

    def boot_finished(self, _services: AppServices | None = None) -> None:
        """The services are ready (GUI thread)."""
        self._show_boot_state()

    def boot_failed(self, exc: BaseException) -> None:
        self.server_label.setText("Máy chủ: không khởi động được")
        self._show_error(getattr(exc, "message_vi", None) or f"Không khởi động được: {exc}")
        self.submit.setEnabled(False)

    def resume(self, session: StaffSession) -> None:
        """A saved session is usable (GUI thread): close as if signed in, marked as resumed."""
        self.resumed = True
        self.session = session
        self.password.clear()
        self.signed_in.emit(session)
        self.accept()

    def show_notice(self, text: str) -> None:
        """Say why the saved session was not used (e.g. a locked keyring), without blame."""
        self.notice.setText(text)
        self.notice.show()
        self.adjustSize()  # the window was laid out before the notice existed

    def _fill_demo(self) -> None:
        account = self._boot.demo_account
        if account is not None:
            self.username.setText(account.username)
            self.password.setText(account.password)
            self.submit.setFocus()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        for w in (self.username, self.password, self.submit):
            w.setEnabled(not busy)
        self.submit.setText("Đang đăng nhập…" if busy else "Đăng nhập")

    def _submit(self) -> None:
        username = self.username.text().strip()
        password = self.password.text()
        if not username:
            self._show_error("Hãy nhập tên đăng nhập.")
            self.username.setFocus()
            return
        if not password:
            self._show_error("Hãy nhập mật khẩu.")
            self.password.setFocus()
            return
        self.error.hide()
        self._set_busy(True)
        self._runner.submit(
            lambda: self._boot.wait().auth.sign_in(username, password),
            on_success=self._succeeded,
            on_failure=self._failed,
        )

    def _succeeded(self, session: StaffSession) -> None:
        self._set_busy(False)
        self.session = session
        self.password.clear()
        self.signed_in.emit(session)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, InvalidCredentials):
            self._show_error("Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra và thử lại.")
            self.password.selectAll()
            self.password.setFocus()
        elif isinstance(exc, AccountLocked):
            wait = (
                f" Thử lại sau khoảng {round(exc.retry_after / 60)} phút."
                if exc.retry_after
                else ""
            )
            self._show_error(AccountLocked.message_vi.split(". ")[0] + "." + wait)
        elif isinstance(exc, NetworkError):
            self._show_error(
                f"Không kết nối được máy chủ {self._boot.server_text}. "
                "Hãy kiểm tra mạng rồi thử lại."
            )
        elif isinstance(exc, ApiError):
            self._show_error(exc.message_vi)
        else:
            self._show_error(f"Lỗi không mong đợi: {type(exc).__name__}. Hãy thử lại.")
