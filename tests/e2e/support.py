"""Helpers for tests that drive the staff workflow against the real mock."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import select

from exam_client.api.records import PhotoDoc, RegistrationDoc, SchoolAttendanceDoc
from exam_client.services.context import AppServices
from exam_client.services.review import ReviewService
from ministry_mock.store.models import AuditEntry, Citizen
from tests.e2e.messy_file import Person
from tests.ministry import MockMinistry

YEAR = 2026


def people(ministry: MockMinistry, n: int, skip: int = 0) -> list[Person]:
    """Citizens of the mock's register, in generation order."""
    with ministry.store.sessions() as session:
        rows = session.scalars(select(Citizen).order_by(Citizen.seq).offset(skip).limit(n))
        return [Person(c.cccd, c.full_name, c.date_of_birth, c.gender) for c in rows]


def cohort(ministry: MockMinistry, n: int, year: int = 2008) -> list[Person]:
    """Citizens born in ``year`` (this year's 12th graders), IDs with a leading zero."""
    found = [
        p for p in people(ministry, 10_000) if p.date_of_birth.year == year and p.cccd[0] == "0"
    ]
    assert len(found) >= n, len(found)
    return found[:n]


def attach_review(services: AppServices) -> ReviewService:
    """The composition root builds it (``build_services``); kept for the tests that call it."""
    assert services.review is not None
    return services.review


def complete_doc(p: Person, class_name: str = "12A1") -> RegistrationDoc:
    """A form that passes the 2026 rules and can be submitted (photo included)."""
    return RegistrationDoc(
        cccd=p.cccd,
        full_name=p.full_name,
        date_of_birth=p.date_of_birth,
        gender=p.gender,  # type: ignore[arg-type]
        category="a",
        subjects=["TO", "VA", "LI", "NN"],
        foreign_language="N1",
        schools=[
            SchoolAttendanceDoc(grade=g, province_code="01", school_code="001", area="KV3")
            for g in (10, 11, 12)
        ],
        photo=PhotoDoc(width_px=400, height_px=600),
        class_name=class_name,
    )


def submit_and_sync(
    services: AppServices, doc: RegistrationDoc, record_id: UUID | None = None
) -> UUID:
    assert services.registrations is not None and services.sync is not None
    result = services.registrations.submit(doc, exam_year=YEAR, record_id=record_id)
    assert result.saved, result.problems
    report = services.sync.run_once()
    assert report.halted is None, report
    local = services.registrations.get(result.record_id)
    assert local is not None and local.server_status == "submitted", local
    return result.record_id


def mock_audit(ministry: MockMinistry, action: str) -> list[Any]:
    with ministry.store.sessions() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def dob(p: Person) -> date:
    return p.date_of_birth
