"""Registrations that did not sync as they were: conflicts to resolve, entries to retry now.

A record in ``conflict`` keeps new local content but sends nothing until a person chooses: keep
this machine's version (:meth:`ConflictResolution.keep_mine`), adopt the server's
(:meth:`ConflictResolution.take_theirs`), or pick field by field: :func:`conflict_fields` →
:func:`merged_doc` → :meth:`ConflictResolution.resolve`, which queues the chosen content under a
new key based on the server copy's version. Both versions are kept until then, so nothing a
person typed is lost to a conflict.

:class:`ConflictResolution` is a part of
:class:`~exam_client.services.registrations.RegistrationService` (callers use the service); it
lives here so that saving and resolving each stay one readable module.

Threads: every method blocks on the local database; call from a worker task, never the GUI
thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from exam_client.api.records import PushOperation, RegistrationDoc, RegistrationRecord
from exam_client.domain.problems import has_errors
from exam_client.services.errors import ServiceError
from exam_client.services.registration_records import (
    LocalRegistration,
    RegistrationNotFound,
    RegistrationRecords,
    SaveResult,
    already_synced,
    as_synced_row,
    local_registration,
)
from exam_client.storage.outbox import Outbox
from exam_client.storage.registrations import RegistrationRow, Registrations


class NoConflict(ServiceError):
    message_vi = "Phiếu đăng ký này không có xung đột cần xử lý."


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


class ConflictResolution(RegistrationRecords):
    """What a person does about a record that did not sync: resolve a conflict, or retry now."""

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
            row, theirs = _in_conflict(regs, record_id)
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
            if already_synced(as_synced_row(row, theirs), chosen_doc, submit):
                _adopt(regs, record_id, theirs, now)
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
            _row, theirs = _in_conflict(regs, record_id)
            outbox.close_pending(record_id, "conflict", "superseded by take-theirs")
            _adopt(regs, record_id, theirs, self._now())
            self._audit(session, "conflict.take_theirs", record_id, None)
            adopted = regs.get(record_id)
        assert adopted is not None
        return local_registration(adopted)


def _in_conflict(
    regs: Registrations, record_id: UUID
) -> tuple[RegistrationRow, RegistrationRecord]:
    """The record and its server copy; raises unless the record is in conflict."""
    row = regs.get(record_id)
    if row is None:
        raise RegistrationNotFound(str(record_id))
    if row.sync_state != "conflict" or row.server_copy is None:
        raise NoConflict(str(record_id))
    return row, RegistrationRecord.model_validate_json(row.server_copy)


def _adopt(regs: Registrations, record_id: UUID, theirs: RegistrationRecord, now: datetime) -> None:
    """The record becomes the server copy, synced at its version: the conflict is over."""
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
