"""The import wizard's work on worker threads: the dry run (plan) and the commit, glued to the
registrations service. Nothing here touches a widget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from exam_client.domain.ruleset import load_ruleset
from exam_client.services.spreadsheet import (
    ColumnMapping,
    ImportPlan,
    ImportResult,
    RowPlan,
    RowProblem,
    commit_import,
    plan_import,
)

if TYPE_CHECKING:
    from exam_client.domain.registration import Registration
    from exam_client.services.registrations import RegistrationService

EXAM_YEAR = 2026


class RegistrationsCommitter:
    """Adapts :func:`commit_import`'s ``save``/``transaction`` to the registrations service.

    Rows are collected inside the transaction and written only when the whole plan went through
    without an exception, each as a saved draft (queued for sync; the photo is never in a list,
    so an imported form cannot be submitted yet). A row with problems keeps them on its record.
    """

    def __init__(self, registrations: RegistrationService, plan: ImportPlan) -> None:
        self._registrations = registrations
        self._rows: dict[str, RowPlan] = {r.cccd: r for r in plan.rows if r.cccd}
        self._ids: dict[str, UUID] = {}
        self._pending: list[tuple[str, bool]] = []
        self.written: list[UUID] = []

    def existing_ids(self, ids: Mapping[str, UUID]) -> None:
        self._ids = dict(ids)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._pending = []
        yield
        docs = [(self._ids.get(cccd), self._rows[cccd].doc()) for cccd, _draft in self._pending]
        self._pending = []
        save_many = getattr(self._registrations, "save_many", None)
        if save_many is not None:  # one local transaction: all rows or none
            results = save_many(docs, exam_year=EXAM_YEAR)
            self.written.extend(r.record_id for r in results)
            return
        for record_id, doc in docs:  # until the service has save_many: one commit per row
            assert doc is not None
            result = self._registrations.save_draft(doc, exam_year=EXAM_YEAR, record_id=record_id)
            self.written.append(result.record_id)

    def save(
        self,
        registration: Registration,
        contact: Mapping[str, str | None],
        *,
        draft: bool,
        problems: Sequence[RowProblem],
    ) -> None:
        self._pending.append((registration.cccd, draft))


def existing_records(registrations: RegistrationService) -> tuple[dict[str, Any], dict[str, UUID]]:
    """The school's stored forms by ID (for "unchanged") and their record ids (for updates)."""
    docs: dict[str, Any] = {}
    ids: dict[str, UUID] = {}
    for rec in registrations.records(limit=1_000_000):
        docs[rec.doc.cccd] = rec.doc
        ids[rec.doc.cccd] = rec.id
    return docs, ids


def run_plan(
    registrations: RegistrationService,
    path: Path,
    school_code: str,
    mapping: ColumnMapping,
    *,
    token: Any,
    report: Any,
) -> ImportPlan:
    docs, _ids = existing_records(registrations)
    return plan_import(
        path,
        ruleset=load_ruleset(EXAM_YEAR),
        today=dt.date.today(),
        school_code=school_code,
        mapping=mapping,
        existing=docs,
        progress=lambda done, total: report((done, total)),
        should_cancel=lambda: bool(token.cancelled),
    )


def run_commit(registrations: RegistrationService, plan: ImportPlan) -> ImportResult:
    committer = RegistrationsCommitter(registrations, plan)
    _docs, ids = existing_records(registrations)
    committer.existing_ids(ids)
    return commit_import(plan, committer.save, committer.transaction)
