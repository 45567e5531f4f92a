"""Form items 9 and 11: candidate category, programme, purpose, subjects and the language.

The subject boxes come from the year's rule set (``RuleSet.exam_subjects``), so a year with a
different elective list needs no code change; whether the choice is allowed is the rules
engine's call, shown next to the boxes after each change.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QWidget,
)

from exam_client.domain.registration import CATEGORY_LABELS, Category, Purpose
from exam_client.domain.ruleset import RuleSet
from exam_client.domain.subjects import subject
from exam_client.ui.i18n import Retranslatable, current_language
from exam_client.ui.staff.editor.fields import FieldSlot, error_line, stacked

SUBJECT_COLUMNS = 3


def subject_label(code: str) -> str:
    found = subject(code)
    return found.name_en if current_language() == "en" else found.name_vi


class ExamSection(Retranslatable, QGroupBox):
    changed = Signal()

    def __init__(self, ruleset: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rs = ruleset
        self.category = QComboBox()
        for category in Category:
            self.category.addItem("", category.value)
        self.purpose = QComboBox()
        for purpose in (Purpose.BOTH, Purpose.GRADUATION, Purpose.ADMISSION):
            self.purpose.addItem("", purpose.value)
        self.programme = QComboBox()
        self.programme.addItem("", "2018")
        if ruleset.programme_2006_available:
            self.programme.addItem("", "2006")
        self.language = QComboBox()
        self.language.addItem("", None)
        for code in ruleset.foreign_languages:
            self.language.addItem("", code)
        self.subject_box = QWidget()
        self.subject_box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.subject_grid = QGridLayout(self.subject_box)
        self.subject_grid.setContentsMargins(0, 0, 0, 0)
        self.subject_grid.setHorizontalSpacing(14)
        self.subjects: dict[str, QCheckBox] = {}
        self._unlisted: list[str] = []  # codes of an opened record that no box offers: kept
        self.errors = {
            k: error_line()
            for k in ("category", "purpose", "programme", "subjects", "foreign_language")
        }
        self.captions = {k: QLabel() for k in self.errors}
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        cells: list[tuple[str, QWidget, int, int, int]] = [
            ("category", self.category, 0, 0, 1),
            ("purpose", self.purpose, 0, 2, 1),
            ("programme", self.programme, 1, 0, 1),
            ("foreign_language", self.language, 1, 2, 1),
            ("subjects", self.subject_box, 2, 0, 3),
        ]
        for key, widget, r, c, span in cells:
            self.captions[key].setBuddy(widget)
            grid.addWidget(self.captions[key], r, c)
            grid.addWidget(stacked(widget, self.errors[key]), r, c + 1, 1, span)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self._build_subjects()
        self.category.currentIndexChanged.connect(self.changed)
        self.purpose.currentIndexChanged.connect(self.changed)
        self.programme.currentIndexChanged.connect(self._programme_changed)
        self.language.currentIndexChanged.connect(self.changed)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Đăng ký dự thi (mục 9, 11)"))
        english = current_language() == "en"
        for i in range(self.category.count()):
            vi, en = CATEGORY_LABELS[Category(self.category.itemData(i))]
            self.category.setItemText(i, f"{self.category.itemData(i)}) {en if english else vi}")
        self.purpose.setItemText(0, self.tr("Xét tốt nghiệp và tuyển sinh"))
        self.purpose.setItemText(1, self.tr("Chỉ xét tốt nghiệp"))
        self.purpose.setItemText(2, self.tr("Chỉ xét tuyển sinh"))
        self.programme.setItemText(0, self.tr("Chương trình GDPT 2018"))
        if self.programme.count() > 1:
            self.programme.setItemText(1, self.tr("Chương trình GDPT 2006"))
        self.language.setItemText(0, self.tr("(không thi ngoại ngữ)"))
        for i in range(1, self.language.count()):
            code = str(self.language.itemData(i))
            self.language.setItemText(i, f"{code} – {subject_label(code)}")
        texts = {
            "category": self.tr("Đối &tượng dự thi:"),
            "purpose": self.tr("&Mục đích:"),
            "programme": self.tr("C&hương trình:"),
            "foreign_language": self.tr("&Ngoại ngữ:"),
            "subjects": self.tr("Môn đăng &ký:"),
        }
        for key, text in texts.items():
            self.captions[key].setText(text)
        self.category.setAccessibleName(self.tr("Đối tượng dự thi"))
        self.purpose.setAccessibleName(self.tr("Mục đích dự thi"))
        self.programme.setAccessibleName(self.tr("Chương trình học"))
        self.language.setAccessibleName(self.tr("Thứ tiếng ngoại ngữ"))
        self.subject_box.setAccessibleName(self.tr("Môn đăng ký dự thi"))
        for code, box in self.subjects.items():
            box.setText(self._subject_text(code))
            box.setAccessibleName(self.tr("Môn %1").replace("%1", subject_label(code)))

    def _subject_text(self, code: str) -> str:
        rs = self._rs
        compulsory = (
            rs.compulsory_subjects
            if self.programme_code() == "2018"
            else rs.programme_2006_compulsory
        )
        suffix = self.tr(" (bắt buộc)") if code in compulsory else ""
        return subject_label(code) + suffix

    def programme_code(self) -> str:
        return str(self.programme.currentData() or "2018")

    def _build_subjects(self) -> None:
        chosen = self.chosen_subjects()
        for box in self.subjects.values():
            self.subject_grid.removeWidget(box)
            box.deleteLater()
        self.subjects = {}
        for i, code in enumerate(self._rs.exam_subjects(self.programme_code())):
            box = QCheckBox(self._subject_text(code))
            box.setAccessibleName(self.tr("Môn %1").replace("%1", subject_label(code)))
            box.setChecked(code in chosen)
            box.toggled.connect(self.changed)
            self.subjects[code] = box
            self.subject_grid.addWidget(box, i // SUBJECT_COLUMNS, i % SUBJECT_COLUMNS)
        first = next(iter(self.subjects.values()), None)
        if first is not None:
            self.subject_box.setFocusProxy(first)  # the slot's widget outlives the boxes

    def _programme_changed(self) -> None:
        self._build_subjects()
        self.changed.emit()

    def chosen_subjects(self) -> list[str]:
        return [code for code, box in self.subjects.items() if box.isChecked()]

    def slots(self) -> list[FieldSlot]:
        focus = {
            "category": self.category,
            "purpose": self.purpose,
            "programme": self.programme,
            "foreign_language": self.language,
        }
        found = [
            FieldSlot(k, w, self.errors[k], partial(self._caption, k)) for k, w in focus.items()
        ]
        found.append(
            FieldSlot(
                "subjects",
                self.subject_box,
                self.errors["subjects"],
                lambda: self._caption("subjects"),
            )
        )
        return found

    def _caption(self, key: str) -> str:
        return self.captions[key].text().replace("&", "").rstrip(":")

    def inputs(self) -> list[QWidget]:
        return [self.category, self.purpose, self.programme, self.language, *self.subjects.values()]

    def category_code(self) -> str:
        return str(self.category.currentData())

    # -- values -------------------------------------------------------------------------------
    def collect(self, values: dict[str, Any]) -> None:
        values["category"] = self.category_code()
        values["purpose"] = self.purpose.currentData()
        values["programme"] = self.programme_code()
        values["subjects"] = self.chosen_subjects() + self._unlisted
        values["foreign_language"] = self.language.currentData()

    def fill(self, doc: Any) -> None:
        self.category.setCurrentIndex(max(0, self.category.findData(doc.category)))
        self.purpose.setCurrentIndex(max(0, self.purpose.findData(doc.purpose)))
        self.programme.setCurrentIndex(max(0, self.programme.findData(doc.programme)))
        self._build_subjects()
        for code, box in self.subjects.items():
            box.setChecked(code in doc.subjects)
        self._unlisted = [code for code in doc.subjects if code not in self.subjects]
        index = self.language.findData(doc.foreign_language) if doc.foreign_language else 0
        self.language.setCurrentIndex(max(0, index))
