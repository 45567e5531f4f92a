"""The printed class list: header repeated on every page, "Trang x/y", all rows, in order.

Set ``EXAM_CLIENT_SCREENSHOTS=docs/screenshots`` to also write page 1 as ``11-class-list.png``.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from exam_client.ui.printing.class_list import (
    ROWS_PER_PAGE,
    ClassListRow,
    page_count,
    render_class_list,
)

GIVEN = ["An", "Bình", "Châu", "Dũng", "Đức", "Hà", "Khánh", "Linh", "Phương Khánh Ngọc Diễm Quỳnh"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Tôn Nữ Hoàng"]
STATUSES = ("draft", "submitted", "confirmed", "returned")


def _rows(n: int) -> list[ClassListRow]:
    return [
        ClassListRow(
            full_name=f"{FAMILY[i % 6]} Thị {GIVEN[i % 9]}",
            date_of_birth=date(2008, 1 + i % 12, 1 + i % 28),
            cccd=f"001308{i:06d}",
            subjects=("TO", "VA", "NN", "LI", "HO") if i % 2 else ("TO", "VA", "SU", "GDKTPL"),
            foreign_language="N1" if i % 2 else None,
            status=STATUSES[i % 4],
        )
        for i in range(n)
    ]


def _texts(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(" ".join(textpage.get_text_range().split()))
            textpage.close()
            page.close()
        return texts
    finally:
        pdf.close()


def _save_preview(path: Path, name: str) -> None:
    out = os.environ.get("EXAM_CLIENT_SCREENSHOTS")
    if not out:
        return
    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[0]
        bitmap = page.render(scale=110 / 72)
        pixels = np.ascontiguousarray(bitmap.to_numpy())
        h, w, _ = pixels.shape
        image = QImage(pixels.data, w, h, 3 * w, QImage.Format.Format_BGR888)
        assert image.save(str(Path(out) / name))
        bitmap.close()
        page.close()
    finally:
        pdf.close()


def test_80_rows_over_three_pages_with_header_on_each(qapp: QApplication, tmp_path: Path) -> None:
    rows = _rows(80)
    path = tmp_path / "12A1.pdf"
    render_class_list(
        path,
        "12A1",
        rows,
        school_name="Trường THPT Chuyên Hà Nội – Amsterdam",
        department_name="Hà Nội",
        printed_at=datetime(2026, 4, 21, 14, 5).astimezone(),
    )
    _save_preview(path, "11-class-list.png")
    texts = _texts(path)
    assert len(texts) == page_count(80) == 3
    for number, text in enumerate(texts, start=1):
        assert "DANH SÁCH THÍ SINH ĐĂNG KÝ DỰ THI TỐT NGHIỆP THPT NĂM 2026" in text
        assert "Lớp: 12A1" in text
        assert "STT Họ và tên Ngày sinh Số định danh Môn thi Trạng thái Chữ ký" in text
        assert f"Trang {number}/3" in text
    everything = " ".join(texts)
    for i, row in enumerate(rows):
        page = texts[i // ROWS_PER_PAGE]
        assert row.cccd in page
        assert f"{i + 1} {row.full_name.split()[0]}" in page  # STT then the name, in order
    assert "Tôn Nữ Hoàng Thị Phương Khánh Ngọc Diễm Quỳnh" in everything
    assert "Toán, Ngữ văn, Tiếng Anh, Vật lí, Hóa học" in everything
    assert "Chờ duyệt" in everything and "Đã xác" in everything  # status codes shown as labels
    assert "Tổng số: 80 thí sinh" in texts[-1]
    assert "Tổng số" not in texts[0]


def test_masked_ids_for_a_posted_list(qapp: QApplication, tmp_path: Path) -> None:
    path = tmp_path / "masked.pdf"
    render_class_list(path, "12A2", _rows(3), mask_ids=True)
    (text,) = _texts(path)
    assert "001308000001" not in text
    assert text.count("*") >= 3 * 6


def test_closing_block_never_squeezed_under_a_full_page(qapp: QApplication, tmp_path: Path) -> None:
    assert page_count(0) == 1
    assert page_count(ROWS_PER_PAGE - 5) == 1
    assert page_count(ROWS_PER_PAGE) == 2  # the signature block moves to its own page
    path = tmp_path / "full.pdf"
    render_class_list(path, "12A3", _rows(ROWS_PER_PAGE))
    texts = _texts(path)
    assert len(texts) == 2
    assert "Tổng số" not in texts[0]
    assert f"Tổng số: {ROWS_PER_PAGE} thí sinh" in texts[1]
    assert "STT Họ và tên" in texts[1] and "Trang 2/2" in texts[1]
