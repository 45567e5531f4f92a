"""Everything printed on one registration form, as plain values.

The printing code takes this instead of services or storage objects: it can then run in a worker
thread with nothing shared, and a test can print a form from literals. ``from_registration`` builds
it from the domain ``Registration`` plus what the record keeps beside it (class, school names,
contact details, the registration point).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from PySide6.QtGui import QImage

from exam_client.domain.cccd import Gender
from exam_client.domain.registration import (
    CATEGORY_LABELS,
    Category,
    FlCertificate,
    Purpose,
    Registration,
    SchoolAttendance,
)
from exam_client.domain.subjects import FOREIGN_LANGUAGE, subject_name

GENDER_VI: Mapping[Gender, str] = {"male": "Nam", "female": "Nữ"}


@dataclass(frozen=True)
class FormData:
    """One candidate's form (DOMAIN.md §2.2); field comments give the form item number."""

    registration_id: str  # the QR code carries this and nothing else
    department_name: str  # header: "Sở GD&ĐT <name>"
    department_code: str  # header: 2 digits
    full_name: str  # 1
    date_of_birth: date  # 2
    gender: Gender  # 2
    birth_place: str  # 3
    ethnicity: str  # 3
    cccd: str  # 4
    category: Category  # 9
    purpose: Purpose  # 11
    form_number: str = ""  # header "Số phiếu", filled by the receiving unit
    foreign_nationality: bool = False  # 3
    residence: str = ""  # 5
    schools: Mapping[int, SchoolAttendance] = field(default_factory=dict)  # 6
    class_name: str = ""  # 6: class 12
    phone: str = ""  # 7
    email: str = ""  # 7
    address: str = ""  # 8
    programme: str = "2018"  # 9
    council_name: str = ""  # 10: defaults to the department
    council_code: str = ""  # 10
    registration_point: str = ""  # 10: đơn vị ĐKDT
    subjects: tuple[str, ...] = ()  # 11: codes; "NN" stands for the language below
    foreign_language: str | None = None  # 11: N1–N7
    fl_exemption: FlCertificate | None = None  # 12
    reserved_scores: Mapping[str, Decimal] = field(default_factory=dict)  # 13
    priority_objects: tuple[str, ...] = ()  # 14
    priority_area: str = ""  # 14: computed by the domain from the three schools
    graduation_priority: str | None = None  # 15
    graduation_year: int | None = None  # 15: free candidates
    incentive: str = ""  # 15: điểm khuyến khích, e.g. a competition prize
    status: str = ""  # shown under the title so a draft is never mistaken for a final form
    photo: QImage | bytes | None = None
    exam_year: int = 2026

    @classmethod
    def from_registration(
        cls,
        registration: Registration,
        *,
        registration_id: str,
        department_name: str,
        department_code: str,
        birth_place: str,
        ethnicity: str,
        class_name: str = "",
        registration_point: str = "",
        residence: str = "",
        phone: str = "",
        email: str = "",
        address: str = "",
        status: str = "",
        form_number: str = "",
        priority_area: str = "",
        incentive: str = "",
        photo: QImage | bytes | None = None,
        exam_year: int = 2026,
    ) -> FormData:
        reg = registration
        return cls(
            registration_id=registration_id,
            department_name=department_name,
            department_code=department_code,
            full_name=reg.full_name,
            date_of_birth=reg.date_of_birth,
            gender=reg.gender,
            birth_place=birth_place,
            ethnicity=ethnicity,
            cccd=reg.cccd,
            category=reg.category,
            purpose=reg.purpose,
            form_number=form_number,
            residence=residence,
            schools=dict(reg.schools),
            class_name=class_name,
            phone=phone,
            email=email,
            address=address,
            programme=reg.programme,
            registration_point=registration_point,
            subjects=reg.subjects,
            foreign_language=reg.foreign_language,
            fl_exemption=reg.fl_exemption,
            reserved_scores=dict(reg.reserved_scores),
            priority_objects=reg.priority_objects,
            priority_area=priority_area,
            graduation_priority=reg.graduation_priority,
            graduation_year=reg.graduation_year,
            incentive=incentive,
            status=status,
            photo=photo,
            exam_year=exam_year,
        )

    @property
    def gender_vi(self) -> str:
        return GENDER_VI[self.gender]

    @property
    def category_vi(self) -> str:
        return CATEGORY_LABELS[self.category][0]

    @property
    def council(self) -> tuple[str, str]:
        """Exam council name and code; the council is the department unless told otherwise."""
        return (
            self.council_name or f"Sở GD&ĐT {self.department_name}",
            self.council_code or self.department_code,
        )

    def subjects_vi(self) -> str:
        return subjects_vi(self.subjects, self.foreign_language)

    def exemption_vi(self) -> str:
        cert = self.fl_exemption
        if cert is None:
            return "Không"
        result = (
            cert.level if cert.level else (_score(cert.score) if cert.score is not None else "")
        )
        parts = [cert.type, result, f"hiệu lực đến {cert.valid_until:%d/%m/%Y}"]
        return ", ".join(p for p in parts if p)

    def reserved_vi(self) -> str:
        if not self.reserved_scores:
            return "Không"
        return "; ".join(f"{subject_name(c)}: {_score(s)}" for c, s in self.reserved_scores.items())


def subjects_vi(
    subjects: Sequence[str], foreign_language: str | None, *, short: bool = False
) -> str:
    """The registered papers in form order; the foreign language is named, with its code unless
    ``short`` (a class list column has no room for it)."""
    names = []
    for code in subjects:
        if code == FOREIGN_LANGUAGE and foreign_language:
            language = subject_name(foreign_language)
            names.append(language if short else f"Ngoại ngữ: {language} ({foreign_language})")
        else:
            names.append(subject_name(code))
    return ", ".join(names)


def _score(value: Decimal) -> str:
    """Vietnamese decimal comma: 6,5 not 6.5."""
    return format(value.normalize(), "f").replace(".", ",")
