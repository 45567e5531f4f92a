"""VNeID sign-in for free candidates — design placeholder (DOMAIN.md §3.1, §3.3).

Shows a QR code of a one-time session id for the candidate to scan with the VNeID app. The mock
has no approval endpoint yet, so nothing can complete the sign-in; the screen says so. GUI thread.
"""

from __future__ import annotations

import io

import segno
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from exam_client.services.candidate_session import VneidChallenge
from exam_client.ui.i18n import Retranslatable


def qr_pixmap(payload: str, scale: int = 8) -> QPixmap:
    buffer = io.BytesIO()
    segno.make(payload, error="m").save(buffer, kind="png", scale=scale, border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class VneidScreen(Retranslatable, QWidget):
    back_requested = Signal()

    def __init__(self, challenge: VneidChallenge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.challenge_id = challenge.session_id
        self.title = QLabel()
        self.title.setObjectName("kioskTitle")
        self.steps = QLabel()
        self.steps.setObjectName("kioskSubtitle")
        self.steps.setWordWrap(True)
        self.qr = QLabel()
        self.qr.setPixmap(qr_pixmap(challenge.qr_payload))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pending = QLabel()
        self.pending.setObjectName("kioskNote")
        self.pending.setWordWrap(True)
        self.id_card = QLabel()
        self.id_card.setObjectName("kioskHint")
        self.id_card.setWordWrap(True)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back_requested)
        text = QVBoxLayout()
        text.setSpacing(16)
        for w in (self.title, self.steps, self.pending, self.id_card):
            text.addWidget(w)
        text.addStretch(1)
        text.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(64, 32, 64, 32)
        layout.setSpacing(48)
        layout.addLayout(text, 3)
        layout.addWidget(self.qr, 2)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Đăng nhập bằng VNeID"))
        self.steps.setText(
            self.tr(
                "1. Mở ứng dụng VNeID trên điện thoại.\n2. Chọn “Quét mã QR”.\n"
                "3. Quét mã bên phải và xác nhận đăng nhập."
            )
        )
        self.qr.setAccessibleName(self.tr("Mã QR đăng nhập VNeID"))
        self.pending.setText(
            self.tr(
                "Chức năng đang thử nghiệm: máy chủ chưa hỗ trợ xác nhận đăng nhập VNeID. "
                "Hãy đăng nhập bằng số CCCD và mật khẩu."
            )
        )
        self.id_card.setText(
            self.tr("Lưu ý: VNeID không thay thế thẻ căn cước khi đi thi — hãy mang theo thẻ.")
        )
        self.back_button.setText(self.tr("‹ Quay lại"))
        self.back_button.setAccessibleName(self.tr("Quay lại đăng nhập bằng CCCD"))

    def entered(self) -> None:
        self.back_button.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
            return
        super().keyPressEvent(event)
