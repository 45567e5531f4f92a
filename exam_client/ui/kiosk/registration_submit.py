"""Reviewing the kiosk registration form, sending it to the ministry and printing its receipt:
the part of :class:`~exam_client.ui.kiosk.registration.RegistrationPage` from the last part of
the walk ("Xem lại và nộp phiếu") on.

"Nộp lại" after a network fault never registers twice: the idempotency key lives in the
candidate session (:class:`CandidateRegistrationService`). The receipt PDF lives in the visit's
private folder and is deleted with the page.

A mixin, so the page stays one class; its texts name the page's translation context
(``RegistrationPage``) explicitly, as they did when they were written inside the page.
GUI thread only; the network and the PDF run through the page's ``_run``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QPushButton

from exam_client.domain.problems import Problem
from exam_client.services.candidate_registration import (
    CandidateRegistrationService,
    RegistrationRefused,
    RegistrationStart,
    ServerRegistration,
    Submitted,
)
from exam_client.ui.kiosk.receipt import Printed, VisitReceipts, write_and_print
from exam_client.ui.kiosk.registration_form import RegistrationForm
from exam_client.ui.kiosk.registration_parts import STATUS_VI, registration_receipt, review_lines
from exam_client.ui.staff.editor.problems import message
from exam_client.ui.staff.editor.record_actions import reason


class RegistrationSubmission:
    """Submit, its answer, and the receipt. The page provides the attributes below."""

    exam_year: int
    state: str
    start: RegistrationStart | None
    submitted: Submitted | None
    printed: Printed | None
    receipts: VisitReceipts
    problems: list[Problem]
    form: RegistrationForm
    service: CandidateRegistrationService
    status: QLabel
    review: QLabel
    submit_button: QPushButton
    receipt_button: QPushButton
    _run: Callable[..., None]

    def _show_review(self) -> None:
        """The last part: the form as it will be sent, its problems, and Submit only if none."""
        doc, _ = self.form.doc_or_problems(self.start.identity if self.start else None)
        if doc is None:
            self.review.setText(
                QCoreApplication.translate("RegistrationPage", "Chưa đủ thông tin để lập phiếu.")
            )
        else:
            self.review.setText("\n".join(f"{k}: {v}" for k, v in review_lines(doc)))
        self.form.board.reveal_all()
        errors = [p for p in self.problems if p.is_error]
        editable = self.state in ("editing", "submitted")
        self.submit_button.setVisible(self.state != "school")
        self.submit_button.setEnabled(editable and not errors and doc is not None)
        self.receipt_button.setVisible(self.submitted is not None)

    def submit(self) -> None:
        doc, refused = self.form.doc_or_problems(self.start.identity if self.start else None)
        if doc is None or any(p.is_error for p in self.problems) or self.state == "sending":
            self.form.board.show_problems(refused or self.problems)
            return
        base = self.submitted.registration if self.submitted else None
        if base is None and self.start is not None:
            base = self.start.existing
        self.state = "sending"
        self.submit_button.setEnabled(False)
        self.status.setText(
            QCoreApplication.translate("RegistrationPage", "Đang gửi phiếu đăng ký lên Bộ…")
        )
        self.status.show()
        year = self.exam_year
        self._run(lambda: self.service.submit(doc, year, base), self._sent, self._send_failed)

    def _sent(self, submitted: Submitted) -> None:
        self.submitted = submitted
        self.state = "submitted"
        record = submitted.registration
        self.status.setText(
            QCoreApplication.translate(
                "RegistrationPage",
                "Đã nộp phiếu. Trạng thái: %1. Hãy in biên nhận và mang tới điểm tiếp nhận.",
            ).replace("%1", STATUS_VI.get(record.status, record.status))
        )
        self._show_review()
        self.receipt_button.show()
        self.receipt_button.setFocus()

    def _send_failed(self, exc: BaseException) -> None:
        self.state = "editing"
        if isinstance(exc, RegistrationRefused):
            self.problems = [*exc.problems, *(p for p in self.problems if not p.is_error)]
            self.form.board.show_problems(self.problems)
            self.status.setText(
                QCoreApplication.translate("RegistrationPage", "Bộ chưa nhận phiếu: %1").replace(
                    "%1", "; ".join(message(p) for p in exc.problems) or "—"
                )
            )
        else:
            self.status.setText(
                reason(exc, QCoreApplication.translate("RegistrationPage", "Chưa gửi được phiếu"))
                + " "
                + QCoreApplication.translate(
                    "RegistrationPage",
                    "Bấm “Nộp phiếu đăng ký” để gửi lại: phiếu sẽ không bị nộp hai lần.",
                )
            )
        self._show_review()
        self.submit_button.setEnabled(True)

    def registration(self) -> ServerRegistration | None:
        if self.submitted is not None:
            return self.submitted.registration
        return self.start.existing if self.start else None

    def print_receipt(self) -> None:
        record = self.registration()
        if record is None:
            return
        receipt = registration_receipt(record, datetime.now(UTC))
        path = self.receipts.path_for(f"phieu-dang-ky-{self.exam_year}")
        self._run(lambda: write_and_print(path, receipt), self._printed, self._print_failed)

    def _printed(self, printed: Printed) -> None:
        self.printed = printed
        self.status.setText(
            QCoreApplication.translate("RegistrationPage", "Đã in biên nhận.")
            if printed.printer
            else QCoreApplication.translate(
                "RegistrationPage", "Ki-ốt không có máy in: biên nhận đã được tạo dưới dạng PDF."
            )
        )

    def _print_failed(self, exc: BaseException) -> None:
        self.status.setText(
            reason(exc, QCoreApplication.translate("RegistrationPage", "Không in được biên nhận"))
        )
