"""Receipts the candidate keeps: the admission-fee payment and the enrollment confirmation.

A receipt is what a candidate shows when the ministry's record and the bank disagree (DOMAIN.md
§13.1: "money taken, fee shown unpaid") or when a university says it never saw a confirmation;
so it carries the reference the server knows (order code, confirmation time), the amount in
words a clerk can compare, and a QR code of that reference. Vector text in the shipped font,
searchable, on the top half of an A4 sheet (a kiosk printer takes A4).

The drawing takes plain values (:class:`Receipt`), so it can run on a worker thread and a test
can read the text back from the PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtGui import QPagedPaintDevice, QPainter

from exam_client.domain.timeline import vi_moment
from exam_client.ui.printing.pdf import (
    A4_WIDTH_MM,
    GREY,
    MARGIN_MM,
    Align,
    Page,
    pdf_document,
)

LEFT = MARGIN_MM
WIDTH = A4_WIDTH_MM - 2 * MARGIN_MM
LABEL_W = 62.0
ROW_H = 8.0
QR_MM = 32.0


@dataclass(frozen=True, slots=True)
class Receipt:
    """One receipt: a title, labelled lines, a closing note and a QR-coded reference."""

    title: str
    lines: Sequence[tuple[str, str]]
    reference: str
    issued_at: datetime
    note: str = ""
    header: str = "BỘ GIÁO DỤC VÀ ĐÀO TẠO — HỆ THỐNG HỖ TRỢ TUYỂN SINH (KI-ỐT)"


def draw_receipt(page: Page, receipt: Receipt) -> None:
    """Draw ``receipt`` at the top of the sheet ``page`` paints on."""
    y = MARGIN_MM
    page.text(LEFT, y, WIDTH, 6, receipt.header, 8.5, bold=True, color=GREY)
    y += 9
    page.text(LEFT, y, WIDTH - QR_MM - 4, 10, receipt.title, 15, bold=True)
    page.qr(LEFT + WIDTH - QR_MM, y - 2, QR_MM, receipt.reference)
    y += 12
    page.text(
        LEFT, y, WIDTH - QR_MM - 4, 6, "Lập lúc " + vi_moment(receipt.issued_at), 9, color=GREY
    )
    y = max(y + 10, MARGIN_MM + 9 + QR_MM + 2)
    page.line(LEFT, y, LEFT + WIDTH, y, 0.3)
    y += 3
    for label, value in receipt.lines:
        page.text(LEFT, y, LABEL_W, ROW_H, label, 10, color=GREY)
        page.text(LEFT + LABEL_W, y, WIDTH - LABEL_W, ROW_H, value, 11, bold=True)
        y += ROW_H
    y += 2
    page.line(LEFT, y, LEFT + WIDTH, y, 0.3)
    y += 3
    if receipt.note:
        page.text(LEFT, y, WIDTH, 24, receipt.note, 9.5, align=Align.AlignLeft | Align.AlignTop)
        y += 26
    page.text(LEFT, y, WIDTH, 6, "Mã tham chiếu: " + receipt.reference, 8, color=GREY, min_pt=6.0)


def render_receipt(path: Path, receipt: Receipt) -> Path:
    """Write ``receipt`` as a one-page A4 PDF at ``path`` (atomically). Any thread."""
    with pdf_document(path, receipt.title) as (_writer, painter):
        draw_receipt(Page(painter), receipt)
    return path


def print_receipt(device: QPagedPaintDevice, receipt: Receipt) -> None:
    """Draw on a printer (or any paged device) set to 300 dpi and A4 without margins."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("cannot start printing")
    try:
        draw_receipt(Page(painter), receipt)
    finally:
        painter.end()
