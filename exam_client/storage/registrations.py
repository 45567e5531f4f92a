"""Registrations as this machine holds them: the newest local content and its sync state.

A record is created here by the client (its id is a client-made UUID) before the server has ever
seen it; ``server_version`` stays ``NULL`` until the first push is applied. ``sync_state`` is the
explicit per-record state the UI shows (ODK Collect / DHIS2 ``State``):

``draft``     saved on this machine only (not queued for sending)
``queued``    local content waits in the outbox
``sending``   an outbox entry of the record is on the wire
``synced``    the server holds exactly the local content (``server_version``)
``rejected``  the server refused it; ``problems`` says why, a person must fix it
``conflict``  someone else changed it on the server; ``server_copy`` holds their version

The ``doc`` and ``server_copy`` columns hold JSON text made by ``exam_client.api.records``
(storage does not import ``api``); the services parse it. Problems are domain
:class:`~exam_client.domain.problems.Problem` values, stored as JSON.

Threads: a :class:`Registrations` joins the caller's Session and never commits; it belongs to
the thread that made the Session (``with store.session(write=True) as s, s.begin(): ...``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, cast
from uuid import UUID

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as upsert
from sqlalchemy.orm import Session

from exam_client.domain.problems import Problem
from exam_client.storage.schema import SYNC_STATES, registrations, sync_cursor

SyncState = Literal["draft", "queued", "sending", "synced", "rejected", "conflict"]


@dataclass(frozen=True, slots=True)
class RegistrationRow:
    """One registration as stored (JSON columns still as text)."""

    id: UUID
    exam_year: int
    cccd: str
    doc: str
    server_status: str | None
    server_version: int | None
    sync_state: SyncState
    problems: tuple[Problem, ...]
    server_copy: str | None
    updated_at: datetime


def problems_to_json(problems: Iterable[Problem]) -> str:
    return json.dumps(
        [
            {
                "code": p.code,
                "field": p.field,
                "message_vi": p.message_vi,
                "message_en": p.message_en,
                "article": p.article,
                "severity": p.severity,
            }
            for p in problems
        ],
        ensure_ascii=False,
    )


def problems_from_json(text: str) -> tuple[Problem, ...]:
    return tuple(Problem(**item) for item in json.loads(text))


def _row(values: Any) -> RegistrationRow:
    m = values._mapping
    return RegistrationRow(
        id=UUID(m["id"]),
        exam_year=m["exam_year"],
        cccd=m["cccd"],
        doc=m["doc"],
        server_status=m["server_status"],
        server_version=m["server_version"],
        sync_state=cast(SyncState, m["sync_state"]),
        problems=problems_from_json(m["problems"]),
        server_copy=m["server_copy"],
        updated_at=m["updated_at"],
    )


_UPDATABLE = frozenset(
    {
        "doc",
        "server_status",
        "server_version",
        "sync_state",
        "problems",
        "server_copy",
        "updated_at",
        "exam_year",
        "cccd",
    }
)


class Registrations:
    """Queries and writes of the ``registrations`` table inside the caller's unit of work."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, record_id: UUID) -> RegistrationRow | None:
        row = self._s.execute(
            select(registrations).where(registrations.c.id == str(record_id))
        ).one_or_none()
        return _row(row) if row is not None else None

    def get_many(self, record_ids: Iterable[UUID]) -> dict[UUID, RegistrationRow]:
        ids = [str(i) for i in record_ids]
        found: dict[UUID, RegistrationRow] = {}
        for start in range(0, len(ids), 500):  # SQLite bound-parameter limit
            chunk = ids[start : start + 500]
            for row in self._s.execute(select(registrations).where(registrations.c.id.in_(chunk))):
                record = _row(row)
                found[record.id] = record
        return found

    def insert(self, row: RegistrationRow) -> None:
        self._s.execute(
            insert(registrations),
            {
                "id": str(row.id),
                "exam_year": row.exam_year,
                "cccd": row.cccd,
                "doc": row.doc,
                "server_status": row.server_status,
                "server_version": row.server_version,
                "sync_state": row.sync_state,
                "problems": problems_to_json(row.problems),
                "server_copy": row.server_copy,
                "updated_at": row.updated_at,
            },
        )

    def update(self, record_id: UUID, **values: Any) -> None:
        """Set some columns of one record (``problems`` as a sequence of Problem)."""
        self.update_many([(record_id, values)])

    def update_many(self, changes: Sequence[tuple[UUID, dict[str, Any]]]) -> None:
        """Apply per-record column changes; records with the same set of columns go together
        in one executemany (a sync batch of 500 results is a handful of statements)."""
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for record_id, values in changes:
            unknown = set(values) - _UPDATABLE
            if unknown:
                raise ValueError(f"not updatable: {sorted(unknown)}")
            if "sync_state" in values and values["sync_state"] not in SYNC_STATES:
                raise ValueError(f"unknown sync state {values['sync_state']!r}")
            params = dict(values)
            if "problems" in params:
                params["problems"] = problems_to_json(params["problems"])
            params["_id"] = str(record_id)
            groups.setdefault(tuple(sorted(values)), []).append(params)
        for columns, rows in groups.items():
            statement = (
                update(registrations)
                .where(registrations.c.id == bindparam("_id"))
                .values({name: bindparam(name) for name in columns})
            )
            self._s.execute(statement, rows)

    def move_state(self, from_state: SyncState, to_state: SyncState) -> int:
        """Every record in ``from_state`` to ``to_state`` (crash recovery: sending → queued)."""
        result = self._s.execute(
            update(registrations)
            .where(registrations.c.sync_state == from_state)
            .values(sync_state=to_state)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def list(
        self, states: Iterable[SyncState] | None = None, *, limit: int = 1000, offset: int = 0
    ) -> list[RegistrationRow]:
        """Newest changes first (the sync panel and the staff table read this)."""
        query = select(registrations).order_by(
            registrations.c.updated_at.desc(), registrations.c.id
        )
        if states is not None:
            query = query.where(registrations.c.sync_state.in_(list(states)))
        rows = self._s.execute(query.limit(limit).offset(offset))
        return [_row(r) for r in rows]

    def counts(self) -> dict[SyncState, int]:
        """How many records are in each sync state (every state present, zero or not)."""
        totals = dict.fromkeys(cast(tuple[SyncState, ...], SYNC_STATES), 0)
        query = select(registrations.c.sync_state, func.count()).group_by(
            registrations.c.sync_state
        )
        for state, n in self._s.execute(query):
            totals[state] = int(n)
        return totals


class SyncCursors:
    """The opaque delta-pull cursor per record kind (advanced in the pull's own transaction)."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, kind: str) -> str | None:
        return self._s.execute(
            select(sync_cursor.c.cursor).where(sync_cursor.c.kind == kind)
        ).scalar_one_or_none()

    def set(self, kind: str, cursor: str) -> None:
        statement = upsert(sync_cursor).values(kind=kind, cursor=cursor)
        self._s.execute(
            statement.on_conflict_do_update(
                index_elements=[sync_cursor.c.kind], set_={"cursor": statement.excluded.cursor}
            )
        )
