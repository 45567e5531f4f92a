"""The downloadable template (tệp mẫu) for candidate lists.

Generated from :data:`~exam_client.services.spreadsheet.columns.COLUMNS`, so the template, the
export and docs/import-format.md cannot drift apart. The shipped copy lives in
``resources/templates/``; regenerate it after changing the columns::

    python -m exam_client.services.spreadsheet

Drop-down lists (data validation) guide typing where the choices are few; the importer accepts
other spellings anyway, so a list pasted over them is not lost.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from exam_client.domain.registration import CATEGORY_LABELS
from exam_client.domain.resources import resource_path
from exam_client.domain.subjects import language_codes, subject_name
from exam_client.services.spreadsheet.coded import PURPOSE_LABELS
from exam_client.services.spreadsheet.columns import COLUMNS, Col
from exam_client.services.spreadsheet.export import DATE_FORMAT, HEADER_FILL, TEXT_FORMAT

TEMPLATE_NAME = "mau_danh_sach_thi_sinh.xlsx"
DATA_SHEET = "Danh sách thí sinh"
HELP_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
VALIDATED_ROWS = 2000
ELECTIVES = ("LI", "HO", "SI", "SU", "DI", "GDKTPL", "TI", "CNCN", "CNNN", "NN")
_FIXED_TIME = dt.datetime(2026, 1, 1)  # stable document properties: regenerating changes nothing

EXAMPLE: dict[Col, object] = {
    Col.SEQ: "Ví dụ",
    Col.FULL_NAME: "Nguyễn Thị Mai Anh",
    Col.DATE_OF_BIRTH: dt.date(2008, 3, 5),
    Col.GENDER: "Nữ",
    Col.CCCD: "001308012345",
    Col.CLASS_NAME: "12A1",
    Col.CATEGORY: "a",
    Col.PURPOSE: "Cả hai",
    Col.ELECTIVE_1: "Vật lí",
    Col.ELECTIVE_2: "Ngoại ngữ",
    Col.FOREIGN_LANGUAGE: "N1",
    Col.SCHOOL_10: "01-001",
    Col.AREA_10: "KV3",
    Col.SCHOOL_11: "01-001",
    Col.AREA_11: "KV3",
    Col.SCHOOL_12: "01-001",
    Col.AREA_12: "KV3",
    Col.PHONE: "0912345678",
    Col.EMAIL: "maianh@example.com",
    Col.ADDRESS: "Số 1 phố Tràng Tiền, phường Hoàn Kiếm, Hà Nội",
}


def write_template(path: Path | str) -> Path:
    """Write the template to ``path`` and return it."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet: Any = book.active
    sheet.title = DATA_SHEET
    letters = {spec.col: get_column_letter(i) for i, spec in enumerate(COLUMNS, start=1)}
    for index, spec in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=spec.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[letters[spec.col]].width = spec.width
        example = sheet.cell(row=2, column=index, value=EXAMPLE.get(spec.col))
        example.font = Font(italic=True, color="808080")
        # Whole columns formatted: what people type or paste later keeps its leading zeros.
        fmt = DATE_FORMAT if spec.col is Col.DATE_OF_BIRTH else TEXT_FORMAT
        if spec.col in (
            Col.CCCD,
            Col.PHONE,
            Col.SCHOOL_10,
            Col.SCHOOL_11,
            Col.SCHOOL_12,
            Col.DATE_OF_BIRTH,
            Col.PRIORITY_OBJECTS,
        ):
            for row in range(2, VALIDATED_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = fmt
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{letters[COLUMNS[-1].col]}1"
    _lists(book, sheet, letters)
    _help(book)
    book.properties.creator = "exam_client"
    book.properties.created = _FIXED_TIME
    book.properties.modified = _FIXED_TIME
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


def _lists(book: Any, sheet: Any, letters: dict[Col, str]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    lists = book.create_sheet(LISTS_SHEET)
    electives = [subject_name(code) for code in ELECTIVES]
    for row, name in enumerate(electives, start=1):
        lists.cell(row=row, column=1, value=name)
    lists.sheet_state = "hidden"
    last = VALIDATED_ROWS + 1
    choices: list[tuple[list[Col], str]] = [
        ([Col.GENDER], '"Nam,Nữ"'),
        ([Col.CATEGORY], '"' + ",".join(c.value for c in CATEGORY_LABELS) + '"'),
        ([Col.PURPOSE], '"' + ",".join(PURPOSE_LABELS.values()) + '"'),
        ([Col.FOREIGN_LANGUAGE], '"' + ",".join(language_codes()) + '"'),
        ([Col.AREA_10, Col.AREA_11, Col.AREA_12], '"KV1,KV2-NT,KV2,KV3"'),
        ([Col.ELECTIVE_1, Col.ELECTIVE_2], f"'{LISTS_SHEET}'!$A$1:$A${len(electives)}"),
    ]
    for cols, formula in choices:
        check = DataValidation(type="list", formula1=formula, allow_blank=True)
        check.error = "Hãy chọn một giá trị trong danh sách (xem trang Hướng dẫn)."
        check.errorTitle = "Giá trị không hợp lệ"
        check.errorStyle = "warning"  # a warning, not a block: other spellings are accepted
        for col in cols:
            check.add(f"{letters[col]}2:{letters[col]}{last}")
        sheet.add_data_validation(check)


def _help(book: Any) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(HELP_SHEET, 1)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100
    lines: list[tuple[str, str]] = [
        (
            "Cách dùng",
            "Mỗi thí sinh một dòng, bắt đầu ngay dưới dòng tiêu đề. Không đổi tên "
            "cột; có thể bỏ các cột không dùng. Dòng ghi 'Ví dụ' ở cột STT không được nhập.",
        ),
        (
            "Nhập lại",
            "Số CCCD là khoá: nhập lại cùng một tệp không thay đổi gì; dòng đã sửa "
            "cập nhật phiếu của thí sinh đó.",
        ),
        (
            "Ngày tháng",
            "Ghi ngày/tháng/năm (ví dụ 05/03/2008). Ngày ghi tháng trước (03/25/2008) bị từ chối.",
        ),
        ("", ""),
        ("Cột", "Ý nghĩa"),
    ]
    lines += [(spec.header, spec.help_vi) for spec in COLUMNS]
    lines += [("", ""), ("Diện thí sinh", "")]
    lines += [(cat.value, label_vi) for cat, (label_vi, _) in CATEGORY_LABELS.items()]
    lines += [("", ""), ("Ngoại ngữ", "")]
    lines += [(code, subject_name(code)) for code in language_codes()]
    for row, (term, text) in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=term or None).font = Font(bold=True)
        sheet.cell(row=row, column=2, value=text or None).alignment = Alignment(wrap_text=True)


def shipped_template() -> Path:
    return resource_path("templates", TEMPLATE_NAME)
