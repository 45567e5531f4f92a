"""The welcome screen: "Chạm để bắt đầu". Holds no candidate data, so it survives every wipe.

GUI thread only. A touch anywhere, or Enter/Space on the big button, starts a visit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from exam_client.ui.i18n import Retranslatable


class WelcomeScreen(Retranslatable, QWidget):
    start_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("kioskHero")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("kioskSubtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setWordWrap(True)
        self.start_button = QPushButton()
        self.start_button.setObjectName("kioskStart")
        self.start_button.clicked.connect(self.start_requested)
        self.privacy = QLabel()
        self.privacy.setObjectName("kioskHint")
        self.privacy.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.privacy.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 32, 64, 48)
        layout.setSpacing(24)
        layout.addStretch(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addSpacing(24)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        layout.addWidget(self.privacy)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Đăng ký dự thi tốt nghiệp THPT và xét tuyển"))
        self.subtitle.setText(
            self.tr("Ki-ốt tự phục vụ dành cho thí sinh. Mỗi lần một người sử dụng.")
        )
        self.start_button.setText(self.tr("Chạm để bắt đầu"))
        self.start_button.setAccessibleName(self.tr("Bắt đầu phiên làm việc"))
        self.privacy.setText(
            self.tr("Khi bạn kết thúc hoặc rời đi, mọi thông tin của bạn sẽ được xoá khỏi máy này.")
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self.start_requested.emit()
        event.accept()

    def entered(self) -> None:
        self.start_button.setFocus()
