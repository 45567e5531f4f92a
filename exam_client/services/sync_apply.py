"""Applying push answers and pulled server records to the local cache.

Pure functions of a write session: the sync engine (:mod:`exam_client.services.sync`) calls them
inside one transaction per push batch or pulled page, so entry states, records, rebased waiting
entries and the audit trail change together or not at all. Kept apart from the engine because
this is where exactly-once meets the user's edits (rebasing, conflicts, echoes of our own
pushes), and it is tested without threads or a network.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy.orm import Session

from exam_client.api.records import (
    PushOperation,
    PushResult,
    RecordChange,
    RegistrationDoc,
    RegistrationRecord,
)
from exam_client.api.records import registration_from_doc as to_domain
from exam_client.domain.problems import Problem
from exam_client.domain.registration import validate
from exam_client.domain.ruleset import available_years, load_ruleset
from exam_client.storage.outbox import AuditEntry, AuditTrail, EntryState, Outbox, OutboxEntry
from exam_client.storage.registrations import RegistrationRow, Registrations

log = logging.getLogger("exam_client.services.sync")

__all__ = ["apply_page", "apply_results", "left_to_fix", "problems_of", "rebased_body"]


def problems_of(result: PushResult) -> tuple[Problem, ...]:
    return tuple(
        Problem(p.code, p.field, p.message, p.message_en or p.message, p.article)
        for p in result.problems
    )


def left_to_fix(record: RegistrationRecord, now: datetime) -> tuple[Problem, ...]:
    """The problems of a record as the server holds it: none once submitted (the server checked
    it); a draft is stored as it is, so the rules engine's verdict on its document (a draft with
    a subject chosen twice still says so after it synced, from this machine or another)."""
    if record.status != "draft" or record.exam_year not in available_years():
        return ()
    ruleset = load_ruleset(record.exam_year)
    return tuple(validate(to_domain(record.doc), ruleset, now.date()))


def rebased_body(body: str, version: int) -> str:
    """The body of a never-sent entry, now based on ``version``."""
    op = PushOperation.model_validate_json(body)
    return op.model_copy(update={"base_version": version}).model_dump_json()


# -- applying answers and pulled records (inside the caller's write transaction) ---------------


def apply_results(
    session: Session,
    entries: Sequence[OutboxEntry],
    by_key: Mapping[UUID, PushResult],
    now: datetime,
) -> dict[str, int]:
    """Apply the answers to ``entries`` (those without an answer are left alone).

    One transaction for the batch: entry states, records, rebased waiting entries and the
    audit trail change together or not at all. Returns counts per outcome.
    """
    regs, outbox = Registrations(session), Outbox(session)
    answered = [e for e in entries if e.idempotency_key in by_key]
    waiting_by_record = outbox.pending_after(e.record_id for e in answered)
    finals: list[tuple[int, EntryState, str | None]] = []
    record_changes: list[tuple[UUID, dict[str, object]]] = []
    rebases: list[tuple[int, str, int]] = []
    trail: list[AuditEntry] = []
    conflicted: list[UUID] = []
    counts: dict[str, int] = {}
    for entry in answered:
        result = by_key[entry.idempotency_key]
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
        waiting = [w for w in waiting_by_record.get(entry.record_id, []) if w.id != entry.id]
        server = result.server_record
        detail: str | None = None
        if result.outcome in ("applied", "duplicate"):
            version = result.version or (server.version if server else None)
            finals.append((entry.id, "done", None))
            change: dict[str, object] = {"server_version": version}
            if server is not None:
                change["server_status"] = server.status
            if waiting:
                change["sync_state"] = "queued"
                if version is not None:
                    rebases.extend(
                        (w.id, rebased_body(w.body, version), version)
                        for w in waiting
                        if not w.ever_sent
                    )
            else:
                change.update(sync_state="synced", problems=(), server_copy=None)
                if server is not None:
                    change["doc"] = server.doc.model_dump_json()
                    change["problems"] = left_to_fix(server, now)
            record_changes.append((entry.record_id, change))
            detail = f"v{version}"
        elif result.outcome == "conflict":
            finals.append((entry.id, "conflict", "conflict"))
            conflicted.append(entry.record_id)
            record_changes.append(
                (
                    entry.record_id,
                    {
                        "sync_state": "conflict",
                        "server_copy": server.model_dump_json() if server else None,
                    },
                )
            )
            detail = f"server v{server.version}" if server else None
        else:
            codes = ",".join(p.code for p in result.problems) or "rejected"
            if "sync.key_reused" in codes:
                log.error(
                    "BUG: idempotency key %s reused with a different body (entry %d)",
                    entry.idempotency_key,
                    entry.id,
                )
            finals.append((entry.id, "rejected", codes[:500]))
            state = "queued" if waiting else "rejected"
            record_changes.append(
                (entry.record_id, {"sync_state": state, "problems": problems_of(result)})
            )
            detail = codes
        trail.append(
            AuditEntry(
                now,
                "sync",
                f"sync.{result.outcome}",
                entry.record_id,
                entry.idempotency_key,
                detail,
            )
        )
    outbox.finish(finals)
    outbox.rebase_unsent(rebases)
    for record_id in conflicted:
        outbox.close_pending(record_id, "conflict", "held: an earlier change conflicted")
    regs.update_many(record_changes)
    AuditTrail(session).append(trail)
    return counts


def apply_page(session: Session, changes: Sequence[RecordChange], now: datetime) -> int:
    """Apply pulled server records; returns how many changed something locally."""
    regs, outbox = Registrations(session), Outbox(session)
    ids = [c.record.id for c in changes]
    local = regs.get_many(ids)
    pending = outbox.pending_after(ids)
    changed = 0
    inserts: list[RegistrationRow] = []
    updates: list[tuple[UUID, dict[str, object]]] = []
    for change in changes:
        theirs = change.record
        mine = local.get(theirs.id)
        if mine is None:
            inserts.append(
                RegistrationRow(
                    id=theirs.id,
                    exam_year=theirs.exam_year,
                    cccd=theirs.doc.cccd,
                    doc=theirs.doc.model_dump_json(),
                    server_status=theirs.status,
                    server_version=theirs.version,
                    sync_state="synced",
                    problems=left_to_fix(theirs, now),
                    server_copy=None,
                    updated_at=now,
                )
            )
            changed += 1
            continue
        if mine.server_version is not None and theirs.version <= mine.server_version:
            continue  # we know this version already (usually our own push)
        waiting = pending.get(theirs.id, [])
        if waiting and any(_doc_of(w.body) == theirs.doc for w in waiting):
            continue  # our own change, applied before its answer was lost: it will be a duplicate
        mine_doc = RegistrationDoc.model_validate_json(mine.doc)
        if (
            waiting
            or mine.sync_state == "conflict"
            or (mine.sync_state in ("rejected", "draft") and mine_doc != theirs.doc)
        ):
            outbox.close_pending(theirs.id, "conflict", "held: changed on the server meanwhile")
            updates.append(
                (theirs.id, {"sync_state": "conflict", "server_copy": theirs.model_dump_json()})
            )
        else:
            updates.append(
                (
                    theirs.id,
                    {
                        "doc": theirs.doc.model_dump_json(),
                        "server_version": theirs.version,
                        "server_status": theirs.status,
                        "sync_state": "synced",
                        "problems": left_to_fix(theirs, now),
                        "server_copy": None,
                        "updated_at": now,
                    },
                )
            )
        changed += 1
    for row in inserts:
        regs.insert(row)
    regs.update_many(updates)
    return changed


def _doc_of(body: str) -> RegistrationDoc:
    return PushOperation.model_validate_json(body).doc
