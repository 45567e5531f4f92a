"""List views of the preference step, and the NV list: drag to reorder, or Ctrl+↑ / Ctrl+↓
(Alt works too) and Delete.

Views with a :class:`QStandardItemModel` rather than ``QListWidget``: the kiosk wipe clears the
model of every item view and detaches it (``setModel(None)``), which a ``QListWidget`` does not
allow (its model is fixed; detaching it crashes).

The widget never changes the list itself: it reports what the candidate asked for
(:attr:`move_requested`, :attr:`remove_requested`) and the page decides (the year's rules may
refuse a move) and re-renders. A drag that Qt already performed is reported the same way and
undone by the re-render if refused. GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QDropEvent, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from exam_client.ui.i18n import Retranslatable

LIST_STYLE = (  # the font size comes from the kiosk theme (it follows the text size)
    "QListView { background: white; border: 1px solid #d9dde3; "
    "border-radius: 8px; } QListView::item { padding: 4px 8px; }"
)
MIN_ROW_PX = 64  # an NV is two or three lines of text; never below the 48 px touch minimum
DATA_ROLE = Qt.ItemDataRole.UserRole


class TallRows(QStyledItemDelegate):
    """Rows as tall as their wrapped text needs, and never below the touch minimum."""

    def __init__(self, min_px: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.min_px = min_px

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:  # noqa: N802
        return super().sizeHint(option, index).expandedTo(QSize(0, self.min_px)) + QSize(0, 12)


class RowList(QListView):
    """A read-only list of text rows with optional data, at least ``row_px`` high each."""

    def __init__(self, row_px: int = 56, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = QStandardItemModel(self)
        self.setModel(self.rows)
        self.row_px = row_px
        self.setItemDelegate(TallRows(row_px, self))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

    def add_row(self, text: str, accessible: str = "", data: Any = None) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(accessible or text, Qt.ItemDataRole.AccessibleTextRole)
        item.setData(data, DATA_ROLE)
        self.rows.appendRow(item)
        return item

    def clear_rows(self) -> None:
        self.rows.removeRows(0, self.rows.rowCount())

    def count(self) -> int:
        return self.rows.rowCount()

    def text(self, row: int) -> str:
        item = self.rows.item(row)
        return item.text() if item is not None else ""

    def data(self, row: int) -> Any:
        item = self.rows.item(row)
        return item.data(DATA_ROLE) if item is not None else None

    def currentRow(self) -> int:  # noqa: N802 - the QListWidget name, for symmetry
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def setCurrentRow(self, row: int) -> None:  # noqa: N802 - the QListWidget name
        if 0 <= row < self.count():
            self.setCurrentIndex(self.rows.index(row, 0))

    def row_rect(self, row: int) -> Any:
        return self.visualRect(self.rows.index(row, 0))


class PreferenceListView(RowList):
    move_requested = Signal(int, int)  # from row, to row
    remove_requested = Signal(int)
    activated_row = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(MIN_ROW_PX, parent)
        self.setObjectName("kioskPreferenceList")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAlternatingRowColors(True)
        self._drag_from = -1

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        row = self.currentRow()
        mods = event.modifiers()
        moving = mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if row >= 0 and moving and event.key() == Qt.Key.Key_Up:
            self.move_requested.emit(row, row - 1)
            return
        if row >= 0 and moving and event.key() == Qt.Key.Key_Down:
            self.move_requested.emit(row, row + 1)
            return
        if row >= 0 and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_requested.emit(row)
            return
        super().keyPressEvent(event)

    def startDrag(self, supported: Qt.DropAction) -> None:  # noqa: N802 - Qt API
        self._drag_from = self.currentRow()
        super().startDrag(supported)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        source = self._drag_from if self._drag_from >= 0 else self.currentRow()
        target = self.indexAt(event.position().toPoint())
        to = self._target_row(target, event)
        event.setDropAction(Qt.DropAction.IgnoreAction)  # the page re-renders from the draft
        event.accept()
        self._drag_from = -1
        if source >= 0 and to != source:
            self.move_requested.emit(source, to)

    def _target_row(self, target: QModelIndex, event: QDropEvent) -> int:
        if not target.isValid():
            return self.count() - 1
        row = target.row()
        rect = self.visualRect(target)
        below = event.position().toPoint().y() > rect.center().y()
        source = self._drag_from if self._drag_from >= 0 else self.currentRow()
        if below and row < source:
            row += 1
        elif not below and row > source:
            row -= 1
        return max(0, min(row, self.count() - 1))


class PreferenceColumn(Retranslatable, QWidget):
    """The right column of the preference step: the NV list, ↑ / ↓ / Xoá, and the summary line.
    Texts stay in the page's context (``PreferencesPage``): they were the page's before."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.list = PreferenceListView()
        self.label.setBuddy(self.list)
        self.up_button, self.down_button = QPushButton("↑"), QPushButton("↓")
        self.remove_button = QPushButton()
        self.summary = QLabel()
        self.summary.setObjectName("kioskHint")
        self.summary.setWordWrap(True)
        tools = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            tools.addWidget(button)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.list, 1)
        layout.addLayout(tools)
        layout.addWidget(self.summary)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.label.setText(
            QCoreApplication.translate(
                "PreferencesPage", "Danh sách nguyện vọng (NV1 là cao nhất; kéo để đổi thứ tự)"
            )
        )
        self.list.setAccessibleName(
            QCoreApplication.translate("PreferencesPage", "Danh sách nguyện vọng")
        )
        self.up_button.setAccessibleName(
            QCoreApplication.translate("PreferencesPage", "Chuyển nguyện vọng lên trên")
        )
        self.down_button.setAccessibleName(
            QCoreApplication.translate("PreferencesPage", "Chuyển nguyện vọng xuống dưới")
        )
        self.remove_button.setText(QCoreApplication.translate("PreferencesPage", "Xoá"))
        self.remove_button.setAccessibleName(
            QCoreApplication.translate("PreferencesPage", "Xoá nguyện vọng đang chọn")
        )

    def set_editable(self, editable: bool) -> None:
        """The list stays readable (and focusable) even when it cannot be changed."""
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setEnabled(editable)
