"""Export to .xlsx, the downloadable template, and the documented column order."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from exam_client.api.records import (
    FlCertificateDoc,
    RegistrationDoc,
    SchoolAttendanceDoc,
    registration_to_doc,
)
from exam_client.services.spreadsheet import COLUMNS, ExportRow, export_registrations
from exam_client.services.spreadsheet.template import (
    DATA_SHEET,
    HELP_SHEET,
    shipped_template,
    write_template,
)
from tests.services.test_import_reading import cccd_for, plan

DOCS_FILE = Path(__file__).resolve().parents[2] / "docs" / "import-format.md"


def _schools(area: str = "KV1") -> list[SchoolAttendanceDoc]:
    return [
        SchoolAttendanceDoc(grade=g, province_code="01", school_code="001", area=area)
        for g in (10, 11, 12)
    ]


def _docs() -> list[RegistrationDoc]:
    return [
        RegistrationDoc(
            cccd=cccd_for(1),
            full_name="Nguyễn Thị Ánh",
            date_of_birth=dt.date(2008, 3, 5),
            gender="female",
            category="a",
            subjects=["TO", "VA", "LI", "NN"],
            foreign_language="N1",
            schools=_schools(),
            priority_objects=["01", "06"],
            class_name="12A1",
            phone="0912345678",
            email="anh@example.com",
            address="Số 5, ngõ 3, Hà Nội",
        ),
        RegistrationDoc(  # a free candidate sitting two subjects only: the "Các môn thi" column
            cccd=cccd_for(2, "male", 2005, "079"),
            full_name="Trần Văn Bình",
            date_of_birth=dt.date(2005, 12, 25),
            gender="male",
            category="c",
            purpose="admission",
            subjects=["TO", "LI"],
            schools=_schools("KV3"),
            graduation_year=2023,
            class_name=None,
        ),
        RegistrationDoc(
            cccd=cccd_for(3),
            full_name="Lê Thị Hoa",
            date_of_birth=dt.date(2008, 1, 9),
            gender="female",
            category="a",
            purpose="graduation",
            subjects=["TO", "VA", "SU", "DI"],
            schools=_schools("KV2-NT"),
            class_name="12A2",
        ),
    ]


def test_export_then_import_gives_identical_registrations(tmp_path: Path) -> None:
    path = tmp_path / "xuat.xlsx"
    docs = _docs()
    assert export_registrations(path, [ExportRow(d, "submitted", "synced") for d in docs]) == 3
    fresh = plan(path)
    assert fresh.file_problem is None and fresh.summary.total == 3
    assert {r.cccd: r.doc() for r in fresh.rows} == {d.cccd: d for d in docs}
    assert fresh.repairs == []
    again = plan(path, existing={d.cccd: d for d in docs})
    assert [r.status for r in again.rows] == ["unchanged"] * 3


def test_fields_the_list_does_not_carry_survive_a_round_trip(tmp_path: Path) -> None:
    doc = _docs()[0].model_copy(
        update={
            "fl_exemption": FlCertificateDoc(
                type="IELTS", valid_until=dt.date(2027, 1, 1), score=Decimal("6.5")
            )
        }
    )
    path = tmp_path / "x.xlsx"
    export_registrations(path, [doc])
    (row,) = plan(path, existing={doc.cccd: doc}).rows
    assert row.status == "unchanged" and row.doc() == doc


def test_ids_are_text_dates_are_dates_and_sheet_is_usable(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    export_registrations(path, _docs())
    sheet = openpyxl.load_workbook(path).worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[: len(COLUMNS)] == [spec.header for spec in COLUMNS]
    assert headers[len(COLUMNS) :] == ["Trạng thái", "Đồng bộ"]
    col = {h: i + 1 for i, h in enumerate(headers)}
    ids = [sheet.cell(row=r, column=col["Số CCCD"]) for r in (2, 3, 4)]
    assert all(c.data_type == "s" and isinstance(c.value, str) and len(c.value) == 12 for c in ids)
    assert {c.value[:3] for c in ids} == {"001", "079"}  # leading zeros kept
    born = sheet.cell(row=2, column=col["Ngày sinh"])
    assert born.is_date and born.number_format == "DD/MM/YYYY"
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(headers))}4"
    assert sheet.column_dimensions["B"].width == 26


def test_rows_follow_class_list_order_and_state_labels(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    docs = _docs()
    export_registrations(path, [ExportRow(docs[0], "returned", "conflict"), docs[1], docs[2]])
    sheet = openpyxl.load_workbook(path).worksheets[0]
    names = [sheet.cell(row=r, column=2).value for r in (2, 3, 4)]
    assert names == ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Thị Hoa"]  # no class, then 12A1, 12A2
    last = sheet.max_column
    assert [sheet.cell(row=3, column=c).value for c in (last - 1, last)] == [
        "Bị trả lại",
        "Xung đột",
    ]


def test_one_sheet_per_class(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    export_registrations(path, _docs(), by_class=True)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Chưa xếp lớp", "12A1", "12A2"]
    assert all(s.freeze_panes == "C2" and s.max_row == 2 for s in book.worksheets)


def test_an_empty_export_is_a_valid_file_with_headers(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    assert export_registrations(path, []) == 0
    got = plan(path)
    assert got.file_problem is not None and got.file_problem.code == "file.no_rows"


def test_template_has_headers_example_validations_and_help(tmp_path: Path) -> None:
    path = write_template(tmp_path / "mau.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == [DATA_SHEET, HELP_SHEET]
    sheet = book[DATA_SHEET]
    assert [c.value for c in sheet[1]] == [spec.header for spec in COLUMNS]
    assert sheet["A2"].value == "Ví dụ" and sheet["E2"].value == "001308012345"
    lists = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert lists["D2:D2001"] == '"Nam,Nữ"'
    assert lists["G2:G2001"] == '"a,b,c,d"'
    assert lists["K2:K2001"] == '"N1,N2,N3,N4,N5,N6,N7"'
    assert sheet["E5"].number_format == "@"  # typed IDs keep their zeros
    assert sheet.freeze_panes == "C2" and sheet.column_dimensions["B"].width == 26
    help_text = " ".join(str(c.value) for row in book[HELP_SHEET].iter_rows() for c in row)
    for spec in COLUMNS:
        assert spec.header in help_text and spec.help_vi in help_text
    assert plan(path).file_problem.code == "file.no_rows"  # type: ignore[union-attr]


def test_filled_template_imports(tmp_path: Path) -> None:
    path = write_template(tmp_path / "mau.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book[DATA_SHEET]
    for col in range(1, len(COLUMNS) + 1):
        sheet.cell(row=3, column=col, value=sheet.cell(row=2, column=col).value)
    sheet["A3"] = 1
    book.save(path)
    (row,) = plan(path).rows
    assert row.valid and row.row == 3 and row.repairs == ()


def test_shipped_template_is_current() -> None:
    shipped = openpyxl.load_workbook(shipped_template())
    assert [c.value for c in shipped[DATA_SHEET][1]] == [spec.header for spec in COLUMNS]


def test_documented_column_order_matches_code() -> None:
    text = DOCS_FILE.read_text(encoding="utf-8")
    table = re.findall(r"^\| *(\d+) *\| *([A-Z]+) *\| *([^|]+?) *\|", text, flags=re.M)
    assert [(int(n), header) for n, _, header in table] == [
        (i, spec.header) for i, spec in enumerate(COLUMNS, start=1)
    ]


@pytest.mark.parametrize("n", [1, 3])
def test_registration_docs_from_plans_export_again(tmp_path: Path, n: int) -> None:
    docs = _docs()[:n]
    first = tmp_path / "a.xlsx"
    export_registrations(first, docs)
    rows = plan(first).rows
    second = tmp_path / "b.xlsx"
    export_registrations(
        second,
        [
            registration_to_doc(r.registration, **r.contact)
            for r in rows
            if r.registration is not None
        ],
    )
    values = [[c.value for c in row] for row in openpyxl.load_workbook(first).active.iter_rows()]
    again = [[c.value for c in row] for row in openpyxl.load_workbook(second).active.iter_rows()]
    assert values == again
