"""The school's candidates: search as you type, filters, sort, multi-select for bulk actions.

The table is the staff's home: every bulk action of the main window (batch look-up, print,
export) works on its selection, and a double click (or Enter) opens the registration editor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
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

from exam_client.services.candidate_index import CandidateIndex, CandidateRow, Filters
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.staff.candidate_model import STATUS_VI, SYNC_COLUMN, CandidateTableModel
from exam_client.ui.sync.badge import SyncBadgeDelegate
from exam_client.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from exam_client.services.registrations import LocalRegistration, RegistrationService


def candidate_rows(records: Iterable[LocalRegistration]) -> list[CandidateRow]:
    """Rows of the table from the local cache's registrations (worker thread)."""
    rows = []
    for rec in records:
        doc = rec.doc
        rows.append(
            CandidateRow(
                record_id=str(rec.id),
                full_name=doc.full_name,
                date_of_birth=doc.date_of_birth,
                cccd=doc.cccd,
                class_name=doc.class_name or "",
                subjects=tuple(doc.subjects),
                status=rec.server_status or "draft",
                sync_state=rec.sync_state,
                problem_count=sum(1 for p in rec.problems if p.severity == "error"),
            )
        )
    return rows


def index_loader(registrations: RegistrationService) -> Callable[[], CandidateIndex]:
    """What :class:`CandidatesPanel` runs on a worker thread to (re)build its index."""

    def load() -> CandidateIndex:
        return CandidateIndex(candidate_rows(registrations.records(limit=1_000_000)))

    return load


class CandidatesPanel(Retranslatable, QWidget):
    selection_changed = Signal(list)  # record ids
    open_requested = Signal(str)  # record id: double click or Enter on a row
    loaded = Signal()  # a (re)load has ended: the index is shown, or why it failed is

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
        self._notice: str | None = None  # said in place of the count (see show_notice)
        self.model = CandidateTableModel(parent=self)  # Qt owns it: deleted after the view

        self.title = QLabel()
        self.title.setObjectName("title")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self.model.apply(text=text))
        self.search.textChanged.connect(self._update_count)
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.search.setFocus)
        self.addAction(find)

        self.status_filter = QComboBox()
        self.status_filter.addItem("", None)
        for key, label in STATUS_VI.items():
            self.status_filter.addItem(label, key)
        self.class_filter = QComboBox()
        self.class_filter.addItem("", None)
        self.problems_only = QCheckBox()
        self.unsynced_only = QCheckBox()
        for combo in (self.status_filter, self.class_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
        for box in (self.problems_only, self.unsynced_only):
            box.toggled.connect(self._filters_changed)

        self.status_label = QLabel()
        self.status_label.setBuddy(self.status_filter)
        self.class_label = QLabel()
        self.class_label.setBuddy(self.class_filter)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status_label)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.class_label)
        filters.addWidget(self.class_filter)
        filters.addWidget(self.problems_only)
        filters.addWidget(self.unsynced_only)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(self._open_row)
        self.table.activated.connect(self._open_row)  # Enter on a row
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((220, 95, 115, 60, 170, 100, 120, 40)):
            self.table.setColumnWidth(column, width)
        self.table.setItemDelegateForColumn(SYNC_COLUMN, SyncBadgeDelegate(self.table))
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # O(1) per reset at 100 000 rows
        rows.setDefaultSectionSize(26)
        # No row numbers: they mean nothing in a filtered list, and the header re-asks every
        # visible number (and re-measures its width) on each keystroke's reset.
        rows.setVisible(False)
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
        layout.addWidget(self.title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.class_filter)
        self.setTabOrder(self.class_filter, self.problems_only)
        self.setTabOrder(self.problems_only, self.unsynced_only)
        self.setTabOrder(self.unsynced_only, self.table)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Thí sinh của trường"))
        self.search.setAccessibleName(self.tr("Tìm thí sinh"))
        self.search.setPlaceholderText(
            self.tr("Tìm theo tên (không cần dấu), số định danh hoặc lớp… (Ctrl+F)")
        )
        self.status_filter.setAccessibleName(self.tr("Lọc theo trạng thái"))
        self.class_filter.setAccessibleName(self.tr("Lọc theo lớp"))
        self.status_filter.setItemText(0, self.tr("Tất cả"))
        self.class_filter.setItemText(0, self.tr("Tất cả"))
        self.status_label.setText(self.tr("&Trạng thái:"))
        self.class_label.setText(self.tr("&Lớp:"))
        self.problems_only.setText(self.tr("Có lỗi"))
        self.problems_only.setAccessibleName(self.tr("Chỉ thí sinh có lỗi"))
        self.unsynced_only.setText(self.tr("Chưa đồng bộ"))
        self.unsynced_only.setAccessibleName(self.tr("Chỉ thí sinh chưa đồng bộ"))
        self.table.setAccessibleName(self.tr("Danh sách thí sinh"))
        self._update_count()
        self._selection_changed(emit=False)

    def set_loader(self, load: Callable[[], CandidateIndex]) -> None:
        """Load from now on with ``load`` (the local store opened after the panel was built)."""
        self._load = load
        self._notice = None

    def show_notice(self, text: str) -> None:
        """Say ``text`` where the count is, until there is a list to count (``set_loader``):
        no search or filter may make it "0 thí sinh" meanwhile."""
        self._notice = text
        self.count.setText(text)

    def reload(self) -> None:
        self.count.setText(self.tr("Đang tải danh sách thí sinh…"))
        self._runner.submit(self._load, on_success=self.show_index, on_failure=self._load_failed)

    def show_index(self, index: CandidateIndex) -> None:
        current = self.class_filter.currentData()
        self.class_filter.blockSignals(True)
        self.class_filter.clear()
        self.class_filter.addItem(self.tr("Tất cả"), None)
        for name in index.classes:
            self.class_filter.addItem(name, name)
        if current is not None:
            self.class_filter.setCurrentIndex(max(0, self.class_filter.findData(current)))
        self.class_filter.blockSignals(False)
        self.model.set_index(index)
        self._selection_changed()
        self.loaded.emit()

    def _load_failed(self, exc: BaseException) -> None:
        reason = str(getattr(exc, "message_vi", "") or type(exc).__name__)
        self.count.setText(
            self.tr("Không tải được danh sách thí sinh: %1. Hãy thử tải lại.").replace("%1", reason)
        )
        self.loaded.emit()

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
        if self._notice is not None:
            self.count.setText(self._notice)
            return
        shown, total = self.model.rowCount(), self.model.total
        if shown != total:
            text = self.tr("Hiển thị %1 / %2 thí sinh")
            text = text.replace("%1", _thousands(shown)).replace("%2", _thousands(total))
        else:
            text = self.tr("%1 thí sinh").replace("%1", _thousands(total))
        self.count.setText(text)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r).record_id for r in rows]

    def selected_rows(self) -> list[CandidateRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows]

    def visible_rows(self) -> list[CandidateRow]:
        """Every row the current search and filters show (a bulk action without a selection)."""
        return [self.model.row_at(r) for r in range(self.model.rowCount())]

    def current_class(self) -> str | None:
        value = self.class_filter.currentData()
        return str(value) if value is not None else None

    def _open_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.row_at(index.row()).record_id)

    def _selection_changed(self, *_args: object, emit: bool = True) -> None:
        ids = self.selected_ids()
        self.selected.setText(
            self.tr("Đã chọn %1").replace("%1", _thousands(len(ids))) if ids else ""
        )
        if emit:
            self.selection_changed.emit(ids)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")
