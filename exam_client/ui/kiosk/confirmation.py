"""Step "Xác nhận nhập học": the admitted programme, the deadline counting down, and a two-step
confirmation that says plainly it is final (DOMAIN.md §8, §13.8: a missed deadline loses the
place; a confirmation cannot be undone online).

Only the admitted programme is offered (the page never lets the candidate pick another), only
inside the window; once confirmed the buttons are gone for good and the page says so. The
countdown uses the server's clock (:class:`~exam_client.services.enrollment.ServerClock`).
GUI thread only; the wipe stops the countdown and deletes the receipt (:meth:`cancel_tasks`).
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from exam_client.services.candidate_session import SessionEnded
from exam_client.services.enrollment import (
    EnrollmentConfirmation,
    EnrollmentService,
    EnrollmentView,
)
from exam_client.ui.kiosk.payment_text import moment
from exam_client.ui.kiosk.receipt import (
    Printed,
    VisitReceipts,
    confirmation_receipt,
    write_and_print,
)
from exam_client.ui.kiosk.steps import KioskPage, PageContext

BUTTONS_BY_STATE = {
    "loading": (),
    "failed_load": ("reload",),
    "refused": ("reload",),
    "ready": ("confirm",),
    "asking": ("final", "cancel"),
    "sending": (),
    "confirmed": ("receipt",),
    "rejected": ("reload",),
}


def countdown_text(left: timedelta) -> str:
    seconds = max(0, int(left.total_seconds()))
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    if not days:
        return clock
    return (
        QCoreApplication.translate("ConfirmationPage", "%1 ngày %2")
        .replace("%1", str(days))
        .replace("%2", clock)
    )


class ConfirmationPage(KioskPage):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = EnrollmentService(ctx.sessions)
        self.state = "loading"
        self.view: EnrollmentView | None = None
        self.confirmation: EnrollmentConfirmation | None = None
        self.problem = ""
        self.printed: Printed | None = None
        self.receipts = VisitReceipts()
        card = QFrame()
        card.setObjectName("kioskCard")
        self.programme = QLabel()
        self.programme.setObjectName("kioskSubtitle")
        self.programme.setWordWrap(True)
        self.deadline = QLabel()
        self.deadline.setWordWrap(True)
        self.countdown = QLabel()
        self.countdown.setObjectName("kioskCountdown")
        box = QVBoxLayout(card)
        for widget in (self.programme, self.deadline, self.countdown):
            box.addWidget(widget)
        self.status = QLabel()
        self.status.setObjectName("kioskNote")
        self.status.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setObjectName("kioskError")
        self.warning.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, slot in (
            ("confirm", self.ask),
            ("final", self.confirm),
            ("cancel", self.cancel_question),
            ("receipt", self.print_receipt),
            ("reload", self.load),
        ):
            button = QPushButton()
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        self.buttons["confirm"].setObjectName("kioskPrimary")
        self.buttons["final"].setObjectName("kioskPrimary")
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(card)
        layout.addWidget(self.status)
        layout.addWidget(self.warning)
        layout.addLayout(row)
        layout.addStretch(1)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._tick)
        self.retranslate_ui()

    # -- life cycle -------------------------------------------------------------------------
    def entered(self) -> None:
        if self.state == "loading" and not self.tasks:
            self.load()
        super().entered()

    def escape_goes_back(self) -> bool:
        if self.state == "asking":
            self.cancel_question()  # Esc answers "no" to the final question
            return False
        return self.state != "sending"

    def cancel_tasks(self) -> None:
        self.tick.stop()
        super().cancel_tasks()
        self.receipts.clear()
        self.view = self.confirmation = self.printed = None

    def _set(self, state: str, problem: str = "") -> None:
        self.state, self.problem = state, problem
        self.retranslate_ui()

    def _submit(self, fn, ok, bad) -> None:  # type: ignore[no-untyped-def]
        self.tasks = [t for t in self.tasks if t.running]
        self.tasks.append(self.ctx.runner.submit(fn, ok, bad))

    def load(self) -> None:
        self._set("loading")
        self._submit(self.service.load, self._loaded, self._failed("failed_load"))

    def _loaded(self, view: EnrollmentView) -> None:
        self.view = view
        result = view.result
        if result.confirmation is not None:
            self.confirmation = result.confirmation
            self._set("confirmed")
        elif (refusal := view.refusal()) is not None:
            self._set("refused", refusal.message_vi)
        else:
            self._set("ready")
        if self.state == "ready":
            self.tick.start()

    def _failed(self, state: str):  # type: ignore[no-untyped-def]
        def handle(exc: BaseException) -> None:
            if not isinstance(exc, SessionEnded):
                self._set(state, getattr(exc, "message_vi", str(exc)))

        return handle

    def _tick(self) -> None:
        view = self.view
        left = view.remaining() if view is not None else None
        if left is not None and left <= timedelta() and self.state in ("ready", "asking"):
            self.tick.stop()
            self.load()  # the deadline passed on screen: ask the server what it says now
            return
        self.countdown.setText(countdown_text(left) if left is not None else "")

    # -- the two steps ----------------------------------------------------------------------
    def ask(self) -> None:
        if self.state == "ready":
            self._set("asking")
            self.buttons["cancel"].setFocus()  # the safe answer has the focus

    def cancel_question(self) -> None:
        if self.state == "asking":
            self._set("ready")

    def confirm(self) -> None:
        view = self.view
        if self.state != "asking" or view is None:
            return
        self._set("sending")
        self._submit(lambda: self.service.confirm(view), self._confirmed, self._failed("rejected"))

    def _confirmed(self, confirmation: EnrollmentConfirmation) -> None:
        self.tick.stop()
        self.confirmation = confirmation
        self._set("confirmed")

    def print_receipt(self) -> None:
        candidate, view, done = self.ctx.candidate, self.view, self.confirmation
        if candidate is None or view is None or done is None:
            return
        receipt = confirmation_receipt(done, view.result, candidate.display_name, candidate.cccd)
        path = self.receipts.path_for(f"xac-nhan-nhap-hoc-{done.exam_year}")
        self._submit(
            lambda: write_and_print(path, receipt), self._printed, self._failed(self.state)
        )

    def _printed(self, printed: Printed) -> None:
        self.printed = printed
        self.retranslate_ui()

    # -- texts ----------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        result = self.view.result if self.view is not None else None
        if result is not None and result.programme_code:
            self.programme.setText(
                self.tr("Ngành %1 (%2) — %3, nguyện vọng NV%4")
                .replace("%1", result.programme_name or result.programme_code)
                .replace("%2", result.programme_code)
                .replace("%3", result.institution_name or result.institution_code or "")
                .replace("%4", str(result.preference_rank or ""))
            )
        else:
            self.programme.setText(self.tr("Xác nhận nhập học trực tuyến"))
        deadline = result.confirm_deadline if result is not None else None
        self.deadline.setText(
            self.tr(
                "Hạn xác nhận: %1. Không xác nhận đúng hạn được coi là từ chối nhập học."
            ).replace("%1", moment(deadline))
            if deadline is not None and self.state in ("ready", "asking", "sending")
            else ""
        )
        self.deadline.setVisible(bool(self.deadline.text()))
        self.countdown.setVisible(self.state in ("ready", "asking"))
        if self.view is not None and self.countdown.isVisibleTo(self):
            left = self.view.remaining()
            self.countdown.setText(countdown_text(left) if left is not None else "")
            self.countdown.setAccessibleName(
                self.tr("Thời gian còn lại để xác nhận: %1").replace("%1", self.countdown.text())
            )
        texts = {
            "loading": self.tr("Đang tải kết quả xét tuyển…"),
            "failed_load": self.tr("Chưa tải được kết quả: %1").replace("%1", self.problem),
            "refused": self.problem,
            "ready": self.tr(
                "Bạn chỉ có thể xác nhận ngành đã trúng tuyển ở trên. Chạm “Xác nhận nhập học” "
                "để tiếp tục; bạn sẽ được hỏi lại một lần nữa."
            ),
            "asking": self.tr("Bạn có chắc chắn muốn xác nhận nhập học ngành này không?"),
            "sending": self.tr("Đang gửi xác nhận…"),
            "confirmed": (self.confirmation.message if self.confirmation else "")
            + "\n"
            + self.tr("Đã xác nhận — đây là quyết định cuối cùng, không thể thay đổi tại ki-ốt."),
            "rejected": self.tr("Chưa xác nhận được: %1").replace("%1", self.problem),
        }
        self.status.setText(texts.get(self.state, ""))
        if self.printed is not None:
            self.status.setText(
                self.status.text()
                + "\n"
                + self.tr("Biên lai xác nhận đã được tạo (in nếu ki-ốt có máy in).")
            )
        self.warning.setText(
            self.tr(
                "Xác nhận nhập học là quyết định cuối cùng: sau khi xác nhận, bạn không thể huỷ "
                "hay đổi sang ngành khác trên hệ thống và sẽ không được xét tuyển bổ sung."
            )
            if self.state == "asking"
            else ""
        )
        self.warning.setVisible(self.state == "asking")
        labels = {
            "confirm": (self.tr("Xác nhận nhập học"), self.tr("Xác nhận nhập học, bước 1 trên 2")),
            "final": (
                self.tr("Tôi hiểu, xác nhận"),
                self.tr("Xác nhận nhập học lần cuối, không thể huỷ"),
            ),
            "cancel": (self.tr("Chưa, quay lại"), self.tr("Không xác nhận lúc này")),
            "receipt": (self.tr("In biên lai"), self.tr("In biên lai xác nhận nhập học")),
            "reload": (self.tr("Tải lại"), self.tr("Tải lại kết quả xét tuyển")),
        }
        shown = BUTTONS_BY_STATE.get(self.state, ())
        for key, button in self.buttons.items():
            text, accessible = labels[key]
            button.setText(text)
            button.setAccessibleName(accessible)
            button.setVisible(key in shown)
