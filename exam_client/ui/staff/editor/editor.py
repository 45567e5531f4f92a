"""The registration editor: every field of the form, checked by the rules engine as it is typed.

One widget for the staff dialog and, later, the kiosk's step flow: it takes the services and the
exam year, runs every blocking call (look-up, check, save, load) through :class:`TaskRunner`,
and says what happened through ``saved`` / ``submitted`` (the record id as text).

Keys: Ctrl+S saves a draft (the local store and the outbox only, so it works offline);
Ctrl+Enter submits (queued for sync; refused with the problem list while errors remain); Enter
in the ID field looks the citizen up in the population register.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pydantic import ValidationError
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from exam_client.domain.cccd import check_cccd
from exam_client.domain.problems import Problem
from exam_client.domain.ruleset import load_ruleset
from exam_client.ui.formatting import format_moment
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.staff.editor.contact import ContactSection
from exam_client.ui.staff.editor.exam import ExamSection
from exam_client.ui.staff.editor.exemption import ExemptionSection
from exam_client.ui.staff.editor.identity import IdentitySection
from exam_client.ui.staff.editor.layout import STYLE, arrange
from exam_client.ui.staff.editor.photo import PhotoSection
from exam_client.ui.staff.editor.prefill import prefill, source_text
from exam_client.ui.staff.editor.priority import PrioritySection
from exam_client.ui.staff.editor.problems import ProblemBoard
from exam_client.ui.staff.editor.record_actions import RecordActions, reason
from exam_client.ui.staff.editor.register_diff import RegisterComparison
from exam_client.ui.staff.editor.reserved import ReservedScoresSection
from exam_client.ui.staff.editor.schools import SchoolsSection, known_schools
from exam_client.ui.staff.editor.values import RegistrationDoc, contract_problem
from exam_client.ui.tasks import TaskHandle, TaskRunner

if TYPE_CHECKING:
    from exam_client.services.citizens import LookupResult
    from exam_client.services.context import AppServices

CHECK_DELAY_MS = 350


class RegistrationEditor(Retranslatable, RecordActions, QWidget):
    saved = Signal(str)
    submitted = Signal(str)
    dirty_changed = Signal(bool)

    def __init__(
        self,
        services: AppServices,
        runner: TaskRunner,
        exam_year: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if services.registrations is None:
            raise ValueError("the registration editor needs the registration service")
        self._services = services
        self._registrations = services.registrations
        self._runner = runner
        self.exam_year = exam_year
        self.ruleset = load_ruleset(exam_year)  # a small cached data file, read once per year
        self.record_id: UUID = self._registrations.new_id()
        self.existing = False
        self.dirty = False
        self.busy = False
        self._filling = False
        self._tasks: list[TaskHandle] = []  # cancelled when the widget goes (no late callbacks)
        self._check_generation = 0
        self._citizen: Any = None

        self.title = QLabel()
        self.title.setObjectName("title")
        self.state_label = QLabel()
        self.state_label.setObjectName("subtitle")
        self.board = ProblemBoard()
        self.identity = IdentitySection(exam_year)
        self.comparison = RegisterComparison()
        self.lookup_status = QLabel()
        self.lookup_status.setObjectName("source")
        self.lookup_status.setWordWrap(True)
        self.lookup_status.hide()
        self.photo = PhotoSection(self.ruleset, self._submit)
        self.contact = ContactSection()
        self.schools = SchoolsSection(self.ruleset)
        self.exam = ExamSection(self.ruleset)
        self.exemption = ExemptionSection(self.ruleset)
        self.reserved = ReservedScoresSection(self.ruleset)
        self.priority = PrioritySection(self.ruleset)
        self.sections = (
            self.identity,
            self.photo,
            self.contact,
            self.schools,
            self.exam,
            self.exemption,
            self.reserved,
            self.priority,
        )
        for section in self.sections:
            paths = [slot.path for slot in section.slots()]
            for slot in section.slots():
                self.board.register(slot)
            section.changed.connect(self._edited)
            section.changed.connect(partial(self._reveal, paths))
        self.save_button = QPushButton()
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("primary")
        for button in (self.save_button, self.submit_button):
            button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_draft)
        self.submit_button.clicked.connect(self.submit)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setWidget(arrange(self))
        self.button_bar = buttons = QHBoxLayout()
        buttons.addWidget(self.message, 4)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.state_label)
        layout.addWidget(self.board)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(buttons)
        self.setStyleSheet(STYLE)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_now)
        self.identity.lookup_requested.connect(self.look_up)
        self.comparison.use_register.connect(self._use_register)
        self.comparison.keep_school.connect(lambda _key: self._tab_chain())
        self.board.focus_requested.connect(self.focus_field)
        self.schools.changed.connect(self._schools_changed)
        self.exam.changed.connect(self._show_reserved)
        self.reserved.changed.connect(self._show_reserved)
        self.priority.changed.connect(self._schools_changed)
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, action in (
            (QKeySequence.StandardKey.Save, self.save_draft),
            (QKeySequence("Ctrl+Return"), self.submit),
            (QKeySequence("Ctrl+Enter"), self.submit),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(ctx)
            shortcut.activated.connect(action)
        self._show_reserved()
        self._tab_chain()
        self.retranslate_ui()
        self.destroyed.connect(partial(_cancel_all, self._tasks))
        self.check_now()
        records = self._registrations.records
        self._submit(lambda: known_schools(records()), self.schools.set_known_schools)

    def retranslate_ui(self) -> None:
        self.title.setText(
            self.tr("Phiếu đăng ký dự thi tốt nghiệp THPT năm %1").replace(
                "%1", str(self.exam_year)
            )
        )
        self.save_button.setText(self.tr("Lưu nháp (Ctrl+S)"))
        self.save_button.setAccessibleName(self.tr("Lưu nháp trên máy"))
        self.submit_button.setText(self.tr("Nộp phiếu (Ctrl+Enter)"))
        self.submit_button.setAccessibleName(self.tr("Nộp phiếu để đồng bộ lên Bộ"))
        self.scroll_area.setAccessibleName(self.tr("Các mục của phiếu đăng ký"))
        self._show_state()

    def _submit(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._tasks[:] = [t for t in self._tasks if t.running]
        self._tasks.append(self._runner.submit(fn, on_success=on_success, on_failure=on_failure))

    # -- navigation ---------------------------------------------------------------------------
    def inputs(self) -> list[QWidget]:
        """Every input in form order: the tab chain."""
        widgets: list[QWidget] = [*self.identity.inputs(), *self.comparison.buttons()]
        for section in self.sections[1:]:
            widgets += section.inputs()
        return [*widgets, self.save_button, self.submit_button]

    def _tab_chain(self) -> None:
        chain = [self.board.summary, *self.inputs()]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def focus_field(self, widget: QWidget) -> None:
        self.scroll_area.ensureWidgetVisible(widget, 40, 60)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- values -------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for section in self.sections:
            section.collect(values)
        return values

    def doc(self) -> RegistrationDoc:
        """The form as the wire document; ``ValueError`` if a value cannot be sent at all."""
        return RegistrationDoc.model_validate(self.values())

    def doc_or_problems(self) -> tuple[RegistrationDoc | None, list[Problem]]:
        """The document, or problems for what the contract refuses (e.g. too many subjects)."""
        try:
            return self.doc(), []
        except ValidationError as exc:
            return None, [contract_problem(error) for error in exc.errors()]

    def fill(self, doc: RegistrationDoc) -> None:
        self._filling = True
        try:
            for section in self.sections:
                section.fill(doc)
        finally:
            self._filling = False
        self._schools_changed()
        self._show_reserved()
        self._tab_chain()
        self.board.reveal_all()
        self._set_dirty(False)
        self.check_now()

    def _reveal(self, paths: list[str]) -> None:
        if not self._filling:
            self.board.reveal(paths)

    def _edited(self) -> None:
        if self._filling:
            return
        self._set_dirty(True)
        self._check_timer.start()

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self.dirty:
            self.dirty = dirty
            self.dirty_changed.emit(dirty)
            self._show_state()

    def _show_reserved(self) -> None:
        """Reserved scores only where they can apply (or where a record already has some)."""
        allowed = self.exam.category_code() in self.ruleset.reserved_score_categories
        self.reserved.setVisible(allowed or self.reserved.has_scores())

    def _schools_changed(self) -> None:
        self.priority.set_schools(self.schools.attendances(set(self.ruleset.area_points)))

    # -- live validation ----------------------------------------------------------------------
    def check_now(self) -> None:
        """Run the rules engine on the form as it is (worker thread; stale answers dropped)."""
        self._check_timer.stop()
        self._check_generation += 1
        generation, (doc, refused) = self._check_generation, self.doc_or_problems()
        if doc is None:
            self.board.show_problems(refused)
            return
        self._submit(
            lambda: self._registrations.check(doc, self.exam_year),
            on_success=lambda found: self._checked(generation, found),
        )

    def _checked(self, generation: int, problems: list[Problem]) -> None:
        if generation == self._check_generation:
            self.board.show_problems(problems)

    @property
    def checking(self) -> bool:
        return self._check_timer.isActive() or any(t.running for t in self._tasks)

    # -- population register ------------------------------------------------------------------
    def look_up(self) -> None:
        typed = self.identity.typed_cccd()
        problems = check_cccd(typed)
        if problems:
            self.board.reveal(["cccd"])
            others = [p for p in self.board.problems if not p.field.startswith("cccd")]
            self.board.show_problems([*problems, *others])
            self.focus_field(self.identity.cccd)
            return
        self.lookup_status.setText(self.tr("Đang tra cứu CSDL dân cư…"))
        self.lookup_status.show()
        self.identity.lookup_button.setEnabled(False)
        self._submit(
            lambda: self._services.citizens.lookup(typed),
            on_success=self._looked_up,
            on_failure=self._lookup_failed,
        )

    def _looked_up(self, result: LookupResult) -> None:
        self.identity.lookup_button.setEnabled(True)
        self._citizen = result.citizen
        fresh = not self.existing and self.identity.is_blank("full_name")
        differences = prefill(self.identity, result.citizen, fresh=fresh)
        self.comparison.show_differences(differences)
        self.lookup_status.setText(source_text(result.offline, format_moment(result.fetched_at)))
        self._tab_chain()
        if differences:
            self.comparison.rows[differences[0].key].use.setFocus()
        else:
            self.identity.full_name.setFocus()

    def _lookup_failed(self, exc: BaseException) -> None:
        self.identity.lookup_button.setEnabled(True)
        self.comparison.clear()
        self.lookup_status.setText(reason(exc, self.tr("Không tra cứu được CSDL dân cư")))

    def _use_register(self, key: str) -> None:
        if self._citizen is not None:
            self.identity.apply_register(key, self._citizen)
        self._tab_chain()


def _cancel_all(tasks: list[TaskHandle], _obj: object = None) -> None:
    for task in tasks:
        task.cancel()
