"""Step "Đăng ký dự thi": a free candidate (categories b–d) fills in the exam registration form
one part at a time, then submits it straight to the ministry and prints a receipt.

Parts (the frame's Next / Esc walk them; only the last one leaves the step):
identity (read-only, from the population register) → category, purpose and subjects →
foreign-language exemption → schools and priority → contact and photo → review and submit.

Every part is a section of the staff registration editor (imported, not copied), grown to
kiosk size by :data:`KIOSK_FORM_STYLE`; the rules engine runs on every change and a part with
errors keeps the candidate there with the engine's own words under the field.

Privacy: nothing is written to the kiosk's disk. The form goes to the server through
:class:`CandidateRegistrationService` (idempotency key kept in the candidate session, so
"Nộp lại" after a network fault never registers twice); the receipt PDF lives in the visit's
private folder, deleted with the page.

Split by responsibility: the sections and the document they make
(:mod:`~exam_client.ui.kiosk.registration_form`), submitting and the receipt
(:mod:`~exam_client.ui.kiosk.registration_submit`), read-only parts and texts
(:mod:`~exam_client.ui.kiosk.registration_parts`); this module walks the parts.

Threads: GUI thread; the network and the PDF run through ``ctx.runner``.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from exam_client.domain.problems import Problem
from exam_client.domain.ruleset import available_years, load_ruleset
from exam_client.services.candidate_registration import (
    FREE_CATEGORIES,
    CandidateRegistrationService,
    RegistrationStart,
    Submitted,
)
from exam_client.services.registrations import RegistrationDoc
from exam_client.ui.kiosk.receipt import Printed, VisitReceipts
from exam_client.ui.kiosk.registration_form import PARTS, RegistrationForm, part_view
from exam_client.ui.kiosk.registration_parts import (
    KIOSK_FORM_STYLE,
    STATUS_VI,
    IdentityCard,
)
from exam_client.ui.kiosk.registration_submit import RegistrationSubmission
from exam_client.ui.kiosk.steps import KioskPage, PageContext
from exam_client.ui.staff.editor.record_actions import reason

__all__ = ["PARTS", "RegistrationPage", "kiosk_exam_year"]


def kiosk_exam_year() -> int:
    """The newest rule set: the year a kiosk registers for."""
    return max(available_years())


class RegistrationPage(RegistrationSubmission, KioskPage):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.exam_year = kiosk_exam_year()
        self.ruleset = load_ruleset(self.exam_year)
        self.service = CandidateRegistrationService(ctx.sessions)
        self.state = "loading"  # loading | editing | sending | submitted | school | failed
        self.start: RegistrationStart | None = None
        self.submitted: Submitted | None = None
        self.printed: Printed | None = None
        self.receipts = VisitReceipts()
        self.problems: list[Problem] = []
        self.part = 0
        self.wiped = False

        self.identity = IdentityCard()
        form = self.form = RegistrationForm(self.ruleset, self._run)
        self.exam, self.contact, self.photo = form.exam, form.contact, form.photo
        self.sections, self.board = form.sections, form.board
        self.form.connect_changed(self._edited)

        self.part_label = QLabel()
        self.part_label.setObjectName("kioskSubtitle")
        self.status = QLabel()
        self.status.setObjectName("kioskNote")
        self.status.setWordWrap(True)
        self.review = QLabel()
        self.review.setWordWrap(True)
        self.review.setTextFormat(Qt.TextFormat.PlainText)
        self.review.setObjectName("registrationReview")
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("kioskPrimary")
        self.submit_button.clicked.connect(self.submit)
        self.receipt_button = QPushButton()
        self.receipt_button.clicked.connect(self.print_receipt)
        self.receipt_button.hide()
        self.skip_button = QPushButton()  # 12th graders: their school registers them
        self.skip_button.clicked.connect(self.skip)
        self.skipped = False

        self.stack = QStackedWidget()
        self.part_views = [self._part_widget(part) for part in PARTS]
        for view in self.part_views:
            self.stack.addWidget(view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.part_label)
        layout.addWidget(self.status)
        layout.addWidget(self.stack, 1)
        self.setStyleSheet(KIOSK_FORM_STYLE)
        self.retranslate_ui()
        self.show_part(0)
        self._load()

    # -- building ------------------------------------------------------------------------------
    def _part_widget(self, part: str) -> QWidget:
        if part == "identity":
            return part_view([self.identity, self.skip_button])
        if part == "review":
            return part_view([self.review, self.board, self.submit_button, self.receipt_button])
        return part_view(list(self.form.part_sections[part]))

    def retranslate_ui(self) -> None:
        self.submit_button.setText(self.tr("Nộp phiếu đăng ký"))
        self.submit_button.setAccessibleName(self.tr("Nộp phiếu đăng ký dự thi lên Bộ"))
        self.receipt_button.setText(self.tr("In biên nhận"))
        self.receipt_button.setAccessibleName(self.tr("In biên nhận phiếu đăng ký"))
        self.skip_button.setText(self.tr("Bỏ qua — tôi đăng ký dự thi tại trường"))
        self.skip_button.setAccessibleName(
            self.tr("Bỏ qua bước đăng ký dự thi vì đã đăng ký tại trường")
        )
        self.review.setAccessibleName(self.tr("Nội dung phiếu sẽ nộp"))
        titles = self.part_titles()
        for index, part in enumerate(PARTS):
            self.part_views[index].setAccessibleName(titles[part])
        self.show_part(self.part)

    def part_titles(self) -> dict[str, str]:
        return {
            "identity": self.tr("Thông tin cá nhân"),
            "exam": self.tr("Đối tượng, mục đích và môn thi"),
            "exemption": self.tr("Miễn thi ngoại ngữ"),
            "priority": self.tr("Trường học và ưu tiên"),
            "contact": self.tr("Liên hệ và ảnh"),
            "review": self.tr("Xem lại và nộp phiếu"),
        }

    # -- loading -------------------------------------------------------------------------------
    def _run(self, fn: Any, on_success: Any, on_failure: Any = None) -> None:
        self.tasks[:] = [t for t in self.tasks if t.running]
        self.tasks.append(self.ctx.runner.submit(fn, on_success=on_success, on_failure=on_failure))

    def _load(self) -> None:
        self.status.setText(self.tr("Đang tải thông tin của bạn…"))
        year = self.exam_year
        self._run(lambda: self.service.load(year), self._loaded, self._load_failed)

    def _loaded(self, start: RegistrationStart) -> None:
        self.start = start
        self.identity.show_identity(start.identity)
        existing = start.existing
        if existing is not None:
            self.form.fill(existing.doc)
        if existing is not None and (
            existing.doc.category not in FREE_CATEGORIES or existing.status == "confirmed"
        ):
            self.state = "school"  # registered by the school, or confirmed: nothing to edit
            self.status.setText(
                self.tr("Phiếu đăng ký năm %1 của bạn: %2. Không cần khai lại tại ki-ốt.")
                .replace("%1", str(self.exam_year))
                .replace("%2", STATUS_VI.get(existing.status, existing.status))
            )
            self.show_part(len(PARTS) - 1)
        else:
            self.state = "editing"
            self.status.setText(
                self.tr("Phiếu của bạn đang ở trạng thái: %1. Bạn có thể sửa rồi nộp lại.").replace(
                    "%1", STATUS_VI.get(existing.status, existing.status)
                )
                if existing
                else ""
            )
            self.status.setVisible(bool(existing))
        self.check_now()

    def _load_failed(self, exc: BaseException) -> None:
        self.state = "failed"
        self.status.setText(
            reason(exc, self.tr("Không tải được thông tin của bạn"))
            + " "
            + self.tr("Hãy quay lại rồi mở lại bước này.")
        )

    # -- values and rules ----------------------------------------------------------------------
    def doc_or_problems(self) -> tuple[RegistrationDoc | None, list[Problem]]:
        return self.form.doc_or_problems(self.start.identity if self.start else None)

    def check_now(self) -> None:
        """The rules engine on the form as it is (pure and fast: no worker needed)."""
        if self.wiped:
            return
        doc, refused = self.doc_or_problems()
        self.problems = refused if doc is None else self.service.check(doc, self.exam_year)
        self.board.show_problems(self.problems)
        if self.part == len(PARTS) - 1:
            self._show_review()

    def _edited(self) -> None:
        if self.wiped:
            return  # the scrub blanking the inputs is not an edit
        if self.state == "submitted":
            self.state = "editing"  # changed after submitting: submit again
            self.receipt_button.hide()
        self.check_now()

    # -- parts ---------------------------------------------------------------------------------
    def show_part(self, index: int) -> None:
        self.part = index
        self.stack.setCurrentIndex(index)
        key = PARTS[index]
        self.part_label.setText(
            self.tr("Phần %1/%2: %3")
            .replace("%1", str(index + 1))
            .replace("%2", str(len(PARTS)))
            .replace("%3", self.part_titles()[key])
        )
        if key == "review":
            self._show_review()
        self._tab_chain()

    def _tab_chain(self) -> None:
        chain = self.inputs_of(PARTS[self.part])
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def inputs_of(self, part: str) -> list[QWidget]:
        if part == "review":
            return [self.board.summary, self.submit_button, self.receipt_button]
        if part == "identity":
            return [self.skip_button]
        return self.form.section_inputs(part)

    def entered(self) -> None:
        """Focus the part's first input that Enter does not change (Enter = Next in the frame,
        and the frame clicks a focused button: a focused check box would be toggled)."""
        for widget in self.inputs_of(PARTS[self.part]):
            checkable = isinstance(widget, QAbstractButton) and widget.isCheckable()
            button = isinstance(widget, QPushButton) and PARTS[self.part] != "review"
            if widget.isVisibleTo(self) and widget.isEnabled() and not (checkable or button):
                widget.setFocus()
                return
        self.part_views[self.part].setFocus()  # Enter then reaches the frame: Next

    def skip(self) -> None:
        """Leave the step without a form (a 12th grader, or someone registered elsewhere)."""
        self.skipped = True
        self.request_next.emit()

    def can_go_next(self) -> bool:
        if self.skipped:
            self.skipped = False
            return True
        if self.state in ("loading", "failed"):
            return self.state == "failed"  # let the candidate go on to other steps
        key = PARTS[self.part]
        if key != "review":
            self.board.reveal(sorted(self.form.part_paths(key)))
            errors = self.form.errors_in(key, self.problems)
            if errors:
                slot = self.board.slot_for(errors[0].field)
                if slot is not None:
                    slot.focus.setFocus()
                return False
            self.show_part(self.part + 1)
            self.entered()
            return False
        if self.state in ("submitted", "school"):
            return True
        self.status.setText(self.tr("Hãy bấm “Nộp phiếu đăng ký” trước khi sang bước sau."))
        self.status.show()
        self.submit_button.setFocus()
        return False

    def escape_goes_back(self) -> bool:
        if self.part > 0 and self.state != "school":
            self.show_part(self.part - 1)
            self.entered()
            return False
        return True

    # -- review and submit: see registration_submit ---------------------------------------------
    def cancel_tasks(self) -> None:
        """The wipe: stop work, delete the receipt, forget the form and the problem list."""
        self.wiped = True
        super().cancel_tasks()
        self.receipts.clear()
        self.start = self.submitted = self.printed = None
        self.problems = []
        # The shell's scrub cannot detach a QListWidget's own model (a private setter in
        # PySide6): empty the board's list and take it out of the tree before the scrub runs.
        summary = self.board.summary
        summary.clear()
        summary.setParent(None)
        summary.deleteLater()
