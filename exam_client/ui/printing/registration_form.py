"""The registration form (phiếu đăng ký dự thi) the school prints, signs and stamps.

From 2026 there is one form only (Forms No. 1 and 2 are abolished, DOMAIN.md §3.2): the receiving
point prints it after review, signs it, stamps across the photo and returns a copy. The layout is
fixed, like the paper form: every value has its own box and shrinks or wraps to stay inside it, so
a long name or address never pushes the rest of the page around or onto a second sheet.

The QR code carries the registration id only; no personal data is put in it, because a printed
form lies on desks and gets photographed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from exam_client.ui.formatting import format_date, format_moment
from exam_client.ui.printing.form_data import FormData
from exam_client.ui.printing.pdf import (
    A4_WIDTH_MM,
    GREY,
    MARGIN_MM,
    Align,
    Page,
    PrintCancelled,
    pdf_document,
)

LEFT = MARGIN_MM
RIGHT = A4_WIDTH_MM - MARGIN_MM
NARROW = 142.0  # right edge of the fields that sit beside the photo and the QR code
PHOTO = (158.0, 33.0, 40.0, 60.0)  # x, y, w, h: 4×6 cm at the top right
QR = (172.0, 98.0, 26.0)  # x, y, size
CENTER = Align.AlignCenter
RIGHT_ALIGN = Align.AlignRight | Align.AlignVCenter

Progress = Callable[[int, int], None]


def render_registration_form(
    path: Path, form: FormData, *, printed_at: datetime | None = None
) -> None:
    """Write one form as a one-page A4 PDF at ``path`` (see :func:`render_forms`)."""
    render_forms(path, [form], printed_at=printed_at)


def render_forms(
    path: Path,
    forms: Sequence[FormData],
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
    *,
    printed_at: datetime | None = None,
) -> None:
    """Write one PDF with one form per page, e.g. a whole class for the principal to sign.

    Meant to run in a worker task: ``progress(done, total)`` and ``should_cancel()`` are called on
    the calling thread after each page. On cancel nothing is left at ``path`` and
    :class:`PrintCancelled` is raised. A ``QGuiApplication`` must exist (for the fonts).
    """
    if not forms:
        raise ValueError("no form to print")
    moment = printed_at or datetime.now().astimezone()
    title = f"Phiếu đăng ký dự thi tốt nghiệp THPT năm {forms[0].exam_year}"
    with pdf_document(path, title) as (writer, painter):
        for index, form in enumerate(forms):
            if should_cancel is not None and should_cancel():
                raise PrintCancelled
            if index:
                writer.newPage()
            _draw_form(Page(painter), form, moment, index + 1, len(forms))
            if progress is not None:
                progress(index + 1, len(forms))


def _draw_form(page: Page, form: FormData, moment: datetime, page_no: int, pages: int) -> None:
    _header(page, form)
    _photo(page, form)
    _qr(page, form)
    y = _identity(page, form, 50.0)
    y = _schools(page, form, y)
    y = _contact_and_exam(page, form, y)
    y = _priority(page, form, y)
    _signatures(page, form, y)
    page.footer(f"In lúc {format_moment(moment)} · Mã hồ sơ {form.registration_id}", page_no, pages)


def _field(  # noqa: PLR0917 - the geometry of a blank, in reading order
    page: Page,
    x: float,
    y: float,
    w: float,
    label: str,
    value: str,
    label_w: float,
    *,
    h: float = 7.0,
    pt: float = 10.0,
) -> None:
    """A label and its filled-in value on a dotted line, like a blank on the paper form."""
    page.text(x, y, label_w, h - 0.6, label, 9.0)
    page.text(x + label_w, y, w - label_w, h - 0.6, value, pt, bold=True, min_pt=6.5)
    page.dotted(x + label_w, y + h - 0.3, x + w)


def _header(page: Page, form: FormData) -> None:
    page.text(LEFT, 10, 84, 4.5, "BỘ GIÁO DỤC VÀ ĐÀO TẠO", 8.5, align=CENTER)
    page.text(
        LEFT, 14.5, 84, 5, f"SỞ GD&ĐT {form.department_name.upper()}", 9, bold=True, align=CENTER
    )
    page.line(LEFT + 27, 20, LEFT + 57, 20, 0.25)
    page.text(LEFT + 14, 22, 30, 6.6, "Mã Sở GD&ĐT:", 8.5, align=RIGHT_ALIGN)
    page.digit_boxes(LEFT + 46, 21.7, form.department_code, 2)
    page.text(
        100, 10, RIGHT - 100, 4.5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 9, bold=True, align=CENTER
    )
    page.text(100, 14.5, RIGHT - 100, 5, "Độc lập – Tự do – Hạnh phúc", 9, bold=True, align=CENTER)
    page.line(126, 20, RIGHT - 26, 20, 0.25)

    title = f"PHIẾU ĐĂNG KÝ DỰ THI TỐT NGHIỆP THPT NĂM {form.exam_year}"
    page.text(LEFT, 32, 154 - LEFT, 8, title, 12.5, bold=True, align=CENTER)
    page.text(LEFT, 41, 22, 6, "Số phiếu:", 9, align=RIGHT_ALIGN)
    page.text(LEFT + 23, 41, 35, 6, form.form_number, 10, bold=True)
    page.dotted(LEFT + 23, 46.4, LEFT + 58)
    if form.status:
        page.text(
            LEFT + 62,
            41,
            NARROW - LEFT - 62,
            6,
            f"Trạng thái hồ sơ: {form.status}",
            8.5,
            italic=True,
            align=RIGHT_ALIGN,
            color=GREY,
        )


def _photo(page: Page, form: FormData) -> None:
    x, y, w, h = PHOTO
    image = _image(form.photo)
    if image is not None:
        page.image_cover(x, y, w, h, image)
    else:
        page.text(x, y + 22, w, 7, "Ảnh 4×6", 11, bold=True, align=CENTER, color=GREY)
        page.text(
            x + 3,
            y + 30,
            w - 6,
            10,
            "(chụp không quá 6 tháng)",
            7,
            italic=True,
            align=CENTER,
            color=GREY,
        )
    page.box(x, y, w, h, 0.3)
    # The school's stamp goes across the photo's lower-left corner (đóng dấu giáp ảnh, §3.1).
    page.pen(0.2, GREY, Qt.PenStyle.DashLine)
    u = page.unit
    page.painter.drawEllipse(page.rect(x - 11, y + h - 11, 22, 22).center(), 11 * u, 11 * u)
    page.text(
        x - 14,
        y + h + 11.5,
        26,
        7,
        "Vị trí dấu giáp ảnh",
        6.5,
        italic=True,
        align=CENTER,
        color=GREY,
    )


def _image(photo: QImage | bytes | None) -> QImage | None:
    if photo is None:
        return None
    image = photo if isinstance(photo, QImage) else QImage.fromData(photo)
    return None if image.isNull() else image


def _qr(page: Page, form: FormData) -> None:
    x, y, size = QR
    page.qr(x, y, size, form.registration_id)
    page.text(x - 2, y + size, size + 4, 4, "Mã hồ sơ", 7, align=CENTER, color=GREY)


def _identity(page: Page, form: FormData, y: float) -> float:
    """Items 1–5 beside the photo."""
    w = NARROW - LEFT
    _field(page, LEFT, y, w, "1. Họ, chữ đệm và tên:", form.full_name, 41, h=9, pt=11)
    y += 9.5
    _field(page, LEFT, y, 70, "2. Ngày sinh:", format_date(form.date_of_birth), 25)
    _field(page, LEFT + 74, y, w - 74, "Giới tính:", form.gender_vi, 19)
    y += 7.5
    _field(page, LEFT, y, 78, "3. Nơi sinh:", form.birth_place, 21)
    _field(page, LEFT + 81, y, w - 81, "Dân tộc:", form.ethnicity, 16)
    y += 7.5
    page.text(LEFT + 4, y, 72, 6, "Thuộc diện quốc tịch nước ngoài:", 8.5)
    page.checkbox(LEFT + 65, y + 1.2, form.foreign_nationality)
    y += 7.0
    page.text(LEFT, y, 42, 6.6, "4. Số CCCD/định danh:", 9)
    page.digit_boxes(LEFT + 42, y, form.cccd, 12)
    y += 8.5
    _field(page, LEFT, y, w, "5. Nơi thường trú:", form.residence, 33, h=11, pt=9.5)
    return y + 12.5


def _schools(page: Page, form: FormData, y: float) -> float:
    """Item 6: the schools of grades 10–12 with their codes, from which the area is computed."""
    page.text(LEFT, y, 78, 6, "6. Nơi học THPT (tên trường và mã):", 9)
    _field(page, LEFT + 82, y - 0.5, NARROW - LEFT - 82, "Tên lớp 12:", form.class_name, 21)
    y += 6.5
    columns = (
        ("Lớp", 12.0),
        ("Tên trường", 62.0),
        ("Mã tỉnh", 18.0),
        ("Mã trường", 20.0),
        ("Khu vực", 18.0),
    )
    x = LEFT
    for title, width in columns:
        page.box(x, y, width, 5.5, 0.2)
        page.text(x, y, width, 5.5, title, 8, bold=True, align=CENTER)
        x += width
    y += 5.5
    for grade in (10, 11, 12):
        school = form.schools.get(grade)
        cells = (
            str(grade),
            school.school_name if school else "",
            school.province_code if school else "",
            school.school_code if school else "",
            school.area if school else "",
        )
        x = LEFT
        for (_, width), value in zip(columns, cells, strict=True):
            page.box(x, y, width, 6, 0.2)
            align = Align.AlignLeft | Align.AlignVCenter if width > 40 else CENTER
            pad = 1.2 if width > 40 else 0.0
            page.text(x + pad, y, width - 2 * pad, 6, value, 8.5, align=align, min_pt=5.5)
            x += width
        y += 6
    return y + 3.0


def _contact_and_exam(page: Page, form: FormData, y: float) -> float:
    """Items 7–13 across the full width."""
    w = RIGHT - LEFT
    _field(page, LEFT, y, 78, "7. Điện thoại:", form.phone, 26)
    _field(page, LEFT + 82, y, w - 82, "E-mail:", form.email, 15)
    y += 7.5
    _field(page, LEFT, y, w, "8. Địa chỉ liên hệ:", form.address, 33, h=9, pt=9.5)
    y += 9.5
    _field(page, LEFT, y, 120, "9. Đối tượng dự thi:", form.category_vi, 36)
    _field(page, LEFT + 124, y, w - 124, "Chương trình:", f"GDPT {form.programme}", 25)
    y += 7.5
    council, code = form.council
    _field(page, LEFT, y, w, "10. Hội đồng thi:", f"{council} (mã {code})", 31)
    y += 7.5
    _field(
        page, LEFT + 6, y, w - 6, "Đơn vị đăng ký dự thi:", form.registration_point, 40, h=8, pt=9.5
    )
    y += 9.0
    page.text(LEFT, y, 40, 6, "11. Mục đích dự thi:", 9)
    page.checkbox(LEFT + 40, y + 1.2, form.purpose.for_graduation)
    page.text(LEFT + 45, y, 62, 6, "Xét công nhận tốt nghiệp THPT", 9)
    page.checkbox(LEFT + 110, y + 1.2, form.purpose.for_admission)
    page.text(LEFT + 115, y, w - 115, 6, "Lấy kết quả để xét tuyển sinh", 9)
    y += 7.0
    _field(
        page, LEFT + 6, y, w - 6, "Bài thi/môn thi đăng ký:", form.subjects_vi(), 43, h=9, pt=9.5
    )
    y += 9.5
    _field(page, LEFT, y, w, "12. Miễn thi ngoại ngữ:", form.exemption_vi(), 42)
    y += 7.5
    _field(page, LEFT, y, w, "13. Điểm thi được bảo lưu:", form.reserved_vi(), 47)
    return y + 7.5


def _priority(page: Page, form: FormData, y: float) -> float:
    """Items 14–15: admission priority and graduation-recognition data."""
    w = RIGHT - LEFT
    objects = ", ".join(form.priority_objects) or "Không"
    _field(page, LEFT, y, 92, "14. Đối tượng ưu tiên:", objects, 41)
    _field(page, LEFT + 96, y, w - 96, "Khu vực ưu tiên:", form.priority_area, 30)
    y += 7.5
    page.text(LEFT, y, 60, 7, "15. Xét công nhận tốt nghiệp:", 9)
    _field(page, LEFT + 6, y + 7, 62, "Diện ưu tiên:", form.graduation_priority or "Không", 25)
    year = str(form.graduation_year) if form.graduation_year else "—"
    _field(page, LEFT + 72, y + 7, 50, "Năm tốt nghiệp:", year, 30)
    _field(page, LEFT + 126, y + 7, w - 126, "Điểm KK:", form.incentive or "Không", 17)
    return y + 16.5


def _signatures(page: Page, form: FormData, y: float) -> None:
    page.text(
        LEFT,
        y,
        RIGHT - LEFT,
        9,
        "Tôi xin cam đoan những lời khai trong phiếu đăng ký này là đúng sự thật. "
        "Nếu sai, tôi xin chịu trách nhiệm theo quy định.",
        8.5,
        italic=True,
    )
    y += 9.5
    half = (RIGHT - LEFT) / 2
    page.text(
        LEFT, y + 5, half - 4, 5, "XÁC NHẬN CỦA TRƯỜNG/ĐƠN VỊ ĐKDT", 9, bold=True, align=CENTER
    )
    page.text(
        LEFT,
        y + 10,
        half - 4,
        5,
        "(Thủ trưởng đơn vị ký tên, đóng dấu)",
        8,
        italic=True,
        align=CENTER,
    )
    page.box(LEFT + 12, y + 16, half - 28, 26, 0.2, style=Qt.PenStyle.DashLine)
    page.text(
        LEFT + 12, y + 37, half - 28, 5, "chữ ký và dấu", 7, italic=True, align=CENTER, color=GREY
    )

    x = LEFT + half + 4
    page.text(
        x,
        y,
        half - 4,
        5,
        f"……………, ngày …… tháng …… năm {form.exam_year}",
        8.5,
        italic=True,
        align=CENTER,
    )
    page.text(x, y + 5, half - 4, 5, "NGƯỜI ĐĂNG KÝ", 9, bold=True, align=CENTER)
    page.text(x, y + 10, half - 4, 5, "(Ký, ghi rõ họ tên)", 8, italic=True, align=CENTER)
    page.text(x, y + 33, half - 4, 9, form.full_name, 10, bold=True, align=CENTER)


__all__ = ["PrintCancelled", "render_forms", "render_registration_form"]
