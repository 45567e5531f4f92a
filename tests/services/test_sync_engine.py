"""The sync engine against the real mock ministry over loopback, with real SQLCipher stores.

What must hold: every save reaches the server exactly once, whatever happens on the way
(server down, killed process, expired session), and a change made elsewhere is never silently
overwritten (conflict with both versions).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from exam_client.api.client import MinistryClient
from exam_client.api.errors import NetworkError
from exam_client.services.connection import ConnectionMonitor
from exam_client.services.registrations import RegistrationService
from exam_client.services.sync import SyncEngine, SyncStatus
from exam_client.storage.engine import Store
from exam_client.storage.migrate import open_and_migrate
from exam_client.storage.outbox import AuditTrail, Outbox
from ministry_mock.app import create_app
from ministry_mock.server import start_in_thread
from ministry_mock.store.models import ExamRegistration, SyncReceipt
from tests.ministry import MockMinistry
from tests.services.test_registrations_service import YEAR, mock_docs

STAFF_TTL = timedelta(hours=13)  # longer than the mock's refresh-token lifetime


@dataclass
class Client:
    """One installation: its own data dir, store, API client, services and engine."""

    store: Store
    api: MinistryClient
    registrations: RegistrationService
    engine: SyncEngine
    connection: ConnectionMonitor

    def close(self) -> None:
        self.engine.stop()
        self.api.close()
        self.store.close()


def make_client(ministry: MockMinistry, folder: Path, **engine_options: Any) -> Client:
    store = open_and_migrate(folder / "cache.db", os.urandom(32))
    api = MinistryClient(ministry.base_url, timeout=(1.0, 10.0))
    api.login(ministry.username, ministry.password)
    connection = ConnectionMonitor(api)
    options: dict[str, Any] = {"backoff_base": 0.05, "backoff_cap": 0.2, "poll_interval": 0.5}
    options.update(engine_options)
    engine = SyncEngine(store, api, connection, **options)
    registrations = RegistrationService(store, actor=lambda: ministry.username)
    return Client(store, api, registrations, engine, connection)


@pytest.fixture
def client(ministry: MockMinistry, tmp_path: Path) -> Iterator[Client]:
    made = make_client(ministry, tmp_path / "client-a")
    try:
        yield made
    finally:
        made.close()


def server_rows(ministry: MockMinistry) -> dict[str, int]:
    """Record id → version, as the ministry holds them."""
    with ministry.store.sessions() as session:
        rows = session.execute(select(ExamRegistration.id, ExamRegistration.version)).all()
    return {str(i): int(v) for i, v in rows}


def receipts(ministry: MockMinistry) -> int:
    with ministry.store.sessions() as session:
        return int(session.execute(select(func.count()).select_from(SyncReceipt)).scalar_one())


def outbox_states(store: Store) -> list[str]:
    with store.session() as session, session.begin():
        return [e.state for e in Outbox(session).entries()]


def restart(ministry: MockMinistry) -> None:
    """Stop the mock and serve a new app on the same database file and port."""
    settings = ministry.app.state.instance.settings
    port = ministry.server.port
    ministry.stop()
    ministry.app = create_app(settings)
    ministry.server = start_in_thread(ministry.app, port=port)


def test_save_sync_edit_sync(client: Client, ministry: MockMinistry) -> None:
    doc = mock_docs(ministry, 1)[0]
    saved = client.registrations.submit(doc, exam_year=YEAR)
    assert saved.sync_state == "queued"
    report = client.engine.run_once()
    assert report.outcomes == {"applied": 1}
    local = client.registrations.get(saved.record_id)
    assert local is not None
    assert (local.sync_state, local.server_version, local.server_status) == (
        "synced",
        1,
        "submitted",
    )
    assert server_rows(ministry) == {str(saved.record_id): 1}

    edited = doc.model_copy(update={"phone": "0912345678"})
    client.registrations.submit(edited, exam_year=YEAR, record_id=saved.record_id)
    assert client.engine.run_once().outcomes == {"applied": 1}
    local = client.registrations.get(saved.record_id)
    assert local is not None and (local.sync_state, local.server_version) == ("synced", 2)
    assert local.doc == edited
    assert server_rows(ministry) == {str(saved.record_id): 2}
    assert client.engine.status.counts["synced"] == 1
    with client.store.session() as session, session.begin():
        actions = [a.action for a in AuditTrail(session).entries(saved.record_id)]
    assert actions == ["registration.submit", "sync.applied"] * 2


def test_a_synced_draft_keeps_the_problems_found_when_it_was_saved(
    client: Client, ministry: MockMinistry, tmp_path: Path
) -> None:
    doc = mock_docs(ministry, 1)[0]
    twice = doc.model_copy(update={"subjects": ["TO", "VA", "LI", "LI"]})
    saved = client.registrations.save_draft(twice, exam_year=YEAR)
    before = client.registrations.get(saved.record_id)
    assert before is not None
    assert "subjects.duplicate" in {p.code for p in before.problems}
    assert client.engine.run_once().outcomes == {"applied": 1}
    after = client.registrations.get(saved.record_id)
    assert after is not None and (after.sync_state, after.server_status) == ("synced", "draft")
    assert after.problems == before.problems  # still to fix, though the server stored it

    other = make_client(ministry, tmp_path / "other")  # another machine of the school pulls it
    try:
        other.engine.run_once()
        pulled = other.registrations.get(saved.record_id)
        assert pulled is not None and pulled.sync_state == "synced"
        assert pulled.problems == before.problems
    finally:
        other.close()


def test_double_submit_reaches_the_server_once(client: Client, ministry: MockMinistry) -> None:
    doc = mock_docs(ministry, 1)[0]
    first = client.registrations.submit(doc, exam_year=YEAR)
    client.registrations.submit(doc, exam_year=YEAR, record_id=first.record_id)
    client.engine.run_once()
    assert receipts(ministry) == 1
    assert server_rows(ministry) == {str(first.record_id): 1}


def test_edits_made_while_sending_go_after_it_rebased(
    client: Client, ministry: MockMinistry
) -> None:
    doc = mock_docs(ministry, 1)[0]
    saved = client.registrations.save_draft(doc, exam_year=YEAR)
    with client.store.session(write=True) as session, session.begin():
        Outbox(session).take_due(datetime.now(UTC), 10)  # "on the wire"
    client.registrations.submit(
        doc.model_copy(update={"phone": "0900000001"}), exam_year=YEAR, record_id=saved.record_id
    )
    client.engine.run_once()  # recovers the in-flight entry, then sends both, in order
    local = client.registrations.get(saved.record_id)
    assert local is not None
    assert (local.sync_state, local.server_version, local.server_status) == (
        "synced",
        2,
        "submitted",
    )
    assert local.doc.phone == "0900000001"
    assert outbox_states(client.store) == ["done", "done"]


def test_server_down_keeps_entries_queued_with_backoff_then_syncs(
    client: Client, ministry: MockMinistry
) -> None:
    docs = mock_docs(ministry, 3)
    saved = [client.registrations.submit(d, exam_year=YEAR) for d in docs]
    settings = ministry.app.state.instance.settings
    port = ministry.server.port
    ministry.stop()
    report = client.engine.run_once()
    assert report.halted == "offline"
    assert not client.connection.state.online
    with client.store.session() as session, session.begin():
        waiting = Outbox(session).entries()
    assert [(e.state, e.attempts, e.failures) for e in waiting] == [("queued", 1, 1)] * 3
    assert all(e.next_attempt_at > e.created_at for e in waiting)
    assert client.registrations.counts()["queued"] == 3
    again = client.engine.run_once()  # a second failure doubles the backoff ceiling
    assert again.halted in ("offline", None)

    ministry.app = create_app(settings)
    ministry.server = start_in_thread(ministry.app, port=port)
    woken = threading.Event()
    client.engine.subscribe(lambda s: woken.set() if s.counts.get("synced") == 3 else None)
    client.engine.start()
    assert woken.wait(10)
    assert set(server_rows(ministry)) == {str(s.record_id) for s in saved}
    assert receipts(ministry) == 3
    assert outbox_states(client.store) == ["done"] * 3


def test_killed_mid_push_resumes_without_loss_or_duplicates(
    client: Client, ministry: MockMinistry, tmp_path: Path
) -> None:
    docs = mock_docs(ministry, 6)
    saved = [client.registrations.submit(d, exam_year=YEAR) for d in docs]
    with client.store.session(write=True) as session, session.begin():
        taken = Outbox(session).take_due(datetime.now(UTC), 6)
    # the "killed" process had got half of them applied; its answers were never stored
    client.api.push_raw([e.body for e in taken[:3]])
    client.engine.stop()
    engine = SyncEngine(client.store, client.api, pull=False)  # a new process
    report = engine.run_once()
    assert report.outcomes == {"duplicate": 3, "applied": 3}
    assert server_rows(ministry) == {str(s.record_id): 1 for s in saved}
    assert receipts(ministry) == 6
    assert client.registrations.counts()["synced"] == 6


def test_second_client_editing_the_same_registration_gets_a_conflict(
    client: Client, ministry: MockMinistry, tmp_path: Path
) -> None:
    other = make_client(ministry, tmp_path / "client-b")
    try:
        doc = mock_docs(ministry, 1)[0]
        saved = client.registrations.submit(doc, exam_year=YEAR)
        client.engine.run_once()
        other.engine.run_once()  # pulls the record
        pulled = other.registrations.get(saved.record_id)
        assert pulled is not None and (pulled.sync_state, pulled.server_version) == ("synced", 1)

        client.registrations.submit(
            doc.model_copy(update={"phone": "0900000001"}),
            exam_year=YEAR,
            record_id=saved.record_id,
        )
        client.engine.run_once()  # version 2 on the server
        mine = doc.model_copy(update={"phone": "0900000002"})
        other.registrations.submit(mine, exam_year=YEAR, record_id=saved.record_id)
        report = other.engine.run_once()
        assert report.outcomes == {"conflict": 1}
        local = other.registrations.get(saved.record_id)
        assert local is not None and local.sync_state == "conflict"
        assert local.doc == mine  # both versions kept
        assert local.server_copy is not None
        assert (local.server_copy.version, local.server_copy.doc.phone) == (2, "0900000001")

        other.registrations.keep_mine(saved.record_id)
        assert other.engine.run_once().outcomes == {"applied": 1}
        assert server_rows(ministry) == {str(saved.record_id): 3}
        client.engine.run_once()  # the first client pulls version 3
        theirs = client.registrations.get(saved.record_id)
        assert theirs is not None and (theirs.server_version, theirs.doc) == (3, mine)
    finally:
        other.close()


def test_pull_with_unsent_local_edits_is_a_conflict_then_take_theirs(
    client: Client, ministry: MockMinistry, tmp_path: Path
) -> None:
    other = make_client(ministry, tmp_path / "client-b")
    try:
        doc = mock_docs(ministry, 1)[0]
        saved = client.registrations.submit(doc, exam_year=YEAR)
        client.engine.run_once()
        other.engine.run_once()
        other.registrations.submit(
            doc.model_copy(update={"phone": "0900000009"}),
            exam_year=YEAR,
            record_id=saved.record_id,
        )
        other.engine.run_once()
        # the first client edits offline-style (entry queued, not due yet) and then pulls
        client.registrations.submit(
            doc.model_copy(update={"phone": "0900000001"}),
            exam_year=YEAR,
            record_id=saved.record_id,
        )
        with client.store.session(write=True) as session, session.begin():
            outbox = Outbox(session)
            [entry] = [e for e in outbox.entries() if e.state == "queued"]
            outbox.requeue([(entry.id, datetime.now(UTC) + timedelta(hours=1), False)], "test")
        client.engine.run_once()
        local = client.registrations.get(saved.record_id)
        assert local is not None and local.sync_state == "conflict"
        assert local.server_copy is not None and local.server_copy.version == 2
        adopted = client.registrations.take_theirs(saved.record_id)
        assert (adopted.sync_state, adopted.server_version) == ("synced", 2)
        assert adopted.doc.phone == "0900000009"
        assert "queued" not in outbox_states(client.store)
    finally:
        other.close()


def test_expired_session_stops_with_sign_in_again_and_loses_nothing(
    client: Client, ministry: MockMinistry
) -> None:
    doc = mock_docs(ministry, 1)[0]
    saved = client.registrations.submit(doc, exam_year=YEAR)
    ministry.clock.advance(STAFF_TTL)  # access and refresh tokens both expired
    statuses: list[SyncStatus] = []
    client.engine.subscribe(statuses.append)
    report = client.engine.run_once()
    assert report.halted == "sign_in_required"
    assert statuses[-1].phase == "sign_in_required"
    assert statuses[-1].last_error_vi is not None and "đăng nhập lại" in statuses[-1].last_error_vi
    assert outbox_states(client.store) == ["queued"]
    assert server_rows(ministry) == {}

    client.api.login(ministry.username, ministry.password)
    client.engine.sync_now()
    assert client.engine.run_once().outcomes == {"applied": 1}
    local = client.registrations.get(saved.record_id)
    assert local is not None and local.sync_state == "synced"


def test_expired_access_token_is_refreshed_mid_sync(client: Client, ministry: MockMinistry) -> None:
    doc = mock_docs(ministry, 1)[0]
    client.registrations.submit(doc, exam_year=YEAR)
    ministry.clock.advance(timedelta(minutes=20))  # access token expired, refresh still valid
    assert client.engine.run_once().outcomes == {"applied": 1}


def test_worker_thread_syncs_after_a_save_and_when_the_link_returns(
    client: Client, ministry: MockMinistry
) -> None:
    client.registrations.on_enqueued = client.engine.sync_now
    synced = threading.Event()
    client.engine.subscribe(lambda s: synced.set() if s.counts.get("synced") == 1 else None)
    client.engine.start()
    try:
        client.registrations.submit(mock_docs(ministry, 1)[0], exam_year=YEAR)
        assert synced.wait(10)
        # the connection monitor going offline → online wakes the worker
        client.connection.report_failure(NetworkError("cable pulled"))
        woke = threading.Event()
        client.engine.subscribe(lambda s: woke.set() if s.phase == "pulling" else None)
        client.connection.report_success()
        assert woke.wait(5)
    finally:
        client.engine.stop()
    assert not client.engine.running
    assert client.engine.status.phase == "stopped"
