"""The per-record sync badge: a small tinted pill with a glyph and the state's text.

Models put the state in :data:`SYNC_STATE_ROLE` (and the text in ``DisplayRole``, the glyph in
``DecorationRole`` via :func:`badge_icon`, so a plain view is readable too);
:class:`SyncBadgeDelegate` paints the pill for a view that wants the badge look.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from exam_client.ui.sync.labels import STYLES, UNKNOWN_STYLE, state_text

SYNC_STATE_ROLE = int(Qt.ItemDataRole.UserRole) + 7
ICON_SIZE = 14


def _draw_glyph(painter: QPainter, glyph: str, box: QRectF, colour: QColor) -> None:
    pen = QPen(colour, max(1.5, box.width() / 8))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    x, y, w, h = box.x(), box.y(), box.width(), box.height()
    inner = box.adjusted(w * 0.1, h * 0.1, -w * 0.1, -h * 0.1)
    if glyph == "check":
        path = QPainterPath(QPointF(x + w * 0.18, y + h * 0.55))
        path.lineTo(x + w * 0.42, y + h * 0.78)
        path.lineTo(x + w * 0.84, y + h * 0.24)
        painter.drawPath(path)
    elif glyph == "cross":
        painter.drawEllipse(inner)
        painter.drawLine(QPointF(x + w * 0.35, y + h * 0.35), QPointF(x + w * 0.65, y + h * 0.65))
        painter.drawLine(QPointF(x + w * 0.65, y + h * 0.35), QPointF(x + w * 0.35, y + h * 0.65))
    elif glyph == "warning":
        path = QPainterPath(QPointF(x + w * 0.5, y + h * 0.1))
        path.lineTo(x + w * 0.92, y + h * 0.88)
        path.lineTo(x + w * 0.08, y + h * 0.88)
        path.closeSubpath()
        painter.drawPath(path)
        painter.drawLine(QPointF(x + w * 0.5, y + h * 0.4), QPointF(x + w * 0.5, y + h * 0.6))
        painter.drawPoint(QPointF(x + w * 0.5, y + h * 0.75))
    elif glyph == "clock":
        painter.drawEllipse(inner)
        painter.drawLine(QPointF(x + w * 0.5, y + h * 0.5), QPointF(x + w * 0.5, y + h * 0.25))
        painter.drawLine(QPointF(x + w * 0.5, y + h * 0.5), QPointF(x + w * 0.7, y + h * 0.6))
    elif glyph == "arrow":
        painter.drawLine(QPointF(x + w * 0.5, y + h * 0.85), QPointF(x + w * 0.5, y + h * 0.15))
        path = QPainterPath(QPointF(x + w * 0.22, y + h * 0.42))
        path.lineTo(x + w * 0.5, y + h * 0.15)
        path.lineTo(x + w * 0.78, y + h * 0.42)
        painter.drawPath(path)
    else:  # pencil: a draft
        painter.drawLine(QPointF(x + w * 0.2, y + h * 0.8), QPointF(x + w * 0.78, y + h * 0.22))
        painter.drawLine(QPointF(x + w * 0.15, y + h * 0.88), QPointF(x + w * 0.45, y + h * 0.88))


@cache
def badge_icon(state: str, size: int = ICON_SIZE) -> QIcon:
    """The glyph of ``state`` in its colour (cached: one pixmap per state and size)."""
    style = STYLES.get(state, UNKNOWN_STYLE)
    pixmap = QPixmap(size * 2, size * 2)  # drawn at 2x: crisp on high-DPI screens
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw_glyph(painter, style.glyph, QRectF(1, 1, size - 2, size - 2), QColor(style.colour))
    painter.end()
    return QIcon(pixmap)


_PILLS: dict[tuple[str, str, int, int, str, float], QPixmap] = {}


def _pill(  # noqa: PLR0917 - the cache key, spelled out
    state: str, text: str, cell_w: int, cell_h: int, font: str, ratio: float
) -> QPixmap:
    """The badge drawn once per (state, text, cell size, font, screen ratio) and then reused:
    a table repaints dozens of these on every keystroke of a search."""
    key = (state, text, cell_w, cell_h, font, ratio)
    cached = _PILLS.get(key)
    if cached is not None:
        return cached
    look = STYLES.get(state, UNKNOWN_STYLE)
    qfont = QFont()
    qfont.fromString(font)
    metrics = QFontMetrics(qfont)
    height = max(1, min(cell_h - 4, metrics.height() + 6))
    width = max(1, min(cell_w - 4, ICON_SIZE + metrics.horizontalAdvance(text) + 14))
    pixmap = QPixmap(int(width * ratio) + 1, int(height * ratio) + 1)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setFont(qfont)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pill = QRectF(0.5, 0.5, width - 1, height - 1)
    painter.setPen(QPen(QColor(look.colour), 1))
    painter.setBrush(QColor(look.background))
    painter.drawRoundedRect(pill, height / 2, height / 2)
    icon_box = QRectF(pill.x() + 5, pill.center().y() - ICON_SIZE / 2, ICON_SIZE, ICON_SIZE)
    _draw_glyph(painter, look.glyph, icon_box.adjusted(1, 1, -1, -1), QColor(look.colour))
    painter.setPen(QColor(look.colour))
    text_box = pill.adjusted(ICON_SIZE + 8, 0, -4, 0)
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(text_box.width()))
    painter.drawText(text_box, int(Qt.AlignmentFlag.AlignVCenter), elided)
    painter.end()
    if len(_PILLS) > 256:  # column resizes make new sizes; keep the cache small
        _PILLS.clear()
    _PILLS[key] = pixmap
    return pixmap


class SyncBadgeDelegate(QStyledItemDelegate):
    """Paints :data:`SYNC_STATE_ROLE` as a pill: tint, border, glyph and text."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        state = index.data(SYNC_STATE_ROLE)
        if state is None:
            super().paint(painter, option, index)
            return
        # The view has drawn the row (alternating colours); only the selection is left to us.
        # Cheaper than initStyleOption + CE_ItemViewItem, and this runs for every visible row.
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        rect: QRect = option.rect
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        pill = _pill(str(state), state_text(str(state)), rect.width(), rect.height(),
                     option.font.key(), ratio)  # fmt: skip
        top = rect.y() + (rect.height() - pill.height() / pill.devicePixelRatio()) / 2
        painter.drawPixmap(QPointF(rect.x() + 2, top), pill)

    def sizeHint(  # noqa: N802 - Qt's API
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        state = index.data(SYNC_STATE_ROLE)
        if state is None:
            return hint
        metrics = option.fontMetrics
        width = ICON_SIZE + metrics.horizontalAdvance(state_text(str(state))) + 20
        return QSize(max(hint.width(), width), max(hint.height(), metrics.height() + 10))
