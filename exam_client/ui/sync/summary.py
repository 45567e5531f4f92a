"""The status bar's one-glance sync summary: what waits, what failed, what conflicts.

A flat button (so it takes focus and Enter/Space) that opens the sync panel. It reads the same
:class:`~exam_client.services.sync.SyncStatus` the panel reads, through a
:class:`~exam_client.ui.sync.bridge.ThreadBridge`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QToolButton, QWidget

from exam_client.ui.i18n import Retranslatable
from exam_client.ui.sync.badge import badge_icon
from exam_client.ui.sync.bridge import ThreadBridge
from exam_client.ui.sync.labels import STYLES, SYNC_STATES, state_text

if TYPE_CHECKING:
    from exam_client.services.sync import SyncEngine, SyncStatus


def summary_state(status: SyncStatus) -> str:
    """The one state that speaks for all: conflicts and rejections first (a person must act),
    then work in progress, then "all synced"."""
    counts = status.counts
    if status.phase in ("pushing", "pulling") or counts.get("sending", 0):
        return "sending"
    for state in ("conflict", "rejected", "queued", "draft"):
        if counts.get(state, 0):
            return state
    return "synced"


class SyncSummary(Retranslatable, QToolButton):
    """``clicked`` opens the sync panel (the main window wires it)."""

    def __init__(self, engine: SyncEngine | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(QSize(14, 14))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._status: SyncStatus | None = None
        self._bridge = ThreadBridge(self)
        self._bridge.received.connect(self.show_status)
        if engine is not None:
            engine.subscribe(self._bridge.listener())
            self._status = engine.status
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Tình trạng đồng bộ"))
        self._render()

    def show_status(self, status: SyncStatus) -> None:
        """GUI thread (the bridge delivers here)."""
        self._status = status
        self._render()

    def _render(self) -> None:
        status = self._status
        if status is None or not status.counts:
            self.setText(self.tr("Đồng bộ: chưa có dữ liệu"))
            self.setIcon(badge_icon("draft"))
            self.setToolTip(self.tr("Chưa có phiếu nào cần đồng bộ. Bấm để mở bảng Đồng bộ."))
            return
        state = summary_state(status)
        counts = status.counts
        parts = []
        for key in ("queued", "sending", "rejected", "conflict"):
            if counts.get(key, 0):
                parts.append(f"{state_text(key)} {counts[key]}")
        text = " · ".join(parts) if parts else state_text("synced")
        self.setText(text)
        self.setIcon(badge_icon(state))
        self.setStyleSheet(f"color: {STYLES[state].colour};")
        detail = [f"{state_text(k)}: {counts.get(k, 0)}" for k in SYNC_STATES]
        self.setToolTip("\n".join([*detail, self.tr("Bấm để mở bảng Đồng bộ.")]))
