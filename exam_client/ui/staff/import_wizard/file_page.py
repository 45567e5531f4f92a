"""Step 1 of the import wizard: choose the file, refused early with a reason when it cannot be
a class list (the cheap checks; the content itself is judged by the dry run)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from exam_client.ui.i18n import Retranslatable

if TYPE_CHECKING:
    from exam_client.ui.staff.import_wizard.wizard import ImportWizard

MAX_FILE_BYTES = 60 * 1024 * 1024  # a 50 000-row list is ~8 MB; larger is not a class list
SUFFIXES = (".xlsx", ".csv")


def check_file(path_text: str) -> str | None:
    """Why a chosen path cannot be imported (Vietnamese), or ``None``; cheap checks only —
    the content itself (renamed Word files, empty sheets…) is checked by the dry run."""
    from PySide6.QtCore import QCoreApplication

    translate = QCoreApplication.translate  # lupdate reads the context from each call
    text = path_text.strip()
    if not text:
        return translate("ImportWizard", "Hãy chọn tệp danh sách thí sinh (.xlsx hoặc .csv).")
    path = Path(text)
    if not path.is_file():
        return translate("ImportWizard", "Không tìm thấy tệp %1. Hãy chọn lại tệp.").replace(
            "%1", path.name or text
        )
    if path.suffix.lower() == ".xls":
        return translate(
            "ImportWizard",
            "Tệp %1 ở định dạng Excel 97–2003 cũ. Hãy mở bằng Excel, chọn Lưu thành → "
            "Excel Workbook (.xlsx) rồi chọn lại.",
        ).replace("%1", path.name)
    if path.suffix.lower() not in SUFFIXES:
        return translate(
            "ImportWizard",
            "Tệp %1 không phải bảng tính .xlsx hay .csv. Hãy chọn tệp danh sách thí sinh "
            "hoặc tải tệp mẫu.",
        ).replace("%1", path.name)
    size = path.stat().st_size
    if size == 0:
        return translate(
            "ImportWizard", "Tệp %1 rỗng, không có dữ liệu. Hãy chọn đúng tệp danh sách thí sinh."
        ).replace("%1", path.name)
    if size > MAX_FILE_BYTES:
        return translate(
            "ImportWizard",
            "Tệp %1 quá lớn (%2 MB) cho một danh sách thí sinh. Hãy tách theo lớp hoặc "
            "xoá các trang tính không cần rồi chọn lại.",
        ).replace("%1", path.name).replace(
            "%2", str(size // (1024 * 1024))
        )  # fmt: skip
    return None


class FilePage(Retranslatable, QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.path_input = QLineEdit()
        self.path_input.textChanged.connect(self._changed)
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e")
        self.error.hide()
        row = QHBoxLayout()
        self.path_label = QLabel()
        self.path_label.setBuddy(self.path_input)
        row.addWidget(self.path_input, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.path_label)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Bước 1/4 — Chọn tệp"))
        self.intro.setText(
            self.tr("Chọn tệp Excel (.xlsx) hoặc CSV chứa danh sách thí sinh của trường. Chưa có "
                    "gì được ghi cho tới khi bạn xem báo cáo chạy thử và bấm Nhập.")
        )  # fmt: skip
        self.path_label.setText(self.tr("&Tệp danh sách:"))
        self.path_input.setAccessibleName(self.tr("Đường dẫn tệp danh sách thí sinh"))
        self.path_input.setPlaceholderText(self.tr("Ví dụ: D:\\Danh sach\\12A1.xlsx"))
        self.browse.setText(self.tr("&Chọn tệp…"))
        self.browse.setAccessibleName(self.tr("Chọn tệp danh sách"))

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp danh sách thí sinh"), "",
            self.tr("Bảng tính (*.xlsx *.csv);;Tất cả các tệp (*)"),
        )  # fmt: skip
        if name:
            self.path_input.setText(name)

    def _changed(self) -> None:
        self.error.hide()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's API
        problem = check_file(self.path_input.text())
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            self.path_input.setFocus()
            return False
        return True
