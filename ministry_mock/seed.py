"""Fill an empty database: geography, schools, the population register and accounts.

Seeding is idempotent: each part is created only when its table is empty, so restarting the
mock on an existing database file keeps its data. With ``demo`` on, known demo accounts exist
(constants below; the client's ``--demo`` mode and the tests sign in with them). Without it,
one administrator account gets a random password, reported once to the operator.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from ministry_mock.geography import provinces
from ministry_mock.population import COHORT_BIRTH_YEAR, generate_citizens
from ministry_mock.schools import DEMO_SCHOOL_CODE, generate_schools
from ministry_mock.security import hash_password
from ministry_mock.settings import MockSettings
from ministry_mock.store import Account, Citizen, Commune, Province, School, Store

log = logging.getLogger(__name__)

from ministry_mock.demo_accounts import (  # noqa: E402 - re-exported for existing callers
    DEMO_ADMIN_PASS,
    DEMO_ADMIN_USERNAME,
    DEMO_CANDIDATE_PASS,
    DEMO_OTHER_STAFF_USERNAME,
    DEMO_STAFF_DISPLAY_NAME,
    DEMO_STAFF_PASS,
    DEMO_STAFF_USERNAME,
)

__all__ = [
    "DEMO_ADMIN_PASS",
    "DEMO_ADMIN_USERNAME",
    "DEMO_CANDIDATE_PASS",
    "DEMO_OTHER_STAFF_USERNAME",
    "DEMO_STAFF_DISPLAY_NAME",
    "DEMO_STAFF_PASS",
    "DEMO_STAFF_USERNAME",
    "sample_citizen_ids",
    "seed_database",
]
ADMIN_USERNAME = "quantri"
CHUNK = 10_000


@dataclass(frozen=True, slots=True)
class SeedReport:
    citizens_created: int
    schools_created: int
    seconds: float
    demo_candidate_username: str | None = None
    generated_admin_pass: str | None = None


def _is_empty(session: Session, model: type[object]) -> bool:
    return not session.scalar(select(func.count()).select_from(model))


def _seed_geography(session: Session) -> None:
    session.execute(
        insert(Province),
        [
            {
                "code": p.code,
                "name": p.name,
                "full_name": p.full_name,
                "exam_code": p.exam_code,
                "region": p.region,
            }
            for p in provinces()
        ],
    )
    session.execute(
        insert(Commune),
        [
            {"code": c.code, "province_code": p.code, "name": c.name, "kind": c.kind}
            for p in provinces()
            for c in p.communes
        ],
    )


def _seed_citizens(session: Session, settings: MockSettings) -> int:
    rows = generate_citizens(settings.seed, settings.citizens)
    citizens = cast(Table, Citizen.__table__)  # Core insert: plain executemany, no ORM overhead
    created = 0
    while chunk := [r.db_row() for r in islice(rows, CHUNK)]:
        session.execute(insert(citizens), chunk)
        created += len(chunk)
    return created


def sample_citizen_ids(session: Session, n: int) -> list[str]:
    """The first ``n`` citizen IDs in generation order (stable for a seed): for tests, demos."""
    return list(session.scalars(select(Citizen.cccd).order_by(Citizen.seq).limit(n)))


def sample_people(session: Session, n: int, offset: int = 0) -> list[tuple[str, str, date, str]]:
    """The first ``n`` citizens in generation order (after ``offset``), as what a registration
    form needs: CCCD, full name, date of birth, gender. For tests, demos and benchmarks."""
    rows = session.execute(
        select(Citizen.cccd, Citizen.full_name, Citizen.date_of_birth, Citizen.gender)
        .order_by(Citizen.seq)
        .offset(offset)
        .limit(n)
    )
    return [(r.cccd, r.full_name, r.date_of_birth, r.gender) for r in rows]


def demo_candidate_username(session: Session) -> str | None:
    """The demo candidate signs in with their CCCD, like real candidates (DOMAIN.md §3.1)."""
    return session.scalar(
        select(Citizen.cccd)
        .where(Citizen.date_of_birth >= date(COHORT_BIRTH_YEAR, 1, 1))
        .where(Citizen.date_of_birth <= date(COHORT_BIRTH_YEAR, 12, 31))
        .order_by(Citizen.seq)
        .limit(1)
    )


def _ensure_account(
    session: Session,
    settings: MockSettings,
    *,
    username: str,
    password: str,
    role: str,
    display_name: str,
    school_code: str | None = None,
) -> None:
    if session.scalar(select(Account.id).where(Account.username == username)) is not None:
        return
    session.add(
        Account(
            username=username,
            password_hash=hash_password(password, n=settings.scrypt_n),
            role=role,
            display_name=display_name,
            school_code=school_code,
            failed_attempts=0,
        )
    )


def _seed_demo_accounts(session: Session, settings: MockSettings) -> str | None:
    _ensure_account(
        session,
        settings,
        username=DEMO_STAFF_USERNAME,
        password=DEMO_STAFF_PASS,
        role="staff",
        display_name=DEMO_STAFF_DISPLAY_NAME,
        school_code=DEMO_SCHOOL_CODE,
    )
    other_school = session.scalar(
        select(School.code).where(School.province_code != "01").order_by(School.code).limit(1)
    )
    _ensure_account(
        session,
        settings,
        username=DEMO_OTHER_STAFF_USERNAME,
        password=DEMO_STAFF_PASS,
        role="staff",
        display_name="Trần Văn Minh (cán bộ demo)",
        school_code=other_school,
    )
    _ensure_account(
        session,
        settings,
        username=DEMO_ADMIN_USERNAME,
        password=DEMO_ADMIN_PASS,
        role="admin",
        display_name="Quản trị demo",
    )
    candidate = demo_candidate_username(session)
    if candidate is not None:
        name = session.scalar(select(Citizen.full_name).where(Citizen.cccd == candidate))
        _ensure_account(
            session,
            settings,
            username=candidate,
            password=DEMO_CANDIDATE_PASS,
            role="candidate",
            display_name=name or "Thí sinh demo",
        )
    return candidate


def seed_database(store: Store, settings: MockSettings) -> SeedReport:
    """Create whatever is missing; cheap when the database is already seeded."""
    started = time.perf_counter()
    schools_created = citizens_created = 0
    generated: str | None = None
    with store.sessions() as session:
        if _is_empty(session, Province):
            _seed_geography(session)
        if _is_empty(session, School):
            schools = generate_schools(settings.seed, settings.schools)
            session.execute(insert(School), [s.db_row() for s in schools])
            schools_created = len(schools)
        if _is_empty(session, Citizen):
            citizens_created = _seed_citizens(session, settings)
        session.commit()
        candidate = None
        if settings.demo:
            candidate = _seed_demo_accounts(session, settings)
        elif _is_empty(session, Account):
            generated = secrets.token_urlsafe(12)
            _ensure_account(
                session,
                settings,
                username=ADMIN_USERNAME,
                password=generated,
                role="admin",
                display_name="Quản trị",
            )
        session.commit()
    seconds = time.perf_counter() - started
    if citizens_created or schools_created:
        log.info(
            "seeded %d citizens and %d schools in %.2f s",
            citizens_created,
            schools_created,
            seconds,
        )
    return SeedReport(citizens_created, schools_created, seconds, candidate, generated)
