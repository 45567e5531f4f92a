"""A delta pull right after a push (the pushing client's echo) costs no document parsing.

``push_batch`` remembers the documents it committed, parsed, per (record, version);
``changes_page`` reads plain columns and parses only what is not remembered. What must hold:
the page is exactly what the database holds; nothing is remembered from a batch that did not
commit; a new version is read afresh.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from exam_client.api.records import PushOperation, RegistrationDoc, ReviewDecision
from ministry_mock import sync
from ministry_mock.app import create_app
from ministry_mock.auth import Principal
from ministry_mock.registrations import _remembered_doc, changes_page, review
from ministry_mock.seed import DEMO_STAFF_USERNAME, sample_people
from ministry_mock.store import Store
from ministry_mock.store.models import Account
from ministry_mock.sync import PushContext, push_batch
from tests.mock.conftest import small_settings
from tests.services.test_registrations_service import push_operations


@pytest.fixture
def app(tmp_path: Path) -> Iterator[FastAPI]:
    made = create_app(small_settings(tmp_path / "ministry.db", citizens=40))
    yield made
    made.state.instance.store.close()


def staff(store: Store) -> Principal:
    with store.sessions() as session:
        account = session.scalars(
            select(Account).where(Account.username == DEMO_STAFF_USERNAME)
        ).one()
        return Principal(account.id, account.username, "staff", account.school_code)


def operations(store: Store, n: int) -> list[PushOperation]:
    with store.sessions() as session:
        return push_operations(sample_people(session, n))


class Parses:
    """Counts documents parsed from the database (JSON text or decoded JSON)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        for name in ("model_validate_json", "model_validate"):
            original = getattr(RegistrationDoc, name)

            def counted(data: Any, *args: Any, _original: Any = original, **kw: Any) -> Any:
                self.count += 1
                return _original(data, *args, **kw)

            monkeypatch.setattr(RegistrationDoc, name, counted)


def push_context(app: FastAPI, principal: Principal) -> PushContext:
    """A push by ``principal`` from the loopback address, at the mock's clock."""
    return PushContext(principal, app.state.instance.settings.clock(), "127.0.0.1")


def pull_all(store: Store, principal: Principal) -> list[Any]:
    with store.sessions() as session:
        return list(changes_page(session, principal, None, 500).changes)


def test_the_echo_of_a_push_is_answered_without_parsing(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    store: Store = app.state.instance.store
    principal = staff(store)
    ctx = push_context(app, principal)
    ops = operations(store, 5)
    results = push_batch(store, ctx, ops)
    assert [r.outcome for r in results] == ["applied"] * 5
    parses = Parses(monkeypatch)
    pulled = pull_all(store, principal)
    assert parses.count == 0
    assert [(c.record.id, c.record.version, c.record.doc) for c in pulled] == [
        (op.record_id, 1, op.doc) for op in ops
    ]
    assert [c.record for c in pulled] == [r.server_record for r in results]


def test_a_batch_that_did_not_commit_leaves_nothing_remembered(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    store: Store = app.state.instance.store
    principal = staff(store)
    ctx = push_context(app, principal)
    ops = operations(store, 2)

    def fail_before_commit(*args: Any) -> None:
        raise RuntimeError("the commit failed")

    with monkeypatch.context() as patch:  # settled (versions numbered), then rolled back
        patch.setattr(sync, "store_change_counter", fail_before_commit)
        with pytest.raises(RuntimeError):
            push_batch(store, ctx, ops)
    assert pull_all(store, principal) == []
    for op in ops:
        assert _remembered_doc(store.engine, str(op.record_id), 1) is None
    assert [r.outcome for r in push_batch(store, ctx, ops)] == ["applied"] * 2
    for op in ops:
        assert _remembered_doc(store.engine, str(op.record_id), 1) == op.doc


def test_a_new_version_is_read_afresh(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    store: Store = app.state.instance.store
    principal = staff(store)
    ctx = push_context(app, principal)
    (op,) = operations(store, 1)
    push_batch(store, ctx, [op])
    with store.sessions() as session:
        review(
            session,
            principal,
            op.record_id,
            ReviewDecision(action="return", base_version=1, reason="ảnh mờ"),
            now=ctx.now,
            ip="127.0.0.1",
        )
    parses = Parses(monkeypatch)
    (change,) = pull_all(store, principal)
    assert (change.record.version, change.record.status) == (2, "returned")
    assert change.record.doc == op.doc
    assert parses.count <= 1  # version 2 is parsed once (or was remembered by the review)
    pull_all(store, principal)
    assert parses.count <= 1  # and then remembered
