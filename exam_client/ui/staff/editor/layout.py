"""How the editor's sections sit on the page: identity beside the photo, then the form in order.

Kept apart from the editor's behaviour so the kiosk can arrange the same sections as steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from exam_client.ui.theme import ACCENT, ERROR, WARN

if TYPE_CHECKING:
    from exam_client.ui.staff.editor.editor import RegistrationEditor

STYLE = f"""
QGroupBox {{ font-weight: 600; border: 1px solid #d9dde3; border-radius: 6px;
  margin-top: 14px; padding: 12px 10px 8px 10px; background: white; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: {ACCENT}; }}
QGroupBox QLabel, QGroupBox QCheckBox {{ font-weight: normal; }}
QLabel#fieldError {{ color: {ERROR}; }}
QLabel#fieldWarning {{ color: {WARN}; }}
QLabel#codeName {{ color: #4a5160; }}
QLabel#registerValue {{ font-weight: 600; }}
QLabel#photoPreview {{ border: 1px dashed #b9c0ca; background: #f1f3f6; color: #5b6270; }}
QComboBox, QDateEdit, QSpinBox {{ padding: 4px 6px; border: 1px solid #b9c0ca;
  border-radius: 4px; background: white; }}
QComboBox:focus, QDateEdit:focus, QSpinBox:focus {{ border: 1px solid {ACCENT}; }}
*[invalid="true"] {{ border: 1px solid {ERROR}; background: #fff6f5; }}
QCheckBox[invalid="true"] {{ color: {ERROR}; border: none; background: transparent; }}
QListWidget#problemSummary {{ border: 1px solid #f5c2c0; background: #fffafa; }}
"""


def arrange(editor: RegistrationEditor) -> QWidget:
    """The scrolled page: [identity, register comparison, contact | photo], then the rest."""
    page = QWidget()
    grid = QGridLayout(page)
    grid.setContentsMargins(0, 0, 8, 0)
    grid.setHorizontalSpacing(12)
    grid.setVerticalSpacing(4)
    left = QVBoxLayout()
    left.setSpacing(6)
    left.addWidget(editor.identity)
    left.addWidget(editor.lookup_status)
    left.addWidget(editor.comparison)
    left.addWidget(editor.contact)
    left.addStretch(1)
    grid.addLayout(left, 0, 0)
    grid.addWidget(editor.photo, 0, 1)
    row = 1
    for section in (
        editor.schools,
        editor.exam,
        editor.exemption,
        editor.reserved,
        editor.priority,
    ):
        grid.addWidget(section, row, 0, 1, 2)
        row += 1
    grid.setRowStretch(row, 1)
    grid.setColumnStretch(0, 1)
    return page
