"""The passphrase fallback: scrypt key, salt sidecar, and "wrong passphrase" told apart."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from exam_client.storage.citizens import CitizenCache
from exam_client.storage.errors import KeyNotFound, NotADatabase, WrongPassphrase
from exam_client.storage.migrate import open_and_migrate
from exam_client.storage.passphrase import (
    DEFAULT_SCRYPT,
    MIN_PASSPHRASE_CHARS,
    ScryptParams,
    key_from_passphrase,
    passphrase_key,
    salt_path,
)
from tests.storage.helpers import citizen

PASSPHRASE = "Trường THPT Chu Văn An 2025"
# Fast parameters for tests that are about files, not about scrypt's cost.
FAST = ScryptParams(n=2**10, r=8, p=1)


def test_right_passphrase_opens_the_database_again(db_path: Path) -> None:
    key = passphrase_key(db_path, PASSPHRASE, FAST)
    with open_and_migrate(db_path, key) as store, store.session() as session, session.begin():
        CitizenCache(session).put(citizen(), citizen().updated_at)

    again = passphrase_key(db_path, PASSPHRASE)  # parameters come from the sidecar
    assert again == key
    with open_and_migrate(db_path, again) as store, store.session() as session:
        assert CitizenCache(session).get(citizen().cccd) is not None


def test_wrong_passphrase_is_told_apart_from_a_damaged_file(db_path: Path) -> None:
    key = passphrase_key(db_path, PASSPHRASE, FAST)
    open_and_migrate(db_path, key).close()
    before = db_path.read_bytes()

    with pytest.raises(WrongPassphrase) as caught:
        passphrase_key(db_path, PASSPHRASE.lower())
    assert "passphrase does not match" in str(caught.value)
    assert "Cụm mật khẩu không khớp" in caught.value.message_vi
    assert not isinstance(caught.value, NotADatabase)
    assert db_path.read_bytes() == before


def test_decomposed_vietnamese_input_gives_the_same_key(db_path: Path) -> None:
    composed = unicodedata.normalize("NFC", PASSPHRASE)
    decomposed = unicodedata.normalize("NFD", PASSPHRASE)
    assert composed != decomposed
    key = passphrase_key(db_path, composed, FAST)
    assert passphrase_key(db_path, decomposed) == key


def test_sidecar_holds_salt_and_verifier_but_not_the_passphrase_or_key(db_path: Path) -> None:
    key = passphrase_key(db_path, PASSPHRASE, FAST)
    sidecar = salt_path(db_path)
    assert sidecar.name == "cache.db.salt"
    assert sidecar.parent == db_path.parent
    text = sidecar.read_text(encoding="utf-8")
    body = json.loads(text)
    assert len(bytes.fromhex(body["salt"])) == 16
    assert (body["n"], body["r"], body["p"]) == (FAST.n, FAST.r, FAST.p)
    assert PASSPHRASE not in text
    assert key.hex() not in text
    assert len(text) < 400


def test_each_database_gets_a_new_salt(tmp_path: Path) -> None:
    first = passphrase_key(tmp_path / "a.db", PASSPHRASE, FAST)
    second = passphrase_key(tmp_path / "b.db", PASSPHRASE, FAST)
    assert first != second


def test_missing_sidecar_for_existing_database_is_key_not_found(db_path: Path) -> None:
    key = passphrase_key(db_path, PASSPHRASE, FAST)
    open_and_migrate(db_path, key).close()
    salt_path(db_path).unlink()
    with pytest.raises(KeyNotFound) as caught:
        passphrase_key(db_path, PASSPHRASE, FAST)
    assert "cache.db.salt" in str(caught.value)
    assert not salt_path(db_path).exists()  # no fresh salt that could never open the file


def test_damaged_sidecar_is_key_not_found(db_path: Path) -> None:
    passphrase_key(db_path, PASSPHRASE, FAST)
    salt_path(db_path).write_text("{not json", encoding="utf-8")
    with pytest.raises(KeyNotFound, match="unreadable"):
        passphrase_key(db_path, PASSPHRASE, FAST)


def test_new_passphrase_must_not_be_trivially_short(db_path: Path) -> None:
    with pytest.raises(ValueError, match=str(MIN_PASSPHRASE_CHARS)):
        passphrase_key(db_path, "1234567", FAST)
    with pytest.raises(ValueError, match="empty"):
        key_from_passphrase("", b"0" * 16)


def test_default_cost_is_at_least_the_recommended_minimum() -> None:
    assert DEFAULT_SCRYPT.n >= 2**14
    assert DEFAULT_SCRYPT.r >= 8
    key = key_from_passphrase(PASSPHRASE, b"s" * 16)
    assert len(key) == 32
