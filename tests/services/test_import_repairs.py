"""Cell repairs: what is accepted (and reported), what is rejected."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from exam_client.domain.registration import Category, Purpose
from exam_client.services.spreadsheet import coded, repair


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (79208012345, "079208012345"),  # int cell, one zero lost (TP HCM)
        (1308012345, "001308012345"),  # int cell, two zeros lost (Hà Nội)
        (79208012345.0, "079208012345"),  # float cell
        ("79208012345", "079208012345"),  # CSV re-saved by Excel
    ],
)
def test_ids_that_lost_leading_zeros_are_padded(raw: object, expected: str) -> None:
    got = repair.cccd(raw)
    assert got.value == expected
    assert got.reason_vi is not None and "số 0" in got.reason_vi


def test_scientific_notation_text_is_read_as_the_number() -> None:
    got = repair.cccd("7.9208012345E+10")
    assert got.value == "079208012345"
    assert got.reason_vi is not None and "E+11" in got.reason_vi and "số 0" in got.reason_vi


def test_a_float_with_twelve_digits_is_read_but_checked() -> None:
    assert repair.cccd(1.208012345e11).code == "cccd.province"  # 120801234500: no province 120
    assert repair.cccd(7.9208012345e11).code == "cccd.province"  # 792080123450: 12 digits, no pad


def test_padding_only_when_the_province_code_is_real() -> None:
    # 03 + 9 digits → "003…": 003 is a gap in the province table, so nothing is guessed.
    got = repair.cccd(3208012345)
    assert got.value is None and got.code == "cccd.length"  # stays a 10-digit number
    assert repair.cccd(98765432101).code == "cccd.length"  # "098" is no province either


def test_ids_with_spaces_and_dots_are_cleaned() -> None:
    got = repair.cccd(" 001 308.012-345 ")
    assert got.value == "001308012345" and got.reason_vi is not None
    assert repair.cccd("001308012345") == repair.ok("001308012345")


@pytest.mark.parametrize(
    ("raw", "code"),
    [("12345", "cccd.length"), ("123456789", "cccd.old_cmnd"), ("00130801234X", "cccd.not_digits"),
     ("", "cccd.empty"), (1.5, "cccd.not_digits")],
)  # fmt: skip
def test_bad_ids_are_rejected(raw: object, code: str) -> None:
    got = repair.cccd(raw)
    assert got.value is None and got.code == code and got.message_vi


@pytest.mark.parametrize(
    ("raw", "expected", "repaired"),
    [
        (39512, dt.date(2008, 3, 5), True),  # Excel serial (int)
        (39512.75, dt.date(2008, 3, 5), True),  # serial with a time part
        ("39512", dt.date(2008, 3, 5), True),  # serial as text (CSV)
        (dt.datetime(2008, 3, 5), dt.date(2008, 3, 5), False),
        (dt.datetime(2008, 3, 5, 7, 30), dt.date(2008, 3, 5), True),
        (dt.date(2008, 3, 5), dt.date(2008, 3, 5), False),
        ("05/03/2008", dt.date(2008, 3, 5), False),
        ("5/3/2008", dt.date(2008, 3, 5), True),
        ("05-03-2008", dt.date(2008, 3, 5), True),
        ("05.03.2008", dt.date(2008, 3, 5), True),
        ("2008-03-05", dt.date(2008, 3, 5), True),
        ("25/12/2008", dt.date(2008, 12, 25), False),
    ],
)
def test_dates(raw: object, expected: dt.date, repaired: bool) -> None:
    got = repair.birth_date(raw)
    assert got.value == expected
    assert (got.reason_vi is not None) is repaired
    if repaired:
        assert got.after == f"{expected:%d/%m/%Y}"


def test_ambiguous_dates_are_day_first_and_say_so() -> None:
    got = repair.birth_date("3/5/2008")
    assert got.value == dt.date(2008, 5, 3)
    assert got.reason_vi is not None and repair.DAY_FIRST_NOTE in got.reason_vi
    assert repair.DAY_FIRST_NOTE not in (repair.birth_date("25/5/2008").reason_vi or "")


@pytest.mark.parametrize(
    ("raw", "code"),
    [("03/25/2008", "date_of_birth.month_first"), ("31/02/2008", "date_of_birth.invalid"),
     ("5 tháng 3", "date_of_birth.format"), ("05/03/08", "date_of_birth.format"),
     (-4, "date_of_birth.format"), (None, "date_of_birth.empty")],
)  # fmt: skip
def test_bad_dates_are_rejected_never_swapped(raw: object, code: str) -> None:
    got = repair.birth_date(raw)
    assert got.value is None and got.code == code


@pytest.mark.parametrize(
    ("raw", "expected", "repaired"),
    [("Nam", "male", False), ("Nữ", "female", False), ("nu", "female", True),
     ("NỮ", "female", True), ("M", "male", True), ("F", "female", True), (0, "male", True),
     (1, "female", True), ("1", "female", True), (1.0, "female", True), (" nam ", "male", True)],
)  # fmt: skip
def test_gender_spellings(raw: object, expected: str, repaired: bool) -> None:
    got = repair.gender(raw)
    assert got.value == expected
    assert (got.reason_vi is not None) is repaired


def test_unclear_gender_is_rejected() -> None:
    assert repair.gender("x").code == "gender.unknown"


def test_names_nfd_caps_and_spaces() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    got = repair.name(nfd)
    assert got.value == "Nguyễn Thị Ánh" and got.reason_vi is not None and "NFC" in got.reason_vi
    caps = repair.name("TRẦN  VĂN BÌNH ")
    assert caps.value == "Trần Văn Bình"
    assert caps.reason_vi is not None and "viết hoa" in caps.reason_vi
    assert "khoảng trắng" in caps.reason_vi
    assert repair.name("Lê Văn An") == repair.ok("Lê Văn An")
    assert repair.name("").code == "full_name.empty"


@pytest.mark.parametrize(
    ("raw", "expected", "repaired"),
    [("Vật lí", ("LI", None), False), ("LI", ("LI", None), False), ("vat ly", ("LI", None), True),
     ("Lý", ("LI", None), True), ("GDKT&PL", ("GDKTPL", None), True),
     ("Tiếng Anh", ("NN", "N1"), True), ("Ngoại ngữ", ("NN", None), False)],
)  # fmt: skip
def test_subject_names_to_codes(raw: str, expected: tuple[str, str | None], repaired: bool) -> None:
    got = coded.subject(raw)
    assert got.value == expected
    assert (got.reason_vi is not None) is repaired


def test_unknown_subject_and_language_are_rejected() -> None:
    assert coded.subject("Âm nhạc").code == "subjects.unreadable"
    assert coded.language("Tiếng Klingon").code == "foreign_language.unreadable"
    assert coded.language("Tiếng Nhật").value == "N6"
    assert coded.subject_list("Toán, Ngữ văn, Lịch sử").value == ("TO", "VA", "SU")


@pytest.mark.parametrize(
    ("raw", "expected", "repaired"),
    [("01-001", ("01", "001"), False), ("01001", ("01", "001"), True),
     ("01 001", ("01", "001"), True), (1001, ("01", "001"), True), (42053, ("42", "053"), True)],
)  # fmt: skip
def test_school_codes(raw: object, expected: tuple[str, str], repaired: bool) -> None:
    got = coded.school(raw)
    assert got.value == expected
    assert (got.reason_vi is not None) is repaired


def test_bad_school_codes() -> None:
    for raw in ("1-1", "00-001", "Chu Văn An", 101):
        assert coded.school(raw).code == "schools.code_format", raw


def test_small_fields() -> None:
    assert coded.area("kv2 nt").value == "KV2-NT"
    assert coded.area("KV4").code == "schools.area_format"
    assert coded.category("A").value is Category.A
    assert coded.category("Học sinh lớp 12 năm nay").value is Category.A
    assert coded.category("e").code == "category.unknown"
    assert coded.purpose("xét tuyển").value is Purpose.ADMISSION
    assert coded.priority_objects("1, 6").value == ("01", "06")
    assert coded.priority_objects(1.0).value == ("01",)
    assert coded.phone(912345678).value == "0912345678"
    assert coded.phone("+84 912 345 678").value == "0912345678"
    assert coded.phone("12345").code == "phone.format"
    assert coded.email("a@b").code == "email.format"
    assert repair.text("  12A1 ").value == "12A1"
