"""Registrations, written offline-first: validate, then record + outbox entry in ONE transaction.

Nothing here touches the network (ARCHITECTURE.md "How data flows"): :meth:`save_draft` and
:meth:`submit` check the form with the year's rule set, write the record and its outbox entry in
one local transaction and return; :class:`~exam_client.services.sync.SyncEngine` sends it.

Rules of the outbox, per record:

* an edit while the record's newest entry was **never sent** (``queued``, attempts 0) replaces
  that entry's content under the same key: the server never saw the key, newest content wins,
  and the server gets one operation for a burst of edits;
* an edit while the newest entry is ``sending`` — or was sent before and is waiting for a retry —
  adds a **new** entry with a new key: an entry the server may have seen is never changed
  (a different body under the same key would be refused as ``sync.key_reused``);
* content identical to the newest unanswered entry adds nothing (a double click on "submit" is
  one operation);
* ``submit`` refuses locally (nothing written) when the rules engine finds errors; ``save_draft``
  saves and queues a draft with errors (the server, too, accepts incomplete drafts and checks
  only on submit), with the problems kept on the record for the form to show.
* a record in ``conflict`` keeps new local content but sends nothing until a person chooses
  (:meth:`RegistrationService.keep_mine`, :meth:`RegistrationService.take_theirs`, or field by
  field: :func:`conflict_fields` → :func:`merged_doc` → :meth:`RegistrationService.resolve`,
  which queues the chosen content under a new key based on the server copy's version).

The local state ``draft`` (saved, not queued) is reserved for forms that must not leave the
machine yet; nothing in this module produces it today.

Threads: every method blocks on the local database (``BEGIN IMMEDIATE``, waits up to the busy
timeout while the sync worker writes): call from a worker task, never the GUI thread. The
instance may be shared by threads (each call uses its own Session).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from uuid import UUID

from sqlalchemy.orm import Session

from exam_client.api.records import PushOperation, RegistrationRecord
from exam_client.api.records import RegistrationDoc as RegistrationDoc  # noqa: PLC0414 - for the UI
from exam_client.api.records import registration_from_doc as to_domain
from exam_client.domain.problems import Problem, has_errors
from exam_client.domain.registration import validate
from exam_client.domain.ruleset import RuleSet, load_ruleset
from exam_client.services.errors import ServiceError
from exam_client.storage.engine import Store
from exam_client.storage.outbox import AuditEntry, AuditTrail, Outbox
from exam_client.storage.registrations import RegistrationRow, Registrations, SyncState

log = logging.getLogger(__name__)


class RegistrationNotFound(ServiceError):
    message_vi = "Không tìm thấy phiếu đăng ký này trên máy."


class NoConflict(ServiceError):
    message_vi = "Phiếu đăng ký này không có xung đột cần xử lý."


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


@dataclass(frozen=True, slots=True)
class FieldDifference:
    """One field of a conflicting registration: this machine's value and the server's.

    Values are plain Python (``date``, ``str``, lists and dicts for nested parts such as the
    schools attended) so the UI can show them without knowing the wire models.
    """

    name: str
    mine: object
    theirs: object

    @property
    def differs(self) -> bool:
        return self.mine != self.theirs


def conflict_fields(local: LocalRegistration) -> list[FieldDifference]:
    """Every field of the form, both versions side by side (form order)."""
    if local.server_copy is None:
        raise NoConflict(str(local.id))
    mine = local.doc.model_dump(mode="python")
    theirs = local.server_copy.doc.model_dump(mode="python")
    return [
        FieldDifference(name, mine[name], theirs[name]) for name in RegistrationDoc.model_fields
    ]


def merged_doc(local: LocalRegistration, keep_mine: Iterable[str]) -> RegistrationDoc:
    """The server's version with this machine's value for each field named in ``keep_mine``
    (whole top-level fields: the schools attended travel together, as the rules check them
    together). Validated again: a mix that breaks the wire contract raises ``ValueError``."""
    if local.server_copy is None:
        raise NoConflict(str(local.id))
    names = set(keep_mine)
    unknown = names - set(RegistrationDoc.model_fields)
    if unknown:
        raise ValueError(f"not a field of the registration form: {sorted(unknown)}")
    values = local.server_copy.doc.model_dump(mode="python")
    values.update({n: v for n, v in local.doc.model_dump(mode="python").items() if n in names})
    return RegistrationDoc.model_validate(values)


class RegistrationService:
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

    def save_draft(
        self, doc: RegistrationDoc, *, exam_year: int, record_id: UUID | None = None
    ) -> SaveResult:
        return self._save(doc, exam_year, record_id or self.new_id(), submit=False)

    def submit(
        self, doc: RegistrationDoc, *, exam_year: int, record_id: UUID | None = None
    ) -> SaveResult:
        return self._save(doc, exam_year, record_id or self.new_id(), submit=True)

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

    # -- conflicts: both versions are kept until a person chooses ------------------------------
    def keep_mine(self, record_id: UUID) -> SaveResult:
        """Send the local content again, based on the server copy's version (a new key)."""
        local = self.get(record_id)
        if local is None:
            raise RegistrationNotFound(str(record_id))
        return self.resolve(record_id, local.doc, action="conflict.keep_mine")

    def resolve(
        self, record_id: UUID, chosen_doc: RegistrationDoc, *, action: str = "conflict.resolve"
    ) -> SaveResult:
        """End a conflict with ``chosen_doc`` (field by field from both versions, see
        :func:`merged_doc`), based on the server copy's version, under a new key.

        Content equal to the server copy needs no operation: the record is simply synced at
        that version. A submission the rules engine refuses (a per-field mix can break a rule
        neither version broke) writes nothing and returns the problems, so the person can
        choose again; the conflict stays.
        """
        with self._store.session(write=True) as session, session.begin():
            regs, outbox = Registrations(session), Outbox(session)
            row = regs.get(record_id)
            if row is None:
                raise RegistrationNotFound(str(record_id))
            if row.sync_state != "conflict" or row.server_copy is None:
                raise NoConflict(str(record_id))
            theirs = RegistrationRecord.model_validate_json(row.server_copy)
            held = [e for e in outbox.entries(record_id) if e.state == "conflict"]
            submit = (
                PushOperation.model_validate_json(held[-1].body).submit
                if held
                else theirs.status != "draft"
            )
            problems = tuple(self.check(chosen_doc, row.exam_year))
            if submit and has_errors(list(problems)):
                return SaveResult(record_id, False, "conflict", problems, False, None)
            outbox.close_pending(record_id, "conflict", f"superseded by {action}")
            now = self._now()
            if _already_synced(_as_synced_row(row, theirs), chosen_doc, submit):
                regs.update(
                    record_id,
                    doc=theirs.doc.model_dump_json(),
                    server_version=theirs.version,
                    server_status=theirs.status,
                    sync_state="synced",
                    server_copy=None,
                    problems=(),
                    updated_at=now,
                )
                self._audit(session, action, record_id, None)
                return SaveResult(record_id, True, "synced", (), False, None)
            key = self._enqueue(
                session,
                record_id,
                row.exam_year,
                chosen_doc,
                submit=submit,
                base_version=theirs.version,
            )
            regs.update(
                record_id,
                doc=chosen_doc.model_dump_json(),
                server_version=theirs.version,  # seen: a pull of it is no new conflict
                server_status=theirs.status,
                sync_state="queued",
                server_copy=None,
                problems=problems,
                updated_at=now,
            )
            self._audit(session, action, record_id, key)
        self._notify()
        return SaveResult(record_id, True, "queued", problems, True, key)

    def retry_now(self) -> int:
        """Make every queued entry due now ("Thử lại ngay" of the sync panel).

        A person asked, so the backoff wait is skipped; bodies, keys and failure counts stay as
        they are. Returns how many entries were waiting. Call ``SyncEngine.sync_now`` next.
        """
        now = self._now()
        with self._store.session(write=True) as session, session.begin():
            outbox = Outbox(session)
            by_error: dict[str, list[tuple[int, datetime, bool]]] = {}
            for entry in outbox.entries():
                if entry.state == "queued" and entry.next_attempt_at > now:
                    by_error.setdefault(entry.last_error or "", []).append((entry.id, now, False))
            for error, retries in by_error.items():
                outbox.requeue(retries, error)
        waiting = sum(len(r) for r in by_error.values())
        if waiting:
            self._notify()
        return waiting

    def take_theirs(self, record_id: UUID) -> LocalRegistration:
        """Drop the local edits and adopt the server copy (waiting entries are closed)."""
        with self._store.session(write=True) as session, session.begin():
            regs, outbox = Registrations(session), Outbox(session)
            row = regs.get(record_id)
            if row is None:
                raise RegistrationNotFound(str(record_id))
            if row.sync_state != "conflict" or row.server_copy is None:
                raise NoConflict(str(record_id))
            theirs = RegistrationRecord.model_validate_json(row.server_copy)
            outbox.close_pending(record_id, "conflict", "superseded by take-theirs")
            regs.update(
                record_id,
                doc=theirs.doc.model_dump_json(),
                server_version=theirs.version,
                server_status=theirs.status,
                sync_state="synced",
                server_copy=None,
                problems=(),
                updated_at=self._now(),
            )
            self._audit(session, "conflict.take_theirs", record_id, None)
            row = regs.get(record_id)
        assert row is not None
        return local_registration(row)

    # -- internals ---------------------------------------------------------------------------
    def _ruleset(self, year: int) -> RuleSet:
        with self._lock:
            if year not in self._rulesets:
                self._rulesets[year] = self._ruleset_for(year)
            return self._rulesets[year]

    def submit_many(
        self, docs: Sequence[tuple[UUID | None, RegistrationDoc]], *, exam_year: int
    ) -> list[SaveResult]:
        """Submit many forms (a spreadsheet import) in ONE local transaction.

        Same rules as :meth:`submit` for each form; forms with errors are refused one by one
        (``saved`` False) without stopping the others. One commit instead of one per form: a
        10 000-row import takes seconds, not minutes of fsyncs.
        """
        return self._save_many(docs, exam_year, submit=True)

    def save_many(
        self, docs: Sequence[tuple[UUID | None, RegistrationDoc]], *, exam_year: int
    ) -> list[SaveResult]:
        """Save many drafts (the import wizard's commit) in ONE local transaction: all or
        nothing, so a failure half-way leaves no half-imported file."""
        return self._save_many(docs, exam_year, submit=False)

    def _save_many(
        self,
        docs: Sequence[tuple[UUID | None, RegistrationDoc]],
        exam_year: int,
        *,
        submit: bool,
    ) -> list[SaveResult]:
        results: list[SaveResult] = []
        with self._store.session(write=True) as session, session.begin():
            for given_id, doc in docs:
                record_id = given_id or self.new_id()
                results.append(self._save_in(session, doc, exam_year, record_id, submit=submit))
        if any(r.idempotency_key is not None for r in results):
            self._notify()
        return results

    def _save(
        self, doc: RegistrationDoc, exam_year: int, record_id: UUID, *, submit: bool
    ) -> SaveResult:
        with self._store.session(write=True) as session, session.begin():
            result = self._save_in(session, doc, exam_year, record_id, submit=submit)
        if result.idempotency_key is not None:
            self._notify()
        return result

    def _save_in(
        self,
        session: Session,
        doc: RegistrationDoc,
        exam_year: int,
        record_id: UUID,
        *,
        submit: bool,
    ) -> SaveResult:
        problems = tuple(self.check(doc, exam_year))
        errors = has_errors(list(problems))
        if submit and errors:
            return SaveResult(record_id, False, None, problems, False, None)
        now = self._now()
        enqueued = False
        key: UUID | None = None
        regs, outbox = Registrations(session), Outbox(session)
        row = regs.get(record_id)
        doc_json = doc.model_dump_json()
        body_values: dict[str, object] = {
            "doc": doc_json,
            "problems": problems,
            "updated_at": now,
        }
        if row is None:
            regs.insert(
                RegistrationRow(
                    id=record_id,
                    exam_year=exam_year,
                    cccd=doc.cccd,
                    doc=doc_json,
                    server_status=None,
                    server_version=None,
                    sync_state="draft",
                    problems=problems,
                    server_copy=None,
                    updated_at=now,
                )
            )
            row = regs.get(record_id)
            assert row is not None
        state: SyncState = row.sync_state
        if row.sync_state == "conflict":
            # Kept as local content; it is sent when the person resolves the conflict.
            regs.update(record_id, **body_values)
        else:
            pending = outbox.pending_for(record_id)
            newest = pending[-1] if pending else None
            if newest is not None and _same_content(newest.body, doc, submit, exam_year):
                key = newest.idempotency_key  # a double click: nothing new to send
                state = newest.state if newest.state == "sending" else "queued"
            elif newest is None and _already_synced(row, doc, submit):
                state = "synced"
            elif newest is not None and not newest.ever_sent and newest.state == "queued":
                key = newest.idempotency_key  # never sent: newest content wins, same key
                op = _operation(
                    key,
                    record_id,
                    exam_year,
                    doc,
                    submit=submit,
                    base_version=newest.base_version,
                )
                if not outbox.replace_unsent(newest.id, op.model_dump_json(), op.base_version):
                    raise RuntimeError("an unsent entry changed inside a write transaction")
                state = "queued"
            else:
                key = self._enqueue(
                    session,
                    record_id,
                    exam_year,
                    doc,
                    submit=submit,
                    base_version=row.server_version,
                )
                enqueued, state = True, "queued"
            regs.update(record_id, sync_state=state, **body_values)
        action = "registration.submit" if submit else "registration.save"
        self._audit(session, action, record_id, key)
        return SaveResult(record_id, True, state, problems, enqueued, key)

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
        op = _operation(key, record_id, exam_year, doc, submit=submit, base_version=base_version)
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


def _operation(
    key: UUID,
    record_id: UUID,
    exam_year: int,
    doc: RegistrationDoc,
    *,
    submit: bool,
    base_version: int | None,
) -> PushOperation:
    return PushOperation(
        idempotency_key=key,
        record_id=record_id,
        base_version=base_version,
        exam_year=exam_year,
        submit=submit,
        doc=doc,
    )


def _same_content(body: str, doc: RegistrationDoc, submit: bool, exam_year: int) -> bool:
    op = PushOperation.model_validate_json(body)
    return op.doc == doc and op.submit == submit and op.exam_year == exam_year


def _as_synced_row(row: RegistrationRow, record: RegistrationRecord) -> RegistrationRow:
    """``row`` as if it held ``record`` in sync (to ask :func:`_already_synced` about it)."""
    return replace(
        row,
        doc=record.doc.model_dump_json(),
        sync_state="synced",
        server_status=record.status,
        server_version=record.version,
    )


def _already_synced(row: RegistrationRow, doc: RegistrationDoc, submit: bool) -> bool:
    """Nothing to send: the server already holds this content in the wanted status."""
    if row.sync_state != "synced" or RegistrationDoc.model_validate_json(row.doc) != doc:
        return False
    if submit:
        return row.server_status in ("submitted", "confirmed")
    return row.server_status == "draft"
