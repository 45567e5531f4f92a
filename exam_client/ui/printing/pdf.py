"""Drawing primitives for A4 pages laid out in millimetres, written as vector PDF.

The forms are laid out like the paper they replace, in millimetres from the top-left corner of the
sheet; :class:`Page` turns millimetres into device units of a 300 dpi ``QPdfWriter`` so text stays
vector (searchable, sharp when printed) and nothing depends on the screen's DPI.

A document is written to a temporary file beside the target and renamed into place at the end, so
a failed or cancelled print never leaves a half-written PDF where the user expects a whole one.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import segno
from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from exam_client.ui.printing.fonts import print_font

DPI = 300
A4_WIDTH_MM = 210.0
A4_HEIGHT_MM = 297.0
MARGIN_MM = 12.0
INK = QColor("#000000")
GREY = QColor("#555555")
RULE = QColor("#9aa0a6")

Align = Qt.AlignmentFlag


_NONE_FLOOR = 1_000_000


@cache
def _void_calls_drop_none() -> bool:
    """PySide6 6.12.0 on CPython 3.11 releases a reference to ``None`` on every call of a method
    returning ``void`` (``setPen``, ``drawRect``…); from 3.12 ``None`` is immortal and it is
    harmless. Probed, not assumed, so the guard below switches itself off on a fixed PySide6."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    probe = QRectF()
    before = sys.getrefcount(None)
    probe.setWidth(1.0)
    return sys.getrefcount(None) < before


def keep_none_alive() -> None:
    """Top up ``None``'s reference count so the references PySide6 drops never free it.

    A page makes a few thousand painter calls; without this a class list of 80 rows ends the
    process with "Fatal Python error: none_dealloc". The count is raised in place (``ob_refcnt``
    is the first field of every object in CPython < 3.12) rather than by holding references in a
    list, because a list is freed at interpreter exit and would then take ``None`` down with it.
    Called before each page.
    """
    if _void_calls_drop_none() and sys.getrefcount(None) < _NONE_FLOOR:
        import ctypes

        ctypes.c_ssize_t.from_address(id(None)).value += _NONE_FLOOR


class PrintCancelled(Exception):
    """The user cancelled a batch print; no file was written."""


class Page:
    """A painter on one sheet, addressed in millimetres.

    Every ``text`` call fits the text into its box: it wraps at word boundaries and shrinks the
    font step by step down to ``min_pt``; if even that does not fit, the text is elided. Text is
    therefore never drawn outside the box it was given.
    """

    def __init__(self, painter: QPainter) -> None:
        keep_none_alive()
        self.painter = painter
        self.unit = DPI / 25.4  # device units per millimetre

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        u = self.unit
        return QRectF(x * u, y * u, w * u, h * u)

    def pen(
        self, width_mm: float = 0.2, color: QColor = INK, style: Qt.PenStyle | None = None
    ) -> None:
        pen = QPen(color, width_mm * self.unit)
        if style is not None:
            pen.setStyle(style)
        self.painter.setPen(pen)

    def line(self, x1: float, y1: float, x2: float, y2: float, width_mm: float = 0.2) -> None:
        self.pen(width_mm)
        u = self.unit
        self.painter.drawLine(QPointF(x1 * u, y1 * u), QPointF(x2 * u, y2 * u))

    def dotted(self, x1: float, y: float, x2: float) -> None:
        """The dotted line of a paper form's blank, under a filled-in value."""
        self.pen(0.15, RULE, Qt.PenStyle.DotLine)
        u = self.unit
        self.painter.drawLine(QPointF(x1 * u, y * u), QPointF(x2 * u, y * u))

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        width_mm: float = 0.25,
        *,
        style: Qt.PenStyle | None = None,
        fill: QColor | None = None,
    ) -> None:
        self.pen(width_mm, style=style)
        self.painter.setBrush(fill if fill is not None else Qt.BrushStyle.NoBrush)
        self.painter.drawRect(self.rect(x, y, w, h))
        self.painter.setBrush(Qt.BrushStyle.NoBrush)

    def text(  # noqa: PLR0917 - x, y, w, h, text, size read best in that order
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        text: str,
        pt: float = 9.5,
        *,
        bold: bool = False,
        italic: bool = False,
        align: Qt.AlignmentFlag = Align.AlignLeft | Align.AlignVCenter,
        min_pt: float = 6.0,
        color: QColor = INK,
    ) -> float:
        """Draw ``text`` fitted into the box; return the point size that was used."""
        box = self.rect(x, y, w, h)
        flags = int(align) | int(Qt.TextFlag.TextWordWrap)
        size = pt
        while True:
            self.painter.setFont(print_font(size, bold=bold, italic=italic))
            fits = self._fits(box, flags, text)
            if fits or size <= min_pt:
                break
            size = max(min_pt, size - 0.5)
        if not fits:
            text = self._truncate(box, flags, text)
        self.painter.setPen(color)
        self.painter.drawText(box, flags, text)
        return size

    def _fits(self, box: QRectF, flags: int, text: str) -> bool:
        needed = self.painter.boundingRect(box, flags, text)
        return needed.width() <= box.width() + 0.5 and needed.height() <= box.height() + 0.5

    def _truncate(self, box: QRectF, flags: int, text: str) -> str:
        """The longest run of whole words, ending in "…", that fits the box wrapped."""
        words = text.split()
        low, high = 0, len(words)
        while low < high:
            mid = (low + high + 1) // 2
            if self._fits(box, flags, " ".join(words[:mid]) + "…"):
                low = mid
            else:
                high = mid - 1
        if low:
            return " ".join(words[:low]) + "…"
        metrics = QFontMetricsF(self.painter.font(), self.painter.device())
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, box.width())

    def digit_boxes(self, x: float, y: float, digits: str, count: int, cell: float = 5.5) -> None:
        """Digits written one per box, right-aligned like the paper form (a 9-digit CMND fills
        the last nine of twelve boxes, DOMAIN.md §2.2 item 4)."""
        shown = digits[-count:].rjust(count)
        for i, ch in enumerate(shown):
            cx = x + i * cell
            self.box(cx, y, cell, cell * 1.2, 0.25)
            if ch.strip():
                self.text(cx, y, cell, cell * 1.2, ch, 10.5, bold=True, align=Align.AlignCenter)

    def checkbox(self, x: float, y: float, checked: bool, size: float = 3.6) -> None:
        self.box(x, y, size, size, 0.25)
        if checked:
            self.pen(0.35)
            u = self.unit
            self.painter.drawLine(
                QPointF((x + 0.7) * u, (y + 0.7) * u),
                QPointF((x + size - 0.7) * u, (y + size - 0.7) * u),
            )
            self.painter.drawLine(
                QPointF((x + size - 0.7) * u, (y + 0.7) * u),
                QPointF((x + 0.7) * u, (y + size - 0.7) * u),
            )

    def image_cover(self, x: float, y: float, w: float, h: float, image: QImage) -> None:
        """Draw ``image`` filling the box, cropped to its aspect (a photo is never stretched)."""
        target = self.rect(x, y, w, h)
        scale = max(target.width() / image.width(), target.height() / image.height())
        sw, sh = target.width() / scale, target.height() / scale
        source = QRectF((image.width() - sw) / 2, (image.height() - sh) / 2, sw, sh)
        self.painter.drawImage(target, image, source)

    def qr(self, x: float, y: float, size: float, payload: str) -> int:
        """Draw a QR code as vector squares (with its quiet zone); return its version.

        Error correction M survives a smudged or stamped print; runs of dark modules are merged so
        the PDF holds a few hundred rectangles, not thousands.
        """
        code = segno.make_qr(payload, error="m", boost_error=False)
        rows = [list(row) for row in code.matrix_iter(scale=1, border=4)]
        module = size / len(rows)
        self.painter.setPen(Qt.PenStyle.NoPen)
        self.painter.setBrush(QColor("white"))
        self.painter.drawRect(self.rect(x, y, size, size))
        self.painter.setBrush(INK)
        for r, row in enumerate(rows):
            c = 0
            while c < len(row):
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < len(row) and row[c]:
                    c += 1
                self.painter.drawRect(
                    self.rect(x + start * module, y + r * module, (c - start) * module, module)
                )
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        return int(code.version)

    def footer(self, left: str, page_no: int, page_count: int) -> None:
        y = A4_HEIGHT_MM - MARGIN_MM + 2
        width = A4_WIDTH_MM - 2 * MARGIN_MM
        self.line(MARGIN_MM, y - 1, A4_WIDTH_MM - MARGIN_MM, y - 1, 0.15)
        self.text(MARGIN_MM, y, width - 30, 4.5, left, 7, color=GREY)
        self.text(
            A4_WIDTH_MM - MARGIN_MM - 30,
            y,
            30,
            4.5,
            f"Trang {page_no}/{page_count}",
            7.5,
            align=Align.AlignRight | Align.AlignVCenter,
        )


@contextlib.contextmanager
def pdf_document(path: Path, title: str) -> Iterator[tuple[QPdfWriter, QPainter]]:
    """An A4 portrait PDF at 300 dpi with no printer margins (the layout has its own).

    The caller draws page one, then calls ``writer.newPage()`` before each further page. The file
    appears at ``path`` only if the block finishes without an exception.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".print-", suffix=".pdf", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    writer = QPdfWriter(str(tmp))
    writer.setResolution(DPI)
    writer.setTitle(title)
    writer.setCreator("exam-client")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter()
    try:
        if not painter.begin(writer):
            raise OSError(f"cannot write a PDF to {path}")
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            yield writer, painter
        finally:
            painter.end()
        tmp.replace(path)  # QPainter.end() has flushed and closed the file
    finally:
        tmp.unlink(missing_ok=True)
