"""The words, colours and glyphs of the six sync states, in one place.

Every list that shows a record's sync state (candidate table, sync panel, status bar) reads
these, so "Bị từ chối" looks the same everywhere. Colour is never the only signal: each state
also has its own text and its own glyph shape (people with colour-blindness, greyscale prints).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QCoreApplication

from exam_client.domain.problems import Problem
from exam_client.ui.theme import ACCENT, ERROR, OK, WARN

# The sync states of ``exam_client.storage.registrations`` (the UI may not import storage).
SyncStateName = Literal["draft", "queued", "sending", "synced", "rejected", "conflict"]
SYNC_STATES: tuple[SyncStateName, ...] = (
    "draft",
    "queued",
    "sending",
    "synced",
    "rejected",
    "conflict",
)


@dataclass(frozen=True, slots=True)
class StateStyle:
    colour: str  # text, border and glyph
    background: str  # a light tint of the colour for the badge
    glyph: str  # shape drawn by badge.badge_icon


STYLES: dict[str, StateStyle] = {
    "draft": StateStyle("#5b6270", "#eef0f3", "pencil"),
    "queued": StateStyle("#6a4fa3", "#f0ebf8", "clock"),
    "sending": StateStyle(ACCENT, "#e8f0fb", "arrow"),
    "synced": StateStyle(OK, "#e7f4ec", "check"),
    "rejected": StateStyle(ERROR, "#fdecea", "cross"),
    "conflict": StateStyle(WARN, "#fff4d6", "warning"),
}
UNKNOWN_STYLE = StateStyle("#5b6270", "#eef0f3", "pencil")


def state_text(state: str) -> str:
    """The badge text of a sync state (translated at call time)."""
    translate = QCoreApplication.translate
    texts = {
        "draft": translate("SyncState", "Chưa gửi"),
        "queued": translate("SyncState", "Chờ gửi"),
        "sending": translate("SyncState", "Đang gửi"),
        "synced": translate("SyncState", "Đã đồng bộ"),
        "rejected": translate("SyncState", "Bị từ chối"),
        "conflict": translate("SyncState", "Xung đột"),
    }
    return texts.get(state, state)


def state_explanation(state: str) -> str:
    """What the state means and what to do (tooltips)."""
    translate = QCoreApplication.translate
    texts = {
        "draft": translate(
            "SyncState", "Phiếu mới chỉ lưu trên máy này, chưa đưa vào hàng chờ gửi."
        ),
        "queued": translate(
            "SyncState",
            "Phiếu đã lưu trên máy và đang chờ gửi lên máy chủ của Bộ; ứng dụng tự gửi khi có "
            "mạng.",
        ),
        "sending": translate("SyncState", "Phiếu đang được gửi lên máy chủ của Bộ."),
        "synced": translate("SyncState", "Máy chủ của Bộ đã có đúng nội dung phiếu trên máy này."),
        "rejected": translate(
            "SyncState",
            "Máy chủ của Bộ từ chối phiếu này. Hãy sửa theo lý do bên dưới rồi lưu lại.",
        ),
        "conflict": translate(
            "SyncState",
            "Phiếu đã được sửa ở nơi khác trong khi máy này cũng sửa. Hãy mở bảng Đồng bộ để "
            "chọn giữ bản nào cho từng mục.",
        ),
    }
    return texts.get(state, "")


def rejection_reason(problems: Iterable[Problem]) -> str:
    """The server's reasons, in Vietnamese, errors first (each problem's ``message_vi``)."""
    ordered = sorted(problems, key=lambda p: not p.is_error)
    return "\n".join(p.message_vi for p in ordered)


def badge_tooltip(state: str, reason: str | None = None) -> str:
    """``<state>: <explanation>`` plus the reason when there is one."""
    head = f"{state_text(state)}: {state_explanation(state)}"
    if reason:
        label = QCoreApplication.translate("SyncState", "Lý do:")
        return f"{head}\n{label} {reason}"
    return head
