"""``Outbox.take_due`` reads due entries a window at a time: what it takes must not depend on it.

The sync engine relies on two promises: one entry per record on the wire (the oldest unanswered
one), oldest first; and whenever an entry is due and not blocked, a batch takes it — otherwise
the engine would see "nothing due" while ``next_due_at`` says "now" and spin.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from sqlalchemy.orm import Session

from exam_client.storage.migrate import open_and_migrate
from exam_client.storage.outbox import Outbox
from exam_client.storage.registrations import Registrations
from tests.storage.test_outbox import T0, registration


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    store = open_and_migrate(tmp_path / "cache.db", os.urandom(32))
    try:
        with store.session(write=True) as s, s.begin():
            yield s
    finally:
        store.close()


def add(session: Session, record_id: UUID | None = None, *, at: datetime = T0) -> tuple[UUID, int]:
    record_id = record_id or uuid4()
    if Registrations(session).get(record_id) is None:
        Registrations(session).insert(registration(record_id))
    entry_id = Outbox(session).enqueue(
        idempotency_key=uuid4(), record_id=record_id, body="{}", base_version=None, now=at
    )
    return record_id, entry_id


def test_a_long_run_of_blocked_entries_does_not_hide_a_due_one(session: Session) -> None:
    outbox = Outbox(session)
    busy, first = add(session, at=T0 + timedelta(hours=1))  # backed off: not due yet
    blocked = [add(session, busy)[1] for _ in range(150)]  # due, but behind `first`
    _, free = add(session)
    assert [e.id for e in outbox.take_due(T0, 1)] == [free]  # past two windows of 64
    assert outbox.take_due(T0, 10) == []  # only blocked ones are due
    later = T0 + timedelta(hours=1)
    assert [e.id for e in outbox.take_due(later, 10)] == [first]
    outbox.finish([(first, "done", None)])
    assert [e.id for e in outbox.take_due(later, 10)] == [blocked[0]]


def test_takes_the_oldest_due_entry_of_each_record_up_to_the_limit(session: Session) -> None:
    outbox = Outbox(session)
    done_record, done = add(session)
    outbox.take_due(T0, 1)
    outbox.finish([(done, "done", None)])  # history: not pending, does not block
    _, after_done = add(session, done_record)
    record, a = add(session)
    _, b = add(session, record)
    others = [add(session)[1] for _ in range(200)]
    taken = [e.id for e in outbox.take_due(T0, 150)]
    assert taken == [after_done, a, *others[:148]]  # b waits behind a, in the same window
    assert b not in taken
    assert len(taken) == len(set(taken)) == 150
