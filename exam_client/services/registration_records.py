"""The local registration records as callers see them, and the write steps every change shares.

Two use cases change a registration: saving a form (:mod:`exam_client.services.registrations`)
and ending a conflict (:mod:`exam_client.services.conflicts`). Both write the record, an outbox
entry and an audit line in one local transaction, and wake the sync engine after the commit;
:class:`RegistrationRecords` holds those shared steps (and the reads) so that neither use case
imports the other.

Threads: every method blocks on the local database; call from a worker task, never the GUI
thread. The instance may be shared by threads (each call uses its own Session).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from uuid import UUID

from sqlalchemy.orm import Session

from exam_client.api.records import PushOperation, RegistrationDoc, RegistrationRecord
from exam_client.api.records import registration_from_doc as to_domain
from exam_client.domain.problems import Problem
from exam_client.domain.registration import validate
from exam_client.domain.ruleset import RuleSet, load_ruleset
from exam_client.services.errors import ServiceError
from exam_client.storage.engine import Store
from exam_client.storage.outbox import AuditEntry, AuditTrail, Outbox
from exam_client.storage.registrations import RegistrationRow, Registrations, SyncState

log = logging.getLogger(__name__)


class RegistrationNotFound(ServiceError):
    message_vi = "Không tìm thấy phiếu đăng ký này trên máy."


@dataclass(frozen=True, slots=True)
class LocalRegistration:
    """A registration as the UI shows it: content, sync state, and why it is not synced."""

    id: UUID
    exam_year: int
    doc: RegistrationDoc
    sync_state: SyncState
    server_status: str | None
    server_version: int | None
    problems: tuple[Problem, ...]
    server_copy: RegistrationRecord | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What a save did. ``saved`` is False only when ``submit`` refused errors locally."""

    record_id: UUID
    saved: bool
    sync_state: SyncState | None
    problems: tuple[Problem, ...]
    enqueued: bool  # a new outbox entry (False: replaced an unsent one, or nothing changed)
    idempotency_key: UUID | None  # the entry that will carry this content, if any


def local_registration(row: RegistrationRow) -> LocalRegistration:
    return LocalRegistration(
        id=row.id,
        exam_year=row.exam_year,
        doc=RegistrationDoc.model_validate_json(row.doc),
        sync_state=row.sync_state,
        server_status=row.server_status,
        server_version=row.server_version,
        problems=row.problems,
        server_copy=(
            RegistrationRecord.model_validate_json(row.server_copy) if row.server_copy else None
        ),
        updated_at=row.updated_at,
    )


class RegistrationRecords:
    """Reads of the local records, and the steps shared by every write (outbox, audit, wake-up)."""

    def __init__(
        self,
        store: Store,
        *,
        actor: Callable[[], str] = lambda: "local",
        ruleset_for: Callable[[int], RuleSet] = load_ruleset,
        today: Callable[[], date] | None = None,
        now: Callable[[], datetime] | None = None,
        on_enqueued: Callable[[], None] | None = None,
    ) -> None:
        """``actor`` names the signed-in person for the audit trail; ``on_enqueued`` (called on
        the saving thread after the commit) is where the sync engine's ``sync_now`` plugs in."""
        self._store = store
        self._actor = actor
        self._ruleset_for = ruleset_for
        self._rulesets: dict[int, RuleSet] = {}
        self._lock = threading.Lock()
        self._now = now or (lambda: datetime.now(UTC))
        self._today = today or (lambda: self._now().date())
        self.on_enqueued = on_enqueued

    @staticmethod
    def new_id() -> UUID:
        """The id of a new registration, made here so it exists before the server sees it."""
        return uuid.uuid4()

    def check(self, doc: RegistrationDoc, exam_year: int) -> list[Problem]:
        """Every problem of the form (errors and warnings); nothing is written."""
        return validate(to_domain(doc), self._ruleset(exam_year), self._today())

    def get(self, record_id: UUID) -> LocalRegistration | None:
        with self._store.session() as session, session.begin():
            row = Registrations(session).get(record_id)
        return local_registration(row) if row else None

    def records(
        self, states: Iterable[SyncState] | None = None, *, limit: int = 1000, offset: int = 0
    ) -> list[LocalRegistration]:
        with self._store.session() as session, session.begin():
            rows = Registrations(session).list(states, limit=limit, offset=offset)
        return [local_registration(r) for r in rows]

    def counts(self) -> dict[SyncState, int]:
        with self._store.session() as session, session.begin():
            return Registrations(session).counts()

    # -- the shared write steps ---------------------------------------------------------------
    def _ruleset(self, year: int) -> RuleSet:
        with self._lock:
            if year not in self._rulesets:
                self._rulesets[year] = self._ruleset_for(year)
            return self._rulesets[year]

    def _enqueue(
        self,
        session: Session,
        record_id: UUID,
        exam_year: int,
        doc: RegistrationDoc,
        *,
        submit: bool,
        base_version: int | None,
    ) -> UUID:
        key = uuid.uuid4()  # made before the first attempt, never regenerated
        op = operation(key, record_id, exam_year, doc, submit=submit, base_version=base_version)
        Outbox(session).enqueue(
            idempotency_key=key,
            record_id=record_id,
            body=op.model_dump_json(),
            base_version=base_version,
            now=self._now(),
        )
        return key

    def _audit(self, session: Session, action: str, record_id: UUID, key: UUID | None) -> None:
        AuditTrail(session).append(
            [AuditEntry(self._now(), self._actor(), action, record_id, key, None)]
        )

    def _notify(self) -> None:
        callback = self.on_enqueued
        if callback is not None:
            try:
                callback()
            except Exception:  # a sync wake-up must never fail a save that is committed
                log.exception("on_enqueued callback failed")


def operation(
    key: UUID,
    record_id: UUID,
    exam_year: int,
    doc: RegistrationDoc,
    *,
    submit: bool,
    base_version: int | None,
) -> PushOperation:
    """The outbox entry's body: what the sync engine pushes for this content."""
    return PushOperation(
        idempotency_key=key,
        record_id=record_id,
        base_version=base_version,
        exam_year=exam_year,
        submit=submit,
        doc=doc,
    )


def as_synced_row(row: RegistrationRow, record: RegistrationRecord) -> RegistrationRow:
    """``row`` as if it held ``record`` in sync (to ask :func:`already_synced` about it)."""
    return replace(
        row,
        doc=record.doc.model_dump_json(),
        sync_state="synced",
        server_status=record.status,
        server_version=record.version,
    )


def already_synced(row: RegistrationRow, doc: RegistrationDoc, submit: bool) -> bool:
    """Nothing to send: the server already holds this content in the wanted status."""
    if row.sync_state != "synced" or RegistrationDoc.model_validate_json(row.doc) != doc:
        return False
    if submit:
        return row.server_status in ("submitted", "confirmed")
    return row.server_status == "draft"
