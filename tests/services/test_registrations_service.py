"""Registration use cases: validate, then record + outbox entry in one local transaction.

No network here: a save never talks to the ministry. Real SQLCipher store in ``tmp_path``.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from exam_client.api.records import PhotoDoc, PushOperation, RegistrationDoc, SchoolAttendanceDoc
from exam_client.services.registrations import RegistrationService
from exam_client.storage.engine import Store
from exam_client.storage.migrate import open_and_migrate
from exam_client.storage.outbox import AuditTrail, Outbox
from exam_client.storage.registrations import Registrations

YEAR = 2026


def make_doc(
    cccd: str = "042207012345",
    full_name: str = "Nguyễn Văn An",
    date_of_birth: date = date(2007, 3, 4),
    gender: str = "male",
    **changes: Any,
) -> RegistrationDoc:
    """A registration that passes the rules engine (synthetic person)."""
    school = [
        SchoolAttendanceDoc(grade=g, province_code="01", school_code="001", area="KV3")
        for g in (10, 11, 12)
    ]
    values: dict[str, Any] = {
        "cccd": cccd,
        "full_name": full_name,
        "date_of_birth": date_of_birth,
        "gender": gender,
        "category": "a",
        "subjects": ["TO", "VA", "LI", "NN"],
        "foreign_language": "N1",
        "schools": school,
        "photo": PhotoDoc(width_px=400, height_px=600),
    }
    values.update(changes)
    return RegistrationDoc(**values)


def mock_docs(ministry: Any, n: int) -> list[RegistrationDoc]:
    """Valid registrations of ``n`` real citizens of the mock's population register."""
    from ministry_mock.seed import sample_people

    with ministry.store.sessions() as session:
        people = sample_people(session, n)
    assert len(people) == n, "the mock holds fewer citizens than the test needs"
    return [make_doc(*p) for p in people]


def push_operations(people: Iterable[tuple[str, str, date, str]]) -> list[PushOperation]:
    """One submitted registration (a new record) per person: CCCD, name, birth date, gender."""
    return [
        PushOperation(
            idempotency_key=uuid.uuid4(),
            record_id=uuid.uuid4(),
            exam_year=YEAR,
            submit=True,
            doc=make_doc(*person),
        )
        for person in people
    ]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_and_migrate(tmp_path / "client" / "cache.db", os.urandom(32))
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def service(store: Store) -> RegistrationService:
    return RegistrationService(store, actor=lambda: "canbo.test")


def entries(store: Store) -> list[Any]:
    with store.session() as session, session.begin():
        return Outbox(session).entries()


def test_submit_writes_record_and_one_outbox_entry_together(
    service: RegistrationService, store: Store
) -> None:
    woken = threading.Event()
    service.on_enqueued = woken.set
    result = service.submit(make_doc(), exam_year=YEAR)
    assert result.saved and result.enqueued
    assert result.sync_state == "queued"
    assert woken.is_set()
    [entry] = entries(store)
    assert entry.idempotency_key == result.idempotency_key
    assert (entry.state, entry.attempts, entry.base_version) == ("queued", 0, None)
    op = PushOperation.model_validate_json(entry.body)
    assert (op.record_id, op.submit, op.doc) == (result.record_id, True, make_doc())
    local = service.get(result.record_id)
    assert local is not None
    assert (local.sync_state, local.server_version, local.doc) == ("queued", None, make_doc())
    with store.session() as session, session.begin():
        [audit] = AuditTrail(session).entries(result.record_id)
    assert (audit.actor, audit.action, audit.idempotency_key) == (
        "canbo.test",
        "registration.submit",
        result.idempotency_key,
    )


def test_submit_with_errors_is_refused_locally_and_writes_nothing(
    service: RegistrationService, store: Store
) -> None:
    result = service.submit(make_doc(full_name=""), exam_year=YEAR)
    assert not result.saved
    assert "full_name.empty" in [p.code for p in result.problems]
    assert service.get(result.record_id) is None
    assert entries(store) == []


def test_draft_with_problems_is_saved_and_queued_with_its_problems(
    service: RegistrationService, store: Store
) -> None:
    result = service.save_draft(make_doc(subjects=["TO"]), exam_year=YEAR)
    assert result.saved and result.enqueued
    local = service.get(result.record_id)
    assert local is not None and local.sync_state == "queued"
    assert local.problems and any(p.is_error for p in local.problems)
    assert PushOperation.model_validate_json(entries(store)[0].body).submit is False


def test_double_submit_is_one_operation(service: RegistrationService, store: Store) -> None:
    first = service.submit(make_doc(), exam_year=YEAR)
    second = service.submit(make_doc(), exam_year=YEAR, record_id=first.record_id)
    assert not second.enqueued
    assert second.idempotency_key == first.idempotency_key
    assert len(entries(store)) == 1


def test_edit_of_an_unsent_entry_replaces_its_body_under_the_same_key(
    service: RegistrationService, store: Store
) -> None:
    first = service.save_draft(make_doc(), exam_year=YEAR)
    edited = make_doc(phone="0912345678")
    second = service.submit(edited, exam_year=YEAR, record_id=first.record_id)
    assert not second.enqueued
    [entry] = entries(store)
    assert entry.idempotency_key == first.idempotency_key
    op = PushOperation.model_validate_json(entry.body)
    assert (op.doc, op.submit) == (edited, True)


def test_edit_while_sending_adds_a_new_entry_and_never_touches_the_in_flight_one(
    service: RegistrationService, store: Store
) -> None:
    from datetime import UTC, datetime

    first = service.submit(make_doc(), exam_year=YEAR)
    with store.session(write=True) as session, session.begin():
        [taken] = Outbox(session).take_due(datetime.now(UTC), 10)
    frozen = taken.body
    second = service.submit(make_doc(phone="0912345678"), exam_year=YEAR, record_id=first.record_id)
    assert second.enqueued and second.idempotency_key != first.idempotency_key
    old, new = entries(store)
    assert (old.state, old.body) == ("sending", frozen)
    assert (new.state, new.attempts) == ("queued", 0)
    # the same content again while that entry waits: still one new entry
    third = service.submit(make_doc(phone="0912345678"), exam_year=YEAR, record_id=first.record_id)
    assert not third.enqueued and len(entries(store)) == 2


def test_an_entry_sent_before_is_frozen_even_when_back_in_the_queue(
    service: RegistrationService, store: Store
) -> None:
    from datetime import UTC, datetime

    first = service.submit(make_doc(), exam_year=YEAR)
    with store.session(write=True) as session, session.begin():
        outbox = Outbox(session)
        [taken] = outbox.take_due(datetime.now(UTC), 10)
        outbox.requeue([(taken.id, datetime.now(UTC), True)], "NetworkError")
    service.submit(make_doc(phone="0912345678"), exam_year=YEAR, record_id=first.record_id)
    old, new = entries(store)
    assert old.body == taken.body and old.attempts == 1
    assert new.idempotency_key != old.idempotency_key


def test_counts_cover_every_state(service: RegistrationService, store: Store) -> None:
    service.submit(make_doc(), exam_year=YEAR)
    counts = service.counts()
    assert counts["queued"] == 1
    assert set(counts) == {"draft", "queued", "sending", "synced", "rejected", "conflict"}
    with store.session() as session, session.begin():
        assert len(Registrations(session).list(["queued"])) == 1


# -- conflicts resolved field by field (the conflict view's use case) --------------------------


def make_conflict(
    service: RegistrationService, store: Store, mine: RegistrationDoc, theirs: RegistrationDoc
) -> Any:
    """A record this machine edited (``mine``) while the server moved to version 2 (``theirs``),
    as the sync engine leaves it: state ``conflict``, the server copy kept, the entry held."""
    from datetime import UTC, datetime

    from exam_client.api.records import RegistrationRecord

    saved = service.submit(mine, exam_year=YEAR)
    copy = RegistrationRecord(
        id=saved.record_id,
        exam_year=YEAR,
        school_code="01001",
        status="submitted",
        version=2,
        doc=theirs,
        updated_at=datetime.now(UTC),
        updated_by="canbo.khac",
    )
    with store.session(write=True) as session, session.begin():
        Outbox(session).close_pending(saved.record_id, "conflict", "test: held")
        Registrations(session).update(
            saved.record_id,
            sync_state="conflict",
            server_version=1,
            server_copy=copy.model_dump_json(),
        )
    return saved


def test_resolve_queues_the_chosen_mix_based_on_the_server_version_under_a_new_key(
    service: RegistrationService, store: Store
) -> None:
    from exam_client.services.registrations import conflict_fields, merged_doc

    mine = make_doc(phone="0900000002", email="b@example.vn")
    theirs = make_doc(phone="0900000001", address="Hà Nội")
    saved = make_conflict(service, store, mine, theirs)
    local = service.get(saved.record_id)
    assert local is not None
    differing = {f.name: (f.mine, f.theirs) for f in conflict_fields(local) if f.differs}
    assert differing == {
        "phone": ("0900000002", "0900000001"),
        "email": ("b@example.vn", None),
        "address": (None, "Hà Nội"),
    }
    chosen = merged_doc(local, ["email"])
    assert (chosen.phone, chosen.email, chosen.address) == ("0900000001", "b@example.vn", "Hà Nội")
    woken = threading.Event()
    service.on_enqueued = woken.set

    result = service.resolve(saved.record_id, chosen)

    assert result.saved and result.enqueued and result.sync_state == "queued"
    assert woken.is_set()
    held, queued = entries(store)
    assert held.state == "conflict"
    assert queued.state == "queued" and queued.idempotency_key == result.idempotency_key
    assert queued.idempotency_key != held.idempotency_key
    op = PushOperation.model_validate_json(queued.body)
    assert (op.base_version, op.doc, op.submit) == (2, chosen, True)
    after = service.get(saved.record_id)
    assert after is not None
    assert (after.sync_state, after.server_version, after.server_copy, after.doc) == (
        "queued",
        2,
        None,
        chosen,
    )
    with store.session() as session, session.begin():
        actions = [a.action for a in AuditTrail(session).entries(saved.record_id)]
    assert actions[-1] == "conflict.resolve"


def test_resolve_with_the_server_version_everywhere_sends_nothing(
    service: RegistrationService, store: Store
) -> None:
    from exam_client.services.registrations import merged_doc

    theirs = make_doc(phone="0900000001")
    saved = make_conflict(service, store, make_doc(phone="0900000002"), theirs)
    local = service.get(saved.record_id)
    assert local is not None
    result = service.resolve(saved.record_id, merged_doc(local, []))
    assert result.saved and not result.enqueued and result.sync_state == "synced"
    assert [e.state for e in entries(store)] == ["conflict"]
    after = service.get(saved.record_id)
    assert after is not None and (after.sync_state, after.server_version, after.doc) == (
        "synced",
        2,
        theirs,
    )


def test_resolve_refuses_a_mix_the_rules_reject_and_keeps_the_conflict(
    service: RegistrationService, store: Store
) -> None:
    from exam_client.services.registrations import NoConflict, merged_doc

    mine = make_doc(foreign_language="N2")
    theirs = make_doc(subjects=["TO", "VA", "LI", "HO"], foreign_language=None)
    saved = make_conflict(service, store, mine, theirs)
    local = service.get(saved.record_id)
    assert local is not None
    result = service.resolve(saved.record_id, merged_doc(local, ["foreign_language"]))
    assert not result.saved and result.idempotency_key is None
    assert any(p.field == "foreign_language" and p.is_error for p in result.problems)
    assert [e.state for e in entries(store)] == ["conflict"]  # nothing queued
    still = service.get(saved.record_id)
    assert still is not None and still.sync_state == "conflict" and still.server_copy is not None
    with pytest.raises(ValueError, match="not a field"):
        merged_doc(local, ["nickname"])
    service.take_theirs(saved.record_id)
    with pytest.raises(NoConflict):
        service.resolve(saved.record_id, mine)


def test_retry_now_makes_waiting_entries_due_and_keeps_key_body_and_failures(
    service: RegistrationService, store: Store
) -> None:
    from datetime import UTC, datetime, timedelta

    first = service.submit(make_doc(), exam_year=YEAR)
    later = datetime.now(UTC) + timedelta(hours=1)
    with store.session(write=True) as session, session.begin():
        outbox = Outbox(session)
        [taken] = outbox.take_due(datetime.now(UTC), 10)
        outbox.requeue([(taken.id, later, True)], "NetworkError: down")
    woken = threading.Event()
    service.on_enqueued = woken.set
    assert service.retry_now() == 1
    assert woken.is_set()
    [entry] = entries(store)
    assert entry.next_attempt_at <= datetime.now(UTC)
    assert (entry.idempotency_key, entry.body, entry.failures, entry.last_error) == (
        first.idempotency_key,
        taken.body,
        1,
        "NetworkError: down",
    )
    assert service.retry_now() == 0  # nothing waits any more


def test_save_many_saves_drafts_like_save_draft_in_one_transaction(
    service: RegistrationService, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [make_doc(cccd=f"04220701234{n}", full_name=f"Nguyễn Văn {n}") for n in range(3)]
    results = service.save_many([(None, d) for d in docs], exam_year=YEAR)
    assert [r.saved for r in results] == [True, True, True]
    single = service.save_draft(make_doc(cccd="042207012349"), exam_year=YEAR)
    assert {r.sync_state for r in results} == {single.sync_state}
    assert len(entries(store)) == 4

    calls = {"n": 0}
    real = service._save_in

    def failing_third(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "_save_in", failing_third)
    more = [make_doc(cccd=f"04220701235{n}") for n in range(3)]
    with pytest.raises(RuntimeError):
        service.save_many([(None, d) for d in more], exam_year=YEAR)
    assert len(entries(store)) == 4  # nothing of the failed batch was written
