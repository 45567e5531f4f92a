"""Staff sign-in window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
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
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from exam_client.services.auth import StaffSession
    from exam_client.services.context import AppServices


class SignInDialog(Retranslatable, QDialog):
    signed_in = Signal(object)  # StaffSession

    def __init__(self, boot: Boot, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._boot = boot
        self._runner = runner
        self.session: StaffSession | None = None
        self.resumed = False  # the session came from the keyring: the window opens locked

        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)  # large text sizes (up to 200 %) wrap instead of clipping
        self.title.setMinimumWidth(412)  # with the margins: the window is at least 460 px wide
        self.subtitle = QLabel()
        self.subtitle.setObjectName("subtitle")
        self.subtitle.setWordWrap(True)
        self.server_label = QLabel()
        self.server_label.setObjectName("subtitle")

        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.username_label = QLabel()
        self.username_label.setBuddy(self.username)
        self.password_label = QLabel()
        self.password_label.setBuddy(self.password)
        form = QFormLayout()
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, self.password)

        self.notice = QLabel()
        self.notice.setObjectName("hint")
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()

        self._busy = False
        self.submit = QPushButton()
        self.submit.setObjectName("primary")
        self.submit.setDefault(True)
        self.submit.clicked.connect(self._submit)
        self.quit_button = QPushButton()
        self.quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.submit)

        layout = QVBoxLayout(self)
        # The window always takes its layout's size hint, word-wrapped heights included, so no
        # text size (100–200 %) or late notice leaves a label cut off.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.server_label)
        self.demo_hint = QLabel()
        self.demo_hint.setObjectName("hint")
        self.demo_hint.setTextFormat(Qt.TextFormat.RichText)
        self.demo_hint.setWordWrap(True)
        self.demo_fill = QPushButton()
        self.demo_fill.clicked.connect(self._fill_demo)
        layout.addWidget(self.demo_hint)
        layout.addWidget(self.demo_fill, 0, Qt.AlignmentFlag.AlignLeft)
        self.demo_hint.setVisible(boot.demo)
        self.demo_fill.hide()
        self._boot_error: str | None = None
        layout.addWidget(self.notice)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.retranslate_ui()
        self.username.setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Đăng nhập — Đăng ký dự thi THPT"))
        self.title.setText(self.tr("Đăng nhập cán bộ tiếp nhận hồ sơ"))
        self.subtitle.setText(self.tr("Hệ thống đăng ký dự thi tốt nghiệp THPT và xét tuyển"))
        self.username.setAccessibleName(self.tr("Tên đăng nhập"))
        self.username.setPlaceholderText(self.tr("ví dụ: canbo.truong"))
        self.password.setAccessibleName(self.tr("Mật khẩu"))
        self.username_label.setText(self.tr("&Tên đăng nhập"))
        self.password_label.setText(self.tr("&Mật khẩu"))
        self.notice.setAccessibleName(self.tr("Thông báo về phiên đăng nhập đã lưu"))
        self.error.setAccessibleName(self.tr("Thông báo lỗi đăng nhập"))
        self.quit_button.setText(self.tr("Thoát"))
        self.demo_fill.setText(self.tr("Điền sẵn tài khoản trình diễn"))
        self._set_busy(self._busy)
        if self._boot_error is None:
            self._show_boot_state()
        else:
            self.server_label.setText(self.tr("Máy chủ: không khởi động được"))

    def _show_boot_state(self) -> None:
        services = self._boot.online  # signing in needs the online stage only
        if services is None:
            self.server_label.setText(self.tr("Máy chủ: đang khởi động…"))
            self.demo_hint.setText(
                self.tr("<b>Chế độ trình diễn</b> — đang khởi động máy chủ giả lập…")
            )
            return
        self.server_label.setText(self.tr("Máy chủ: %1").replace("%1", services.connection.server))
        account = services.demo_account
        if account is not None:
            self.demo_hint.setText(
                self.tr(
                    "<b>Chế độ trình diễn</b> — dữ liệu giả lập, không phải dữ liệu thật.<br>"
                    "Tài khoản: <b>%1</b> &nbsp; Mật khẩu: <b>%2</b>"
                )
                .replace("%1", account.username)
                .replace("%2", account.password)
            )
            self.demo_hint.show()
            self.demo_fill.show()
        self.adjustSize()  # the texts arrive after the window was first laid out

    def boot_finished(self, _services: AppServices | None = None) -> None:
        """The services (at least their online stage) are ready (GUI thread)."""
        self._show_boot_state()

    def boot_failed(self, exc: BaseException) -> None:
        self._boot_error = str(exc)
        self.server_label.setText(self.tr("Máy chủ: không khởi động được"))
        self._show_error(
            getattr(exc, "message_vi", None)
            or self.tr("Không khởi động được: %1").replace("%1", str(exc))
        )
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

    @property
    def busy(self) -> bool:
        """A sign-in is going on."""
        return self._busy

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        for w in (self.username, self.password, self.submit):
            w.setEnabled(not busy)
        self._busy = busy
        self.submit.setText(self.tr("Đang đăng nhập…") if busy else self.tr("Đăng nhập"))

    def _submit(self) -> None:
        username = self.username.text().strip()
        password = self.password.text()
        if not username:
            self._show_error(self.tr("Hãy nhập tên đăng nhập."))
            self.username.setFocus()
            return
        if not password:
            self._show_error(self.tr("Hãy nhập mật khẩu."))
            self.password.setFocus()
            return
        self.error.hide()
        self._set_busy(True)
        self._runner.submit(
            lambda: self._boot.wait_online().auth.sign_in(username, password),
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
            self._show_error(
                self.tr("Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra và thử lại.")
            )
            self.password.selectAll()
            self.password.setFocus()
        elif isinstance(exc, AccountLocked):
            wait = (
                " "
                + self.tr("Thử lại sau khoảng %1 phút.").replace(
                    "%1", str(round(exc.retry_after / 60))
                )
                if exc.retry_after
                else ""
            )
            self._show_error(AccountLocked.message_vi.split(". ")[0] + "." + wait)
        elif isinstance(exc, NetworkError):
            self._show_error(
                self.tr("Không kết nối được máy chủ %1. Hãy kiểm tra mạng rồi thử lại.").replace(
                    "%1", self._boot.server_text
                )
            )
        elif isinstance(exc, ApiError):
            self._show_error(exc.message_vi)
        else:
            self._show_error(
                self.tr("Lỗi không mong đợi: %1. Hãy thử lại.").replace("%1", type(exc).__name__)
            )
