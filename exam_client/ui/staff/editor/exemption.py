"""Form item 12: the foreign-language exemption by certificate (DOMAIN.md §2.4).

FL certificates were among the commonest 2025 data errors, so the result input follows the
certificate's own scale from the year's list: a score (IELTS 4,0), a level (JLPT N3) or one
score per skill (TOEIC). Thresholds and validity are checked by the rules engine, not here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from exam_client.domain.ruleset import FlCertificateRule, RuleSet
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.staff.editor.fields import FieldSlot, error_line, stacked
from exam_client.ui.staff.editor.values import (
    format_decimal,
    from_qdate,
    parse_decimal,
    to_qdate,
)

_NUMBER = r"[0-9]{0,3}([.,][0-9]{0,2})?"


class ExemptionSection(Retranslatable, QGroupBox):
    changed = Signal()

    def __init__(self, ruleset: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rules = {c.id: c for c in ruleset.fl_certificates}
        self.requested = QCheckBox()
        self.certificate = QComboBox()
        for cert in ruleset.fl_certificates:
            self.certificate.addItem(cert.name, cert.id)
        self.valid_until = QDateEdit()
        self.valid_until.setDisplayFormat("dd/MM/yyyy")
        self.valid_until.setCalendarPopup(True)
        self.valid_until.setDate(QDate(ruleset.year, 12, 31))
        self.score = QLineEdit()
        self.score.setValidator(QRegularExpressionValidator(_NUMBER))
        self.level = QComboBox()
        self.components_box = QWidget()
        self._components: dict[str, QLineEdit] = {}
        self._component_layout = QHBoxLayout(self.components_box)
        self._component_layout.setContentsMargins(0, 0, 0, 0)
        self.errors = {
            k: error_line()
            for k in ("fl_exemption", "type", "valid_until", "score", "level", "components")
        }
        self.captions = {k: QLabel() for k in ("type", "valid_until", "result")}
        self.result_box = QWidget()
        result = QHBoxLayout(self.result_box)
        result.setContentsMargins(0, 0, 0, 0)
        for widget in (self.score, self.level, self.components_box):
            result.addWidget(widget)
        result.addStretch(1)
        result_cell = QWidget()
        cell = QGridLayout(result_cell)
        cell.setContentsMargins(0, 0, 0, 0)
        cell.setVerticalSpacing(2)
        cell.addWidget(self.result_box, 0, 0)
        for r, key in enumerate(("score", "level", "components"), start=1):
            cell.addWidget(self.errors[key], r, 0)

        grid = QGridLayout(self)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.addWidget(stacked(self.requested, self.errors["fl_exemption"]), 0, 0, 1, 4)
        grid.addWidget(self.captions["type"], 1, 0)
        grid.addWidget(stacked(self.certificate, self.errors["type"]), 1, 1, 1, 3)
        grid.addWidget(self.captions["valid_until"], 2, 0)
        grid.addWidget(stacked(self.valid_until, self.errors["valid_until"]), 2, 1)
        grid.addWidget(self.captions["result"], 2, 2)
        grid.addWidget(result_cell, 2, 3)
        grid.setColumnStretch(3, 1)
        self.captions["type"].setBuddy(self.certificate)
        self.captions["valid_until"].setBuddy(self.valid_until)
        self.captions["result"].setBuddy(self.score)

        self.requested.toggled.connect(self._sync_enabled)
        self.certificate.currentIndexChanged.connect(self._certificate_changed)
        for signal in (
            self.requested.toggled,
            self.valid_until.dateChanged,
            self.score.textChanged,
            self.level.currentIndexChanged,
        ):
            signal.connect(self.changed)
        self._certificate_changed()
        self._sync_enabled()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Miễn thi ngoại ngữ (mục 12)"))
        self.requested.setText(self.tr("Đề nghị &miễn thi ngoại ngữ bằng chứng chỉ"))
        self.requested.setAccessibleName(self.tr("Đề nghị miễn thi ngoại ngữ"))
        self.captions["type"].setText(self.tr("Chứng &chỉ:"))
        self.captions["valid_until"].setText(self.tr("Có hạn &đến:"))
        self.captions["result"].setText(self.tr("&Kết quả:"))
        self.certificate.setAccessibleName(self.tr("Loại chứng chỉ ngoại ngữ"))
        self.valid_until.setAccessibleName(self.tr("Ngày hết hạn chứng chỉ"))
        self.score.setAccessibleName(self.tr("Điểm trên chứng chỉ"))
        self.score.setPlaceholderText(self.tr("ví dụ 5,5"))
        self.level.setAccessibleName(self.tr("Bậc/trình độ trên chứng chỉ"))
        for part, edit in self._components.items():
            edit.setAccessibleName(self.tr("Điểm kỹ năng %1").replace("%1", part))

    def _rule(self) -> FlCertificateRule | None:
        return self._rules.get(str(self.certificate.currentData()))

    def _certificate_changed(self) -> None:
        rule = self._rule()
        scale = rule.scale if rule else "score"
        self.score.setVisible(scale == "score")
        self.level.setVisible(scale == "level")
        self.components_box.setVisible(scale == "components")
        self.level.blockSignals(True)
        self.level.clear()
        self.level.addItem("", None)
        for level in rule.levels if rule else ():
            self.level.addItem(level, level)
        self.level.blockSignals(False)
        for edit in self._components.values():
            self._component_layout.removeWidget(edit)
            edit.deleteLater()
        self._components = {}
        for part in rule.component_minimums if rule else ():
            edit = QLineEdit()
            edit.setValidator(QRegularExpressionValidator(_NUMBER))
            edit.setPlaceholderText(part)
            edit.setMaximumWidth(70)
            edit.setAccessibleName(self.tr("Điểm kỹ năng %1").replace("%1", part))
            edit.textChanged.connect(self.changed)
            self._component_layout.addWidget(edit)
            self._components[part] = edit
        first = next(iter(self._components.values()), None)
        if first is not None:
            self.components_box.setFocusProxy(first)
        self._sync_enabled()
        self.changed.emit()

    def _sync_enabled(self) -> None:
        on = self.requested.isChecked()
        for widget in (self.certificate, self.valid_until, self.result_box):
            widget.setEnabled(on)

    def slots(self) -> list[FieldSlot]:
        def cap(key: str) -> str:
            return self.captions[key].text().replace("&", "").rstrip(":")

        return [
            FieldSlot("fl_exemption", self.requested, self.errors["fl_exemption"], self.title),
            FieldSlot(
                "fl_exemption.type", self.certificate, self.errors["type"], lambda: cap("type")
            ),
            FieldSlot(
                "fl_exemption.valid_until",
                self.valid_until,
                self.errors["valid_until"],
                lambda: cap("valid_until"),
            ),
            FieldSlot(
                "fl_exemption.score", self.score, self.errors["score"], lambda: cap("result")
            ),
            FieldSlot(
                "fl_exemption.level", self.level, self.errors["level"], lambda: cap("result")
            ),
            FieldSlot(
                "fl_exemption.components",
                self.components_box,
                self.errors["components"],
                lambda: cap("result"),
            ),
        ]

    def inputs(self) -> list[QWidget]:
        return [
            self.requested,
            self.certificate,
            self.valid_until,
            self.score,
            self.level,
            *self._components.values(),
        ]

    # -- values -------------------------------------------------------------------------------
    def collect(self, values: dict[str, Any]) -> None:
        if not self.requested.isChecked():
            values["fl_exemption"] = None
            return
        rule = self._rule()
        scale = rule.scale if rule else "score"
        valid_until = from_qdate(self.valid_until.date())
        components = {
            part: value
            for part, edit in self._components.items()
            if (value := parse_decimal(edit.text())) is not None
        }
        values["fl_exemption"] = {
            "type": str(self.certificate.currentData() or ""),
            "valid_until": valid_until,
            "score": parse_decimal(self.score.text()) if scale == "score" else None,
            "level": self.level.currentData() if scale == "level" else None,
            "components": components if scale == "components" else {},
        }

    def fill(self, doc: Any) -> None:
        cert = doc.fl_exemption
        self.requested.setChecked(cert is not None)
        if cert is None:
            return
        index = self.certificate.findData(cert.type)
        if index < 0:  # a certificate no longer on this year's list: keep it, the engine says why
            self.certificate.addItem(cert.type, cert.type)
            index = self.certificate.count() - 1
        self.certificate.setCurrentIndex(index)
        self.valid_until.setDate(to_qdate(cert.valid_until))
        self.score.setText(format_decimal(cert.score))
        self.level.setCurrentIndex(max(0, self.level.findData(cert.level)) if cert.level else 0)
        for part, edit in self._components.items():
            edit.setText(format_decimal(cert.components.get(part)))
