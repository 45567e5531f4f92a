"""The exam registration record (phiếu đăng ký dự thi) and its validation.

Errors found late are fixed in the exam room on procedure day, or never (DOMAIN.md §13.6), so the
client checks the whole record against the year's rule set before it is sent and reports *all*
problems at once, each with the field to fix, what to do, and the article it comes from. The
server runs the same function and stays the authority.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from exam_client.domain import exemption, subject_choice
from exam_client.domain.cccd import Gender, check_against_person, check_cccd, parse_cccd
from exam_client.domain.problems import Problem
from exam_client.domain.ruleset import RuleSet
from exam_client.domain.subjects import Programme

GRADES = (10, 11, 12)
_PROVINCE = re.compile(r"\d{2}")
_SCHOOL = re.compile(r"\d{3}")


class Category(StrEnum):
    """Candidate categories of Circular 24/2024 Art. 19.1 (DOMAIN.md §2.1)."""

    A = "a"  # completed grade 12 this year
    B = "b"  # completed earlier, not (yet) graduated
    C = "c"  # holds a THPT diploma, sits for admission
    D = "d"  # holds a trung cấp diploma, sits for admission


CATEGORY_LABELS: Mapping[Category, tuple[str, str]] = {
    Category.A: ("Học sinh lớp 12 năm nay", "12th grader this year"),
    Category.B: ("Thí sinh tự do chưa tốt nghiệp THPT", "free candidate, not yet graduated"),
    Category.C: ("Thí sinh tự do đã tốt nghiệp THPT", "free candidate with a THPT diploma"),
    Category.D: ("Thí sinh tự do đã tốt nghiệp trung cấp", "free candidate, trung cấp diploma"),
}


class Purpose(StrEnum):
    """Why the candidate sits the exam (form item 11)."""

    GRADUATION = "graduation"
    ADMISSION = "admission"
    BOTH = "both"

    @property
    def for_graduation(self) -> bool:
        return self is not Purpose.ADMISSION

    @property
    def for_admission(self) -> bool:
        return self is not Purpose.GRADUATION


@dataclass(frozen=True, slots=True)
class SchoolAttendance:
    """The school of one THPT grade: DoET code (2 digits) + school code (3 digits), form item 6.

    ``area`` is the school's priority area in that period; a school whose area changed has one code
    per period (DOMAIN.md §2.2), so the code already tells which area applies.
    """

    province_code: str
    school_code: str
    area: str
    school_name: str = ""

    @property
    def label(self) -> str:
        code = f"{self.province_code}-{self.school_code}"
        return f"{self.school_name} ({code})" if self.school_name else f"trường {code}"


@dataclass(frozen=True, slots=True)
class FlCertificate:
    """A language certificate declared for the FL exemption (form item 12, DOMAIN.md §2.4).

    ``score`` for score scales (IELTS 4.0), ``level`` for level scales (JLPT "N3"),
    ``components`` for per-skill minimums (TOEIC listening/reading/speaking/writing).
    """

    type: str
    valid_until: date
    score: Decimal | None = None
    level: str | None = None
    components: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Photo:
    width_px: int
    height_px: int


@dataclass(frozen=True)
class Registration:
    """What a candidate declares; ``subjects`` holds ``NN`` for Ngoại ngữ, the language apart."""

    cccd: str
    full_name: str
    date_of_birth: date
    gender: Gender
    category: Category
    programme: Programme = "2018"
    purpose: Purpose = Purpose.BOTH
    subjects: tuple[str, ...] = ()
    foreign_language: str | None = None
    fl_exemption: FlCertificate | None = None
    reserved_scores: Mapping[str, Decimal] = field(default_factory=dict)
    schools: Mapping[int, SchoolAttendance] = field(default_factory=dict)
    priority_objects: tuple[str, ...] = ()
    graduation_priority: str | None = None
    graduation_year: int | None = None
    photo: Photo | None = None


def problem(
    code: str, field_path: str, vi: str, en: str, article: str | None, *, warning: bool = False
) -> Problem:
    return Problem(code, field_path, vi, en, article, "warning" if warning else "error")


def validate(registration: Registration, ruleset: RuleSet, today: date) -> list[Problem]:
    """Every problem of the record, in form order; an empty list means it can be submitted."""
    reg, rs = registration, ruleset
    return [
        *_identity(reg, today),
        *_category(reg, rs),
        *subject_choice.check_subjects(reg, rs),
        *subject_choice.check_language(reg, rs),
        *exemption.check_fl_exemption(reg, rs),
        *exemption.check_reserved_scores(reg, rs),
        *_schools(reg, rs),
        *_priority(reg, rs),
        *_photo(reg, rs),
    ]


def _identity(reg: Registration, today: date) -> list[Problem]:
    found: list[Problem] = []
    name = reg.full_name.strip()
    if not name:
        found.append(
            problem(
                "full_name.empty",
                "full_name",
                "Chưa nhập họ và tên. Hãy ghi đầy đủ họ tên có dấu như trên giấy khai sinh.",
                "The full name is empty. Enter it with diacritics as on the birth certificate.",
                None,
            )
        )
    elif any(ch.isdigit() for ch in name):
        found.append(
            problem(
                "full_name.digits",
                "full_name",
                "Họ và tên không được chứa chữ số. Hãy kiểm tra lại.",
                "The full name must not contain digits. Check it.",
                None,
            )
        )
    if reg.date_of_birth > today:
        found.append(
            problem(
                "date_of_birth.future",
                "date_of_birth",
                f"Ngày sinh {reg.date_of_birth:%d/%m/%Y} ở tương lai. Hãy nhập lại ngày sinh.",
                f"The date of birth {reg.date_of_birth:%d/%m/%Y} is in the future. Re-enter it.",
                None,
            )
        )
    cccd_problems = check_cccd(reg.cccd, "cccd")
    if cccd_problems:
        return found + cccd_problems
    cccd = parse_cccd(reg.cccd)
    return found + check_against_person(cccd, reg.date_of_birth, reg.gender, "cccd")


def _category(reg: Registration, rs: RuleSet) -> list[Problem]:
    found: list[Problem] = []
    label_vi, label_en = CATEGORY_LABELS[reg.category]
    if reg.category in rs.graduation_categories and not reg.purpose.for_graduation:
        found.append(
            problem(
                "purpose.graduation_required",
                "purpose",
                f"{label_vi} phải dự thi để xét công nhận tốt nghiệp. "
                "Hãy chọn mục đích 'Xét tốt nghiệp' hoặc 'Xét tốt nghiệp và tuyển sinh'.",
                f"A {label_en} must sit for graduation recognition. "
                "Choose 'graduation' or 'graduation and admission'.",
                rs.article("registration.graduation_categories"),
            )
        )
    if reg.category in rs.admission_only_categories and reg.purpose.for_graduation:
        found.append(
            problem(
                "purpose.admission_only",
                "purpose",
                f"{label_vi} chỉ dự thi để lấy kết quả xét tuyển. "
                "Hãy chọn mục đích 'Chỉ xét tuyển sinh'.",
                f"A {label_en} sits for admission only. Choose 'admission'.",
                rs.article("registration.admission_only_categories"),
            )
        )
    if reg.programme == "2006" and not rs.programme_2006_available:
        found.append(
            problem(
                "programme.2006_unavailable",
                "programme",
                f"Năm {rs.year} không tổ chức thi theo chương trình GDPT 2006. "
                "Hãy đăng ký theo chương trình GDPT 2018.",
                f"There is no 2006-programme exam in {rs.year}. Register for the 2018 programme.",
                rs.article("exam.programme_2006"),
            )
        )
    elif reg.programme == "2006" and reg.category not in rs.programme_2006_categories:
        found.append(
            problem(
                "programme.2006_category",
                "programme",
                f"{label_vi} dự thi theo chương trình GDPT 2018, không theo chương trình 2006. "
                "Hãy chọn chương trình 2018.",
                f"A {label_en} sits the 2018-programme exam. Choose the 2018 programme.",
                rs.article("registration.programme_2006_categories"),
            )
        )
    return found


def _schools(reg: Registration, rs: RuleSet) -> list[Problem]:
    article = rs.article("priority.areas")
    found: list[Problem] = []
    optional = reg.category in rs.admission_only_categories
    for grade in GRADES:
        if grade not in reg.schools:
            found.append(
                problem(
                    "schools.missing",
                    f"schools.{grade}",
                    f"Chưa khai trường học lớp {grade}. Hãy nhập mã tỉnh (2 số) và mã trường "
                    "(3 số); hệ thống dùng trường học ba năm THPT để xác định khu vực ưu tiên.",
                    f"The grade {grade} school is missing. Enter the province (2 digits) and "
                    "school (3 digits) codes; the priority area is derived from them.",
                    article,
                    warning=optional,
                )
            )
    for grade, school in sorted(reg.schools.items()):
        path = f"schools.{grade}"
        if grade not in GRADES:
            found.append(
                problem(
                    "schools.grade",
                    path,
                    f"Chỉ khai trường học lớp 10, 11 và 12 (không khai lớp {grade}).",
                    f"Only grades 10, 11 and 12 are declared (not {grade}).",
                    article,
                )
            )
            continue
        if not _PROVINCE.fullmatch(school.province_code) or school.province_code == "00":
            found.append(
                problem(
                    "schools.province_code",
                    f"{path}.province_code",
                    f"Mã tỉnh của trường lớp {grade} phải gồm 2 chữ số (ví dụ 01 Hà Nội). "
                    "Hãy xem mã trên danh mục trường của Sở GD&ĐT.",
                    f"The grade {grade} province code must be 2 digits (e.g. 01 Hà Nội).",
                    article,
                )
            )
        if not _SCHOOL.fullmatch(school.school_code):
            found.append(
                problem(
                    "schools.school_code",
                    f"{path}.school_code",
                    f"Mã trường lớp {grade} phải gồm 3 chữ số (ví dụ 053). "
                    "Hãy xem mã trên danh mục trường của Sở GD&ĐT.",
                    f"The grade {grade} school code must be 3 digits (e.g. 053).",
                    article,
                )
            )
        if school.area not in rs.area_points:
            areas = ", ".join(rs.area_points)
            found.append(
                problem(
                    "schools.area",
                    f"{path}.area",
                    f"Khu vực ưu tiên '{school.area}' của trường lớp {grade} không hợp lệ. "
                    f"Hãy chọn một trong: {areas}.",
                    f"Priority area '{school.area}' is not one of {areas}.",
                    article,
                )
            )
    return found


def _priority(reg: Registration, rs: RuleSet) -> list[Problem]:
    found: list[Problem] = []
    valid = ", ".join(code for group in rs.object_groups for code in group.objects)
    for code in reg.priority_objects:
        if rs.object_group(code) is None:
            found.append(
                problem(
                    "priority_objects.unknown",
                    "priority_objects",
                    f"Mã đối tượng ưu tiên '{code}' không hợp lệ. Hãy chọn một trong: {valid}, "
                    "hoặc để trống nếu không thuộc đối tượng ưu tiên.",
                    f"'{code}' is not a priority object code. Use one of {valid} or none.",
                    rs.article("priority.object_groups"),
                )
            )
    points = rs.graduation_priority_points
    if reg.graduation_priority is not None and reg.graduation_priority not in points:
        found.append(
            problem(
                "graduation_priority.unknown",
                "graduation_priority",
                f"Diện ưu tiên xét tốt nghiệp '{reg.graduation_priority}' không hợp lệ. "
                f"Hãy chọn một trong: {', '.join(points)}.",
                f"'{reg.graduation_priority}' is not a graduation priority category.",
                rs.article("graduation.priority_points"),
            )
        )
    if reg.graduation_year is not None and reg.graduation_year > rs.year:
        found.append(
            problem(
                "graduation_year.future",
                "graduation_year",
                f"Năm tốt nghiệp THPT {reg.graduation_year} sau năm thi {rs.year}. "
                "Hãy nhập lại năm tốt nghiệp.",
                f"Graduation year {reg.graduation_year} is after the exam year {rs.year}.",
                rs.article("priority.area_valid_years_after_graduation"),
            )
        )
    return found


def _photo(reg: Registration, rs: RuleSet) -> list[Problem]:
    rule, article = rs.photo, rs.article("registration.photo")
    size = f"{rule.min_width_px}×{rule.min_height_px}"
    if reg.photo is None:
        return [
            problem(
                "photo.missing",
                "photo",
                f"Chưa có ảnh chân dung. Hãy tải lên ảnh thẻ chụp trong 6 tháng, tối thiểu {size} "
                "điểm ảnh.",
                f"No portrait photo. Upload an ID photo under 6 months old, at least {size} px.",
                article,
            )
        ]
    found: list[Problem] = []
    width, height = reg.photo.width_px, reg.photo.height_px
    if width < rule.min_width_px or height < rule.min_height_px:
        found.append(
            problem(
                "photo.too_small",
                "photo",
                f"Ảnh {width}×{height} điểm ảnh nhỏ hơn mức tối thiểu {size}. "
                "Hãy chụp hoặc quét lại ảnh rõ hơn.",
                f"The photo is {width}×{height} px, below the minimum {size}. Take a larger one.",
                article,
            )
        )
    if rule.portrait and height <= width:
        found.append(
            problem(
                "photo.not_portrait",
                "photo",
                "Ảnh phải là ảnh chân dung dọc (cao hơn rộng, như ảnh 4×6). Hãy xoay hoặc cắt lại.",
                "The photo must be portrait (taller than wide, like 4×6). Rotate or crop it.",
                article,
            )
        )
    return found
