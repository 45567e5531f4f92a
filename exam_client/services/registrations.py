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
  (:mod:`exam_client.services.conflicts`: keep mine, take theirs, or field by field).

The local state ``draft`` (saved, not queued) is reserved for forms that must not leave the
machine yet; nothing in this module produces it today.

Threads: every method blocks on the local database (``BEGIN IMMEDIATE``, waits up to the busy
timeout while the sync worker writes): call from a worker task, never the GUI thread. The
instance may be shared by threads (each call uses its own Session).

Where the rest lives: the record types and the write steps every change shares are in
:mod:`exam_client.services.registration_records`, conflict resolution and "retry now" in
:mod:`exam_client.services.conflicts`; :class:`RegistrationService` combines them, and the names
callers import from here are re-exported.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.orm import Session

from exam_client.api.records import PushOperation
from exam_client.api.records import RegistrationDoc as RegistrationDoc  # noqa: PLC0414 - for the UI
from exam_client.domain.problems import has_errors
from exam_client.services.conflicts import (
    ConflictResolution,
    FieldDifference,
    NoConflict,
    conflict_fields,
    merged_doc,
)
from exam_client.services.registration_records import (
    LocalRegistration,
    RegistrationNotFound,
    SaveResult,
    already_synced,
    local_registration,
    operation,
)
from exam_client.storage.outbox import Outbox
from exam_client.storage.registrations import RegistrationRow, Registrations, SyncState

__all__ = [
    "FieldDifference",
    "LocalRegistration",
    "NoConflict",
    "RegistrationDoc",
    "RegistrationNotFound",
    "RegistrationService",
    "SaveResult",
    "conflict_fields",
    "local_registration",
    "merged_doc",
]


class RegistrationService(ConflictResolution):
    """Saving and submitting forms offline-first; reads and conflict handling are inherited
    (:class:`~exam_client.services.conflicts.ConflictResolution`)."""

    def save_draft(
        self, doc: RegistrationDoc, *, exam_year: int, record_id: UUID | None = None
    ) -> SaveResult:
        return self._save(doc, exam_year, record_id or self.new_id(), submit=False)

    def submit(
        self, doc: RegistrationDoc, *, exam_year: int, record_id: UUID | None = None
    ) -> SaveResult:
        return self._save(doc, exam_year, record_id or self.new_id(), submit=True)

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
            elif newest is None and already_synced(row, doc, submit):
                state = "synced"
            elif newest is not None and not newest.ever_sent and newest.state == "queued":
                key = newest.idempotency_key  # never sent: newest content wins, same key
                op = operation(
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


def _same_content(body: str, doc: RegistrationDoc, submit: bool, exam_year: int) -> bool:
    op = PushOperation.model_validate_json(body)
    return op.doc == doc and op.submit == submit and op.exam_year == exam_year
