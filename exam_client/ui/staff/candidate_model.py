"""Table model over a :class:`CandidateIndex` query result.

The model holds only the list of matching row positions; ``data()`` formats a cell when the view
asks for it, so 100 000 rows cost no more than the ~30 visible ones.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from exam_client.services.candidate_index import CandidateIndex, CandidateRow, Filters, SortColumn
from exam_client.ui.formatting import format_date

Index = QModelIndex | QPersistentModelIndex

STATUS_VI = {
    "draft": "Nháp",
    "submitted": "Chờ duyệt",
    "confirmed": "Đã xác nhận",
    "returned": "Trả lại",
}
SYNC_VI = {
    "draft": "Chưa gửi",
    "queued": "Chờ gửi",
    "sending": "Đang gửi",
    "synced": "Đã đồng bộ",
    "rejected": "Bị từ chối",
    "conflict": "Xung đột",
}
SYNC_COLOR = {
    "rejected": "#b3261e",
    "conflict": "#9a6700",
    "queued": "#5b6270",
    "sending": "#0b5cad",
}

COLUMNS: list[tuple[str, SortColumn | None]] = [
    ("Họ và tên", "name"),
    ("Ngày sinh", "date_of_birth"),
    ("Số định danh", "cccd"),
    ("Lớp", "class_name"),
    ("Môn thi", None),
    ("Trạng thái", "status"),
    ("Đồng bộ", "sync_state"),
    ("Lỗi", None),
]


class CandidateTableModel(QAbstractTableModel):
    def __init__(self, index: CandidateIndex | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._index = index or CandidateIndex([])
        self._hits: list[int] = list(range(len(self._index)))
        self.text = ""
        self.filters = Filters()
        self.sort_column: SortColumn = "name"
        self.descending = False

    # -- data --------------------------------------------------------------------------------
    def set_index(self, index: CandidateIndex) -> None:
        self.beginResetModel()
        self._index = index
        self._hits = index.query(self.text, self.filters, self.sort_column, self.descending)
        self.endResetModel()

    def apply(
        self,
        text: str | None = None,
        filters: Filters | None = None,
        sort: SortColumn | None = None,
        descending: bool | None = None,
    ) -> None:
        """Re-run the query (GUI thread; fast enough for every keystroke)."""
        if text is not None:
            self.text = text
        if filters is not None:
            self.filters = filters
        if sort is not None:
            self.sort_column = sort
        if descending is not None:
            self.descending = descending
        hits = self._index.query(self.text, self.filters, self.sort_column, self.descending)
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    @property
    def total(self) -> int:
        return len(self._index)

    def row_at(self, row: int) -> CandidateRow:
        return self._index.rows[self._hits[row]]

    # -- Qt API ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.row_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(r, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return "Số định danh được che bớt; mở hồ sơ để xem đầy đủ."
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and r.sync_state in SYNC_COLOR:
            return QBrush(QColor(SYNC_COLOR[r.sync_state]))
        if role == Qt.ItemDataRole.ForegroundRole and column == 7 and r.problem_count:
            return QBrush(QColor("#b3261e"))
        if role == Qt.ItemDataRole.UserRole:
            return r.record_id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return
        self.apply(sort=key, descending=order == Qt.SortOrder.DescendingOrder)


def _display(r: CandidateRow, column: int) -> str:
    match column:
        case 0:
            return r.full_name
        case 1:
            return format_date(r.date_of_birth)
        case 2:
            return r.masked_cccd
        case 3:
            return r.class_name
        case 4:
            return ", ".join(r.subjects)
        case 5:
            return STATUS_VI.get(r.status, r.status)
        case 6:
            return SYNC_VI.get(r.sync_state, r.sync_state)
        case _:
            return str(r.problem_count) if r.problem_count else ""
