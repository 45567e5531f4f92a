"""Salted scrypt hashes of staff passwords in the encrypted store (offline unlock)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from exam_client.storage.engine import Store
from exam_client.storage.passphrase import ScryptParams
from exam_client.storage.schema import staff_credentials
from exam_client.storage.staff_credentials import StaffCredentials

NOW = datetime(2026, 6, 1, 7, 30, tzinfo=UTC)
CHEAP = ScryptParams(n=2**10)  # the stored parameters are honoured; tests need not be slow


def _record(store: Store, username: str, password: str, params: ScryptParams = CHEAP) -> None:
    with store.session(write=True) as session, session.begin():
        StaffCredentials(session).record(username, password, NOW, params)


def _verify(store: Store, username: str, password: str) -> bool | None:
    with store.session() as session:
        return StaffCredentials(session).verify(username, password)


def test_right_password_passes_and_others_fail(store: Store) -> None:
    _record(store, "canbo.truong", "Mật-khẩu đúng 1")
    assert _verify(store, "canbo.truong", "Mật-khẩu đúng 1") is True
    assert _verify(store, "canbo.truong", "mật-khẩu đúng 1") is False
    assert _verify(store, "canbo.truong", "") is False
    assert _verify(store, "nguoi.khac", "Mật-khẩu đúng 1") is None  # nothing recorded


def test_decomposed_vietnamese_input_matches_precomposed(store: Store) -> None:
    import unicodedata

    _record(store, "canbo", "Tuyết123")
    assert _verify(store, "canbo", unicodedata.normalize("NFD", "Tuyết123")) is True


def test_stored_row_is_salted_and_holds_no_password(store: Store) -> None:
    _record(store, "a", "same password")
    _record(store, "b", "same password")
    with store.session() as session:
        rows = {r.username: r for r in session.execute(select(staff_credentials))}
    assert rows["a"].salt != rows["b"].salt
    assert rows["a"].password_hash != rows["b"].password_hash
    assert (rows["a"].scrypt_n, rows["a"].scrypt_r, rows["a"].scrypt_p) == (2**10, 8, 1)
    assert "same password" not in repr(rows)
    assert rows["a"].recorded_at == NOW


def test_recording_again_replaces_the_hash(store: Store) -> None:
    _record(store, "canbo", "old password")
    _record(store, "canbo", "new password", ScryptParams(n=2**11))
    assert _verify(store, "canbo", "old password") is False
    assert _verify(store, "canbo", "new password") is True
    with store.session() as session:
        assert session.execute(select(staff_credentials.c.scrypt_n)).scalars().all() == [2**11]


def test_forget_removes_only_that_user(store: Store) -> None:
    _record(store, "a", "password a")
    _record(store, "b", "password b")
    with store.session(write=True) as session, session.begin():
        credentials = StaffCredentials(session)
        credentials.forget("a")
        credentials.forget("nobody")  # not an error
    with store.session() as session:
        credentials = StaffCredentials(session)
        assert (credentials.has("a"), credentials.has("b")) == (False, True)
    assert _verify(store, "a", "password a") is None
