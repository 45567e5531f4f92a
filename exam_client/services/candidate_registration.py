"""A free candidate's own exam registration at a kiosk (DOMAIN.md §2.1 b–d, §3.1).

Why this is not :class:`~exam_client.services.registrations.RegistrationService`: that service
writes the record and an outbox entry to the machine's encrypted cache (right for a school,
whose staff come back to the same machine). A kiosk is shared: the candidate's registration must
not stay on its disk. So here the form goes straight to the server — ``POST /sync/push`` as the
candidate, which the ministry allows for the caller's own CCCD — and everything kept between
attempts lives in the candidate session (memory; the wipe clears it):

* the idempotency key is made before the first attempt and kept in ``session.data`` together
  with the body it was made for; a retry of the same content (after a timeout, a lost answer)
  reuses it, so the server answers ``duplicate`` instead of writing twice; changed content gets
  a new key (the server refuses a different body under a used key);
* the record id is made once per visit (or taken from the server's copy) and kept the same way.

The identity part comes from the population register (``GET /candidates/me/citizen``: the
caller's own record only) and is read-only on the kiosk.

Threads: :meth:`load` and :meth:`submit` block on the network (worker thread); :meth:`check`
is pure computation.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from exam_client.api import errors as api_errors
from exam_client.api.contract import CitizenRecord
from exam_client.api.records import PushOperation, RegistrationDoc, registration_from_doc
from exam_client.domain.problems import Problem
from exam_client.domain.registration import validate
from exam_client.domain.ruleset import load_ruleset
from exam_client.services.candidate_session import CandidateSession, SessionEnded
from exam_client.services.errors import ServiceError
from exam_client.services.sync_apply import problems_of

if TYPE_CHECKING:
    from exam_client.api.client import MinistryClient
    from exam_client.services.candidate_session import CandidateSessionService

SUBMIT_KEY = "registration.submit"  # (key, body digest) in session.data
RECORD_ID = "registration.record_id"
FREE_CATEGORIES = ("b", "c", "d")
CITIZEN_PATH = "/candidates/me/citizen"


class RegistrationRefused(ServiceError):
    """The server refused the form: ``problems`` say what to fix, field by field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            "registration rejected", message_vi="Phiếu chưa được nhận. Hãy sửa các lỗi."
        )
        self.problems = problems


class RegistrationLocked(ServiceError):
    """The registration point already confirmed the form: a kiosk cannot change it."""

    message_vi = (
        "Phiếu đăng ký của bạn đã được xác nhận nên không sửa được tại ki-ốt. "
        "Nếu cần sửa, hãy liên hệ điểm tiếp nhận hồ sơ."
    )


@dataclass(frozen=True, slots=True)
class CandidateIdentity:
    """Form items 1–5 as the population register holds them (never typed at the kiosk)."""

    cccd: str
    full_name: str
    date_of_birth: date | None
    gender: str | None
    ethnicity: str = ""
    birth_place: str = ""
    residence: str = ""
    from_register: bool = True


@dataclass(frozen=True, slots=True)
class ServerRegistration:
    """The candidate's registration as the ministry holds it."""

    record_id: uuid.UUID
    status: str
    version: int
    doc: RegistrationDoc
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class RegistrationStart:
    identity: CandidateIdentity
    existing: ServerRegistration | None


@dataclass(frozen=True, slots=True)
class Submitted:
    """The answer to a submission: the server's copy, and whether this was a repeat."""

    registration: ServerRegistration
    duplicate: bool
    idempotency_key: uuid.UUID
    warnings: tuple[Problem, ...] = ()


def _identity(citizen: CitizenRecord) -> CandidateIdentity:
    residence = ", ".join(
        part for part in (citizen.residence_commune_name, citizen.residence_province_name) if part
    )
    return CandidateIdentity(
        cccd=citizen.cccd,
        full_name=citizen.full_name,
        date_of_birth=citizen.date_of_birth,
        gender=citizen.gender,
        ethnicity=citizen.ethnicity,
        birth_place=citizen.birth_province_name,
        residence=residence,
    )


def digest(doc: RegistrationDoc, exam_year: int) -> str:
    """What a key was made for: the exact content (a changed form needs a new key)."""
    body = f"{exam_year}:{doc.model_dump_json()}".encode()
    return hashlib.sha256(body).hexdigest()


class CandidateRegistrationService:
    def __init__(self, sessions: CandidateSessionService) -> None:
        self._sessions = sessions

    @property
    def _client(self) -> MinistryClient:
        return self._sessions.client

    def _session(self) -> CandidateSession:
        session = self._sessions.session
        if session is None or not session.cccd:
            raise SessionEnded("no candidate signed in")
        return session

    # -- reading -------------------------------------------------------------------------------
    def load(self, exam_year: int) -> RegistrationStart:
        """Blocking. The register's identity and the server's registration of ``exam_year``."""
        session = self._session()
        existing = self.existing(exam_year)
        try:
            identity = _identity(self._client.request("GET", CITIZEN_PATH, CitizenRecord))
        except api_errors.NotFound:
            identity = self._fallback_identity(session, existing)
        if existing is not None and RECORD_ID not in session.data:
            session.data[RECORD_ID] = existing.record_id
        return RegistrationStart(identity, existing)

    @staticmethod
    def _fallback_identity(
        session: CandidateSession, existing: ServerRegistration | None
    ) -> CandidateIdentity:
        """An older server without the self endpoint: the account's name, or the last form."""
        if existing is not None:
            doc = existing.doc
            return CandidateIdentity(
                doc.cccd,
                doc.full_name,
                doc.date_of_birth,
                doc.gender,
                doc.ethnicity or "",
                doc.birth_place or "",
                doc.residence or "",
                from_register=False,
            )
        return CandidateIdentity(
            session.cccd, session.display_name, None, None, from_register=False
        )

    def existing(self, exam_year: int) -> ServerRegistration | None:
        """Blocking. ``GET /sync/changes`` is scoped to the candidate's own records."""
        cursor: str | None = None
        found: ServerRegistration | None = None
        while True:
            page = self._client.changes(cursor)
            for change in page.changes:
                record = change.record
                if record.exam_year == exam_year:
                    found = ServerRegistration(
                        record.id, record.status, record.version, record.doc, record.updated_at
                    )
            if not page.has_more:
                return found
            cursor = page.next_cursor

    # -- checking and sending ------------------------------------------------------------------
    @staticmethod
    def check(doc: RegistrationDoc, exam_year: int, today: date | None = None) -> list[Problem]:
        """The rules engine on the form as it is (the server checks again and wins)."""
        when = today or datetime.now(UTC).date()
        return validate(registration_from_doc(doc), load_ruleset(exam_year), when)

    def idempotency_key(self, doc: RegistrationDoc, exam_year: int) -> uuid.UUID:
        """The key for this content: made before the first attempt, kept for its retries."""
        session = self._session()
        wanted = digest(doc, exam_year)
        kept = session.data.get(SUBMIT_KEY)
        if kept is not None and kept[1] == wanted:
            return uuid.UUID(str(kept[0]))
        key = uuid.uuid4()
        session.data[SUBMIT_KEY] = (key, wanted)
        return key

    def submit(
        self, doc: RegistrationDoc, exam_year: int, base: ServerRegistration | None
    ) -> Submitted:
        """Blocking. Send the form for review; raises :class:`RegistrationRefused` (problems),
        :class:`RegistrationLocked`, :class:`SessionEnded` or the api errors (network: retry
        with the same call — the same key goes again)."""
        session = self._session()
        if doc.category not in FREE_CATEGORIES:
            raise RegistrationRefused(
                [
                    Problem(
                        "category.kiosk",
                        "category",
                        "Ki-ốt chỉ nhận phiếu của thí sinh tự do (đối tượng b, c, d). "
                        "Học sinh lớp 12 đăng ký tại trường.",
                        "The kiosk takes free candidates (b, c, d) only.",
                        None,
                    )
                ]
            )
        if base is not None and base.status == "confirmed":
            raise RegistrationLocked("confirmed registration")
        record_id = base.record_id if base else session.data.setdefault(RECORD_ID, uuid.uuid4())
        key = self.idempotency_key(doc, exam_year)
        operation = PushOperation(
            idempotency_key=key,
            record_id=record_id,
            base_version=base.version if base else None,
            exam_year=exam_year,
            submit=True,
            doc=doc,
        )
        result = self._client.push([operation]).results[0]
        if result.outcome in ("applied", "duplicate") and result.server_record is not None:
            record = result.server_record
            session.data[RECORD_ID] = record.id
            warnings = problems_of(result)
            return Submitted(
                ServerRegistration(
                    record.id, record.status, record.version, record.doc, record.updated_at
                ),
                result.outcome == "duplicate",
                key,
                warnings,
            )
        if result.outcome == "conflict" and result.server_record is not None:
            record = result.server_record
            session.data[RECORD_ID] = record.id
            raise RegistrationRefused(
                [
                    Problem(
                        "registration.conflict",
                        "form",
                        "Phiếu của bạn vừa được thay đổi ở nơi khác. Hãy xem lại rồi nộp lại.",
                        "Your registration changed elsewhere. Review it and submit again.",
                        None,
                    )
                ]
            )
        raise RegistrationRefused(list(problems_of(result)))
