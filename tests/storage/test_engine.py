"""The encrypted file itself: encryption on disk, key checks, PRAGMAs, transactions, threads."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import event, inspect, text

from exam_client.storage.citizens import CitizenCache
from exam_client.storage.engine import Store, open_store
from exam_client.storage.errors import NotADatabase, StoreUnavailable
from exam_client.storage.migrate import open_and_migrate
from tests.storage.helpers import citizen

SQLITE_HEADER = b"SQLite format 3\x00"


def _all_bytes(db_path: Path) -> bytes:
    parts = [db_path, Path(f"{db_path}-wal")]
    return b"".join(part.read_bytes() for part in parts if part.exists())


def test_file_on_disk_is_encrypted(store: Store, db_path: Path) -> None:
    record = citizen(full_name="Nguyễn Thị Ánh Tuyết")
    with store.session(write=True) as session, session.begin():
        CitizenCache(session).put(record, datetime.now(UTC))

    while_open = _all_bytes(db_path)  # the WAL holds the fresh pages: encrypted as well
    store.close()  # checkpoint into the main file
    on_disk = db_path.read_bytes()
    for blob in (while_open, on_disk):
        assert not blob.startswith(SQLITE_HEADER)
        assert SQLITE_HEADER not in blob
        assert record.full_name.encode("utf-8") not in blob
        assert b"Nguy" not in blob
        assert record.cccd.encode("ascii") not in blob
        assert b"citizen_cache" not in blob  # the schema is encrypted too
    assert len(on_disk) > 0


def test_wrong_key_is_not_a_database(store: Store, db_path: Path) -> None:
    store.close()
    before = db_path.read_bytes()
    with pytest.raises(NotADatabase) as caught:
        open_store(db_path, bytes(32))
    error = caught.value
    message = str(error)
    assert "damaged" in message
    assert "not an exam-client database" in message
    assert "another key" in message
    assert "password" not in message.lower()
    assert "bị hỏng" in error.message_vi
    assert db_path.read_bytes() == before


def test_random_bytes_file_is_not_a_database(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "random.db"
    junk = bytes((i * 37 + 11) % 256 for i in range(16384))
    path.write_bytes(junk)
    with pytest.raises(NotADatabase):
        open_store(path, key)
    assert path.read_bytes() == junk


def test_short_junk_file_is_not_a_database(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "short.db"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database")
    with pytest.raises(NotADatabase):
        open_store(path, key)


def test_plain_unencrypted_sqlite_file_is_not_a_database(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "plain.db"
    with sqlite3.connect(path) as plain:
        plain.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    plain.close()
    before = path.read_bytes()
    assert before.startswith(SQLITE_HEADER)
    with pytest.raises(NotADatabase):
        open_store(path, key)
    assert path.read_bytes() == before


def test_folder_instead_of_file_is_store_unavailable(tmp_path: Path, key: bytes) -> None:
    with pytest.raises(StoreUnavailable) as caught:
        open_store(tmp_path, key)
    assert "folder" in str(caught.value)


def test_key_must_be_32_bytes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        open_store(tmp_path / "x.db", b"short")


def test_pragmas_on_every_connection(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    assert Path(f"{store.path}-wal").exists()


def test_wal_mode_is_kept_in_the_file(store: Store, db_path: Path, key: bytes) -> None:
    store.close()
    with open_store(db_path, key) as reopened, reopened.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_new_database_is_created_with_parent_folders(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "a" / "b" / "cache.db"
    with open_store(path, key) as store:
        assert store.path == path
        assert path.exists()
        assert "cache.db" in repr(store)


def _half_done_work(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE half_done (x INTEGER)")
        conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('k', 'v')")
        raise RuntimeError("simulated crash")


def test_ddl_is_transactional(store: Store) -> None:
    """The foundation of "nothing half-written when a migration fails"."""
    with pytest.raises(RuntimeError, match="simulated crash"):
        _half_done_work(store)
    with store.engine.connect() as conn:
        assert "half_done" not in inspect(conn).get_table_names()
        assert conn.exec_driver_sql("SELECT count(*) FROM meta").scalar() == 0


def test_session_rollback_leaves_nothing(store: Store) -> None:
    with store.session() as session:
        CitizenCache(session).put(citizen(), datetime.now(UTC))
        session.rollback()
    with store.session() as session:
        assert CitizenCache(session).count() == 0


def test_write_sessions_begin_immediate(store: Store) -> None:
    seen: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        with store.session(write=True) as session, session.begin():
            session.execute(text("SELECT 1"))
        with store.session() as session, session.begin():
            session.execute(text("SELECT 1"))
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    begins = [s for s in seen if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN DEFERRED"]


def test_one_session_per_thread_writers_and_readers_do_not_collide(store: Store) -> None:
    errors: list[BaseException] = []
    writers = 6
    per_writer = 20

    def write(worker: int) -> None:
        try:
            for i in range(per_writer):
                with store.session(write=True) as session, session.begin():
                    cache = CitizenCache(session)
                    cache.put(citizen(f"0013070{worker:02d}{i:03d}"), datetime.now(UTC))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    def read() -> None:
        try:
            for _ in range(per_writer):
                with store.session() as session:
                    CitizenCache(session).count()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    threads += [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with store.session() as session:
        assert CitizenCache(session).count() == writers * per_writer


def test_backup_to_makes_an_encrypted_copy_with_the_same_key(
    store: Store, tmp_path: Path, key: bytes
) -> None:
    with store.session(write=True) as session, session.begin():
        CitizenCache(session).put(citizen(), datetime.now(UTC))
    copy = tmp_path / "copy.db"
    store.backup_to(copy)
    assert not copy.read_bytes().startswith(SQLITE_HEADER)
    assert not Path(f"{copy}.partial").exists()
    with open_store(copy, key) as opened, opened.session() as session:
        assert CitizenCache(session).count() == 1
    with pytest.raises(NotADatabase):
        open_store(copy, bytes(32))


def test_reopen_after_close_keeps_data(db_path: Path, key: bytes) -> None:
    with open_and_migrate(db_path, key) as store:
        CitizenCache(store).put(citizen(), datetime.now(UTC))
    assert not Path(f"{db_path}-wal").exists()  # the last close checkpointed the WAL
    with open_and_migrate(db_path, key) as store, store.session() as session:
        assert CitizenCache(session).count() == 1
