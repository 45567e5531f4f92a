"""The 12-digit personal identification number (CCCD / số định danh cá nhân).

Structure ``PPP G YY RRRRRR`` (Decree 137/2015/NĐ-CP Art. 13; Circular 07/2016/TT-BCA Art. 7;
DOMAIN.md §10.1): birth-registration province, century+gender digit, two-digit birth year, six
random digits. There is **no check digit**, so a well-formed number can still be unknown to the
population register. The birth-registration province says nothing about residence or priority
area (DOMAIN.md §10.5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from exam_client.domain.problems import Problem
from exam_client.domain.resources import load_json

Gender = Literal["male", "female"]

ARTICLE = "NĐ 137/2015/NĐ-CP Điều 13; TT 07/2016/TT-BCA Điều 7"
_DIGITS = re.compile(r"\d+")
# Digit G: century and gender. 1900s: M 0 F 1; 2000s: M 2 F 3; 2100s: 4/5; 2200s: 6/7; 2300s: 8/9.
_CENTURY_BASE = {0: 1900, 1: 2000, 2: 2100, 3: 2200, 4: 2300}


class CccdError(ValueError):
    """Raised by :func:`parse_cccd` for a malformed number; carries the user-facing problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message_en)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Cccd:
    number: str
    province_code: str
    province_name: str
    gender: Gender
    birth_year: int

    @property
    def century(self) -> int:
        return self.birth_year // 100 * 100

    def masked(self) -> str:
        return mask_cccd(self.number)


def province_names() -> dict[str, str]:
    table: dict[str, str] = load_json("data", "cccd_provinces.json")["provinces"]
    return table


def normalize_cccd_input(text: str) -> str:
    """Drop the spaces, dots and dashes people type or paste between digit groups."""
    return re.sub(r"[\s.\-_]", "", text)


def mask_cccd(number: str) -> str:
    """Show the province prefix and last three digits only, for logs and crowded lists."""
    if len(number) <= 6:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 6) + number[-3:]


def _problem(code: str, vi: str, en: str, field: str) -> Problem:
    return Problem(code=code, field=field, message_vi=vi, message_en=en, article=ARTICLE)


def check_cccd(text: str, field: str = "cccd") -> list[Problem]:
    """Every structural problem of a typed ID, in the order a person would fix them."""
    number = normalize_cccd_input(text)
    if not number:
        return [
            _problem(
                "cccd.empty",
                "Chưa nhập số định danh cá nhân (CCCD). Hãy nhập đủ 12 chữ số.",
                "The personal ID (CCCD) is empty. Enter all 12 digits.",
                field,
            )
        ]
    if not _DIGITS.fullmatch(number):
        return [
            _problem(
                "cccd.not_digits",
                "Số định danh chỉ gồm chữ số 0–9. Hãy xoá chữ cái hoặc ký tự khác.",
                "The ID may contain digits 0–9 only. Remove letters and other characters.",
                field,
            )
        ]
    if len(number) == 9:
        return [
            _problem(
                "cccd.old_cmnd",
                "Đây là số CMND 9 chữ số, đã hết giá trị từ 01/01/2025. "
                "Hãy dùng số CCCD/định danh cá nhân 12 chữ số.",
                "This is a 9-digit People's ID (CMND), invalid since 1 Jan 2025. "
                "Use the 12-digit personal ID (CCCD).",
                field,
            )
        ]
    if len(number) != 12:
        return [
            _problem(
                "cccd.length",
                f"Số định danh phải có đúng 12 chữ số (đang có {len(number)}).",
                f"The personal ID must have exactly 12 digits (it has {len(number)}).",
                field,
            )
        ]
    problems: list[Problem] = []
    if number[:3] not in province_names():
        problems.append(
            _problem(
                "cccd.province",
                f"Ba chữ số đầu ({number[:3]}) không phải mã tỉnh/thành nơi đăng ký khai sinh. "
                "Hãy kiểm tra lại số trên thẻ căn cước.",
                f"The first three digits ({number[:3]}) are not a birth-registration province "
                "code. Check the number on the ID card.",
                field,
            )
        )
    return problems


def parse_cccd(text: str, field: str = "cccd") -> Cccd:
    """Parse a typed ID; raise :class:`CccdError` with the first problem if it is malformed."""
    problems = check_cccd(text, field)
    if problems:
        raise CccdError(problems[0])
    number = normalize_cccd_input(text)
    g = int(number[3])
    return Cccd(
        number=number,
        province_code=number[:3],
        province_name=province_names()[number[:3]],
        gender="male" if g % 2 == 0 else "female",
        birth_year=_CENTURY_BASE[g // 2] + int(number[4:6]),
    )


def check_against_person(
    cccd: Cccd, date_of_birth: date, gender: Gender, field: str = "cccd"
) -> list[Problem]:
    """Problems where the ID disagrees with the declared date of birth or gender."""
    problems: list[Problem] = []
    if cccd.birth_year != date_of_birth.year:
        problems.append(
            _problem(
                "cccd.birth_year_mismatch",
                f"Số định danh cho năm sinh {cccd.birth_year}, nhưng ngày sinh khai là "
                f"{date_of_birth:%d/%m/%Y}. Hãy kiểm tra lại số định danh hoặc ngày sinh.",
                f"The ID encodes birth year {cccd.birth_year} but the declared date of birth "
                f"is {date_of_birth:%d/%m/%Y}. Check the ID or the date of birth.",
                field,
            )
        )
    if cccd.gender != gender:
        vi = {"male": "nam", "female": "nữ"}
        problems.append(
            _problem(
                "cccd.gender_mismatch",
                f"Số định danh cho giới tính {vi[cccd.gender]}, nhưng giới tính khai là "
                f"{vi[gender]}. Hãy kiểm tra lại.",
                f"The ID encodes gender {cccd.gender} but the declared gender is {gender}. "
                "Check both.",
                field,
            )
        )
    return problems


def build_cccd(province_code: str, gender: Gender, birth_year: int, serial: int) -> str:
    """Compose a structurally valid ID (used by the synthetic population register)."""
    century_index = (birth_year - 1900) // 100
    if century_index not in _CENTURY_BASE or province_code not in province_names():
        raise ValueError("birth year or province outside the ID scheme")
    if not 0 <= serial <= 999_999:
        raise ValueError("serial must have at most six digits")
    g = century_index * 2 + (0 if gender == "male" else 1)
    return f"{province_code}{g}{birth_year % 100:02d}{serial:06d}"
