"""The printed registration form: a real PDF, read back with PDFium (text, pixels, QR code).

Set ``EXAM_CLIENT_SCREENSHOTS=docs/screenshots`` to also write the rendered page as
``10-registration-form.png`` for a person to look at.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from exam_client.domain.registration import (
    Category,
    FlCertificate,
    Purpose,
    Registration,
    SchoolAttendance,
)
from exam_client.ui.printing import fonts
from exam_client.ui.printing.form_data import FormData
from exam_client.ui.printing.pdf import PrintCancelled
from exam_client.ui.printing.registration_form import render_forms, render_registration_form

LONG_NAME = "Tôn Nữ Hoàng Thị Phương Khánh Nguyễn Huỳnh Ngọc Diễm Quỳnh"
REG_ID = "3f6c2a1e-9b7d-4c1a-8e2f-5d4b3a2c1f0e"
CCCD = "046308012345"
DPI = 100
MM = DPI / 25.4


def _form(**changes: object) -> FormData:
    chuyen = "Trường THPT Chuyên Hà Nội – Amsterdam"
    registration = Registration(
        cccd=CCCD,
        full_name=LONG_NAME,
        date_of_birth=date(2008, 3, 5),
        gender="female",
        category=Category.A,
        purpose=Purpose.BOTH,
        subjects=("TO", "VA", "NN", "LI", "HO"),
        foreign_language="N1",
        fl_exemption=FlCertificate("IELTS", date(2027, 1, 31), score=Decimal("6.5")),
        reserved_scores={"SU": Decimal("7.25")},
        schools={
            10: SchoolAttendance("01", "053", "KV3", chuyen),
            11: SchoolAttendance("01", "053", "KV3", chuyen),
            12: SchoolAttendance("30", "068", "KV2-NT", "Trường THPT Nguyễn Đình Liễn"),
        },
        priority_objects=("01", "06"),
        graduation_priority="Con thương binh",
    )
    form = FormData.from_registration(
        registration,
        registration_id=REG_ID,
        department_name="Hà Nội",
        department_code="01",
        birth_place="Thừa Thiên Huế",
        ethnicity="Kinh",
        class_name="12A1",
        registration_point=f"{chuyen}, số 1 Hoàng Minh Giám, phường Nghĩa Đô, Hà Nội",
        residence="Số 18, ngõ 123 đường Nguyễn Khánh Toàn, tổ dân phố 7, phường Nghĩa Đô, "
        "thành phố Hà Nội",
        phone="0912 345 678",
        email="phuong.khanh.nguyen@example.edu.vn",
        address="Số 18, ngõ 123 Nguyễn Khánh Toàn, phường Nghĩa Đô, Hà Nội",
        status="Đã xác nhận",
        form_number="01-000123",
        priority_area="KV2-NT",
        incentive="Giải Ba HSG cấp tỉnh môn Hóa học",
    )
    return replace(form, **changes)  # type: ignore[arg-type]


PRINTED_AT = datetime(2026, 4, 21, 14, 5).astimezone()


def _read(path: Path) -> tuple[int, list[str], np.ndarray, tuple[float, float]]:
    """Page count, text of every page, pixels of page 1 (RGB at 100 dpi), page-1 size in pt."""
    pdf = pdfium.PdfDocument(path)
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        first = pdf[0]
        size = first.get_size()
        bitmap = first.render(scale=DPI / 72)
        pixels = bitmap.to_numpy().copy()
        bitmap.close()
        first.close()
        return len(pdf), texts, pixels, size
    finally:
        pdf.close()


def _save_preview(pixels: np.ndarray, name: str) -> None:
    out = os.environ.get("EXAM_CLIENT_SCREENSHOTS")
    if out:
        h, w, _ = pixels.shape
        data = np.ascontiguousarray(pixels)
        image = QImage(data.data, w, h, 3 * w, QImage.Format.Format_BGR888)
        assert image.save(str(Path(out) / name))


def test_form_has_every_field_in_the_shipped_font_and_a_decodable_qr(
    qapp: QApplication, tmp_path: Path
) -> None:
    path = tmp_path / "form.pdf"
    render_registration_form(path, _form(), printed_at=PRINTED_AT)

    assert path.read_bytes().startswith(b"%PDF-")
    assert b"DejaVuSans" in path.read_bytes()  # the shipped font is embedded, not a system one
    assert [p.name for p in tmp_path.iterdir()] == ["form.pdf"]  # no temporary file left
    pages, texts, pixels, size = _read(path)
    assert pages == 1
    assert size == pytest.approx((595.3, 841.9), abs=1)  # A4 in points
    height, width, _ = pixels.shape
    assert abs(height - 297 * MM) <= 1 and abs(width - 210 * MM) <= 1
    _save_preview(pixels, "10-registration-form.png")

    ink = (pixels.mean(axis=2) < 128).mean()
    assert 0.01 < ink < 0.3  # printed, not blank, not a black page

    text = texts[0]
    flat = " ".join(text.split())
    assert "PHIẾU ĐĂNG KÝ DỰ THI TỐT NGHIỆP THPT NĂM 2026" in text
    assert "SỞ GD&ĐT HÀ NỘI" in text
    assert "Tôn Nữ Hoàng Thị Phương Khánh Nguyễn" in text  # wrapped over two lines, exact
    assert "Huỳnh Ngọc Diễm Quỳnh" in text
    assert CCCD in "".join(text.split())  # one digit per box
    for expected in (
        "Ảnh 4×6",
        "05/03/2008",
        "Nữ",
        "Thừa Thiên Huế",
        "Trường THPT Nguyễn Đình Liễn",
        "KV2-NT",
        "12A1",
        "0912 345 678",
        "Học sinh lớp 12 năm nay",
        "Sở GD&ĐT Hà Nội (mã 01)",
        "Toán, Ngữ văn, Ngoại ngữ: Tiếng Anh (N1), Vật lí, Hóa học",
        "IELTS, 6,5, hiệu lực đến 31/01/2027",
        "Lịch sử: 7,25",
        "01, 06",
        "Con thương binh",
        "Số phiếu: 01-000123",
        "XÁC NHẬN CỦA TRƯỜNG/ĐƠN VỊ ĐKDT",
        "NGƯỜI ĐĂNG KÝ",
        "In lúc 14:05 ngày 21/04/2026",
        "Trang 1/1",
    ):
        assert expected in flat, expected

    zxingcpp = pytest.importorskip("zxingcpp")
    codes = zxingcpp.read_barcodes(np.ascontiguousarray(pixels))
    assert [c.text for c in codes] == [REG_ID]  # the id only, no personal data


def test_absurdly_long_values_stay_inside_the_page(qapp: QApplication, tmp_path: Path) -> None:
    """Values shrink, wrap and at worst get elided; nothing reaches the margins."""
    very_long = "Nguyễn Thị Phương Thảo " * 12
    form = _form(
        full_name=very_long.strip(),
        residence=very_long * 3,
        address=very_long * 2,
        registration_point=very_long,
        email="a.very.long.address." * 6 + "@example.edu.vn",
    )
    path = tmp_path / "long.pdf"
    render_registration_form(path, form, printed_at=PRINTED_AT)
    _, _, pixels, _ = _read(path)
    _save_preview(pixels, "long-values.png")  # not committed; for a look when debugging
    dark = pixels.mean(axis=2) < 200
    margin = round(11 * MM)
    assert not dark[:, :margin].any()
    assert not dark[:, -margin:].any()
    assert not dark[: round(8 * MM), :].any()
    assert not dark[-round(5 * MM) :, :].any()


def test_photo_fills_the_4x6_box(qapp: QApplication, tmp_path: Path) -> None:
    photo = QImage(400, 600, QImage.Format.Format_RGB32)
    photo.fill(QColor("#c03030"))
    path = tmp_path / "photo.pdf"
    render_registration_form(path, _form(photo=photo), printed_at=PRINTED_AT)
    _, texts, pixels, _ = _read(path)
    assert "Ảnh 4×6" not in texts[0]
    centre = pixels[round(63 * MM), round(178 * MM)]  # BGR, middle of the photo box
    assert centre[2] > 150 and centre[1] < 100 and centre[0] < 100


def test_photo_given_as_bytes(qapp: QApplication, tmp_path: Path) -> None:
    image = QImage(40, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("#2050c0"))
    png = tmp_path / "p.png"
    assert image.save(str(png))
    path = tmp_path / "bytes.pdf"
    render_registration_form(path, _form(photo=png.read_bytes()), printed_at=PRINTED_AT)
    _, texts, pixels, _ = _read(path)
    assert "Ảnh 4×6" not in texts[0]
    assert pixels[round(63 * MM), round(178 * MM)][0] > 150  # blue


def test_a_class_batch_is_one_pdf_with_a_form_per_page(qapp: QApplication, tmp_path: Path) -> None:
    forms = [
        _form(full_name=f"Nguyễn Văn Thí Sinh Số {i}", cccd=f"0012080{i:05d}") for i in range(35)
    ]
    seen: list[tuple[int, int]] = []
    path = tmp_path / "batch.pdf"
    render_forms(path, forms, progress=lambda done, total: seen.append((done, total)))
    pages, texts, _, _ = _read(path)
    assert pages == 35
    assert seen == [(i, 35) for i in range(1, 36)]
    assert "Nguyễn Văn Thí Sinh Số 0" in texts[0]
    assert "Nguyễn Văn Thí Sinh Số 34" in texts[34]
    assert "Trang 35/35" in texts[34]


def test_cancel_leaves_no_file(qapp: QApplication, tmp_path: Path) -> None:
    done: list[int] = []
    path = tmp_path / "batch.pdf"
    with pytest.raises(PrintCancelled):
        render_forms(
            path,
            [_form()] * 10,
            progress=lambda n, _total: done.append(n),
            should_cancel=lambda: len(done) >= 3,
        )
    assert done == [1, 2, 3]
    assert list(tmp_path.iterdir()) == []


def test_empty_batch_is_refused(qapp: QApplication, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no form"):
        render_forms(tmp_path / "x.pdf", [])


def test_missing_font_fails_loudly(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert fonts.print_family() == "DejaVu Sans"
    monkeypatch.setattr(fonts, "_family", None)
    monkeypatch.setenv("EXAM_CLIENT_RESOURCES", str(tmp_path))
    with pytest.raises(fonts.PrintFontError, match=r"DejaVuSans\.ttf"):
        fonts.print_family()
