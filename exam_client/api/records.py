"""Wire models of the records that sync (registrations first; preference lists, payment requests
and enrollment confirmations follow the same envelope), and the batch push / delta pull bodies.

Shared by the client and the mock ministry, like :mod:`exam_client.api.contract`.
:func:`registration_to_doc` / :func:`registration_from_doc` convert to and from the rules
engine's :class:`~exam_client.domain.registration.Registration`, so both sides validate the same
object with the same code.

Sync semantics (ARCHITECTURE.md "How data flows"):

* every operation carries a client-made ``idempotency_key`` (a UUID made before the first attempt
  and never regenerated) and the record's ``base_version`` (``None`` for a new record);
* the server answers each operation on its own: ``applied`` (new version), ``duplicate`` (the
  same key and the same body again: the first answer, unchanged), ``conflict`` (the base version
  is not the server's: the server copy is returned), ``rejected`` (problems a person must fix);
  the same key with a *different* body is refused for that operation (``rejected`` with code
  ``sync.key_reused``); receipts are kept for ``applied`` operations only — a conflict or a
  rejection changed nothing, so re-sending it is simply checked again;
* pulls are deltas: changes since an opaque cursor, scoped to what the caller may see.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from exam_client.api.contract import ProblemField
from exam_client.domain.registration import (
    Category,
    FlCertificate,
    Photo,
    Purpose,
    Registration,
    SchoolAttendance,
)

MAX_PUSH_BATCH = 500
RecordKind = Literal["registration"]
RegistrationStatus = Literal["draft", "submitted", "confirmed", "returned"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SchoolAttendanceDoc(_Model):
    grade: int = Field(ge=10, le=12)
    province_code: str = Field(max_length=2)
    school_code: str = Field(max_length=3)
    area: str = Field(max_length=8)
    school_name: str = Field(default="", max_length=200)


class FlCertificateDoc(_Model):
    type: str = Field(max_length=64)
    valid_until: date
    score: Decimal | None = None
    level: str | None = Field(default=None, max_length=16)
    components: dict[str, Decimal] = Field(default_factory=dict)


class PhotoDoc(_Model):
    width_px: int = Field(ge=0, le=20_000)
    height_px: int = Field(ge=0, le=20_000)


class RegistrationDoc(_Model):
    """The registration form (phiếu đăng ký dự thi) as sent over the wire."""

    cccd: str = Field(max_length=20)
    full_name: str = Field(max_length=120)
    date_of_birth: date
    gender: Literal["male", "female"]
    category: Literal["a", "b", "c", "d"]
    programme: Literal["2018", "2006"] = "2018"
    purpose: Literal["graduation", "admission", "both"] = "both"
    subjects: list[str] = Field(default_factory=list, max_length=8)
    foreign_language: str | None = Field(default=None, max_length=4)
    fl_exemption: FlCertificateDoc | None = None
    reserved_scores: dict[str, Decimal] = Field(default_factory=dict)
    schools: list[SchoolAttendanceDoc] = Field(default_factory=list, max_length=3)
    priority_objects: list[str] = Field(default_factory=list, max_length=7)
    graduation_priority: str | None = Field(default=None, max_length=8)
    graduation_year: int | None = Field(default=None, ge=1950, le=2100)
    photo: PhotoDoc | None = None
    class_name: str | None = Field(default=None, max_length=32)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=120)
    address: str | None = Field(default=None, max_length=300)
    # Identity as the register holds it (form items 5–7); optional so older clients still send.
    ethnicity: str | None = Field(default=None, max_length=40)
    birth_place: str | None = Field(default=None, max_length=60)
    residence: str | None = Field(default=None, max_length=200)


class RegistrationRecord(_Model):
    """A registration as the server holds it."""

    id: UUID
    exam_year: int
    school_code: str
    status: RegistrationStatus
    version: int = Field(ge=1)
    doc: RegistrationDoc
    return_reason: str | None = None
    updated_at: AwareDatetime
    updated_by: str


class PushOperation(_Model):
    idempotency_key: UUID
    kind: RecordKind = "registration"
    record_id: UUID
    base_version: int | None = Field(default=None, ge=1)
    exam_year: int = Field(ge=2025, le=2100)
    submit: bool = Field(default=False, description="submit for review (else keep as draft)")
    doc: RegistrationDoc


class PushRequest(_Model):
    operations: list[PushOperation] = Field(min_length=1, max_length=MAX_PUSH_BATCH)


Outcome = Literal["applied", "duplicate", "conflict", "rejected"]


class PushResult(_Model):
    idempotency_key: UUID
    record_id: UUID
    outcome: Outcome
    version: int | None = None
    server_record: RegistrationRecord | None = Field(
        default=None, description="the server's copy: always on applied/duplicate/conflict"
    )
    problems: list[ProblemField] = Field(default_factory=list)


class PushResponse(_Model):
    results: list[PushResult]


class RecordChange(_Model):
    kind: RecordKind = "registration"
    record: RegistrationRecord


class ChangesPage(_Model):
    changes: list[RecordChange]
    next_cursor: str
    has_more: bool


class ReviewDecision(_Model):
    """Staff confirm a submitted registration, or return it with a reason."""

    action: Literal["confirm", "return"]
    base_version: int = Field(ge=1)
    reason: str | None = Field(default=None, max_length=500)


# -- conversion to and from the rules engine's model ------------------------------------------


def registration_to_doc(
    r: Registration, *, class_name: str | None = None, **contact: Any
) -> RegistrationDoc:
    return RegistrationDoc(
        cccd=r.cccd,
        full_name=r.full_name,
        date_of_birth=r.date_of_birth,
        gender=r.gender,
        category=r.category.value,
        programme=r.programme,
        purpose=r.purpose.value,
        subjects=list(r.subjects),
        foreign_language=r.foreign_language,
        fl_exemption=(
            FlCertificateDoc(
                type=r.fl_exemption.type,
                valid_until=r.fl_exemption.valid_until,
                score=r.fl_exemption.score,
                level=r.fl_exemption.level,
                components=dict(r.fl_exemption.components),
            )
            if r.fl_exemption
            else None
        ),
        reserved_scores=dict(r.reserved_scores),
        schools=[
            SchoolAttendanceDoc(
                grade=grade,
                province_code=s.province_code,
                school_code=s.school_code,
                area=s.area,
                school_name=s.school_name,
            )
            for grade, s in sorted(r.schools.items())
        ],
        priority_objects=list(r.priority_objects),
        graduation_priority=r.graduation_priority,
        graduation_year=r.graduation_year,
        photo=PhotoDoc(width_px=r.photo.width_px, height_px=r.photo.height_px) if r.photo else None,
        class_name=class_name,
        **contact,
    )


def registration_from_doc(doc: RegistrationDoc) -> Registration:
    fl = doc.fl_exemption
    return Registration(
        cccd=doc.cccd,
        full_name=doc.full_name,
        date_of_birth=doc.date_of_birth,
        gender=doc.gender,
        category=Category(doc.category),
        programme=doc.programme,
        purpose=Purpose(doc.purpose),
        subjects=tuple(doc.subjects),
        foreign_language=doc.foreign_language,
        fl_exemption=(
            FlCertificate(fl.type, fl.valid_until, fl.score, fl.level, dict(fl.components))
            if fl
            else None
        ),
        reserved_scores=dict(doc.reserved_scores),
        schools={
            s.grade: SchoolAttendance(s.province_code, s.school_code, s.area, s.school_name)
            for s in doc.schools
        },
        priority_objects=tuple(doc.priority_objects),
        graduation_priority=doc.graduation_priority,
        graduation_year=doc.graduation_year,
        photo=Photo(doc.photo.width_px, doc.photo.height_px) if doc.photo else None,
    )
