"""Step 2 of the import wizard: which column of the file is which field.

Recognised automatically (with the school's saved choices first), changeable in a combo box per
header; the header row is read on a worker task.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from exam_client.services.spreadsheet import COLUMNS, Col, ColumnMapping
from exam_client.services.spreadsheet.reading import FileUnreadable
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.staff.import_wizard.mappings import load_mapping, read_columns
from exam_client.ui.tasks import TaskHandle

if TYPE_CHECKING:
    from exam_client.ui.staff.import_wizard.wizard import ImportWizard

COLUMN_CHOICES: tuple[Col, ...] = (*(spec.col for spec in COLUMNS), Col.IGNORE)


class ColumnsPage(Retranslatable, QWizardPage):
    """Which column of the file is which field: recognised automatically, changeable."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._handle: TaskHandle | None = None
        self.columns: dict[str, Col] = {}
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 300)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Bước 2/4 — Ghép cột"))
        self.intro.setText(
            self.tr("Các cột của tệp đã được nhận ra tự động. Nếu cột nào sai, hãy chọn lại; "
                    "lựa chọn được lưu cho các lần nhập sau của trường.")
        )  # fmt: skip
        self.table.setHorizontalHeaderLabels([self.tr("Tiêu đề trong tệp"), self.tr("Là cột")])
        self.table.setAccessibleName(self.tr("Ghép cột của tệp"))

    def initializePage(self) -> None:  # noqa: N802 - Qt's API
        self.table.setRowCount(0)
        self.columns = {}
        self.message.setText(self.tr("Đang đọc dòng tiêu đề…"))
        wizard = self._wizard
        path, data_dir, school = wizard.path, wizard.data_dir, wizard.school_code

        def job() -> tuple[ColumnMapping, dict[str, Col]]:
            saved = load_mapping(data_dir, school)
            return saved, read_columns(path, saved)

        self._handle = wizard.runner.submit(job, on_success=self._read, on_failure=self._failed)
        self.completeChanged.emit()

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()

    def _read(self, value: tuple[ColumnMapping, dict[str, Col]]) -> None:
        saved, columns = value
        self._handle = None
        self._wizard.mapping = saved
        self.columns = columns
        self.table.setRowCount(len(columns))
        for row, (header, col) in enumerate(columns.items()):
            item = QTableWidgetItem(header)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, item)
            combo = QComboBox()
            combo.setAccessibleName(self.tr("Cột cho tiêu đề %1").replace("%1", header))
            for choice in COLUMN_CHOICES:
                combo.addItem(_column_label(choice), choice.value)
            combo.setCurrentIndex(max(0, combo.findData(col.value)))
            self.table.setCellWidget(row, 1, combo)
        self.message.setText(
            self.tr("Nhận ra %1 cột. Cột không có trong bảng này sẽ được bỏ qua.").replace(
                "%1", str(len(columns))
            )
        )
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self._handle = None
        if isinstance(exc, FileUnreadable):
            self.message.setText(
                exc.problem.message_vi + " " + self.tr("Bấm Quay lại để chọn tệp khác.")
            )
        else:
            self.message.setText(self.tr("Không đọc được tệp. Bấm Quay lại để chọn tệp khác."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's API
        return bool(self.columns) and self._handle is None

    def chosen_mapping(self) -> ColumnMapping:
        choices: dict[str, Col] = dict(self._wizard.mapping.columns)
        for row in range(self.table.rowCount()):
            header = _text(self.table.item(row, 0))
            combo = self.table.cellWidget(row, 1)
            assert isinstance(combo, QComboBox)
            choices[header] = Col(combo.currentData())
        return ColumnMapping.of(choices)

    def set_column(self, header: str, col: Col) -> None:
        """Choose ``col`` for ``header`` (as a person would in the combo box)."""
        for row in range(self.table.rowCount()):
            if _text(self.table.item(row, 0)) == header:
                combo = self.table.cellWidget(row, 1)
                assert isinstance(combo, QComboBox)
                combo.setCurrentIndex(combo.findData(col.value))

    def validatePage(self) -> bool:  # noqa: N802 - Qt's API
        self._wizard.mapping = self.chosen_mapping()
        return True


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


def _column_label(col: Col) -> str:
    from PySide6.QtCore import QCoreApplication

    if col is Col.IGNORE:
        return QCoreApplication.translate("ImportWizard", "(Bỏ qua cột này)")
    return next(spec.header for spec in COLUMNS if spec.col is col)
