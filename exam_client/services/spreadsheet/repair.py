"""Reading one cell: accept what is unambiguous (and say what was repaired), reject the rest.

Excel damages lists in predictable ways: IDs become numbers and lose their leading zero (or turn
into ``1.208012345E+11``), dates become serial numbers, names pasted from a Mac arrive decomposed
(NFD), exports shout in upper case. Each reader returns a :class:`Read`: the value, and either the
repair made (shown to the person, who can check it) or the reason the cell is rejected. A repair
is only made when exactly one reading is possible; a guess is a rejection.

Dates are **day first** (dd/mm/yyyy), the Vietnamese convention: "05/03/2008" is 5 March.
A text date that only makes sense month first ("03/25/2008") is rejected, never swapped.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Generic, TypeVar

from exam_client.domain.cccd import Gender, check_cccd, normalize_cccd_input, province_names
from exam_client.domain.names import clean_name, clean_text, fold

T = TypeVar("T")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 after Excel's 1900 leap bug
_MAX_SERIAL = 2_958_465  # 9999-12-31


@dataclass(frozen=True, slots=True)
class Read(Generic[T]):
    """The value read from a cell; ``reason_vi`` set if repaired, ``code`` set if rejected."""

    value: T | None
    after: str | None = None
    reason_vi: str | None = None
    code: str | None = None
    message_vi: str = ""
    message_en: str = ""


def ok(value: T) -> Read[T]:
    return Read(value)


def fixed(value: T, after: str, reason_vi: str) -> Read[T]:
    return Read(value, after, reason_vi)


def bad(code: str, vi: str, en: str) -> Read[T]:
    return Read(None, code=code, message_vi=vi, message_en=en)


def shown(raw: object) -> str:
    """A cell as a person would read it in the problem list."""
    if isinstance(raw, dt.datetime):
        return raw.strftime("%d/%m/%Y %H:%M") if raw.time() != dt.time() else f"{raw:%d/%m/%Y}"
    if isinstance(raw, dt.date):
        return f"{raw:%d/%m/%Y}"
    if isinstance(raw, float) and raw.is_integer() and abs(raw) >= 1e11:
        return f"{raw:.10E}".replace("0000E", "E")
    return "" if raw is None else str(raw)


def blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not clean_text(raw))


def _tidy_reason(raw: str, cleaned: str) -> str:
    reasons = []
    if unicodedata.normalize("NFC", raw) != raw:
        reasons.append("chuẩn hoá chữ tiếng Việt tổ hợp (NFD) sang dựng sẵn (NFC)")
    if " ".join(raw.split()) != raw:
        reasons.append("bỏ khoảng trắng thừa")
    return "; ".join(reasons) or "bỏ ký tự ẩn"


def text(raw: object) -> Read[str]:
    """Free text (class, address): NFC, single spaces; an empty cell reads as ``None``."""
    if blank(raw):
        return Read(None)
    before = raw if isinstance(raw, str) else shown(raw)
    cleaned = clean_text(before)
    return (
        ok(cleaned) if cleaned == before else fixed(cleaned, cleaned, _tidy_reason(before, cleaned))
    )


def name(raw: object) -> Read[str]:
    """A person's name as on documents: "NGUYỄN  VĂN AN" → "Nguyễn Văn An"."""
    if blank(raw):
        return bad("full_name.empty", "Chưa có họ và tên.", "The full name is empty.")
    before = str(raw)
    cleaned = clean_name(before)
    if cleaned == before:
        return ok(cleaned)
    tidy = clean_text(before)
    if tidy == before:
        reason = "viết hoa chữ cái đầu mỗi tiếng"
    elif cleaned == tidy:
        reason = _tidy_reason(before, tidy)
    else:
        reason = _tidy_reason(before, tidy) + "; viết hoa chữ cái đầu mỗi tiếng"
    return fixed(cleaned, cleaned, reason)


_SCIENTIFIC = re.compile(r"\d(?:[.,]\d+)?[eE]\+?\d+")


def cccd(raw: object) -> Read[str]:
    """The 12-digit ID; repairs lost leading zeros only when the result is a real ID."""
    if blank(raw):
        return bad(
            "cccd.empty",
            "Chưa có số CCCD/định danh cá nhân.",
            "The personal ID is empty.",
        )
    reasons: list[str] = []
    if isinstance(raw, bool):
        digits = str(raw)
    elif isinstance(raw, int):
        digits = str(raw)
        reasons.append("ô lưu dạng số")
    elif isinstance(raw, float):
        if not raw.is_integer():
            return _bad_id(shown(raw))
        digits = str(int(raw))
        reasons.append("ô lưu dạng số thực (Excel)")
    else:
        typed = str(raw).strip()
        if _SCIENTIFIC.fullmatch(typed):
            value = float(typed.replace(",", "."))
            if not value.is_integer():
                return _bad_id(typed)
            digits = str(int(value))
            reasons.append("số dạng khoa học của Excel (E+11)")
        else:
            digits = normalize_cccd_input(typed)
            if digits != typed:
                reasons.append("bỏ dấu cách/dấu chấm/gạch giữa các chữ số")
    if len(digits) in (10, 11) and digits.isdigit():
        # Province codes are 001-096, so a number cell drops one or two leading zeros. Only a
        # padded number with a real province code is taken; anything else stays rejected.
        padded = digits.zfill(12)
        if check_cccd(padded) == []:
            reasons.append(
                f"thêm {12 - len(digits)} số 0 đầu bị Excel làm mất (mã tỉnh {padded[:3]} "
                f"{province_names()[padded[:3]]})"
            )
            digits = padded
    problems = check_cccd(digits)
    if problems:
        first = problems[0]
        return bad(first.code, first.message_vi, first.message_en)
    if reasons:
        return fixed(digits, digits, "; ".join(reasons))
    return ok(digits)


def _bad_id(typed: str) -> Read[str]:
    return bad(
        "cccd.not_digits",
        f"'{typed}' không phải số định danh 12 chữ số. Hãy định dạng cột là Văn bản (Text) "
        "và nhập lại số.",
        f"'{typed}' is not a 12-digit ID. Format the column as text and retype it.",
    )


_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
DAY_FIRST_NOTE = "theo quy ước ngày/tháng/năm"


def birth_date(raw: object) -> Read[dt.date]:
    """A date from a date cell, an Excel serial number or dd/mm/yyyy-like text."""
    if blank(raw):
        return bad("date_of_birth.empty", "Chưa có ngày sinh.", "The date of birth is empty.")
    if isinstance(raw, dt.datetime):
        day = raw.date()
        if raw.time() != dt.time():
            return fixed(day, f"{day:%d/%m/%Y}", "bỏ phần giờ của ô ngày")
        return ok(day)
    if isinstance(raw, dt.date):
        return ok(raw)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _serial(float(raw), shown(raw))
    typed = clean_text(str(raw))
    if typed.isdigit() and len(typed) == 5:
        return _serial(float(typed), typed)
    if m := _DMY.fullmatch(typed):
        day_n, month_n, year_n = int(m[1]), int(m[2]), int(m[3])
        if month_n > 12 and day_n <= 12:
            return bad(
                "date_of_birth.month_first",
                f"Ngày '{typed}' có vẻ ghi tháng trước ngày. Tệp phải ghi ngày/tháng/năm "
                "(ví dụ 25/03/2008). Hãy sửa lại ô này.",
                f"'{typed}' looks month-first; dates must be day/month/year.",
            )
        return _make(year_n, month_n, day_n, typed, ambiguous=day_n <= 12 and month_n <= 12)
    if m := _YMD.fullmatch(typed):
        return _make(int(m[1]), int(m[2]), int(m[3]), typed, ambiguous=False)
    return bad(
        "date_of_birth.format",
        f"Không đọc được ngày sinh '{typed}'. Hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/03/2008.",
        f"Cannot read the date '{typed}'. Use dd/mm/yyyy.",
    )


def _serial(value: float, before: str) -> Read[dt.date]:
    if not 1 <= value <= _MAX_SERIAL:
        return bad(
            "date_of_birth.format",
            f"'{before}' không phải ngày hợp lệ. Hãy ghi theo dạng ngày/tháng/năm.",
            f"'{before}' is not a date.",
        )
    day = _EXCEL_EPOCH + dt.timedelta(days=int(value))
    return fixed(day, f"{day:%d/%m/%Y}", "ngày lưu dạng số sê-ri của Excel")


def _make(year: int, month: int, day_n: int, typed: str, *, ambiguous: bool) -> Read[dt.date]:
    try:
        day = dt.date(year, month, day_n)
    except ValueError:
        return bad(
            "date_of_birth.invalid",
            f"Ngày sinh '{typed}' không có thật. Hãy kiểm tra lại ngày/tháng/năm.",
            f"'{typed}' is not a real date.",
        )
    canonical = f"{day:%d/%m/%Y}"
    if canonical == typed:
        return ok(day)
    reason = "đổi sang dạng ngày/tháng/năm"
    if ambiguous:
        reason += f" ({DAY_FIRST_NOTE}: ngày {day.day}, tháng {day.month})"
    return fixed(day, canonical, reason)


_MALE = frozenset({"nam", "m", "male", "0", "trai"})
_FEMALE = frozenset({"nu", "f", "female", "1", "gai"})


def gender(raw: object) -> Read[Gender]:
    """Nam/Nữ, also nu, M/F and 0/1 (0 = Nam, 1 = Nữ, as the ID's gender digit)."""
    if blank(raw):
        return bad("gender.empty", "Chưa có giới tính.", "The gender is empty.")
    typed = clean_text(shown(raw))
    key = fold(typed).removesuffix(".0") if isinstance(raw, float) else fold(typed)
    result: Gender
    if key in _MALE:
        result, canonical = "male", "Nam"
    elif key in _FEMALE:
        result, canonical = "female", "Nữ"
    else:
        return bad(
            "gender.unknown",
            f"Giới tính '{typed}' không rõ. Hãy ghi Nam hoặc Nữ.",
            f"Gender '{typed}' is unclear. Write Nam or Nữ.",
        )
    return ok(result) if typed == canonical else fixed(result, canonical, "chuẩn hoá giới tính")
