"""Table model over a :class:`CandidateIndex` query result.

The model holds only the list of matching row positions; ``data()`` formats a cell when the view
asks for it, so 100 000 rows cost no more than the ~30 visible ones.

The sync-state column is a badge (``exam_client.ui.sync.badge``): text, glyph and colour per
state, the state itself in ``SYNC_STATE_ROLE`` for :class:`SyncBadgeDelegate`, and a tooltip
saying what the state means and — for rejected and conflicting records — why
(:meth:`CandidateTableModel.set_reasons`, fed by the sync panel).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from exam_client.services.candidate_index import CandidateIndex, CandidateRow, Filters, SortColumn
from exam_client.ui.formatting import format_date
from exam_client.ui.sync.badge import SYNC_STATE_ROLE, badge_icon
from exam_client.ui.sync.labels import STYLES, badge_tooltip, state_text

Index = QModelIndex | QPersistentModelIndex

STATUS_VI = {
    "draft": "Nháp",
    "submitted": "Chờ duyệt",
    "confirmed": "Đã xác nhận",
    "returned": "Trả lại",
}
SYNC_COLUMN = 6

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


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_USER = int(Qt.ItemDataRole.UserRole)
_ROLES_USED = frozenset(
    {_DISPLAY, _TOOLTIP, _FOREGROUND, _USER, int(Qt.ItemDataRole.DecorationRole), SYNC_STATE_ROLE}
)
_PROBLEM_BRUSH = QBrush(QColor("#b3261e"))


class CandidateTableModel(QAbstractTableModel):
    def __init__(self, index: CandidateIndex | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._index = index or CandidateIndex([])
        self._hits: list[int] = list(range(len(self._index)))
        self.text = ""
        self.filters = Filters()
        self.sort_column: SortColumn = "name"
        self.descending = False
        self._reasons: dict[str, str] = {}

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

    def set_reasons(self, reasons: Mapping[str, str]) -> None:
        """Why records are rejected or in conflict (record id → Vietnamese text), for the
        sync badge's tooltip. Connect ``SyncPanel.reasons_changed`` here (GUI thread)."""
        self._reasons = dict(reasons)
        if self._hits:
            top, bottom = self.index(0, SYNC_COLUMN), self.index(len(self._hits) - 1, SYNC_COLUMN)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.ToolTipRole])

    def reason_of(self, record_id: str) -> str | None:
        return self._reasons.get(record_id)

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

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Called ~1 500 times per repaint (rows x columns x roles): unused roles leave first.
        if role not in _ROLES_USED or not index.isValid():
            return None
        r = self._index.rows[self._hits[index.row()]]
        column = index.column()
        if column == SYNC_COLUMN and role != _USER:
            return _sync_cell(r, role, self._reasons.get(r.record_id))
        if role == _DISPLAY:
            return _display(r, column)
        if role == _TOOLTIP and column == 2:
            return QCoreApplication.translate(
                "CandidateTableModel", "Số định danh được che bớt; mở hồ sơ để xem đầy đủ."
            )
        if role == _FOREGROUND and column == 7 and r.problem_count:
            return _PROBLEM_BRUSH
        if role == _USER:
            return r.record_id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return
        self.apply(sort=key, descending=order == Qt.SortOrder.DescendingOrder)


def _sync_cell(r: CandidateRow, role: int, reason: str | None) -> Any:
    """The badge cell: text, glyph, colour and a tooltip with the reason (not colour alone)."""
    if role == Qt.ItemDataRole.DisplayRole:
        return state_text(r.sync_state)
    if role == SYNC_STATE_ROLE:
        return r.sync_state
    if role == Qt.ItemDataRole.DecorationRole:
        return badge_icon(r.sync_state)
    if role == Qt.ItemDataRole.ForegroundRole and r.sync_state in STYLES:
        return QBrush(QColor(STYLES[r.sync_state].colour))
    if role == Qt.ItemDataRole.ToolTipRole:
        if reason is None and r.sync_state == "rejected" and r.problem_count:
            reason = QCoreApplication.translate(
                "CandidateTableModel", "%1 lỗi; xem bảng Đồng bộ để biết chi tiết."
            ).replace("%1", str(r.problem_count))
        return badge_tooltip(r.sync_state, reason)
    return None


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
            return state_text(r.sync_state)
        case _:
            return str(r.problem_count) if r.problem_count else ""
