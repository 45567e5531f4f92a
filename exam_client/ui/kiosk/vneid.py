"""VNeID sign-in for free candidates (DOMAIN.md §3.1, §3.3).

With the session service (``sessions``/``runner``), the screen asks the server for a sign-in
session, shows its QR code, polls until the citizen approved on the phone, then emits
:attr:`VneidScreen.signed_in`. An expired code offers a new one. In demo mode a discreet
"Phê duyệt (demo)" button plays the phone (``POST /auth/vneid/sessions/{id}/approve``).
Without the service it shows a local code that nothing can approve, and says so.

Polling stops whenever the screen is hidden (back to the CCCD form, or the wipe) and resumes
when it is shown again. GUI thread; network work through the :class:`TaskRunner`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import segno
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QPixmap, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from exam_client.services.candidate_session import (
    CandidateSessionService,
    NotACandidate,
    SessionEnded,
    VneidChallenge,
    VneidExpired,
)
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.tasks import TaskHandle, TaskRunner


def qr_pixmap(payload: str, scale: int = 8) -> QPixmap:
    buffer = io.BytesIO()
    segno.make(payload, error="m").save(buffer, kind="png", scale=scale, border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class VneidScreen(Retranslatable, QWidget):
    back_requested = Signal()
    signed_in = Signal()

    def __init__(
        self,
        challenge: VneidChallenge | None = None,
        parent: QWidget | None = None,
        *,
        sessions: Callable[[], CandidateSessionService] | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        """``sessions()`` may block (boot): it is only called on worker threads."""
        super().__init__(parent)
        self._sessions = sessions
        self._runner = runner
        self.challenge: VneidChallenge | None = challenge
        self.task: TaskHandle | None = None
        self.state = "local" if sessions is None else "opening"
        # opening | waiting | approving | expired | failed | signed_in | local
        self.poll_timer = QTimer(self)
        self.poll_timer.setSingleShot(True)
        self.poll_timer.timeout.connect(self.poll)
        self.title = QLabel()
        self.title.setObjectName("kioskTitle")
        self.steps = QLabel()
        self.steps.setObjectName("kioskSubtitle")
        self.steps.setWordWrap(True)
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(240, 240)
        self.pending = QLabel()
        self.pending.setObjectName("kioskNote")
        self.pending.setWordWrap(True)
        self.id_card = QLabel()
        self.id_card.setObjectName("kioskHint")
        self.id_card.setWordWrap(True)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back_requested)
        self.new_button = QPushButton()
        self.new_button.setObjectName("kioskPrimary")
        self.new_button.clicked.connect(self.open_session)
        self.demo_button = QPushButton()
        self.demo_button.setObjectName("kioskDemo")
        self.demo_button.setStyleSheet(  # discreet: for showing the flow, not for candidates
            "QPushButton#kioskDemo { color: #6b7280; border: 1px dashed #b9c0ca; font-size: 11pt; }"
        )
        self.demo_button.clicked.connect(self.approve_demo)
        text = QVBoxLayout()
        text.setSpacing(16)
        for w in (self.title, self.steps, self.pending, self.id_card):
            text.addWidget(w)
        text.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        text.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(64, 32, 64, 32)
        layout.setSpacing(48)
        layout.addLayout(text, 3)
        layout.addWidget(self.qr, 2)
        if challenge is not None:
            self.qr.setPixmap(qr_pixmap(challenge.qr_payload))
        self._update()
        if sessions is not None:
            self.open_session()

    # -- texts ---------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Đăng nhập bằng VNeID"))
        self.steps.setText(
            self.tr(
                "1. Mở ứng dụng VNeID trên điện thoại.\n2. Chọn “Quét mã QR”.\n"
                "3. Quét mã bên phải và xác nhận đăng nhập."
            )
        )
        self.qr.setAccessibleName(self.tr("Mã QR đăng nhập VNeID"))
        pending = {
            "local": self.tr(
                "Chức năng đang thử nghiệm: máy chủ chưa hỗ trợ xác nhận đăng nhập VNeID. "
                "Hãy đăng nhập bằng số CCCD và mật khẩu."
            ),
            "opening": self.tr("Đang tạo mã QR…"),
            "waiting": self.tr("Đang chờ bạn xác nhận trên điện thoại…"),
            "approving": self.tr("Đang gửi phê duyệt (demo)…"),
            "expired": self.tr("Mã QR đã hết hạn hoặc đã được dùng. Chạm “Tạo mã mới”."),
            "failed": self.tr(
                "Chưa kết nối được tới máy chủ. Bạn không làm gì sai — chạm “Tạo mã mới” để "
                "thử lại, hoặc đăng nhập bằng số CCCD."
            ),
            "not_candidate": self.tr("Tài khoản VNeID này không phải tài khoản thí sinh."),
            "signed_in": self.tr("Đã xác nhận. Đang vào trang của bạn…"),
        }
        self.pending.setText(pending.get(self.state, ""))
        self.id_card.setText(
            self.tr("Lưu ý: VNeID không thay thế thẻ căn cước khi đi thi — hãy mang theo thẻ.")
        )
        self.back_button.setText(self.tr("‹ Quay lại"))
        self.back_button.setAccessibleName(self.tr("Quay lại đăng nhập bằng CCCD"))
        self.new_button.setText(self.tr("Tạo mã mới"))
        self.new_button.setAccessibleName(self.tr("Tạo mã QR VNeID mới"))
        self.demo_button.setText(self.tr("Phê duyệt (demo)"))
        self.demo_button.setAccessibleName(
            self.tr("Phê duyệt đăng nhập thay điện thoại (chỉ ở chế độ demo)")
        )

    def _update(self) -> None:
        self.new_button.setVisible(self.state in ("expired", "failed", "not_candidate"))
        demo = self.challenge is not None and self.challenge.demo_approvable
        self.demo_button.setVisible(demo and self.state == "waiting")
        self.qr.setVisible(self.state in ("local", "waiting", "approving"))
        self.retranslate_ui()

    def _set_state(self, state: str) -> None:
        self.state = state
        self._update()

    # -- the server session --------------------------------------------------------------------
    def _submit(
        self, fn: Callable[[], Any], ok: Callable[[Any], None], bad: Callable[[BaseException], None]
    ) -> None:
        assert self._runner is not None
        self.task = self._runner.submit(fn, on_success=ok, on_failure=bad)

    def open_session(self) -> None:
        if self._sessions is None:
            return
        sessions = self._sessions
        self.poll_timer.stop()
        self._set_state("opening")
        self._submit(lambda: sessions().open_vneid(), self._opened, self._failed)

    def _opened(self, challenge: VneidChallenge) -> None:
        self.task = None
        self.challenge = challenge
        self.qr.setPixmap(qr_pixmap(challenge.qr_payload))
        self._set_state("waiting")
        self._schedule()

    def _schedule(self) -> None:
        if self.challenge is not None and self.isVisible() and self.state == "waiting":
            self.poll_timer.start(int(self.challenge.poll_interval_s * 1000))

    def poll(self) -> None:
        challenge, sessions = self.challenge, self._sessions
        if challenge is None or sessions is None or self.task is not None:
            return
        self._submit(lambda: sessions().poll_vneid(challenge), self._polled, self._failed)

    def _polled(self, session: object | None) -> None:
        self.task = None
        if session is None:
            self._schedule()
            return
        self._set_state("signed_in")
        self.signed_in.emit()

    def approve_demo(self) -> None:
        challenge, sessions = self.challenge, self._sessions
        if challenge is None or sessions is None or self.state != "waiting":
            return
        self.poll_timer.stop()
        if self.task is not None:  # a poll in flight: let it finish first
            self.task.cancel()
        self._set_state("approving")
        self._submit(lambda: sessions().approve_vneid_demo(challenge), self._approved, self._failed)

    def _approved(self, _result: object) -> None:
        self.task = None
        self._set_state("waiting")
        self.poll()

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        if isinstance(exc, SessionEnded):
            return
        if isinstance(exc, VneidExpired):
            self._set_state("expired")
        elif isinstance(exc, NotACandidate):
            self._set_state("not_candidate")
        else:  # network, overload, server: nothing the candidate did
            self._set_state("failed")
        if self.new_button.isVisible():
            self.new_button.setFocus()

    # -- visibility and keys -------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._schedule()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        self.poll_timer.stop()
        super().hideEvent(event)

    def stop(self) -> None:
        """Stop polling and silence a request in flight (the wipe calls this via ``task``)."""
        self.poll_timer.stop()
        if self.task is not None:
            self.task.cancel()
            self.task = None

    def entered(self) -> None:
        self.back_button.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
            return
        super().keyPressEvent(event)
