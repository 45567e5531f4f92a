"""``POST /sync/push`` and ``GET /sync/changes`` over real HTTP: outcomes, scope, paging, audit."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from exam_client.api.records import ChangesPage, PushOperation, PushResponse, PushResult
from exam_client.domain.cccd import mask_cccd
from ministry_mock.app import instance_of
from ministry_mock.auth import Principal
from ministry_mock.seed import DEMO_STAFF_USERNAME
from ministry_mock.store.models import Account
from ministry_mock.sync import PushContext, push_batch, push_operation
from tests.mock.support import assert_problem
from tests.mock.sync_support import Mock, doc, get, op, private_mock, push, push_one


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mock]:
    with private_mock(tmp_path_factory.mktemp("sync")) as m:
        yield m


def test_new_draft_is_applied_once_and_audited(mock: Mock) -> None:
    person = mock.people(1, skip=0)[0]
    operation = op(doc(person))
    first = PushResult.model_validate(push_one(mock.url, mock.staff, operation))
    assert first.outcome == "applied"
    assert first.version == 1
    assert first.server_record is not None
    assert first.server_record.status == "draft"
    assert first.server_record.school_code == "01001"
    assert first.server_record.updated_by == "canbo.demo"
    again = PushResult.model_validate(push_one(mock.url, mock.staff, operation))
    assert again.outcome == "duplicate"
    assert again.version == 1
    assert again.server_record == first.server_record
    assert mock.registration_count(cccd=person.cccd) == 1
    rows = mock.audit(ref=operation["idempotency_key"])
    assert len(rows) == 1
    assert rows[0].actor == "canbo.demo"
    assert rows[0].action == "registration.save"
    assert rows[0].outcome == "applied"
    assert rows[0].subject == mask_cccd(person.cccd)


def test_same_key_with_a_different_body_is_refused(mock: Mock) -> None:
    person = mock.people(1, skip=1)[0]
    operation = op(doc(person))
    assert push_one(mock.url, mock.staff, operation)["outcome"] == "applied"
    changed = {**operation, "doc": doc(person, phone="0912345678")}
    result = push_one(mock.url, mock.staff, changed)
    assert result["outcome"] == "rejected"
    assert result["problems"][0]["code"] == "sync.key_reused"
    assert result["server_record"] is None
    # another account replaying somebody's key learns nothing either
    assert push_one(mock.url, mock.staff2, operation)["problems"][0]["code"] == "sync.key_reused"


def test_updates_and_conflicts(mock: Mock) -> None:
    person = mock.people(1, skip=2)[0]
    created = push_one(mock.url, mock.staff, op(doc(person)))
    record_id = created["record_id"]
    updated = push_one(
        mock.url,
        mock.staff,
        op(doc(person, class_name="12A1"), record_id=record_id, base_version=1),
    )
    assert updated["outcome"] == "applied"
    assert updated["version"] == 2
    assert updated["server_record"]["doc"]["class_name"] == "12A1"
    stale = push_one(
        mock.url,
        mock.staff,
        op(doc(person, class_name="12A2"), record_id=record_id, base_version=1),
    )
    assert stale["outcome"] == "conflict"
    assert stale["version"] == 2
    assert stale["server_record"]["doc"]["class_name"] == "12A1"
    same_id = push_one(mock.url, mock.staff, op(doc(person), record_id=record_id))
    assert same_id["outcome"] == "conflict"
    same_person = push_one(mock.url, mock.staff, op(doc(person)))  # a second form, new id
    assert same_person["outcome"] == "conflict"
    assert same_person["server_record"]["id"] == record_id
    unknown = push_one(mock.url, mock.staff, op(doc(person), base_version=3))
    assert unknown["outcome"] == "conflict"  # the CCCD already has a registration
    assert mock.registration_count(cccd=person.cccd) == 1


def test_submission_is_checked_by_the_rules_engine(mock: Mock) -> None:
    person = mock.people(1, skip=3)[0]
    incomplete = doc(person, photo=None, subjects=["TO"])
    draft = push_one(mock.url, mock.staff, op(incomplete))
    assert draft["outcome"] == "applied"  # drafts may be incomplete
    submitted = push_one(
        mock.url,
        mock.staff,
        op(incomplete, record_id=draft["record_id"], base_version=1, submit=True),
    )
    assert submitted["outcome"] == "rejected"
    codes = {p["code"] for p in submitted["problems"]}
    assert "photo.missing" in codes
    photo = next(p for p in submitted["problems"] if p["code"] == "photo.missing")
    assert photo["field"] == "photo"
    assert "ảnh chân dung" in photo["message"]
    assert photo["message_en"]
    assert photo["article"]
    fixed = push_one(
        mock.url,
        mock.staff,
        op(doc(person), record_id=draft["record_id"], base_version=1, submit=True),
    )
    assert fixed["outcome"] == "applied"
    assert fixed["server_record"]["status"] == "submitted"
    assert fixed["version"] == 2


@pytest.mark.parametrize(
    ("cccd", "code"), [("12345", "cccd.length"), ("999208000001", "cccd.province")]
)
def test_structurally_broken_drafts_are_rejected(mock: Mock, cccd: str, code: str) -> None:
    person = mock.people(1, skip=4)[0]
    result = push_one(mock.url, mock.staff, op(doc(person, cccd=cccd)))
    assert result["outcome"] == "rejected"
    assert result["problems"][0]["code"] == code
    assert result["problems"][0]["field"] == "cccd"


def test_unknown_exam_year_is_rejected(mock: Mock) -> None:
    person = mock.people(1, skip=4)[0]
    result = push_one(mock.url, mock.staff, op(doc(person), year=2031))
    assert result["problems"][0]["code"] == "registration.exam_year"


def test_one_bad_operation_never_blocks_the_rest(mock: Mock) -> None:
    a, b = mock.people(2, skip=5)
    ops = [op(doc(a)), op(doc(b, cccd="12")), op(doc(b), submit=True)]
    response = push(mock.url, mock.staff, *ops)
    assert response.status_code == 200
    results = PushResponse.model_validate(response.json()).results
    assert [r.outcome for r in results] == ["applied", "rejected", "applied"]
    assert [str(r.idempotency_key) for r in results] == [o["idempotency_key"] for o in ops]


def test_other_school_can_neither_write_nor_take_over(mock: Mock) -> None:
    person = mock.people(1, skip=7)[0]
    mine = push_one(mock.url, mock.staff, op(doc(person)))
    takeover = push_one(mock.url, mock.staff2, op(doc(person)))
    assert takeover["outcome"] == "rejected"
    assert takeover["problems"][0]["code"] == "registration.other_school"
    assert takeover["server_record"] is None
    overwrite = push_one(
        mock.url, mock.staff2, op(doc(person), record_id=mine["record_id"], base_version=1)
    )
    assert overwrite["problems"][0]["code"] == "registration.other_school"
    assert overwrite["server_record"] is None
    assert mock.audit(actor="canbo.demo2", outcome="registration.other_school")


def test_candidates_write_only_their_own(mock: Mock) -> None:
    me = mock.person(mock.candidate_cccd)
    own = push_one(mock.url, mock.candidate, op(doc(me), submit=True))
    assert own["outcome"] == "applied"
    assert own["server_record"]["school_code"] == "01001"  # from the grade-12 school
    other = push_one(mock.url, mock.candidate, op(doc(mock.people(1, skip=8)[0])))
    assert other["outcome"] == "rejected"
    assert other["problems"][0]["code"] == "registration.not_own"
    assert mock.audit(actor=mock.candidate_cccd, outcome="registration.not_own")
    # the school sees the candidate's own registration for review
    assert get(mock.url, f"/registrations/{own['record_id']}", mock.staff).status_code == 200
    assert_problem(push(mock.url, mock.admin, op(doc(me))), 403, "auth.forbidden")
    assert_problem(push(mock.url, "", op(doc(me))), 401, "auth.missing")


def test_delta_pull_pages_in_change_order_within_scope(mock: Mock) -> None:
    start = ChangesPage.model_validate(get(mock.url, "/sync/changes", mock.staff).json())
    for person in mock.people(5, skip=10):
        assert push_one(mock.url, mock.staff, op(doc(person)))["outcome"] == "applied"
    other = mock.people(1, skip=16)[0]
    assert push_one(mock.url, mock.staff2, op(doc(other)))["outcome"] == "applied"
    seen: list[str] = []
    cursor = start.next_cursor
    while True:
        page = ChangesPage.model_validate(
            get(mock.url, "/sync/changes", mock.staff, cursor=cursor, limit=2).json()
        )
        assert len(page.changes) <= 2
        seen += [c.record.doc.cccd for c in page.changes]
        cursor = page.next_cursor
        if not page.has_more:
            break
    assert seen == [p.cccd for p in mock.people(5, skip=10)]
    assert all(c.record.school_code == "01001" for c in start.changes)
    empty = get(mock.url, "/sync/changes", mock.staff, cursor=cursor).json()
    assert empty == {"changes": [], "next_cursor": cursor, "has_more": False}
    theirs = ChangesPage.model_validate(get(mock.url, "/sync/changes", mock.staff2).json())
    assert {c.record.school_code for c in theirs.changes} == {theirs.changes[0].record.school_code}
    assert other.cccd in {c.record.doc.cccd for c in theirs.changes}
    assert not {p.cccd for p in mock.people(5, skip=10)} & {
        c.record.doc.cccd for c in theirs.changes
    }
    mine = ChangesPage.model_validate(get(mock.url, "/sync/changes", mock.candidate).json())
    assert {c.record.doc.cccd for c in mine.changes} <= {mock.candidate_cccd}


def test_an_updated_record_moves_to_the_end_of_the_feed(mock: Mock) -> None:
    person = mock.people(1, skip=17)[0]
    created = push_one(mock.url, mock.staff, op(doc(person)))
    middle = get(mock.url, "/sync/changes", mock.staff).json()
    push_one(mock.url, mock.staff, op(doc(person), record_id=created["record_id"], base_version=1))
    later = get(mock.url, "/sync/changes", mock.staff, cursor=middle["next_cursor"]).json()
    assert [c["record"]["version"] for c in later["changes"]] == [2]


@pytest.mark.parametrize(
    "params", [{"cursor": "not-a-cursor"}, {"limit": 0}, {"limit": 2001}, {"cursor": "cjE6LTE"}]
)
def test_bad_paging_parameters_are_422(mock: Mock, params: dict[str, object]) -> None:
    assert_problem(get(mock.url, "/sync/changes", mock.staff, **params), 422)


def test_concurrent_retries_of_one_key_apply_once(mock: Mock) -> None:
    person = mock.people(1, skip=20)[0]
    operation = op(doc(person))
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: push_one(mock.url, mock.staff, operation), range(6)))
    outcomes = sorted(r["outcome"] for r in results)
    assert outcomes == ["applied"] + ["duplicate"] * 5
    assert {r["version"] for r in results} == {1}
    assert mock.registration_count(cccd=person.cccd) == 1
    assert len(mock.audit(ref=operation["idempotency_key"])) == 1


def test_concurrent_writers_of_one_record_one_wins(mock: Mock) -> None:
    person = mock.people(1, skip=21)[0]
    created = push_one(mock.url, mock.staff, op(doc(person)))
    ops = [
        op(doc(person, class_name=f"12A{i}"), record_id=created["record_id"], base_version=1)
        for i in range(6)
    ]
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda o: push_one(mock.url, mock.staff, o), ops))
    assert sorted(r["outcome"] for r in results) == ["applied"] + ["conflict"] * 5
    assert all(r["server_record"]["version"] == 2 for r in results)


def test_push_body_is_validated(mock: Mock) -> None:
    body = assert_problem(push(mock.url, mock.staff), 422, "request.invalid")
    assert body["errors"]
    bad = op(doc(mock.people(1)[0]))
    bad["idempotency_key"] = "not-a-uuid"
    assert_problem(push(mock.url, mock.staff, bad), 422, "request.invalid")


def test_an_older_database_gets_the_new_audit_column(tmp_path: Path) -> None:
    db = tmp_path / "ministry.sqlite3"  # where private_mock() keeps its database
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at DATETIME, actor VARCHAR(64), "
                "action VARCHAR(64), subject VARCHAR(64), ip VARCHAR(64), outcome VARCHAR(32))"
            )
        )
    engine.dispose()
    with private_mock(tmp_path) as m:  # signing in writes audit rows
        assert push_one(m.url, m.staff, op(doc(m.people(1)[0])))["outcome"] == "applied"
        assert m.audit(action="registration.save")[0].ref


def _staff_context(mock: Mock) -> PushContext:
    with instance_of(mock.app).store.sessions() as session:
        account = session.scalars(
            select(Account).where(Account.username == DEMO_STAFF_USERNAME)
        ).one()
        principal = Principal(account.id, account.username, "staff", account.school_code)
    return PushContext(principal=principal, now=datetime.now(UTC), ip="127.0.0.1")


def _batch_of_everything(mock: Mock, skip: int) -> list[PushOperation]:
    """One batch whose operations depend on each other: keys, records and CCCDs repeat."""
    a, c = mock.people(2, skip=skip)
    create_a = op(doc(a))
    return [
        PushOperation.model_validate(o)
        for o in (
            create_a,
            create_a,  # the same operation again: duplicate of the first answer
            op(doc(a, class_name="12A9"), record_id=create_a["record_id"], base_version=1),
            op(doc(a)),  # a second form for the same person: conflict with version 2
            {**create_a, "doc": doc(a, phone="0912345678")},  # key reused, other body
            op(doc(c, cccd="12")),  # broken CCCD: rejected, the rest goes on
            op(doc(c), submit=True),
        )
    ]


def test_a_batch_is_answered_as_if_each_operation_came_alone(mock: Mock) -> None:
    ctx, store = _staff_context(mock), instance_of(mock.app).store
    operations = _batch_of_everything(mock, skip=30)
    batch = push_batch(store, ctx, operations)
    alone = [push_operation(store, ctx, o) for o in _batch_of_everything(mock, skip=32)]
    expected = ["applied", "duplicate", "applied", "conflict", "rejected", "rejected", "applied"]
    assert [r.outcome for r in batch] == expected
    assert [r.outcome for r in alone] == expected
    assert [r.version for r in batch] == [r.version for r in alone] == [1, 1, 2, 2, None, None, 1]
    assert batch[1].server_record == batch[0].server_record
    assert batch[3].server_record is not None
    assert batch[3].server_record.doc.class_name == "12A9"
    assert batch[4].problems[0].code == "sync.key_reused"
    assert batch[5].problems[0].code == "cccd.length"
    for person in mock.people(2, skip=30):
        assert mock.registration_count(cccd=person.cccd) == 1
    assert [r.idempotency_key for r in batch] == [o.idempotency_key for o in operations]
    assert len(mock.audit(ref=str(batch[0].idempotency_key), outcome="applied")) == 1


def test_a_resent_batch_gets_the_first_answers(mock: Mock) -> None:
    """The response was lost after the commit: the same batch again changes nothing."""
    ctx, store = _staff_context(mock), instance_of(mock.app).store
    operations = _batch_of_everything(mock, skip=34)
    first = push_batch(store, ctx, operations)
    audit_rows = len(mock.audit())
    again = push_batch(store, ctx, operations)
    for before, after in zip(first, again, strict=True):
        if before.outcome in ("applied", "duplicate"):
            assert after.outcome == "duplicate"
            assert after.version == before.version
            assert after.server_record == before.server_record
    assert len(mock.audit()) == audit_rows  # a duplicate is not a new change
    seqs, counter = mock.change_seqs()
    assert len(seqs) == len(set(seqs))  # every change numbered once
    assert counter == max(seqs)  # and the counter knows the last number handed out
