"""The pipelined push: batch k+1 is on the wire while batch k's answers are stored.

Against the real mock over loopback and a real SQLCipher store; the client's ``push_raw`` is
wrapped to see what leaves and when, and to fail one chosen request. What must hold:

* the next batch really is sent while the previous one's answers are being applied;
* every entry is ``sending`` in a committed transaction before its request leaves, and no entry
  leaves twice within a cycle;
* a failure of batch k+1 while k is being applied requeues exactly k+1's entries (as a failed
  attempt) and those of a batch queued behind it (as never sent), k's answers are applied, and
  nothing is left ``sending``;
* an error while applying batch k still settles batch k+1, which was already on the wire.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest

from exam_client.api.errors import NetworkError
from exam_client.api.records import PushOperation, PushResponse
from exam_client.services import sync as sync_module
from exam_client.services.sync import SyncEngine
from exam_client.storage.outbox import Outbox, OutboxEntry
from tests.ministry import MockMinistry
from tests.services.test_registrations_service import YEAR, mock_docs
from tests.services.test_sync_engine import Client, make_client, server_rows

WAIT_S = 10.0


@pytest.fixture
def client(ministry: MockMinistry, tmp_path: Path) -> Iterator[Client]:
    made = make_client(ministry, tmp_path / "client", batch_size=2, pull=False)
    try:
        yield made
    finally:
        made.close()


def queue_forms(client: Client, ministry: MockMinistry, n: int) -> list[UUID]:
    docs = mock_docs(ministry, n)
    saved = client.registrations.submit_many([(None, d) for d in docs], exam_year=YEAR)
    return [s.record_id for s in saved]


def entries(client: Client) -> list[OutboxEntry]:
    with client.store.session() as session, session.begin():
        return Outbox(session).entries()


def keys_of(bodies: Sequence[str]) -> list[UUID]:
    return [PushOperation.model_validate_json(b).idempotency_key for b in bodies]


class Wire:
    """Wraps ``push_raw``: records each request's keys and the committed entry states then."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.push_raw = client.api.push_raw
        self.sent: list[list[UUID]] = []
        self.states_when_sent: list[str] = []
        self.before_send: Callable[[int], None] = lambda call: None
        client.api.push_raw = self  # type: ignore[method-assign,assignment]

    def __call__(self, bodies: Sequence[str]) -> PushResponse:
        keys = keys_of(bodies)
        self.sent.append(keys)
        with self.client.store.session() as session, session.begin():  # what is committed
            by_key = {e.idempotency_key: e.state for e in Outbox(session).entries()}
        self.states_when_sent.extend(by_key[k] for k in keys)
        self.before_send(len(self.sent))
        return self.push_raw(bodies)


def test_next_batch_is_on_the_wire_while_answers_are_applied(
    client: Client, ministry: MockMinistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_ids = queue_forms(client, ministry, 5)
    wire = Wire(client)
    second_sent = threading.Event()
    wire.before_send = lambda call: second_sent.set() if call == 2 else None
    overlapped: list[bool] = []
    apply_results = sync_module.apply_results

    def slow_apply(*args: object, **kwargs: object) -> dict[str, int]:
        if not overlapped:  # the first batch's answers: the second request leaves meanwhile
            overlapped.append(second_sent.wait(WAIT_S))
        return apply_results(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_module, "apply_results", slow_apply)
    report = client.engine.run_once()
    assert overlapped == [True]
    assert report.outcomes == {"applied": 5}
    assert [len(keys) for keys in wire.sent] == [2, 2, 1]
    assert set(wire.states_when_sent) == {"sending"}
    assert max(Counter(k for keys in wire.sent for k in keys).values()) == 1
    assert set(server_rows(ministry)) == {str(r) for r in record_ids}
    assert {e.state for e in entries(client)} == {"done"}
    assert client.registrations.counts()["synced"] == 5


def test_failure_of_the_next_batch_while_one_is_applied_requeues_exactly_it(
    client: Client, ministry: MockMinistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_ids = queue_forms(client, ministry, 7)  # batches of 2: [0 1] [2 3] [4 5] [6]
    wire = Wire(client)
    applying = threading.Event()

    def fail_second(call: int) -> None:
        if call == 2:  # batch k+1 fails while batch k's answers are being applied
            assert applying.wait(WAIT_S)
            raise NetworkError("link down")

    wire.before_send = fail_second
    apply_results = sync_module.apply_results

    def apply_while_watched(*args: object, **kwargs: object) -> dict[str, int]:
        applying.set()
        return apply_results(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_module, "apply_results", apply_while_watched)
    before = datetime.now(UTC)
    report = client.engine.run_once()

    assert report.halted == "offline"
    assert report.outcomes == {"applied": 2}
    assert set(server_rows(ministry)) == {str(r) for r in record_ids[:2]}
    assert len(wire.sent) == 2  # the batch taken behind the failed one never left
    assert set(wire.states_when_sent) == {"sending"}
    got = entries(client)
    assert [(e.state, e.attempts, e.failures) for e in got] == [
        ("done", 1, 0),
        ("done", 1, 0),
        ("queued", 1, 1),  # the failed batch: a failed attempt, backed off
        ("queued", 1, 1),
        ("queued", 1, 0),  # taken behind it, not sent: due again at once, no failure
        ("queued", 1, 0),
        ("queued", 0, 0),  # never taken
    ]
    assert all(e.next_attempt_at > before for e in got[2:4])
    assert all(e.next_attempt_at <= datetime.now(UTC) for e in got[4:])
    assert [e.idempotency_key for e in got[2:4]] == wire.sent[1]
    counts = client.registrations.counts()
    assert (counts["synced"], counts["queued"], counts["sending"]) == (2, 5, 0)

    wire.before_send = lambda call: None  # the link is back: the rest lands exactly once
    time.sleep(0.25)  # past the failed batch's backoff (make_client: at most 0.2 s)
    engine = SyncEngine(client.store, client.api, batch_size=2, pull=False)
    assert engine.run_once().outcomes == {"applied": 5}
    assert set(server_rows(ministry)) == {str(r) for r in record_ids}
    assert {e.state for e in entries(client)} == {"done"}


def test_an_error_applying_one_batch_still_settles_the_batch_on_the_wire(
    client: Client, ministry: MockMinistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue_forms(client, ministry, 4)  # two batches
    wire = Wire(client)
    second_sent = threading.Event()
    wire.before_send = lambda call: second_sent.set() if call == 2 else None
    apply_results = sync_module.apply_results
    calls: list[int] = []

    def broken_first_apply(*args: object, **kwargs: object) -> dict[str, int]:
        calls.append(1)
        if len(calls) == 1:
            assert second_sent.wait(WAIT_S)
            raise OSError("disk full")
        return apply_results(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_module, "apply_results", broken_first_apply)
    with pytest.raises(OSError, match="disk full"):
        client.engine.run_once()
    assert len(wire.sent) == 2
    states = [e.state for e in entries(client)]
    # the first batch's answers were lost locally (as before pipelining: recovered at the next
    # start, answered "duplicate"); the second, already on the wire, was applied
    assert states == ["sending", "sending", "done", "done"]
    assert len(server_rows(ministry)) == 4
