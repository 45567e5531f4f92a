"""Form items 7–8: how the school and the exam council reach the candidate."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from exam_client.ui.i18n import Retranslatable
from exam_client.ui.staff.editor.fields import FieldSlot, error_line, stacked

FIELDS = ("phone", "email", "address")


class ContactSection(Retranslatable, QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phone = QLineEdit()
        self.phone.setMaxLength(20)
        self.phone.setValidator(QRegularExpressionValidator(r"[0-9 +.\-]*"))
        self.email = QLineEdit()
        self.email.setMaxLength(120)
        self.address = QLineEdit()
        self.address.setMaxLength(300)
        self.edits = {"phone": self.phone, "email": self.email, "address": self.address}
        self.errors = {k: error_line() for k in FIELDS}
        self.captions = {k: QLabel() for k in FIELDS}
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        places = {"phone": (0, 0, 1), "email": (0, 2, 1), "address": (1, 0, 3)}
        for key, (r, c, span) in places.items():
            self.captions[key].setBuddy(self.edits[key])
            grid.addWidget(self.captions[key], r, c)
            grid.addWidget(stacked(self.edits[key], self.errors[key]), r, c + 1, 1, span)
            self.edits[key].textChanged.connect(self.changed)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Liên hệ (mục 7, 8)"))
        self.captions["phone"].setText(self.tr("Điện t&hoại:"))
        self.captions["email"].setText(self.tr("&Email:"))
        self.captions["address"].setText(self.tr("Địa chỉ &liên hệ:"))
        self.phone.setAccessibleName(self.tr("Số điện thoại liên hệ"))
        self.phone.setPlaceholderText(self.tr("ví dụ 0912 345 678"))
        self.email.setAccessibleName(self.tr("Thư điện tử"))
        self.address.setAccessibleName(self.tr("Địa chỉ liên hệ"))
        self.address.setPlaceholderText(self.tr("Số nhà, đường, xã/phường, tỉnh/thành phố"))

    def caption(self, key: str) -> str:
        return self.captions[key].text().replace("&", "").rstrip(":")

    def slots(self) -> list[FieldSlot]:
        return [
            FieldSlot(
                k,
                self.edits[k],
                self.errors[k],
                partial(self.caption, k),
            )
            for k in FIELDS
        ]

    def inputs(self) -> list[QWidget]:
        return [self.phone, self.email, self.address]

    def collect(self, values: dict[str, Any]) -> None:
        for key, edit in self.edits.items():
            values[key] = " ".join(edit.text().split()) or None

    def fill(self, doc: Any) -> None:
        for key, edit in self.edits.items():
            edit.setText(getattr(doc, key) or "")
