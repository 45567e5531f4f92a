"""The school's candidates: search as you type, filters, sort, multi-select for bulk actions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from exam_client.services.candidate_index import CandidateIndex, Filters
from exam_client.ui.staff.candidate_model import STATUS_VI, CandidateTableModel
from exam_client.ui.tasks import TaskRunner

ALL = "Tất cả"


class CandidatesPanel(QWidget):
    selection_changed = Signal(list)  # record ids

    def __init__(
        self,
        load: Callable[[], CandidateIndex],
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        """``load`` builds the index from the local cache; it runs on a worker thread."""
        super().__init__(parent)
        self._load = load
        self._runner = runner
        self.model = CandidateTableModel(parent=self)  # Qt owns it: deleted after the view

        title = QLabel("Thí sinh của trường")
        title.setObjectName("title")
        self.search = QLineEdit()
        self.search.setAccessibleName("Tìm thí sinh")
        self.search.setPlaceholderText("Tìm theo tên (không cần dấu), số định danh hoặc lớp…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self.model.apply(text=text))
        self.search.textChanged.connect(self._update_count)

        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Lọc theo trạng thái")
        self.status_filter.addItem(ALL, None)
        for key, label in STATUS_VI.items():
            self.status_filter.addItem(label, key)
        self.class_filter = QComboBox()
        self.class_filter.setAccessibleName("Lọc theo lớp")
        self.class_filter.addItem(ALL, None)
        self.problems_only = QCheckBox("Có lỗi")
        self.unsynced_only = QCheckBox("Chưa đồng bộ")
        for combo in (self.status_filter, self.class_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
        for box in (self.problems_only, self.unsynced_only):
            box.toggled.connect(self._filters_changed)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(QLabel("Trạng thái:"))
        filters.addWidget(self.status_filter)
        filters.addWidget(QLabel("Lớp:"))
        filters.addWidget(self.class_filter)
        filters.addWidget(self.problems_only)
        filters.addWidget(self.unsynced_only)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Danh sách thí sinh")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((220, 95, 115, 60, 170, 100, 100, 40)):
            self.table.setColumnWidth(column, width)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # O(1) per reset at 100 000 rows
        rows.setDefaultSectionSize(26)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._update_count)

        self.count = QLabel()
        self.count.setObjectName("subtitle")
        self.selected = QLabel()
        self.selected.setObjectName("subtitle")
        footer = QHBoxLayout()
        footer.addWidget(self.count)
        footer.addStretch(1)
        footer.addWidget(self.selected)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self._update_count()

    def reload(self) -> None:
        self.count.setText("Đang tải danh sách thí sinh…")
        self._runner.submit(self._load, on_success=self.show_index, on_failure=self._load_failed)

    def show_index(self, index: CandidateIndex) -> None:
        current = self.class_filter.currentData()
        self.class_filter.blockSignals(True)
        self.class_filter.clear()
        self.class_filter.addItem(ALL, None)
        for name in index.classes:
            self.class_filter.addItem(name, name)
        if current is not None:
            self.class_filter.setCurrentIndex(max(0, self.class_filter.findData(current)))
        self.class_filter.blockSignals(False)
        self.model.set_index(index)

    def _load_failed(self, exc: BaseException) -> None:
        self.count.setText(
            "Không tải được danh sách thí sinh: "
            + str(getattr(exc, "message_vi", "") or type(exc).__name__)
        )

    def _filters_changed(self) -> None:
        self.model.apply(
            filters=Filters(
                status=self.status_filter.currentData(),
                class_name=self.class_filter.currentData(),
                only_with_problems=self.problems_only.isChecked(),
                only_unsynced=self.unsynced_only.isChecked(),
            )
        )

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        text = f"{total:,} thí sinh".replace(",", ".")
        if shown != total:
            text = f"Hiển thị {shown:,} / {total:,} thí sinh".replace(",", ".")
        self.count.setText(text)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r).record_id for r in rows]

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        self.selected.setText(f"Đã chọn {len(ids)}" if ids else "")
        self.selection_changed.emit(ids)
