"""Helpers for the registration, sync and fault tests: people, docs, operations, a private server.

Each module starts its own instance (own SQLite file) so records, faults and rate limits never
leak into the shared session server of the other mock tests.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from fastapi import FastAPI
from sqlalchemy import func, select

from ministry_mock.app import create_app, instance_of, seed_report
from ministry_mock.registrations import COUNTER
from ministry_mock.seed import (
    DEMO_ADMIN_PASS,
    DEMO_ADMIN_USERNAME,
    DEMO_CANDIDATE_PASS,
    DEMO_OTHER_STAFF_USERNAME,
    DEMO_STAFF_PASS,
    DEMO_STAFF_USERNAME,
)
from ministry_mock.server import RunningServer, start_in_thread
from ministry_mock.store import AuditEntry, Citizen
from ministry_mock.store.models import ChangeCounter, ExamRegistration
from tests.mock.conftest import small_settings
from tests.mock.support import TIMEOUT, bearer, tokens

YEAR = 2026


@dataclass(frozen=True)
class Person:
    cccd: str
    full_name: str
    date_of_birth: str
    gender: str


@dataclass
class Mock:
    """One private instance and the access tokens of the demo accounts."""

    app: FastAPI
    server: RunningServer
    staff: str
    staff2: str
    admin: str
    candidate: str
    candidate_cccd: str

    @property
    def url(self) -> str:
        return self.server.base_url

    def people(self, n: int, skip: int = 0) -> list[Person]:
        """Citizens in generation order, never the demo candidate (they push for themselves)."""
        with instance_of(self.app).store.sessions() as session:
            rows = session.scalars(
                select(Citizen)
                .where(Citizen.cccd != self.candidate_cccd)
                .order_by(Citizen.seq)
                .offset(skip)
                .limit(n)
            )
            return [
                Person(c.cccd, c.full_name, c.date_of_birth.isoformat(), c.gender) for c in rows
            ]

    def person(self, cccd: str) -> Person:
        with instance_of(self.app).store.sessions() as session:
            c = session.get(Citizen, cccd)
            assert c is not None
            return Person(c.cccd, c.full_name, c.date_of_birth.isoformat(), c.gender)

    def registration_count(self, **where: Any) -> int:
        with instance_of(self.app).store.sessions() as session:
            query = select(func.count()).select_from(ExamRegistration)
            for name, value in where.items():
                query = query.where(getattr(ExamRegistration, name) == value)
            return int(session.scalar(query) or 0)

    def change_seqs(self) -> tuple[list[int], int]:
        """Every registration's change number, and the value of the change counter."""
        with instance_of(self.app).store.sessions() as session:
            seqs = list(session.scalars(select(ExamRegistration.change_seq)))
            counter = session.scalar(
                select(ChangeCounter.value).where(ChangeCounter.name == COUNTER)
            )
            return seqs, int(counter or 0)

    def audit(self, **where: Any) -> list[AuditEntry]:
        with instance_of(self.app).store.sessions() as session:
            query = select(AuditEntry).order_by(AuditEntry.id)
            for name, value in where.items():
                query = query.where(getattr(AuditEntry, name) == value)
            return list(session.scalars(query))


@contextmanager
def private_mock(db_dir: Path, **overrides: Any) -> Iterator[Mock]:
    settings = small_settings(
        db_dir / "ministry.sqlite3", citizens=80, schools=20, scrypt_n=2**10, **overrides
    )
    app = create_app(settings)
    candidate = seed_report(app).demo_candidate_username
    assert candidate is not None
    with start_in_thread(app) as server:
        url = server.base_url

        def token(user: str, password: str) -> str:
            return str(tokens(url, user, password)["access_token"])

        yield Mock(
            app=app,
            server=server,
            staff=token(DEMO_STAFF_USERNAME, DEMO_STAFF_PASS),
            staff2=token(DEMO_OTHER_STAFF_USERNAME, DEMO_STAFF_PASS),
            admin=token(DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASS),
            candidate=token(candidate, DEMO_CANDIDATE_PASS),
            candidate_cccd=candidate,
        )


def doc(person: Person, **changes: Any) -> dict[str, Any]:
    """A registration that passes the 2026 rules (a 12th grader at a Hà Nội school)."""
    body: dict[str, Any] = {
        "cccd": person.cccd,
        "full_name": person.full_name,
        "date_of_birth": person.date_of_birth,
        "gender": person.gender,
        "category": "a",
        "subjects": ["TO", "VA", "LI", "NN"],
        "foreign_language": "N1",
        "schools": [
            {"grade": g, "province_code": "01", "school_code": "001", "area": "KV3"}
            for g in (10, 11, 12)
        ],
        "photo": {"width_px": 400, "height_px": 600},
    }
    body.update(changes)
    return body


def op(
    document: dict[str, Any],
    *,
    record_id: str | None = None,
    key: str | None = None,
    base_version: int | None = None,
    submit: bool = False,
    year: int = YEAR,
) -> dict[str, Any]:
    return {
        "idempotency_key": key or str(uuid.uuid4()),
        "record_id": record_id or str(uuid.uuid4()),
        "base_version": base_version,
        "exam_year": year,
        "submit": submit,
        "doc": document,
    }


def push(url: str, token: str, *ops: dict[str, Any]) -> requests.Response:
    return requests.post(
        f"{url}/sync/push", json={"operations": list(ops)}, headers=bearer(token), timeout=TIMEOUT
    )


def push_one(url: str, token: str, operation: dict[str, Any]) -> dict[str, Any]:
    response = push(url, token, operation)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert len(results) == 1
    result: dict[str, Any] = results[0]
    return result


def get(url: str, path: str, token: str, **params: Any) -> requests.Response:
    return requests.get(f"{url}{path}", params=params, headers=bearer(token), timeout=TIMEOUT)


def review(
    url: str, token: str, record_id: str, action: str, base_version: int, reason: str | None = None
) -> requests.Response:
    return requests.post(
        f"{url}/registrations/{record_id}/review",
        json={"action": action, "base_version": base_version, "reason": reason},
        headers=bearer(token),
        timeout=TIMEOUT,
    )
