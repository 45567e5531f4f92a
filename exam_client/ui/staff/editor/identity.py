"""Form items 1–5 and 7–8: who the candidate is, and how to reach them.

Ethnicity, place of birth and permanent residence come from the population register. The wire
document (``RegistrationDoc``) has no fields for them yet: they are shown, compared with the
register and sent only when the document grows them (``doc_field_exists``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from exam_client.domain.cccd import normalize_cccd_input, province_names
from exam_client.domain.citizen import GENDER_VI, Citizen
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.staff.editor.fields import FieldSlot, error_line, stacked
from exam_client.ui.staff.editor.values import doc_field_exists, from_qdate, to_qdate

REGISTER_ONLY = ("ethnicity", "birth_place", "residence")


class IdentitySection(Retranslatable, QGroupBox):
    changed = Signal()
    lookup_requested = Signal()

    def __init__(self, exam_year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cccd = QLineEdit()
        self.cccd.setMaxLength(20)
        self.cccd.setMinimumWidth(150)
        self.cccd.setValidator(QRegularExpressionValidator(r"[0-9 .\-]*"))
        self.cccd.returnPressed.connect(self.lookup_requested)
        self.lookup_button = QPushButton()
        self.lookup_button.setAutoDefault(False)
        self.lookup_button.clicked.connect(self.lookup_requested)
        self.full_name = QLineEdit()
        self.full_name.setMaxLength(120)
        self.date_of_birth = QDateEdit()
        self.date_of_birth.setDisplayFormat("dd/MM/yyyy")
        self.date_of_birth.setCalendarPopup(True)
        self.date_of_birth.setMinimumDate(QDate(1940, 1, 1))
        self.date_of_birth.setMaximumDate(QDate(exam_year, 12, 31))
        self.date_of_birth.setDate(QDate(exam_year - 18, 1, 1))
        self.gender = QComboBox()
        self.gender.addItem("", "male")
        self.gender.addItem("", "female")
        self.ethnicity = QLineEdit()
        self.ethnicity.setMaxLength(40)
        self.birth_place = QComboBox()
        self.birth_place.setEditable(True)
        self.birth_place.addItem("")
        self.birth_place.addItems(sorted(set(province_names().values())))
        self.birth_place.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.residence = QLineEdit()
        self.residence.setMaxLength(200)

        self.cccd_error, self.name_error, self.dob_error = error_line(), error_line(), error_line()
        self.gender_error = error_line()
        id_row = QWidget()
        row = QHBoxLayout(id_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.cccd, 1)
        row.addWidget(self.lookup_button)

        self.captions: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        cells: list[tuple[str, QWidget, QWidget, int, int, int]] = [
            ("cccd", self.cccd, stacked(id_row, self.cccd_error), 0, 0, 1),
            ("full_name", self.full_name, stacked(self.full_name, self.name_error), 0, 2, 1),
            (
                "date_of_birth",
                self.date_of_birth,
                stacked(self.date_of_birth, self.dob_error),
                1,
                0,
                1,
            ),
            ("gender", self.gender, stacked(self.gender, self.gender_error), 1, 2, 1),
            ("ethnicity", self.ethnicity, self.ethnicity, 2, 0, 1),
            ("birth_place", self.birth_place, self.birth_place, 2, 2, 1),
            ("residence", self.residence, self.residence, 3, 0, 3),
        ]
        for key, buddy, cell, r, c, span in cells:
            caption = QLabel()
            caption.setBuddy(buddy)
            self.captions[key] = caption
            grid.addWidget(caption, r, c)
            grid.addWidget(cell, r, c + 1, 1, span)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        for signal in (
            self.cccd.textChanged,
            self.full_name.textChanged,
            self.date_of_birth.dateChanged,
            self.gender.currentIndexChanged,
            self.ethnicity.textChanged,
            self.birth_place.currentTextChanged,
            self.residence.textChanged,
        ):
            signal.connect(self.changed)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Thông tin cá nhân"))
        texts = {
            "cccd": self.tr("Số &định danh (CCCD):"),
            "full_name": self.tr("&Họ và tên:"),
            "date_of_birth": self.tr("Ngày &sinh:"),
            "gender": self.tr("&Giới tính:"),
            "ethnicity": self.tr("&Dân tộc:"),
            "birth_place": self.tr("&Nơi sinh (tỉnh):"),
            "residence": self.tr("Nơi &thường trú:"),
        }
        for key, text in texts.items():
            self.captions[key].setText(text)
        self.cccd.setAccessibleName(self.tr("Số định danh cá nhân (CCCD)"))
        self.cccd.setPlaceholderText(self.tr("12 chữ số — Enter để tra cứu CSDL dân cư"))
        self.lookup_button.setText(self.tr("Tra cứu CSDL dân cư"))
        self.lookup_button.setAccessibleName(self.tr("Tra cứu số định danh trong CSDL dân cư"))
        self.full_name.setAccessibleName(self.tr("Họ và tên"))
        self.full_name.setPlaceholderText(self.tr("Có dấu, như trên giấy khai sinh"))
        self.date_of_birth.setAccessibleName(self.tr("Ngày sinh (ngày/tháng/năm)"))
        self.gender.setAccessibleName(self.tr("Giới tính"))
        self.gender.setItemText(0, self.tr("Nam"))
        self.gender.setItemText(1, self.tr("Nữ"))
        self.ethnicity.setAccessibleName(self.tr("Dân tộc"))
        self.ethnicity.setPlaceholderText(self.tr("Như trên giấy khai sinh, ví dụ Kinh"))
        self.birth_place.setAccessibleName(self.tr("Nơi sinh (tỉnh, thành phố)"))
        self.residence.setAccessibleName(self.tr("Nơi thường trú"))
        self.residence.setPlaceholderText(self.tr("Xã/phường, tỉnh/thành phố"))

    def caption(self, key: str) -> str:
        return self.captions[key].text().replace("&", "").rstrip(":")

    def slots(self) -> list[FieldSlot]:
        return [
            FieldSlot("cccd", self.cccd, self.cccd_error, lambda: self.caption("cccd")),
            FieldSlot(
                "full_name", self.full_name, self.name_error, lambda: self.caption("full_name")
            ),
            FieldSlot(
                "date_of_birth",
                self.date_of_birth,
                self.dob_error,
                lambda: self.caption("date_of_birth"),
            ),
            FieldSlot("gender", self.gender, self.gender_error, lambda: self.caption("gender")),
        ]

    def inputs(self) -> list[QWidget]:
        return [
            self.cccd,
            self.lookup_button,
            self.full_name,
            self.date_of_birth,
            self.gender,
            self.ethnicity,
            self.birth_place,
            self.residence,
        ]

    # -- values -------------------------------------------------------------------------------
    def typed_cccd(self) -> str:
        return normalize_cccd_input(self.cccd.text())

    def collect(self, values: dict[str, Any]) -> None:
        values["cccd"] = self.typed_cccd()
        values["full_name"] = " ".join(self.full_name.text().split())
        values["date_of_birth"] = from_qdate(self.date_of_birth.date())
        values["gender"] = self.gender.currentData()
        for key in REGISTER_ONLY:
            if doc_field_exists(key):
                values[key] = self.text_of(key) or None

    def fill(self, doc: Any) -> None:
        self.cccd.setText(doc.cccd)
        self.full_name.setText(doc.full_name)
        self.date_of_birth.setDate(to_qdate(doc.date_of_birth))
        self.gender.setCurrentIndex(max(0, self.gender.findData(doc.gender)))
        for key in REGISTER_ONLY:
            self.set_text(key, getattr(doc, key, None) or "")

    # -- the register comparison --------------------------------------------------------------
    def text_of(self, key: str) -> str:
        """The field as a comparable text (dates as dd/mm/yyyy, gender as Nam/Nữ)."""
        if key == "full_name":
            return " ".join(self.full_name.text().split())
        if key == "date_of_birth":
            value: date = from_qdate(self.date_of_birth.date())
            return f"{value:%d/%m/%Y}"
        if key == "gender":
            return GENDER_VI[self.gender.currentData()]
        if key == "birth_place":
            return self.birth_place.currentText().strip()
        widget: QLineEdit = getattr(self, key)
        return widget.text().strip()

    def set_text(self, key: str, text: str) -> None:
        if key == "birth_place":
            self.birth_place.setCurrentText(text)
        else:
            widget: QLineEdit = getattr(self, key)
            widget.setText(text)

    def is_blank(self, key: str) -> bool:
        if key in ("date_of_birth", "gender"):
            return False
        return not self.text_of(key)

    def apply_register(self, key: str, citizen: Citizen) -> None:
        """Take one field from the register."""
        if key == "date_of_birth":
            self.date_of_birth.setDate(to_qdate(citizen.date_of_birth))
        elif key == "gender":
            self.gender.setCurrentIndex(max(0, self.gender.findData(citizen.gender)))
        else:
            self.set_text(key, register_text(key, citizen))


def register_text(key: str, citizen: Citizen) -> str:
    """What the register says for ``key``, written as the form shows it."""
    if key == "full_name":
        return citizen.full_name
    if key == "date_of_birth":
        return f"{citizen.date_of_birth:%d/%m/%Y}"
    if key == "gender":
        return citizen.gender_vi
    if key == "ethnicity":
        return citizen.ethnicity
    if key == "birth_place":
        return citizen.birth_province_name
    if key == "residence":
        return citizen.residence
    raise KeyError(key)


REGISTER_FIELDS = ("full_name", "date_of_birth", "gender", "ethnicity", "birth_place", "residence")
