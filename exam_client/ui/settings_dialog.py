"""The settings page: where secrets live, where data lives, and the idle-lock minutes.

Honest about the keyring (which backend, whether it is secure, whether the session survives a
restart) because a school's IT person must be able to tell at a glance whether tokens and the
data key are protected. Only the idle-lock minutes are editable here; they are written to the
user config file (the layer the person owns, see ``exam_client.services.settings``) on a
background task and applied to the running session lock at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from exam_client.services.context import AppServices
from exam_client.services.session_lock import save_idle_minutes
from exam_client.services.settings import SettingsError
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.tasks import TaskRunner
from exam_client.ui.theme import ERROR, OK, WARN

MAX_LOCK_MINUTES = 480


class SettingsDialog(Retranslatable, QDialog):
    def __init__(
        self,
        services: AppServices,
        runner: TaskRunner,
        config_path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._config_path = config_path
        self.setMinimumWidth(560)

        self.keyring_value = QLabel()
        self.secure_value = QLabel()
        self.session_value = QLabel()
        self.data_key_value = QLabel(services.key_storage.description_vi)
        self.data_dir_value = QLabel(str(services.settings.data_dir))
        self.api_value = QLabel(services.settings.api_url)
        self.language_value = QLabel()
        for label in (
            self.keyring_value,
            self.secure_value,
            self.session_value,
            self.data_key_value,
            self.data_dir_value,
            self.api_value,
        ):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(0, MAX_LOCK_MINUTES)
        lock = services.session_lock
        self.lock_minutes.setValue(
            lock.idle_minutes if lock is not None else services.settings.staff_lock_minutes
        )

        self.form = QFormLayout()
        self._labels = [QLabel() for _ in range(8)]
        rows: list[QWidget] = [
            self.keyring_value,
            self.secure_value,
            self.session_value,
            self.data_key_value,
            self.data_dir_value,
            self.api_value,
            self.lock_minutes,
            self.language_value,
        ]
        for label, field in zip(self._labels, rows, strict=True):
            label.setBuddy(field)
            self.form.addRow(label, field)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()

        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton()
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)  # Escape closes too (QDialog)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("title")
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.lock_minutes, self.save_button)
        self.setTabOrder(self.save_button, self.close_button)
        self.retranslate_ui()
        self.lock_minutes.setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Cài đặt"))
        self.title.setText(self.tr("Cài đặt và bảo mật"))
        texts = [
            self.tr("Kho khoá của hệ điều hành"),
            self.tr("Bảo mật"),
            self.tr("Phiên đăng nhập"),
            self.tr("Khoá dữ liệu cục bộ"),
            self.tr("Thư mục dữ liệu"),
            self.tr("Địa chỉ máy chủ (API)"),
            self.tr("&Tự khoá màn hình sau"),
            self.tr("Ngôn ngữ"),
        ]
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.lock_minutes.setSuffix(self.tr(" phút"))
        self.lock_minutes.setSpecialValueText(self.tr("Không bao giờ"))
        self.lock_minutes.setAccessibleName(self.tr("Số phút không thao tác trước khi tự khoá"))
        self.lock_minutes.setToolTip(
            self.tr("0 = không bao giờ tự khoá. Khi khoá, dữ liệu thí sinh được ẩn.")
        )
        self.save_button.setText(self.tr("&Lưu"))
        self.close_button.setText(self.tr("Đóng"))
        self.language_value.setText(
            self.tr("Tiếng Việt") if self._services.settings.language == "vi" else "English"
        )
        self._show_keyring()

    def _show_keyring(self) -> None:
        status = self._services.keyring
        if status is None:
            self.keyring_value.setText(self.tr("Không rõ"))
            return
        self.keyring_value.setText(status.friendly_name)
        self.keyring_value.setToolTip(status.backend)
        if status.secure:
            self.secure_value.setText(
                self.tr("An toàn — khoá và phiên được mã hoá bởi hệ điều hành")
            )
            self.secure_value.setStyleSheet(f"color: {OK};")
        else:
            self.secure_value.setText(self.tr("Không an toàn — %1").replace("%1", status.reason_vi))
            self.secure_value.setStyleSheet(f"color: {WARN};")
        self.session_value.setText(
            self.tr("Được lưu trong kho khoá; mở lại ứng dụng vẫn tiếp tục (sau khi mở khoá)")
            if status.persistent
            else self.tr("Chỉ giữ trong bộ nhớ; mỗi lần mở ứng dụng cần đăng nhập lại")
        )

    # -- saving (disk work on a task) ------------------------------------------------------------
    def save(self) -> None:
        minutes = self.lock_minutes.value()
        self.save_button.setEnabled(False)
        self._runner.submit(
            lambda: save_idle_minutes(minutes, self._config_path),
            on_success=lambda path: self._saved(minutes, path),
            on_failure=self._save_failed,
        )

    def _saved(self, minutes: int, path: Path) -> None:
        self.save_button.setEnabled(True)
        lock = self._services.session_lock
        if lock is not None:
            lock.idle_minutes = minutes  # applies now, not only at the next start
        text = (
            self.tr("Đã lưu: không bao giờ tự khoá. Tệp cấu hình: %1")
            if minutes == 0
            else self.tr("Đã lưu: tự khoá sau %2 phút không thao tác. Tệp cấu hình: %1")
        )
        self._show_message(text.replace("%1", str(path)).replace("%2", str(minutes)), OK)

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, SettingsError):
            text = self.tr("Chưa lưu. %1 Tệp cấu hình không bị thay đổi.").replace(
                "%1", exc.message_vi
            )
        else:
            text = self.tr(
                "Chưa lưu: không ghi được tệp cấu hình (%1). Hãy kiểm tra quyền ghi vào thư mục "
                "cấu hình rồi thử lại."
            ).replace("%1", str(exc))
        self._show_message(text, ERROR)
        self.lock_minutes.setFocus()

    def _show_message(self, text: str, color: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {color};")
        self.message.show()
