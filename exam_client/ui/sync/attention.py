"""The sync panel's list of records a person must act on: rejected (with the server's reasons)
and conflicting ones. One row per record: badge, candidate, masked ID, reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from exam_client.domain.cccd import mask_cccd
from exam_client.ui.i18n import Retranslatable
from exam_client.ui.sync.badge import SYNC_STATE_ROLE, SyncBadgeDelegate
from exam_client.ui.sync.labels import badge_tooltip, state_text
from exam_client.ui.sync.reasons import record_reason

if TYPE_CHECKING:
    from exam_client.services.registrations import LocalRegistration

RECORD_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class AttentionList(Retranslatable, QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(4)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setItemDelegateForColumn(0, SyncBadgeDelegate(self))
        head = self.header()
        head.setStretchLastSection(True)
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((120, 200, 120)):
            self.setColumnWidth(column, width)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Phiếu cần xử lý"))
        self.setHeaderLabels(
            [self.tr("Trạng thái"), self.tr("Thí sinh"), self.tr("Số định danh"), self.tr("Lý do")]
        )

    def show_records(self, records: Mapping[str, LocalRegistration]) -> None:
        """Replace the rows, keeping the current record selected when it is still listed."""
        current = self.current_record_id()
        self.clear()
        for record_id, record in records.items():
            reason = record_reason(record)
            item = QTreeWidgetItem(
                [
                    state_text(record.sync_state),
                    record.doc.full_name,
                    mask_cccd(record.doc.cccd),
                    reason.replace("\n", " "),
                ]
            )
            item.setData(0, SYNC_STATE_ROLE, record.sync_state)
            item.setData(0, RECORD_ROLE, record_id)
            item.setToolTip(0, badge_tooltip(record.sync_state, reason))
            item.setToolTip(3, reason)
            self.addTopLevelItem(item)
            if record_id == current:
                self.setCurrentItem(item)
        first = self.topLevelItem(0)
        if first is not None and self.currentItem() is None:
            self.setCurrentItem(first)

    def current_record_id(self) -> str | None:
        item = self.currentItem()
        return None if item is None else str(item.data(0, RECORD_ROLE))
