"""The registrations table and pull cursors on a real SQLCipher file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from uuid import uuid4

import pytest
from sqlalchemy.orm import Session

from exam_client.domain.problems import Problem
from exam_client.storage.engine import Store
from exam_client.storage.registrations import Registrations, SyncCursors
from tests.storage.test_outbox import T0, registration


@pytest.fixture
def session(store: Store) -> Iterator[Session]:
    with store.session(write=True) as s, s.begin():
        yield s


PROBLEM = Problem(
    code="subject_missing",
    field="subjects",
    message_vi="Thiếu môn thi bắt buộc.",
    message_en="A compulsory subject is missing.",
    article="Điều 12",
    severity="error",
)


def test_insert_get_and_update_round_trip(session: Session) -> None:
    repo = Registrations(session)
    row = registration(uuid4())
    repo.insert(row)
    assert repo.get(row.id) == row
    assert repo.get(uuid4()) is None

    repo.update(row.id, sync_state="rejected", problems=[PROBLEM], server_version=2)
    stored = repo.get(row.id)
    assert stored is not None
    assert (stored.sync_state, stored.problems, stored.server_version) == (
        "rejected",
        (PROBLEM,),
        2,
    )


def test_update_refuses_unknown_columns_and_states(session: Session) -> None:
    repo = Registrations(session)
    row = registration(uuid4())
    repo.insert(row)
    with pytest.raises(ValueError, match="not updatable"):
        repo.update(row.id, id="other")
    with pytest.raises(ValueError, match="unknown sync state"):
        repo.update(row.id, sync_state="lost")


def test_update_many_get_many_counts_move_and_list(session: Session) -> None:
    repo = Registrations(session)
    rows = [replace(registration(uuid4()), updated_at=T0 + timedelta(minutes=n)) for n in range(3)]
    for row in rows:
        repo.insert(row)
    repo.update_many(
        [
            (rows[0].id, {"sync_state": "sending"}),
            (rows[1].id, {"sync_state": "sending"}),
            (rows[2].id, {"sync_state": "synced", "server_version": 1}),
        ]
    )
    assert set(repo.get_many([r.id for r in rows] + [uuid4()])) == {r.id for r in rows}
    assert repo.counts()["sending"] == 2
    assert repo.move_state("sending", "queued") == 2
    assert repo.counts() == {
        "draft": 0,
        "queued": 2,
        "sending": 0,
        "synced": 1,
        "rejected": 0,
        "conflict": 0,
    }
    assert [r.id for r in repo.list()] == [rows[2].id, rows[1].id, rows[0].id]  # newest first
    assert [r.id for r in repo.list(["queued"], limit=1, offset=1)] == [rows[0].id]


def test_sync_cursor_is_set_and_replaced(session: Session) -> None:
    cursors = SyncCursors(session)
    assert cursors.get("registrations") is None
    cursors.set("registrations", "c1")
    cursors.set("registrations", "c2")
    assert cursors.get("registrations") == "c2"
