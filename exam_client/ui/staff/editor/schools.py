"""Form item 6: the school of each THPT grade (province code + school code) and the class.

The priority area is derived from these three rows (DOMAIN.md §2.2), so they sit right above the
priority section, which explains the area the engine derives from them as they are typed.
Province codes are searchable by name (``resources/data/provinces_2025.json``, with the old
provinces merged into each, so "Hà Giang" finds Tuyên Quang). The client ships no school list:
the school picker offers the schools already known on this machine (from saved records).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from exam_client.domain.registration import GRADES, SchoolAttendance
from exam_client.domain.resources import load_json
from exam_client.domain.ruleset import RuleSet
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.staff.editor.fields import FieldSlot, error_line
from exam_client.ui.staff.editor.values import constant
from exam_client.ui.widgets.code_picker import CodePicker

KnownSchool = tuple[str, str, str, str]  # province code, school code, name, area


def province_items() -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Exam (DoET) codes with the province name, and the merged old names to search by."""
    data = load_json("data", "provinces_2025.json")
    items, extra = [], {}
    for row in data["provinces"]:
        items.append((row["exam_code"], row["name"]))
        extra[row["exam_code"]] = " ".join(m["name"] for m in row.get("merged_from", []))
    return sorted(items), extra


def known_schools(records: Iterable[Any]) -> list[KnownSchool]:
    """Schools named in the registrations saved on this machine (worker thread).

    The client ships no school list; the schools a registration point already typed are the
    ones it will type again, so they make a useful picker.
    """
    found: dict[tuple[str, str], KnownSchool] = {}
    for record in records:
        for s in record.doc.schools:
            if s.province_code and s.school_code and s.school_name:
                found[(s.province_code, s.school_code)] = (
                    s.province_code,
                    s.school_code,
                    s.school_name,
                    s.area,
                )
    return sorted(found.values())


class SchoolRow:
    """The widgets of one grade."""

    def __init__(self, grade: int, areas: list[str]) -> None:
        self.grade = grade
        self.caption = QLabel()
        self.province = CodePicker(2)
        self.school = CodePicker(3)
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.area = QComboBox()
        self.area.addItem("", "")
        for area in areas:
            self.area.addItem(area, area)
        self.errors = {part: error_line() for part in ("province_code", "school_code", "area")}
        self.row_error = error_line()

    def is_blank(self) -> bool:
        return not (self.province.code() or self.school.code() or self.name.text().strip())

    def doc(self) -> dict[str, Any] | None:
        if self.is_blank() and not self.area.currentData():
            return None
        return {
            "grade": self.grade,
            "province_code": self.province.code()[:2],
            "school_code": self.school.code()[:3],
            "area": self.area.currentData() or "",
            "school_name": self.name.text().strip(),
        }


class SchoolsSection(Retranslatable, QGroupBox):
    changed = Signal()

    def __init__(self, ruleset: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._known: dict[tuple[str, str], KnownSchool] = {}
        provinces, extra = province_items()
        self.rows = {grade: SchoolRow(grade, list(ruleset.area_points)) for grade in GRADES}
        self.class_name = QLineEdit()
        self.class_name.setMaxLength(32)
        self.class_caption = QLabel()
        self.class_caption.setBuddy(self.class_name)
        self.headers = [QLabel() for _ in range(5)]
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        for col, header in enumerate(self.headers):
            header.setObjectName("cardKey")
            grid.addWidget(header, 0, col)
        r = 1
        for row in self.rows.values():
            row.province.set_items(provinces, extra)
            row.caption.setBuddy(row.province.edit)
            grid.addWidget(row.caption, r, 0)
            grid.addWidget(row.province, r, 1)
            grid.addWidget(row.school, r, 2)
            grid.addWidget(row.name, r, 3)
            grid.addWidget(row.area, r, 4)
            grid.addWidget(row.errors["province_code"], r + 1, 1)
            grid.addWidget(row.errors["school_code"], r + 1, 2)
            grid.addWidget(row.errors["area"], r + 1, 4)
            grid.addWidget(row.row_error, r + 2, 1, 1, 4)
            row.province.code_changed.connect(self.changed)
            row.school.code_changed.connect(lambda _c, g=row.grade: self._school_typed(g))
            row.name.textChanged.connect(self.changed)
            row.area.currentIndexChanged.connect(self.changed)
            r += 3
        grid.addWidget(self.class_caption, r, 0)
        grid.addWidget(self.class_name, r, 1, 1, 2)
        self.class_name.textChanged.connect(self.changed)
        grid.setColumnStretch(3, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Quá trình học THPT (mục 6)"))
        heads = [
            self.tr("Lớp"),
            self.tr("Mã tỉnh (Sở GD&ĐT)"),
            self.tr("Mã trường"),
            self.tr("Tên trường"),
            self.tr("Khu vực"),
        ]
        for label, text in zip(self.headers, heads, strict=True):
            label.setText(text)
        for grade, row in self.rows.items():
            g = str(grade)
            row.caption.setText(self.tr("Lớp &%1:").replace("%1", g))
            row.province.edit.setAccessibleName(
                self.tr("Mã tỉnh của trường lớp %1").replace("%1", g)
            )
            row.province.edit.setPlaceholderText(self.tr("mã/tên"))
            row.school.edit.setAccessibleName(self.tr("Mã trường lớp %1").replace("%1", g))
            row.school.edit.setPlaceholderText(self.tr("3 số"))
            row.name.setAccessibleName(self.tr("Tên trường lớp %1").replace("%1", g))
            row.area.setAccessibleName(
                self.tr("Khu vực ưu tiên của trường lớp %1").replace("%1", g)
            )
            row.area.setItemText(0, self.tr("(chọn)"))
        self.class_caption.setText(self.tr("Tên &lớp 12:"))
        self.class_name.setAccessibleName(self.tr("Tên lớp 12"))
        self.class_name.setPlaceholderText(self.tr("ví dụ 12A1"))

    def slots(self) -> list[FieldSlot]:
        found = []
        for grade, row in self.rows.items():
            caption = self.tr("Trường lớp %1").replace("%1", str(grade))
            found.append(
                FieldSlot(f"schools.{grade}", row.province.edit, row.row_error, constant(caption))
            )
            widgets = {
                "province_code": row.province.edit,
                "school_code": row.school.edit,
                "area": row.area,
            }
            for part, widget in widgets.items():
                found.append(
                    FieldSlot(
                        f"schools.{grade}.{part}", widget, row.errors[part], constant(caption)
                    )
                )
        return found

    def inputs(self) -> list[QWidget]:
        widgets: list[QWidget] = []
        for row in self.rows.values():
            widgets += [row.province.edit, row.school.edit, row.name, row.area]
        return [*widgets, self.class_name]

    # -- known schools ------------------------------------------------------------------------
    def set_known_schools(self, schools: list[KnownSchool]) -> None:
        self._known = {(p, s): (p, s, n, a) for p, s, n, a in schools}
        for row in self.rows.values():
            row.school.set_items(sorted({(s, n) for _p, s, n, _a in schools if n}))

    def _school_typed(self, grade: int) -> None:
        row = self.rows[grade]
        known = self._known.get((row.province.code(), row.school.code()))
        if known is not None:
            if not row.name.text().strip():
                row.name.setText(known[2])
            if not row.area.currentData():
                row.area.setCurrentIndex(max(0, row.area.findData(known[3])))
        self.changed.emit()

    # -- values -------------------------------------------------------------------------------
    def collect(self, values: dict[str, Any]) -> None:
        values["schools"] = [d for row in self.rows.values() if (d := row.doc()) is not None]
        values["class_name"] = self.class_name.text().strip() or None

    def fill(self, doc: Any) -> None:
        by_grade = {s.grade: s for s in doc.schools}
        for grade, row in self.rows.items():
            school = by_grade.get(grade)
            row.province.set_code(school.province_code if school else "")
            row.school.set_code(school.school_code if school else "")
            row.name.setText(school.school_name if school else "")
            row.area.setCurrentIndex(max(0, row.area.findData(school.area)) if school else 0)
        self.class_name.setText(doc.class_name or "")

    def attendances(self, areas: set[str]) -> dict[int, SchoolAttendance]:
        """Complete rows as the engine's model, for the priority explanation."""
        found = {}
        for grade, row in self.rows.items():
            d = row.doc()
            if d and d["province_code"] and d["school_code"] and d["area"] in areas:
                found[grade] = SchoolAttendance(
                    d["province_code"], d["school_code"], d["area"], d["school_name"]
                )
        return found
