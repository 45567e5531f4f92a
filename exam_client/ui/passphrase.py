"""Ask for the local-data passphrase (only on machines without a secure OS keyring)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

MIN_LENGTH = 8


class PassphraseDialog(QDialog):
    """Shown at start-up before the main window, so its texts are set once (no retranslate)."""

    def __init__(self, first_time: bool, reason_vi: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first_time = first_time
        self.setWindowTitle(self.tr("Mật khẩu dữ liệu trên máy"))
        self.setMinimumWidth(520)
        explain = QLabel(
            reason_vi
            + "\n\n"
            + (
                self.tr(
                    "Hãy đặt một mật khẩu riêng (ít nhất %1 ký tự) để mã hoá dữ liệu lưu trên "
                    "máy này và ghi nhớ nó: không có mật khẩu này thì không mở được dữ liệu đã lưu."
                ).replace("%1", str(MIN_LENGTH))
                if first_time
                else self.tr("Hãy nhập mật khẩu riêng đã đặt cho dữ liệu trên máy này.")
            )
        )
        explain.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Mật khẩu dữ liệu"))
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setAccessibleName(self.tr("Nhập lại mật khẩu dữ liệu"))
        form = QFormLayout()
        form.addRow(self.tr("&Mật khẩu dữ liệu"), self.passphrase)
        if first_time:
            form.addRow(self.tr("&Nhập lại"), self.confirm)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Mở dữ liệu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Thoát"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        text = self.passphrase.text()
        if self.first_time and len(text) < MIN_LENGTH:
            self.error.setText(
                self.tr("Mật khẩu cần ít nhất %1 ký tự.").replace("%1", str(MIN_LENGTH))
            )
        elif self.first_time and text != self.confirm.text():
            self.error.setText(self.tr("Hai lần nhập không giống nhau. Hãy nhập lại."))
        elif not text:
            self.error.setText(self.tr("Hãy nhập mật khẩu dữ liệu."))
        else:
            self.accept()
            return
        self.error.show()


def ask_passphrase(first_time: bool, reason_vi: str) -> str | None:
    dialog = PassphraseDialog(first_time, reason_vi)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.passphrase.text()
    return None
