"""Why a record is not synced, and when the last sync succeeded, in words (Vietnamese first).

Shared by the sync panel's list and the candidate table's badge tooltips
(``SyncPanel.reasons_changed`` → ``CandidateTableModel.set_reasons``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from exam_client.ui.formatting import format_moment
from exam_client.ui.sync.labels import rejection_reason, state_text

if TYPE_CHECKING:
    from exam_client.services.registrations import LocalRegistration


def last_sync_text(when: datetime | None, now: datetime | None = None) -> str:
    """ "Đồng bộ lần cuối lúc 14:05" (today) / "… lúc 14:05 ngày 22/11/2026" / "chưa đồng bộ"."""
    translate = QCoreApplication.translate
    if when is None:
        return translate("SyncPanel", "Chưa đồng bộ lần nào trong phiên này")
    local = when.astimezone()
    today = (now or datetime.now(local.tzinfo)).astimezone().date()
    if local.date() == today:
        return translate("SyncPanel", "Đồng bộ lần cuối lúc %1").replace("%1", f"{local:%H:%M}")
    return translate("SyncPanel", "Đồng bộ lần cuối lúc %1").replace("%1", format_moment(when))


def conflict_reason(record: LocalRegistration) -> str:
    theirs = record.server_copy
    if theirs is None:
        return state_text("conflict")
    text = QCoreApplication.translate(
        "SyncPanel",
        "Phiếu đã được %1 sửa trên máy chủ lúc %2 (phiên bản %3) trong khi máy này cũng sửa. "
        "Hãy mở để chọn giữ bản nào cho từng mục.",
    )
    return (
        text.replace("%1", theirs.updated_by)
        .replace("%2", format_moment(theirs.updated_at))
        .replace("%3", str(theirs.version))
    )


def record_reason(record: LocalRegistration) -> str:
    """Why a record is not synced, in Vietnamese (the panel's list and the table's tooltip)."""
    if record.sync_state == "conflict":
        return conflict_reason(record)
    return rejection_reason(record.problems)
