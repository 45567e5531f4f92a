"""The class list the homeroom teacher passes round for candidates to check and sign.

Each candidate checks their own name, date of birth, ID and papers and signs beside them, so a
mistake is caught at school rather than on exam procedure day (DOMAIN.md §3.1). The list runs
over several pages; every page repeats the title and the table header, and says "Trang x/y", so
a loose sheet can still be read and put back in order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PySide6.QtGui import QColor

from exam_client.domain.cccd import mask_cccd
from exam_client.ui.formatting import format_date, format_moment
from exam_client.ui.printing.form_data import subjects_vi
from exam_client.ui.printing.pdf import (
    A4_HEIGHT_MM,
    A4_WIDTH_MM,
    GREY,
    MARGIN_MM,
    Align,
    Page,
    pdf_document,
)
from exam_client.ui.staff.candidate_model import STATUS_VI

LEFT = MARGIN_MM
RIGHT = A4_WIDTH_MM - MARGIN_MM
TABLE_TOP = 40.0
HEADER_H = 8.0
ROW_H = 7.5
TABLE_BOTTOM = A4_HEIGHT_MM - MARGIN_MM - 4.0  # above the footer
CLOSING_H = 32.0  # total line and the teacher's signature, on the last page
COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 10.0),
    ("Họ và tên", 46.0),
    ("Ngày sinh", 20.0),
    ("Số định danh", 27.0),
    ("Môn thi", 44.0),
    ("Trạng thái", 21.0),
    ("Chữ ký", 18.0),
)
ROWS_PER_PAGE = int((TABLE_BOTTOM - TABLE_TOP - HEADER_H) // ROW_H)
HEADER_FILL = QColor("#e8ebef")
CENTER = Align.AlignCenter
LEFT_ALIGN = Align.AlignLeft | Align.AlignVCenter


@dataclass(frozen=True, slots=True)
class ClassListRow:
    """One candidate; ``status`` is a record status code (``submitted``…) or a ready label."""

    full_name: str
    date_of_birth: date
    cccd: str
    subjects: tuple[str, ...]
    foreign_language: str | None = None
    status: str = ""


def page_count(row_count: int) -> int:
    """Pages needed: full pages of rows, plus room for the closing block on the last one."""
    pages = max(1, math.ceil(row_count / ROWS_PER_PAGE))
    on_last = row_count - (pages - 1) * ROWS_PER_PAGE
    if TABLE_TOP + HEADER_H + on_last * ROW_H + CLOSING_H > TABLE_BOTTOM:
        pages += 1
    return pages


def render_class_list(
    path: Path,
    class_name: str,
    rows: Sequence[ClassListRow],
    *,
    school_name: str = "",
    department_name: str = "",
    exam_year: int = 2026,
    mask_ids: bool = False,
    printed_at: datetime | None = None,
) -> None:
    """Write the class list as an A4 PDF, rows in the order given.

    ``mask_ids`` prints IDs as ``001******345`` for a list that is posted rather than signed.
    A ``QGuiApplication`` must exist (for the fonts); safe in a worker thread.
    """
    moment = printed_at or datetime.now().astimezone()
    pages = page_count(len(rows))
    title = f"Danh sách thí sinh lớp {class_name} đăng ký dự thi tốt nghiệp THPT năm {exam_year}"
    with pdf_document(path, title) as (writer, painter):
        for page_index in range(pages):
            if page_index:
                writer.newPage()
            page = Page(painter)
            _heading(page, class_name, school_name, department_name, exam_year)
            first = page_index * ROWS_PER_PAGE
            chunk = rows[first : first + ROWS_PER_PAGE]
            y = _table(page, chunk, first, mask_ids)
            if page_index == pages - 1:
                _closing(page, len(rows), y + 4)
            page.footer(
                f"Lớp {class_name} · {len(rows)} thí sinh · In lúc {format_moment(moment)}",
                page_index + 1,
                pages,
            )


def _heading(page: Page, class_name: str, school: str, department: str, year: int) -> None:
    if department:
        page.text(LEFT, 10, 90, 4.5, f"SỞ GD&ĐT {department.upper()}", 8.5, align=CENTER)
    if school:
        page.text(LEFT, 14.5, 90, 5, school.upper(), 8.5, bold=True, align=CENTER)
    page.text(
        LEFT,
        22,
        RIGHT - LEFT,
        7,
        f"DANH SÁCH THÍ SINH ĐĂNG KÝ DỰ THI TỐT NGHIỆP THPT NĂM {year}",
        12,
        bold=True,
        align=CENTER,
    )
    page.text(LEFT, 30, RIGHT - LEFT, 6, f"Lớp: {class_name}", 10.5, bold=True, align=CENTER)


def _table(page: Page, rows: Sequence[ClassListRow], first: int, mask_ids: bool) -> float:
    """The header row then the rows; returns the y below the table."""
    y = TABLE_TOP
    x = LEFT
    for title, width in COLUMNS:
        page.box(x, y, width, HEADER_H, 0.3, fill=HEADER_FILL)
        page.text(x, y, width, HEADER_H, title, 8.5, bold=True, align=CENTER)
        x += width
    y += HEADER_H
    for offset, row in enumerate(rows):
        cccd = mask_cccd(row.cccd) if mask_ids else row.cccd
        cells = (
            (str(first + offset + 1), CENTER),
            (row.full_name, LEFT_ALIGN),
            (format_date(row.date_of_birth), CENTER),
            (cccd, CENTER),
            (subjects_vi(row.subjects, row.foreign_language, short=True), LEFT_ALIGN),
            (STATUS_VI.get(row.status, row.status), CENTER),
            ("", CENTER),
        )
        x = LEFT
        for (_, width), (value, align) in zip(COLUMNS, cells, strict=True):
            page.box(x, y, width, ROW_H, 0.2)
            pad = 1.2 if align == LEFT_ALIGN else 0.4
            page.text(x + pad, y, width - 2 * pad, ROW_H, value, 8.5, align=align, min_pt=5.5)
            x += width
        y += ROW_H
    return y


def _closing(page: Page, total: int, y: float) -> None:
    page.text(LEFT, y, 90, 6, f"Tổng số: {total} thí sinh", 9.5, bold=True)
    x = RIGHT - 80
    page.text(x, y, 80, 5, "……………, ngày …… tháng …… năm ……", 8.5, italic=True, align=CENTER)
    page.text(x, y + 5, 80, 5, "GIÁO VIÊN CHỦ NHIỆM", 9, bold=True, align=CENTER)
    page.text(x, y + 10, 80, 5, "(Ký, ghi rõ họ tên)", 8, italic=True, align=CENTER, color=GREY)
