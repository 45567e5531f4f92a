"""Opening candidate lists: file kinds, encodings, delimiters, header rows, column mappings.

Also holds the small writers of messy test files the other import tests use.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from exam_client.domain.cccd import build_cccd
from exam_client.domain.ruleset import load_ruleset
from exam_client.services.spreadsheet import Col, ColumnMapping, ImportPlan, plan_import
from exam_client.services.spreadsheet.reading import detect_delimiter, detect_encoding

TODAY = dt.date(2026, 3, 1)
RULES = load_ruleset(2026)
HEADERS = [
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Lớp", "Diện thí sinh",
    "Môn tự chọn 1", "Môn tự chọn 2", "Ngoại ngữ", "Mã trường lớp 10", "Khu vực lớp 10",
    "Mã trường lớp 11", "Khu vực lớp 11", "Mã trường lớp 12", "Khu vực lớp 12", "SĐT", "Email",
    "Địa chỉ",
]  # fmt: skip
TITLE = "DANH SÁCH THÍ SINH ĐĂNG KÝ DỰ THI TỐT NGHIỆP THPT NĂM 2026"


def cccd_for(n: int, gender: str = "female", year: int = 2008, province: str = "001") -> str:
    return build_cccd(province, "female" if gender == "female" else "male", year, 10_000 + n)


def id_of(n: int) -> str:
    """The ID :func:`person` gives row ``n``."""
    return cccd_for(n, "female" if n % 2 else "male")


def person(n: int, **over: object) -> list[object]:
    """A clean, valid row (category a, Vật lí + Hóa học), then the given overrides by header."""
    gender = "female" if n % 2 else "male"
    values: dict[str, object] = {
        "STT": n,
        "Họ và tên": f"Nguyễn {'Thị' if gender == 'female' else 'Văn'} Học Sinh {chr(65 + n % 26)}",
        "Ngày sinh": f"{n % 28 + 1:02d}/03/2008",
        "Giới tính": "Nữ" if gender == "female" else "Nam",
        "Số CCCD": cccd_for(n, gender),
        "Lớp": f"12A{n % 5 + 1}",
        "Diện thí sinh": "a",
        "Môn tự chọn 1": "Vật lí",
        "Môn tự chọn 2": "Hóa học",
        "Ngoại ngữ": None,
        "Mã trường lớp 10": "01-001",
        "Khu vực lớp 10": "KV3",
        "Mã trường lớp 11": "01-001",
        "Khu vực lớp 11": "KV3",
        "Mã trường lớp 12": "01-001",
        "Khu vực lớp 12": "KV3",
        "SĐT": "0912345678",
        "Email": f"hs{n}@example.com",
        "Địa chỉ": "Số 1 Tràng Tiền, Hà Nội",
    }
    values.update(over)
    return [values[h] for h in HEADERS]


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    headers: Sequence[str] = HEADERS,
    *,
    title: bool = True,
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append([TITLE])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        sheet.append(["Trường THPT Chu Văn An — Mã trường 01-001"])
        sheet.append([])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> str:
    """Text as Windows-1258 spells it: letters with their hat/horn/breve, tones as combining marks
    (Python's cp1258 codec neither composes nor decomposes)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + "".join(c for c in parts if c in _TONES))
    return "".join(out)


def write_csv(
    path: Path,
    rows: Sequence[Sequence[object]],
    headers: Sequence[str] = HEADERS,
    *,
    encoding: str = "utf-8",
    delimiter: str = ";",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow([windows_1258(h) for h in headers] if encoding == "cp1258" else headers)
        for row in rows:
            cells = ["" if v is None else str(v) for v in row]
            writer.writerow([windows_1258(c) for c in cells] if encoding == "cp1258" else cells)
    return path


def plan(path: Path, **kwargs: object) -> ImportPlan:
    return plan_import(path, ruleset=RULES, today=TODAY, school_code="01001", **kwargs)  # type: ignore[arg-type]


# -- file kinds ----------------------------------------------------------------------------------


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return path


@pytest.mark.parametrize(
    ("make", "code", "words"),
    [
        (_docx, "file.wrong_type", "Word"),
        (lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n"), "file.wrong_type", "PDF"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "file.wrong_type", "ảnh"),
        (lambda p: p.write_bytes(b""), "file.empty", "rỗng"),
        (lambda p: p.write_bytes(b"\xef\xbb\xbf  \r\n"), "file.empty", "rỗng"),
        (lambda p: p.write_bytes(b"PK\x03\x04broken"), "file.corrupt", "hỏng"),
        (
            lambda p: p.write_bytes(
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                + b"\x00" * 600
                + "EncryptedInfo".encode("utf-16-le")
                + b"\x00" * 50
                + "EncryptedPackage".encode("utf-16-le")
                + b"\x00" * 600
            ),
            "file.encrypted",
            "mật khẩu",
        ),
        (
            lambda p: p.write_bytes(
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                + b"\x00" * 600
                + "Workbook".encode("utf-16-le")
                + b"\x00" * 600
            ),
            "file.legacy_office",
            ".xls",
        ),
    ],
    ids=["docx-renamed", "pdf", "png", "empty", "bom-only", "corrupt-zip", "encrypted", "xls"],
)
def test_unusable_files_get_one_clear_message(tmp_path, make, code, words):  # type: ignore[no-untyped-def]
    path = tmp_path / "danh_sach.xlsx"
    make(path)
    got = plan(path)
    assert got.file_problem is not None
    assert got.file_problem.code == code
    assert words in got.file_problem.message_vi
    assert "Hãy" in got.file_problem.message_vi  # says what to do, not only what is wrong
    assert got.rows == ()


def test_headers_only_files_are_reported_not_imported(tmp_path: Path) -> None:
    for path in (write_xlsx(tmp_path / "a.xlsx", []), write_csv(tmp_path / "a.csv", [])):
        got = plan(path)
        assert got.file_problem is not None and got.file_problem.code == "file.no_rows"


def test_an_xlsx_with_no_recognisable_header_says_so(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", [[1, 2, 3]], headers=["Cột A", "Cột B", "Cột C"])
    got = plan(path)
    assert got.file_problem is not None and got.file_problem.code == "file.no_header"


def test_an_empty_workbook_is_empty_not_headerless(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    openpyxl.Workbook().save(path)
    got = plan(path)
    assert got.file_problem is not None and got.file_problem.code == "file.empty"


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    headers = ["Họ và tên", "Ngày sinh", "Giới tính", "Lớp"]
    path = write_xlsx(tmp_path / "x.xlsx", [["An", "01/01/2008", "Nam", "12A1"]], headers)
    got = plan(path)
    assert got.file_problem is not None and got.file_problem.code == "file.missing_columns"
    assert "Số CCCD" in got.file_problem.message_vi


# -- header row ----------------------------------------------------------------------------------


def test_header_found_below_merged_title_rows(tmp_path: Path) -> None:
    got = plan(write_xlsx(tmp_path / "x.xlsx", [person(1)], title=True))
    assert got.file_problem is None
    assert got.rows[0].row == 5  # 3 title/blank rows + header on row 4
    assert got.columns["Số CCCD"] is Col.CCCD


@pytest.mark.parametrize(
    ("header", "col"),
    [
        ("Họ tên", Col.FULL_NAME), ("HO TEN", Col.FULL_NAME), ("Họ và tên (*)", Col.FULL_NAME),
        ("Số định danh", Col.CCCD), ("CCCD/CMND", Col.CCCD), ("Số CCCD / CMND", Col.CCCD),
        ("NGÀY SINH", Col.DATE_OF_BIRTH), ("Giới tính", Col.GENDER), ("Lớp", Col.CLASS_NAME),
        ("Môn tự chọn 1", Col.ELECTIVE_1), ("Môn tự chọn 2", Col.ELECTIVE_2),
        ("Ngoại ngữ", Col.FOREIGN_LANGUAGE), ("Mã trường lớp 11", Col.SCHOOL_11),
        ("SĐT", Col.PHONE), ("E-mail", Col.EMAIL), ("Địa chỉ", Col.ADDRESS),
        ("Đối tượng ưu tiên", Col.PRIORITY_OBJECTS), ("Diện thí sinh", Col.CATEGORY),
    ],
)  # fmt: skip
def test_header_variants_are_recognised(header: str, col: Col) -> None:
    assert ColumnMapping().resolve(header) is col


def test_explicit_mapping_wins_and_survives_json(tmp_path: Path) -> None:
    headers = ["Tên học sinh", "NS", "Phái", "Mã định danh HS"]
    rows = [["Trần Văn Bình", "02/02/2008", "Nam", cccd_for(3, "male")]]
    path = write_xlsx(tmp_path / "x.xlsx", rows, headers)
    assert plan(path).file_problem is not None  # "NS", "Tên học sinh" unknown without help
    mapping = ColumnMapping.of(
        {"Tên học sinh": Col.FULL_NAME, "NS": "date_of_birth", "Mã định danh HS": Col.CCCD}
    )
    restored = ColumnMapping.from_json(mapping.to_json())
    assert restored == mapping
    got = plan(path, mapping=restored)
    assert got.file_problem is None
    reg = got.rows[0].registration
    assert reg is not None and reg.full_name == "Trần Văn Bình"
    assert ColumnMapping.from_json(got.mapping.to_json()).resolve("ns") is Col.DATE_OF_BIRTH


# -- CSV -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    row = person(1, **{"Họ và tên": "Đặng Thị Ánh Tuyết", "Địa chỉ": "Số 5, ngõ 3, Hà Nội"})
    path = write_csv(tmp_path / "x.csv", [row], encoding=encoding, delimiter=delimiter)
    got = plan(path)
    assert got.file_problem is None, got.file_problem
    reg = got.rows[0].registration
    assert reg is not None and reg.full_name == "Đặng Thị Ánh Tuyết"
    assert got.rows[0].contact["address"] == "Số 5, ngõ 3, Hà Nội"
    assert got.rows[0].repairs == ()  # a code page is a file matter, not a per-cell repair
    assert bool(got.notes_vi) == (encoding == "cp1258")


def test_encoding_detection_tells_1258_from_1252() -> None:
    assert detect_encoding(windows_1258("Nguyễn Thị Ánh").encode("cp1258")) == "cp1258"
    assert detect_encoding("Dòmino, Òscar, Ìtalo".encode("cp1252")) == "cp1252"
    assert detect_encoding("Nguyễn".encode()) == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbfabc") == "utf-8-sig"


def test_delimiter_detection() -> None:
    assert detect_delimiter("a;b;c\n1;2,5;3\n") == ";"
    assert detect_delimiter("a,b,c\n1,2,3\n") == ","
    assert detect_delimiter("a\tb\tc\n") == "\t"
