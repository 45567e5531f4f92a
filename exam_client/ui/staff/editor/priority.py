"""Form items 14–15: priority object and area, graduation priority and graduation year.

Priority disputes are common (DOMAIN.md §13.5), so the area is never typed: the engine derives it
from the declared schools and its own sentence says how ("Khu vực KV1 (0,75) vì học lâu nhất tại
…"), shown next to the choice and updated as the schools are typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from exam_client.domain.explain import vi_decimal
from exam_client.domain.priority import area_applies, object_points, priority_area
from exam_client.domain.registration import SchoolAttendance
from exam_client.domain.ruleset import RuleSet
from exam_client.ui.i18n import Retranslatable, current_language
from exam_client.ui.staff.editor.fields import FieldSlot, error_line, stacked

NO_YEAR = 1979  # the spin box's "not graduated yet" value


class PrioritySection(Retranslatable, QGroupBox):
    changed = Signal()

    def __init__(self, ruleset: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rs = ruleset
        self._schools: Mapping[int, SchoolAttendance] = {}
        self.area_value = QLabel()
        self.area_value.setObjectName("cardName")
        self.area_explanation = QLabel()
        self.area_explanation.setObjectName("hint")
        self.area_explanation.setWordWrap(True)
        self.objects: dict[str, QCheckBox] = {}
        self.objects_box = QWidget()
        rows = QGridLayout(self.objects_box)
        rows.setContentsMargins(0, 0, 0, 0)
        self.group_labels: list[tuple[QLabel, str]] = []
        for r, group in enumerate(ruleset.object_groups):
            label = QLabel()
            label.setObjectName("cardKey")
            self.group_labels.append((label, group.name))
            rows.addWidget(label, r, 0)
            line = QHBoxLayout()
            for code in group.objects:
                box = QCheckBox(code)
                box.toggled.connect(self.changed)
                self.objects[code] = box
                line.addWidget(box)
            line.addStretch(1)
            rows.addLayout(line, r, 1)
        self.object_explanation = QLabel()
        self.object_explanation.setObjectName("hint")
        self.object_explanation.setWordWrap(True)
        self.graduation_priority = QComboBox()
        self.graduation_priority.addItem("", None)
        for category, points in ruleset.graduation_priority_points.items():
            self.graduation_priority.addItem(f"{category} ({vi_decimal(points)})", category)
        self.graduation_year = QSpinBox()
        self.graduation_year.setRange(NO_YEAR, ruleset.year + 1)
        self.graduation_year.setValue(NO_YEAR)
        self.errors = {
            k: error_line() for k in ("priority_objects", "graduation_priority", "graduation_year")
        }
        self.captions = {
            k: QLabel()
            for k in ("area", "priority_objects", "graduation_priority", "graduation_year")
        }
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.captions["area"], 0, 0)
        grid.addWidget(self.area_value, 0, 1)
        grid.addWidget(self.area_explanation, 1, 1, 1, 3)
        grid.addWidget(self.captions["priority_objects"], 2, 0)
        grid.addWidget(stacked(self.objects_box, self.errors["priority_objects"]), 2, 1, 1, 3)
        grid.addWidget(self.object_explanation, 3, 1, 1, 3)
        grid.addWidget(self.captions["graduation_priority"], 4, 0)
        grid.addWidget(stacked(self.graduation_priority, self.errors["graduation_priority"]), 4, 1)
        grid.addWidget(self.captions["graduation_year"], 4, 2)
        grid.addWidget(stacked(self.graduation_year, self.errors["graduation_year"]), 4, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        first = next(iter(self.objects.values()), None)
        if first is not None:
            self.captions["priority_objects"].setBuddy(first)
        self.captions["graduation_priority"].setBuddy(self.graduation_priority)
        self.captions["graduation_year"].setBuddy(self.graduation_year)
        self.graduation_priority.currentIndexChanged.connect(self.changed)
        self.graduation_year.valueChanged.connect(self.changed)
        self.changed.connect(self.explain)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Ưu tiên (mục 14, 15)"))
        self.captions["area"].setText(self.tr("Khu vực ưu tiên:"))
        self.captions["priority_objects"].setText(self.tr("Đối tượng ư&u tiên:"))
        self.captions["graduation_priority"].setText(self.tr("Diện ưu tiên &xét TN:"))
        self.captions["graduation_year"].setText(self.tr("Năm tốt &nghiệp THPT:"))
        for label, name in self.group_labels:
            group = next(g for g in self._rs.object_groups if g.name == name)
            label.setText(
                self.tr("Nhóm %1 (%2 điểm):")
                .replace("%1", name)
                .replace("%2", vi_decimal(group.points))
            )
        for code, box in self.objects.items():
            box.setAccessibleName(self.tr("Đối tượng ưu tiên %1").replace("%1", code))
        self.graduation_priority.setItemText(0, self.tr("(không)"))
        self.graduation_priority.setAccessibleName(self.tr("Diện ưu tiên xét tốt nghiệp"))
        self.graduation_year.setSpecialValueText(self.tr("(tốt nghiệp năm nay)"))
        self.graduation_year.setAccessibleName(self.tr("Năm tốt nghiệp THPT (thí sinh tự do)"))
        self.area_value.setAccessibleName(self.tr("Khu vực ưu tiên do hệ thống xác định"))
        self.explain()

    def caption(self, key: str) -> str:
        return self.captions[key].text().replace("&", "").rstrip(":")

    def slots(self) -> list[FieldSlot]:
        first = next(iter(self.objects.values()), self.objects_box)
        return [
            FieldSlot(
                "priority_objects",
                first,
                self.errors["priority_objects"],
                lambda: self.caption("priority_objects"),
            ),
            FieldSlot(
                "graduation_priority",
                self.graduation_priority,
                self.errors["graduation_priority"],
                lambda: self.caption("graduation_priority"),
            ),
            FieldSlot(
                "graduation_year",
                self.graduation_year,
                self.errors["graduation_year"],
                lambda: self.caption("graduation_year"),
            ),
        ]

    def inputs(self) -> list[QWidget]:
        return [*self.objects.values(), self.graduation_priority, self.graduation_year]

    # -- the engine's explanation -------------------------------------------------------------
    def set_schools(self, schools: Mapping[int, SchoolAttendance]) -> None:
        self._schools = dict(schools)
        self.explain()

    def year(self) -> int | None:
        value = self.graduation_year.value()
        return None if value == NO_YEAR else value

    def explain(self) -> None:
        english = current_language() == "en"
        area = priority_area(self._schools, self._rs)
        text = area.en if english else area.vi
        if area.value is not None:
            applies = area_applies(self.year(), self._rs)
            text += "; " + (applies.en if english else applies.vi)
        self.area_value.setText(area.value or "—")
        self.area_explanation.setText(text[:1].upper() + text[1:] + ".")
        chosen = [c for c, box in self.objects.items() if box.isChecked()]
        obj = object_points(chosen, self._rs)
        words = obj.en if english else obj.vi
        self.object_explanation.setText(words[:1].upper() + words[1:] + ".")
        self.area_explanation.setAccessibleName(self.tr("Giải thích khu vực ưu tiên"))
        self.object_explanation.setAccessibleName(self.tr("Giải thích đối tượng ưu tiên"))

    # -- values -------------------------------------------------------------------------------
    def collect(self, values: dict[str, Any]) -> None:
        values["priority_objects"] = [c for c, box in self.objects.items() if box.isChecked()]
        values["graduation_priority"] = self.graduation_priority.currentData()
        values["graduation_year"] = self.year()

    def fill(self, doc: Any) -> None:
        for code, box in self.objects.items():
            box.setChecked(code in doc.priority_objects)
        index = (
            self.graduation_priority.findData(doc.graduation_priority)
            if doc.graduation_priority
            else 0
        )
        self.graduation_priority.setCurrentIndex(max(0, index))
        self.graduation_year.setValue(doc.graduation_year or NO_YEAR)
