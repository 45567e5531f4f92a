"""The form behind the kiosk's registration step: the staff editor's sections (imported, not
copied), which part of the kiosk walk shows which section, and the form as a document for the
rules engine. No texts and no navigation here (that is :mod:`exam_client.ui.kiosk.registration`);
this is what the candidate types into and what it means.

GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from exam_client.domain.problems import Problem
from exam_client.domain.ruleset import RuleSet
from exam_client.services.candidate_registration import CandidateIdentity
from exam_client.services.registrations import RegistrationDoc
from exam_client.ui.staff.editor.contact import ContactSection
from exam_client.ui.staff.editor.exam import ExamSection
from exam_client.ui.staff.editor.exemption import ExemptionSection
from exam_client.ui.staff.editor.photo import PhotoSection
from exam_client.ui.staff.editor.priority import PrioritySection
from exam_client.ui.staff.editor.problems import ProblemBoard
from exam_client.ui.staff.editor.schools import SchoolsSection
from exam_client.ui.staff.editor.values import contract_problem

PARTS = ("identity", "exam", "exemption", "priority", "contact", "review")


class RegistrationForm:
    """The sections of one candidate's form and the problem board that speaks for them."""

    def __init__(self, ruleset: RuleSet, run: Callable[..., None]) -> None:
        """``run(fn, on_success, on_failure)``: how the photo section runs its work."""
        self.ruleset = ruleset
        self.exam = ExamSection(ruleset)
        self.exam.category.removeItem(self.exam.category.findData("a"))  # 12th graders: school
        self.exemption = ExemptionSection(ruleset)
        self.schools = SchoolsSection(ruleset)
        self.priority = PrioritySection(ruleset)
        self.contact = ContactSection()
        self.photo = PhotoSection(ruleset, run)
        self.photo.setMaximumWidth(16_777_215)  # the staff editor's column width is too narrow
        self.sections: tuple[Any, ...] = (
            self.exam,
            self.exemption,
            self.schools,
            self.priority,
            self.contact,
            self.photo,
        )
        self.part_sections: dict[str, tuple[Any, ...]] = {
            "identity": (),
            "exam": (self.exam,),
            "exemption": (self.exemption,),
            "priority": (self.schools, self.priority),
            "contact": (self.contact, self.photo),
            "review": (),
        }
        self.board = ProblemBoard()
        for section in self.sections:
            for slot in section.slots():
                self.board.register(slot)
        self.board.summary.setWordWrap(True)
        self.board.summary.setMinimumHeight(160)

    def connect_changed(self, slot: Callable[[], None]) -> None:
        """``slot`` runs on every edit; then the priority section learns the schools typed."""
        for section in self.sections:
            section.changed.connect(slot)
        self.schools.changed.connect(self.schools_changed)
        self.priority.changed.connect(self.schools_changed)

    def schools_changed(self) -> None:
        self.priority.set_schools(self.schools.attendances(set(self.ruleset.area_points)))

    def fill(self, doc: RegistrationDoc) -> None:
        for section in self.sections:
            section.fill(doc)
        self.schools_changed()

    def doc_or_problems(
        self, identity: CandidateIdentity | None
    ) -> tuple[RegistrationDoc | None, list[Problem]]:
        """The form as a document (identity from the register, the rest as typed), or why not."""
        if identity is None or identity.date_of_birth is None or identity.gender is None:
            return None, []
        values: dict[str, Any] = {
            "cccd": identity.cccd,
            "full_name": identity.full_name,
            "date_of_birth": identity.date_of_birth,
            "gender": identity.gender,
            "ethnicity": identity.ethnicity or None,
            "birth_place": identity.birth_place or None,
            "residence": identity.residence or None,
        }
        for section in self.sections:
            section.collect(values)
        try:
            return RegistrationDoc.model_validate(values), []
        except ValidationError as exc:
            return None, [contract_problem(error) for error in exc.errors()]

    def part_paths(self, part: str) -> set[str]:
        return {slot.path for s in self.part_sections[part] for slot in s.slots()}

    def errors_in(self, part: str, problems: list[Problem]) -> list[Problem]:
        """The errors the candidate must fix before leaving ``part``."""
        paths = self.part_paths(part)
        found = []
        for problem in problems:
            slot = self.board.slot_for(problem.field)
            if problem.is_error and slot is not None and slot.path in paths:
                found.append(problem)
        return found

    def section_inputs(self, part: str) -> list[QWidget]:
        return [w for s in self.part_sections[part] for w in s.inputs()]


def part_view(widgets: list[QWidget]) -> QScrollArea:
    """One part of the walk: its widgets in a column that scrolls at large text sizes."""
    body = QWidget()
    column = QVBoxLayout(body)
    column.setSpacing(12)
    for widget in widgets:
        column.addWidget(widget)
    column.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(body)
    scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a part with no text input
    return scroll
