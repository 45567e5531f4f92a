"""Form item 13: reserved scores (bảo lưu điểm), one optional score per exam subject.

Who may reserve which scores is unverified and lives in the rule set (DOMAIN.md §2.5); the
rules engine says what is wrong (wrong category, subject also registered, score too low). An
empty box means no reserved score for that subject.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from exam_client.domain.ruleset import RuleSet
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.staff.editor.exam import subject_label
from exam_client.ui.staff.editor.fields import FieldSlot, error_line
from exam_client.ui.staff.editor.values import format_decimal, parse_decimal

COLUMNS = 3


class ReservedScoresSection(Retranslatable, QGroupBox):
    changed = Signal()

    def __init__(self, ruleset: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = QLabel()
        self.hint.setObjectName("subtitle")
        self.hint.setWordWrap(True)
        self.scores: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self.error = error_line()
        self._unlisted: dict[str, Any] = {}  # scores of an opened record no box offers: kept
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.hint, 0, 0, 1, COLUMNS * 2)
        for i, code in enumerate(ruleset.exam_subjects("2018")):
            edit = QLineEdit()
            edit.setValidator(QRegularExpressionValidator(r"[0-9]{0,2}([.,][0-9]{0,2})?"))
            edit.setMaximumWidth(70)
            edit.textChanged.connect(self.changed)
            label = QLabel()
            label.setBuddy(edit)
            r, c = 1 + 2 * (i // COLUMNS), 2 * (i % COLUMNS)
            grid.addWidget(label, r, c)
            grid.addWidget(edit, r, c + 1, alignment=Qt.AlignmentFlag.AlignLeft)
            self.errors[code] = error_line()
            grid.addWidget(self.errors[code], r + 1, c, 1, 2)
            self.scores[code], self.labels[code] = edit, label
        grid.addWidget(self.error, grid.rowCount(), 0, 1, COLUMNS * 2)
        for col in range(1, COLUMNS * 2, 2):
            grid.setColumnStretch(col, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Điểm bảo lưu (mục 13)"))
        self.hint.setText(
            self.tr(
                "Chỉ thí sinh tự do đã dự thi nhưng chưa tốt nghiệp; để trống nếu không bảo lưu."
            )
        )
        for code, label in self.labels.items():
            label.setText(subject_label(code) + ":")
            self.scores[code].setAccessibleName(
                self.tr("Điểm bảo lưu môn %1").replace("%1", subject_label(code))
            )

    def slots(self) -> list[FieldSlot]:
        first = next(iter(self.scores.values()))
        found = [FieldSlot("reserved_scores", first, self.error, self.title)]
        for code, edit in self.scores.items():
            found.append(FieldSlot(f"reserved_scores.{code}", edit, self.errors[code], self.title))
        return found

    def inputs(self) -> list[QWidget]:
        return list(self.scores.values())

    def has_scores(self) -> bool:
        return bool(self._unlisted) or any(e.text().strip() for e in self.scores.values())

    def collect(self, values: dict[str, Any]) -> None:
        scores = dict(self._unlisted)
        for code, edit in self.scores.items():
            value = parse_decimal(edit.text())
            if value is not None:
                scores[code] = value
        values["reserved_scores"] = scores

    def fill(self, doc: Any) -> None:
        for code, edit in self.scores.items():
            edit.setText(format_decimal(doc.reserved_scores.get(code)))
        self._unlisted = {c: v for c, v in doc.reserved_scores.items() if c not in self.scores}
